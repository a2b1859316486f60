/* session.c: sign-in sessions kept in the database, found by the SHA-256 of a cookie token */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "session.h"

const char *const session_kinds[SESSION__MAX] = {
	"anonymous",	/* SESSION_ANONYMOUS */
	"staff",	/* SESSION_STAFF */
	"client",	/* SESSION_CLIENT */
};

/* Refresh the last-seen time at most once a minute: one write per minute, not per page. */
#define TOUCH_AFTER_SECONDS	60

enum stmt {
	STMT_LOAD,
	STMT_TOUCH,
	STMT_CREATE,
	STMT_DESTROY,
	STMT_DESTROY_USER,
	STMT_FLASH,
	STMT_PURGE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LOAD */
	"SELECT " SESSION_COLUMNS " FROM auth_sessions s WHERE " SESSION_MATCH,
	/* STMT_TOUCH */
	"UPDATE auth_sessions SET last_seen_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_CREATE */
	"INSERT INTO auth_sessions (token_hash, user_kind, user_id, csrf_token, ip, user_agent, "
	"created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_DESTROY */
	"DELETE FROM auth_sessions WHERE id = ?",
	/* STMT_DESTROY_USER */
	"DELETE FROM auth_sessions WHERE user_kind = ? AND user_id = ? AND id <> ?",
	/* STMT_FLASH */
	"UPDATE auth_sessions SET flash_kind = ?, flash_text = ? WHERE id = ?",
	/* STMT_PURGE */
	"DELETE FROM auth_sessions WHERE last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	"OR created_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND",
};

static enum session_kind
kind_parse(const char *s)
{
	int	 i;

	for (i = 0; i < SESSION__MAX; i++)
		if (strcmp(s, session_kinds[i]) == 0)
			return (enum session_kind)i;
	return SESSION_ANONYMOUS;
}

int
session_token_hash(const char *token, unsigned char hash[CRYPTO_SHA256_BYTES])
{
	if (token == NULL || strlen(token) != CRYPTO_TOKEN_HEX - 1)
		return 0;
	crypto_sha256(token, strlen(token), hash);
	return 1;
}

void
session_bind_match(struct db_query *q, const unsigned char *hash,
    const struct session_limits *lim)
{
	if (hash != NULL)
		db_bind_blob(q, hash, CRYPTO_SHA256_BYTES);
	else
		db_bind_null(q);
	db_bind_int(q, lim->idle_seconds);
	db_bind_int(q, lim->absolute_seconds);
}

int
session_from_row(const struct db_query *q, size_t first, struct session *s)
{
	memset(s, 0, sizeof(*s));
	if (db_col_is_null(q, first))
		return 0;
	s->id = db_col_int(q, first);
	s->kind = kind_parse(db_col_str(q, first + 1));
	s->user_id = db_col_int(q, first + 2);
	snprintf(s->csrf, sizeof(s->csrf), "%s", db_col_str(q, first + 3));
	snprintf(s->flash_kind, sizeof(s->flash_kind), "%s", db_col_str(q, first + 4));
	snprintf(s->flash_text, sizeof(s->flash_text), "%s", db_col_str(q, first + 5));
	s->idle_for = (long)db_col_int(q, first + 6);
	return 1;
}

int
session_touch(struct db *db, const struct session *s)
{
	struct db_query	 q;

	if (s->idle_for < TOUCH_AFTER_SECONDS)
		return 0;
	db_query_init(&q, db, stmts[STMT_TOUCH]);
	db_bind_int(&q, s->id);
	return db_exec(&q, NULL);
}

int
session_load(struct db *db, const char *token, const struct session_limits *lim,
    struct session *s)
{
	struct db_query	 q;
	unsigned char	 hash[CRYPTO_SHA256_BYTES];
	int		 rc;

	memset(s, 0, sizeof(*s));
	if (!session_token_hash(token, hash))
		return 0;
	db_query_init(&q, db, stmts[STMT_LOAD]);
	session_bind_match(&q, hash, lim);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1)
		rc = session_from_row(&q, 0, s);
	db_query_end(&q);
	if (rc != 1)
		return rc;
	return session_touch(db, s) == -1 ? -1 : 1;
}

