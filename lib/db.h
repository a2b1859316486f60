/* db.h: MariaDB access through prepared statements only, with reconnect-and-retry */
#ifndef CASEBOOK_DB_H
#define CASEBOOK_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* A table whose changes mark the connection: a statement that inserts into, updates or
 * deletes from it, and changes (or matches) a row, sets marks (a caller's bits; see
 * db_marks_take). */
struct db_watch {
	const char	*table;		/* lower case */
	unsigned	 marks;
};

struct db_config {
	const char	*host;		/* NULL or "" with socket set: local socket */
	unsigned	 port;
	const char	*socket;
	const char	*user;
	const char	*password;
	const char	*name;
	int		 multi_statements;	/* for migrations only */
	const struct db_watch *watch;	/* tables watched (kept by the caller), or NULL */
	size_t		 nwatch;
};

#define DB_PARAMS_MAX	128
#define DB_COLUMNS_MAX	48

enum db_type {
	DB_NULL,
	DB_INT,
	DB_TEXT,
	DB_BLOB,
	DB__MAX
};

struct db_param {
	enum db_type	 type;
	long long	 num;
	const char	*ptr;
	unsigned long	 len;
};

struct db_column {
	char		*data;
	unsigned long	 cap;
	unsigned long	 len;
	char		 is_null;
	char		 error;
};

/* One statement in use.  Statements are given as constant SQL text (a module's table of
 * statements); the connection prepares each once and keeps it, keyed by that pointer. */
struct db_query {
	struct db	*db;
	const char	*sql;
	void		*stmt;		/* MYSQL_STMT */
	struct db_param	 params[DB_PARAMS_MAX];
	size_t		 nparams;
	int		 bind_overflow;
	struct db_column columns[DB_COLUMNS_MAX];
	size_t		 ncolumns;
	void		*result_binds;	/* MYSQL_BIND[ncolumns] */
	int		 has_result;
	unsigned long long affected;
	unsigned long long insert_id;
};

/* A connection (not yet opened) with its config copied; NULL when memory runs out. */
struct db	*db_new(const struct db_config *);
void		 db_free(struct db *);
/* Open the connection if it is not open; 0, or -1 (the server cannot be reached). */
int		 db_connect(struct db *);
/* Close the connection and forget prepared statements (after a fork, or when it is lost). */
void		 db_disconnect(struct db *);
/* 1 when the last failure was a lost or refused connection: the page answers 503. */
int		 db_unavailable(const struct db *);
/* The server's error number of the last failure (e.g. 1062 duplicate key), 0 if none. */
unsigned	 db_errno(const struct db *);
/* Ping the server (reconnecting once if needed); 0 or -1. */
int		 db_ping(struct db *);
/* Run SQL text holding several statements (migrations; never with user data); 0 or -1. */
int		 db_run_script(struct db *, const char *sql, char *err, size_t errsize);

/* The marks set by changes since the last call (0: none), then 0 until another change. */
unsigned	 db_marks_take(struct db *);
/* Set marks by hand, for a change a table's watch does not tell apart. */
void		 db_mark(struct db *, unsigned marks);

int		 db_begin(struct db *);
/* A transaction that reads what is committed at each statement and takes no gap locks (a
 * queue's consumer: the rows it locks are the only ones it waits for or holds). */
int		 db_begin_read_committed(struct db *);
/* A read-only transaction whose every statement reads one snapshot, taken as it begins (a
 * page read from a replica at the versions it is kept under). */
int		 db_begin_snapshot(struct db *);
int		 db_commit(struct db *);
/* Roll back; safe to call when no transaction is open. */
void		 db_rollback(struct db *);

void		 db_query_init(struct db_query *, struct db *, const char *sql);
void		 db_bind_int(struct db_query *, long long);
/* Bind text (NULL binds SQL NULL); the string must live until db_query_exec returns. */
void		 db_bind_text(struct db_query *, const char *);
void		 db_bind_blob(struct db_query *, const void *, size_t);
void		 db_bind_null(struct db_query *);
/* Execute with the bound parameters.  Outside a transaction a lost connection is reopened,
 * the statement prepared again and run once more.  0, or -1 (logged; db_unavailable tells
 * whether the database is down). */
int		 db_query_exec(struct db_query *);
/* Move to the next row: 1, or 0 at the end, -1 on error. */
int		 db_query_next(struct db_query *);
/* Column i of the current row as text; NULL for SQL NULL. */
const char	*db_col_text(const struct db_query *, size_t);
/* Column i as text, "" for SQL NULL. */
const char	*db_col_str(const struct db_query *, size_t);
/* Column i as an integer; 0 for NULL or non-numbers. */
long long	 db_col_int(const struct db_query *, size_t);
unsigned long	 db_col_len(const struct db_query *, size_t);
int		 db_col_is_null(const struct db_query *, size_t);
/* Release the result of the statement (it stays prepared for the next use). */
void		 db_query_end(struct db_query *);

/* Conveniences for statements with no result or a single value: 0 or -1.
 * db_exec: execute and end; *affected (may be NULL) gets the changed row count. */
int		 db_exec(struct db_query *, unsigned long long *affected);
/* Execute, read one integer from the first row (0 if no row), end. */
int		 db_scalar_int(struct db_query *, long long *);

#endif
