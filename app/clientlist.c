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
 * The statements are assembled by the preprocessor from these parts, so each is a constant
 * string and the parameters always come in the same order:
 *   candidates (PLAN_INDEX only): LIST_TRIGRAMS trigrams, how many must match, a tag pattern
 *   scope: clinician id twice; staff filter three times; tag filter twice; invitation
 *   state twice
 *   fragments (PLAN_INDEX and PLAN_SCAN): LIST_FRAGMENTS pairs of patterns
 *   status filter twice (pages and ids only); then LIMIT and OFFSET (pages only)
 */
#define CANDIDATES \
	"(SELECT client_id FROM client_trigrams WHERE trigram IN (?, ?, ?, ?, ?, ?, ?, ?) " \
	"GROUP BY client_id HAVING COUNT(*) >= ? UNION SELECT ct.client_id FROM client_tags ct " \
	"JOIN tags t ON t.id = ct.tag_id WHERE t.name LIKE ?) m "

#define FILTERS \
	"WHERE (? = 0 OR c.assigned_staff_id = ?) " \
	"AND (? = 0 OR (? = -1 AND c.assigned_staff_id IS NULL) OR c.assigned_staff_id = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM client_tags ft WHERE ft.client_id = c.id " \
	"AND ft.tag_id = ?)) " \
	"AND (? = '' OR " PORTAL_INVITE_STATE " = ?) "

#define FRAGMENT \
	"AND (c.search_text LIKE ? OR EXISTS (SELECT 1 FROM client_tags st JOIN tags t2 " \
	"ON t2.id = st.tag_id WHERE st.client_id = c.id AND t2.name LIKE ?)) "
#define FRAGMENTS	FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT FRAGMENT

#define STATUS_FILTER	"AND (? = '' OR c.status = ?) "

/* The rows of each plan.  A search reads its candidates first and only then their client
 * rows (STRAIGHT_JOIN keeps that order: the other way round scans every client). */
#define FROM_ALL(join)		"FROM clients c " join FILTERS
#define FROM_INDEX(join) \
	"FROM " CANDIDATES "STRAIGHT_JOIN clients c ON c.id = m.client_id " join FILTERS FRAGMENTS
#define FROM_SCAN(join)		"FROM clients c " join FILTERS FRAGMENTS

#define COUNT_HEAD	"SELECT c.status, COUNT(*) "
#define COUNT_TAIL	"GROUP BY c.status"

#define IDS_HEAD	"SELECT c.id "
#define IDS_TAIL	"ORDER BY c.id LIMIT ?"

/*
 * A page in two steps: the inner query finds the page's ids with their sort keys (the
 * order, LIMIT and OFFSET work on narrow rows), the outer one reads those rows whole and
 * their tags, so the tags are looked up for the rows shown only.
 */
#define PAGE_INNER_HEAD \
	"SELECT c.id, c.sort_name, c.joined_at, c.status, s.name AS staff_name "
#define PAGE_JOIN	"LEFT JOIN staff s ON s.id = c.assigned_staff_id "
#define PAGE_OUTER_HEAD \
	"SELECT c.id, c.first_name, c.last_name, c.preferred_name, c.email, c.phone, " \
	"c.joined_at, c.status, COALESCE(c.assigned_staff_id, 0), COALESCE(p.staff_name, ''), " \
	"(SELECT GROUP_CONCAT(tg.name ORDER BY tg.name SEPARATOR 0x1f) FROM client_tags ctg " \
	"JOIN tags tg ON tg.id = ctg.tag_id WHERE ctg.client_id = c.id), " \
	PORTAL_INVITE_STATE ", " PORTAL_INVITE_SENT ", " PORTAL_INVITE_EXPIRES " FROM ("
#define PAGE_OUTER_JOIN	") p STRAIGHT_JOIN clients c ON c.id = p.id "

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

/* Without a search, a tag or an invitation state, the counts come from the counter table: a few rows. */
static const char count_from_counters[] =
	"SELECT status, SUM(n) FROM client_counts WHERE (? = 0 OR staff_id = ?) "
	"AND (? = 0 OR (? = -1 AND staff_id = 0) OR staff_id = ?) GROUP BY status";

static const char *const count_stmts[PLAN__MAX] = {
	COUNT_HEAD FROM_ALL("") COUNT_TAIL,
	COUNT_HEAD FROM_INDEX("") COUNT_TAIL,
	COUNT_HEAD FROM_SCAN("") COUNT_TAIL,
};

static const char *const ids_stmts[PLAN__MAX] = {
	IDS_HEAD FROM_ALL("") STATUS_FILTER IDS_TAIL,
	IDS_HEAD FROM_INDEX("") STATUS_FILTER IDS_TAIL,
	IDS_HEAD FROM_SCAN("") STATUS_FILTER IDS_TAIL,
};

#define PAGE(from, order) \
	PAGE_OUTER_HEAD PAGE_INNER_HEAD from STATUS_FILTER order("c.") "LIMIT ? OFFSET ?" \
	PAGE_OUTER_JOIN order("p.")
#define PAGES(order) { \
	PAGE(FROM_ALL(PAGE_JOIN), order), \
	PAGE(FROM_INDEX(PAGE_JOIN), order), \
	PAGE(FROM_SCAN(PAGE_JOIN), order), \
}