int
session_create(struct db *db, enum session_kind kind, long long user_id, const char *ip,
    const char *user_agent, struct session *s)
{
	struct db_query	 q;
	unsigned char	 hash[CRYPTO_SHA256_BYTES];
	char		 agent[256];

	memset(s, 0, sizeof(*s));
	if (crypto_token(s->token) == -1 || crypto_token(s->csrf) == -1)
		return -1;
	crypto_sha256(s->token, strlen(s->token), hash);
	/* Cut the user agent on a character boundary to fit the column. */
	snprintf(agent, sizeof(agent), "%s", user_agent != NULL ? user_agent : "");
	if (strlen(agent) == sizeof(agent) - 1) {
		size_t	 n = sizeof(agent) - 1;
		while (n > 0 && ((unsigned char)agent[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0 && (unsigned char)agent[n - 1] >= 0xc0)
			n--;
		agent[n] = '\0';
	}
	db_query_init(&q, db, stmts[STMT_CREATE]);
	db_bind_blob(&q, hash, sizeof(hash));
	db_bind_text(&q, session_kinds[kind]);
	if (kind == SESSION_ANONYMOUS)
		db_bind_null(&q);
	else
		db_bind_int(&q, user_id);
	db_bind_text(&q, s->csrf);
	db_bind_text(&q, ip != NULL ? ip : "");
	db_bind_text(&q, agent);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	s->id = (long long)q.insert_id;
	db_query_end(&q);
	s->kind = kind;
	s->user_id = user_id;
	return 0;
}

int
session_destroy(struct db *db, long long id)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_DESTROY]);
	db_bind_int(&q, id);
	return db_exec(&q, NULL);
}

int
session_destroy_user(struct db *db, enum session_kind kind, long long user_id, long long keep_id)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_DESTROY_USER]);
	db_bind_text(&q, session_kinds[kind]);
	db_bind_int(&q, user_id);
	db_bind_int(&q, keep_id);
	return db_exec(&q, NULL);
}

/* Drop a UTF-8 sequence cut short at the end of s (after a copy into a smaller buffer). */
static void
trim_partial_character(char *s)
{
	size_t	 n = strlen(s), start = n, need;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0 || (unsigned char)s[start - 1] < 0xc0)
		return;
	start--;
	need = (unsigned char)s[start] >= 0xf0 ? 4 : (unsigned char)s[start] >= 0xe0 ? 3 : 2;
	if (n - start < need)
		s[start] = '\0';
}

int
session_flash(struct db *db, struct session *s, const char *kind, const char *text)
{
	struct db_query	 q;

	snprintf(s->flash_kind, sizeof(s->flash_kind), "%s", kind);
	/* The column holds 500 characters; messages are ours and shorter, but a name in one
	 * may be long: cut on a character boundary. */
	snprintf(s->flash_text, sizeof(s->flash_text), "%s", text);
	trim_partial_character(s->flash_text);
	db_query_init(&q, db, stmts[STMT_FLASH]);
	db_bind_text(&q, s->flash_kind);
	db_bind_text(&q, s->flash_text);
	db_bind_int(&q, s->id);
	return db_exec(&q, NULL);
}

int
session_flash_clear(struct db *db, struct session *s)
{
	struct db_query	 q;

	s->flash_kind[0] = s->flash_text[0] = '\0';
	db_query_init(&q, db, stmts[STMT_FLASH]);
	db_bind_null(&q);
	db_bind_null(&q);
	db_bind_int(&q, s->id);
	return db_exec(&q, NULL);
}

long long
session_purge(struct db *db, const struct session_limits *lim)
{
	struct db_query		 q;
	unsigned long long	 n;

	db_query_init(&q, db, stmts[STMT_PURGE]);
	db_bind_int(&q, lim->idle_seconds);
	db_bind_int(&q, lim->absolute_seconds);
	if (db_exec(&q, &n) == -1)
		return -1;
	return (long long)n;
}
