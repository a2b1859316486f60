/* app.h: what the pages of Casebook share: the configuration, one request, the route table,
 * and the helpers every page uses to answer */
#ifndef CASEBOOK_APP_H
#define CASEBOOK_APP_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "clientdb.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "mail.h"
#include "portaldb.h"
#include "session.h"
#include "view.h"
#include "when.h"

/* ---- configuration (config.c) ---- */

/* Who sends the bytes of a stored file once the program has checked the caller's right to
 * it (Files.Delivery). */
enum files_delivery {
	FILES_DELIVERY_NGINX,		/* nginx: X-Accel-Redirect to its internal /_files/ */
	FILES_DELIVERY_XSENDFILE,	/* Apache's mod_xsendfile: X-Sendfile with the path */
	FILES_DELIVERY_STREAM,		/* the worker itself, in pieces, through FastCGI */
	FILES_DELIVERY__MAX
};
extern const char *const files_deliveries[FILES_DELIVERY__MAX];

struct config {
	char			*path;
	char			*practice_name;
	char			*socket;
	unsigned		 socket_mode;
	char			*socket_group;
	int			 workers;
	long			 max_requests;
	int			 grace_seconds;
	char			*pid_file;
	char			*log_file;
	char			*tmp_dir;
	long long		 max_body;
	char			*db_host;
	unsigned		 db_port;
	char			*db_socket;
	char			*db_user;
	char			*db_password;
	char			*db_name;
	char			*db_migrate_user;	/* "": migrations use db_user */
	char			*db_migrate_password;	/* NULL once dropped (config_drop) */
	char			*db_read_host;		/* the read replica: "" with db_read_socket */
	unsigned		 db_read_port;		/* "" too when there is none */
	char			*db_read_socket;
	char			*db_read_user;		/* "": db_user and db_password */
	char			*db_read_password;
	char			*templates;
	char			*sql_dir;
	char			*files_dir;
	struct session_limits	 session;
	int			 signin_max_failures;	/* for one email from one address */
	long			 signin_window_seconds;
	int			 signin_address_max_failures; /* from one address, any emails */
	long			 purge_seconds;
	long			 store_sweep_seconds;	/* how often the file store is swept */
	long			 job_lease_seconds;	/* a claimed job's lease, renewed as it runs */
	int			 jobs_enabled;		/* 0: this host runs no job runner */
	char			*mail_url;		/* smtp:// or smtps:// */
	enum mail_tls		 mail_starttls;
	char			*mail_user;		/* "": no authentication; NULL once dropped */
	char			*mail_password;		/* NULL once dropped (config_drop) */
	char			*mail_from;		/* "": not set, no mail can be sent */
	char			*mail_from_name;	/* "": the practice's name */
	char			*static_version;
	int			 invite_days;		/* how long an invitation link lasts */
	long			 search_index_candidates; /* most candidates a search checks */
	long			 search_count_min_clients; /* clients sharing a fragment kept counted */
	long			 search_count_rebuild_changes; /* changes folded before a rebuild */
	long long		 files_max_bytes;	/* one uploaded file */
	long long		 files_quota_bytes;	/* all of the practice's files */
	enum files_delivery	 files_delivery;
	long long		 import_max_bytes;	/* largest CSV file an import takes */
	long long		 import_max_rows;	/* most rows of one import */
	long			 import_abandon_seconds; /* an upload not started is removed */
	long			 list_cache_entries;	/* directory pages kept per worker; 0 none */
	long long		 list_cache_bytes;	/* their HTML together, per worker */
	long			 list_cache_seconds;	/* longest a page is kept */
};

/* Read and check a configuration file; 0, or -1 with a message for the operator in err. */
int	config_load(const char *path, struct config *, char *err, size_t errsize);
void	config_free(struct config *);
/* Wipe and free the secrets a process does not need: the migration account's password, and
 * unless keep_mail the SMTP sign-in (only the job runner sends mail).  A worker calls it
 * right after the fork, before it reads a request. */
void	config_drop(struct config *, int keep_mail);
/* What a change marks on the connection that made it (db_marks_take), so listcache_publish
 * raises the right version once the request or job is over. */
enum {
	CHANGED_DIRECTORY = 1 << 0,	/* clients, their tags, tags, portal accounts, tokens, tasks */
	CHANGED_SETTINGS = 1 << 1	/* a staff member added, renamed, given another role,
					 * deactivated or reactivated (db_mark: the practice's
					 * settings raise their own version as they are saved) */
};
/* The database settings of a configuration: the application's account, with the tables whose
 * changes are marked. */
void	config_db(const struct config *, struct db_config *);
/* The same for `casebook migrate`: Database.MigrateUser and its password when set (the
 * account with the right to change the schema), otherwise the application's account. */
void	config_db_migrate(const struct config *, struct db_config *);
/* The read replica's settings (Database.Read*; the same database name, and the application's
 * account unless ReadUser is set): 1, or 0 when there is no replica. */
int	config_db_read(const struct config *, struct db_config *);

/* ---- one request (worker.c) ---- */

