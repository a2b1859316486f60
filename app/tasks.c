/* tasks.c: homework and to-dos on a client's profile (/clients/{id}/tasks) and in the portal
 * (/portal/tasks): staff assign, the client marks done (with a comment) and adds their own,
 * staff reopen */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "when.h"
#include "markup.h"

#define DONE_SHOWN	50	/* completed tasks listed, newest first */
#define PORTAL_NEXT	3

const struct form_field task_fields[TASK__MAX] = {
	{ "title",       FORM_LINE, FORM_REQUIRED, 200,  0, 0, "Task" },
	{ "description", FORM_TEXT, 0,             5000, 0, 0, "Description" },
	{ "due_date",    FORM_LINE, 0,             20,   0, 0, "Due date" },
};

const struct form_field task_done_fields[TDONE__MAX] = {
	{ "comment", FORM_TEXT, 0, 1000, 0, 0, "Comment" },
};

enum stmt {
	STMT_COUNTS,
	STMT_OPEN,
	STMT_DONE,
	STMT_GET,
	STMT_INSERT,
	STMT_COMPLETE,
	STMT_REOPEN,
	STMT_OVERDUE_OF,
	STMT__MAX
};

/* The most clients a directory page shows, each a placeholder of STMT_OVERDUE_OF. */
#define LIST_IDS	100
#define IDS10		"?,?,?,?,?,?,?,?,?,?"
#define IDS100		IDS10 "," IDS10 "," IDS10 "," IDS10 "," IDS10 "," IDS10 "," IDS10 "," \
			IDS10 "," IDS10 "," IDS10

#define TASK_COLUMNS \
	"SELECT t.id, t.created_by_kind, COALESCE(s.name, ''), t.title, t.description, " \
	"COALESCE(t.due_date, ''), COALESCE(t.done_at, ''), t.done_comment, " \
	"(t.done_at IS NULL AND t.due_date < ?) " \
	"FROM tasks t LEFT JOIN staff s ON t.created_by_kind = 'staff' AND s.id = t.created_by_id "

static const char *const stmts[STMT__MAX] = {
	/* STMT_COUNTS: all, done, overdue (today bound) */
	"SELECT COUNT(*), COALESCE(SUM(done_at IS NOT NULL), 0), "
	"COALESCE(SUM(done_at IS NULL AND due_date < ?), 0) FROM tasks WHERE client_id = ?",
	/* STMT_OPEN: the soonest due first, those without a date last */
	TASK_COLUMNS "WHERE t.client_id = ? AND t.done_at IS NULL "
	"ORDER BY t.due_date IS NULL, t.due_date, t.id",
	/* STMT_DONE */
	TASK_COLUMNS "WHERE t.client_id = ? AND t.done_at IS NOT NULL "
	"ORDER BY t.done_at DESC, t.id DESC LIMIT ?",
	/* STMT_GET */
	"SELECT created_by_kind, done_at IS NOT NULL FROM tasks WHERE id = ? AND client_id = ?",
	/* STMT_INSERT */
	"INSERT INTO tasks (client_id, created_by_kind, created_by_id, title, description, "
	"due_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), "
	"UTC_TIMESTAMP())",
	/* STMT_COMPLETE */
	"UPDATE tasks SET done_at = UTC_TIMESTAMP(), done_comment = ?, "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND done_at IS NULL",
	/* STMT_REOPEN */
	"UPDATE tasks SET done_at = NULL, done_comment = '', updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND done_at IS NOT NULL",
	/* STMT_OVERDUE_OF: today, then a page of client ids (padded with 0) */
	"SELECT client_id, COUNT(*) FROM tasks WHERE done_at IS NULL AND due_date < ? "
	"AND client_id IN (" IDS100 ") GROUP BY client_id",
};

static void
audit_task(struct request *r, const struct record_side *s, const char *action, long long id)
{
	char	 detail[48];

	snprintf(detail, sizeof(detail), "task %lld", id);
	audit_write(r, action, "client", s->client_id, detail);
}

