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