enum role {
	ROLE_NONE,	/* anyone; no database (health checks) */
	ROLE_PUBLIC,	/* anyone; the session is loaded when there is one */
	ROLE_STAFF,	/* signed-in staff, admin or clinician */
	ROLE_ADMIN,	/* signed-in admin */
	ROLE_CLIENT,	/* a client signed in to the portal */
	ROLE__MAX
};

enum staff_role {
	STAFF_ADMIN,
	STAFF_CLINICIAN,
	STAFF__MAX
};
extern const char *const staff_roles[STAFF__MAX];

struct staff_user {
	long long	 id;
	char		 name[256];
	char		 email[256];
	enum staff_role	 role;
};

/* A client signed in to the portal: Active, with a portal password. */
struct portal_user {
	long long	 id;
	char		 name[402];
	char		 email[256];
};

struct app {
	struct config	*cfg;
	struct db	*db;
	struct db	*replica;	/* the read replica (Database.Read*), or NULL */
};

/* Who may register on /portal/register. */
enum self_registration {
	REGISTRATION_OFF,	/* nobody: clients join by invitation */
	REGISTRATION_ON,	/* a new client is Active */
	REGISTRATION_APPROVAL,	/* a new client is Pending until staff activate them */
	REGISTRATION__MAX
};
extern const char *const self_registrations[REGISTRATION__MAX];	/* "off", "on", "approval" */

/* The practice's own settings (one row, edited by admins on /admin/settings). */
struct practice {
	char		 name[801];		/* "" until set: the configuration's name is shown;
						 * 200 characters of up to 4 bytes */
	char		 base_url[256];
	char		 time_zone[65];
	enum when_order	 date_order;
	char		 phone_country[3];
	char		 currency[4];
	int		 has_logo;
	enum self_registration self_registration;
	int		 email_verification;	/* registrations wait for their e-mail link */
	int		 clinician_tags;	/* clinicians may create tags, not only attach */
	unsigned long long version;		/* practice_settings.version when read: raised
						 * by a change of the settings or the staff */
};

/* Load the settings row; 0 or -1 (database error). */
int	practice_load(struct db *, struct practice *);
/* The settings at version (from practice_settings.version): this process's copy when it was
 * read at that version, otherwise read again; 0 or -1. */
int	practice_load_version(struct db *, unsigned long long version, struct practice *);
/* The name to show: the practice's, or the configuration's until one is set. */
const char *practice_name(const struct config *, const struct practice *);
/* Whether staff of this role may create a tag rather than only attach an existing one: an
 * admin always, a clinician when the practice's "Clinicians may create tags" is on. */
int	practice_may_create_tags(const struct practice *, enum staff_role);

struct route;

#define REQUEST_IDS_MAX	4

struct request {
	struct app		*app;
	const struct config	*cfg;
	struct db		*db;
	enum http_method	 method;
	const char		*uri;		/* as sent, with the query */
	struct buf		 path;		/* decoded */
	const char		*query;		/* raw query string, "" if none */
	const char		*ip;
	const char		*user_agent;
	const char		*content_type;
	long long		 content_length;
	int			 https;
	struct http_kvlist	 params;	/* query string */
	struct http_kvlist	 cookies;
	struct http_kvlist	 body;		/* url-encoded or multipart fields */
	struct http_uploads	 uploads;
	long long		 ids[REQUEST_IDS_MAX];	/* the numbers in the path */
	size_t			 nids;
	const struct route	*route;
	struct session		 session;
	int			 has_session;
	int			 signed_in;	/* a staff user is in r->user */
	int			 has_practice;	/* r->practice was loaded */
	struct practice		 practice;
	unsigned long long	 directory_version;	/* directory_version.version */
	int			 render_shared;	/* the page is kept for every session of its
						 * staff member: the CSRF token is a placeholder */
	struct staff_user	 user;
	int			 client_signed_in;	/* a client is in r->client */
	struct portal_user	 client;
	struct form		 form;		/* the route's declared fields, checked */
	HDF			*hdf;
	struct http_response	 resp;
	/* reading the body */
	void			*in;		/* FCGX_Stream */
};

/* ---- routes (routes.c) ---- */

typedef void (*handler_fn)(struct request *);

struct route {
	enum http_method	 method;
	const char		*pattern;	/* "/clients/#": '#' is a positive id */
	enum role		 role;
	handler_fn		 handler;
	const struct form_field	*fields;	/* the query (GET) or body (POST) fields */
	size_t			 nfields;
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_WRONG_METHOD,
	ROUTE__MAX
};

/* Find the route for method and path, filling ids; on ROUTE_WRONG_METHOD, allow gets the
 * methods that path does answer ("GET, HEAD, POST"). */
enum route_match routes_find(enum http_method, const char *path, const struct route **,
		    long long *ids, size_t *nids, char *allow, size_t allowsize);

/* ---- answering (page.c) ---- */

