/* notes.c: a client's notes on the staff profile (/clients/{id}/notes) and in the portal
 * (/portal/notes): staff notes, private until shared; the client's own reflections, private
 * to the client until shared; comment threads under shared notes */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "when.h"
#include "log.h"
#include "markup.h"
#include "text.h"

#define NOTES_PAGE_SIZE	20
#define PORTAL_LATEST	3

const struct form_field notes_query_fields[NOTESQ__MAX] = {
	{ "q",    FORM_LINE, 0, 200, 0, 0,       "Search" },
	{ "page", FORM_INT,  0, 9,   1, 1000000, "Page" },
};

const struct form_field note_fields[NOTE__MAX] = {
	{ "title",     FORM_LINE, FORM_REQUIRED, 200,   0, 0, "Title" },
	{ "body",      FORM_TEXT, FORM_REQUIRED, 20000, 0, 0, "Note" },
	{ "note_date", FORM_LINE, 0,             20,    0, 0, "Date" },
	{ "shared",    FORM_BOOL, 0,             3,     0, 1, "Share" },
};

const struct form_field note_share_fields[NSHARE__MAX] = {
	{ "shared", FORM_BOOL, 0, 3, 0, 1, "Share" },
};

const struct form_field note_delete_fields[NDEL__MAX] = {
	{ "confirm", FORM_BOOL, 0, 3, 0, 1, "Confirmation" },
};

const struct form_field comment_fields[COMMENT__MAX] = {
	{ "body", FORM_TEXT, FORM_REQUIRED, 5000, 0, 0, "Comment" },
};

enum stmt {
	STMT_COUNT,
	STMT_PAGE,
	STMT_GET,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_SHARE,
	STMT_SEEN,
	STMT_DELETE,
	STMT_COMMENTS,
	STMT_COMMENT_GET,
	STMT_COMMENT_INSERT,
	STMT_COMMENT_UPDATE,
	STMT_COMMENT_DELETE,
	STMT_PORTAL_COUNTS,
	STMT_PORTAL_LATEST,
	STMT__MAX
};

/* A note is visible to a side when it is shared or that side wrote it ("staff" sees every
 * staff note of a client in reach; the client sees their own reflections). */
#define VISIBLE	"(n.shared = 1 OR n.author_kind = ?)"
#define MATCHES	"(? = '' OR n.title LIKE ? OR n.body LIKE ?)"

