/* worker.c: one worker's accept loop, and the path of one request from the socket to the
 * answer: parse, route, session, role, body, CSRF, fields, handler, headers */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

/* Bodies that are not multipart are read whole; this much is plenty for any form of ours. */
#define FORM_BODY_MAX	(1024 * 1024)
#define FIELD_MAX	(256 * 1024)

static volatile sig_atomic_t	stopping;	/* no request after this one */
static volatile sig_atomic_t	draining;	/* every request queued, then no more */
static int			listen_socket = -1;

/*
 * SIGTERM comes for two reasons.  A stop: the master has already removed the socket's name
 * (nginx now connects elsewhere) and made the listening socket non-blocking, so this worker
 * answers what is still queued on it and leaves when accept finds nothing.  A reload: the
 * socket stays blocking and is the new generation's to serve, so this worker leaves after its
 * request; FCGX_ShutdownPending makes libfcgi's accept give up rather than wait.
 * (libfcgi retries an accept interrupted by a signal unless a shutdown is pending, and
 * returns any error but a dropped connection: EAGAIN ends the drain.)
 */
static void
on_term(int sig)
{
	int	 flags, saved = errno;

	(void)sig;
	stopping = 1;
	flags = fcntl(listen_socket, F_GETFL);
	if (flags != -1 && (flags & O_NONBLOCK))
		draining = 1;
	else
		FCGX_ShutdownPending();
	errno = saved;
}

static const char *
env(FCGX_Request *f, const char *name)
{
	const char	*v = FCGX_GetParam(name, f->envp);

	return v != NULL ? v : "";
}

static ssize_t
read_stream(void *ctx, char *buf, size_t len)
{
	int	 n;

	if (len > 1 << 30)
		len = 1 << 30;
	n = FCGX_GetStr(buf, (int)len, ctx);
	if (n < 0)
		return -1;
	return n;
}

/* Read and parse the body of a POST.  0, or -1 after answering with an error. */
static int
read_body(struct request *r)
{
	struct http_multipart_limits	 lim;
	struct buf			 body = { 0 };
	char				 chunk[8192];
	const char			*reason = NULL;
	enum http_parse			 rc;
	ssize_t				 n;

	if (r->content_length > r->cfg->max_body) {
		page_error(r, 413, "The request is larger than this server accepts.");
		return -1;
	}
	if (strncasecmp(r->content_type, "multipart/form-data", 19) == 0) {
		lim.tmpdir = r->cfg->tmp_dir;
		lim.max_field = FIELD_MAX;
		lim.max_file = (uint64_t)r->cfg->max_body;
		lim.max_total = (uint64_t)r->cfg->max_body;
		lim.max_parts = 256;
		rc = http_parse_multipart(r->content_type, read_stream, r->in, &lim, &r->body,
		    &r->uploads, &reason);
	} else if (r->content_length == 0 && *r->content_type == '\0') {
		return 0;
	} else if (strncasecmp(r->content_type, "application/x-www-form-urlencoded", 33) == 0) {
		rc = HTTP_PARSE_OK;
		for (;;) {
			if ((n = read_stream(r->in, chunk, sizeof(chunk))) <= 0)
				break;
			if (body.len + (size_t)n > FORM_BODY_MAX) {
				rc = HTTP_PARSE_TOO_LARGE;
				reason = "The form is larger than this page accepts.";
				break;
			}
			if (buf_append(&body, chunk, (size_t)n) == -1) {
				rc = HTTP_PARSE_NOMEM;
				break;
			}
		}
		if (rc == HTTP_PARSE_OK)
			rc = http_parse_urlencoded(body.data ? body.data : "", body.len, &r->body,
			    &reason);
		buf_free(&body);
	} else {
		page_error(r, 400, "The form was sent in an encoding this site does not accept.");
		return -1;
	}
	switch (rc) {
	case HTTP_PARSE_OK:
		return 0;
	case HTTP_PARSE_BAD:
		page_error(r, 400, reason);
		return -1;
	case HTTP_PARSE_TOO_LARGE:
		page_error(r, 413, reason);
		return -1;
	case HTTP_PARSE_NO_ROOM:
		log_error("request body: no room for an upload in %s", r->cfg->tmp_dir);
		page_error(r, 507, reason);
		return -1;
	default:
		log_error("request body: %s", reason ? reason : "out of memory");
		page_error(r, 500, NULL);
		return -1;
	}
}

/*
 * The request's first statement: the practice's settings version, the session named by the
 * cookie (if any) and the active staff member behind a staff session, in one trip.  The
 * settings are then this worker's copy unless their version moved.
 */