/* Render templates/layout.cs around the page template, status 200 unless set before. */
void	page_render(struct request *, const char *template_name, const char *title);
/* The same inside templates/portal/layout.cs: the portal's pages, without staff navigation. */
void	page_render_portal(struct request *, const char *template_name, const char *title);
/* Answer with an error page: 400, 403, 404, 405, 413, 500 or 503; reason may be NULL. */
void	page_error(struct request *, int status, const char *reason);
/* 303 See Other to a local URL. */
void	page_redirect(struct request *, const char *location);
/* Keep a message for the next page, then redirect there (POST/redirect/GET). */
void	page_flash_redirect(struct request *, const char *kind, const char *text,
	    const char *location);
/* Plain text (health checks). */
void	page_text(struct request *, int status, const char *text);
/* Make sure the visitor has a session (an anonymous one before sign-in) for the CSRF token
 * and flash messages; 0 or -1. */
int	page_ensure_session(struct request *);
/* End the caller's session (staff or client) and go to location with a goodbye. */
void	page_signout(struct request *, const char *location);
/* Issue the session cookie for r->session (just created). */
void	page_set_session_cookie(struct request *);
/* Tell the browser to forget the session cookie. */
void	page_clear_session_cookie(struct request *);
/* Put the checked form values and their messages into Form.<name>.Value/.Error. */
void	page_form_to_view(struct request *);
/* A database failure inside a handler: 503 when the database is down, else 500. */
void	page_db_error(struct request *);
/* Answer 200 with the file store's file key (the caller has checked the right to it), as
 * Files.Delivery says: nginx sends it (X-Accel-Redirect), the web server does (X-Sendfile
 * with its absolute path) or the worker streams it after the headers (respond).  type and
 * disposition (NULL: none) are sent as Content-Type and Content-Disposition.  500 for a
 * malformed key; streaming, 404 when the bytes are gone from the store. */
void	page_send_stored(struct request *, const char *key, const char *type,
	    const char *disposition);
/* A database DATETIME (UTC) in the practice's time zone and date order. */
void	page_format_time(struct request *, const char *datetime, char *out, size_t size);
/* A database DATE in the practice's date order. */
void	page_format_date(struct request *, const char *date, char *out, size_t size);

/* ---- the directory's pages kept per worker (listcache.c) ---- */

/* The key of a directory page: the staff member asking, today, and the page's canonical
 * query (the list's own URL for its state), into key. */
void	listcache_key(const struct request *, const char *query, struct buf *key);
/* Answer with the page kept under key at the request's directory and settings versions, the
 * session's CSRF token put in: 1 answered; 0 none kept (or the caller has a flash message to
 * see, or the cache is off). */
int	listcache_answer(struct request *, const char *key);
/* 1 when the page about to be rendered may be kept (no flash message, the cache is on). */
int	listcache_shareable(const struct request *);
/* After page_render with r->render_shared set: keep the page under key, and put the
 * session's CSRF token in this answer. */
void	listcache_store(struct request *, const char *key);
/* What page_render writes for the CSRF token of a page rendered to be kept. */
const char *listcache_placeholder(void);
/* Raise directory_version if this connection changed what the directory shows since the
 * last call (the triggers of sql/014 mark it); cheap when it wrote nothing.  0 or -1. */
int	listcache_publish(struct db *);

/* ---- the directory's reads on the read replica (replica.c) ---- */

/* The connection the directory's list, search and export read through: the read replica,
 * in a read-only snapshot taken at least at the directory and settings versions this
 * request read from the primary, or the primary (no replica; it cannot be reached, logged;
 * or it is behind them: a change just saved is then read where it was made).  A page read
 * on a replica ahead of those versions is not kept (r->render_shared cleared).  Never
 * fails; replica_end ends what it began. */
struct db *replica_begin(struct request *);
void	replica_end(struct request *, struct db *);

/* ---- audit log (audit.c) ---- */

/* Append an entry: who (the signed-in user, or none), what, which record, detail (never
 * clinical text); 0 or -1 (logged). */
int	audit_write(struct request *, const char *action, const char *object_kind,
	    long long object_id, const char *detail);
/* The same from a process with no request (command line, job runner). */
int	audit_write_system(struct db *, const char *action, const char *object_kind,
	    long long object_id, const char *detail);
/* The same for an actor named by the caller ("staff", "client", "system", "anonymous"; id 0
 * for none) from ip ("" for none): work done for someone outside their request, such as
 * the invitations of an import a staff member started. */
int	audit_write_as(struct db *, const char *actor_kind, long long actor_id, const char *ip,
	    const char *action, const char *object_kind, long long object_id,
	    const char *detail);

/* ---- e-mail (mail.c) ---- */

/* Render templates/mail/<template_base>.txt.cs and .html.cs (inside mail/layout.html.cs) with
 * data (a tree of the caller's own from view_new, not the page's r->hdf; NULL: none;
 * Practice.Name, Mail.To, Mail.ToName and Mail.Subject are set in it), compose the message from
 * Mail.From to to, and queue it as a "mail" job for the job runner: a page never waits on the
 * SMTP server.  Opens no transaction of its own, so inside the caller's the message is queued
 * only if that commits.  The job's id, or -1 with the reason in err (no Mail.From, an address
 * that cannot be mailed, a template error, a database error). */
