/* db.c: MariaDB access through prepared statements only, with reconnect-and-retry */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>

#include "db.h"
#include "log.h"

#define COLUMN_INITIAL	128

struct db_prepared {
	const char	*sql;
	MYSQL_STMT	*stmt;
	unsigned	 marks;		/* of the watched table the statement writes, if any */
};

struct db {
	MYSQL			*conn;
	char			*host, *socket, *user, *password, *name;
	unsigned		 port;
	int			 multi_statements;
	struct db_prepared	*prepared;
	size_t			 nprepared, capprepared;
	int			 in_transaction;
	int			 unavailable;
	unsigned		 last_errno;
	/* While the server cannot be reached: when that began, the failed attempts since, and
	 * when the last of them was logged (one line per DB_DOWN_LOG_SECONDS, not per request). */
	time_t			 down_since, down_logged;
	unsigned long		 down_attempts;
	const struct db_watch	*watch;		/* tables whose writes mark the connection */
	size_t			 nwatch;
	unsigned		 marks;		/* set by writes since db_marks_take */
};

#define DB_DOWN_LOG_SECONDS	30

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? strdup(s) : NULL;
}

struct db *
db_new(const struct db_config *c)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->host = dup_or_null(c->host);
	db->socket = dup_or_null(c->socket);
	db->user = dup_or_null(c->user);
	db->password = dup_or_null(c->password);
	db->name = dup_or_null(c->name);
	db->port = c->port;
	db->multi_statements = c->multi_statements;
	db->watch = c->watch;
	db->nwatch = c->watch != NULL ? c->nwatch : 0;
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db->prepared);
	free(db->host);
	free(db->socket);
	free(db->user);
	free(db->password);
	free(db->name);
	free(db);
}

/* Errors that mean the connection is gone (or the server cannot be reached). */
static int
is_connection_error(unsigned e)
{
	switch (e) {
	case CR_SERVER_GONE_ERROR:	/* 2006 */
	case CR_SERVER_LOST:		/* 2013 */
	case CR_CONNECTION_ERROR:	/* 2002 */
	case CR_CONN_HOST_ERROR:	/* 2003 */
	case CR_SERVER_LOST_EXTENDED:	/* 2055 */
	case 1053:			/* ER_SERVER_SHUTDOWN */
	case 1927:			/* ER_CONNECTION_KILLED */
	case 4031:			/* idle client disconnected by the server */
		return 1;
	default:
		return 0;
	}
}

void
db_disconnect(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->nprepared; i++)
		mysql_stmt_close(db->prepared[i].stmt);
	db->nprepared = 0;
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	db->in_transaction = 0;
}

/* Log a failed connection: the first at once, then one line per DB_DOWN_LOG_SECONDS with
 * the attempts since, so a server that is down does not fill the log with a line per request. */
static void
connect_failed(struct db *db, const char *why)
{
	time_t	 now = time(NULL);

	if (db->down_attempts++ == 0) {
		db->down_since = now;
		db->down_logged = now;
		log_error("database: cannot connect: %s", why);
	} else if (now - db->down_logged >= DB_DOWN_LOG_SECONDS) {
		db->down_logged = now;
		log_error("database: still cannot connect (%lu attempts in %lld s): %s",
		    db->down_attempts, (long long)(now - db->down_since), why);
	}
}