static const char sql_setup[] =
	"SELECT p.version, COALESCE(d.version, 0), " SESSION_COLUMNS ", "
	"st.id, st.name, st.email, st.role "
	"FROM practice_settings p "
	"LEFT JOIN directory_version d ON d.id = 1 "
	"LEFT JOIN auth_sessions s ON " SESSION_MATCH " "
	"LEFT JOIN staff st ON s.user_kind = 'staff' AND st.id = s.user_id AND st.active = 1 "
	"WHERE p.id = 1";

/* Columns of sql_setup after the session's. */
#define SETUP_STAFF	(2 + SESSION_COLUMNS_N)

/* Load the practice's settings, the session named by the cookie, and the staff member or the
 * client behind it.  0, or -1 after answering with an error. */
static int
load_session(struct request *r)
{
	struct db_query	 q;
	const char	*token = http_kv_get(&r->cookies, "casebook_session");
	unsigned char	 hash[CRYPTO_SHA256_BYTES];
	unsigned long long version = 0;
	int		 rc, found, staff_found = 0, have_hash;

	have_hash = session_token_hash(token, hash);
	db_query_init(&q, r->db, sql_setup);
	session_bind_match(&q, have_hash ? hash : NULL, &r->cfg->session);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return -1;
	}
	if ((found = db_query_next(&q)) == 1) {
		version = (unsigned long long)db_col_int(&q, 0);
		r->directory_version = (unsigned long long)db_col_int(&q, 1);
		r->has_session = session_from_row(&q, 2, &r->session);
		if (r->has_session && r->session.kind == SESSION_STAFF &&
		    !db_col_is_null(&q, SETUP_STAFF)) {
			staff_found = 1;
			r->user.id = db_col_int(&q, SETUP_STAFF);
			snprintf(r->user.name, sizeof(r->user.name), "%s",
			    db_col_str(&q, SETUP_STAFF + 1));
			snprintf(r->user.email, sizeof(r->user.email), "%s",
			    db_col_str(&q, SETUP_STAFF + 2));
			r->user.role = strcmp(db_col_str(&q, SETUP_STAFF + 3), "admin") == 0 ?
			    STAFF_ADMIN : STAFF_CLINICIAN;
		}
	}
	db_query_end(&q);
	if (found == -1) {
		page_db_error(r);
		return -1;
	}
	/* No settings row (a database not yet set up): the defaults, read the long way. */
	if ((found == 1 ? practice_load_version(r->db, version, &r->practice) :
	    practice_load(r->db, &r->practice)) == -1) {
		page_db_error(r);
		return -1;
	}
	r->has_practice = 1;
	if (!r->has_session)
		return 0;
	if (session_touch(r->db, &r->session) == -1) {
		page_db_error(r);
		return -1;
	}
	if (r->session.kind != SESSION_STAFF && r->session.kind != SESSION_CLIENT)
		return 0;
	if (r->session.kind == SESSION_CLIENT)
		rc = portal_user_load(r->db, r->session.user_id, &r->client);
	else
		rc = staff_found;
	if (rc == -1) {
		page_db_error(r);
		return -1;
	}
	if (rc == 0) {
		/* The account was deactivated or removed (the client is no longer Active): the
		 * session ends with it. */
		session_destroy(r->db, r->session.id);
		memset(&r->session, 0, sizeof(r->session));
		memset(&r->user, 0, sizeof(r->user));
		r->has_session = 0;
		return 0;
	}
	if (r->session.kind == SESSION_CLIENT)
		r->client_signed_in = 1;
	else
		r->signed_in = 1;
	return 0;
}