long long mail_queue(struct db *, const struct config *, const char *to, const char *to_name,
	    const char *subject, const char *template_base, HDF *data, char *err,
	    size_t errsize);
/* What a job handler returns besides 0 (done) and -1 (failed, counted against its attempts):
 * the job could not run for a reason outside it (the mail server cannot be reached); it waits
 * a few seconds and is tried again without using up an attempt. */
#define JOB_WAIT	1
/* The runner is stopping (a reload, a stop): the job halted at a safe point and goes back in
 * the queue at once, its attempt not counted, for the next runner to go on from there. */
#define JOB_RELEASE	2
/* The job's lease was lost (this runner was too slow or cut off, and another took the job
 * over): the handler stopped without writing, and its state is left to the new holder. */
#define JOB_LOST	3
/* Inside a job handler: renew the lease of job_id held by this runner, and lock the job's row
 * until the caller's transaction ends (inside one, nobody can take the job over before it
 * commits).  1 still held, 0 lost (write nothing, return JOB_LOST), -1 database error. */
int	job_lease_hold(struct app *, long long job_id);
/* Whether this job runner was asked to stop: a long job halts at its next safe point and
 * returns JOB_RELEASE. */
int	jobs_stopping(void);
/* The job runner's handler of "mail" jobs: send the stored message; 0, -1 with the reason
 * in err, or JOB_WAIT (reason in err) while no mail server answers. */
int	mail_job_send(struct app *, long long job_id, char *err, size_t errsize);
/* The recipient ("Name <address>") and subject of a mail job, from the head of its payload
 * (never the message), for the jobs page. */
void	mail_job_describe(const char *payload_head, char *to, size_t tosize, char *subject,
	    size_t subjectsize);
/* The command line: casebook mail test --to EMAIL queues a test message and prints the
 * job's id; returns the exit status. */
int	mail_command(const struct config *, int argc, char **argv);

/* ---- the password policy (password.c) ---- */

/*
 * Why password may not be chosen by the person with this email address (may be NULL): under
 * 10 characters, the address itself, or one of the common passwords listed in
 * common-passwords.txt under Paths.Sql (without regard to case); NULL when it may.  The
 * reason is a sentence to show next to the field.  The one policy of every password, staff's
 * and clients': each form that sets one and `casebook staff add` ask it.
 */
const char *password_problem(const struct config *, const char *password, const char *email);
/* A new password typed twice on a form: the policy's message next to field, mismatch next to
 * confirm when the two differ (form errors; f->nerrors counts them). */
void	password_form_check(struct form *, const struct config *, size_t field, size_t confirm,
	    const char *email, const char *mismatch);

/* ---- the client portal (portal.c, invitations.c, register.c) ---- */

/* Load a client who may use the portal (Active, with a password) into u: 1, 0 not, -1. */
int	portal_user_load(struct db *, long long client_id, struct portal_user *u);
/* The practice's address + path into out ("https://x.example/portal/invite/..."); 0, or -1
 * when no address is set on /admin/settings. */
int	portal_link(const struct practice *, const char *path, const char *token, char *out,
	    size_t size);
/* The page for a link that cannot be used (expired, used, revoked, unknown), saying how to
 * get a new one. */
void	portal_token_page(struct request *, enum token_kind, enum token_state);
/* Sign the client in: a new session (the old one ends), the cookie, the audit entry;
 * 0 or -1. */
int	portal_session_start(struct request *, long long client_id);
/* The job runner's handler of "reset_request" jobs, queued by /portal/forgot for every
 * address alike: a reset link by e-mail when the address is an Active client's with a
 * portal account, within 5 reset links a day; otherwise nothing.  0, or -1 with the reason
 * in err. */
int	portal_reset_job(struct app *, long long job_id, char *err, size_t errsize);
/* Who invites, and within which reach: the staff member named in the audit entries, the
 * address they acted from ("" for a job) and the scope of clients_scope (0 every client, or
 * a staff id: only the clients assigned to that staff member). */
struct inviter {
	long long	 staff_id;
	const char	*ip;
	long long	 scope_staff_id;
};
/* Invite the clients of ids within the inviter's reach (others are passed over unsaid): for
 * each, the checks (inactive, registered already, 5 a day, an address mail can be sent to),
 * a new link, the message queued and the audit entry, in one transaction.  The outcome, for
 * a person to read, in message.  How many were invited, or -1 on a database error. */
long long invitations_send(struct db *, const struct config *, const struct practice *,
	    const struct inviter *, const long long *ids, long long n, char *message,
	    size_t size);
/* The list's bulk action: invitations_send as the signed-in staff member, within their
 * reach.  How many were invited, or -1 on a database error. */
long long invitations_bulk(struct request *, const long long *ids, long long n, char *message,
	    size_t size);

/* ---- sign-in throttling (signin.c), for staff and portal sign-in alike ---- */

