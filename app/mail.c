/* mail.c: Casebook's e-mail: a message rendered from templates/mail/, composed and queued as a
 * job row, sent by the job runner; and "casebook mail test" */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "log.h"

/* A mail job tries this often before it is marked failed: the first try and five more, after
 * 30 s, 1, 2, 4 and 8 minutes (the runner's back-off). */
#define MAIL_ATTEMPTS		6
#define MAIL_SUBJECT_MAX	500	/* bytes */
#define MAIL_NAME_MAX		800	/* bytes: 200 characters of up to 4 bytes */
#define MAIL_TEMPLATE_MAX	64
#define ENVELOPE_VALUE_MAX	1024	/* bytes with the NUL: the longest name or subject fits */

/*
 * A mail job's payload: the envelope and, for the jobs page, the recipient's name and the
 * subject as lines of "Name: value" (values hold no line breaks: mail_compose refuses them),
 * an empty line, then the composed message with CRLF line ends (which never holds two LFs in
 * a row):
 *
 *	Mail-From: casebook@example.org
 *	Rcpt-To: client@example.net
 *	To-Name: Jane Doe
 *	Subject: Your invitation
 *
 *	Date: ...
 */
enum envelope_field {
	ENVELOPE_FROM,
	ENVELOPE_TO,
	ENVELOPE_TO_NAME,
	ENVELOPE_SUBJECT,
	ENVELOPE__MAX
};

static const char *const envelope_names[ENVELOPE__MAX] = {
	"Mail-From",	/* ENVELOPE_FROM */
	"Rcpt-To",	/* ENVELOPE_TO */
	"To-Name",	/* ENVELOPE_TO_NAME */
	"Subject",	/* ENVELOPE_SUBJECT */
};

enum stmt {
	STMT_QUEUE,
	STMT_PAYLOAD,
	STMT_FORGET_MESSAGE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_QUEUE */
	"INSERT INTO jobs (kind, state, run_at, max_attempts, payload, created_at, updated_at) "
	"VALUES ('mail', 'queued', UTC_TIMESTAMP(), ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_PAYLOAD */
	"SELECT payload FROM jobs WHERE id = ? AND kind = 'mail'",
	/* STMT_FORGET_MESSAGE: once sent, keep only the envelope: a message may hold a sign-in
	 * link, and the row stays for a month */
	"UPDATE jobs SET payload = SUBSTRING_INDEX(payload, CHAR(10, 10 USING utf8mb4), 1) "
	"WHERE id = ?",
};

/* The values of the envelope lines at the head of a payload (up to its empty line), each
 * copied into its own buffer of size bytes; values not there are "". */
static void
envelope_parse(const char *payload, char values[ENVELOPE__MAX][ENVELOPE_VALUE_MAX],
    size_t size)
{
	const char	*line = payload, *end, *colon;
	size_t		 i, len;

	for (i = 0; i < ENVELOPE__MAX; i++)
		values[i][0] = '\0';
	while (*line != '\0' && *line != '\n') {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		for (i = 0; i < ENVELOPE__MAX; i++) {
			len = strlen(envelope_names[i]);
			colon = line + len;
			if (colon + 1 < end && strncmp(line, envelope_names[i], len) == 0 &&
			    colon[0] == ':' && colon[1] == ' ')
				break;
		}
		if (i < ENVELOPE__MAX) {
			len = (size_t)(end - (line + strlen(envelope_names[i]) + 2));
			if (len >= size)
				len = size - 1;
			memcpy(values[i], line + strlen(envelope_names[i]) + 2, len);
			values[i][len] = '\0';
		}
		line = *end == '\n' ? end + 1 : end;
	}
}

/* 1 when a template's base name is one of ours ("invitation", "password_reset"): it becomes
 * part of a file name. */
