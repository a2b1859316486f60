/* session.h: sign-in sessions kept in the database, found by the SHA-256 of a cookie token */
#ifndef CASEBOOK_SESSION_H
#define CASEBOOK_SESSION_H

#include "crypto.h"
#include "db.h"

enum session_kind {
	SESSION_ANONYMOUS,	/* a visitor before sign-in: carries the CSRF token and flashes */
	SESSION_STAFF,
	SESSION_CLIENT,
	SESSION__MAX
};
extern const char *const session_kinds[SESSION__MAX];

struct session_limits {
	long	 idle_seconds;
	long	 absolute_seconds;
};

struct session {
	long long		 id;
	enum session_kind	 kind;
	long long		 user_id;
	char			 csrf[CRYPTO_TOKEN_HEX];
	char			 token[CRYPTO_TOKEN_HEX];	/* only right after creation */
	char			 flash_kind[16];
	char			 flash_text[512];
	long			 idle_for;	/* seconds since the last request */
};

/*
 * The session as a part of a larger statement (the request's first, which reads the
 * practice's settings version and the staff member behind the session in the same trip):
 * SESSION_COLUMNS of auth_sessions s (seven, from s.id, which is NULL when no session
 * matched), SESSION_MATCH its condition with three parameters bound by session_bind_match.
 */
#define SESSION_COLUMNS \
	"s.id, s.user_kind, COALESCE(s.user_id, 0), s.csrf_token, COALESCE(s.flash_kind, ''), " \
	"COALESCE(s.flash_text, ''), TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP())"
#define SESSION_COLUMNS_N	7
#define SESSION_MATCH \
	"s.token_hash = ? AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND " \
	"AND s.created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND"

/* The SHA-256 a cookie token is stored by: 1, or 0 when token cannot be one of ours. */
int	session_token_hash(const char *token, unsigned char hash[CRYPTO_SHA256_BYTES]);
/* Bind SESSION_MATCH's parameters: the token's hash (NULL: matches nothing) and the limits. */
void	session_bind_match(struct db_query *, const unsigned char *hash,
	    const struct session_limits *);
/* Read SESSION_COLUMNS from column first of the current row: 1 a session, 0 none. */
int	session_from_row(const struct db_query *, size_t first, struct session *);
/* Refresh the last-seen time of a session loaded a minute or more after its last request;
 * 0 or -1. */
int	session_touch(struct db *, const struct session *);
/* Find the live session of a cookie token: 1 found (s filled, last-seen time refreshed), 0 none
 * or expired, -1 database error. */
int	session_load(struct db *, const char *token, const struct session_limits *,
	    struct session *);
/* Start a new session with a fresh token and CSRF token; 0 or -1. */
int	session_create(struct db *, enum session_kind, long long user_id, const char *ip,
	    const char *user_agent, struct session *);
/* End one session; 0 or -1. */
int	session_destroy(struct db *, long long id);
/* End every session of a user but keep_id (0 keeps none); 0 or -1. */
int	session_destroy_user(struct db *, enum session_kind, long long user_id, long long keep_id);
/* Keep a message for the next page shown in this session; 0 or -1. */
int	session_flash(struct db *, struct session *, const char *kind, const char *text);
/* Clear the stored flash message (after it has been shown); 0 or -1. */
int	session_flash_clear(struct db *, struct session *);
/* Delete expired sessions; the number removed or -1. */
long long session_purge(struct db *, const struct session_limits *);

#endif
