/* portaldb.c: the portal's records: tokens, portal accounts, pending registrations,
 * invitation states */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "portaldb.h"

const char *const token_kinds[TOKEN__MAX] = {
	"invite",		/* TOKEN_INVITE */
	"verify_email",		/* TOKEN_VERIFY_EMAIL */
	"reset",		/* TOKEN_RESET */
};

const char *const invite_states[INVITE__MAX] = {
	"none",			/* INVITE_NONE */
	"invited",		/* INVITE_SENT */
	"expired",		/* INVITE_EXPIRED */
	"registered",		/* INVITE_REGISTERED */
};

const char *const invite_state_labels[INVITE__MAX] = {
	"Not invited",		/* INVITE_NONE */
	"Invited",		/* INVITE_SENT */
	"Expired",		/* INVITE_EXPIRED */
	"Registered",		/* INVITE_REGISTERED */
};

enum stmt {
	STMT_TOKEN_CREATE,
	STMT_TOKEN_FIND,
	STMT_TOKEN_SPEND,
	STMT_TOKENS_REVOKE,
	STMT_TOKENS_RECENT,
	STMT_TOKENS_RECENT_EMAIL,
	STMT_INVITATION,
	STMT_ACCOUNT_HASH,
	STMT_ACCOUNT_SET,
	STMT_REGISTRATION_ADD,
	STMT_REGISTRATION_GET,
	STMT_REGISTRATIONS_RECENT_IP,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_TOKEN_CREATE */
	"INSERT INTO tokens (kind, token_hash, subject_id, email, created_at, expires_at) "
	"VALUES (?, ?, NULLIF(?, 0), ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)",
	/* STMT_TOKEN_FIND: a token is worth something only while its client still has the
	 * address it was sent to (compared as the unique key on clients.email compares) */
	"SELECT t.id, COALESCE(t.subject_id, 0), COALESCE(t.email, ''), t.used_at IS NOT NULL, "
	"t.revoked_at IS NOT NULL, t.expires_at <= UTC_TIMESTAMP(), "
	"t.subject_id IS NOT NULL AND NOT (c.email <=> t.email) FROM tokens t "
	"LEFT JOIN clients c ON c.id = t.subject_id "
	"WHERE t.token_hash = ? AND t.kind = ? FOR UPDATE",
	/* STMT_TOKEN_SPEND */
	"UPDATE tokens SET used_at = UTC_TIMESTAMP() WHERE id = ? AND used_at IS NULL "
	"AND revoked_at IS NULL AND expires_at > UTC_TIMESTAMP()",
	/* STMT_TOKENS_REVOKE */
	"UPDATE tokens SET revoked_at = UTC_TIMESTAMP() WHERE kind = ? AND subject_id = ? "
	"AND used_at IS NULL AND revoked_at IS NULL AND expires_at > UTC_TIMESTAMP()",
	/* STMT_TOKENS_RECENT */
	"SELECT COUNT(*) FROM tokens WHERE kind = ? AND subject_id = ? "
	"AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	/* STMT_TOKENS_RECENT_EMAIL */
	"SELECT COUNT(*) FROM tokens WHERE kind = ? AND email = ? "
	"AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	/* STMT_INVITATION */
	"SELECT " PORTAL_INVITE_STATE ", COALESCE(" PORTAL_INVITE_SENT ", ''), "
	"COALESCE(" PORTAL_INVITE_EXPIRES ", '') FROM clients c WHERE c.id = ?",
	/* STMT_ACCOUNT_HASH */
	"SELECT password_hash FROM portal_accounts WHERE client_id = ?",
	/* STMT_ACCOUNT_SET */
	"INSERT INTO portal_accounts (client_id, password_hash, registered_at, updated_at) "
	"VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
	"password_hash = VALUES(password_hash), updated_at = UTC_TIMESTAMP()",
	/* STMT_REGISTRATION_ADD */
	"INSERT INTO portal_registrations (token_id, first_name, last_name, mailed, ip) "
	"VALUES (?, ?, ?, ?, ?)",
	/* STMT_REGISTRATION_GET */
	"SELECT first_name, last_name, mailed FROM portal_registrations WHERE token_id = ?",
	/* STMT_REGISTRATIONS_RECENT_IP */
	"SELECT COUNT(*) FROM portal_registrations pr JOIN tokens t ON t.id = pr.token_id "
	"WHERE pr.ip = ? AND t.created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
};

int
invite_state_parse(const char *s, enum invite_state *out)
{
	size_t	 i;

	for (i = 0; i < INVITE__MAX; i++)
		if (strcmp(s, invite_states[i]) == 0) {
			*out = (enum invite_state)i;
			return 1;
		}
	return 0;
}

/* The stored form of a token: the SHA-256 of its text.  0, or -1 when the text is not one
 * of our tokens (64 lowercase hex digits). */
static int
token_digest(const char *token, unsigned char digest[CRYPTO_SHA256_BYTES])
{
	size_t	 i;

	if (strlen(token) != CRYPTO_TOKEN_HEX - 1)
		return -1;
	for (i = 0; token[i] != '\0'; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
			return -1;
	crypto_sha256(token, strlen(token), digest);
	return 0;
}

int
db_token_create(struct db *db, enum token_kind kind, long long subject_id, const char *email,
    long seconds, char token[CRYPTO_TOKEN_HEX], long long *id)
{
	struct db_query	 q;
	unsigned char	 digest[CRYPTO_SHA256_BYTES];

	if (crypto_token(token) == -1 || token_digest(token, digest) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_TOKEN_CREATE]);
	db_bind_text(&q, token_kinds[kind]);
	db_bind_blob(&q, digest, sizeof(digest));
	db_bind_int(&q, subject_id);
	db_bind_text(&q, email);
	db_bind_int(&q, seconds);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	*id = (long long)q.insert_id;
	db_query_end(&q);
	return 0;
}

