/* signin.c: the staff sign-in page, sign-in throttling (staff and portal), and sign-out */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

const struct form_field signin_fields[SIGNIN__MAX] = {
	{ "email",    FORM_EMAIL,    FORM_REQUIRED, 254,  0, 0, "Email" },
	{ "password", FORM_PASSWORD, FORM_REQUIRED, 1024, 0, 0, "Password" },
	{ "next",     FORM_PATH,     0,             2048, 0, 0, "Return address" },
};

const struct form_field signin_query_fields[SIGNIN_QUERY__MAX] = {
	{ "next",     FORM_PATH,     0,             2048, 0, 0, "Return address" },
};

/* Verified when the email is unknown, so an unknown email costs the same time as a known one
 * and the answer's timing does not tell who has an account. */
const char signin_dummy_hash[] = "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/* Failures for one email from all addresses together that lock it everywhere, as a multiple of
 * Signin.MaxFailures (which locks it at one address): one attacker cannot lock a real user
 * out from elsewhere, many addresses guessing one password together still can't go on. */
#define SIGNIN_EMAIL_SPREAD	4

/* The failures that are counted, each against its own limit. */
enum failure_count {
	FAILURES_ADDRESS,		/* from this address, any emails */
	FAILURES_EMAIL_HERE,		/* for this email from this address */
	FAILURES_EMAIL,			/* for this email from anywhere */
	FAILURES__MAX
};

enum stmt {
	STMT_FAILURES_ADDRESS,
	STMT_FAILURES_EMAIL_HERE,
	STMT_FAILURES_EMAIL,
	STMT_FAILURE_ADD,
	STMT_FAILURES_CLEAR,
	STMT_STAFF_BY_EMAIL,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_FAILURES_ADDRESS: how many, and seconds until the oldest leaves the window */
	"SELECT COUNT(*), COALESCE(MIN(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
	"created_at + INTERVAL ? SECOND)), 0) FROM signin_failures "
	"WHERE ip = ? AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	/* STMT_FAILURES_EMAIL_HERE */
	"SELECT COUNT(*), COALESCE(MIN(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
	"created_at + INTERVAL ? SECOND)), 0) FROM signin_failures "
	"WHERE email = ? AND ip = ? AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	/* STMT_FAILURES_EMAIL */
	"SELECT COUNT(*), COALESCE(MIN(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
	"created_at + INTERVAL ? SECOND)), 0) FROM signin_failures "
	"WHERE email = ? AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	/* STMT_FAILURE_ADD */
	"INSERT INTO signin_failures (email, ip, created_at) VALUES (?, ?, UTC_TIMESTAMP())",
	/* STMT_FAILURES_CLEAR */
	"DELETE FROM signin_failures WHERE email = ?",
	/* STMT_STAFF_BY_EMAIL */
	"SELECT id, password_hash FROM staff WHERE email = ? AND active = 1",
};

static void
show_form(struct request *r, const char *next)
{
	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	page_form_to_view(r);
	if (next != NULL)
		view_set(r->hdf, next, "Form.next.Value");
	page_render(r, "login.cs", "Sign in");
}

void
signin_form(struct request *r)
{
	const char	*next = r->form.v[SIGNIN_QUERY_NEXT].text;

	if (r->form.v[SIGNIN_QUERY_NEXT].error != NULL)
		next = "";
	if (r->signed_in) {
		page_redirect(r, *next ? next : "/");
		return;
	}
	show_form(r, next);
}

/* Recent failed sign-ins of one kind (enum failure_count) within the window: count, and
 * seconds until the oldest of them leaves it.  0 or -1. */
static int
recent_failures(struct request *r, enum failure_count kind, const char *email, long long *count,
    long long *wait)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, r->db, stmts[STMT_FAILURES_ADDRESS + (int)kind]);
	db_bind_int(&q, r->cfg->signin_window_seconds);
	if (kind != FAILURES_ADDRESS)
		db_bind_text(&q, email);
	if (kind != FAILURES_EMAIL)
		db_bind_text(&q, r->ip);
	db_bind_int(&q, r->cfg->signin_window_seconds);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		*count = db_col_int(&q, 0);
		*wait = db_col_int(&q, 1);
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

