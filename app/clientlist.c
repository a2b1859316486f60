/* clientlist.c: the directory's query: filters, search, sort and paging, as constant
 * statements chosen from a fixed set (no SQL is ever pasted together at run time) */
#include "config.h"

#include <string.h>

#include "clientlist.h"

const char *const list_sorts[SORT__MAX] = {
	"name",		/* SORT_NAME */
	"joined",	/* SORT_JOINED */
	"status",	/* SORT_STATUS */
	"staff",	/* SORT_STAFF */
};

/*
 * Three ways to answer (enum list_plan):
 *   PLAN_ALL    no search: the clients table and its indexes; counts from client_counts.
 *   PLAN_INDEX  a search whose longest word picks few candidates (the clients with a search
 *               key starting with it, and those of the tags containing it): those, checked
 *               against their words in client_search.
 *   PLAN_SCAN   a search that matches widely (or has no word of three characters): the
 *               narrow client_search table; the count reads its covering index, a page walks
 *               the index of its order and stops once the page is full (PAGE_WALK), or, when
 *               the matches are too rare for a walk to end soon, sorts them (PAGE_SORT).
 *
 * The clients an import saved have no keys for a while (sql/012_import_bulk.sql): those listed
 * in client_search_unkeyed are candidates of every PLAN_INDEX search, and counted by their own
 * words, so every plan finds them meanwhile.
 *
 * A search of one word of 3 to TEXT_KEY_CHARS characters, with no tag or invitation filter, is
 * counted in the search keys, whatever the plan: the clients it matches are those of one range
 * of client_search_keys, which holds their status and staff, and those of the tags containing
 * it.  Once a search is counted, a page of it walks its order's index whenever that passes
 * fewer clients than the other ways read (page_way).
 *
 * The statements are assembled by the preprocessor from these parts, so each is a constant
 * string and the parameters always come in the same order:
 *   candidates (PLAN_INDEX only): a key pattern, a tag pattern
 *   scope: clinician id twice; staff filter three times; tag filter twice; invitation
 *   state twice
 *   fragments (PLAN_INDEX and PLAN_SCAN): LIST_FRAGMENTS patterns
 *   status filter twice (pages and ids only); then LIMIT and OFFSET (pages only)
 */
#define CANDIDATES \
	"(SELECT client_id FROM client_search_keys WHERE search_key LIKE ? UNION SELECT ct.client_id " \
	"FROM client_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.search_name LIKE ? " \
	"UNION SELECT client_id FROM client_search_unkeyed) m "

/* The filters on clients (PLAN_ALL) and on client_search (the searches). */
#define FILTERS \
	"WHERE (? = 0 OR c.assigned_staff_id = ?) " \
	"AND (? = 0 OR (? = -1 AND c.assigned_staff_id IS NULL) OR c.assigned_staff_id = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM client_tags ft WHERE ft.client_id = c.id " \
	"AND ft.tag_id = ?)) " \
	"AND (? = '' OR " PORTAL_INVITE_STATE " = ?) "
#define CS_FILTERS \
	"WHERE (? = 0 OR cs.staff_id = ?) " \
	"AND (? = 0 OR (? = -1 AND cs.staff_id = 0) OR cs.staff_id = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM client_tags ft WHERE ft.client_id = cs.id " \
	"AND ft.tag_id = ?)) " \
	"AND (? = '' OR EXISTS (SELECT 1 FROM clients c WHERE c.id = cs.id AND " \
	PORTAL_INVITE_STATE " = ?)) "

#define FRAGMENT	"AND cs.words LIKE ? "
#define FRAGMENTS	FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT

#define STATUS_FILTER(t)	"AND (? = '' OR " t ".status = ?) "

/* The rows of each plan.  A search by the index reads its candidates first and only then
 * their rows (STRAIGHT_JOIN keeps that order: the other way round reads every client). */
#define FROM_ALL(join)		"FROM clients c " join FILTERS
#define FROM_INDEX(join) \
	"FROM " CANDIDATES "STRAIGHT_JOIN client_search cs ON cs.id = m.client_id " join \
	CS_FILTERS FRAGMENTS
#define FROM_SCAN(hint, join)	"FROM client_search cs " hint join CS_FILTERS FRAGMENTS