/* [sort][descending][plan] */
static const char *const page_stmts[SORT__MAX][2][PLAN__MAX] = {
	{ PAGES(ORDER_NAME_ASC), PAGES(ORDER_NAME_DESC) },
	{ PAGES(ORDER_JOINED_ASC), PAGES(ORDER_JOINED_DESC) },
	{ PAGES(ORDER_STATUS_ASC), PAGES(ORDER_STATUS_DESC) },
	{ PAGES(ORDER_STAFF_ASC), PAGES(ORDER_STAFF_DESC) },
};

int
list_query_prepare(struct list_query *lq, const char *q)
{
	char	 words[LIST_FRAGMENTS + 1][TEXT_FRAGMENT_MAX];
	size_t	 i, longest = 0, len, best = 0;

	memset(lq->likes, 0, sizeof(lq->likes));
	memset(&lq->candidate_like, 0, sizeof(lq->candidate_like));
	lq->nfragments = text_fragments(q, words, LIST_FRAGMENTS + 1);
	lq->words_dropped = lq->nfragments > LIST_FRAGMENTS;
	if (lq->words_dropped)
		lq->nfragments = LIST_FRAGMENTS;
	memcpy(lq->fragments, words, sizeof(lq->fragments));
	lq->ntrigrams = 0;
	lq->plan = PLAN_ALL;
	if (lq->nfragments == 0)
		return 0;
	for (i = 0; i < LIST_FRAGMENTS; i++) {
		/* unused slots match everything */
		if (text_like_contains(i < lq->nfragments ? lq->fragments[i] : "",
		    &lq->likes[i]) == -1)
			return -1;
		if (i < lq->nfragments && (len = text_length(lq->fragments[i])) > longest) {
			longest = len;
			best = i;
		}
	}
	if (longest < 3) {
		lq->plan = PLAN_SCAN;
		return 0;
	}
	/* The longest word is the most selective: its windows pick the candidates. */
	lq->plan = PLAN_INDEX;
	lq->ntrigrams = text_fragment_trigrams(lq->fragments[best], lq->trigrams, LIST_TRIGRAMS);
	return text_like_contains(lq->fragments[best], &lq->candidate_like);
}

void
list_query_free(struct list_query *lq)
{
	size_t	 i;

	for (i = 0; i < LIST_FRAGMENTS; i++)
		buf_free(&lq->likes[i]);
	buf_free(&lq->candidate_like);
}

static void
bind_where(struct db_query *q, const struct list_query *lq)
{
	size_t	 i;

	if (lq->plan == PLAN_INDEX) {
		for (i = 0; i < LIST_TRIGRAMS; i++)
			db_bind_text(q, lq->trigrams[i < lq->ntrigrams ? i : 0]);
		db_bind_int(q, (long long)lq->ntrigrams);
		db_bind_text(q, lq->candidate_like.data);
	}
	db_bind_int(q, lq->scope);
	db_bind_int(q, lq->scope);
	db_bind_int(q, lq->staff);
	db_bind_int(q, lq->staff);
	db_bind_int(q, lq->staff);
	db_bind_int(q, lq->tag);
	db_bind_int(q, lq->tag);
	db_bind_text(q, lq->has_invite ? invite_states[lq->invite] : "");
	db_bind_text(q, lq->has_invite ? invite_states[lq->invite] : "");
	if (lq->plan != PLAN_ALL)
		for (i = 0; i < LIST_FRAGMENTS; i++) {
			db_bind_text(q, lq->likes[i].data);
			db_bind_text(q, lq->likes[i].data);
		}
}

static void
bind_status(struct db_query *q, const struct list_query *lq)
{
	const char	*s = lq->has_status ? client_statuses[lq->status] : "";

	db_bind_text(q, s);
	db_bind_text(q, s);
}

int
list_count(struct db *db, const struct list_query *lq, long long counts[CLIENT__MAX])
{
	struct db_query		 q;
	enum client_status	 st;
	int			 rc;

	memset(counts, 0, sizeof(long long) * CLIENT__MAX);
	if (lq->plan == PLAN_ALL && lq->tag == 0 && !lq->has_invite) {
		db_query_init(&q, db, count_from_counters);
		db_bind_int(&q, lq->scope);
		db_bind_int(&q, lq->scope);
		db_bind_int(&q, lq->staff);
		db_bind_int(&q, lq->staff);
		db_bind_int(&q, lq->staff);
	} else {
		db_query_init(&q, db, count_stmts[lq->plan]);
		bind_where(&q, lq);
	}
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1)
		if (client_status_parse(db_col_str(&q, 0), &st))
			counts[st] = db_col_int(&q, 1);
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

int
list_page(struct db *db, const struct list_query *lq, long long limit, long long offset,
    struct db_query *q)
{
	db_query_init(q, db, page_stmts[lq->sort][lq->descending ? 1 : 0][lq->plan]);
	bind_where(q, lq);
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
list_ids(struct db *db, const struct list_query *lq, long long *ids, long long max)
{
	struct db_query	 q;
	long long	 n = 0;
	int		 rc;

	db_query_init(&q, db, ids_stmts[lq->plan]);
	bind_where(&q, lq);
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