/* The tasks of stmt (open or done) into prefix.N.*; 0 or -1. */
static int
rows_to_view(struct request *r, const struct record_side *s, enum stmt which, const char *prefix)
{
	struct db_query	 q;
	struct buf	 html = { 0 };
	char		 now[11], text[64], name[96];
	int		 i = 0, rc;

	when_today(now);
	db_query_init(&q, r->db, stmts[which]);
	db_bind_text(&q, now);
	db_bind_int(&q, s->client_id);
	if (which == STMT_DONE)
		db_bind_int(&q, DONE_SHOWN);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		view_set_int(r->hdf, db_col_int(&q, 0), "%s.%d.Id", prefix, i);
		view_set(r->hdf, db_col_str(&q, 1), "%s.%d.CreatedBy", prefix, i);
		view_set(r->hdf, strcmp(db_col_str(&q, 1), "client") == 0 ?
		    (s->portal ? "You" : s->client.v[CF_FIRST_NAME]) :
		    *db_col_str(&q, 2) != '\0' ? db_col_str(&q, 2) : "A former staff member",
		    "%s.%d.Author", prefix, i);
		view_set(r->hdf, db_col_str(&q, 3), "%s.%d.Title", prefix, i);
		buf_reset(&html);
		if (markup_render(&html, db_col_str(&q, 4), db_col_len(&q, 4)) == -1) {
			rc = -1;
			break;
		}
		view_set(r->hdf, html.data != NULL ? html.data : "", "%s.%d.DescriptionHtml",
		    prefix, i);
		if (*db_col_str(&q, 5) != '\0') {
			page_format_date(r, db_col_str(&q, 5), text, sizeof(text));
			view_set(r->hdf, text, "%s.%d.Due", prefix, i);
		}
		if (*db_col_str(&q, 6) != '\0') {
			page_format_time(r, db_col_str(&q, 6), text, sizeof(text));
			view_set(r->hdf, text, "%s.%d.DoneAt", prefix, i);
		}
		view_set(r->hdf, db_col_str(&q, 7), "%s.%d.DoneComment", prefix, i);
		if (db_col_int(&q, 8))
			view_set(r->hdf, "1", "%s.%d.Overdue", prefix, i);
		/* the client may reopen their own to-dos; staff any task */
		if (!s->portal || strcmp(db_col_str(&q, 1), "client") == 0)
			view_set(r->hdf, "1", "%s.%d.CanReopen", prefix, i);
		snprintf(name, sizeof(name), "%s/%lld", s->base, db_col_int(&q, 0));
		view_set(r->hdf, name, "%s.%d.Url", prefix, i);
		i++;
	}
	buf_free(&html);
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

/* The counts: Tasks.Total, .Done, .Open, .Overdue, .Rate (percent done); 0 or -1. */
static int
counts_to_view(struct request *r, long long client_id, const char *prefix)
{
	struct db_query	 q;
	char		 now[11];
	long long	 total = 0, done = 0, overdue = 0;
	int		 rc;

	when_today(now);
	db_query_init(&q, r->db, stmts[STMT_COUNTS]);
	db_bind_text(&q, now);
	db_bind_int(&q, client_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		total = db_col_int(&q, 0);
		done = db_col_int(&q, 1);
		overdue = db_col_int(&q, 2);
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	view_set_int(r->hdf, total, "%s.Total", prefix);
	view_set_int(r->hdf, done, "%s.Done", prefix);
	view_set_int(r->hdf, total - done, "%s.Open", prefix);
	view_set_int(r->hdf, overdue, "%s.Overdue", prefix);
	if (total > 0)
		view_set_int(r->hdf, (done * 100 + total / 2) / total, "%s.Rate", prefix);
	return 0;
}

static void
render_tasks(struct request *r, struct record_side *s)
{
	if (counts_to_view(r, s->client_id, "Tasks") == -1 ||
	    rows_to_view(r, s, STMT_OPEN, "Tasks.OpenList") == -1 ||
	    rows_to_view(r, s, STMT_DONE, "Tasks.DoneList") == -1) {
		page_db_error(r);
		return;
	}
	view_set(r->hdf, s->base, "Tasks.Base");
	if (s->portal) {
		view_set(r->hdf, "1", "Tasks.Portal");
		page_render_portal(r, "portal/tasks.cs", "Your tasks");
	} else
		profile_render_tab(r, &s->client, "tasks");
}

void
tasks_list(struct request *r)
{
	struct record_side	 s;

	if (!side_load(r, &s, "tasks"))
		return;
	audit_write(r, "client_viewed", "client", s.client_id, "tasks");
	render_tasks(r, &s);
	side_free(&s);
}

void
task_create(struct request *r)
{
	struct record_side	 s;
	struct db_query	 q;
	struct form	*f = &r->form;
	char		 due[11] = "";

	if (!side_load(r, &s, "tasks"))
		return;
	if (f->v[TASK_DUE].present &&
	    when_parse_date(f->v[TASK_DUE].text, r->practice.date_order, due) == -1)
		form_error(f, TASK_DUE, "Enter a date like 2026-11-28, or leave it empty.");
	if (f->nerrors > 0) {
		r->resp.status = 422;
		page_form_to_view(r);
		view_set(r->hdf, "The task was not saved: see the messages below.", "Form.Error");
		render_tasks(r, &s);
		side_free(&s);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_INSERT]);
	db_bind_int(&q, s.client_id);
	db_bind_text(&q, s.kind);
	db_bind_int(&q, s.actor_id);
	db_bind_text(&q, f->v[TASK_TITLE].text);
	db_bind_text(&q, f->v[TASK_DESCRIPTION].text);
	db_bind_text(&q, due[0] != '\0' ? due : NULL);
	if (db_exec(&q, NULL) == -1) {
		side_free(&s);
		page_db_error(r);
		return;
	}
	audit_task(r, &s, "task_created", (long long)q.insert_id);
	page_flash_redirect(r, "success", s.portal ? "Your to-do was added." :
	    "The task was assigned: the client sees it in the portal.", s.base);
	side_free(&s);
}