#define COUNT_HEAD(t)	"SELECT " t ".status, COUNT(*) "
#define COUNT_TAIL(t)	"GROUP BY " t ".status"

#define IDS_HEAD(t)	"SELECT " t ".id "
#define IDS_TAIL(t)	"ORDER BY " t ".id LIMIT ?"

/*
 * A page in two steps: the inner query finds the page's ids with their sort keys (the
 * order, LIMIT and OFFSET work on narrow rows), the outer one reads those rows whole and
 * their tags, so the tags are looked up for the rows shown only.
 */
#define PAGE_INNER_HEAD(t) \
	"SELECT " t ".id, " t ".sort_name, " t ".joined_at, " t ".status, s.name AS staff_name "
#define PAGE_JOIN	"LEFT JOIN staff s ON s.id = c.assigned_staff_id "
#define CS_PAGE_JOIN	"LEFT JOIN staff s ON s.id = cs.staff_id "
#define PAGE_OUTER_HEAD \
	"SELECT c.id, c.first_name, c.last_name, c.preferred_name, c.email, c.phone, " \
	"c.joined_at, c.status, COALESCE(c.assigned_staff_id, 0), COALESCE(p.staff_name, ''), " \
	"(SELECT GROUP_CONCAT(tg.name ORDER BY tg.name SEPARATOR 0x1f) FROM client_tags ctg " \
	"JOIN tags tg ON tg.id = ctg.tag_id WHERE ctg.client_id = c.id), " \
	"CASE WHEN pa.client_id IS NOT NULL THEN 'registered' WHEN it.id IS NULL OR " \
	"it.used_at IS NOT NULL OR it.revoked_at IS NOT NULL THEN 'none' " \
	"WHEN it.expires_at > UTC_TIMESTAMP() THEN 'invited' ELSE 'expired' END, " \
	"it.created_at, it.expires_at FROM ("
/* The page's rows whole, with the portal account and the latest invitation of each: one
 * lookup each by key (PORTAL_INVITE_STATE, _SENT and _EXPIRES give the same answers, but as
 * four lookups a row). */
#define PAGE_OUTER_JOIN \
	") p STRAIGHT_JOIN clients c ON c.id = p.id " \
	"LEFT JOIN portal_accounts pa ON pa.client_id = c.id " \
	"LEFT JOIN tokens it ON it.id = (SELECT MAX(lt.id) FROM tokens lt " \
	"WHERE lt.kind = 'invite' AND lt.subject_id = c.id) "

/* Each order twice: inside on the query's columns, outside on the page's. */
#define ORDER(x, a, b, c, d) "ORDER BY " x a b c d " "
#define ORDER_NAME_ASC(x)	ORDER(x, "sort_name, ", x, "id", "")
#define ORDER_NAME_DESC(x)	ORDER(x, "sort_name DESC, ", x, "id DESC", "")
#define ORDER_JOINED_ASC(x)	ORDER(x, "joined_at, ", x, "id", "")
#define ORDER_JOINED_DESC(x)	ORDER(x, "joined_at DESC, ", x, "id DESC", "")
#define ORDER_STATUS_ASC(x)	ORDER(x, "status, ", x, "sort_name, ", x "id")
#define ORDER_STATUS_DESC(x)	ORDER(x, "status DESC, ", x, "sort_name, ", x "id")
#define ORDER_STAFF_ASC(x)	"ORDER BY staff_name IS NULL, staff_name, " x "sort_name, " x "id "
#define ORDER_STAFF_DESC(x)	"ORDER BY staff_name IS NULL, staff_name DESC, " x "sort_name, " x "id "

/* The index of client_search a page of each order walks (the orders it has no index for,
 * and status from last to first, are sorted). */
#define WALK_NAME	"FORCE INDEX (client_search_name) "
#define WALK_JOINED	"FORCE INDEX (client_search_joined) "
#define WALK_STATUS	"FORCE INDEX (client_search_status) "
#define WALK_NONE	""

/* Without a search, a tag or an invitation state, the counts come from the counter table: a
 * few rows.  The same counts tell a search how many clients it might walk past. */
static const char count_from_counters[] =
	"SELECT status, SUM(n) FROM client_counts WHERE (? = 0 OR staff_id = ?) "
	"AND (? = 0 OR (? = -1 AND staff_id = 0) OR staff_id = ?) GROUP BY status";

