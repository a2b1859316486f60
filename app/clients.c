/* clients.c: the client directory (/clients): list, search, filters, sort, paging, export,
 * bulk actions, and adding a client by hand */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "csv.h"
#include "clientdb.h"
#include "clientlist.h"
#include "log.h"
#include "phone.h"
#include "store.h"

#define PER_PAGE_DEFAULT	50
#define BULK_IDS_MAX		1000
#define ALL_MATCHING_MAX	100000
#define CONFIRM_NAMES_SHOWN	100

const struct form_field client_list_fields[LIST__MAX] = {
	{ "q",      FORM_LINE,  0, 200, 0, 0, "Search" },
	{ "status", FORM_TOKEN, 0, 16,  0, 0, "Status" },
	{ "tag",    FORM_INT,   0, 19,  0, 999999999999999LL, "Tag" },
	{ "staff",  FORM_INT,   0, 19,  -1, 999999999999999LL, "Assigned staff" },
	{ "sort",   FORM_TOKEN, 0, 16,  0, 0, "Sort" },
	{ "dir",    FORM_TOKEN, 0, 4,   0, 0, "Direction" },
	{ "page",   FORM_INT,   0, 9,   1, 100000000, "Page" },
	{ "per",    FORM_INT,   0, 3,   1, 100, "Per page" },
	{ "select", FORM_TOKEN, 0, 8,   0, 0, "Selection" },
	{ "invite", FORM_TOKEN, 0, 16,  0, 0, "Invitation" },
};

const struct form_field client_bulk_fields[BULK__MAX] = {
	{ "action",   FORM_TOKEN,  FORM_REQUIRED, 32, 0, 0, "Action" },
	{ "ids",      FORM_IDLIST, 0, BULK_IDS_MAX, 0, 0, "Clients" },
	{ "all",      FORM_BOOL,   0, 1,   0, 0, "All matching" },
	{ "q",        FORM_LINE,   0, 200, 0, 0, "Search" },
	{ "status",   FORM_TOKEN,  0, 16,  0, 0, "Status" },
	{ "tag",      FORM_INT,    0, 19,  0, 999999999999999LL, "Tag" },
	{ "staff",    FORM_INT,    0, 19,  -1, 999999999999999LL, "Assigned staff" },
	{ "staff_id", FORM_INT,    0, 19,  0, 999999999999999LL, "Staff member" },
	{ "tag_name", FORM_LINE,   0, 64,  0, 0, "Tag" },
	{ "back",     FORM_PATH,   0, 2048, 0, 0, "Return address" },
	{ "confirm",  FORM_LINE,   0, 32,  0, 0, "Confirmation" },
	{ "invite",   FORM_TOKEN,  0, 16,  0, 0, "Invitation" },
};

/* The directory's state, read from the query string (or the bulk form's copy of it). */
struct list_state {
	char		 q[801];
	int		 has_status;
	enum client_status status;
	int		 has_invite;
	enum invite_state invite;
	long long	 tag;
	long long	 staff;
	enum list_sort	 sort;
	int		 descending;
	long long	 page;
	long long	 per;
	int		 select_all;
};

enum stmt {
	STMT_TAG_OPTIONS,
	STMT_TAG_OPTIONS_SCOPED,
	STMT_REACHABLE,
	STMT_NAMES,
	STMT_TAG_BY_NAME,
	STMT__MAX
};

#define P10	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define P100	P10 ", " P10 ", " P10 ", " P10 ", " P10 ", " P10 ", " P10 ", " P10 ", " P10 ", " P10
#define ID_BATCH 100

static const char *const stmts[STMT__MAX] = {
	/* STMT_TAG_OPTIONS: every tag, counted by the triggers of client_tags */
	"SELECT id, name, client_count FROM tags ORDER BY name",
	/* STMT_TAG_OPTIONS_SCOPED: a clinician sees the tags of their own clients, counted
	 * among them */
	"SELECT t.id, t.name, COUNT(*) FROM clients c "
	"JOIN client_tags ct ON ct.client_id = c.id JOIN tags t ON t.id = ct.tag_id "
	"WHERE c.assigned_staff_id = ? GROUP BY t.id, t.name ORDER BY t.name",
	/* STMT_REACHABLE: which of a batch of ids the caller may act on */
	"SELECT id FROM clients WHERE id IN (" P100 ") AND (? = 0 OR assigned_staff_id = ?)",
	/* STMT_NAMES */
	"SELECT id, first_name, last_name FROM clients WHERE id IN (" P100 ") ORDER BY sort_name",
	/* STMT_TAG_BY_NAME */
	"SELECT id FROM tags WHERE name = ?",
};

/* A clinician sees only their own clients; an admin sees all. */
long long
clients_scope(const struct request *r)
{
	return r->user.role == STAFF_ADMIN ? 0 : r->user.id;
}