/* 1 when a sign-in for email from the request's address is refused for now (message gets
 * why and how long to wait; the caller answers 429): the address has had
 * Signin.AddressMaxFailures failed sign-ins within the window, whatever the emails; or email
 * has had Signin.MaxFailures from this address, or SIGNIN_EMAIL_SPREAD times that from all
 * addresses together.  0 when not, -1 on a database error. */
int	signin_throttled(struct request *, const char *email, char *message, size_t size);
/* Count a failed sign-in for email; forget its failures after a success.  0 or -1. */
int	signin_failure_add(struct request *, const char *email);
int	signin_failures_clear(struct request *, const char *email);
/* A well-formed hash nobody's password matches: verified when an email is unknown, so the
 * answer's timing does not tell who has an account. */
extern const char signin_dummy_hash[];

/* ---- staff accounts (staff.c) ---- */

/* Load an active staff member by id into u: 1 found, 0 not (or deactivated), -1 error. */
int	staff_load(struct db *, long long id, struct staff_user *u);
/* The active staff as choices: Prefix.N.Id, .Name, .Role, and .Selected for selected;
 * 0 or -1. */
int	staff_options_to_view(struct request *, struct db *, const char *prefix,
	    long long selected);
/* The command line: casebook staff add ...; returns the exit status. */
int	staff_command(const struct config *, int argc, char **argv);

/* ---- synthetic data (seed.c) ---- */

/* The command line: casebook seed --clients N [--seed S] adds N made-up clients (with staff
 * and tags) for development and benchmarks; returns the exit status. */
int	seed_command(const struct config *, int argc, char **argv);

/* ---- pages ---- */

void	signin_form(struct request *);
void	signin_submit(struct request *);
void	signin_signout(struct request *);
void	home_show(struct request *);
void	account_password_form(struct request *);
void	account_password_submit(struct request *);
void	audit_show(struct request *);
void	health_live(struct request *);
void	health_too_large(struct request *);
void	clients_list(struct request *);
void	clients_export(struct request *);
void	clients_bulk(struct request *);
void	client_new_form(struct request *);
void	client_new_submit(struct request *);
void	profile_show(struct request *);
void	profile_tab(struct request *);
void	profile_edit_form(struct request *);
void	profile_edit_submit(struct request *);
void	profile_deactivate(struct request *);
void	profile_reactivate(struct request *);
void	profile_delete_form(struct request *);
void	profile_delete_submit(struct request *);
void	profile_tag_add(struct request *);
void	profile_tag_remove(struct request *);

/* A clinician's id (they reach only their own clients), or 0 for an admin. */
long long clients_scope(const struct request *);
/* Delete clients (reach already checked) in one transaction, then their files, with an
 * audit entry each; the number deleted or -1. */
long long clients_delete(struct request *, const long long *ids, long long n);
void	health_ready(struct request *);

/* the portal: sign-in, home, password (portal.c); invitations (invitations.c); registering
 * on one's own and confirming the e-mail (register.c) */
void	portal_signin_form(struct request *);
void	portal_signin_submit(struct request *);
void	portal_signout(struct request *);
void	portal_home(struct request *);
void	portal_password_form(struct request *);
void	portal_password_submit(struct request *);
void	portal_forgot_form(struct request *);
void	portal_forgot_submit(struct request *);
void	portal_reset_form(struct request *);
void	portal_reset_submit(struct request *);
void	invitation_send(struct request *);
void	invitation_revoke(struct request *);
void	invitation_open(struct request *);
void	invitation_accept(struct request *);
void	register_form(struct request *);
void	register_submit(struct request *);
void	register_verify_form(struct request *);
void	register_verify_submit(struct request *);

/* Each page's fields, indexed by its enum (r->form.v[SIGNIN_EMAIL]). */
enum signin_field { SIGNIN_EMAIL, SIGNIN_PASSWORD, SIGNIN_NEXT, SIGNIN__MAX };
extern const struct form_field signin_fields[SIGNIN__MAX];
enum signin_query_field { SIGNIN_QUERY_NEXT, SIGNIN_QUERY__MAX };
extern const struct form_field signin_query_fields[SIGNIN_QUERY__MAX];
enum password_field { PASSWORD_CURRENT, PASSWORD_NEW, PASSWORD_CONFIRM, PASSWORD__MAX };
extern const struct form_field account_password_fields[PASSWORD__MAX];
enum audit_field { AUDIT_PAGE, AUDIT__MAX };
extern const struct form_field audit_fields[AUDIT__MAX];
enum client_list_field {
	LIST_Q, LIST_STATUS, LIST_TAG, LIST_STAFF, LIST_SORT, LIST_DIR, LIST_PAGE, LIST_PER,
	LIST_SELECT, LIST_INVITE, LIST__MAX
};
extern const struct form_field client_list_fields[LIST__MAX];
enum client_bulk_field {
	BULK_ACTION, BULK_IDS, BULK_ALL, BULK_Q, BULK_STATUS, BULK_TAG, BULK_STAFF, BULK_STAFF_ID,
	BULK_TAG_NAME, BULK_BACK, BULK_CONFIRM, BULK_INVITE, BULK__MAX
};
extern const struct form_field client_bulk_fields[BULK__MAX];
/* The client form: the record's fields (enum client_field, same order) and then these. */
enum client_form_field {
	CFORM_PHONE_COUNTRY = CF__MAX,
	CFORM_EMERGENCY_COUNTRY,
	CFORM_STAFF,
	CFORM__MAX
};
extern const struct form_field client_form_fields[CFORM__MAX];
enum client_tag_field { CTAG_NAME, CTAG__MAX };
extern const struct form_field client_tag_fields[CTAG__MAX];
enum client_status_field { CSTATUS_BACK, CSTATUS__MAX };
extern const struct form_field client_status_fields[CSTATUS__MAX];
enum client_delete_field { CDEL_CONFIRM, CDEL__MAX };
extern const struct form_field client_delete_fields[CDEL__MAX];
enum set_password_field { SETPW_PASSWORD, SETPW_CONFIRM, SETPW__MAX };
extern const struct form_field set_password_fields[SETPW__MAX];
enum forgot_field { FORGOT_EMAIL, FORGOT__MAX };
extern const struct form_field forgot_fields[FORGOT__MAX];
/* No password: it is chosen on the page the confirmation link opens. */
enum register_field { REG_FIRST_NAME, REG_LAST_NAME, REG_EMAIL, REG__MAX };
extern const struct form_field register_fields[REG__MAX];