static const char *const stmts[STMT__MAX] = {
	/* STMT_COUNT: client, viewer kind, search (3 times) */
	"SELECT COUNT(*) FROM notes n WHERE n.client_id = ? AND " VISIBLE " AND " MATCHES,
	/* STMT_PAGE */
	"SELECT n.id, n.author_kind, COALESCE(s.name, ''), n.title, n.note_date, n.shared, "
	"COALESCE(n.seen_at, ''), (SELECT COUNT(*) FROM note_comments c WHERE c.note_id = n.id) "
	"FROM notes n LEFT JOIN staff s ON n.author_kind = 'staff' AND s.id = n.author_id "
	"WHERE n.client_id = ? AND " VISIBLE " AND " MATCHES " "
	"ORDER BY n.note_date DESC, n.id DESC LIMIT ? OFFSET ?",
	/* STMT_GET: note, client, viewer kind */
	"SELECT n.id, n.author_kind, n.author_id, COALESCE(s.name, ''), n.title, n.body, "
	"n.note_date, n.shared, COALESCE(n.seen_at, ''), n.created_at, n.updated_at "
	"FROM notes n LEFT JOIN staff s ON n.author_kind = 'staff' AND s.id = n.author_id "
	"WHERE n.id = ? AND n.client_id = ? AND " VISIBLE,
	/* STMT_INSERT */
	"INSERT INTO notes (client_id, author_kind, author_id, title, body, note_date, shared, "
	"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_UPDATE: updated_at after created_at marks an edit, even within its second */
	"UPDATE notes SET title = ?, body = ?, note_date = ?, "
	"updated_at = GREATEST(UTC_TIMESTAMP(), created_at + INTERVAL 1 SECOND) WHERE id = ?",
	/* STMT_SHARE: made private, it is no longer seen */
	"UPDATE notes SET shared = ?, seen_at = IF(? = 1, seen_at, NULL) "
	"WHERE id = ? AND shared <> ?",
	/* STMT_SEEN */
	"UPDATE notes SET seen_at = UTC_TIMESTAMP() WHERE id = ? AND author_kind = 'staff' "
	"AND shared = 1 AND seen_at IS NULL",
	/* STMT_DELETE (comments cascade) */
	"DELETE FROM notes WHERE id = ?",
	/* STMT_COMMENTS */
	"SELECT c.id, c.author_kind, c.author_id, COALESCE(s.name, ''), c.body, c.created_at, "
	"c.updated_at FROM note_comments c "
	"LEFT JOIN staff s ON c.author_kind = 'staff' AND s.id = c.author_id "
	"WHERE c.note_id = ? ORDER BY c.id",
	/* STMT_COMMENT_GET */
	"SELECT author_kind, author_id FROM note_comments WHERE id = ? AND note_id = ?",
	/* STMT_COMMENT_INSERT */
	"INSERT INTO note_comments (note_id, author_kind, author_id, body, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_COMMENT_UPDATE */
	"UPDATE note_comments SET body = ?, "
	"updated_at = GREATEST(UTC_TIMESTAMP(), created_at + INTERVAL 1 SECOND) WHERE id = ?",
	/* STMT_COMMENT_DELETE */
	"DELETE FROM note_comments WHERE id = ?",
	/* STMT_PORTAL_COUNTS: shared with the client, of those not opened yet, own reflections */
	"SELECT COALESCE(SUM(author_kind = 'staff'), 0), "
	"COALESCE(SUM(author_kind = 'staff' AND seen_at IS NULL), 0), "
	"COALESCE(SUM(author_kind = 'client'), 0) FROM notes "
	"WHERE client_id = ? AND (shared = 1 OR author_kind = 'client')",
	/* STMT_PORTAL_LATEST */
	"SELECT id, title, note_date, seen_at IS NULL FROM notes WHERE client_id = ? "
	"AND author_kind = 'staff' AND shared = 1 ORDER BY note_date DESC, id DESC LIMIT ?",
};

struct note {
	long long	 id;
	char		 author_kind[8];
	long long	 author_id;
	char		*author_name;
	char		*title;
	char		*body;
	char		 date[11];
	int		 shared;
	char		 seen_at[20];
	char		 created_at[20];
	char		 updated_at[20];
};

static char *
copy_or_die(const char *s)
{
	char	*p = strdup(s != NULL ? s : "");

	if (p == NULL) {
		/* fatal for this worker; the master starts another */
		log_error("notes: out of memory");
		exit(1);
	}
	return p;
}

static void
note_free(struct note *n)
{
	free(n->author_name);
	free(n->title);
	free(n->body);
	memset(n, 0, sizeof(*n));
}

/* The name of an author as the viewing side sees it. */
static const char *
author_label(const struct record_side *s, const char *kind, const char *staff_name)
{
	if (strcmp(kind, "staff") == 0)
		return *staff_name != '\0' ? staff_name : "A former staff member";
	if (s->portal)
		return "You";
	return s->client.v[CF_FIRST_NAME];
}

/* Render the page of the side: the profile's Notes tab, or a portal page. */
static void
side_render(struct request *r, struct record_side *s, const char *view, const char *title)
{
	view_set(r->hdf, view, "Notes.View");
	view_set(r->hdf, s->base, "Notes.Base");
	if (s->portal) {
		view_set(r->hdf, "1", "Notes.Portal");
		page_render_portal(r, "portal/notes.cs", title);
	} else
		profile_render_tab(r, &s->client, "notes");
}