static int
template_base_valid(const char *s)
{
	const char	*p;

	if (*s == '\0' || strlen(s) > MAIL_TEMPLATE_MAX)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

long long
mail_queue(struct db *db, const struct config *cfg, const char *to, const char *to_name,
    const char *subject, const char *template_base, HDF *data, char *err, size_t errsize)
{
	struct practice		 practice;
	struct mail_message	 m;
	struct db_query		 q;
	struct buf		 text = { 0 }, html = { 0 }, payload = { 0 };
	HDF			*own = NULL, *h = data;
	char			 template[MAIL_TEMPLATE_MAX + 32];
	const char		*name;
	long long		 id = -1;

	if (*cfg->mail_from == '\0') {
		snprintf(err, errsize, "Mail.From is not set in the configuration");
		goto out;
	}
	if (!mail_address_valid(to)) {
		snprintf(err, errsize, "\"%s\" is not an address this mail setup can deliver to "
		    "(plain ASCII, like name@example.org)", to);
		goto out;
	}
	if (strlen(subject) > MAIL_SUBJECT_MAX || (to_name != NULL &&
	    strlen(to_name) > MAIL_NAME_MAX) || !template_base_valid(template_base)) {
		snprintf(err, errsize, "the subject, the name or the template is too long");
		goto out;
	}
	if (practice_load(db, &practice) == -1) {
		snprintf(err, errsize, "database error while reading the practice's name");
		goto out;
	}
	name = practice_name(cfg, &practice);
	if (h == NULL && (own = h = view_new(cfg->templates)) == NULL) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	if (view_set(h, cfg->templates, "hdf.loadpaths.0") == -1 ||
	    view_set(h, name, "Practice.Name") == -1 || view_set(h, to, "Mail.To") == -1 ||
	    view_set(h, to_name, "Mail.ToName") == -1 ||
	    view_set(h, subject, "Mail.Subject") == -1) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	/* The text version as written; the HTML one escaped, as every page. */
	snprintf(template, sizeof(template), "mail/%s.txt.cs", template_base);
	if (view_set(h, "none", "Config.VarEscapeMode") == -1 ||
	    view_render(h, template, &text, err, errsize) == -1)
		goto out;
	snprintf(template, sizeof(template), "mail/%s.html.cs", template_base);
	if (view_set(h, "html", "Config.VarEscapeMode") == -1 ||
	    view_set(h, template, "Mail.Template") == -1 ||
	    view_render(h, "mail/layout.html.cs", &html, err, errsize) == -1)
		goto out;

	memset(&m, 0, sizeof(m));
	m.from = cfg->mail_from;
	m.from_name = *cfg->mail_from_name != '\0' ? cfg->mail_from_name : name;
	m.to = to;
	m.to_name = to_name;
	m.subject = subject;
	m.text = text.data != NULL ? text.data : "";
	m.html = html.data != NULL ? html.data : "";
	/* The envelope first, then the message. */
	if (buf_printf(&payload, "%s: %s\n%s: %s\n", envelope_names[ENVELOPE_FROM], m.from,
	    envelope_names[ENVELOPE_TO], to) == -1 ||
	    (to_name != NULL && *to_name != '\0' && buf_printf(&payload, "%s: %s\n",
	    envelope_names[ENVELOPE_TO_NAME], to_name) == -1) ||
	    buf_printf(&payload, "%s: %s\n\n", envelope_names[ENVELOPE_SUBJECT], subject) == -1) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	if (mail_compose(&m, &payload, err, errsize) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_QUEUE]);
	db_bind_int(&q, MAIL_ATTEMPTS);
	db_bind_text(&q, payload.data);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		snprintf(err, errsize, "database error while queueing the message");
		goto out;
	}
	id = (long long)q.insert_id;
	db_query_end(&q);
out:
	if (data != NULL)
		view_set(data, "html", "Config.VarEscapeMode");	/* as the caller made it */
	view_free(own);
	buf_free(&payload);
	buf_free(&html);
	buf_free(&text);
	return id;
}

