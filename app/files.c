/* files.c: a client's documents: the Files tab of the profile (/clients/{id}/files) and the
 * portal's /portal/files: upload (streamed to disk, typed by content, within the practice's
 * quota), share, download (sent by nginx, the web server or the worker: Files.Delivery),
 * delete */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "app.h"
#include "crypto.h"
#include "log.h"
#include "sniff.h"
#include "store.h"

/* The file input of the upload forms (several files at once); an upload, so not declared. */
#define FILES_FIELD	"files"
#define NAME_MAX_CHARS	255
#define FILES_SHOWN	500

const struct form_field files_upload_fields[FUP__MAX] = {
	{ "shared", FORM_BOOL, 0, 1, 0, 1, "Share with the client" },
};

const struct form_field files_share_fields[FSHARE__MAX] = {
	{ "shared", FORM_BOOL, 0, 1, 0, 1, "Shared with the client" },
};

enum stmt {
	STMT_LIST,
	STMT_LIST_PORTAL,
	STMT_GET,
	STMT_GET_PORTAL,
	STMT_LOCK_PRACTICE,
	STMT_USAGE,
	STMT_INSERT,
	STMT_SHARE,
	STMT_DELETE,
	STMT_KEYS_UNUSED,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LIST: a client's files for staff, newest first */
	"SELECT f.id, f.original_name, f.size, f.content_type, f.uploaded_by_kind, "
	"f.uploaded_by_id, COALESCE(s.name, ''), f.shared, f.created_at, f.sha256 FROM files f "
	"LEFT JOIN staff s ON f.uploaded_by_kind = 'staff' AND s.id = f.uploaded_by_id "
	"WHERE f.client_id = ? ORDER BY f.created_at DESC, f.id DESC LIMIT ?",
	/* STMT_LIST_PORTAL: what the client sees: shared files and their own uploads */
	"SELECT f.id, f.original_name, f.size, f.content_type, f.uploaded_by_kind, "
	"f.uploaded_by_id, COALESCE(s.name, ''), f.shared, f.created_at, f.sha256 FROM files f "
	"LEFT JOIN staff s ON f.uploaded_by_kind = 'staff' AND s.id = f.uploaded_by_id "
	"WHERE f.client_id = ? AND (f.shared = 1 OR f.uploaded_by_kind = 'client') "
	"ORDER BY f.created_at DESC, f.id DESC LIMIT ?",
	/* STMT_GET: one file of one client */
	"SELECT id, storage_key, original_name, content_type, uploaded_by_kind, uploaded_by_id, "
	"shared FROM files WHERE id = ? AND client_id = ?",
	/* STMT_GET_PORTAL: one file the client may see */
	"SELECT id, storage_key, original_name, content_type, uploaded_by_kind, uploaded_by_id, "
	"shared FROM files WHERE id = ? AND client_id = ? AND "
	"(shared = 1 OR uploaded_by_kind = 'client')",
	/* STMT_LOCK_PRACTICE: uploads take turns at the quota */
	"SELECT id FROM practice_settings WHERE id = 1 FOR UPDATE",
	/* STMT_USAGE */
	"SELECT COALESCE(SUM(size), 0) FROM files",
	/* STMT_INSERT */
	"INSERT INTO files (client_id, storage_key, original_name, size, content_type, sha256, "
	"uploaded_by_kind, uploaded_by_id, shared, created_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
	/* STMT_SHARE */
	"UPDATE files SET shared = ? WHERE id = ? AND client_id = ?",
	/* STMT_DELETE */
	"DELETE FROM files WHERE id = ? AND client_id = ?",
	/* STMT_KEYS_UNUSED: of a JSON array of store keys, those no file and no logo names */
	"SELECT j.k FROM JSON_TABLE(?, '$[*]' COLUMNS (k VARCHAR(64) CHARACTER SET utf8mb4 "
	"COLLATE utf8mb4_unicode_ci PATH '$')) j WHERE NOT EXISTS (SELECT 1 FROM files f "
	"WHERE f.storage_key = j.k) AND NOT EXISTS (SELECT 1 FROM practice_settings p "
	"WHERE p.logo_key = j.k)",
};

