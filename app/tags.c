/* tags.c: the practice's tags (/admin/tags): how many clients have each, creating, renaming,
 * merging one into another, and deleting */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "clientdb.h"
#include "text.h"

const struct form_field tag_name_fields[TAGN__MAX] = {
	{ "name",    FORM_LINE,  FORM_REQUIRED, 64, 0, 0, "Tag" },
};

const struct form_field tag_merge_fields[TAGM__MAX] = {
	{ "into",    FORM_LINE,  FORM_REQUIRED, 64, 0, 0, "Merge into" },
};

const struct form_field tag_delete_fields[TAGD__MAX] = {
	{ "confirm", FORM_TOKEN, 0,             3,  0, 0, "Confirmation" },
};

enum stmt {
	STMT_LIST,
	STMT_GET,
	STMT_LOCK,
	STMT_BY_NAME,
	STMT_CREATE,
	STMT_RENAME,
	STMT_MERGE_LINKS,
	STMT_DELETE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LIST: client_count is kept by every change of client_tags (app/clientdb.c) */
	"SELECT id, name, client_count FROM tags ORDER BY name, id",
	/* STMT_GET */
	"SELECT id, name, client_count FROM tags WHERE id = ?",
	/* STMT_LOCK */
	"SELECT COUNT(*) FROM tags WHERE id = ? FOR UPDATE",
	/* STMT_BY_NAME: the column's collation decides which names are the same */
	"SELECT id, name, client_count FROM tags WHERE name = ?",
	/* STMT_CREATE */
	"INSERT INTO tags (name, search_name, created_at) VALUES (?, ?, UTC_TIMESTAMP())",
	/* STMT_RENAME: its clients' search words follow (db_clients_sync) */
	"UPDATE tags SET name = ?, search_name = ? WHERE id = ?",
	/* STMT_MERGE_LINKS: clients of the first tag get the second (once) */
	"INSERT IGNORE INTO client_tags (client_id, tag_id) "
	"SELECT client_id, ? FROM client_tags WHERE tag_id = ?",
	/* STMT_DELETE: client_tags rows go with it (the foreign key cascades); its clients'
	 * search words follow (db_clients_sync) */
	"DELETE FROM tags WHERE id = ?",
};

struct tag {
	long long	 id;
	char		 name[256];
	long long	 clients;
};

/* What went wrong with one row's rename or merge form, shown next to it. */
struct tag_problem {
	long long	 id;
	const char	*rename_error;
	const char	*merge_error;
	const char	*offer;		/* the name of a tag to merge into instead */
};

static const char *
plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* Run a statement that names one tag (by id or by name) and read it into t: 1 found, 0 not,
 * -1 error. */
static int
tag_read(struct db_query *q, struct tag *t)
{
	int	 rc;

	memset(t, 0, sizeof(*t));
	if (db_query_exec(q) == -1) {
		db_query_end(q);
		return -1;
	}
	if ((rc = db_query_next(q)) == 1) {
		t->id = db_col_int(q, 0);
		snprintf(t->name, sizeof(t->name), "%s", db_col_str(q, 1));
		t->clients = db_col_int(q, 2);
	}
	db_query_end(q);
	return rc;
}

/* Load tag id: 1 found, 0 not, -1 error. */
static int
tag_get(struct db *db, long long id, struct tag *t)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_GET]);
	db_bind_int(&q, id);
	return tag_read(&q, t);
}

/* The tag called name (however its case is written): 1 found, 0 not, -1 error. */
static int
tag_by_name(struct db *db, const char *name, struct tag *t)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_BY_NAME]);
	db_bind_text(&q, name);
	return tag_read(&q, t);
}

/* Lock tag id inside a transaction: 1 when it still exists, 0 when not, -1 error. */
static int
tag_lock(struct db *db, long long id)
{
	struct db_query	 q;
	long long	 n;

	db_query_init(&q, db, stmts[STMT_LOCK]);
	db_bind_int(&q, id);
	if (db_scalar_int(&q, &n) == -1)
		return -1;
	return n > 0;
}

/* Load the tag named in the path: 1 loaded, 0 after answering (404 or an error). */
static int
load_tag(struct request *r, struct tag *t)
{
	int	 rc;

	if ((rc = tag_get(r->db, r->ids[0], t)) == -1) {
		page_db_error(r);
		return 0;
	}
	if (rc == 0) {
		page_error(r, 404, NULL);
		return 0;
	}
	return 1;
}

/* Every tag with its clients, the forms of each, and the form to create one; problem (may be
 * NULL) puts messages next to one row's forms, with what was typed there. */
