/* portal.c: the client portal (/portal): sign-in and sign-out, the home page, changing the
 * password, and "forgot password" by e-mail */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

#define RESET_SECONDS		3600	/* a reset link lasts an hour */
#define SENDS_PER_DAY		5	/* messages of one kind to one client in 24 hours */

const struct form_field set_password_fields[SETPW__MAX] = {
	{ "password",         FORM_PASSWORD, FORM_REQUIRED, 1024, 0, 0, "Password" },
	{ "confirm_password", FORM_PASSWORD, FORM_REQUIRED, 1024, 0, 0, "Confirm password" },
};

const struct form_field forgot_fields[FORGOT__MAX] = {
	{ "email", FORM_EMAIL, FORM_REQUIRED, 254, 0, 0, "Email" },
};

enum stmt {
	STMT_USER,
	STMT_SIGNIN,
	STMT_FORGOT,
	STMT_RESET_QUEUE,
	STMT_RESET_REQUEST,
	STMT_RESET_FORGET,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_USER */
	"SELECT c.id, c.first_name, c.last_name, c.email FROM clients c "
	"JOIN portal_accounts pa ON pa.client_id = c.id WHERE c.id = ? AND c.status = 'active'",
	/* STMT_SIGNIN */
	"SELECT c.id, c.status, COALESCE(pa.password_hash, '') FROM clients c "
	"LEFT JOIN portal_accounts pa ON pa.client_id = c.id WHERE c.email = ?",
	/* STMT_FORGOT: only a client who could sign in gets a link */
	"SELECT c.id, c.first_name, c.last_name, c.email FROM clients c "
	"JOIN portal_accounts pa ON pa.client_id = c.id WHERE c.email = ? AND c.status = 'active'",
	/* STMT_RESET_QUEUE: a request on /portal/forgot, the same row for every address (the
	 * job saves its token and message in one transaction: a retry never mails twice) */
	"INSERT INTO jobs (kind, state, run_at, payload, created_at, updated_at) "
	"VALUES ('reset_request', 'queued', UTC_TIMESTAMP(), ?, UTC_TIMESTAMP(), "
	"UTC_TIMESTAMP())",
	/* STMT_RESET_REQUEST */
	"SELECT payload FROM jobs WHERE id = ? AND kind = 'reset_request'",
	/* STMT_RESET_FORGET */
	"UPDATE jobs SET payload = NULL WHERE id = ? AND kind = 'reset_request'",
};

int
portal_user_load(struct db *db, long long client_id, struct portal_user *u)
{
	struct db_query	 q;
	int		 rc;

	memset(u, 0, sizeof(*u));
	db_query_init(&q, db, stmts[STMT_USER]);
	db_bind_int(&q, client_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		u->id = db_col_int(&q, 0);
		snprintf(u->name, sizeof(u->name), "%s %s", db_col_str(&q, 1), db_col_str(&q, 2));
		snprintf(u->email, sizeof(u->email), "%s", db_col_str(&q, 3));
	}
	db_query_end(&q);
	return rc;
}