/* Load the note at s->ids[0] as the side may see it: 1, 0 (answered 404), -1 (answered). */
static int
note_load(struct request *r, const struct record_side *s, long long id, struct note *n)
{
	struct db_query	 q;
	int		 rc;

	memset(n, 0, sizeof(*n));
	db_query_init(&q, r->db, stmts[STMT_GET]);
	db_bind_int(&q, id);
	db_bind_int(&q, s->client_id);
	db_bind_text(&q, s->kind);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		n->id = db_col_int(&q, 0);
		snprintf(n->author_kind, sizeof(n->author_kind), "%s", db_col_str(&q, 1));
		n->author_id = db_col_int(&q, 2);
		n->author_name = copy_or_die(db_col_str(&q, 3));
		n->title = copy_or_die(db_col_str(&q, 4));
		n->body = copy_or_die(db_col_str(&q, 5));
		snprintf(n->date, sizeof(n->date), "%s", db_col_str(&q, 6));
		n->shared = db_col_int(&q, 7) != 0;
		snprintf(n->seen_at, sizeof(n->seen_at), "%s", db_col_str(&q, 8));
		snprintf(n->created_at, sizeof(n->created_at), "%s", db_col_str(&q, 9));
		snprintf(n->updated_at, sizeof(n->updated_at), "%s", db_col_str(&q, 10));
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return -1;
	}
	if (rc == 0) {
		page_error(r, 404, NULL);
		return 0;
	}
	return 1;
}

/* The side and the note in the path, both in reach.  1, or 0 after answering. */
static int
load_both(struct request *r, struct record_side *s, struct note *n)
{
	if (!side_load(r, s, "notes"))
		return 0;
	if (note_load(r, s, s->ids[0], n) != 1) {
		side_free(s);
		return 0;
	}
	return 1;
}

static int
is_author(const struct record_side *s, const struct note *n)
{
	return strcmp(n->author_kind, s->kind) == 0 && n->author_id == s->actor_id;
}

/* An audit entry about the client's record: what happened to which note (never its text). */
static void
audit_note(struct request *r, const struct record_side *s, const char *action, const char *detail_fmt,
    long long a, long long b)
{
	char	 detail[96];

	snprintf(detail, sizeof(detail), detail_fmt, a, b);
	audit_write(r, action, "client", s->client_id, detail);
}

/* The formatted HTML of text into name (escaped by the formatter: templates print it with
 * escaping off); 0 or -1. */
static int
markup_to_view(struct request *r, const char *text, const char *name)
{
	struct buf	 html = { 0 };
	int		 rc;

	if ((rc = markup_render(&html, text, strlen(text))) == 0)
		rc = view_set(r->hdf, html.data != NULL ? html.data : "", "%s", name);
	buf_free(&html);
	return rc;
}

static void
note_to_view(struct request *r, const struct record_side *s, const struct note *n)
{
	char	 text[96], url[128];

	view_set_int(r->hdf, n->id, "Note.Id");
	snprintf(url, sizeof(url), "%s/%lld", s->base, n->id);
	view_set(r->hdf, url, "Note.Url");
	view_set(r->hdf, n->title, "Note.Title");
	view_set(r->hdf, n->body, "Note.Body");
	markup_to_view(r, n->body, "Note.BodyHtml");
	view_set(r->hdf, n->date, "Note.DateIso");
	page_format_date(r, n->date, text, sizeof(text));
	view_set(r->hdf, text, "Note.Date");
	view_set(r->hdf, n->author_kind, "Note.AuthorKind");
	view_set(r->hdf, author_label(s, n->author_kind, n->author_name), "Note.Author");
	view_set(r->hdf, n->shared ? "1" : "0", "Note.Shared");
	if (n->seen_at[0] != '\0') {
		page_format_time(r, n->seen_at, text, sizeof(text));
		view_set(r->hdf, text, "Note.SeenAt");
	}
	if (strcmp(n->created_at, n->updated_at) != 0) {
		page_format_time(r, n->updated_at, text, sizeof(text));
		view_set(r->hdf, text, "Note.UpdatedAt");
	}
	if (is_author(s, n))
		view_set(r->hdf, "1", "Note.Mine");
}