/* Is the caller allowed on this route?  1 yes; 0 after answering (a redirect or 403). */
static int
check_role(struct request *r)
{
	struct buf	 next = { 0 }, loc = { 0 };

	switch (r->route->role) {
	case ROLE_NONE:
	case ROLE_PUBLIC:
		return 1;
	case ROLE_CLIENT:
		if (r->client_signed_in)
			return 1;
		/* Signed out, or staff: the portal's own sign-in. */
		if (r->method == HTTP_GET || r->method == HTTP_HEAD)
			page_redirect(r, "/portal/login");
		else
			page_flash_redirect(r, "info",
			    "Your session has ended. Sign in again to continue.", "/portal/login");
		return 0;
	case ROLE_STAFF:
	case ROLE_ADMIN:
		/* A client's session never reaches a staff page, not even its sign-in detour;
		 * the site's front door leads a client to the portal. */
		if (r->client_signed_in) {
			if (strcmp(r->path.data, "/") == 0 && r->method != HTTP_POST)
				page_redirect(r, "/portal");
			else
				page_error(r, 404, NULL);
			return 0;
		}
		if (!r->signed_in) {
			/* Signed out: to the sign-in page, and back here afterwards. */
			if (r->method == HTTP_GET || r->method == HTTP_HEAD) {
				buf_puts(&next, r->path.data);
				if (*r->query != '\0') {
					buf_putc(&next, '?');
					buf_puts(&next, r->query);
				}
				buf_puts(&loc, "/login?next=");
				http_url_encode(next.data, &loc);
				page_redirect(r, loc.data ? loc.data : "/login");
			} else
				page_flash_redirect(r, "info",
				    "Your session has ended. Sign in again to continue.", "/login");
			buf_free(&next);
			buf_free(&loc);
			return 0;
		}
		if (r->route->role == ROLE_ADMIN && r->user.role != STAFF_ADMIN) {
			page_error(r, 403, "This page is for practice administrators.");
			return 0;
		}
		return 1;
	default:
		page_error(r, 403, NULL);
		return 0;
	}
}

/* A POST must carry the CSRF token of its session.  1 yes; 0 after answering 403. */
static int
check_csrf(struct request *r)
{
	const char	*sent = http_kv_get(&r->body, "csrf_token");

	if (r->has_session && sent != NULL && r->session.csrf[0] != '\0' &&
	    crypto_equal(sent, r->session.csrf))
		return 1;
	page_error(r, 403, "This form has expired or did not come from this site. "
	    "Go back, reload the page and try again.");
	return 0;
}