/* How many key rows start with the longest word (counted up to the limit and one more), how
 * many clients the tags containing it have, how many clients wait for their keys (up to the
 * limit and one more). */
static const char probe_stmt[] =
	"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM client_search_keys WHERE search_key LIKE ? "
	"LIMIT ?) x), (SELECT COALESCE(SUM(client_count), 0) FROM tags WHERE search_name LIKE ?), "
	"(SELECT COUNT(*) FROM (SELECT 1 FROM client_search_unkeyed LIMIT ?) y)";

/* The matches of a one-word search per status: the clients of the range of its keys (those
 * whose own words hold it), and apart from them those of the tags containing it (whose words
 * hold the tag's name unless it was cut off); a client with several matching keys or tags
 * counts once.  The clients waiting for their keys are counted by their own words. */
static const char count_from_keys[] =
	"SELECT status, SUM(n) FROM (SELECT status, COUNT(DISTINCT client_id) n "
	"FROM client_search_keys WHERE search_key LIKE ? AND (? = 0 OR staff_id = ?) "
	"AND (? = 0 OR (? = -1 AND staff_id = 0) OR staff_id = ?) GROUP BY status "
	"UNION ALL SELECT cs.status, COUNT(DISTINCT cs.id) FROM tags t STRAIGHT_JOIN client_tags ct "
	"ON ct.tag_id = t.id STRAIGHT_JOIN client_search cs ON cs.id = ct.client_id "
	"WHERE t.search_name LIKE ? AND cs.words LIKE ? AND cs.own_words NOT LIKE ? "
	"AND (? = 0 OR cs.staff_id = ?) AND (? = 0 OR (? = -1 AND cs.staff_id = 0) "
	"OR cs.staff_id = ?) GROUP BY cs.status "
	"UNION ALL SELECT cs.status, COUNT(*) FROM client_search_unkeyed u STRAIGHT_JOIN "
	"client_search cs ON cs.id = u.client_id WHERE cs.own_words LIKE ? "
	"AND (? = 0 OR cs.staff_id = ?) AND (? = 0 OR (? = -1 AND cs.staff_id = 0) "
	"OR cs.staff_id = ?) GROUP BY cs.status) x GROUP BY status";

/*
 * The matches of a one-word search per status, when the word is a kept fragment
 * (sql/015_search_counts.sql): its kept counts, plus the changes not yet folded into them
 * (each change's new words counted on, its old words off), read in one statement so they
 * agree.  The first row ('kept') says whether the word is kept at all.
 */
static const char count_from_kept[] =
	"SELECT st, SUM(n) FROM (SELECT 'kept' st, 0 n FROM search_fragments WHERE fragment = ? "
	"UNION ALL SELECT status, n FROM search_counts WHERE fragment = ? "
	"AND (? = 0 OR staff_id = ?) AND (? = 0 OR (? = -1 AND staff_id = 0) OR staff_id = ?) "
	"UNION ALL SELECT new_status, COUNT(*) FROM search_changes WHERE new_words LIKE ? "
	"AND (? = 0 OR new_staff_id = ?) AND (? = 0 OR (? = -1 AND new_staff_id = 0) "
	"OR new_staff_id = ?) GROUP BY new_status "
	"UNION ALL SELECT old_status, -COUNT(*) FROM search_changes WHERE old_words LIKE ? "
	"AND (? = 0 OR old_staff_id = ?) AND (? = 0 OR (? = -1 AND old_staff_id = 0) "
	"OR old_staff_id = ?) GROUP BY old_status) x GROUP BY st";

/* Which of a search's words are kept fragments, and how many clients hold each (as the kept
 * counts say, the changes since left out: it only chooses a plan). */
static const char kept_words_stmt[] =
	"SELECT f.fragment, COALESCE(SUM(c.n), 0) FROM search_fragments f LEFT JOIN search_counts c "
	"ON c.fragment = f.fragment WHERE f.fragment IN (?, ?, ?, ?, ?, ?, ?, ?) "
	"GROUP BY f.fragment";