static void
state_read(struct list_state *s, const struct form *f, int from_bulk)
{
	const struct form_value	*v = f->v;
	size_t			 i;

	memset(s, 0, sizeof(*s));
	snprintf(s->q, sizeof(s->q), "%s", v[from_bulk ? BULK_Q : LIST_Q].text);
	s->has_status = client_status_parse(v[from_bulk ? BULK_STATUS : LIST_STATUS].text,
	    &s->status);
	s->has_invite = invite_state_parse(v[from_bulk ? BULK_INVITE : LIST_INVITE].text,
	    &s->invite);
	if (v[from_bulk ? BULK_TAG : LIST_TAG].error == NULL)
		s->tag = v[from_bulk ? BULK_TAG : LIST_TAG].num;
	if (v[from_bulk ? BULK_STAFF : LIST_STAFF].error == NULL)
		s->staff = v[from_bulk ? BULK_STAFF : LIST_STAFF].num;
	s->sort = SORT_NAME;
	s->page = 1;
	s->per = PER_PAGE_DEFAULT;
	if (from_bulk)
		return;
	for (i = 0; i < SORT__MAX; i++)
		if (strcmp(v[LIST_SORT].text, list_sorts[i]) == 0)
			s->sort = (enum list_sort)i;
	s->descending = strcmp(v[LIST_DIR].text, "desc") == 0;
	if (v[LIST_PAGE].present && v[LIST_PAGE].error == NULL)
		s->page = v[LIST_PAGE].num;
	if (v[LIST_PER].present && v[LIST_PER].error == NULL &&
	    (v[LIST_PER].num == 25 || v[LIST_PER].num == 50 || v[LIST_PER].num == 100))
		s->per = v[LIST_PER].num;
	s->select_all = strcmp(v[LIST_SELECT].text, "all") == 0;
}

static void
state_query(const struct request *r, const struct list_state *s, struct list_query *lq)
{
	memset(lq, 0, sizeof(*lq));
	lq->scope = clients_scope(r);
	lq->staff = s->staff;
	lq->tag = s->tag;
	lq->has_status = s->has_status;
	lq->status = s->status;
	lq->has_invite = s->has_invite;
	lq->invite = s->invite;
	lq->sort = s->sort;
	lq->descending = s->descending;
	lq->index_limit = r->cfg->search_index_candidates;
}

/* The list's URL with the state s, changed by the overrides (NULL: keep). */
static void
state_url(const struct list_state *s, struct buf *out, const char *status, long long page,
    const char *sort, int descending, long long per, int select_all)
{
	char	 sep = '?';

	buf_reset(out);
	buf_puts(out, "/clients");
#define ADD(name) do { buf_putc(out, sep); sep = '&'; buf_puts(out, name "="); } while (0)
	if (s->q[0] != '\0') {
		ADD("q");
		http_url_encode(s->q, out);
	}
	if (status != NULL ? *status != '\0' : s->has_status) {
		ADD("status");
		buf_puts(out, status != NULL ? status : client_statuses[s->status]);
	}
	if (s->tag != 0) {
		ADD("tag");
		buf_printf(out, "%lld", s->tag);
	}
	if (s->staff != 0) {
		ADD("staff");
		buf_printf(out, "%lld", s->staff);
	}
	if (s->has_invite) {
		ADD("invite");
		buf_puts(out, invite_states[s->invite]);
	}
	if (sort == NULL)
		sort = list_sorts[s->sort];
	if (descending < 0)
		descending = s->descending;
	if (strcmp(sort, "name") != 0 || descending) {
		ADD("sort");
		buf_puts(out, sort);
		if (descending) {
			ADD("dir");
			buf_puts(out, "desc");
		}
	}
	if (per == 0)
		per = s->per;
	if (per != PER_PAGE_DEFAULT) {
		ADD("per");
		buf_printf(out, "%lld", per);
	}
	if (page > 1) {
		ADD("page");
		buf_printf(out, "%lld", page);
	}
	if (select_all) {
		ADD("select");
		buf_puts(out, "all");
	}
#undef ADD
}

/* Split a '\x1f'-joined list of names into Prefix.N. */
static void
tags_to_view(HDF *hdf, const char *joined, const char *prefix)
{
	char	 name[300];
	const char *p = joined, *end;
	int	 i = 0;

	while (p != NULL && *p != '\0') {
		end = strchr(p, '\x1f');
		snprintf(name, sizeof(name), "%.*s", end ? (int)(end - p) : (int)strlen(p), p);
		view_set(hdf, name, "%s.%d", prefix, i++);
		p = end ? end + 1 : NULL;
	}
}