/* One file checked before it is stored. */
struct checked {
	const struct http_upload *up;
	char			 name[NAME_MAX_CHARS * 4 + 1];
	char			 sha256[CRYPTO_SHA256_BYTES * 2 + 1];
	enum sniff_type		 type;
	char			 key[STORE_KEY_MAX];
	long long		 id;
};

/* A file row as the pages use it. */
struct file_row {
	long long	 id;
	char		 key[101];
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 type[101];
	int		 by_client;
	long long	 by_id;
	int		 shared;
};

/* "1.2 MB" for people. */
static void
size_text(long long n, char *out, size_t size)
{
	if (n < 1024)
		snprintf(out, size, "%lld bytes", n);
	else if (n < 1024 * 1024)
		snprintf(out, size, "%.1f kB", (double)n / 1024);
	else if (n < 1024LL * 1024 * 1024)
		snprintf(out, size, "%.1f MB", (double)n / (1024 * 1024));
	else
		snprintf(out, size, "%.2f GB", (double)n / (1024.0 * 1024 * 1024));
}

/* The label of a stored media type. */
static const char *
type_label(const char *type)
{
	int	 i;

	for (i = 1; i < SNIFF__MAX; i++)
		if (strcmp(type, sniff_types[i]) == 0)
			return sniff_labels[i];
	return type;
}

/* The name a file came with, as it is kept: browsers send a quote as %22 (and line breaks
 * as %0A, %0D), which become the quote and '_'; control characters become '_'.  0, or -1
 * when it is longer than NAME_MAX_CHARS characters. */
static int
name_clean(const char *in, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *in != '\0'; in++) {
		if (n + 2 > size)
			return -1;
		if (strncmp(in, "%22", 3) == 0) {
			out[n++] = '"';
			in += 2;
		} else if (strncasecmp(in, "%0A", 3) == 0 || strncasecmp(in, "%0D", 3) == 0) {
			out[n++] = '_';
			in += 2;
		} else if ((unsigned char)*in < 0x20 || *in == 0x7f)
			out[n++] = '_';
		else
			out[n++] = *in;
	}
	out[n] = '\0';
	return form_utf8_length(out) > NAME_MAX_CHARS ? -1 : 0;
}

/* At most size - 1 bytes of name for a message, cut between characters, with "…" when cut. */
static void
name_short(const char *name, char *out, size_t size)
{
	size_t	 n = strlen(name);

	if (n < size) {
		memcpy(out, name, n + 1);
		return;
	}
	n = size - 4;
	while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, name, n);
	memcpy(out + n, "\xe2\x80\xa6", 4);
}

/* Read an uploaded temporary file once, through SHA-256 and the sniffer; 0 or -1. */
static int
digest_and_sniff(const char *path, const char *name, char *sha_hex, enum sniff_type *type)
{
	static struct sniff	 s;	/* 260 kB: not on the stack; reset for every file */
	unsigned char		 chunk[65536], md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0;
	EVP_MD_CTX		*ctx = NULL;
	ssize_t			 n;
	int			 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		goto out;
	sniff_init(&s);
	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(ctx, chunk, (size_t)n) != 1)
			goto out;
		sniff_feed(&s, chunk, (size_t)n);
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != CRYPTO_SHA256_BYTES)
		goto out;
	crypto_hex(md, mdlen, sha_hex);
	*type = sniff_result(&s, name);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

/* Check every uploaded file (name, size, type by content); the number of files, 0 when none
 * was chosen, or -1 with the reason for the person in message. */