int
signin_throttled(struct request *r, const char *email, char *message, size_t size)
{
	/* The email's own limits first, so its owner hears about the email. */
	static const enum failure_count order[FAILURES__MAX] = {
		FAILURES_EMAIL_HERE, FAILURES_EMAIL, FAILURES_ADDRESS
	};
	long long	 limits[FAILURES__MAX], failures, wait, minutes;
	size_t		 i;

	limits[FAILURES_ADDRESS] = r->cfg->signin_address_max_failures;
	limits[FAILURES_EMAIL_HERE] = r->cfg->signin_max_failures;
	limits[FAILURES_EMAIL] = (long long)r->cfg->signin_max_failures * SIGNIN_EMAIL_SPREAD;
	/* A refused attempt is never counted: a lock ends a window after the failures that
	 * made it, however often the attacker knocks meanwhile. */
	for (i = 0; i < FAILURES__MAX; i++) {
		failures = wait = 0;
		if (recent_failures(r, order[i], email, &failures, &wait) == -1)
			return -1;
		if (failures >= limits[order[i]])
			break;
	}
	if (i == FAILURES__MAX)
		return 0;
	minutes = wait > 0 ? (wait + 59) / 60 : 1;
	if (order[i] == FAILURES_ADDRESS)
		snprintf(message, size, "Too many sign-in attempts, try again in %lld minute%s.",
		    minutes, minutes == 1 ? "" : "s");
	else
		snprintf(message, size, "Too many failed sign-ins for this email. "
		    "Try again in %lld minute%s.", minutes, minutes == 1 ? "" : "s");
	return 1;
}

int
signin_failure_add(struct request *r, const char *email)
{
	struct db_query	 q;

	db_query_init(&q, r->db, stmts[STMT_FAILURE_ADD]);
	db_bind_text(&q, email);
	db_bind_text(&q, r->ip);
	return db_exec(&q, NULL);
}

int
signin_failures_clear(struct request *r, const char *email)
{
	struct db_query	 q;

	db_query_init(&q, r->db, stmts[STMT_FAILURES_CLEAR]);
	db_bind_text(&q, email);
	return db_exec(&q, NULL);
}

void
signin_submit(struct request *r)
{
	struct db_query	 q;
	struct session	 fresh;
	const char	*email = r->form.v[SIGNIN_EMAIL].text;
	const char	*password = r->form.v[SIGNIN_PASSWORD].text;
	const char	*next = r->form.v[SIGNIN_NEXT].text;
	char		 stored[CRYPTO_HASH_MAX + 1] = "", message[200];
	long long	 staff_id = 0;
	int		 rc, ok;

	/* A return address that leads off the site is dropped, not held against the visitor. */
	if (r->form.v[SIGNIN_NEXT].error != NULL)
		next = "";
	if (r->form.v[SIGNIN_EMAIL].error != NULL || r->form.v[SIGNIN_PASSWORD].error != NULL) {
		r->resp.status = 422;
		show_form(r, next);
		return;
	}
	/* Throttle before any password work: a locked email gets no answer about its password. */
	if ((rc = signin_throttled(r, email, message, sizeof(message))) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 1) {
		view_set(r->hdf, message, "Form.Error");
		audit_write(r, "signin_throttled", "staff", 0, email);
		r->resp.status = 429;
		show_form(r, next);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_STAFF_BY_EMAIL]);
	db_bind_text(&q, email);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	if ((rc = db_query_next(&q)) == 1) {
		staff_id = db_col_int(&q, 0);
		snprintf(stored, sizeof(stored), "%s", db_col_str(&q, 1));
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	ok = crypto_password_verify(password, staff_id ? stored : signin_dummy_hash) &&
	    staff_id != 0;
	if (!ok) {
		if (signin_failure_add(r, email) == -1) {
			page_db_error(r);
			return;
		}
		audit_write(r, "signin_failed", "staff", staff_id, email);
		view_set(r->hdf, "Incorrect email or password.", "Form.Error");
		show_form(r, next);
		return;
	}
	if (signin_failures_clear(r, email) == -1) {
		page_db_error(r);
		return;
	}
	/* A new session on sign-in: a token planted before sign-in is worth nothing after it. */
	if (session_create(r->db, SESSION_STAFF, staff_id, r->ip, r->user_agent, &fresh) == -1) {
		page_db_error(r);
		return;
	}
	if (r->has_session)
		session_destroy(r->db, r->session.id);
	r->session = fresh;
	r->has_session = 1;
	if (staff_load(r->db, staff_id, &r->user) == 1)
		r->signed_in = 1;
	page_set_session_cookie(r);
	audit_write(r, "signin", "staff", staff_id, NULL);
	page_redirect(r, *next ? next : "/");
}

void
signin_signout(struct request *r)
{
	if (r->signed_in)
		audit_write(r, "signout", "staff", r->user.id, NULL);
	page_signout(r, "/login");
}