int
db_connect(struct db *db)
{
	unsigned int	 timeout = 3, rwtimeout = 60;
	unsigned long	 flags = CLIENT_FOUND_ROWS;
	my_bool		 off = 0;

	if (db->conn != NULL)
		return 0;
	if ((db->conn = mysql_init(NULL)) == NULL) {
		log_error("database: out of memory");
		return -1;
	}
	mysql_options(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(db->conn, MYSQL_OPT_READ_TIMEOUT, &rwtimeout);
	mysql_options(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &rwtimeout);
	/* Automatic reconnection would silently reset session state and prepared statements. */
	mysql_options(db->conn, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->conn, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
	    "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
	if (db->multi_statements)
		flags |= CLIENT_MULTI_STATEMENTS;
	if (mysql_real_connect(db->conn, db->host, db->user, db->password, db->name,
	    db->port, db->socket, flags) == NULL) {
		db->last_errno = mysql_errno(db->conn);
		connect_failed(db, mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		db->unavailable = 1;
		return -1;
	}
	if (db->down_attempts > 0)
		log_info("database: connected again after %lu failed attempts in %lld s",
		    db->down_attempts, (long long)(time(NULL) - db->down_since));
	db->down_attempts = 0;
	db->unavailable = 0;
	db->last_errno = 0;
	return 0;
}

int
db_unavailable(const struct db *db)
{
	return db->unavailable;
}

unsigned
db_errno(const struct db *db)
{
	return db->last_errno;
}

int
db_ping(struct db *db)
{
	int	 attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if (db_connect(db) == -1)
			return -1;
		if (mysql_ping(db->conn) == 0)
			return 0;
		db->last_errno = mysql_errno(db->conn);
		db->unavailable = is_connection_error(db->last_errno);
		db_disconnect(db);
	}
	return -1;
}

int
db_run_script(struct db *db, const char *sql, char *err, size_t errsize)
{
	MYSQL_RES	*res;
	int		 status;

	if (db_connect(db) == -1) {
		snprintf(err, errsize, "cannot connect to the database");
		return -1;
	}
	if (mysql_real_query(db->conn, sql, strlen(sql)) != 0)
		goto fail;
	do {
		if ((res = mysql_store_result(db->conn)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(db->conn) != 0)
			goto fail;
		if ((status = mysql_next_result(db->conn)) > 0)
			goto fail;
	} while (status == 0);
	return 0;
fail:
	db->last_errno = mysql_errno(db->conn);
	snprintf(err, errsize, "%s", mysql_error(db->conn));
	/* Leave the connection clean for whoever comes next. */
	db_disconnect(db);
	return -1;
}

static int
simple_command(struct db *db, const char *sql)
{
	if (db_connect(db) == -1)
		return -1;
	if (mysql_real_query(db->conn, sql, strlen(sql)) != 0) {
		db->last_errno = mysql_errno(db->conn);
		db->unavailable = is_connection_error(db->last_errno);
		log_error("database: %s: %s", sql, mysql_error(db->conn));
		if (db->unavailable)
			db_disconnect(db);
		return -1;
	}
	return 0;
}

void
db_mark(struct db *db, unsigned marks)
{
	db->marks |= marks;
}

unsigned
db_marks_take(struct db *db)
{
	unsigned	 marks = db->marks;

	db->marks = 0;
	return marks;
}

/* The word at *p (letters, digits, _ and $, or a name in backquotes) into out, lower-cased;
 * *p moved past it and the blanks after it.  0, or -1 when there is none. */
static int
sql_word(const char **p, char *out, size_t size)
{
	const char	*s = *p;
	size_t		 n = 0;
	int		 quoted = *s == '`';

	if (quoted)
		s++;
	while (*s != '\0' && (quoted ? *s != '`' : (isalnum((unsigned char)*s) || *s == '_' ||
	    *s == '$'))) {
		if (n + 1 < size)
			out[n++] = (char)tolower((unsigned char)*s);
		s++;
	}
	if (quoted && *s == '`')
		s++;
	out[n] = '\0';
	while (isspace((unsigned char)*s))
		s++;
	*p = s;
	return n > 0 ? 0 : -1;
}

/* The marks of the watched table sql writes: the table after INSERT [IGNORE] INTO, REPLACE
 * INTO, UPDATE [IGNORE] and DELETE FROM (a multi-table UPDATE counts by its first table, which
 * is the one Casebook's statements change); 0 for anything else. */
static unsigned
statement_marks(const struct db *db, const char *sql)
{
	const char	*p = sql;
	char		 word[64];
	size_t		 i;

	if (db->nwatch == 0)
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	if (sql_word(&p, word, sizeof(word)) == -1)
		return 0;
	if (strcmp(word, "insert") == 0 || strcmp(word, "replace") == 0) {
		do {
			if (sql_word(&p, word, sizeof(word)) == -1)
				return 0;
		} while (strcmp(word, "into") != 0);
	} else if (strcmp(word, "delete") == 0) {
		if (sql_word(&p, word, sizeof(word)) == -1 || strcmp(word, "from") != 0)
			return 0;
	} else if (strcmp(word, "update") == 0) {
		if (strncasecmp(p, "ignore ", 7) == 0 && sql_word(&p, word, sizeof(word)) == -1)
			return 0;
	} else
		return 0;
	if (sql_word(&p, word, sizeof(word)) == -1)
		return 0;
	for (i = 0; i < db->nwatch; i++)
		if (strcmp(db->watch[i].table, word) == 0)
			return db->watch[i].marks;
	return 0;
}

int
db_begin(struct db *db)
{
	/* Make sure the connection is alive first: a transaction is never retried. */
	if (db_ping(db) == -1)
		return -1;
	if (simple_command(db, "START TRANSACTION") == -1)
		return -1;
	db->in_transaction = 1;
	return 0;
}

int
db_begin_read_committed(struct db *db)
{
	if (db_ping(db) == -1)
		return -1;
	/* For this transaction only: it takes no gap locks, so no insert waits for it. */
	if (simple_command(db, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED") == -1 ||
	    simple_command(db, "START TRANSACTION") == -1)
		return -1;
	db->in_transaction = 1;
	return 0;
}

int
db_begin_snapshot(struct db *db)
{
	if (db_ping(db) == -1)
		return -1;
	if (simple_command(db, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY") == -1)
		return -1;
	db->in_transaction = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	int	 rc;

	rc = simple_command(db, "COMMIT");
	db->in_transaction = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (!db->in_transaction)
		return;
	db->in_transaction = 0;
	if (db->conn != NULL && mysql_real_query(db->conn, "ROLLBACK", 8) != 0) {
		log_error("database: ROLLBACK: %s", mysql_error(db->conn));
		db_disconnect(db);
	}
}

/* The prepared statement for sql on this connection, preparing it on first use; *marks
 * what a change by it marks. */
static MYSQL_STMT *
prepared_get(struct db *db, const char *sql, unsigned *marks)
{
	struct db_prepared	*p;
	MYSQL_STMT		*stmt;
	size_t			 i, cap;

	for (i = 0; i < db->nprepared; i++)
		if (db->prepared[i].sql == sql) {
			*marks = db->prepared[i].marks;
			return db->prepared[i].stmt;
		}
	if (db->nprepared == db->capprepared) {
		cap = db->capprepared ? db->capprepared * 2 : 32;
		if ((p = reallocarray(db->prepared, cap, sizeof(*p))) == NULL)
			return NULL;
		db->prepared = p;
		db->capprepared = cap;
	}
	if ((stmt = mysql_stmt_init(db->conn)) == NULL)
		return NULL;
	if (mysql_stmt_prepare(stmt, sql, strlen(sql)) != 0) {
		db->last_errno = mysql_stmt_errno(stmt);
		db->unavailable = is_connection_error(db->last_errno);
		log_error("database: prepare: %s: %.120s", mysql_stmt_error(stmt), sql);
		mysql_stmt_close(stmt);
		return NULL;
	}
	db->prepared[db->nprepared].sql = sql;
	db->prepared[db->nprepared].stmt = stmt;
	db->prepared[db->nprepared].marks = *marks = statement_marks(db, sql);
	db->nprepared++;
	return stmt;
}

void
db_query_init(struct db_query *q, struct db *db, const char *sql)
{
	memset(q, 0, sizeof(*q));
	q->db = db;
	q->sql = sql;
}

static struct db_param *
next_param(struct db_query *q)
{
	if (q->nparams == DB_PARAMS_MAX) {
		q->bind_overflow = 1;
		return NULL;
	}
	return &q->params[q->nparams++];
}

void
db_bind_int(struct db_query *q, long long v)
{
	struct db_param	*p;

	if ((p = next_param(q)) == NULL)
		return;
	p->type = DB_INT;
	p->num = v;
}

void
db_bind_text(struct db_query *q, const char *s)
{
	struct db_param	*p;

	if ((p = next_param(q)) == NULL)
		return;
	if (s == NULL) {
		p->type = DB_NULL;
		return;
	}
	p->type = DB_TEXT;
	p->ptr = s;
	p->len = (unsigned long)strlen(s);
}

void
db_bind_blob(struct db_query *q, const void *v, size_t len)
{
	struct db_param	*p;

	if ((p = next_param(q)) == NULL)
		return;
	p->type = DB_BLOB;
	p->ptr = v;
	p->len = (unsigned long)len;
}

void
db_bind_null(struct db_query *q)
{
	struct db_param	*p;

	if ((p = next_param(q)) != NULL)
		p->type = DB_NULL;
}

static int
bind_params(struct db_query *q, MYSQL_STMT *stmt)
{
	MYSQL_BIND	 b[DB_PARAMS_MAX];
	size_t		 i;

	if (mysql_stmt_param_count(stmt) != q->nparams) {
		log_error("database: statement wants %lu parameters, %zu bound: %.120s",
		    mysql_stmt_param_count(stmt), q->nparams, q->sql);
		return -1;
	}
	memset(b, 0, sizeof(b));
	for (i = 0; i < q->nparams; i++) {
		switch (q->params[i].type) {
		case DB_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &q->params[i].num;
			break;
		case DB_TEXT:
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)(uintptr_t)q->params[i].ptr;
			b[i].buffer_length = q->params[i].len;
			b[i].length = &q->params[i].len;
			break;
		case DB_BLOB:
		default:
			b[i].buffer_type = MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)q->params[i].ptr;
			b[i].buffer_length = q->params[i].len;
			b[i].length = &q->params[i].len;
			break;
		}
	}
	return q->nparams == 0 || mysql_stmt_bind_param(stmt, b) == 0 ? 0 : -1;
}

/* Point the result binds at the column buffers (again, after one grew). */
static int
bind_results(struct db_query *q)
{
	MYSQL_BIND	*b = q->result_binds;
	size_t		 i;

	memset(b, 0, sizeof(MYSQL_BIND) * q->ncolumns);
	for (i = 0; i < q->ncolumns; i++) {
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = q->columns[i].data;
		b[i].buffer_length = q->columns[i].cap;
		b[i].length = &q->columns[i].len;
		b[i].is_null = (my_bool *)&q->columns[i].is_null;
		b[i].error = (my_bool *)&q->columns[i].error;
	}
	return mysql_stmt_bind_result(q->stmt, b) == 0 ? 0 : -1;
}

static int
prepare_results(struct db_query *q)
{
	MYSQL_RES	*meta;
	size_t		 i, n;

	if ((meta = mysql_stmt_result_metadata(q->stmt)) == NULL)
		return 0;	/* no result set */
	n = mysql_num_fields(meta);
	mysql_free_result(meta);
	if (n > DB_COLUMNS_MAX) {
		log_error("database: too many columns: %.120s", q->sql);
		return -1;
	}
	q->ncolumns = n;
	for (i = 0; i < n; i++) {
		if ((q->columns[i].data = malloc(COLUMN_INITIAL)) == NULL)
			return -1;
		q->columns[i].cap = COLUMN_INITIAL;
	}
	if ((q->result_binds = calloc(n, sizeof(MYSQL_BIND))) == NULL)
		return -1;
	if (bind_results(q) == -1)
		return -1;
	if (mysql_stmt_store_result(q->stmt) != 0)
		return -1;
	q->has_result = 1;
	return 0;
}

int
db_query_exec(struct db_query *q)
{
	struct db	*db = q->db;
	MYSQL_STMT	*stmt;
	unsigned	 e = 0, marks = 0;
	int		 attempt;

	if (q->bind_overflow) {
		log_error("database: too many parameters: %.120s", q->sql);
		return -1;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		if (db->conn == NULL && (db->in_transaction || db_connect(db) == -1))
			return -1;
		if ((stmt = prepared_get(db, q->sql, &marks)) == NULL) {
			e = db->last_errno;
			goto failed;
		}
		q->stmt = stmt;
		if (bind_params(q, stmt) == -1) {
			db->last_errno = mysql_stmt_errno(stmt);
			return -1;
		}
		if (mysql_stmt_execute(stmt) == 0)
			break;
		e = db->last_errno = mysql_stmt_errno(stmt);
		log_error("database: execute: %s: %.120s", mysql_stmt_error(stmt), q->sql);
failed:
		db->unavailable = is_connection_error(e);
		if (!db->unavailable)
			return -1;
		/* The connection is gone: outside a transaction, reconnect and try once more. */
		if (db->in_transaction) {
			db_disconnect(db);
			return -1;
		}
		db_disconnect(db);
		q->stmt = NULL;
	}
	if (attempt == 2)
		return -1;
	db->unavailable = 0;
	db->last_errno = 0;
	q->affected = mysql_stmt_affected_rows(stmt);
	q->insert_id = mysql_stmt_insert_id(stmt);
	/* A change to a watched table (a cascade from it included) marks the connection. */
	if (marks != 0 && q->affected > 0 && q->affected != (my_ulonglong)-1)
		db->marks |= marks;
	if (prepare_results(q) == -1) {
		e = db->last_errno = mysql_stmt_errno(stmt);
		db->unavailable = is_connection_error(e);
		log_error("database: result: %s: %.120s", mysql_stmt_error(stmt), q->sql);
		db_query_end(q);
		if (db->unavailable)
			db_disconnect(db);
		return -1;
	}
	return 0;
}

int
db_query_next(struct db_query *q)
{
	MYSQL_BIND	*b = q->result_binds;
	struct db_column *c;
	size_t		 i;
	int		 rc, grew = 0;
	char		*p;

	if (!q->has_result)
		return 0;
	rc = mysql_stmt_fetch(q->stmt);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		log_error("database: fetch: %s", mysql_stmt_error(q->stmt));
		return -1;
	}
	for (i = 0; i < q->ncolumns; i++) {
		c = &q->columns[i];
		if (c->is_null || c->len < c->cap)
			continue;
		/* Truncated: grow the buffer and fetch this column whole. */
		if ((p = realloc(c->data, c->len + 1)) == NULL)
			return -1;
		c->data = p;
		c->cap = c->len + 1;
		b[i].buffer = c->data;
		b[i].buffer_length = c->cap;
		if (mysql_stmt_fetch_column(q->stmt, &b[i], (unsigned)i, 0) != 0)
			return -1;
		grew = 1;
	}
	for (i = 0; i < q->ncolumns; i++)
		if (!q->columns[i].is_null)
			q->columns[i].data[q->columns[i].len] = '\0';
	if (grew && bind_results(q) == -1)
		return -1;
	return 1;
}

const char *
db_col_text(const struct db_query *q, size_t i)
{
	if (i >= q->ncolumns || q->columns[i].is_null)
		return NULL;
	return q->columns[i].data;
}

const char *
db_col_str(const struct db_query *q, size_t i)
{
	const char	*s = db_col_text(q, i);

	return s != NULL ? s : "";
}

long long
db_col_int(const struct db_query *q, size_t i)
{
	const char	*s = db_col_text(q, i);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

unsigned long
db_col_len(const struct db_query *q, size_t i)
{
	return i < q->ncolumns && !q->columns[i].is_null ? q->columns[i].len : 0;
}

int
db_col_is_null(const struct db_query *q, size_t i)
{
	return i >= q->ncolumns || q->columns[i].is_null;
}

void
db_query_end(struct db_query *q)
{
	size_t	 i;

	/* The rows were stored client-side: freeing them costs no round trip. */
	if (q->stmt != NULL && q->has_result)
		mysql_stmt_free_result(q->stmt);
	for (i = 0; i < q->ncolumns; i++)
		free(q->columns[i].data);
	free(q->result_binds);
	q->result_binds = NULL;
	q->ncolumns = 0;
	q->has_result = 0;
	q->stmt = NULL;
}

int
db_exec(struct db_query *q, unsigned long long *affected)
{
	if (db_query_exec(q) == -1) {
		db_query_end(q);
		return -1;
	}
	if (affected != NULL)
		*affected = q->affected;
	db_query_end(q);
	return 0;
}

int
db_scalar_int(struct db_query *q, long long *out)
{
	int	 rc;

	*out = 0;
	if (db_query_exec(q) == -1) {
		db_query_end(q);
		return -1;
	}
	if ((rc = db_query_next(q)) == 1)
		*out = db_col_int(q, 0);
	db_query_end(q);
	return rc == -1 ? -1 : 0;
}
