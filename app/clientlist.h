/* clientlist.h: the directory's query: filters, search, sort and paging, as constant
 * statements chosen from a fixed set (no SQL is ever pasted together) */
#ifndef CASEBOOK_CLIENTLIST_H
#define CASEBOOK_CLIENTLIST_H

#include "buf.h"
#include "clientdb.h"
#include "db.h"
#include "portaldb.h"
#include "text.h"

#define LIST_FRAGMENTS	8	/* words of a search that must all match */
#define WALK_MAX	20000	/* most clients a page walks past before it sorts instead */
/* A client a walk passes costs about a twentieth of a candidate looked up and sorted (the
 * walked indexes hold the words: some 0.2 against 4 microseconds at 100,000 clients), but the
 * matches may bunch in the order (family names of one letter), so a walk is taken only when
 * it promises to pass fewer than four clients per candidate. */
#define WALK_PER_CANDIDATE	4

enum list_sort {
	SORT_NAME,
	SORT_JOINED,
	SORT_STATUS,
	SORT_STAFF,
	SORT__MAX
};
extern const char *const list_sorts[SORT__MAX];	/* "name", "joined", "status", "staff" */

/* How the search is answered: no search; through the search keys (the keys that start with
 * the longest word, and the tags containing it, pick at most index_limit candidates); or by
 * reading client_search (a search that matches widely, or whose every word is shorter than
 * three characters). */
enum list_plan {
	PLAN_ALL,
	PLAN_INDEX,
	PLAN_SCAN,
	PLAN__MAX
};

struct list_query {
	long long		 scope;		/* a clinician's id: only their clients; 0: all */
	long long		 staff;		/* 0 any, -1 unassigned, else that staff id */
	long long		 tag;		/* 0 any */
	int			 has_status;
	enum client_status	 status;
	int			 has_invite;
	enum invite_state	 invite;
	enum list_sort		 sort;
	int			 descending;
	long long		 index_limit;	/* Search.IndexCandidates */
	/* derived by list_query_prepare */
	enum list_plan		 plan;
	char			 fragments[LIST_FRAGMENTS][TEXT_FRAGMENT_MAX];
	size_t			 nfragments;
	int			 words_dropped;	/* the search had more words than are used */
	long long		 candidates;	/* how many the keys and tags pick; -1 */
	int			 kept_count;	/* one word: counted from its kept counts if kept */
	int			 keys_count;	/* else from the keys and the tags */
	char			 folded[TEXT_FRAGMENT_MAX];	/* that word folded */
	int			 planned;	/* plan chosen (else by the counts, or when needed) */
	struct buf		 likes[LIST_FRAGMENTS];		/* folded */
	struct buf		 key_like;	/* the longest word's keys */
	struct buf		 candidate_like;	/* the tags containing it */
	/* set by list_count for a search, to choose how a page is read */
	int			 counted;
	long long		 matches[CLIENT__MAX];
	long long		 in_index[CLIENT__MAX];	/* all clients, per status */
};

/* Split the search text q into the query's fragments and choose the plan (asking the
 * database how many clients the index would pick, unless list_count's counts will tell);
 * 0 or -1. */
int	list_query_prepare(struct db *, struct list_query *, const char *q);
void	list_query_free(struct list_query *);
/* Count the matches per status (ignoring the status filter); counts[CLIENT__MAX]; 0 or -1. */
int	list_count(struct db *, struct list_query *, long long counts[CLIENT__MAX]);
/* Start the page query (columns: id, first, last, preferred, email, phone, joined_at, status,
 * staff id, staff name, tags joined by '\x1f', invitation state, when the latest invitation
 * was sent and when it expires); iterate with db_query_next, end with
 * db_query_end.  0 or -1. */
int	list_page(struct db *, struct list_query *, long long limit, long long offset,
	    struct db_query *);
/* Every matching id (the status filter applied), up to max, into ids; the count or -1. */
long long list_ids(struct db *, struct list_query *, long long *ids, long long max);

#endif