/* ---- admin pages: staff, settings, tags ---- */

/* /admin/staff (staff.c): the team, adding a member, role, deactivate / reactivate. */
void	staff_list(struct request *);
void	staff_add_submit(struct request *);
void	staff_role_submit(struct request *);
void	staff_deactivate(struct request *);
void	staff_reactivate(struct request *);
/* /admin/settings (settings.c), and the logo it sets, served at /practice/logo. */
void	settings_form(struct request *);
void	settings_submit(struct request *);
void	settings_logo_remove(struct request *);
void	settings_logo(struct request *);
/* /admin/tags (tags.c): counts, create, rename, merge, delete. */
void	tags_list(struct request *);
void	tag_create(struct request *);
void	tag_rename(struct request *);
void	tag_merge(struct request *);
void	tag_delete(struct request *);

enum staff_add_field { SADD_NAME, SADD_EMAIL, SADD_ROLE, SADD__MAX };
extern const struct form_field staff_add_fields[SADD__MAX];
enum staff_role_field { SROLE_ROLE, SROLE__MAX };
extern const struct form_field staff_role_fields[SROLE__MAX];
enum settings_field {
	SETTINGS_NAME, SETTINGS_BASE_URL, SETTINGS_TIME_ZONE, SETTINGS_DATE_ORDER,
	SETTINGS_PHONE_COUNTRY, SETTINGS_CURRENCY, SETTINGS_SELF_REGISTRATION,
	SETTINGS_EMAIL_VERIFICATION, SETTINGS_CLINICIAN_TAGS, SETTINGS__MAX
};
extern const struct form_field settings_fields[SETTINGS__MAX];
enum tag_name_field { TAGN_NAME, TAGN__MAX };
extern const struct form_field tag_name_fields[TAGN__MAX];
enum tag_merge_field { TAGM_INTO, TAGM__MAX };
extern const struct form_field tag_merge_fields[TAGM__MAX];
enum tag_delete_field { TAGD_CONFIRM, TAGD__MAX };
extern const struct form_field tag_delete_fields[TAGD__MAX];

/* ---- the job queue, for admins (jobs.c) ---- */

/* /admin/jobs: the jobs, newest first, and "Retry now" for those that failed. */
void	jobs_list(struct request *);
void	job_retry(struct request *);

enum jobs_field { JOBS_PAGE, JOBS__MAX };
extern const struct form_field jobs_fields[JOBS__MAX];

/* ---- processes ---- */

/* The accept loop of one worker; returns when it should exit. */
void	worker_run(struct app *, int listen_fd, long max_requests);
/* The job runner's loop: until asked to stop, until the time until (0: no end), or, with
 * once, until no job is due. */
void	jobs_run(struct app *, time_t until, int once);
/* Seal the audit entries written since the last seal (the job runner, every few seconds):
 * each seal is the SHA-256 of the one before and of the entry, so an entry altered or removed
 * afterwards breaks the chain.  Entries are only ever inserted, seals too.  The number
 * sealed (0 also when another process holds the sealing lock), or -1. */
long long audit_seal(struct db *);
/* casebook audit verify: walk the chain of seals and name the first entry altered or removed,
 * and entries left unsealed; returns the exit status (0 whole, 1 not, 2 usage). */
int	audit_command(const struct config *, int argc, char **argv);
/* casebook sync: every client's derived rows checked and set right (after changes by hand in
 * SQL); returns the exit status. */
int	sync_command(const struct config *, int argc, char **argv);
/* casebook jobs [--once | --for SECONDS]: a job runner without a master (cron, shared
 * hosting); returns the exit status. */
int	jobs_command(const struct config *, int argc, char **argv);
/* casebook migrate; returns the exit status. */
int	migrate_command(const struct config *);
/* Does the database lack migrations found in Paths.Sql?  1 yes (*have and *want set), 0 no,
 * -1 when it cannot tell (the database does not answer). */