static const char *const count_stmts[PLAN__MAX] = {
	COUNT_HEAD("c") FROM_ALL("") COUNT_TAIL("c"),
	COUNT_HEAD("cs") FROM_INDEX("") COUNT_TAIL("cs"),
	COUNT_HEAD("cs") FROM_SCAN("FORCE INDEX (client_search_scan) ", "") COUNT_TAIL("cs"),
};

static const char *const ids_stmts[PLAN__MAX] = {
	IDS_HEAD("c") FROM_ALL("") STATUS_FILTER("c") IDS_TAIL("c"),
	IDS_HEAD("cs") FROM_INDEX("") STATUS_FILTER("cs") IDS_TAIL("cs"),
	IDS_HEAD("cs") FROM_SCAN("", "") STATUS_FILTER("cs") IDS_TAIL("cs"),
};

/* How a page is read: enum list_plan, then the walk of PLAN_SCAN. */
enum page_way {
	PAGE_ALL,
	PAGE_INDEX,
	PAGE_SORT,
	PAGE_WALK,
	PAGE__MAX
};

#define PAGE(t, from, order) \
	PAGE_OUTER_HEAD PAGE_INNER_HEAD(t) from STATUS_FILTER(t) order(t ".") \
	"LIMIT ? OFFSET ?" PAGE_OUTER_JOIN order("p.")
#define PAGES(order, walk) { \
	PAGE("c", FROM_ALL(PAGE_JOIN), order), \
	PAGE("cs", FROM_INDEX(CS_PAGE_JOIN), order), \
	PAGE("cs", FROM_SCAN("", CS_PAGE_JOIN), order), \
	PAGE("cs", FROM_SCAN(walk, CS_PAGE_JOIN), order), \
}

/* [sort][descending][way] */
static const char *const page_stmts[SORT__MAX][2][PAGE__MAX] = {
	{ PAGES(ORDER_NAME_ASC, WALK_NAME), PAGES(ORDER_NAME_DESC, WALK_NAME) },
	{ PAGES(ORDER_JOINED_ASC, WALK_JOINED), PAGES(ORDER_JOINED_DESC, WALK_JOINED) },
	{ PAGES(ORDER_STATUS_ASC, WALK_STATUS), PAGES(ORDER_STATUS_DESC, WALK_NONE) },
	{ PAGES(ORDER_STAFF_ASC, WALK_NONE), PAGES(ORDER_STAFF_DESC, WALK_NONE) },
};

/* Can a page of this order walk an index? */
static int
walkable(enum list_sort sort, int descending)
{
	return sort == SORT_NAME || sort == SORT_JOINED || (sort == SORT_STATUS && !descending);
}

/* Fold a word for matching and make its LIKE pattern; 0 or -1. */
static int
fold_like(const char *word, char folded[TEXT_FRAGMENT_MAX], struct buf *like)
{
	text_fold_to(word, folded, TEXT_FRAGMENT_MAX);
	return text_like_contains(folded, like);
}

/* Ask how many clients the longest word's keys and tags could pick; choose between
 * PLAN_INDEX and PLAN_SCAN.  0 or -1. */
static int
choose_plan(struct db *db, struct list_query *lq)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, probe_stmt);
	db_bind_text(&q, lq->key_like.data);
	db_bind_int(&q, lq->index_limit + 1);
	db_bind_text(&q, lq->candidate_like.data);
	db_bind_int(&q, lq->index_limit + 1);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		lq->candidates = db_col_int(&q, 0) + db_col_int(&q, 1) + db_col_int(&q, 2);
		lq->plan = lq->candidates <= lq->index_limit ? PLAN_INDEX : PLAN_SCAN;
		lq->planned = 1;
	}
	db_query_end(&q);
	return rc == 1 ? 0 : -1;
}

/*
 * Of a search of several words, the one whose keys pick the fewest candidates, into *best: a
 * word that is not a kept fragment (fewer than Search.CountMinClients clients held it at the
 * last build), the longest of those; else the kept one fewest clients hold.  Only words of
 * three characters or more are taken.  0 or -1.
 */