static int
options_to_view(struct request *r, struct db *db, const struct list_state *s)
{
	struct db_query	 q;
	int		 i = 0, rc;

	if (clients_scope(r) == 0)
		db_query_init(&q, db, stmts[STMT_TAG_OPTIONS]);
	else {
		db_query_init(&q, db, stmts[STMT_TAG_OPTIONS_SCOPED]);
		db_bind_int(&q, clients_scope(r));
	}
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		view_set(r->hdf, db_col_str(&q, 0), "List.TagOptions.%d.Id", i);
		view_set(r->hdf, db_col_str(&q, 1), "List.TagOptions.%d.Name", i);
		view_set(r->hdf, db_col_str(&q, 2), "List.TagOptions.%d.Count", i);
		if (db_col_int(&q, 0) == s->tag)
			view_set(r->hdf, "1", "List.TagOptions.%d.Selected", i);
		i++;
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	return staff_options_to_view(r, db, "List.StaffOptions", s->staff);
}

/* A row's invitation state into Clients.N.Invite: State, Label, and for a live or expired
 * link when it was sent and when it expires. */
static void
invitation_to_view(struct request *r, const char *state, const char *sent,
    const char *expires, int i)
{
	enum invite_state	 st = INVITE_NONE;
	char			 text[64];

	invite_state_parse(state, &st);
	view_set(r->hdf, invite_states[st], "Clients.%d.Invite.State", i);
	view_set(r->hdf, invite_state_labels[st], "Clients.%d.Invite.Label", i);
	if (st != INVITE_SENT && st != INVITE_EXPIRED)
		return;
	page_format_time(r, sent, text, sizeof(text));
	view_set(r->hdf, text, "Clients.%d.Invite.Sent", i);
	page_format_time(r, expires, text, sizeof(text));
	view_set(r->hdf, text, "Clients.%d.Invite.Expires", i);
}

/* One row of the page query into Clients.N. */
static void
row_to_view(struct request *r, const struct db_query *q, int i)
{
	char			 text[1200];
	enum client_status	 st = CLIENT_PENDING;

	view_set(r->hdf, db_col_str(q, 0), "Clients.%d.Id", i);
	snprintf(text, sizeof(text), "%s %s", db_col_str(q, 1), db_col_str(q, 2));
	view_set(r->hdf, text, "Clients.%d.Name", i);
	view_set(r->hdf, db_col_str(q, 3), "Clients.%d.PreferredName", i);
	view_set(r->hdf, db_col_str(q, 4), "Clients.%d.Email", i);
	if (*db_col_str(q, 5) != '\0') {
		phone_format(db_col_str(q, 5), text, sizeof(text));
		view_set(r->hdf, text, "Clients.%d.Phone", i);
	}
	page_format_time(r, db_col_str(q, 6), text, sizeof(text));
	/* the date part only: "28 Nov 2026" */
	if (strchr(text, ',') != NULL && r->practice.date_order != WHEN_MDY)
		*strchr(text, ',') = '\0';
	else if (r->practice.date_order == WHEN_MDY && strrchr(text, ',') != NULL)
		*strrchr(text, ',') = '\0';
	view_set(r->hdf, text, "Clients.%d.Joined", i);
	client_status_parse(db_col_str(q, 7), &st);
	view_set(r->hdf, client_statuses[st], "Clients.%d.Status", i);
	view_set(r->hdf, client_status_labels[st], "Clients.%d.StatusLabel", i);
	if (db_col_int(q, 8) > 0) {
		view_set(r->hdf, db_col_str(q, 8), "Clients.%d.StaffId", i);
		view_set(r->hdf, db_col_str(q, 9), "Clients.%d.StaffName", i);
	}
	snprintf(text, sizeof(text), "Clients.%d.Tags", i);
	tags_to_view(r->hdf, db_col_str(q, 10), text);
	invitation_to_view(r, db_col_str(q, 11), db_col_str(q, 12), db_col_str(q, 13), i);
}

/* The directory's page for state s, read through db (the replica's snapshot, or the primary)
 * and kept under key when it may be.  The answer's own writes (a flash message shown) go to
 * db. */