int
portal_link(const struct practice *practice, const char *path, const char *token, char *out,
    size_t size)
{
	int	 n;

	if (practice->base_url[0] == '\0')
		return -1;
	n = snprintf(out, size, "%s%s%s", practice->base_url, path, token);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
portal_session_start(struct request *r, long long client_id)
{
	struct session	 fresh;

	/* A new session: a token planted before sign-in is worth nothing after it. */
	if (session_create(r->db, SESSION_CLIENT, client_id, r->ip, r->user_agent, &fresh) == -1)
		return -1;
	if (r->has_session)
		session_destroy(r->db, r->session.id);
	r->session = fresh;
	r->has_session = 1;
	r->signed_in = 0;
	if (portal_user_load(r->db, client_id, &r->client) == 1)
		r->client_signed_in = 1;
	page_set_session_cookie(r);
	audit_write(r, "portal_signin", "client", client_id, NULL);
	return 0;
}

void
portal_token_page(struct request *r, enum token_kind kind, enum token_state state)
{
	static const char *const what[TOKEN__MAX] = {
		"invitation link", "confirmation link", "password reset link"
	};
	char	 text[300];

	switch (state) {
	case TOKEN_EXPIRED:
		snprintf(text, sizeof(text), "This %s has expired.", what[kind]);
		r->resp.status = 410;
		break;
	case TOKEN_USED:
		snprintf(text, sizeof(text), "This %s has already been used.", what[kind]);
		r->resp.status = 410;
		break;
	case TOKEN_REVOKED:
		snprintf(text, sizeof(text), "This %s is no longer valid: a newer one was sent, or "
		    "the practice withdrew it.", what[kind]);
		r->resp.status = 410;
		break;
	case TOKEN_READDRESSED:
		snprintf(text, sizeof(text), "This %s was sent to an address that is no longer "
		    "this account's: the practice has changed the account's email since.",
		    what[kind]);
		r->resp.status = 410;
		break;
	default:
		snprintf(text, sizeof(text), "This %s is not valid. Check that you opened the "
		    "whole link from the e-mail.", what[kind]);
		r->resp.status = 404;
		break;
	}
	view_set(r->hdf, text, "Token.Problem");
	view_set(r->hdf, token_kinds[kind], "Token.Kind");
	page_render_portal(r, "portal/token.cs", "Link not valid");
}

static void
show_signin(struct request *r)
{
	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	page_form_to_view(r);
	if (r->practice.self_registration != REGISTRATION_OFF)
		view_set(r->hdf, "1", "Portal.CanRegister");
	page_render_portal(r, "portal/login.cs", "Sign in");
}

void
portal_signin_form(struct request *r)
{
	if (r->client_signed_in) {
		page_redirect(r, "/portal");
		return;
	}
	show_signin(r);
}

void
portal_signin_submit(struct request *r)
{
	struct db_query		 q;
	const char		*email = r->form.v[SIGNIN_EMAIL].text;
	char			 stored[CRYPTO_HASH_MAX + 1] = "", message[300];
	enum client_status	 status = CLIENT_PENDING;
	long long		 client_id = 0;
	int			 rc, ok;

	if (r->form.v[SIGNIN_EMAIL].error != NULL || r->form.v[SIGNIN_PASSWORD].error != NULL) {
		r->resp.status = 422;
		show_signin(r);
		return;
	}
	/* Throttle before any password work, with the staff sign-in's table and rules. */
	if ((rc = signin_throttled(r, email, message, sizeof(message))) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 1) {
		view_set(r->hdf, message, "Form.Error");
		audit_write(r, "portal_signin_throttled", "client", 0, email);
		r->resp.status = 429;
		show_signin(r);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_SIGNIN]);
	db_bind_text(&q, email);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	if ((rc = db_query_next(&q)) == 1) {
		client_id = db_col_int(&q, 0);
		client_status_parse(db_col_str(&q, 1), &status);
		snprintf(stored, sizeof(stored), "%s", db_col_str(&q, 2));
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	/* A Pending client invited but not registered has no password: like an unknown email. */
	ok = crypto_password_verify(r->form.v[SIGNIN_PASSWORD].text, stored[0] ? stored :
	    signin_dummy_hash) && stored[0] != '\0';
	if (!ok) {
		if (signin_failure_add(r, email) == -1) {
			page_db_error(r);
			return;
		}
		audit_write(r, "portal_signin_failed", "client", client_id, email);
		view_set(r->hdf, "Incorrect email or password.", "Form.Error");
		show_signin(r);
		return;
	}
	/* The password is right: now the status may be told. */
	if (status != CLIENT_ACTIVE) {
		audit_write(r, "portal_signin_refused", "client", client_id,
		    client_statuses[status]);
		snprintf(message, sizeof(message), status == CLIENT_INACTIVE ?
		    "Your access to the portal is suspended. Please contact %s." :
		    "Your registration is waiting for %s to approve it. You can sign in once they "
		    "have.", practice_name(r->cfg, &r->practice));
		view_set(r->hdf, message, "Form.Error");
		r->resp.status = 403;
		show_signin(r);
		return;
	}
	if (signin_failures_clear(r, email) == -1 || portal_session_start(r, client_id) == -1) {
		page_db_error(r);
		return;
	}
	page_redirect(r, "/portal");
}

void
portal_signout(struct request *r)
{
	if (r->client_signed_in)
		audit_write(r, "portal_signout", "client", r->client.id, NULL);
	page_signout(r, "/portal/login");
}

void
portal_home(struct request *r)
{
	if (notes_portal_summary(r) == -1 || tasks_portal_summary(r) == -1 ||
	    /* files and payments: the client's own summaries (files.c, payments.c) */
	    files_portal_summary(r) == -1 || payments_portal_summary(r) == -1) {
		page_db_error(r);
		return;
	}
	page_render_portal(r, "portal/home.cs", "Your portal");
}

void
portal_password_form(struct request *r)
{
	page_render_portal(r, "portal/password.cs", "Change password");
}

static void
password_errors(struct request *r)
{
	r->resp.status = 422;
	page_form_to_view(r);
	page_render_portal(r, "portal/password.cs", "Change password");
}

void
portal_password_submit(struct request *r)
{
	struct form	*f = &r->form;
	const char	*fresh = f->v[PASSWORD_NEW].text;
	char		 stored[CRYPTO_HASH_MAX + 1], hash[CRYPTO_HASH_MAX];

	password_form_check(f, r->cfg, PASSWORD_NEW, PASSWORD_CONFIRM, r->client.email,
	    "This does not match the new password.");
	if (f->nerrors > 0) {
		password_errors(r);
		return;
	}
	if (db_portal_account_hash(r->db, r->client.id, stored) == -1) {
		page_db_error(r);
		return;
	}
	if (!crypto_password_verify(f->v[PASSWORD_CURRENT].text, stored)) {
		form_error(f, PASSWORD_CURRENT, "This is not your current password.");
		audit_write(r, "portal_password_change_failed", "client", r->client.id, NULL);
		password_errors(r);
		return;
	}
	if (crypto_password_hash(fresh, 0, hash) == -1) {
		page_error(r, 500, NULL);
		return;
	}
	/* Anyone else signed in with the old password is signed out. */
	if (db_portal_account_set(r->db, r->client.id, hash) == -1 ||
	    session_destroy_user(r->db, SESSION_CLIENT, r->client.id, r->session.id) == -1) {
		page_db_error(r);
		return;
	}
	audit_write(r, "portal_password_changed", "client", r->client.id, NULL);
	page_flash_redirect(r, "success", "Your password has been changed.", "/portal");
}

void
portal_forgot_form(struct request *r)
{
	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	page_render_portal(r, "portal/forgot.cs", "Forgot password");
}

/* What the job runner's "reset_request" job does with the address someone typed on
 * /portal/forgot: a reset link to the client with this email, if there is one who could sign
 * in, within the limit a day.  Whatever happens is told to nobody but the log and the audit
 * log.  0, or -1 (message in err). */
static int
reset_request_run(struct app *app, long long job_id, char *err, size_t errsize)
{
	struct practice	 practice;
	struct db_query	 q;
	HDF		*data = NULL;
	char		 email[255] = "", name[402] = "", to[256] = "";
	char		 token[CRYPTO_TOKEN_HEX], link[512], subject[900], why[300];
	long long	 client_id = 0, recent, revoked, token_id;
	int		 rc, n, status = -1;

	snprintf(err, errsize, "database error");
	db_query_init(&q, app->db, stmts[STMT_RESET_REQUEST]);
	db_bind_int(&q, job_id);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) == -1) {
		db_query_end(&q);
		return -1;
	}
	if (rc == 1)
		snprintf(email, sizeof(email), "%s", db_col_str(&q, 0));
	db_query_end(&q);
	if (email[0] == '\0')
		return 0;
	db_query_init(&q, app->db, stmts[STMT_FORGOT]);
	db_bind_text(&q, email);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		client_id = db_col_int(&q, 0);
		snprintf(name, sizeof(name), "%s %s", db_col_str(&q, 1), db_col_str(&q, 2));
		snprintf(to, sizeof(to), "%s", db_col_str(&q, 3));
	}
	db_query_end(&q);
	if (rc != 1)
		return rc;
	if (db_tokens_recent(app->db, TOKEN_RESET, client_id, 86400, &recent) == -1 ||
	    practice_load(app->db, &practice) == -1)
		return -1;
	if (recent >= SENDS_PER_DAY)
		return audit_write_system(app->db, "portal_reset_limited", "client", client_id,
		    NULL) == -1 ? -1 : 0;
	if (practice.base_url[0] == '\0') {
		log_warn("a password reset for client %lld cannot be sent: set the portal address "
		    "on /admin/settings", client_id);
		return 0;
	}
	if ((data = view_new(app->cfg->templates)) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	if (db_begin(app->db) == -1 ||
	    db_tokens_revoke(app->db, TOKEN_RESET, client_id, &revoked) == -1 ||
	    db_token_create(app->db, TOKEN_RESET, client_id, to, RESET_SECONDS, token,
	    &token_id) == -1)
		goto out;
	n = snprintf(link, sizeof(link), "%s/portal/reset/%s", practice.base_url, token);
	if (n < 0 || (size_t)n >= sizeof(link)) {
		snprintf(err, errsize, "the portal's address is too long for a link");
		goto out;
	}
	view_set(data, link, "Reset.Link");
	snprintf(subject, sizeof(subject), "Reset your password for %s",
	    practice_name(app->cfg, &practice));
	if (mail_queue(app->db, app->cfg, to, name, subject, "reset", data, why,
	    sizeof(why)) == -1) {
		log_warn("a password reset for client %lld was not queued: %s", client_id, why);
		if (!db_unavailable(app->db))
			status = 0;
		goto out;
	}
	if (audit_write_system(app->db, "portal_reset_requested", "client", client_id,
	    NULL) == -1 || db_commit(app->db) == -1)
		goto out;
	status = 0;
out:
	db_rollback(app->db);	/* nothing left to undo after the commit */
	view_free(data);
	return status;
}

