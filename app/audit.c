/* audit.c: the append-only audit log: writing entries, and the admin page that lists them */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"

#define AUDIT_PAGE_SIZE	50

const struct form_field audit_fields[AUDIT__MAX] = {
	{ "page", FORM_INT, 0, 9, 1, 1000000, "Page" },
};

enum stmt {
	STMT_WRITE,
	STMT_COUNT,
	STMT_PAGE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_WRITE */
	"INSERT INTO audit_log (at, actor_kind, actor_id, action, object_kind, object_id, ip, "
	"detail) VALUES (UTC_TIMESTAMP(), ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_COUNT */
	"SELECT COUNT(*) FROM audit_log",
	/* STMT_PAGE */
	"SELECT a.at, a.actor_kind, COALESCE(s.name, ''), COALESCE(s.email, ''), a.action, "
	"COALESCE(a.object_kind, ''), COALESCE(a.object_id, 0), a.ip, COALESCE(a.detail, ''), "
	"COALESCE(CONCAT(cl.first_name, ' ', cl.last_name), '') "
	"FROM audit_log a LEFT JOIN staff s ON a.actor_kind = 'staff' AND s.id = a.actor_id "
	"LEFT JOIN clients cl ON a.actor_kind = 'client' AND cl.id = a.actor_id "
	"ORDER BY a.id DESC LIMIT ? OFFSET ?",
};

static int
write_entry(struct db *db, const char *actor_kind, long long actor_id, const char *action,
    const char *object_kind, long long object_id, const char *ip, const char *detail)
{
	struct db_query	 q;
	char		 cut[1001];

	db_query_init(&q, db, stmts[STMT_WRITE]);
	db_bind_text(&q, actor_kind);
	if (actor_id > 0)
		db_bind_int(&q, actor_id);
	else
		db_bind_null(&q);
	db_bind_text(&q, action);
	db_bind_text(&q, object_kind);
	if (object_id > 0)
		db_bind_int(&q, object_id);
	else
		db_bind_null(&q);
	db_bind_text(&q, ip != NULL ? ip : "");
	if (detail != NULL) {
		/* The column holds 1000 characters; cut on a character boundary. */
		size_t n = strlen(detail) < sizeof(cut) - 1 ? strlen(detail) : sizeof(cut) - 1;
		while (n > 0 && n < strlen(detail) && ((unsigned char)detail[n] & 0xc0) == 0x80)
			n--;
		memcpy(cut, detail, n);
		cut[n] = '\0';
		db_bind_text(&q, cut);
	} else
		db_bind_null(&q);
	if (db_exec(&q, NULL) == -1) {
		log_error("audit: could not record %s", action);
		return -1;
	}
	return 0;
}

int
audit_write(struct request *r, const char *action, const char *object_kind,
    long long object_id, const char *detail)
{
	if (r->signed_in)
		return write_entry(r->db, "staff", r->user.id, action, object_kind, object_id,
		    r->ip, detail);
	if (r->client_signed_in)
		return write_entry(r->db, "client", r->client.id, action, object_kind, object_id,
		    r->ip, detail);
	return write_entry(r->db, "anonymous", 0, action, object_kind, object_id, r->ip, detail);
}

int
audit_write_system(struct db *db, const char *action, const char *object_kind,
    long long object_id, const char *detail)
{
	return write_entry(db, "system", 0, action, object_kind, object_id, "", detail);
}

int
audit_write_as(struct db *db, const char *actor_kind, long long actor_id, const char *ip,
    const char *action, const char *object_kind, long long object_id, const char *detail)
{
	return write_entry(db, actor_kind, actor_id, action, object_kind, object_id, ip, detail);
}

void
audit_show(struct request *r)
{
	struct db_query	 q;
	long long	 total, page = 1, pages;
	char		 when[40], who[600], object[64], url[64];
	const char	*kind;
	int		 i = 0, rc;

	if (r->form.v[AUDIT_PAGE].present && r->form.v[AUDIT_PAGE].error == NULL)
		page = r->form.v[AUDIT_PAGE].num;
	db_query_init(&q, r->db, stmts[STMT_COUNT]);
	if (db_scalar_int(&q, &total) == -1) {
		page_db_error(r);
		return;
	}
	pages = total == 0 ? 1 : (total + AUDIT_PAGE_SIZE - 1) / AUDIT_PAGE_SIZE;
	if (page > pages) {
		page_error(r, 404, "There is no such page of the audit log.");
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_PAGE]);
	db_bind_int(&q, AUDIT_PAGE_SIZE);
	db_bind_int(&q, (page - 1) * AUDIT_PAGE_SIZE);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	while ((rc = db_query_next(&q)) == 1) {
		page_format_time(r, db_col_str(&q, 0), when, sizeof(when));
		kind = db_col_str(&q, 1);
		if (strcmp(kind, "staff") == 0 && *db_col_str(&q, 2) != '\0')
			snprintf(who, sizeof(who), "%s", db_col_str(&q, 2));
		else if (strcmp(kind, "system") == 0)
			snprintf(who, sizeof(who), "Casebook");
		else if (strcmp(kind, "client") == 0)
			snprintf(who, sizeof(who), "%s (client)", *db_col_str(&q, 9) != '\0' ?
			    db_col_str(&q, 9) : "A deleted client");
		else
			snprintf(who, sizeof(who), "Someone not signed in");
		if (*db_col_str(&q, 5) != '\0' && db_col_int(&q, 6) > 0)
			snprintf(object, sizeof(object), "%s #%lld", db_col_str(&q, 5),
			    db_col_int(&q, 6));
		else
			snprintf(object, sizeof(object), "%s", db_col_str(&q, 5));
		view_set(r->hdf, when, "Audit.Entries.%d.At", i);
		view_set(r->hdf, who, "Audit.Entries.%d.Actor", i);
		view_set(r->hdf, db_col_str(&q, 4), "Audit.Entries.%d.Action", i);
		view_set(r->hdf, object, "Audit.Entries.%d.Object", i);
		view_set(r->hdf, db_col_str(&q, 7), "Audit.Entries.%d.Ip", i);
		view_set(r->hdf, db_col_str(&q, 8), "Audit.Entries.%d.Detail", i);
		i++;
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	view_set_int(r->hdf, total, "Audit.Total");
	view_set_int(r->hdf, page, "Audit.Page");
	view_set_int(r->hdf, pages, "Audit.Pages");
	if (page > 1) {
		snprintf(url, sizeof(url), "/admin/audit?page=%lld", page - 1);
		view_set(r->hdf, url, "Audit.PrevUrl");
	}
	if (page < pages) {
		snprintf(url, sizeof(url), "/admin/audit?page=%lld", page + 1);
		view_set(r->hdf, url, "Audit.NextUrl");
	}
	page_render(r, "audit.cs", "Audit log");
}