static int
uploads_check(struct request *r, struct checked **out, char *message, size_t size)
{
	struct checked	*c;
	char		 cap[32], shown[128];
	size_t		 i, n = 0;

	*out = NULL;
	for (i = 0; i < r->uploads.n; i++)
		if (strcmp(r->uploads.v[i].field, FILES_FIELD) == 0)
			n++;
	if (n == 0)
		return 0;
	if ((c = calloc(n, sizeof(*c))) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	*out = c;
	size_text(r->cfg->files_max_bytes, cap, sizeof(cap));
	for (i = 0; i < r->uploads.n; i++) {
		const struct http_upload	*up = &r->uploads.v[i];

		if (strcmp(up->field, FILES_FIELD) != 0)
			continue;
		c->up = up;
		if (name_clean(up->filename, c->name, sizeof(c->name)) == -1) {
			snprintf(message, size, "A file name is longer than %d characters: rename "
			    "the file and upload it again.", NAME_MAX_CHARS);
			return -1;
		}
		name_short(c->name, shown, sizeof(shown));
		if (up->size == 0) {
			snprintf(message, size, "“%s” is empty.", shown);
			return -1;
		}
		if (up->size > (uint64_t)r->cfg->files_max_bytes) {
			snprintf(message, size, "“%s” is larger than %s, the most one file may be.",
			    shown, cap);
			return -1;
		}
		if (digest_and_sniff(up->path, c->name, c->sha256, &c->type) == -1) {
			log_error("files: cannot read the upload %s", up->path);
			snprintf(message, size, "The upload could not be read. Try again.");
			return -1;
		}
		if (c->type == SNIFF_REFUSED) {
			snprintf(message, size, "“%s” is not a kind of file Casebook accepts. "
			    "Allowed: " SNIFF_ALLOWED ".", shown);
			return -1;
		}
		c++;
	}
	return (int)n;
}

/* Store the checked files and their rows for client_id: the rows and the bytes appear
 * together or not at all.  1 stored, 0 refused (over the quota, or no room on the disk:
 * message says so), -1 failure. */
static int
uploads_store(struct request *r, long long client_id, struct checked *c, int n, int shared,
    const char *by_kind, long long by_id, char *message, size_t size)
{
	struct db_query	 q;
	char		 used[32], quota[32], detail[64];
	long long	 usage = 0, total = 0;
	int		 i, stored = 0, rc = -1, no_room, saved_errno;

	for (i = 0; i < n; i++)
		total += (long long)c[i].up->size;
	if (db_begin(r->db) == -1)
		goto fail;
	/* the practice's row is the quota's lock: two uploads cannot both pass the sum */
	db_query_init(&q, r->db, stmts[STMT_LOCK_PRACTICE]);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_USAGE]);
	if (db_scalar_int(&q, &usage) == -1)
		goto fail;
	if (usage + total > r->cfg->files_quota_bytes) {
		db_rollback(r->db);
		size_text(usage, used, sizeof(used));
		size_text(r->cfg->files_quota_bytes, quota, sizeof(quota));
		snprintf(message, size, "There is not enough room: the practice's files use %s of "
		    "%s. Nothing was uploaded.", used, quota);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (store_put(r->cfg->files_dir, c[i].up->path, c[i].key) == -1) {
			saved_errno = errno;
			log_error("files: cannot move %s into the file store: %s", c[i].up->path,
			    strerror(saved_errno));
			c[i].key[0] = '\0';
			/* The disk, not the database: the person uploading is told, and nothing
			 * of the batch stays. */
			no_room = saved_errno == ENOSPC || saved_errno == EFBIG ||
			    saved_errno == EDQUOT;
			snprintf(message, size, no_room ? "There is no room left on the server for "
			    "these files. Nothing was uploaded; please tell the practice's "
			    "administrator." : "The files could not be stored on the server. "
			    "Nothing was uploaded.");
			rc = 0;
			goto fail;
		}
		stored = i + 1;
		db_query_init(&q, r->db, stmts[STMT_INSERT]);
		db_bind_int(&q, client_id);
		db_bind_text(&q, c[i].key);
		db_bind_text(&q, c[i].name);
		db_bind_int(&q, (long long)c[i].up->size);
		db_bind_text(&q, sniff_types[c[i].type]);
		db_bind_text(&q, c[i].sha256);
		db_bind_text(&q, by_kind);
		db_bind_int(&q, by_id);
		db_bind_int(&q, shared);
		if (db_exec(&q, NULL) == -1)
			goto fail;
		c[i].id = (long long)q.insert_id;
		snprintf(detail, sizeof(detail), "file %lld%s", c[i].id, shared ? ", shared" : "");
		if (audit_write(r, "file_uploaded", "client", client_id, detail) == -1)
			goto fail;
	}
	if (db_commit(r->db) == -1)
		goto fail;
	return 1;