static void
render_tags(struct request *r, int status, const struct tag_problem *problem)
{
	struct db_query	 q;
	char		 url[64];
	int		 i = 0, rc;

	db_query_init(&q, r->db, stmts[STMT_LIST]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	while ((rc = db_query_next(&q)) == 1) {
		view_set(r->hdf, db_col_str(&q, 0), "Tags.List.%d.Id", i);
		view_set(r->hdf, db_col_str(&q, 1), "Tags.List.%d.Name", i);
		view_set(r->hdf, db_col_str(&q, 2), "Tags.List.%d.Clients", i);
		snprintf(url, sizeof(url), "/clients?tag=%lld", db_col_int(&q, 0));
		view_set(r->hdf, url, "Tags.List.%d.ClientsUrl", i);
		view_set(r->hdf, db_col_str(&q, 1), "Tags.List.%d.RenameValue", i);
		if (problem != NULL && problem->id == db_col_int(&q, 0)) {
			if (problem->rename_error != NULL) {
				view_set(r->hdf, r->form.v[TAGN_NAME].text,
				    "Tags.List.%d.RenameValue", i);
				view_set(r->hdf, problem->rename_error,
				    "Tags.List.%d.RenameError", i);
			}
			if (problem->merge_error != NULL) {
				view_set(r->hdf, r->form.v[TAGM_INTO].text,
				    "Tags.List.%d.MergeValue", i);
				view_set(r->hdf, problem->merge_error,
				    "Tags.List.%d.MergeError", i);
			}
			view_set(r->hdf, problem->offer, "Tags.List.%d.Offer", i);
		}
		i++;
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	view_set_int(r->hdf, i, "Tags.Count");
	r->resp.status = status;
	page_render(r, "tags.cs", "Tags");
}

void
tags_list(struct request *r)
{
	render_tags(r, 200, NULL);
}

void
tag_create(struct request *r)
{
	struct form	*f = &r->form;
	struct tag	 other;
	struct db_query	 q;
	char		 message[400], folded[TAG_SEARCH_NAME_MAX];
	long long	 id;
	int		 rc;

	if (f->nerrors == 0) {
		if ((rc = tag_by_name(r->db, f->v[TAGN_NAME].text, &other)) == -1) {
			page_db_error(r);
			return;
		}
		if (rc == 1)
			form_error(f, TAGN_NAME, "A tag with this name already exists.");
	}
	if (f->nerrors == 0) {
		text_fold_to(f->v[TAGN_NAME].text, folded, sizeof(folded));
		db_query_init(&q, r->db, stmts[STMT_CREATE]);
		db_bind_text(&q, f->v[TAGN_NAME].text);
		db_bind_text(&q, folded);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			if (db_errno(r->db) != 1062) {
				page_db_error(r);
				return;
			}
			/* created by someone else a moment ago */
			form_error(f, TAGN_NAME, "A tag with this name already exists.");
		} else {
			id = (long long)q.insert_id;
			db_query_end(&q);
			audit_write(r, "tag_created", "tag", id, f->v[TAGN_NAME].text);
			snprintf(message, sizeof(message), "Tag \"%s\" created.",
			    f->v[TAGN_NAME].text);
			page_flash_redirect(r, "success", message, "/admin/tags");
			return;
		}
	}
	page_form_to_view(r);
	render_tags(r, 422, NULL);
}

void
tag_rename(struct request *r)
{
	struct form		*f = &r->form;
	struct tag		 t, other;
	struct tag_problem	 problem = { 0 };
	struct db_query		 q;
	char			 message[800], detail[700], conflict[1000];
	char			 folded[TAG_SEARCH_NAME_MAX];
	struct buf		 clients = { NULL, 0, 0 };
	int			 rc;

	if (!load_tag(r, &t))
		return;
	problem.id = t.id;
	if (f->v[TAGN_NAME].error != NULL) {
		problem.rename_error = f->v[TAGN_NAME].error;
		render_tags(r, 422, &problem);
		return;
	}
	if (strcmp(f->v[TAGN_NAME].text, t.name) == 0) {
		page_flash_redirect(r, "info", "Nothing was changed.", "/admin/tags");
		return;
	}
	/* Another tag by that name: two tags cannot share it, but they can become one. */
	if ((rc = tag_by_name(r->db, f->v[TAGN_NAME].text, &other)) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 1 && other.id != t.id)
		goto taken;
	text_fold_to(f->v[TAGN_NAME].text, folded, sizeof(folded));
	if (db_begin(r->db) == -1 || db_tag_clients(r->db, t.id, &clients) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_RENAME]);
	db_bind_text(&q, f->v[TAGN_NAME].text);
	db_bind_text(&q, folded);
	db_bind_int(&q, t.id);
	if (db_exec(&q, NULL) == -1) {
		db_rollback(r->db);
		buf_free(&clients);
		if (db_errno(r->db) == 1062 &&
		    tag_by_name(r->db, f->v[TAGN_NAME].text, &other) == 1)
			goto taken;
		page_db_error(r);
		return;
	}
	snprintf(detail, sizeof(detail), "\"%s\" to \"%s\"", t.name, f->v[TAGN_NAME].text);
	audit_write(r, "tag_renamed", "tag", t.id, detail);
	if (db_clients_sync(r->db, clients.data) == -1 || db_commit(r->db) == -1)
		goto fail;
	buf_free(&clients);
	snprintf(message, sizeof(message), "Tag \"%s\" is now called \"%s\".", t.name,
	    f->v[TAGN_NAME].text);
	page_flash_redirect(r, "success", message, "/admin/tags");
	return;
fail:
	db_rollback(r->db);
	buf_free(&clients);
	page_db_error(r);
	return;
taken:
	snprintf(conflict, sizeof(conflict), "There is already a tag called \"%s\". Two tags "
	    "cannot share a name, but you can merge \"%s\" into \"%s\" instead.", other.name,
	    t.name, other.name);
	problem.rename_error = conflict;
	problem.offer = other.name;
	render_tags(r, 422, &problem);
}