static int
comments_to_view(struct request *r, const struct record_side *s, const struct note *n)
{
	struct db_query	 q;
	char		 text[64], name[64];
	int		 i = 0, rc;

	db_query_init(&q, r->db, stmts[STMT_COMMENTS]);
	db_bind_int(&q, n->id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		view_set_int(r->hdf, db_col_int(&q, 0), "Note.Comments.%d.Id", i);
		view_set(r->hdf, author_label(s, db_col_str(&q, 1), db_col_str(&q, 3)),
		    "Note.Comments.%d.Author", i);
		view_set(r->hdf, db_col_str(&q, 4), "Note.Comments.%d.Body", i);
		snprintf(name, sizeof(name), "Note.Comments.%d.BodyHtml", i);
		markup_to_view(r, db_col_str(&q, 4), name);
		page_format_time(r, db_col_str(&q, 5), text, sizeof(text));
		view_set(r->hdf, text, "Note.Comments.%d.At", i);
		if (strcmp(db_col_str(&q, 5), db_col_str(&q, 6)) != 0)
			view_set(r->hdf, "1", "Note.Comments.%d.Edited", i);
		if (strcmp(db_col_str(&q, 1), s->kind) == 0 && db_col_int(&q, 2) == s->actor_id)
			view_set(r->hdf, "1", "Note.Comments.%d.Mine", i);
		i++;
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

/* A page of notes into Notes.* (searched and paged by the query's fields when from_query);
 * 0, 1 when the page does not exist (answered 404), -1 on a database error. */
static int
list_to_view(struct request *r, const struct record_side *s, int from_query)
{
	struct db_query	 q;
	struct buf	 like = { 0 }, url = { 0 };
	const char	*search = "";
	char		 text[64];
	long long	 total, page = 1, pages;
	int		 i = 0, rc = -1, row;

	if (from_query) {
		if (r->form.v[NOTESQ_Q].present && r->form.v[NOTESQ_Q].error == NULL)
			search = r->form.v[NOTESQ_Q].text;
		if (r->form.v[NOTESQ_PAGE].present && r->form.v[NOTESQ_PAGE].error == NULL)
			page = r->form.v[NOTESQ_PAGE].num;
	}
	if (text_like_contains(search, &like) == -1)
		goto out;
	db_query_init(&q, r->db, stmts[STMT_COUNT]);
	db_bind_int(&q, s->client_id);
	db_bind_text(&q, s->kind);
	db_bind_text(&q, search);
	db_bind_text(&q, like.data);
	db_bind_text(&q, like.data);
	if (db_scalar_int(&q, &total) == -1)
		goto out;
	pages = total == 0 ? 1 : (total + NOTES_PAGE_SIZE - 1) / NOTES_PAGE_SIZE;
	if (page > pages) {
		page_error(r, 404, "There is no such page of notes.");
		rc = 1;
		goto out;
	}
	db_query_init(&q, r->db, stmts[STMT_PAGE]);
	db_bind_int(&q, s->client_id);
	db_bind_text(&q, s->kind);
	db_bind_text(&q, search);
	db_bind_text(&q, like.data);
	db_bind_text(&q, like.data);
	db_bind_int(&q, NOTES_PAGE_SIZE);
	db_bind_int(&q, (page - 1) * NOTES_PAGE_SIZE);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto out;
	}
	while ((row = db_query_next(&q)) == 1) {
		view_set_int(r->hdf, db_col_int(&q, 0), "Notes.List.%d.Id", i);
		buf_reset(&url);
		buf_printf(&url, "%s/%lld", s->base, db_col_int(&q, 0));
		view_set(r->hdf, url.data, "Notes.List.%d.Url", i);
		view_set(r->hdf, db_col_str(&q, 1), "Notes.List.%d.AuthorKind", i);
		view_set(r->hdf, author_label(s, db_col_str(&q, 1), db_col_str(&q, 2)),
		    "Notes.List.%d.Author", i);
		view_set(r->hdf, db_col_str(&q, 3), "Notes.List.%d.Title", i);
		page_format_date(r, db_col_str(&q, 4), text, sizeof(text));
		view_set(r->hdf, text, "Notes.List.%d.Date", i);
		view_set(r->hdf, db_col_int(&q, 5) ? "1" : "0", "Notes.List.%d.Shared", i);
		if (*db_col_str(&q, 6) != '\0') {
			page_format_time(r, db_col_str(&q, 6), text, sizeof(text));
			view_set(r->hdf, text, "Notes.List.%d.SeenAt", i);
		}
		view_set_int(r->hdf, db_col_int(&q, 7), "Notes.List.%d.Comments", i);
		i++;
	}
	db_query_end(&q);
	if (row == -1)
		goto out;
	view_set(r->hdf, search, "Notes.Q");
	view_set_int(r->hdf, total, "Notes.Pager.Total");
	view_set_int(r->hdf, page, "Notes.Pager.Page");
	view_set_int(r->hdf, pages, "Notes.Pager.Pages");
	if (page > 1 || page < pages) {
		long long	 target;
		int		 k;

		for (k = 0; k < 2; k++) {
			target = k == 0 ? page - 1 : page + 1;
			if (target < 1 || target > pages)
				continue;
			buf_reset(&url);
			buf_printf(&url, "%s?", s->base);
			if (*search != '\0') {
				buf_puts(&url, "q=");
				http_url_encode(search, &url);
				buf_putc(&url, '&');
			}
			buf_printf(&url, "page=%lld", target);
			view_set(r->hdf, url.data, k == 0 ? "Notes.Pager.PrevUrl" :
			    "Notes.Pager.NextUrl");
		}
	}
	rc = 0;
out:
	buf_free(&like);
	buf_free(&url);
	return rc;
}

/* The list page, with the new-note form (values and messages from r->form when set). */
static void
render_list(struct request *r, struct record_side *s, int with_form_values)
{
	char	 date[11];
	int	 rc;

	if ((rc = list_to_view(r, s, !with_form_values)) != 0) {
		if (rc == -1)
			page_db_error(r);
		return;
	}
	if (with_form_values)
		page_form_to_view(r);
	else {
		when_today(date);
		view_set(r->hdf, date, "Form.note_date.Value");
	}
	side_render(r, s, "list", "Notes");
}

void
notes_list(struct request *r)
{
	struct record_side	 s;

	if (!side_load(r, &s, "notes"))
		return;
	audit_write(r, "client_viewed", "client", s.client_id, "notes");
	render_list(r, &s, 0);
	side_free(&s);
}

/* Check a note form beyond its fields' own rules; the date as ISO into iso.  1 when all is
 * well, 0 when a field has a message. */
static int
note_form_check(struct request *r, char iso[11])
{
	struct form	*f = &r->form;

	if (f->v[NOTE_DATE].present) {
		if (when_parse_date(f->v[NOTE_DATE].text, r->practice.date_order, iso) == -1)
			form_error(f, NOTE_DATE, "Enter a date like 2026-11-28.");
	} else
		when_today(iso);
	return f->nerrors == 0;
}

void
note_create(struct request *r)
{
	struct record_side		 s;
	struct db_query		 q;
	char			 iso[11], url[128];
	int			 shared;

	if (!side_load(r, &s, "notes"))
		return;
	if (!note_form_check(r, iso)) {
		r->resp.status = 422;
		view_set(r->hdf, "The note was not saved: see the messages below.", "Form.Error");
		render_list(r, &s, 1);
		side_free(&s);
		return;
	}
	shared = r->form.v[NOTE_SHARED].num != 0;
	db_query_init(&q, r->db, stmts[STMT_INSERT]);
	db_bind_int(&q, s.client_id);
	db_bind_text(&q, s.kind);
	db_bind_int(&q, s.actor_id);
	db_bind_text(&q, r->form.v[NOTE_TITLE].text);
	db_bind_text(&q, r->form.v[NOTE_BODY].text);
	db_bind_text(&q, iso);
	db_bind_int(&q, shared);
	if (db_exec(&q, NULL) == -1) {
		side_free(&s);
		page_db_error(r);
		return;
	}
	audit_note(r, &s, "note_created", shared ? "note %lld, shared" : "note %lld",
	    (long long)q.insert_id, 0);
	snprintf(url, sizeof(url), "%s/%llu", s.base, q.insert_id);
	page_flash_redirect(r, "success", shared ? (s.portal ?
	    "Your note was saved and shared with your practitioner." :
	    "The note was saved and shared with the client.") : s.portal ?
	    "Your note was saved. It is private to you." :
	    "The note was saved. It is private to staff.", url);
	side_free(&s);
}

void
note_show(struct request *r)
{
	struct record_side	 s;
	struct note	 n;
	struct db_query	 q;

	if (!load_both(r, &s, &n))
		return;
	/* The client opening a note shared with them: staff see it was seen. */
	if (s.portal && n.shared && strcmp(n.author_kind, "staff") == 0 && n.seen_at[0] == '\0') {
		db_query_init(&q, r->db, stmts[STMT_SEEN]);
		db_bind_int(&q, n.id);
		if (db_exec(&q, NULL) == -1) {
			page_db_error(r);
			goto out;
		}
	}
	audit_note(r, &s, "note_viewed", "note %lld", n.id, 0);
	note_to_view(r, &s, &n);
	if (comments_to_view(r, &s, &n) == -1) {
		page_db_error(r);
		goto out;
	}
	side_render(r, &s, "note", n.title);
out:
	note_free(&n);
	side_free(&s);
}

/* The note in the path, which the caller wrote; 403 for someone else's.  1, or 0 after
 * answering. */
static int
load_own(struct request *r, struct record_side *s, struct note *n)
{
	if (!load_both(r, s, n))
		return 0;
	if (!is_author(s, n)) {
		page_error(r, 403, "Only the author of a note may change it.");
		note_free(n);
		side_free(s);
		return 0;
	}
	return 1;
}

void
note_edit_form(struct request *r)
{
	struct record_side	 s;
	struct note	 n;

	if (!load_own(r, &s, &n))
		return;
	audit_note(r, &s, "note_viewed", "note %lld, to edit", n.id, 0);
	note_to_view(r, &s, &n);
	view_set(r->hdf, n.title, "Form.title.Value");
	view_set(r->hdf, n.body, "Form.body.Value");
	view_set(r->hdf, n.date, "Form.note_date.Value");
	side_render(r, &s, "edit", "Edit note");
	note_free(&n);
	side_free(&s);
}

void
note_edit_submit(struct request *r)
{
	struct record_side	 s;
	struct note	 n;
	struct db_query	 q;
	char		 iso[11], url[128];

	if (!load_own(r, &s, &n))
		return;
	if (!note_form_check(r, iso)) {
		r->resp.status = 422;
		note_to_view(r, &s, &n);
		page_form_to_view(r);
		view_set(r->hdf, "The note was not saved: see the messages below.", "Form.Error");
		side_render(r, &s, "edit", "Edit note");
		goto out;
	}
	db_query_init(&q, r->db, stmts[STMT_UPDATE]);
	db_bind_text(&q, r->form.v[NOTE_TITLE].text);
	db_bind_text(&q, r->form.v[NOTE_BODY].text);
	db_bind_text(&q, iso);
	db_bind_int(&q, n.id);
	if (db_exec(&q, NULL) == -1) {
		page_db_error(r);
		goto out;
	}
	audit_note(r, &s, "note_updated", "note %lld", n.id, 0);
	snprintf(url, sizeof(url), "%s/%lld", s.base, n.id);
	page_flash_redirect(r, "success", "The note was saved.", url);
out:
	note_free(&n);
	side_free(&s);
}

void
note_share(struct request *r)
{
	struct record_side		 s;
	struct note		 n;
	struct db_query		 q;
	unsigned long long	 changed;
	char			 url[128];
	int			 shared = r->form.v[NSHARE_SHARED].num != 0;

	if (!load_own(r, &s, &n))
		return;
	db_query_init(&q, r->db, stmts[STMT_SHARE]);
	db_bind_int(&q, shared);
	db_bind_int(&q, shared);
	db_bind_int(&q, n.id);
	db_bind_int(&q, shared);
	if (db_exec(&q, &changed) == -1) {
		page_db_error(r);
		goto out;
	}
	if (changed > 0)
		audit_note(r, &s, shared ? "note_shared" : "note_unshared", "note %lld", n.id, 0);
	snprintf(url, sizeof(url), "%s/%lld", s.base, n.id);
	page_flash_redirect(r, "success", shared ? (s.portal ?
	    "The note is shared with your practitioner." :
	    "The note is shared: the client sees it in the portal.") : s.portal ?
	    "The note is private again: only you see it." :
	    "The note is private again: the client no longer sees it.", url);
out:
	note_free(&n);
	side_free(&s);
}

void
note_delete_form(struct request *r)
{
	struct record_side	 s;
	struct note	 n;

	if (!load_own(r, &s, &n))
		return;
	audit_note(r, &s, "note_viewed", "note %lld, to delete", n.id, 0);
	note_to_view(r, &s, &n);
	side_render(r, &s, "delete", "Delete note");
	note_free(&n);
	side_free(&s);
}

void
note_delete_submit(struct request *r)
{
	struct record_side	 s;
	struct note	 n;
	struct db_query	 q;
	char		 url[128];

	if (!load_own(r, &s, &n))
		return;
	if (r->form.v[NDEL_CONFIRM].num == 0) {
		/* only the confirmation page's button deletes */
		snprintf(url, sizeof(url), "%s/%lld/delete", s.base, n.id);
		page_redirect(r, url);
		goto out;
	}
	db_query_init(&q, r->db, stmts[STMT_DELETE]);
	db_bind_int(&q, n.id);
	if (db_exec(&q, NULL) == -1) {
		page_db_error(r);
		goto out;
	}
	audit_note(r, &s, "note_deleted", "note %lld", n.id, 0);
	page_flash_redirect(r, "success", "The note was deleted.", s.base);
out:
	note_free(&n);
	side_free(&s);
}

/* The shared note in the path (a private note has no thread: 404).  1, or 0 after
 * answering. */
static int
load_thread(struct request *r, struct record_side *s, struct note *n)
{
	if (!load_both(r, s, n))
		return 0;
	if (!n->shared) {
		page_error(r, 404, NULL);
		note_free(n);
		side_free(s);
		return 0;
	}
	return 1;
}

void
note_comment_add(struct request *r)
{
	struct record_side	 s;
	struct note	 n;
	struct db_query	 q;
	char		 url[160];

	if (!load_thread(r, &s, &n))
		return;
	snprintf(url, sizeof(url), "%s/%lld#comments", s.base, n.id);
	if (r->form.v[COMMENT_BODY].error != NULL) {
		page_flash_redirect(r, "error", "Write something before sending a comment.", url);
		goto out;
	}
	db_query_init(&q, r->db, stmts[STMT_COMMENT_INSERT]);
	db_bind_int(&q, n.id);
	db_bind_text(&q, s.kind);
	db_bind_int(&q, s.actor_id);
	db_bind_text(&q, r->form.v[COMMENT_BODY].text);
	if (db_exec(&q, NULL) == -1) {
		page_db_error(r);
		goto out;
	}
	audit_note(r, &s, "note_comment_added", "comment %lld on note %lld",
	    (long long)q.insert_id, n.id);
	page_flash_redirect(r, "success", "Your comment was added.", url);
out:
	note_free(&n);
	side_free(&s);
}

/* The comment s->ids[1] under the note, written by the caller: 1, or 0 after answering
 * (404 when it is not under this note, 403 when someone else wrote it). */
static int
load_own_comment(struct request *r, const struct record_side *s, const struct note *n)
{
	struct db_query	 q;
	int		 rc, mine = 0;

	db_query_init(&q, r->db, stmts[STMT_COMMENT_GET]);
	db_bind_int(&q, s->ids[1]);
	db_bind_int(&q, n->id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return 0;
	}
	if ((rc = db_query_next(&q)) == 1)
		mine = strcmp(db_col_str(&q, 0), s->kind) == 0 && db_col_int(&q, 1) == s->actor_id;
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return 0;
	}
	if (rc == 0) {
		page_error(r, 404, NULL);
		return 0;
	}
	if (!mine) {
		page_error(r, 403, "Only the author of a comment may change it.");
		return 0;
	}
	return 1;
}