int	migrate_pending(const struct config *, long *have, long *want);

/* ---- notes and shared reflections (notes.c), tasks (tasks.c): staff profile tabs and the
 * portal ---- */

/* Who asks about whose records, for the tabs one handler serves on both sides: staff on a
 * client's profile (/clients/{id}/TAB...), or the client in the portal (/portal/TAB...). */
struct record_side {
	int		 portal;
	long long	 client_id;
	const char	*kind;		/* the caller as an author: "staff" or "client" */
	long long	 actor_id;
	const long long	*ids;		/* the ids in the path after the client's */
	size_t		 nids;
	char		 base[64];	/* "/clients/5/notes" or "/portal/notes" */
	struct client	 client;	/* staff side: the profile's client */
	int		 has_client;
};
/* Read who is asking about the records of tab; answers 404 itself for a profile out of
 * reach.  1, or 0 after answering. (profile.c) */
int	side_load(struct request *, struct record_side *, const char *tab);
void	side_free(struct record_side *);
/* The first id in the path after the client's (the record), 0 when there is none. */
long long side_id(const struct record_side *);

/* The profile's client named in the path, within the caller's reach; answers 404 (or 503)
 * itself.  1 loaded (client_free it), 0 after answering. */
int	profile_client_load(struct request *, struct client *);
/* Render the profile of c with tab open (its body from the page's own data). */
void	profile_render_tab(struct request *, struct client *, const char *tab);
/* The portal home's summaries of notes and tasks (Home.Notes, Home.Tasks); 0 or -1. */
int	notes_portal_summary(struct request *);
int	tasks_portal_summary(struct request *);
/* For a page of the client directory: prefix.N.Overdue, the number of overdue tasks of the
 * client at prefix.N.Id, for the first n rows (at most 100), by one indexed query; 0 or -1. */
int	tasks_overdue_to_view(struct request *, struct db *, const char *prefix, int n);

/* Staff on /clients/{id}/notes... and the client on /portal/notes...: one handler for both,
 * the side read from the session. */
void	notes_list(struct request *);
void	note_create(struct request *);
void	note_show(struct request *);
void	note_edit_form(struct request *);
void	note_edit_submit(struct request *);
void	note_share(struct request *);
void	note_delete_form(struct request *);
void	note_delete_submit(struct request *);
void	note_comment_add(struct request *);
void	note_comment_edit(struct request *);
void	note_comment_delete(struct request *);
/* Staff on /clients/{id}/tasks..., the client on /portal/tasks... */
void	tasks_list(struct request *);
void	task_create(struct request *);
void	task_done(struct request *);
void	task_reopen(struct request *);

enum notes_query_field { NOTESQ_Q, NOTESQ_PAGE, NOTESQ__MAX };
extern const struct form_field notes_query_fields[NOTESQ__MAX];
enum note_field { NOTE_TITLE, NOTE_BODY, NOTE_DATE, NOTE_SHARED, NOTE__MAX };
extern const struct form_field note_fields[NOTE__MAX];
enum note_share_field { NSHARE_SHARED, NSHARE__MAX };
extern const struct form_field note_share_fields[NSHARE__MAX];
enum note_delete_field { NDEL_CONFIRM, NDEL__MAX };
extern const struct form_field note_delete_fields[NDEL__MAX];
enum comment_field { COMMENT_BODY, COMMENT__MAX };
extern const struct form_field comment_fields[COMMENT__MAX];
enum task_field { TASK_TITLE, TASK_DESCRIPTION, TASK_DUE, TASK__MAX };
extern const struct form_field task_fields[TASK__MAX];
enum task_done_field { TDONE_COMMENT, TDONE__MAX };
extern const struct form_field task_done_fields[TDONE__MAX];

/* ---- files and payments (files.c, payments.c) ---- */


/* The Files tab (/clients/#/files): list, upload (several at once), share, download through
 * nginx, delete (the uploader or an admin); and the portal's /portal/files. */
void	files_tab(struct request *);
void	files_upload(struct request *);
void	files_download(struct request *);
void	files_share(struct request *);
void	files_delete(struct request *);
void	files_portal_list(struct request *);
void	files_portal_upload(struct request *);
void	files_portal_download(struct request *);
void	files_portal_delete(struct request *);
/* Remove the files of the store that no file row and no logo names, last changed before
 * cutoff: left by a worker stopped between storing an upload and committing its row, or
 * after deleting a client's rows and before removing their files.  The number removed, or
 * -1 on a database error. */
long long	files_sweep(struct app *, time_t cutoff);
/* Remove the files of a store directory, last changed before cutoff, that unused_sql (given
 * a JSON array of keys, it returns those nothing names) leaves unclaimed; looked up 500 at a
 * time.  The number removed, or -1 on a database error. */
long long	store_sweep(struct app *, const char *dir, time_t cutoff, const char *unused_sql);
/* What portal home shows of the client's files (Files.N); 0 or -1. */
int	files_portal_summary(struct request *);