fail:
	db_rollback(r->db);
	for (i = 0; i < stored; i++)
		if (c[i].key[0] != '\0' && store_remove(r->cfg->files_dir, c[i].key) == -1)
			log_warn("files: the unsaved upload %s could not be removed", c[i].key);
	return rc;
}

/* The upload of a form, start to end: 303 back to location with what happened. */
static void
upload(struct request *r, long long client_id, int shared, const char *by_kind,
    long long by_id, const char *location)
{
	struct checked	*c = NULL;
	char		 message[512], text[192], shown[128];
	int		 n, rc;

	if ((n = uploads_check(r, &c, message, sizeof(message))) <= 0) {
		free(c);
		page_flash_redirect(r, "error", n == 0 ? "Choose one or more files to upload." :
		    message, location);
		return;
	}
	rc = uploads_store(r, client_id, c, n, shared, by_kind, by_id, message,
	    sizeof(message));
	if (rc == -1) {
		free(c);
		page_db_error(r);
		return;
	}
	if (rc == 0) {
		free(c);
		page_flash_redirect(r, "error", message, location);
		return;
	}
	if (n == 1)
	{
		name_short(c[0].name, shown, sizeof(shown));
		snprintf(text, sizeof(text), "“%s” was uploaded.", shown);
	}
	else
		snprintf(text, sizeof(text), "%d files were uploaded.", n);
	free(c);
	page_flash_redirect(r, "success", text, location);
}

/* Load file id of client_id (portal: only what the client may see) into f: 1, 0 none, -1. */
static int
file_load(struct db *db, long long id, long long client_id, int portal, struct file_row *f)
{
	struct db_query	 q;
	int		 rc;

	memset(f, 0, sizeof(*f));
	db_query_init(&q, db, stmts[portal ? STMT_GET_PORTAL : STMT_GET]);
	db_bind_int(&q, id);
	db_bind_int(&q, client_id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		f->id = db_col_int(&q, 0);
		snprintf(f->key, sizeof(f->key), "%s", db_col_str(&q, 1));
		snprintf(f->name, sizeof(f->name), "%s", db_col_str(&q, 2));
		snprintf(f->type, sizeof(f->type), "%s", db_col_str(&q, 3));
		f->by_client = strcmp(db_col_str(&q, 4), "client") == 0;
		f->by_id = db_col_int(&q, 5);
		f->shared = (int)db_col_int(&q, 6);
	}
	db_query_end(&q);
	return rc;
}