static void
comment_change(struct request *r, int delete)
{
	struct record_side	 s;
	struct note	 n;
	struct db_query	 q;
	char		 url[160];

	if (!load_thread(r, &s, &n))
		return;
	if (!load_own_comment(r, &s, &n))
		goto out;
	snprintf(url, sizeof(url), "%s/%lld#comments", s.base, n.id);
	if (!delete && r->form.v[COMMENT_BODY].error != NULL) {
		page_flash_redirect(r, "error", "A comment cannot be empty: delete it instead.",
		    url);
		goto out;
	}
	if (delete) {
		db_query_init(&q, r->db, stmts[STMT_COMMENT_DELETE]);
	} else {
		db_query_init(&q, r->db, stmts[STMT_COMMENT_UPDATE]);
		db_bind_text(&q, r->form.v[COMMENT_BODY].text);
	}
	db_bind_int(&q, s.ids[1]);
	if (db_exec(&q, NULL) == -1) {
		page_db_error(r);
		goto out;
	}
	audit_note(r, &s, delete ? "note_comment_deleted" : "note_comment_updated",
	    "comment %lld on note %lld", s.ids[1], n.id);
	page_flash_redirect(r, "success", delete ? "The comment was deleted." :
	    "The comment was saved.", url);
out:
	note_free(&n);
	side_free(&s);
}