void
tag_merge(struct request *r)
{
	struct form		*f = &r->form;
	struct tag		 from, into;
	struct tag_problem	 problem = { 0 };
	struct db_query		 q;
	char			 message[800], detail[700];
	struct buf		 clients = { NULL, 0, 0 };
	int			 rc;

	if (!load_tag(r, &from))
		return;
	problem.id = from.id;
	if (f->v[TAGM_INTO].error != NULL) {
		problem.merge_error = f->v[TAGM_INTO].error;
		render_tags(r, 422, &problem);
		return;
	}
	if ((rc = tag_by_name(r->db, f->v[TAGM_INTO].text, &into)) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 0 || into.id == from.id) {
		problem.merge_error = rc == 0 ? "No tag has this name. Choose one from the list." :
		    "Choose another tag to merge this one into.";
		render_tags(r, 422, &problem);
		return;
	}
	if (db_begin(r->db) == -1)
		goto fail;
	if ((rc = tag_lock(r->db, from.id)) == -1 || (rc == 1 && (rc = tag_lock(r->db,
	    into.id)) == -1))
		goto fail;
	if (rc == 0) {
		db_rollback(r->db);
		page_flash_redirect(r, "error", "One of the tags was deleted meanwhile. "
		    "Nothing was merged.", "/admin/tags");
		return;
	}
	/* counted again under the lock: the number the message gives */
	if (tag_get(r->db, from.id, &from) != 1)
		goto fail;
	if (db_tag_clients(r->db, from.id, &clients) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_MERGE_LINKS]);
	db_bind_int(&q, into.id);
	db_bind_int(&q, from.id);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_DELETE]);
	db_bind_int(&q, from.id);
	if (db_exec(&q, NULL) == -1 || db_tag_recount(r->db, into.id) == -1 ||
	    db_clients_sync(r->db, clients.data) == -1)
		goto fail;
	buf_free(&clients);
	snprintf(detail, sizeof(detail), "\"%s\" into \"%s\" (tag #%lld), %lld client%s",
	    from.name, into.name, into.id, from.clients, plural(from.clients));
	audit_write(r, "tag_merged", "tag", from.id, detail);
	if (db_commit(r->db) == -1)
		goto fail;
	snprintf(message, sizeof(message), "Tag \"%s\" was merged into \"%s\" (%lld client%s).",
	    from.name, into.name, from.clients, plural(from.clients));
	page_flash_redirect(r, "success", message, "/admin/tags");
	return;
fail:
	db_rollback(r->db);
	buf_free(&clients);
	page_db_error(r);
}

void
tag_delete(struct request *r)
{
	struct tag	 t;
	struct db_query	 q;
	struct buf	 clients = { NULL, 0, 0 };
	char		 message[500], detail[500];
	int		 rc;

	if (!load_tag(r, &t))
		return;
	if (strcmp(r->form.v[TAGD_CONFIRM].text, "yes") != 0) {
		/* The question first; the answer comes back with confirm=yes. */
		view_set_int(r->hdf, t.id, "Delete.Id");
		view_set(r->hdf, t.name, "Delete.Name");
		view_set_int(r->hdf, t.clients, "Delete.Clients");
		page_render(r, "tags.cs", "Delete tag");
		return;
	}
	if (db_begin(r->db) == -1 || (rc = tag_lock(r->db, t.id)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(r->db);
		page_flash_redirect(r, "info", "This tag was already deleted.", "/admin/tags");
		return;
	}
	if (tag_get(r->db, t.id, &t) != 1 || db_tag_clients(r->db, t.id, &clients) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_DELETE]);
	db_bind_int(&q, t.id);
	if (db_exec(&q, NULL) == -1 || db_clients_sync(r->db, clients.data) == -1)
		goto fail;
	buf_free(&clients);
	snprintf(detail, sizeof(detail), "\"%s\", from %lld client%s", t.name, t.clients,
	    plural(t.clients));
	audit_write(r, "tag_deleted", "tag", t.id, detail);
	if (db_commit(r->db) == -1)
		goto fail;
	snprintf(message, sizeof(message), "Tag \"%s\" was deleted from %lld client%s.", t.name,
	    t.clients, plural(t.clients));
	page_flash_redirect(r, "success", message, "/admin/tags");
	return;
fail:
	db_rollback(r->db);
	buf_free(&clients);
	page_db_error(r);
}