static void
list_render(struct request *r, struct db *db, struct list_state *s, const char *key)
{
	static const char *const status_keys[CLIENT__MAX + 1] = { "", "active", "pending", "inactive" };
	static const char *const status_names[CLIENT__MAX + 1] = { "All", "Active", "Pending", "Inactive" };
	struct list_query	 lq;
	struct db_query		 q;
	struct buf		 url = { 0 };
	long long		 counts[CLIENT__MAX], all, total, pages, count;
	enum client_status	 st;
	int			 i, rc, current;
	size_t			 k;

	state_query(r, s, &lq);
	if (list_query_prepare(db, &lq, s->q) == -1 || list_count(db, &lq, counts) == -1) {
		list_query_free(&lq);
		buf_free(&url);
		page_error(r, db_unavailable(db) ? 503 : 500, NULL);
		return;
	}
	if (lq.words_dropped)
		view_set(r->hdf, "Only the first 8 words of the search were used.", "List.Notice");
	all = counts[CLIENT_PENDING] + counts[CLIENT_ACTIVE] + counts[CLIENT_INACTIVE];
	total = s->has_status ? counts[s->status] : all;
	pages = total == 0 ? 1 : (total + s->per - 1) / s->per;
	if (s->page > pages)
		s->page = pages;

	/* Status tabs, each with its count under the other filters. */
	for (i = 0; i <= CLIENT__MAX; i++) {
		count = i == 0 ? all : (client_status_parse(status_keys[i], &st) ? counts[st] : 0);
		current = i == 0 ? !s->has_status : (s->has_status && strcmp(status_keys[i],
		    client_statuses[s->status]) == 0);
		state_url(s, &url, status_keys[i], 1, NULL, -1, 0, 0);
		view_set(r->hdf, status_keys[i][0] ? status_keys[i] : "all", "List.StatusTabs.%d.Key", i);
		view_set(r->hdf, status_names[i], "List.StatusTabs.%d.Label", i);
		view_set_int(r->hdf, count, "List.StatusTabs.%d.Count", i);
		view_set(r->hdf, url.data, "List.StatusTabs.%d.Url", i);
		if (current)
			view_set(r->hdf, "1", "List.StatusTabs.%d.Current", i);
	}
	/* Sortable headers: a second click turns the direction. */
	for (k = 0; k < SORT__MAX; k++) {
		int	 on = s->sort == (enum list_sort)k;

		state_url(s, &url, NULL, 1, list_sorts[k], on ? !s->descending : 0, 0, 0);
		view_set(r->hdf, url.data, "List.Sorts.%s.Url", list_sorts[k]);
		if (on)
			view_set(r->hdf, s->descending ? "descending" : "ascending",
			    "List.Sorts.%s.Current", list_sorts[k]);
	}
	if (s->page > 1) {
		state_url(s, &url, NULL, s->page - 1, NULL, -1, 0, s->select_all);
		view_set(r->hdf, url.data, "List.PrevUrl");
	}
	if (s->page < pages) {
		state_url(s, &url, NULL, s->page + 1, NULL, -1, 0, s->select_all);
		view_set(r->hdf, url.data, "List.NextUrl");
	}
	for (i = 0; i < 3; i++) {
		long long per = i == 0 ? 25 : i == 1 ? 50 : 100;

		state_url(s, &url, NULL, 1, NULL, -1, per, 0);
		view_set_int(r->hdf, per, "List.PerOptions.%d.Value", i);
		view_set(r->hdf, url.data, "List.PerOptions.%d.Url", i);
		if (per == s->per)
			view_set(r->hdf, "1", "List.PerOptions.%d.Current", i);
	}
	state_url(s, &url, NULL, s->page, NULL, -1, 0, 0);
	view_set(r->hdf, url.data, "List.Back");
	view_set(r->hdf, url.data, "List.ClearSelectionUrl");
	state_url(s, &url, NULL, s->page, NULL, -1, 0, 1);
	view_set(r->hdf, url.data, "List.SelectAllUrl");
	buf_reset(&url);
	buf_puts(&url, "/clients/export.csv");
	{
		struct buf	 full = { 0 };

		state_url(s, &full, NULL, 1, NULL, -1, 0, 0);
		if (strchr(full.data, '?') != NULL)
			buf_puts(&url, strchr(full.data, '?'));
		buf_free(&full);
	}
	view_set(r->hdf, url.data, "List.ExportUrl");

	view_set(r->hdf, s->q, "List.Q");
	view_set(r->hdf, s->has_status ? client_statuses[s->status] : "", "List.Status");
	view_set(r->hdf, s->has_invite ? invite_states[s->invite] : "", "List.Invite");
	for (k = 0; k < INVITE__MAX; k++) {
		view_set(r->hdf, invite_states[k], "List.InviteOptions.%zu.Value", k);
		view_set(r->hdf, invite_state_labels[k], "List.InviteOptions.%zu.Label", k);
		if (s->has_invite && s->invite == (enum invite_state)k)
			view_set(r->hdf, "1", "List.InviteOptions.%zu.Selected", k);
	}
	view_set_int(r->hdf, s->tag, "List.Tag");
	view_set_int(r->hdf, s->staff, "List.Staff");
	view_set(r->hdf, list_sorts[s->sort], "List.Sort");
	view_set(r->hdf, s->descending ? "desc" : "asc", "List.Dir");
	view_set_int(r->hdf, s->page, "List.Page");
	view_set_int(r->hdf, pages, "List.Pages");
	view_set_int(r->hdf, s->per, "List.Per");
	view_set_int(r->hdf, total, "List.Total");
	view_set_int(r->hdf, all, "List.All");
	if (s->select_all && total > 0)
		view_set(r->hdf, "1", "List.SelectAll");
	if (s->q[0] != '\0' || s->has_status || s->tag != 0 || s->staff != 0 || s->has_invite)
		view_set(r->hdf, "1", "List.Filtered");
	if (options_to_view(r, db, s) == -1) {
		list_query_free(&lq);
		buf_free(&url);
		page_error(r, db_unavailable(db) ? 503 : 500, NULL);
		return;
	}
	if (list_page(db, &lq, s->per, (s->page - 1) * s->per, &q) == -1) {
		list_query_free(&lq);
		buf_free(&url);
		page_error(r, db_unavailable(db) ? 503 : 500, NULL);
		return;
	}
	i = 0;
	while ((rc = db_query_next(&q)) == 1)
		row_to_view(r, &q, i++);
	db_query_end(&q);
	list_query_free(&lq);
	buf_free(&url);
	if (rc != -1 && tasks_overdue_to_view(r, db, "Clients", i) == -1)
		rc = -1;
	if (rc == -1) {
		page_error(r, db_unavailable(db) ? 503 : 500, NULL);
		return;
	}
	view_set_int(r->hdf, i, "List.Shown");
	view_set_int(r->hdf, total == 0 ? 0 : (s->page - 1) * s->per + 1, "List.From");
	view_set_int(r->hdf, (s->page - 1) * s->per + i, "List.To");
	view_set(r->hdf, "1", "Page.Wide");
	page_render(r, "clients.cs", "Clients");
	listcache_store(r, key);
}