void
note_comment_edit(struct request *r)
{
	comment_change(r, 0);
}

void
note_comment_delete(struct request *r)
{
	comment_change(r, 1);
}

int
notes_portal_summary(struct request *r)
{
	struct db_query	 q;
	char		 text[64], url[64];
	int		 i = 0, rc;

	db_query_init(&q, r->db, stmts[STMT_PORTAL_COUNTS]);
	db_bind_int(&q, r->client.id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		view_set_int(r->hdf, db_col_int(&q, 0), "Home.Notes.Shared");
		view_set_int(r->hdf, db_col_int(&q, 1), "Home.Notes.Unread");
		view_set_int(r->hdf, db_col_int(&q, 2), "Home.Notes.Own");
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	db_query_init(&q, r->db, stmts[STMT_PORTAL_LATEST]);
	db_bind_int(&q, r->client.id);
	db_bind_int(&q, PORTAL_LATEST);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		snprintf(url, sizeof(url), "/portal/notes/%lld", db_col_int(&q, 0));
		view_set(r->hdf, url, "Home.Notes.Latest.%d.Url", i);
		view_set(r->hdf, db_col_str(&q, 1), "Home.Notes.Latest.%d.Title", i);
		page_format_date(r, db_col_str(&q, 2), text, sizeof(text));
		view_set(r->hdf, text, "Home.Notes.Latest.%d.Date", i);
		if (db_col_int(&q, 3))
			view_set(r->hdf, "1", "Home.Notes.Latest.%d.New", i);
		i++;
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}