static int
pick_rarest(struct db *db, const struct list_query *lq,
    char foldeds[LIST_FRAGMENTS][TEXT_FRAGMENT_MAX], size_t *best)
{
	struct db_query	 q;
	long long	 held[LIST_FRAGMENTS], fewest = -1;
	size_t		 i, len, longest = 0;
	int		 rc, kept[LIST_FRAGMENTS] = { 0 }, found = 0;

	db_query_init(&q, db, kept_words_stmt);
	for (i = 0; i < LIST_FRAGMENTS; i++)
		db_bind_text(&q, i < lq->nfragments ? foldeds[i] : "");
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1)
		for (i = 0; i < lq->nfragments; i++)
			if (strcmp(foldeds[i], db_col_str(&q, 0)) == 0) {
				kept[i] = 1;
				held[i] = db_col_int(&q, 1);
			}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	for (i = 0; i < lq->nfragments; i++) {
		if (kept[i] || (len = text_length(foldeds[i])) < 3 || len <= longest)
			continue;
		longest = len;
		*best = i;
		found = 1;
	}
	for (i = 0; !found && i < lq->nfragments; i++) {
		if (text_length(foldeds[i]) < 3 || (fewest >= 0 && held[i] >= fewest))
			continue;
		fewest = held[i];
		*best = i;
	}
	return 0;
}

int
list_query_prepare(struct db *db, struct list_query *lq, const char *q)
{
	char	 words[LIST_FRAGMENTS + 1][TEXT_FRAGMENT_MAX];
	char	 foldeds[LIST_FRAGMENTS][TEXT_FRAGMENT_MAX];
	size_t	 i, longest = 0, len, best = 0;

	memset(lq->likes, 0, sizeof(lq->likes));
	memset(&lq->key_like, 0, sizeof(lq->key_like));
	memset(&lq->candidate_like, 0, sizeof(lq->candidate_like));
	lq->nfragments = text_fragments(q, words, LIST_FRAGMENTS + 1);
	lq->words_dropped = lq->nfragments > LIST_FRAGMENTS;
	if (lq->words_dropped)
		lq->nfragments = LIST_FRAGMENTS;
	memcpy(lq->fragments, words, sizeof(lq->fragments));
	lq->candidates = -1;
	lq->keys_count = 0;
	lq->kept_count = 0;
	lq->planned = 1;
	lq->counted = 0;
	lq->plan = PLAN_ALL;
	if (lq->nfragments == 0)
		return 0;
	for (i = 0; i < LIST_FRAGMENTS; i++) {
		/* unused slots match everything */
		if (fold_like(i < lq->nfragments ? lq->fragments[i] : "", foldeds[i],
		    &lq->likes[i]) == -1)
			return -1;
		if (i < lq->nfragments && (len = text_length(foldeds[i])) > longest) {
			longest = len;
			best = i;
		}
	}
	lq->plan = PLAN_SCAN;
	if (longest < 3)
		return 0;
	/* The keys starting with the most selective word pick the candidates: the longest, or of
	 * several words, the one the kept counts say fewest clients hold. */
	if (lq->nfragments > 1 && pick_rarest(db, lq, foldeds, &best) == -1)
		return -1;
	if (text_like_contains(foldeds[best], &lq->candidate_like) == -1 ||
	    text_like_key(foldeds[best], &lq->key_like) == -1)
		return -1;
	/* One word the kept counts or the keys can count: its counts choose the plan, without
	 * asking first. */
	lq->kept_count = lq->nfragments == 1 && lq->tag == 0 && !lq->has_invite;
	if (lq->kept_count)
		memcpy(lq->folded, foldeds[0], sizeof(lq->folded));
	lq->keys_count = lq->kept_count && longest <= TEXT_KEY_CHARS;
	if (lq->kept_count) {
		lq->planned = 0;
		return 0;
	}
	return choose_plan(db, lq);
}

void
list_query_free(struct list_query *lq)
{
	size_t	 i;

	for (i = 0; i < LIST_FRAGMENTS; i++)
		buf_free(&lq->likes[i]);
	buf_free(&lq->key_like);
	buf_free(&lq->candidate_like);
}

/* The scope and staff filter's values, as FILTERS, CS_FILTERS and the counts take them: the
 * caller's scope twice, the staff filter three times. */
static void
bind_scope(struct db_query *q, const struct list_query *lq)
{
	db_bind_int(q, lq->scope);
	db_bind_int(q, lq->scope);
	db_bind_int(q, lq->staff);
	db_bind_int(q, lq->staff);
	db_bind_int(q, lq->staff);
}