/* The Payments tab (/clients/#/payments): sessions, payments, refunds, totals, the timeline
 * picture and its CSV; and the portal's /portal/payments. */
void	payments_tab(struct request *);
void	payments_session_add(struct request *);
void	payments_add(struct request *);
void	payments_mark_paid(struct request *);
void	payments_export(struct request *);
void	payments_portal(struct request *);
/* What portal home shows of the client's payments (Totals, Sessions.N); 0 or -1. */
int	payments_portal_summary(struct request *);

enum files_upload_field { FUP_SHARED, FUP__MAX };
extern const struct form_field files_upload_fields[FUP__MAX];
enum files_share_field { FSHARE_SHARED, FSHARE__MAX };
extern const struct form_field files_share_fields[FSHARE__MAX];
enum session_field { SES_HELD_ON, SES_START, SES_MINUTES, SES_KIND, SES_FEE, SES__MAX };
extern const struct form_field session_fields[SES__MAX];
enum payment_field {
	PAY_SESSION, PAY_KIND, PAY_STATE, PAY_AMOUNT, PAY_METHOD, PAY_REFERENCE, PAY_NOTE,
	PAY_DATE, PAY__MAX
};
extern const struct form_field payment_fields[PAY__MAX];

/* ---- importing clients from a CSV file (import.c: the pages; importjob.c: checking rows,
 * and the job that saves them) ---- */

/* What a CSV column can become: a client field (enum client_field), or one of these. */
enum import_target {
	IMPORT_FULL_NAME = CF__MAX,	/* split into first and last name */
	IMPORT_TAGS,			/* separated by ',', ';' or ':::' */
	IMPORT_STAFF,			/* a staff member's email or name */
	IMPORT__MAX
};
extern const char *const import_target_names[IMPORT__MAX];	/* "first_name", ..., "staff" */
extern const char *const import_target_labels[IMPORT__MAX];

#define IMPORT_COLUMNS_MAX	512	/* columns of a file an import reads */

/* What the checks of an import need, kept from row to row (the e-mail addresses seen so far,
 * the active staff). */
struct import_check;

/* One row, checked: the values as they will be saved, or the reasons it cannot be. */
struct import_row {
	long			 number;	/* the spreadsheet's row number: the header is 1 */
	struct client_values	 cv;
	char			 first[401], last[401];	/* from a full name */
	char			 tags[1100];		/* the tags, separated by '\x1f' */
	long long		 staff_id;
	long long		 existing_id;	/* the client who has this e-mail, or 0 */
	struct buf		 reasons;	/* empty when the row can be saved */
	char			*kept;		/* the values of cv, copied from the file's row */
	struct buf		 line;		/* the row as it was (CSV), for the report */
};

/* Start checking rows of a file with header_columns columns, which go to targets (column[t]:
 * 0-based column of target t, or -1); NULL when memory runs out or the staff cannot be read. */
struct import_check *import_check_new(struct db *, const int *columns, size_t header_columns,
	    const char *country, enum when_order);
void	import_check_free(struct import_check *);
/* Check one row of the file (its fields are trimmed in place), without the database:
 * row->reasons stays empty when it can be saved, or holds the reasons ("Email: ...").  An
 * e-mail seen in an earlier row of the same file is a reason.  The row keeps copies of its
 * values (it outlives the file's buffer); 0, or -1 when memory runs out. */
int	import_row_check(struct import_check *, char **fields, size_t n, struct import_row *row);
/* Set existing_id of the rows that can be saved whose e-mail a client has, in one statement
 * for the n rows; 0 or -1. */
int	import_rows_lookup(struct import_check *, struct import_row *rows, size_t n);
void	import_row_free(struct import_row *);
/* Map a file's header to targets as the usual exports name their columns (columns[t] gets a
 * column, or -1). */
void	import_guess_mapping(char *const *header, size_t n, int *columns);
/* The job runner's handler of "import" jobs. */
int	import_job_run(struct app *, long long job_id, char *err, size_t errsize);
/* The job runner's sweep (with the purge): imports not started within Import.AbandonHours
 * become "expired" and lose their file (audited, import_expired); files an hour old in the
 * imports directory that no import names are removed.  0, or -1 on a database error. */
int	import_sweep(struct app *);
/* Remove the temporary upload files an hour old in this host's Server.TmpDir, left by a
 * worker that died (a request's own are removed when it ends).  Every job runner sweeps its
 * own host's directory, apart from the purge job that one runner of all wins.  The number
 * removed. */
long long upload_tmp_sweep(struct app *);

void	import_page(struct request *);
void	import_upload(struct request *);
void	import_template(struct request *);
void	import_show(struct request *);
void	import_map(struct request *);
void	import_preview(struct request *);
void	import_start(struct request *);
void	import_problems_csv(struct request *);

enum import_map_field {
	IMAP_EXISTING = IMPORT__MAX,	/* before it: one column number per target */
	IMAP_INVITE,
	IMAP__MAX
};
extern const struct form_field import_map_fields[IMAP__MAX];

#endif