/* The task in the path, of this client: 1 (kind and done set), or 0 after answering 404. */
static int
task_load(struct request *r, const struct record_side *s, char *kind, size_t size, int *done)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, r->db, stmts[STMT_GET]);
	db_bind_int(&q, side_id(s));
	db_bind_int(&q, s->client_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return 0;
	}
	if ((rc = db_query_next(&q)) == 1) {
		snprintf(kind, size, "%s", db_col_str(&q, 0));
		*done = db_col_int(&q, 1) != 0;
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return 0;
	}
	if (rc == 0) {
		page_error(r, 404, NULL);
		return 0;
	}
	return 1;
}

void
task_done(struct request *r)
{
	struct record_side		 s;
	struct db_query		 q;
	unsigned long long	 changed;
	char			 kind[8];
	int			 done;

	if (!side_load(r, &s, "tasks"))
		return;
	if (!task_load(r, &s, kind, sizeof(kind), &done))
		goto out;
	db_query_init(&q, r->db, stmts[STMT_COMPLETE]);
	db_bind_text(&q, r->form.v[TDONE_COMMENT].text);
	db_bind_int(&q, side_id(&s));
	if (db_exec(&q, &changed) == -1) {
		page_db_error(r);
		goto out;
	}
	if (changed > 0)
		audit_task(r, &s, "task_done", side_id(&s));
	page_flash_redirect(r, changed ? "success" : "info", changed ?
	    "Well done: the task is marked as done." : "The task was already done.", s.base);
out:
	side_free(&s);
}

void
task_reopen(struct request *r)
{
	struct record_side		 s;
	struct db_query		 q;
	unsigned long long	 changed;
	char			 kind[8];
	int			 done;

	if (!side_load(r, &s, "tasks"))
		return;
	if (!task_load(r, &s, kind, sizeof(kind), &done))
		goto out;
	if (s.portal && strcmp(kind, "client") != 0) {
		page_error(r, 403, "Only your practitioner can reopen a task they gave you.");
		goto out;
	}
	db_query_init(&q, r->db, stmts[STMT_REOPEN]);
	db_bind_int(&q, side_id(&s));
	if (db_exec(&q, &changed) == -1) {
		page_db_error(r);
		goto out;
	}
	if (changed > 0)
		audit_task(r, &s, "task_reopened", side_id(&s));
	page_flash_redirect(r, changed ? "success" : "info", changed ? "The task is open again." :
	    "The task was already open.", s.base);
out:
	side_free(&s);
}

int
tasks_portal_summary(struct request *r)
{
	struct db_query	 q;
	char		 now[11], text[64];
	int		 i = 0, rc = 0;

	if (counts_to_view(r, r->client.id, "Home.Tasks") == -1)
		return -1;
	when_today(now);
	db_query_init(&q, r->db, stmts[STMT_OPEN]);
	db_bind_text(&q, now);
	db_bind_int(&q, r->client.id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while (i < PORTAL_NEXT && (rc = db_query_next(&q)) == 1) {
		view_set(r->hdf, db_col_str(&q, 3), "Home.Tasks.Next.%d.Title", i);
		if (*db_col_str(&q, 5) != '\0') {
			page_format_date(r, db_col_str(&q, 5), text, sizeof(text));
			view_set(r->hdf, text, "Home.Tasks.Next.%d.Due", i);
		}
		if (db_col_int(&q, 8))
			view_set(r->hdf, "1", "Home.Tasks.Next.%d.Overdue", i);
		i++;
	}
	db_query_end(&q);
	return i < PORTAL_NEXT && rc == -1 ? -1 : 0;
}

int
tasks_overdue_to_view(struct request *r, struct db *db, const char *prefix, int n)
{
	struct db_query	 q;
	long long	 ids[LIST_IDS], id;
	const char	*text;
	char		 now[11], name[64];
	int		 i, rc;

	if (n <= 0)
		return 0;
	if (n > LIST_IDS)
		n = LIST_IDS;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s.%d.Id", prefix, i);
		text = view_get(r->hdf, name);
		ids[i] = text != NULL ? strtoll(text, NULL, 10) : 0;
	}
	when_today(now);
	db_query_init(&q, db, stmts[STMT_OVERDUE_OF]);
	db_bind_text(&q, now);
	for (i = 0; i < LIST_IDS; i++)
		db_bind_int(&q, i < n ? ids[i] : 0);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		id = db_col_int(&q, 0);
		for (i = 0; i < n; i++)
			if (ids[i] == id)
				view_set_int(r->hdf, db_col_int(&q, 1), "%s.%d.Overdue", prefix, i);
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}