static void
security_headers(struct request *r)
{
	http_header(&r->resp, "Content-Security-Policy", "default-src 'self'; "
	    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'");
	http_header(&r->resp, "X-Content-Type-Options", "nosniff");
	http_header(&r->resp, "Referrer-Policy", "same-origin");
	http_header(&r->resp, "X-Frame-Options", "DENY");
	http_header(&r->resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	/* Records of people: no page is kept by the browser or a proxy. */
	http_header(&r->resp, "Cache-Control", "no-store");
	if (r->https)
		http_header(&r->resp, "Strict-Transport-Security", "max-age=31536000");
}

/* http_send_file's writer: the bytes into the FastCGI stream. */
static int
write_stream(void *ctx, const char *buf, size_t len)
{
	return FCGX_PutStr(buf, (int)len, ctx) == (int)len ? 0 : -1;
}

/* Write the answer: the status, the headers, then the body, or the response's file in
 * pieces (SIGPIPE is ignored: a browser gone mid-way is a failed write that ends the copy,
 * and the worker goes on to its next request). */
static void
respond(struct request *r, FCGX_Request *f)
{
	char		 line[64];
	uint64_t	 length, sent = 0;
	enum http_send	 rc;

	security_headers(r);
	snprintf(line, sizeof(line), "Status: %d %s\r\n", r->resp.status,
	    http_status_text(r->resp.status));
	FCGX_PutS(line, f->out);
	if (r->resp.headers.len > 0)
		FCGX_PutStr(r->resp.headers.data, (int)r->resp.headers.len, f->out);
	length = r->resp.has_file ? r->resp.file_length : (uint64_t)r->resp.body.len;
	snprintf(line, sizeof(line), "Content-Length: %llu\r\n\r\n", (unsigned long long)length);
	FCGX_PutS(line, f->out);
	if (r->method == HTTP_HEAD)
		return;
	if (!r->resp.has_file) {
		if (r->resp.body.len > 0)
			FCGX_PutStr(r->resp.body.data, (int)r->resp.body.len, f->out);
		return;
	}
	rc = http_send_file(r->resp.file_fd, length, write_stream, f->out, &sent);
	if (rc == HTTP_SEND_WRITE)
		log_info("%s: the browser left after %llu of %llu bytes", r->uri,
		    (unsigned long long)sent, (unsigned long long)length);
	else if (rc == HTTP_SEND_SHORT)
		log_error("%s: the file ended or could not be read after %llu of %llu bytes",
		    r->uri, (unsigned long long)sent, (unsigned long long)length);
}

/* Everything between reading the request and answering it. */
static void
dispatch(struct request *r)
{
	enum route_match	 m;
	const char		*reason;
	const struct http_kvlist *src;
	char			 allow[128];

	if (http_parse_path(r->uri, &r->path, &reason) == -1) {
		page_error(r, 400, reason);
		return;
	}
	if (http_parse_urlencoded(r->query, strlen(r->query), &r->params, &reason) !=
	    HTTP_PARSE_OK) {
		page_error(r, 400, reason ? reason : "The query string is malformed.");
		return;
	}
	m = routes_find(r->method, r->path.data, &r->route, r->ids, &r->nids, allow, sizeof(allow));
	if (m == ROUTE_FOUND && r->route->role == ROLE_NONE) {
		r->route->handler(r);
		return;
	}
	/* Every other page needs the database. */
	if (db_connect(r->db) == -1) {
		page_error(r, 503, NULL);
		return;
	}
	if (load_session(r) == -1)
		return;
	if (m == ROUTE_NOT_FOUND) {
		page_error(r, 404, NULL);
		return;
	}
	if (m == ROUTE_WRONG_METHOD) {
		page_error(r, 405, NULL);
		http_header(&r->resp, "Allow", allow);
		return;
	}
	if (!check_role(r))
		return;
	if (r->method == HTTP_POST) {
		if (read_body(r) == -1 || !check_csrf(r))
			return;
	}
	src = r->method == HTTP_POST ? &r->body : &r->params;
	if (form_check(&r->form, r->route->fields, r->route->nfields, src, &reason) == -1) {
		page_error(r, 400, reason);
		return;
	}
	r->route->handler(r);
}

static void
handle(struct app *app, FCGX_Request *f)
{
	struct request	 r;
	const char	*len;
	char		*end;

	memset(&r, 0, sizeof(r));
	r.app = app;
	r.cfg = app->cfg;
	r.db = app->db;
	r.resp.status = 200;
	r.in = f->in;
	r.method = http_method_parse(env(f, "REQUEST_METHOD"));
	r.uri = env(f, "REQUEST_URI");
	r.query = env(f, "QUERY_STRING");
	r.ip = env(f, "REMOTE_ADDR");
	r.user_agent = env(f, "HTTP_USER_AGENT");
	r.content_type = env(f, "CONTENT_TYPE");
	r.https = strcmp(env(f, "HTTPS"), "on") == 0;
	len = env(f, "CONTENT_LENGTH");
	r.content_length = *len ? strtoll(len, &end, 10) : 0;
	if (*r.uri == '\0')
		r.uri = env(f, "DOCUMENT_URI");
	if ((r.hdf = view_new(app->cfg->templates)) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	if (http_parse_cookies(env(f, "HTTP_COOKIE"), &r.cookies) == -1) {
		log_error("out of memory");
		exit(1);
	}
	dispatch(&r);
	/* A handler that failed on a lost database says so with 503, not 500. */
	if (r.resp.status == 500 && db_unavailable(app->db))
		page_error(&r, 503, NULL);
	db_rollback(app->db);	/* a handler that bailed out mid-transaction */
	/* What this request changed in the directory is seen by every worker before the
	 * answer (often a redirect to the list) reaches the browser. */
	if (listcache_publish(app->db) == -1)
		log_error("the directory's version could not be raised");
	respond(&r, f);

	form_free(&r.form);
	http_uploads_free(&r.uploads);
	http_kvlist_free(&r.params);
	http_kvlist_free(&r.cookies);
	http_kvlist_free(&r.body);
	buf_free(&r.path);
	view_free(r.hdf);
	http_response_free(&r.resp);
}

void
worker_run(struct app *app, int listen_fd, long max_requests)
{
	FCGX_Request		 f;
	struct sigaction	 sa;
	sigset_t		 term, old;
	long			 served = 0;

	listen_socket = listen_fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a stop interrupts accept() */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* An upload past the file size limit (RLIMIT_FSIZE) is a write error (EFBIG) that the
	 * request answers, not the end of the worker. */
	signal(SIGXFSZ, SIG_IGN);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_UNBLOCK, &term, NULL);

	if (FCGX_Init() != 0 || FCGX_InitRequest(&f, listen_fd, 0) != 0) {
		log_error("cannot initialise FastCGI");
		return;
	}
	while (draining || (!stopping && (max_requests == 0 || served < max_requests))) {
		/* Draining, this fails with EAGAIN once the queue is empty. */
		if (FCGX_Accept_r(&f) < 0)
			break;
		/* A stop waits until this request is answered. */
		sigprocmask(SIG_BLOCK, &term, &old);
		handle(app, &f);
		FCGX_Finish_r(&f);
		served++;
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	FCGX_Free(&f, 0);
	view_cache_clear();
}