/* The parameters of the filters and fragments, after the candidates' when the statement reads
 * them (PLAN_INDEX's statements but its page walks). */
static void
bind_where(struct db_query *q, const struct list_query *lq, int candidates)
{
	size_t	 i;

	if (candidates) {
		db_bind_text(q, lq->key_like.data);
		db_bind_text(q, lq->candidate_like.data);
	}
	bind_scope(q, lq);
	db_bind_int(q, lq->tag);
	db_bind_int(q, lq->tag);
	db_bind_text(q, lq->has_invite ? invite_states[lq->invite] : "");
	db_bind_text(q, lq->has_invite ? invite_states[lq->invite] : "");
	if (lq->plan != PLAN_ALL)
		for (i = 0; i < LIST_FRAGMENTS; i++)
			db_bind_text(q, lq->likes[i].data);
}

static void
bind_status(struct db_query *q, const struct list_query *lq)
{
	const char	*s = lq->has_status ? client_statuses[lq->status] : "";

	db_bind_text(q, s);
	db_bind_text(q, s);
}

/* Counts per status of a statement into counts; 0 or -1. */
static int
read_counts(struct db_query *q, long long counts[CLIENT__MAX])
{
	enum client_status	 st;
	int			 rc;

	memset(counts, 0, sizeof(long long) * CLIENT__MAX);
	if (db_query_exec(q) == -1) {
		db_query_end(q);
		return -1;
	}
	while ((rc = db_query_next(q)) == 1)
		if (client_status_parse(db_col_str(q, 0), &st))
			counts[st] = db_col_int(q, 1);
	db_query_end(q);
	return rc == -1 ? -1 : 0;
}

/* The clients in the scope and staff filter, per status, from the counter table. */
static int
count_in_scope(struct db *db, const struct list_query *lq, long long counts[CLIENT__MAX])
{
	struct db_query	 q;

	db_query_init(&q, db, count_from_counters);
	bind_scope(&q, lq);
	return read_counts(&q, counts);
}

/* The matches of a one-word search per status from its kept counts: 1 when the word is a kept
 * fragment (counts filled), 0 when it is not, -1 on error. */
static int
count_kept(struct db *db, const struct list_query *lq, long long counts[CLIENT__MAX])
{
	struct db_query		 q;
	enum client_status	 st;
	const char		*name;
	int			 rc, kept = 0;

	memset(counts, 0, sizeof(long long) * CLIENT__MAX);
	db_query_init(&q, db, count_from_kept);
	db_bind_text(&q, lq->folded);
	db_bind_text(&q, lq->folded);
	bind_scope(&q, lq);
	db_bind_text(&q, lq->likes[0].data);
	bind_scope(&q, lq);
	db_bind_text(&q, lq->likes[0].data);
	bind_scope(&q, lq);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		name = db_col_str(&q, 0);
		if (strcmp(name, "kept") == 0)
			kept = 1;
		else if (client_status_parse(name, &st))
			counts[st] = db_col_int(&q, 1);
	}
	db_query_end(&q);
	return rc == -1 ? -1 : kept;
}

/* The matches of a one-word search per status, from its keys and tags. */
static int
count_by_keys(struct db *db, const struct list_query *lq, long long counts[CLIENT__MAX])
{
	struct db_query	 q;

	db_query_init(&q, db, count_from_keys);
	db_bind_text(&q, lq->key_like.data);
	bind_scope(&q, lq);
	db_bind_text(&q, lq->candidate_like.data);
	db_bind_text(&q, lq->likes[0].data);
	db_bind_text(&q, lq->likes[0].data);
	bind_scope(&q, lq);
	db_bind_text(&q, lq->likes[0].data);
	bind_scope(&q, lq);
	return read_counts(&q, counts);
}