/* The list into Files.N: what the page shows of each file. */
static int
list_to_view(struct request *r, long long client_id, int portal)
{
	struct db_query	 q;
	char		 text[64];
	long long	 total = 0;
	int		 i = 0, rc, by_client;

	db_query_init(&q, r->db, stmts[portal ? STMT_LIST_PORTAL : STMT_LIST]);
	db_bind_int(&q, client_id);
	db_bind_int(&q, FILES_SHOWN);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		by_client = strcmp(db_col_str(&q, 4), "client") == 0;
		view_set_int(r->hdf, db_col_int(&q, 0), "Files.%d.Id", i);
		view_set(r->hdf, db_col_str(&q, 1), "Files.%d.Name", i);
		size_text(db_col_int(&q, 2), text, sizeof(text));
		view_set(r->hdf, text, "Files.%d.Size", i);
		total += db_col_int(&q, 2);
		view_set(r->hdf, type_label(db_col_str(&q, 3)), "Files.%d.Type", i);
		view_set(r->hdf, by_client ? "The client" : db_col_str(&q, 6), "Files.%d.By", i);
		if (by_client)
			view_set(r->hdf, "1", "Files.%d.ByClient", i);
		if (db_col_int(&q, 7))
			view_set(r->hdf, "1", "Files.%d.Shared", i);
		page_format_time(r, db_col_str(&q, 8), text, sizeof(text));
		view_set(r->hdf, text, "Files.%d.At", i);
		view_set(r->hdf, db_col_str(&q, 9), "Files.%d.Sha256", i);
		/* who may delete: the uploader, or an admin */
		if (portal ? by_client : (r->user.role == STAFF_ADMIN ||
		    (!by_client && db_col_int(&q, 5) == r->user.id)))
			view_set(r->hdf, "1", "Files.%d.CanDelete", i);
		i++;
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	view_set_int(r->hdf, i, "FilesCount");
	return 0;
}

/* The practice's usage and limits into FilesUsage. */
static int
usage_to_view(struct request *r)
{
	struct db_query	 q;
	long long	 usage = 0;
	char		 text[32];

	db_query_init(&q, r->db, stmts[STMT_USAGE]);
	if (db_scalar_int(&q, &usage) == -1)
		return -1;
	size_text(usage, text, sizeof(text));
	view_set(r->hdf, text, "FilesUsage.Used");
	size_text(r->cfg->files_quota_bytes, text, sizeof(text));
	view_set(r->hdf, text, "FilesUsage.Quota");
	view_set_int(r->hdf, r->cfg->files_quota_bytes > 0 ?
	    usage * 100 / r->cfg->files_quota_bytes : 100, "FilesUsage.Percent");
	size_text(r->cfg->files_max_bytes, text, sizeof(text));
	view_set(r->hdf, text, "FilesUsage.MaxFile");
	view_set(r->hdf, SNIFF_ALLOWED, "FilesUsage.Allowed");
	return 0;
}

/* Make a Content-Disposition for name: attachment, an ASCII fallback (anything else, and
 * quotes, backslashes and slashes, as '_') and the exact name as RFC 5987 UTF-8. */
static void
disposition(const char *name, struct buf *out)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	buf_puts(out, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '/' || *p == '%')
			buf_putc(out, '_');
		else
			buf_putc(out, (char)*p);
	}
	buf_puts(out, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p) != NULL) {
			buf_putc(out, (char)*p);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
	}
}

/* Send file f, after the audit entry, as Files.Delivery says (page_send_stored). */
static void
send_file(struct request *r, long long client_id, const struct file_row *f)
{
	struct buf	 cd = { 0 };
	char		 path[4096], detail[64];

	if (store_path(r->cfg->files_dir, f->key, path, sizeof(path)) == -1) {
		log_error("files: file %lld has a malformed storage key", f->id);
		page_error(r, 500, NULL);
		return;
	}
	snprintf(detail, sizeof(detail), "file %lld", f->id);
	if (audit_write(r, "file_downloaded", "client", client_id, detail) == -1) {
		page_db_error(r);
		return;
	}
	disposition(f->name, &cd);
	page_send_stored(r, f->key, f->type, cd.data ? cd.data : "attachment");
	buf_free(&cd);
}

