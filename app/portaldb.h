/* portaldb.h: the portal's records: single-use tokens (invitations, e-mail verification,
 * password resets), clients' portal accounts, pending registrations, and the invitation
 * state the directory and the profile show */
#ifndef CASEBOOK_PORTALDB_H
#define CASEBOOK_PORTALDB_H

#include "crypto.h"
#include "db.h"

enum token_kind {
	TOKEN_INVITE,
	TOKEN_VERIFY_EMAIL,
	TOKEN_RESET,
	TOKEN__MAX
};
extern const char *const token_kinds[TOKEN__MAX];	/* "invite", "verify_email", "reset" */

/* What a token is worth when it is opened. */
enum token_state {
	TOKEN_VALID,
	TOKEN_EXPIRED,
	TOKEN_USED,
	TOKEN_REVOKED,
	TOKEN_READDRESSED,	/* sent to an address its client no longer has */
	TOKEN_UNKNOWN,
	TOKEN_STATE__MAX
};

enum invite_state {
	INVITE_NONE,		/* never invited, or the last invitation was revoked */
	INVITE_SENT,		/* a live link is out */
	INVITE_EXPIRED,
	INVITE_REGISTERED,	/* the client has a portal password */
	INVITE__MAX
};
extern const char *const invite_states[INVITE__MAX];	/* "none", "invited", ... */
extern const char *const invite_state_labels[INVITE__MAX];	/* "Not invited", ... */

/* The invitation state of the client row aliased c, as an SQL expression giving one of
 * invite_states; a constant, for the directory's statements. */
#define PORTAL_INVITE_STATE \
	"(CASE WHEN EXISTS (SELECT 1 FROM portal_accounts pa WHERE pa.client_id = c.id) " \
	"THEN 'registered' ELSE COALESCE((SELECT CASE WHEN it.used_at IS NOT NULL OR " \
	"it.revoked_at IS NOT NULL THEN 'none' WHEN it.expires_at > UTC_TIMESTAMP() THEN " \
	"'invited' ELSE 'expired' END FROM tokens it WHERE it.kind = 'invite' AND " \
	"it.subject_id = c.id ORDER BY it.id DESC LIMIT 1), 'none') END)"
/* When the client's latest invitation was sent, and when it expires (NULL: none). */
#define PORTAL_INVITE_SENT \
	"(SELECT it.created_at FROM tokens it WHERE it.kind = 'invite' AND " \
	"it.subject_id = c.id ORDER BY it.id DESC LIMIT 1)"
#define PORTAL_INVITE_EXPIRES \
	"(SELECT it.expires_at FROM tokens it WHERE it.kind = 'invite' AND " \
	"it.subject_id = c.id ORDER BY it.id DESC LIMIT 1)"

struct token_row {
	long long		 id;
	enum token_kind		 kind;
	enum token_state	 state;
	long long		 subject_id;	/* 0: none (a registration) */
	char			 email[255];
};

struct invitation {
	enum invite_state	 state;
	char			 sent_at[20];	/* "" when never invited */
	char			 expires_at[20];
};

/* 1 when s names an invitation state, setting *out. */
int	invite_state_parse(const char *, enum invite_state *out);

/* A new token of kind for subject_id (0: none) and email, valid for seconds; its text (only
 * its SHA-256 is stored) in token, its row id in *id.  0 or -1. */
int	db_token_create(struct db *, enum token_kind, long long subject_id, const char *email,
	    long seconds, char token[CRYPTO_TOKEN_HEX], long long *id);
/* Look a token's text up (locking its row, and its client's, inside a transaction): 0 with t
 * filled (t->state says whether it may be used: TOKEN_READDRESSED when its client's address
 * is no longer the one it was sent to; TOKEN_UNKNOWN when no token of kind has that text),
 * -1. */
int	db_token_find(struct db *, enum token_kind, const char *token, struct token_row *t);
/* Spend a token; *spent gets 1 when it was valid and is now used.  0 or -1. */
int	db_token_spend(struct db *, long long id, int *spent);
/* Revoke every live token of kind for subject_id; *count gets how many.  0 or -1. */
int	db_tokens_revoke(struct db *, enum token_kind, long long subject_id, long long *count);
/* How many tokens of kind were made for subject_id in the last seconds.  0 or -1. */
int	db_tokens_recent(struct db *, enum token_kind, long long subject_id, long seconds,
	    long long *count);
/* The same for tokens sent to email. */
int	db_tokens_recent_email(struct db *, enum token_kind, const char *email, long seconds,
	    long long *count);

/* A client's invitation state; 0 or -1. */
int	db_client_invitation(struct db *, long long client_id, struct invitation *);
/* A client's portal password hash into hash (CRYPTO_HASH_MAX + 1 bytes): 1, 0 when the client
 * has no account, -1. */
int	db_portal_account_hash(struct db *, long long client_id, char *hash);
/* Give a client a portal password (a first one, or a new one); 0 or -1. */
int	db_portal_account_set(struct db *, long long client_id, const char *hash);

/* Keep what a registration typed (never a password) until its verification token (token_id)
 * is opened: mailed is 1 when the link went to the address by e-mail, 0 when it was handed to
 * the registering browser (it may then only create a new client); ip is where it came from.
 * 0 or -1. */
int	db_registration_add(struct db *, long long token_id, const char *first_name,
	    const char *last_name, int mailed, const char *ip);
/* Read it back: 1 found, 0 not, -1.  first and last hold 401 bytes. */
int	db_registration_get(struct db *, long long token_id, char *first_name, char *last_name,
	    int *mailed);
/* How many registrations came from ip in the last seconds.  0 or -1. */
int	db_registrations_recent_ip(struct db *, const char *ip, long seconds, long long *count);

#endif