void
clients_list(struct request *r)
{
	struct list_state	 s;
	struct buf		 url = { 0 }, key = { 0 };
	struct db		*db;

	state_read(&s, &r->form, 0);
	/* The same page for the same person at the same versions: kept by this worker. */
	state_url(&s, &url, NULL, s.page, NULL, -1, 0, s.select_all);
	listcache_key(r, url.data, &key);
	buf_free(&url);
	if (listcache_answer(r, key.data)) {
		buf_free(&key);
		return;
	}
	r->render_shared = listcache_shareable(r);
	db = replica_begin(r);
	list_render(r, db, &s, key.data);
	replica_end(r, db);
	buf_free(&key);
}

void
clients_export(struct request *r)
{
	struct list_state	 s;
	struct list_query	 lq;
	static const char *const header[] = { "First name", "Last name", "Preferred name",
	    "Email", "Phone", "Joined", "Status", "Assigned staff", "Tags" };
	struct db_query		 q;
	struct csv_writer	 w;
	struct db		*db;
	char			 phone[64], tags[2048], detail[64];
	const char		*p;
	long long		 rows = 0;
	int			 rc;
	size_t			 k;

	state_read(&s, &r->form, 0);
	state_query(r, &s, &lq);
	lq.sort = SORT_NAME;
	lq.descending = 0;
	db = replica_begin(r);
	if (list_query_prepare(db, &lq, s.q) == -1 ||
	    list_page(db, &lq, ALL_MATCHING_MAX, 0, &q) == -1) {
		list_query_free(&lq);
		page_error(r, db_unavailable(db) ? 503 : 500, NULL);
		replica_end(r, db);
		return;
	}
	buf_reset(&r->resp.body);
	csv_write_start(&w, &r->resp.body);
	for (k = 0; k < sizeof(header) / sizeof(header[0]); k++)
		csv_cell_text(&w, header[k]);
	csv_row_end(&w);
	while ((rc = db_query_next(&q)) == 1) {
		phone_format(db_col_str(&q, 5), phone, sizeof(phone));
		snprintf(tags, sizeof(tags), "%s", db_col_str(&q, 10));
		for (k = 0; tags[k] != '\0'; k++)
			if (tags[k] == '\x1f')
				tags[k] = ';';
		csv_cell_text(&w, db_col_str(&q, 1));
		csv_cell_text(&w, db_col_str(&q, 2));
		csv_cell_text(&w, db_col_str(&q, 3));
		csv_cell_text(&w, db_col_str(&q, 4));
		csv_cell_phone(&w, *db_col_str(&q, 5) ? phone : "");
		p = db_col_str(&q, 6);
		snprintf(phone, sizeof(phone), "%.10s", p);
		csv_cell_text(&w, phone);
		csv_cell_text(&w, db_col_str(&q, 7));
		csv_cell_text(&w, db_col_str(&q, 9));
		csv_cell_text(&w, tags);
		csv_row_end(&w);
		rows++;
	}
	if (w.failed) {
		log_error("out of memory");
		exit(1);
	}
	db_query_end(&q);
	list_query_free(&lq);
	if (rc == -1)
		page_error(r, db_unavailable(db) ? 503 : 500, NULL);
	replica_end(r, db);
	if (rc == -1)
		return;
	snprintf(detail, sizeof(detail), "%lld clients", rows);
	audit_write(r, "clients_exported", "client", 0, detail);
	http_header(&r->resp, "Content-Type", "text/csv; charset=utf-8");
	http_header(&r->resp, "Content-Disposition", "attachment; filename=\"clients.csv\"");
}

