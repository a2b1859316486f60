/* register.c: registering on one's own (/portal/register) and the e-mail confirmation that
 * follows (/portal/verify/{token}), where whoever holds the mailbox chooses the password:
 * binding to a Pending client with that address, or a new client record, as the practice's
 * settings say */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

#define VERIFY_SECONDS	86400	/* a confirmation link lasts a day */
#define SENDS_PER_DAY	5	/* confirmation messages to one address in 24 hours */
#define IP_PER_DAY	20	/* registrations from one network address in 24 hours */

/* No password here: a registrant may type any address, and only the mailbox's holder may
 * choose the password of the account it opens. */
const struct form_field register_fields[REG__MAX] = {
	{ "first_name",       FORM_LINE,     FORM_REQUIRED, 100,  0, 0, "First name" },
	{ "last_name",        FORM_LINE,     FORM_REQUIRED, 100,  0, 0, "Last name" },
	{ "email",            FORM_EMAIL,    FORM_REQUIRED, 254,  0, 0, "Email" },
};

enum stmt {
	STMT_CLIENT_BY_EMAIL,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CLIENT_BY_EMAIL: locked, so two confirmations of one address cannot both bind */
	"SELECT c.id, c.status, EXISTS (SELECT 1 FROM portal_accounts pa "
	"WHERE pa.client_id = c.id) FROM clients c WHERE c.email = ? FOR UPDATE",
};

/* A page that only tells something: Message.Title and Message.Text. */
static void
message_page(struct request *r, int status, const char *title, const char *text)
{
	view_set(r->hdf, title, "Message.Title");
	view_set(r->hdf, text, "Message.Text");
	r->resp.status = status;
	page_render_portal(r, "portal/message.cs", title);
}

static void
closed_page(struct request *r)
{
	char	 text[1000];

	snprintf(text, sizeof(text), "%s does not take registrations here. Ask the practice "
	    "for an invitation to the portal.", practice_name(r->cfg, &r->practice));
	message_page(r, 200, "Registration is closed", text);
}

static void
check_email_page(struct request *r)
{
	message_page(r, 200, "Check your email", "We have sent a message to the address you "
	    "gave. Open the link in it to finish registering; it works for 24 hours. If "
	    "nothing arrives in a few minutes, look in your spam folder, or register again.");
}

static void
show_form(struct request *r, int status)
{
	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	page_form_to_view(r);
	r->resp.status = status;
	page_render_portal(r, "portal/register.cs", "Register");
}

void
register_form(struct request *r)
{
	if (r->practice.self_registration == REGISTRATION_OFF) {
		closed_page(r);
		return;
	}
	show_form(r, 200);
}

/* A client with email: 1 (id, status and whether they have a password set), 0 none, -1. */
static int
client_by_email(struct request *r, const char *email, long long *id,
    enum client_status *status, int *registered)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, r->db, stmts[STMT_CLIENT_BY_EMAIL]);
	db_bind_text(&q, email);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		*id = db_col_int(&q, 0);
		client_status_parse(db_col_str(&q, 1), status);
		*registered = db_col_int(&q, 2) != 0;
	}
	db_query_end(&q);
	return rc;
}

/* A new client from a registration, Active or (when staff approve) Pending, with a portal
 * password; inside the caller's transaction.  0, or -1 (db_errno 1062: the address is
 * taken). */
static int
client_create(struct request *r, const char *first, const char *last, const char *email,
    const char *hash, long long *id)
{
	const char	*values[CF__MAX];
	int		 i, changed;

	for (i = 0; i < CF__MAX; i++)
		values[i] = "";
	values[CF_FIRST_NAME] = first;
	values[CF_LAST_NAME] = last;
	values[CF_EMAIL] = email;
	if (db_client_insert(r->db, values, 0, id) == -1 ||
	    db_portal_account_set(r->db, *id, hash) == -1)
		return -1;
	if (r->practice.self_registration == REGISTRATION_ON &&
	    db_client_set_status(r->db, *id, CLIENT_ACTIVE, &changed) == -1)
		return -1;
	return 0;
}

/* The page where the password is chosen, for the confirmation token in action. */
static void
password_page(struct request *r, const char *action, const char *email)
{
	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	view_set(r->hdf, action, "SetPassword.Action");
	view_set(r->hdf, email, "SetPassword.Email");
	view_set(r->hdf, "register", "SetPassword.Mode");
	page_form_to_view(r);
	page_render_portal(r, "portal/set_password.cs", "Finish registering");
}

/* Queue the confirmation message for a registration; 0 (sent, or not sent for a reason only
 * the log hears of), -1 on a database error.  The message greets nobody by name: the name
 * is what the registrant typed, and the mail goes to whoever has the address.  A token sent
 * to a client's address names that client, so a change of their address revokes it. */