int
list_count(struct db *db, struct list_query *lq, long long counts[CLIENT__MAX])
{
	struct list_query all;
	struct db_query	 q;
	int		 i, kept = 0;

	if (lq->plan == PLAN_ALL) {
		if (lq->tag == 0 && !lq->has_invite)
			return count_in_scope(db, lq, counts);
		db_query_init(&q, db, count_stmts[lq->plan]);
		bind_where(&q, lq, 0);
		return read_counts(&q, counts);
	}
	if (lq->kept_count && (kept = count_kept(db, lq, counts)) == -1)
		return -1;
	if (kept || lq->keys_count) {
		if (!kept && count_by_keys(db, lq, counts) == -1)
			return -1;
		for (lq->candidates = 0, i = 0; i < CLIENT__MAX; i++)
			lq->candidates += counts[i];
		lq->plan = lq->candidates <= lq->index_limit ? PLAN_INDEX : PLAN_SCAN;
		lq->planned = 1;
	} else {
		if (!lq->planned && choose_plan(db, lq) == -1)
			return -1;
		db_query_init(&q, db, count_stmts[lq->plan]);
		bind_where(&q, lq, lq->plan == PLAN_INDEX);
		if (read_counts(&q, counts) == -1)
			return -1;
	}
	memcpy(lq->matches, counts, sizeof(lq->matches));
	/* What a walk passes: every client in its index, whoever they are assigned to. */
	all = *lq;
	all.scope = 0;
	all.staff = 0;
	if (count_in_scope(db, &all, lq->in_index) == -1)
		return -1;
	lq->counted = 1;
	return 0;
}

/* Sum of counts over the statuses the status filter lets through. */
static long long
filtered(const struct list_query *lq, const long long counts[CLIENT__MAX])
{
	long long	 n = 0;
	int		 i;

	if (lq->has_status)
		return counts[lq->status];
	for (i = 0; i < CLIENT__MAX; i++)
		n += counts[i];
	return n;
}

/*
 * How a page of a search is read.  Walking the order's index, a page ending at row `end` of
 * `matches` spread through the `rows` clients of that index (all of them, whoever they are
 * assigned to; of one status when the status order walks a status filter) passes about
 * end * rows / matches of them, each checked in the index alone.  A walk is chosen when it
 * passes at most WALK_MAX clients and, for PLAN_INDEX, fewer than WALK_PER_CANDIDATE times
 * the candidates it would otherwise look up and sort; else PLAN_INDEX sorts its candidates and
 * PLAN_SCAN sorts every match.  Without the counts (an export), a walk is never chosen.
 */
static enum page_way
page_way(const struct list_query *lq, long long end)
{
	long long	 matches, rows = 0, walk;
	int		 i;

	if (lq->plan == PLAN_ALL)
		return PAGE_ALL;
	if (lq->counted && walkable(lq->sort, lq->descending)) {
		matches = filtered(lq, lq->matches);
		if (lq->sort == SORT_STATUS && lq->has_status)
			rows = lq->in_index[lq->status];
		else
			for (i = 0; i < CLIENT__MAX; i++)
				rows += lq->in_index[i];
		if (end > matches)
			end = matches;
		if (matches > 0) {
			walk = end * (rows / matches + 1);
			if (walk <= WALK_MAX && (lq->plan != PLAN_INDEX ||
			    walk < lq->candidates * WALK_PER_CANDIDATE))
				return PAGE_WALK;
		}
	}
	return lq->plan == PLAN_INDEX ? PAGE_INDEX : PAGE_SORT;
}

int
list_page(struct db *db, struct list_query *lq, long long limit, long long offset,
    struct db_query *q)
{
	enum page_way	 way;

	if (!lq->planned && choose_plan(db, lq) == -1)
		return -1;
	way = page_way(lq, offset + limit);

	db_query_init(q, db, page_stmts[lq->sort][lq->descending ? 1 : 0][way]);
	bind_where(q, lq, way == PAGE_INDEX);
	bind_status(q, lq);
	db_bind_int(q, limit);
	db_bind_int(q, offset);
	if (db_query_exec(q) == -1) {
		db_query_end(q);
		return -1;
	}
	return 0;
}

long long
list_ids(struct db *db, struct list_query *lq, long long *ids, long long max)
{
	struct db_query	 q;
	long long	 n = 0;
	int		 rc;

	if (!lq->planned && choose_plan(db, lq) == -1)
		return -1;
	db_query_init(&q, db, ids_stmts[lq->plan]);
	bind_where(&q, lq, lq->plan == PLAN_INDEX);
	bind_status(&q, lq);
	db_bind_int(&q, max);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1 && n < max)
		ids[n++] = db_col_int(&q, 0);
	db_query_end(&q);
	return rc == -1 ? -1 : n;
}