/* Delete f of client_id, the row first, then the bytes.  Answers. */
static void
delete_file(struct request *r, long long client_id, const struct file_row *f,
    const char *location)
{
	struct db_query		 q;
	unsigned long long	 n = 0;
	char			 detail[64];

	if (db_begin(r->db) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_DELETE]);
	db_bind_int(&q, f->id);
	db_bind_int(&q, client_id);
	if (db_exec(&q, &n) == -1)
		goto fail;
	if (n == 0) {
		db_rollback(r->db);
		page_error(r, 404, NULL);
		return;
	}
	snprintf(detail, sizeof(detail), "file %lld", f->id);
	if (audit_write(r, "file_deleted", "client", client_id, detail) == -1 ||
	    db_commit(r->db) == -1)
		goto fail;
	if (store_remove(r->cfg->files_dir, f->key) == -1)
		log_warn("files: the bytes of deleted file %lld (%s) could not be removed", f->id,
		    f->key);
	page_flash_redirect(r, "success", "The file was deleted.", location);
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}

/* ---- staff: the Files tab ---- */

/* The client in the path within the caller's reach, and file ids[1] of theirs: 1, or 0
 * after answering (404 for both "no such" and "not yours"). */
static int
staff_file(struct request *r, struct file_row *f)
{
	struct client	 c;
	int		 rc;

	if (!profile_client_load(r, &c))
		return 0;
	client_free(&c);
	if ((rc = file_load(r->db, r->ids[1], r->ids[0], 0, f)) == -1) {
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
files_tab(struct request *r)
{
	struct client	 c;

	if (!profile_client_load(r, &c))
		return;
	audit_write(r, "client_viewed", "client", c.id, "files");
	if (list_to_view(r, c.id, 0) == -1 || usage_to_view(r) == -1) {
		client_free(&c);
		page_db_error(r);
		return;
	}
	profile_render_tab(r, &c, "files");
	client_free(&c);
}

void
files_upload(struct request *r)
{
	struct client	 c;
	char		 location[64];

	if (!profile_client_load(r, &c))
		return;
	snprintf(location, sizeof(location), "/clients/%lld/files", c.id);
	upload(r, c.id, r->form.v[FUP_SHARED].num ? 1 : 0, "staff", r->user.id, location);
	client_free(&c);
}

void
files_download(struct request *r)
{
	struct file_row	 f;

	if (staff_file(r, &f))
		send_file(r, r->ids[0], &f);
}

void
files_share(struct request *r)
{
	struct file_row	 f;
	struct db_query	 q;
	char		 location[64], detail[64];
	int		 shared = r->form.v[FSHARE_SHARED].num ? 1 : 0;

	if (!staff_file(r, &f))
		return;
	snprintf(location, sizeof(location), "/clients/%lld/files", r->ids[0]);
	if (f.shared == shared) {
		page_flash_redirect(r, "info", "Nothing was changed.", location);
		return;
	}
	if (db_begin(r->db) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_SHARE]);
	db_bind_int(&q, shared);
	db_bind_int(&q, f.id);
	db_bind_int(&q, r->ids[0]);
	snprintf(detail, sizeof(detail), "file %lld", f.id);
	if (db_exec(&q, NULL) == -1 || audit_write(r, shared ? "file_shared" : "file_unshared",
	    "client", r->ids[0], detail) == -1 || db_commit(r->db) == -1)
		goto fail;
	page_flash_redirect(r, "success", shared ? "The file is shared with the client." :
	    "The file is no longer shared with the client.", location);
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}

void
files_delete(struct request *r)
{
	struct file_row	 f;
	char		 location[64];

	if (!staff_file(r, &f))
		return;
	if (r->user.role != STAFF_ADMIN && (f.by_client || f.by_id != r->user.id)) {
		page_error(r, 403, "Only the person who uploaded a file, or an administrator, "
		    "can delete it.");
		return;
	}
	snprintf(location, sizeof(location), "/clients/%lld/files", r->ids[0]);
	delete_file(r, r->ids[0], &f, location);
}

/* ---- the portal: /portal/files ---- */

/* File ids[0] as the signed-in client may see it: 1, or 0 after answering 404. */
static int
portal_file(struct request *r, struct file_row *f)
{
	int	 rc;

	if ((rc = file_load(r->db, r->ids[0], r->client.id, 1, f)) == -1) {
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
files_portal_list(struct request *r)
{
	if (list_to_view(r, r->client.id, 1) == -1) {
		page_db_error(r);
		return;
	}
	audit_write(r, "client_viewed", "client", r->client.id, "portal files");
	view_set(r->hdf, SNIFF_ALLOWED, "FilesUsage.Allowed");
	page_render_portal(r, "portal/files.cs", "Files");
}

void
files_portal_upload(struct request *r)
{
	/* what a client uploads is theirs, and so theirs to see */
	upload(r, r->client.id, 0, "client", r->client.id, "/portal/files");
}

void
files_portal_download(struct request *r)
{
	struct file_row	 f;

	if (portal_file(r, &f))
		send_file(r, r->client.id, &f);
}

void
files_portal_delete(struct request *r)
{
	struct file_row	 f;

	if (!portal_file(r, &f))
		return;
	if (!f.by_client) {
		page_error(r, 403, "Only files you uploaded yourself can be deleted here.");
		return;
	}
	delete_file(r, r->client.id, &f, "/portal/files");
}

int
files_portal_summary(struct request *r)
{
	return list_to_view(r, r->client.id, 1);
}

/* ---- the sweep of the store ---- */

#define SWEEP_BATCH	500	/* keys looked up in one statement */

/* Remove from dir the keys of a JSON array that unused_sql returns; the number removed, or -1. */
static long long
sweep_batch(struct app *app, const char *dir, const char *unused_sql, const struct buf *keys)
{
	struct db_query	 q;
	long long	 removed = 0;
	int		 rc;

	db_query_init(&q, app->db, unused_sql);
	db_bind_text(&q, keys->data);
	if (db_query_exec(&q) == -1)
		return -1;
	while ((rc = db_query_next(&q)) == 1) {
		if (store_remove(dir, db_col_str(&q, 0)) == 0)
			removed++;
		else
			log_warn("sweep: cannot remove the stored file %s/%s", dir,
			    db_col_str(&q, 0));
	}
	db_query_end(&q);
	return rc == -1 ? -1 : removed;
}

long long
store_sweep(struct app *app, const char *dir, time_t cutoff, const char *unused_sql)
{
	struct buf	 keys = { 0 };
	struct stat	 st;
	struct dirent	*e;
	DIR		*d;
	char		 path[1200];
	long long	 removed = 0, n;
	int		 batched = 0, failed = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!failed && (e = readdir(d)) != NULL) {
		/* only what the store names (64 hex characters), older than an upload takes */
		if (store_path(dir, e->d_name, path, sizeof(path)) == -1 ||
		    lstat(path, &st) == -1 || !S_ISREG(st.st_mode) || st.st_mtime >= cutoff)
			continue;
		if (buf_putc(&keys, batched ? ',' : '[') == -1 ||
		    buf_json_string(&keys, e->d_name) == -1) {
			failed = 1;
			break;
		}
		if (++batched < SWEEP_BATCH)
			continue;
		if (buf_putc(&keys, ']') == -1 ||
		    (n = sweep_batch(app, dir, unused_sql, &keys)) == -1)
			failed = 1;
		else
			removed += n;
		buf_reset(&keys);
		batched = 0;
	}
	closedir(d);
	if (!failed && batched > 0) {
		if (buf_putc(&keys, ']') == -1 ||
		    (n = sweep_batch(app, dir, unused_sql, &keys)) == -1)
			failed = 1;
		else
			removed += n;
	}
	buf_free(&keys);
	return failed ? -1 : removed;
}

long long
files_sweep(struct app *app, time_t cutoff)
{
	return store_sweep(app, app->cfg->files_dir, cutoff, stmts[STMT_KEYS_UNUSED]);
}