int
db_token_find(struct db *db, enum token_kind kind, const char *token, struct token_row *t)
{
	struct db_query	 q;
	unsigned char	 digest[CRYPTO_SHA256_BYTES];
	int		 rc;

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->state = TOKEN_UNKNOWN;
	if (token_digest(token, digest) == -1)
		return 0;
	db_query_init(&q, db, stmts[STMT_TOKEN_FIND]);
	db_bind_blob(&q, digest, sizeof(digest));
	db_bind_text(&q, token_kinds[kind]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		t->id = db_col_int(&q, 0);
		t->subject_id = db_col_int(&q, 1);
		snprintf(t->email, sizeof(t->email), "%s", db_col_str(&q, 2));
		/* used first: a spent link says so even after it would have expired; then an
		 * address changed since, which also revoked it */
		t->state = db_col_int(&q, 3) ? TOKEN_USED : db_col_int(&q, 6) ?
		    TOKEN_READDRESSED : db_col_int(&q, 4) ? TOKEN_REVOKED : db_col_int(&q, 5) ?
		    TOKEN_EXPIRED : TOKEN_VALID;
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

int
db_token_spend(struct db *db, long long id, int *spent)
{
	struct db_query		 q;
	unsigned long long	 n;

	*spent = 0;
	db_query_init(&q, db, stmts[STMT_TOKEN_SPEND]);
	db_bind_int(&q, id);
	if (db_exec(&q, &n) == -1)
		return -1;
	*spent = n == 1;
	return 0;
}

int
db_tokens_revoke(struct db *db, enum token_kind kind, long long subject_id, long long *count)
{
	struct db_query		 q;
	unsigned long long	 n;

	db_query_init(&q, db, stmts[STMT_TOKENS_REVOKE]);
	db_bind_text(&q, token_kinds[kind]);
	db_bind_int(&q, subject_id);
	if (db_exec(&q, &n) == -1)
		return -1;
	*count = (long long)n;
	return 0;
}

int
db_tokens_recent(struct db *db, enum token_kind kind, long long subject_id, long seconds,
    long long *count)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_TOKENS_RECENT]);
	db_bind_text(&q, token_kinds[kind]);
	db_bind_int(&q, subject_id);
	db_bind_int(&q, seconds);
	return db_scalar_int(&q, count);
}

int
db_tokens_recent_email(struct db *db, enum token_kind kind, const char *email, long seconds,
    long long *count)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_TOKENS_RECENT_EMAIL]);
	db_bind_text(&q, token_kinds[kind]);
	db_bind_text(&q, email);
	db_bind_int(&q, seconds);
	return db_scalar_int(&q, count);
}

int
db_client_invitation(struct db *db, long long client_id, struct invitation *inv)
{
	struct db_query	 q;
	int		 rc;

	memset(inv, 0, sizeof(*inv));
	db_query_init(&q, db, stmts[STMT_INVITATION]);
	db_bind_int(&q, client_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		invite_state_parse(db_col_str(&q, 0), &inv->state);
		snprintf(inv->sent_at, sizeof(inv->sent_at), "%s", db_col_str(&q, 1));
		snprintf(inv->expires_at, sizeof(inv->expires_at), "%s", db_col_str(&q, 2));
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

int
db_portal_account_hash(struct db *db, long long client_id, char *hash)
{
	struct db_query	 q;
	int		 rc;

	hash[0] = '\0';
	db_query_init(&q, db, stmts[STMT_ACCOUNT_HASH]);
	db_bind_int(&q, client_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1)
		snprintf(hash, CRYPTO_HASH_MAX + 1, "%s", db_col_str(&q, 0));
	db_query_end(&q);
	return rc;
}

int
db_portal_account_set(struct db *db, long long client_id, const char *hash)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_ACCOUNT_SET]);
	db_bind_int(&q, client_id);
	db_bind_text(&q, hash);
	return db_exec(&q, NULL);
}

int
db_registration_add(struct db *db, long long token_id, const char *first_name,
    const char *last_name, int mailed, const char *ip)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_REGISTRATION_ADD]);
	db_bind_int(&q, token_id);
	db_bind_text(&q, first_name);
	db_bind_text(&q, last_name);
	db_bind_int(&q, mailed != 0);
	db_bind_text(&q, ip);
	return db_exec(&q, NULL);
}

int
db_registration_get(struct db *db, long long token_id, char *first_name, char *last_name,
    int *mailed)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_REGISTRATION_GET]);
	db_bind_int(&q, token_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		snprintf(first_name, 401, "%s", db_col_str(&q, 0));
		snprintf(last_name, 401, "%s", db_col_str(&q, 1));
		*mailed = db_col_int(&q, 2) != 0;
	}
	db_query_end(&q);
	return rc;
}

int
db_registrations_recent_ip(struct db *db, const char *ip, long seconds, long long *count)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_REGISTRATIONS_RECENT_IP]);
	db_bind_text(&q, ip);
	db_bind_int(&q, seconds);
	return db_scalar_int(&q, count);
}