int
mail_job_send(struct app *app, long long job_id, char *err, size_t errsize)
{
	const struct config	*cfg = app->cfg;
	struct mail_server	 server;
	struct db_query		 q;
	char			 envelope[ENVELOPE__MAX][ENVELOPE_VALUE_MAX];
	char			*payload = NULL;
	const char		*message;
	int			 found = 0, rc = -1;

	db_query_init(&q, app->db, stmts[STMT_PAYLOAD]);
	db_bind_int(&q, job_id);
	if (db_query_exec(&q) == -1 || (found = db_query_next(&q)) == -1) {
		db_query_end(&q);
		snprintf(err, errsize, "database error while reading the message");
		goto out;
	}
	if (found == 1 && (payload = strdup(db_col_str(&q, 0))) == NULL) {
		db_query_end(&q);
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	db_query_end(&q);
	if (payload == NULL || (message = strstr(payload, "\n\n")) == NULL) {
		snprintf(err, errsize, "the job holds no message");
		goto out;
	}
	message += 2;
	envelope_parse(payload, envelope, sizeof(envelope[0]));
	memset(&server, 0, sizeof(server));
	server.url = cfg->mail_url;
	server.tls = cfg->mail_starttls;
	server.user = cfg->mail_user;
	server.password = cfg->mail_password;
	switch (mail_send(&server, envelope[ENVELOPE_FROM], envelope[ENVELOPE_TO], message,
	    strlen(message), err, errsize)) {
	case 0:
		break;
	case MAIL_UNREACHABLE:
		rc = JOB_WAIT;
		goto out;
	default:
		goto out;
	}
	db_query_init(&q, app->db, stmts[STMT_FORGET_MESSAGE]);
	db_bind_int(&q, job_id);
	if (db_exec(&q, NULL) == -1)
		log_warn("mail: job %lld was sent, but its message could not be removed from it",
		    job_id);
	log_info("mail: job %lld sent", job_id);
	rc = 0;
out:
	free(payload);
	return rc;
}

void
mail_job_describe(const char *payload_head, char *to, size_t tosize, char *subject,
    size_t subjectsize)
{
	char	 envelope[ENVELOPE__MAX][ENVELOPE_VALUE_MAX];

	envelope_parse(payload_head, envelope, sizeof(envelope[0]));
	if (envelope[ENVELOPE_TO_NAME][0] != '\0')
		snprintf(to, tosize, "%s <%s>", envelope[ENVELOPE_TO_NAME],
		    envelope[ENVELOPE_TO]);
	else
		snprintf(to, tosize, "%s", envelope[ENVELOPE_TO]);
	snprintf(subject, subjectsize, "%s", envelope[ENVELOPE_SUBJECT]);
}

static int
usage(void)
{
	fprintf(stderr, "usage: casebook mail test -c FILE --to EMAIL [--name NAME]\n");
	return 2;
}

int
mail_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config dc;
	struct db	*db = NULL;
	struct practice	 practice;
	const char	*to = NULL, *name = NULL;
	char		 subject[MAIL_SUBJECT_MAX], err[512];
	long long	 id;
	int		 i, status = 1;

	if (argc < 1 || strcmp(argv[0], "test") != 0)
		return usage();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else
			return usage();
	}
	if (to == NULL)
		return usage();
	if (!mail_address_valid(to)) {
		fprintf(stderr, "casebook: \"%s\" is not an address Casebook can send to (plain "
		    "ASCII, like name@example.org)\n", to);
		return 2;
	}
	if (name != NULL && (!mail_header_text_valid(name) || strlen(name) > MAIL_NAME_MAX)) {
		fprintf(stderr, "casebook: the name must be one line of text\n");
		return 2;
	}
	if (*cfg->mail_from == '\0') {
		fprintf(stderr, "casebook: Mail.From is not set in %s: set the address Casebook "
		    "sends from first\n", cfg->path);
		return 1;
	}
	config_db(cfg, &dc);
	if ((db = db_new(&dc)) == NULL || db_connect(db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log above)\n");
		goto out;
	}
	if (practice_load(db, &practice) == -1) {
		fprintf(stderr, "casebook: cannot read the practice's settings\n");
		goto out;
	}
	snprintf(subject, sizeof(subject), "Test message from %s",
	    practice_name(cfg, &practice));
	if ((id = mail_queue(db, cfg, to, name, subject, "test", NULL, err, sizeof(err))) == -1) {
		fprintf(stderr, "casebook: the test message could not be queued: %s\n", err);
		goto out;
	}
	audit_write_system(db, "mail_test_queued", "job", id, to);
	printf("%lld\n", id);
	fprintf(stderr, "casebook: a test message to %s is queued as job %lld; the job runner "
	    "of \"casebook serve\" sends it (see Jobs, /admin/jobs)\n", to, id);
	status = 0;
out:
	db_free(db);
	return status;
}