int
portal_reset_job(struct app *app, long long job_id, char *err, size_t errsize)
{
	struct db_query	 q;

	if (reset_request_run(app, job_id, err, errsize) == -1)
		return -1;
	/* Done: the address someone typed is not kept for the month the row stays. */
	db_query_init(&q, app->db, stmts[STMT_RESET_FORGET]);
	db_bind_int(&q, job_id);
	if (db_exec(&q, NULL) == -1)
		log_warn("jobs: the address of reset request %lld could not be forgotten", job_id);
	return 0;
}

void
portal_forgot_submit(struct request *r)
{
	struct db_query	 q;

	if (r->form.v[FORGOT_EMAIL].error != NULL) {
		r->resp.status = 422;
		page_form_to_view(r);
		page_render_portal(r, "portal/forgot.cs", "Forgot password");
		return;
	}
	/* One statement whoever the address belongs to: the job runner finds out. */
	db_query_init(&q, r->db, stmts[STMT_RESET_QUEUE]);
	db_bind_text(&q, r->form.v[FORGOT_EMAIL].text);
	if (db_exec(&q, NULL) == -1) {
		page_db_error(r);
		return;
	}
	/* The same answer for every address, so nobody learns who is a client. */
	page_flash_redirect(r, "info", "If a portal account uses this address, a link to choose "
	    "a new password is on its way. It works for one hour.", "/portal/login");
}