/* Keep the ids the caller may act on; 0 when every one is reachable, 1 when some are not
 * (the caller answers 404 and changes nothing), -1 on error. */
static int
check_reach(struct request *r, const long long *ids, long long n)
{
	struct db_query	 q;
	long long	 i, k, found = 0, scope = clients_scope(r);
	int		 rc;

	for (i = 0; i < n; i += ID_BATCH) {
		db_query_init(&q, r->db, stmts[STMT_REACHABLE]);
		for (k = 0; k < ID_BATCH; k++)
			db_bind_int(&q, i + k < n ? ids[i + k] : 0);
		db_bind_int(&q, scope);
		db_bind_int(&q, scope);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			return -1;
		}
		while ((rc = db_query_next(&q)) == 1)
			found++;
		db_query_end(&q);
		if (rc == -1)
			return -1;
	}
	return found == n ? 0 : 1;
}

/* Sort and drop repeated ids in place; the new count. */
static int
cmp_id(const void *a, const void *b)
{
	long long	 x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long
unique_ids(long long *ids, long long n)
{
	long long	 i, k = 0;

	qsort(ids, (size_t)n, sizeof(*ids), cmp_id);
	for (i = 0; i < n; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	return k;
}

/* The selection of a bulk form: the checked ids, or every client matching the copied
 * filters.  Returns the count (ids allocated in *out), -1 on error, -2 when some are out of
 * reach. */
static long long
bulk_selection(struct request *r, long long **out)
{
	struct form		*f = &r->form;
	struct list_state	 s;
	struct list_query	 lq;
	long long		*ids, n;
	int			 reach;

	*out = NULL;
	if (f->v[BULK_ALL].num) {
		state_read(&s, f, 1);
		state_query(r, &s, &lq);
		if ((ids = calloc(ALL_MATCHING_MAX, sizeof(*ids))) == NULL)
			return -1;
		n = list_query_prepare(r->db, &lq, s.q) == -1 ? -1 :
		    list_ids(r->db, &lq, ids, ALL_MATCHING_MAX);
		list_query_free(&lq);
		if (n < 0) {
			free(ids);
			return -1;
		}
		*out = ids;
		return n;
	}
	n = (long long)f->v[BULK_IDS].nids;
	if (n == 0)
		return 0;
	if ((ids = calloc((size_t)n, sizeof(*ids))) == NULL)
		return -1;
	memcpy(ids, f->v[BULK_IDS].ids, sizeof(*ids) * (size_t)n);
	n = unique_ids(ids, n);
	if ((reach = check_reach(r, ids, n)) != 0) {
		free(ids);
		return reach == 1 ? -2 : -1;
	}
	*out = ids;
	return n;
}

static const char *
plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* The confirmation page of a delete: how many, which (by name), and the typed word. */
static void
delete_confirm_page(struct request *r, const long long *ids, long long n, int status)
{
	struct db_query	 q;
	char		 name[900];
	long long	 i, k, shown = 0;
	int		 rc;

	for (i = 0; i < n && shown < CONFIRM_NAMES_SHOWN; i += ID_BATCH) {
		db_query_init(&q, r->db, stmts[STMT_NAMES]);
		for (k = 0; k < ID_BATCH; k++)
			db_bind_int(&q, i + k < n ? ids[i + k] : 0);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			page_db_error(r);
			return;
		}
		while ((rc = db_query_next(&q)) == 1 && shown < CONFIRM_NAMES_SHOWN) {
			snprintf(name, sizeof(name), "%s %s", db_col_str(&q, 1), db_col_str(&q, 2));
			view_set(r->hdf, db_col_str(&q, 0), "Delete.Clients.%lld.Id", shown);
			view_set(r->hdf, name, "Delete.Clients.%lld.Name", shown);
			shown++;
		}
		db_query_end(&q);
	}
	for (i = 0; i < n && i < BULK_IDS_MAX; i++)
		view_set_int(r->hdf, ids[i], "Delete.Ids.%lld", i);
	if (n > BULK_IDS_MAX) {
		/* too many to carry as ids: carry the filters that chose them */
		view_set(r->hdf, "1", "Delete.All");
		view_set(r->hdf, r->form.v[BULK_Q].text, "Delete.Q");
		view_set(r->hdf, r->form.v[BULK_STATUS].text, "Delete.Status");
		view_set_int(r->hdf, r->form.v[BULK_TAG].num, "Delete.Tag");
		view_set_int(r->hdf, r->form.v[BULK_STAFF].num, "Delete.Staff");
		view_set(r->hdf, r->form.v[BULK_INVITE].text, "Delete.Invite");
	}
	view_set_int(r->hdf, n, "Delete.Count");
	view_set_int(r->hdf, n - shown, "Delete.More");
	view_set(r->hdf, *r->form.v[BULK_BACK].text && !r->form.v[BULK_BACK].error ?
	    r->form.v[BULK_BACK].text : "/clients", "Delete.Back");
	view_set(r->hdf, "/clients/bulk", "Delete.Action");
	r->resp.status = status;
	page_render(r, "client_delete.cs", n == 1 ? "Delete client" : "Delete clients");
}

/* Delete clients in one transaction, then their files; the number deleted or -1. */
long long
clients_delete(struct request *r, const long long *ids, long long n)
{
	struct buf	 keys = { 0 };
	char		*line, *next;
	long long	 i;

	if (db_begin(r->db) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (db_client_delete(r->db, ids[i], &keys) == -1) {
			db_rollback(r->db);
			buf_free(&keys);
			return -1;
		}
	if (db_commit(r->db) == -1) {
		buf_free(&keys);
		return -1;
	}
	/* The rows are gone for good: now the bytes. */
	for (line = keys.data; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (store_remove(r->cfg->files_dir, line) == -1)
			log_warn("file %s of a deleted client could not be removed", line);
	}
	buf_free(&keys);
	for (i = 0; i < n; i++)
		audit_write(r, "client_deleted", "client", ids[i], NULL);
	return n;
}

/* Apply one bulk action to every id in one transaction, with an audit entry for each client
 * that changed; *done counts them.  0, or -1 with everything rolled back. */
static int
bulk_apply(struct request *r, const char *action, const long long *ids, long long n,
    long long tag_id, long long *done)
{
	long long	 i, staff_id = r->form.v[BULK_STAFF_ID].num;
	int		 changed, rc;

	*done = 0;
	if (db_begin(r->db) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		changed = 0;
		if (strcmp(action, "deactivate") == 0)
			rc = db_client_set_status(r->db, ids[i], CLIENT_INACTIVE, &changed);
		else if (strcmp(action, "reactivate") == 0)
			rc = db_client_set_status(r->db, ids[i], CLIENT_ACTIVE, &changed);
		else if (strcmp(action, "assign") == 0)
			rc = db_client_assign(r->db, ids[i], staff_id, &changed);
		else if (strcmp(action, "tag_add") == 0)
			rc = db_client_tag_add(r->db, ids[i], tag_id, &changed);
		else
			rc = db_client_tag_remove(r->db, ids[i], tag_id, &changed);
		if (rc == -1)
			goto fail;
		if (!changed)
			continue;
		(*done)++;
		if (audit_write(r, strcmp(action, "deactivate") == 0 ? "client_deactivated" :
		    strcmp(action, "reactivate") == 0 ? "client_reactivated" :
		    strcmp(action, "assign") == 0 ? "client_assigned" :
		    strcmp(action, "tag_add") == 0 ? "client_tag_added" : "client_tag_removed",
		    "client", ids[i], "bulk") == -1)
			goto fail;
	}
	if (db_commit(r->db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(r->db);
	return -1;
}

void
clients_bulk(struct request *r)
{
	struct form	*f = &r->form;
	struct db_query	 q;
	const char	*action = f->v[BULK_ACTION].text;
	const char	*back = *f->v[BULK_BACK].text && !f->v[BULK_BACK].error ?
			    f->v[BULK_BACK].text : "/clients";
	char		 message[700], staff_name[256] = "", tag[300];
	long long	*ids = NULL, n, done = 0, tag_id = 0;
	int		 attempt, admin = r->user.role == STAFF_ADMIN;

	if (*action == '\0') {
		page_flash_redirect(r, "error", "Choose an action first.", back);
		return;
	}
	if (strcmp(action, "deactivate") != 0 && strcmp(action, "reactivate") != 0 &&
	    strcmp(action, "assign") != 0 && strcmp(action, "tag_add") != 0 &&
	    strcmp(action, "tag_remove") != 0 && strcmp(action, "delete") != 0 &&
	    strcmp(action, "delete_confirmed") != 0 && strcmp(action, "invite") != 0) {
		page_error(r, 400, "This bulk action does not exist.");
		return;
	}
	if ((strncmp(action, "delete", 6) == 0 || strcmp(action, "assign") == 0) && !admin) {
		page_error(r, 403, "Only practice administrators may do this.");
		return;
	}
	if ((n = bulk_selection(r, &ids)) == -2) {
		page_error(r, 404, NULL);
		return;
	}
	if (n < 0) {
		page_db_error(r);
		return;
	}
	if (n == 0) {
		page_flash_redirect(r, "error", "Select at least one client first.", back);
		return;
	}
	if (strcmp(action, "invite") == 0) {
		done = invitations_bulk(r, ids, n, message, sizeof(message));
		free(ids);
		if (done < 0) {
			page_db_error(r);
			return;
		}
		page_flash_redirect(r, done > 0 ? "success" : "error", message, back);
		return;
	}
	if (strcmp(action, "delete") == 0) {
		delete_confirm_page(r, ids, n, 200);
		free(ids);
		return;
	}
	if (strcmp(action, "delete_confirmed") == 0) {
		if (strcmp(f->v[BULK_CONFIRM].text, "DELETE") != 0) {
			view_set(r->hdf, "Type DELETE in capital letters to confirm.", "Form.confirm.Error");
			view_set(r->hdf, f->v[BULK_CONFIRM].text, "Form.confirm.Value");
			delete_confirm_page(r, ids, n, 422);
			free(ids);
			return;
		}
		done = clients_delete(r, ids, n);
		free(ids);
		if (done < 0) {
			page_db_error(r);
			return;
		}
		snprintf(message, sizeof(message), "%lld client%s deleted.", done, plural(done));
		page_flash_redirect(r, "success", message, "/clients");
		return;
	}
	if (strcmp(action, "assign") == 0 && f->v[BULK_STAFF_ID].num > 0) {
		struct staff_user	 member;
		int			 found;

		if ((found = staff_load(r->db, f->v[BULK_STAFF_ID].num, &member)) == -1) {
			free(ids);
			page_db_error(r);
			return;
		}
		if (found == 1)
			snprintf(staff_name, sizeof(staff_name), "%s", member.name);
		if (staff_name[0] == '\0') {
			free(ids);
			page_flash_redirect(r, "error", "Choose an active staff member.", back);
			return;
		}
	}
	if (strncmp(action, "tag_", 4) == 0) {
		snprintf(tag, sizeof(tag), "%s", f->v[BULK_TAG_NAME].text);
		if (tag[0] == '\0') {
			free(ids);
			page_flash_redirect(r, "error", "Enter the tag's name.", back);
			return;
		}
		if (strcmp(action, "tag_add") == 0 ? db_tag_ensure(r->db, tag,
		    practice_may_create_tags(&r->practice, r->user.role), &tag_id) == -1 : 0) {
			free(ids);
			page_db_error(r);
			return;
		}
		if (strcmp(action, "tag_add") == 0 && tag_id == 0) {
			free(ids);
			snprintf(message, sizeof(message), "No tag is called \"%s\", and only an "
			    "administrator can create tags. Nothing was changed: choose an existing "
			    "tag, or ask an administrator to create this one.", tag);
			page_flash_redirect(r, "error", message, back);
			return;
		}
		if (strcmp(action, "tag_remove") == 0) {
			db_query_init(&q, r->db, stmts[STMT_TAG_BY_NAME]);
			db_bind_text(&q, tag);
			if (db_scalar_int(&q, &tag_id) == -1) {
				free(ids);
				page_db_error(r);
				return;
			}
			if (tag_id == 0) {
				free(ids);
				page_flash_redirect(r, "error", "No tag has that name.", back);
				return;
			}
		}
	}
	/* Two bulk changes crossing each other's counter rows can deadlock: MariaDB undoes one,
	 * and that one is simply done again. */
	for (attempt = 0; bulk_apply(r, action, ids, n, tag_id, &done) == -1; attempt++) {
		if (attempt < 2 && (db_errno(r->db) == 1213 || db_errno(r->db) == 1205))
			continue;
		free(ids);
		page_db_error(r);
		return;
	}
	free(ids);
	if (strcmp(action, "deactivate") == 0)
		snprintf(message, sizeof(message), "%lld client%s deactivated.", done, plural(done));
	else if (strcmp(action, "reactivate") == 0)
		snprintf(message, sizeof(message), "%lld client%s reactivated.", done, plural(done));
	else if (strcmp(action, "assign") == 0)
		snprintf(message, sizeof(message), staff_name[0] ? "%lld client%s assigned to %s." :
		    "%lld client%s unassigned.%s", done, plural(done), staff_name);
	else if (strcmp(action, "tag_add") == 0)
		snprintf(message, sizeof(message), "Tag \"%s\" added to %lld client%s.", tag, done,
		    plural(done));
	else
		snprintf(message, sizeof(message), "Tag \"%s\" removed from %lld client%s.", tag,
		    done, plural(done));
	page_flash_redirect(r, "success", message, back);
}