static int
verification_send(struct request *r, const char *first, const char *last, const char *email)
{
	HDF			*data = NULL;
	char			 token[CRYPTO_TOKEN_HEX], link[512], subject[900], err[300];
	long long		 recent, token_id, id = 0;
	enum client_status	 status;
	int			 registered;

	if (db_tokens_recent_email(r->db, TOKEN_VERIFY_EMAIL, email, 86400, &recent) == -1)
		return -1;
	if (recent >= SENDS_PER_DAY) {
		audit_write(r, "portal_registration_limited", "client", 0, email);
		return 0;
	}
	if (r->practice.base_url[0] == '\0') {
		log_warn("a registration's confirmation cannot be sent: set the portal address "
		    "on /admin/settings");
		return 0;
	}
	if ((data = view_new(r->cfg->templates)) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	if (db_begin(r->db) == -1 ||
	    client_by_email(r, email, &id, &status, &registered) == -1 ||
	    db_token_create(r->db, TOKEN_VERIFY_EMAIL, id, email, VERIFY_SECONDS, token,
	    &token_id) == -1 ||
	    db_registration_add(r->db, token_id, first, last, 1, r->ip) == -1)
		goto fail;
	portal_link(&r->practice, "/portal/verify/", token, link, sizeof(link));
	view_set(data, link, "Verify.Link");
	snprintf(subject, sizeof(subject), "Confirm your email for %s",
	    practice_name(r->cfg, &r->practice));
	if (mail_queue(r->db, r->cfg, email, NULL, subject, "verify", data, err,
	    sizeof(err)) == -1) {
		log_warn("a registration's confirmation was not queued: %s", err);
		db_rollback(r->db);
		view_free(data);
		return db_unavailable(r->db) ? -1 : 0;
	}
	audit_write(r, "portal_registration_requested", "client", id, email);
	if (db_commit(r->db) == -1)
		goto fail;
	view_free(data);
	return 0;
fail:
	db_rollback(r->db);
	view_free(data);
	return -1;
}

/* With e-mail confirmation off, an address no client has: the token goes to the registering
 * browser itself, on the page where the password is chosen (marked unmailed: it can only
 * ever create a new client).  1 answered, 0 when the address is a client's (the caller
 * mails it), -1 on a database error. */
static int
registration_hand_over(struct request *r, const char *first, const char *last,
    const char *email)
{
	char			 token[CRYPTO_TOKEN_HEX], action[128];
	long long		 id, token_id;
	enum client_status	 status;
	int			 rc, registered;

	if (db_begin(r->db) == -1 ||
	    (rc = client_by_email(r, email, &id, &status, &registered)) == -1)
		goto fail;
	if (rc == 1) {
		db_rollback(r->db);
		return 0;
	}
	if (db_token_create(r->db, TOKEN_VERIFY_EMAIL, 0, email, VERIFY_SECONDS, token,
	    &token_id) == -1 ||
	    db_registration_add(r->db, token_id, first, last, 0, r->ip) == -1)
		goto fail;
	audit_write(r, "portal_registration_requested", "client", 0, email);
	if (db_commit(r->db) == -1)
		goto fail;
	snprintf(action, sizeof(action), "/portal/verify/%s", token);
	password_page(r, action, email);
	return 1;
fail:
	db_rollback(r->db);
	return -1;
}

void
register_submit(struct request *r)
{
	struct form	*f = &r->form;
	const char	*email = f->v[REG_EMAIL].text;
	long long	 recent;
	int		 rc;

	if (r->practice.self_registration == REGISTRATION_OFF) {
		closed_page(r);
		return;
	}
	if (f->nerrors > 0) {
		show_form(r, 422);
		return;
	}
	/* Whatever the addresses, one network sends only so many registrations a day. */
	if (db_registrations_recent_ip(r->db, r->ip, 86400, &recent) == -1)
		goto fail;
	if (recent >= IP_PER_DAY) {
		audit_write(r, "portal_registration_limited", "client", 0, "network address");
		view_set(r->hdf, "Too many registrations have come from your network today. "
		    "Please try again tomorrow, or ask the practice for an invitation.",
		    "Form.Error");
		show_form(r, 429);
		return;
	}
	if (!r->practice.email_verification) {
		/* Instant access, but only for an address no client has: a known address is
		 * never bound without its owner confirming it, so it gets the e-mail below. */
		if ((rc = registration_hand_over(r, f->v[REG_FIRST_NAME].text,
		    f->v[REG_LAST_NAME].text, email)) == -1)
			goto fail;
		if (rc == 1)
			return;
	}
	if (verification_send(r, f->v[REG_FIRST_NAME].text, f->v[REG_LAST_NAME].text,
	    email) == -1)
		goto fail;
	/* The same answer whether or not the address is known. */
	check_email_page(r);
	return;
fail:
	page_db_error(r);
}

/* The confirmation's token in the path, checked: 1 valid, 0 after answering, -1. */
static int
verify_check(struct request *r, struct token_row *t)
{
	if (db_token_find(r->db, TOKEN_VERIFY_EMAIL, strrchr(r->path.data, '/') + 1, t) == -1)
		return -1;
	if (t->state != TOKEN_VALID) {
		portal_token_page(r, TOKEN_VERIFY_EMAIL, t->state);
		return 0;
	}
	return 1;
}

/* The form's action: this page's own path. */
static void
verify_action(const struct request *r, char *action, size_t size)
{
	snprintf(action, size, "/portal/verify/%s", strrchr(r->path.data, '/') + 1);
}

void
register_verify_form(struct request *r)
{
	struct token_row	 t;
	char			 action[128];
	int			 rc;

	if ((rc = verify_check(r, &t)) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 0)
		return;
	/* Opening the link changes nothing: a mail scanner that follows it registers nobody. */
	verify_action(r, action, sizeof(action));
	password_page(r, action, t.email);
}

void
register_verify_submit(struct request *r)
{
	struct form		*f = &r->form;
	struct token_row	 t;
	enum client_status	 status = CLIENT_PENDING;
	char			 first[401], last[401], hash[CRYPTO_HASH_MAX], text[1000];
	char			 action[128];
	long long		 id = 0;
	int			 rc, registered = 0, spent, changed, found, mailed = 1;

	if (db_begin(r->db) == -1 || (rc = verify_check(r, &t)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(r->db);
		return;
	}
	if ((found = db_registration_get(r->db, t.id, first, last, &mailed)) == -1 ||
	    (rc = client_by_email(r, t.email, &id, &status, &registered)) == -1)
		goto fail;
	/* A token naming a client is good only for that client at that address. */
	if (found == 0 || (t.subject_id != 0 && (rc == 0 || id != t.subject_id))) {
		db_rollback(r->db);
		portal_token_page(r, TOKEN_VERIFY_EMAIL, found == 0 ? TOKEN_UNKNOWN :
		    TOKEN_READDRESSED);
		return;
	}
	if (rc == 0 && r->practice.self_registration == REGISTRATION_OFF) {
		db_rollback(r->db);
		closed_page(r);
		return;
	}
	if (rc == 1 && !mailed) {
		/* Handed to the browser for an address nobody had, which a client has now: it
		 * binds nothing; the address gets a confirmation as any known one does. */
		if (db_token_spend(r->db, t.id, &spent) == -1 || !spent ||
		    db_commit(r->db) == -1 ||
		    verification_send(r, first, last, t.email) == -1)
			goto fail;
		check_email_page(r);
		return;
	}
	if (rc == 1 && status == CLIENT_INACTIVE) {
		/* Nothing is activated: the practice decides. */
		if (db_token_spend(r->db, t.id, &spent) == -1 || !spent)
			goto fail;
		audit_write(r, "portal_registration_refused", "client", id, "inactive");
		if (db_commit(r->db) == -1)
			goto fail;
		snprintf(text, sizeof(text), "Your email is confirmed, but your access to the "
		    "portal is suspended. Please contact %s.", practice_name(r->cfg, &r->practice));
		message_page(r, 403, "Please contact the practice", text);
		return;
	}
	if (rc == 1 && registered) {
		if (db_token_spend(r->db, t.id, &spent) == -1 || !spent ||
		    db_commit(r->db) == -1)
			goto fail;
		message_page(r, 200, "You already have an account", "This email already has a "
		    "portal account. Sign in, or use \"Forgot your password?\" on the sign-in "
		    "page.");
		return;
	}
	password_form_check(f, r->cfg, SETPW_PASSWORD, SETPW_CONFIRM, t.email,
	    "This does not match the password.");
	if (f->nerrors > 0) {
		db_rollback(r->db);
		r->resp.status = 422;
		verify_action(r, action, sizeof(action));
		password_page(r, action, t.email);
		return;
	}
	if (crypto_password_hash(f->v[SETPW_PASSWORD].text, 0, hash) == -1) {
		db_rollback(r->db);
		page_error(r, 500, NULL);
		return;
	}
	if (db_token_spend(r->db, t.id, &spent) == -1 || !spent)
		goto fail;
	if (rc == 1) {
		/* A client the practice added (Pending, or Active without a password): the
		 * confirmed address binds the account to that record, with the password its
		 * holder chose just now. */
		if (db_portal_account_set(r->db, id, hash) == -1 ||
		    db_client_set_status(r->db, id, CLIENT_ACTIVE, &changed) == -1)
			goto fail;
		audit_write(r, "portal_registered", "client", id, "self-registration, bound to "
		    "the existing record");
	} else {
		if (client_create(r, first, last, t.email, hash, &id) == -1)
			goto fail;
		audit_write(r, "client_created", "client", id, "self-registration");
		audit_write(r, "portal_registered", "client", id, mailed ? "self-registration" :
		    "self-registration, no e-mail confirmation");
		status = r->practice.self_registration == REGISTRATION_ON ? CLIENT_ACTIVE :
		    CLIENT_PENDING;
	}
	if (db_commit(r->db) == -1)
		goto fail;
	if (rc == 0 && status == CLIENT_PENDING) {
		message_page(r, 200, "Registration received", "Thank you, your account is "
		    "ready. The practice will look at your registration; you can sign in once "
		    "they have approved it.");
		return;
	}
	if (portal_session_start(r, id) == -1) {
		page_db_error(r);
		return;
	}
	page_flash_redirect(r, "success", "Welcome! Your portal account is ready.", "/portal");
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}