/* The token in the path: its last segment. */
static const char *
path_token(const struct request *r)
{
	return strrchr(r->path.data, '/') + 1;
}

static void
reset_page(struct request *r, const struct token_row *t)
{
	char	 action[128];

	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	snprintf(action, sizeof(action), "/portal/reset/%s", path_token(r));
	view_set(r->hdf, action, "SetPassword.Action");
	view_set(r->hdf, t->email, "SetPassword.Email");
	view_set(r->hdf, "reset", "SetPassword.Mode");
	page_form_to_view(r);
	page_render_portal(r, "portal/set_password.cs", "Choose a new password");
}

void
portal_reset_form(struct request *r)
{
	struct token_row	 t;

	if (db_token_find(r->db, TOKEN_RESET, path_token(r), &t) == -1) {
		page_db_error(r);
		return;
	}
	if (t.state != TOKEN_VALID) {
		portal_token_page(r, TOKEN_RESET, t.state);
		return;
	}
	reset_page(r, &t);
}

void
portal_reset_submit(struct request *r)
{
	struct form		*f = &r->form;
	struct token_row	 t;
	struct portal_user	 u;
	char			 hash[CRYPTO_HASH_MAX];
	int			 spent, rc;

	if (db_begin(r->db) == -1 || db_token_find(r->db, TOKEN_RESET, path_token(r), &t) == -1)
		goto fail;
	if (t.state != TOKEN_VALID) {
		db_rollback(r->db);
		portal_token_page(r, TOKEN_RESET, t.state);
		return;
	}
	/* Deactivated since the link was sent: the link is worth nothing now. */
	if ((rc = portal_user_load(r->db, t.subject_id, &u)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(r->db);
		portal_token_page(r, TOKEN_RESET, TOKEN_REVOKED);
		return;
	}
	password_form_check(f, r->cfg, SETPW_PASSWORD, SETPW_CONFIRM, t.email,
	    "This does not match the password.");
	if (f->nerrors > 0) {
		db_rollback(r->db);
		r->resp.status = 422;
		reset_page(r, &t);
		return;
	}
	if (crypto_password_hash(f->v[SETPW_PASSWORD].text, 0, hash) == -1) {
		db_rollback(r->db);
		page_error(r, 500, NULL);
		return;
	}
	if (db_token_spend(r->db, t.id, &spent) == -1 || !spent ||
	    db_portal_account_set(r->db, t.subject_id, hash) == -1 ||
	    session_destroy_user(r->db, SESSION_CLIENT, t.subject_id, 0) == -1 ||
	    db_commit(r->db) == -1)
		goto fail;
	audit_write(r, "portal_password_reset", "client", t.subject_id, NULL);
	if (portal_session_start(r, t.subject_id) == -1) {
		page_db_error(r);
		return;
	}
	page_flash_redirect(r, "success", "Your new password is set.", "/portal");
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}
