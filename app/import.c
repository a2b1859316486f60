/* import.c: importing clients from a CSV file (/clients/import): upload, column mapping,
 * the preview (a dry run), starting the job, its progress and result, and the report of the
 * rows not imported */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "csv.h"
#include "log.h"
#include "store.h"

#define FILE_FIELD	"file"
#define PREVIEW_ROWS	10	/* rows shown as they will be saved */
#define PROBLEMS_SHOWN	200	/* rows with problems listed on the preview */
#define PREVIEW_BATCH	500	/* rows checked together (one look-up of their addresses) */
#define RECENT_IMPORTS	20
#define COLUMN_MAX	(IMPORT_COLUMNS_MAX + 0LL)

const struct form_field import_map_fields[IMAP__MAX] = {
	{ "first_name",          FORM_INT, 0, 4, 0, COLUMN_MAX, "First name" },
	{ "last_name",           FORM_INT, 0, 4, 0, COLUMN_MAX, "Last name" },
	{ "preferred_name",      FORM_INT, 0, 4, 0, COLUMN_MAX, "Preferred name" },
	{ "email",               FORM_INT, 0, 4, 0, COLUMN_MAX, "Email" },
	{ "phone",               FORM_INT, 0, 4, 0, COLUMN_MAX, "Phone" },
	{ "date_of_birth",       FORM_INT, 0, 4, 0, COLUMN_MAX, "Date of birth" },
	{ "gender",              FORM_INT, 0, 4, 0, COLUMN_MAX, "Gender" },
	{ "pronouns",            FORM_INT, 0, 4, 0, COLUMN_MAX, "Pronouns" },
	{ "address",             FORM_INT, 0, 4, 0, COLUMN_MAX, "Address" },
	{ "occupation",          FORM_INT, 0, 4, 0, COLUMN_MAX, "Occupation" },
	{ "employment_status",   FORM_INT, 0, 4, 0, COLUMN_MAX, "Employment status" },
	{ "relationship_status", FORM_INT, 0, 4, 0, COLUMN_MAX, "Relationship status" },
	{ "living_arrangement",  FORM_INT, 0, 4, 0, COLUMN_MAX, "Living arrangement" },
	{ "emergency_name",      FORM_INT, 0, 4, 0, COLUMN_MAX, "Emergency contact" },
	{ "emergency_phone",     FORM_INT, 0, 4, 0, COLUMN_MAX, "Emergency contact phone" },
	{ "emergency_relation",  FORM_INT, 0, 4, 0, COLUMN_MAX, "Relationship to client" },
	{ "diagnosis",           FORM_INT, 0, 4, 0, COLUMN_MAX, "Diagnosis" },
	{ "icd10_codes",         FORM_INT, 0, 4, 0, COLUMN_MAX, "ICD-10 codes" },
	{ "symptoms",            FORM_INT, 0, 4, 0, COLUMN_MAX, "Symptoms" },
	{ "full_name",           FORM_INT, 0, 4, 0, COLUMN_MAX, "Full name" },
	{ "tags",                FORM_INT, 0, 4, 0, COLUMN_MAX, "Tags" },
	{ "staff",               FORM_INT, 0, 4, 0, COLUMN_MAX, "Assigned staff" },
	{ "existing",            FORM_TOKEN, 0, 8, 0, 0, "Existing clients" },
	{ "invite",              FORM_BOOL, 0, 1, 0, 0, "Invite" },
};

enum stmt {
	STMT_CREATE,
	STMT_GET,
	STMT_RECENT,
	STMT_SET_MAPPING,
	STMT_START,
	STMT_JOB,
	STMT_SET_JOB,
	STMT_PROBLEMS,
	STMT__MAX
};

#define IMPORT_COLUMNS \
	"id, staff_id, file_name, COALESCE(storage_key, ''), encoding, delimiter, header, " \
	"state, mapping, existing, invite, total, done_rows, created, updated, skipped, " \
	"failed, invited, COALESCE(error, ''), created_at, COALESCE(finished_at, '')"

enum import_column {
	IC_ID, IC_STAFF, IC_FILE, IC_KEY, IC_ENCODING, IC_DELIMITER, IC_HEADER, IC_STATE,
	IC_MAPPING, IC_EXISTING, IC_INVITE, IC_TOTAL, IC_DONE, IC_CREATED, IC_UPDATED,
	IC_SKIPPED, IC_FAILED, IC_INVITED, IC_ERROR, IC_CREATED_AT, IC_FINISHED_AT, IC__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CREATE */
	"INSERT INTO imports (staff_id, file_name, storage_key, encoding, delimiter, header, "
	"mapping, total, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	"UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_GET */
	"SELECT " IMPORT_COLUMNS " FROM imports WHERE id = ?",
	/* STMT_RECENT */
	"SELECT i.id, i.file_name, i.state, i.total, i.done_rows, i.created, i.updated, "
	"i.skipped, i.failed, i.created_at, s.name FROM imports i "
	"JOIN staff s ON s.id = i.staff_id ORDER BY i.id DESC LIMIT ?",
	/* STMT_SET_MAPPING */
	"UPDATE imports SET mapping = ?, existing = ?, invite = ?, state = 'mapped', "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND state IN ('uploaded', 'mapped')",
	/* STMT_START: the unique key on running refuses a second import while one runs; the
	 * importer's reach now is the reach of its invitations (sql/022) */
	"UPDATE imports SET state = 'running', running = 1, invite_scope_staff_id = ?, "
	"started_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND state = 'mapped'",
	/* STMT_JOB */
	"INSERT INTO jobs (kind, state, run_at, max_attempts, created_at, updated_at) "
	"VALUES ('import', 'queued', UTC_TIMESTAMP(), 3, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_SET_JOB */
	"UPDATE imports SET job_id = ? WHERE id = ?",
	/* STMT_PROBLEMS */
	"SELECT file_row, outcome, reason, fields FROM import_problems WHERE import_id = ? "
	"ORDER BY file_row",
};

/* One import, as loaded. */
struct import {
	long long	 id;
	long long	 staff_id;
	char		 file_name[256];
	char		 key[STORE_KEY_MAX];
	char		 encoding[16];
	char		 delimiter[16];
	char		*header;		/* columns separated by 0x1f */
	char		 state[16];
	int		 columns[IMPORT__MAX];
	int		 update_existing;
	int		 invite;
	long long	 counts[7];		/* total, done, created, updated, skipped, failed,
						 * invited */
	char		 error[512];
	char		 created_at[32];
	char		 finished_at[32];
};

static const char *const state_labels[][2] = {
	{ "uploaded", "Uploaded: choose the columns" },
	{ "mapped", "Columns chosen: check and import" },
	{ "running", "Importing" },
	{ "done", "Done" },
	{ "failed", "Stopped" },
	{ "expired", "Expired: upload it again" },
};

static const char *
state_label(const char *state)
{
	size_t	 i;

	for (i = 0; i < sizeof(state_labels) / sizeof(state_labels[0]); i++)
		if (strcmp(state_labels[i][0], state) == 0)
			return state_labels[i][1];
	return state;
}

static void
mapping_parse(const char *s, int *columns)
{
	char	*end;
	int	 t;

	for (t = 0; t < IMPORT__MAX; t++) {
		columns[t] = (int)strtol(s, &end, 10) - 1;
		if (columns[t] < -1 || columns[t] >= IMPORT_COLUMNS_MAX)
			columns[t] = -1;
		s = *end == ',' ? end + 1 : end;
	}
}

static void
mapping_format(const int *columns, char *out, size_t size)
{
	size_t	 len = 0;
	int	 t;

	out[0] = '\0';
	for (t = 0; t < IMPORT__MAX && len < size; t++)
		len += (size_t)snprintf(out + len, size - len, "%s%d", t ? "," : "",
		    columns[t] + 1);
}

/* Load the import named in the path: 1, or 0 after answering (404, or a database error). */
static int
import_load(struct request *r, struct import *im)
{
	struct db_query	 q;
	int		 rc, i;

	memset(im, 0, sizeof(*im));
	db_query_init(&q, r->db, stmts[STMT_GET]);
	db_bind_int(&q, r->ids[0]);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return 0;
	}
	if (rc == 1) {
		im->id = db_col_int(&q, IC_ID);
		im->staff_id = db_col_int(&q, IC_STAFF);
		snprintf(im->file_name, sizeof(im->file_name), "%s", db_col_str(&q, IC_FILE));
		snprintf(im->key, sizeof(im->key), "%s", db_col_str(&q, IC_KEY));
		snprintf(im->encoding, sizeof(im->encoding), "%s", db_col_str(&q, IC_ENCODING));
		snprintf(im->delimiter, sizeof(im->delimiter), "%s",
		    db_col_str(&q, IC_DELIMITER));
		if ((im->header = strdup(db_col_str(&q, IC_HEADER))) == NULL) {
			log_error("out of memory");
			exit(1);
		}
		snprintf(im->state, sizeof(im->state), "%s", db_col_str(&q, IC_STATE));
		mapping_parse(db_col_str(&q, IC_MAPPING), im->columns);
		im->update_existing = strcmp(db_col_str(&q, IC_EXISTING), "update") == 0;
		im->invite = db_col_int(&q, IC_INVITE) != 0;
		for (i = 0; i < 7; i++)
			im->counts[i] = db_col_int(&q, IC_TOTAL + (size_t)i);
		snprintf(im->error, sizeof(im->error), "%s", db_col_str(&q, IC_ERROR));
		snprintf(im->created_at, sizeof(im->created_at), "%s",
		    db_col_str(&q, IC_CREATED_AT));
		snprintf(im->finished_at, sizeof(im->finished_at), "%s",
		    db_col_str(&q, IC_FINISHED_AT));
	}
	db_query_end(&q);
	if (rc == 0) {
		page_error(r, 404, "There is no such import.");
		return 0;
	}
	return 1;
}

/* The header's columns (pointers into im->header, which they cut); their number. */
static size_t
header_columns(struct import *im, char **cols, size_t max)
{
	char	*p = im->header;
	size_t	 n = 0;

	while (n < max) {
		cols[n++] = p;
		if ((p = strchr(p, '\x1f')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static const char *
plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* ---- the upload page ---- */

static int
recent_to_view(struct request *r)
{
	struct db_query	 q;
	char		 when[64];
	int		 i = 0, rc;

	db_query_init(&q, r->db, stmts[STMT_RECENT]);
	db_bind_int(&q, RECENT_IMPORTS);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		view_set_int(r->hdf, db_col_int(&q, 0), "Imports.%d.Id", i);
		view_set(r->hdf, db_col_str(&q, 1), "Imports.%d.FileName", i);
		view_set(r->hdf, db_col_str(&q, 2), "Imports.%d.State", i);
		view_set(r->hdf, state_label(db_col_str(&q, 2)), "Imports.%d.StateLabel", i);
		view_set_int(r->hdf, db_col_int(&q, 3), "Imports.%d.Total", i);
		view_set_int(r->hdf, db_col_int(&q, 4), "Imports.%d.Done", i);
		view_set_int(r->hdf, db_col_int(&q, 5), "Imports.%d.Created", i);
		view_set_int(r->hdf, db_col_int(&q, 6), "Imports.%d.Updated", i);
		view_set_int(r->hdf, db_col_int(&q, 7), "Imports.%d.Skipped", i);
		view_set_int(r->hdf, db_col_int(&q, 8), "Imports.%d.Failed", i);
		page_format_time(r, db_col_str(&q, 9), when, sizeof(when));
		view_set(r->hdf, when, "Imports.%d.When", i);
		view_set(r->hdf, db_col_str(&q, 10), "Imports.%d.By", i);
		i++;
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

static void
upload_page(struct request *r, const char *error)
{
	char	 limit[64];

	if (error != NULL) {
		view_set(r->hdf, error, "Import.Error");
		if (r->resp.status == 200)
			r->resp.status = 422;
	}
	if (recent_to_view(r) == -1) {
		page_db_error(r);
		return;
	}
	snprintf(limit, sizeof(limit), "%lld MB", r->cfg->import_max_bytes / (1024 * 1024));
	view_set(r->hdf, limit, "Import.MaxSize");
	view_set_int(r->hdf, r->cfg->import_max_rows, "Import.MaxRows");
	page_render(r, "import.cs", "Import clients");
}

void
import_page(struct request *r)
{
	upload_page(r, NULL);
}

void
import_template(struct request *r)
{
	/* one client with every field, in client_field_labels' order */
	static const char *const example[CF__MAX] = {
		"Ada", "Lovelace", "Ada", "ada@example.org", "+44 20 7946 0958", "1985-12-10",
		"Female", "she/her", "12 St James's Square, London", "Mathematician", "Employed",
		"Married", "With family", "William King", "+44 20 7946 0000", "Husband", "", "", "",
	};
	struct csv_writer	 w;
	int			 t;

	buf_reset(&r->resp.body);
	csv_write_start(&w, &r->resp.body);
	for (t = 0; t < CF__MAX; t++)
		csv_cell_text(&w, client_field_labels[t]);
	csv_cell_text(&w, "Tags");
	csv_cell_text(&w, "Assigned staff");
	csv_row_end(&w);
	for (t = 0; t < CF__MAX; t++)
		if (t == CF_PHONE || t == CF_EMERGENCY_PHONE)
			csv_cell_phone(&w, example[t]);
		else
			csv_cell_text(&w, example[t]);
	csv_cell_text(&w, "new, referral");
	csv_cell_text(&w, "");
	csv_row_end(&w);
	if (w.failed) {
		log_error("out of memory");
		exit(1);
	}
	http_header(&r->resp, "Content-Type", "text/csv; charset=utf-8");
	http_header(&r->resp, "Content-Disposition",
	    "attachment; filename=\"casebook-import-template.csv\"");
}

static const struct http_upload *
find_upload(const struct request *r)
{
	size_t	 i;

	for (i = 0; i < r->uploads.n; i++)
		if (strcmp(r->uploads.v[i].field, FILE_FIELD) == 0)
			return &r->uploads.v[i];
	return NULL;
}

static ssize_t
read_fd(void *ctx, char *buf, size_t len)
{
	ssize_t	 n;

	while ((n = read(*(int *)ctx, buf, len)) == -1 && errno == EINTR)
		;
	return n;
}

/* What reading a whole file found. */
struct file_check {
	char		 delimiter;
	enum csv_encoding encoding;
	long		 rows;		/* data rows, the header not counted */
	struct buf	 header;	/* columns separated by 0x1f */
	size_t		 columns;
};

/* Read the uploaded file through once: its delimiter, encoding, header and rows, and whether
 * it is broken.  0, or -1 with the reason for the person who uploaded it in message. */
static int
file_check(const struct config *cfg, const char *path, struct file_check *fc, char *message,
    size_t size)
{
	struct csv	 c;
	char		 head[4096], **f;
	size_t		 n, i, k;
	ssize_t		 got;
	int		 fd, rc = -1, pass, extra;

	memset(fc, 0, sizeof(*fc));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(message, size, "The file could not be read. Please try again.");
		return -1;
	}
	got = read(fd, head, sizeof(head));
	fc->delimiter = csv_detect_delimiter(head, got > 0 ? (size_t)got : 0);
	fc->encoding = CSV_UTF8;
	/* The first pass reads it as UTF-8; when it is not, the header again as Windows-1252. */
	for (pass = 0; pass < 2; pass++) {
		lseek(fd, 0, SEEK_SET);
		csv_init(&c, read_fd, &fd);
		c.delimiter = fc->delimiter;
		c.encoding = fc->encoding;
		if ((rc = csv_next(&c, &f, &n)) == 0) {
			snprintf(message, size, "The file is empty.");
			rc = -1;
			goto done;
		}
		if (rc == -1) {
			snprintf(message, size, "The file is not a CSV file we can read: %s.",
			    c.error);
			goto done;
		}
		if (n > IMPORT_COLUMNS_MAX) {
			snprintf(message, size, "The file has %zu columns; an import reads at most "
			    "%d.", n, IMPORT_COLUMNS_MAX);
			rc = -1;
			goto done;
		}
		fc->columns = n;
		buf_reset(&fc->header);
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_putc(&fc->header, '\x1f');
			for (k = 0; f[i][k] != '\0'; k++)
				buf_putc(&fc->header, (unsigned char)f[i][k] < 0x20 ? ' ' : f[i][k]);
		}
		if (pass == 1)
			break;
		while ((rc = csv_next(&c, &f, &n)) == 1) {
			for (extra = 0, i = fc->columns; i < n; i++)
				if (f[i][0] != '\0')
					extra = 1;
			if (extra) {
				snprintf(message, size, "The file is not a CSV file we can read: "
				    "line %ld: the row has %zu fields, the header only %zu.",
				    c.row_line, n, fc->columns);
				rc = -1;
				goto done;
			}
			if (c.rows - 1 > cfg->import_max_rows) {
				snprintf(message, size, "The file has more than %lld rows, the most "
				    "one import takes. Split it into smaller files.",
				    cfg->import_max_rows);
				rc = -1;
				goto done;
			}
		}
		if (rc == -1) {
			snprintf(message, size, "The file is not a CSV file we can read: %s.",
			    c.error);
			goto done;
		}
		fc->rows = c.rows - 1;
		if (!c.invalid_utf8)
			break;
		fc->encoding = CSV_CP1252;
		csv_free(&c);
	}
	rc = 0;
done:
	csv_free(&c);
	close(fd);
	if (rc == 0 && fc->rows == 0) {
		snprintf(message, size, "The file has a header row but no clients under it.");
		rc = -1;
	}
	return rc;
}

static const char *
delimiter_name(char d)
{
	return d == ';' ? "semicolon" : d == '\t' ? "tab" : "comma";
}

void
import_upload(struct request *r)
{
	const struct http_upload	*up = find_upload(r);
	struct file_check		 fc;
	struct import			 guess;
	struct db_query			 q;
	char				 message[400], dir[1024], key[STORE_KEY_MAX];
	char				 path[1100], mapping[512], url[64], detail[400];
	char				*cols[IMPORT_COLUMNS_MAX];
	int				 columns[IMPORT__MAX];
	size_t				 n;
	long long			 id;

	if (up == NULL) {
		upload_page(r, "Choose a CSV file to import.");
		return;
	}
	if ((long long)up->size > r->cfg->import_max_bytes) {
		snprintf(message, sizeof(message), "The file is larger than %lld MB, the most one "
		    "import takes. Split it into smaller files.",
		    r->cfg->import_max_bytes / (1024 * 1024));
		upload_page(r, message);
		return;
	}
	if (file_check(r->cfg, up->path, &fc, message, sizeof(message)) == -1) {
		buf_free(&fc.header);
		upload_page(r, message);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/imports", r->cfg->files_dir);
	if ((mkdir(dir, 0700) == -1 && errno != EEXIST) ||
	    store_put(dir, up->path, key) == -1 || store_path(dir, key, path, sizeof(path)) == -1 ||
	    chmod(path, 0600) == -1) {
		log_error("import: cannot store the uploaded file in %s", dir);
		buf_free(&fc.header);
		page_error(r, 500, NULL);
		return;
	}
	/* the guess is made on a copy: the header is stored whole */
	memset(&guess, 0, sizeof(guess));
	if ((guess.header = strdup(fc.header.data)) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	n = header_columns(&guess, cols, IMPORT_COLUMNS_MAX);
	import_guess_mapping(cols, n, columns);
	free(guess.header);
	mapping_format(columns, mapping, sizeof(mapping));
	db_query_init(&q, r->db, stmts[STMT_CREATE]);
	db_bind_int(&q, r->user.id);
	db_bind_text(&q, up->filename[0] ? up->filename : "clients.csv");
	db_bind_text(&q, key);
	db_bind_text(&q, csv_encodings[fc.encoding]);
	db_bind_text(&q, delimiter_name(fc.delimiter));
	db_bind_text(&q, fc.header.data);
	db_bind_text(&q, mapping);
	db_bind_int(&q, fc.rows);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		buf_free(&fc.header);
		store_remove(dir, key);
		page_db_error(r);
		return;
	}
	id = (long long)q.insert_id;
	db_query_end(&q);
	buf_free(&fc.header);
	snprintf(detail, sizeof(detail), "%s: %ld row%s", up->filename, fc.rows, plural(fc.rows));
	audit_write(r, "import_uploaded", "import", id, detail);
	snprintf(url, sizeof(url), "/clients/import/%lld", id);
	if (fc.encoding == CSV_CP1252)
		page_flash_redirect(r, "info", "The file is not UTF-8 text: it was read as "
		    "Windows-1252, the encoding Excel uses. Check that names with accents look "
		    "right in the preview.", url);
	else
		page_redirect(r, url);
}

/* ---- one import: mapping, progress, result ---- */

static void
import_to_view(struct request *r, struct import *im)
{
	static const char *const names[7] = {
		"Total", "Done", "Created", "Updated", "Skipped", "Failed", "Invited"
	};
	char	 when[64];
	int	 i;

	view_set_int(r->hdf, im->id, "Import.Id");
	view_set(r->hdf, im->file_name, "Import.FileName");
	view_set(r->hdf, im->state, "Import.State");
	view_set(r->hdf, state_label(im->state), "Import.StateLabel");
	view_set(r->hdf, im->encoding, "Import.Encoding");
	view_set(r->hdf, im->delimiter, "Import.Delimiter");
	view_set(r->hdf, im->update_existing ? "update" : "skip", "Import.Existing");
	view_set(r->hdf, im->invite ? "1" : "0", "Import.Invite");
	for (i = 0; i < 7; i++)
		view_set_int(r->hdf, im->counts[i], "Import.%s", names[i]);
	view_set_int(r->hdf, im->counts[0] > 0 ? im->counts[1] * 100 / im->counts[0] : 0,
	    "Import.Percent");
	view_set_int(r->hdf, im->counts[4] + im->counts[5], "Import.NotImported");
	if (im->error[0] != '\0')
		view_set(r->hdf, im->error, "Import.StopReason");
	page_format_time(r, im->created_at, when, sizeof(when));
	view_set(r->hdf, when, "Import.Uploaded");
	if (im->finished_at[0] != '\0') {
		page_format_time(r, im->finished_at, when, sizeof(when));
		view_set(r->hdf, when, "Import.Finished");
	}
}

static void
mapping_to_view(struct request *r, struct import *im)
{
	char	*cols[IMPORT_COLUMNS_MAX];
	size_t	 n, i;
	int	 t;

	n = header_columns(im, cols, IMPORT_COLUMNS_MAX);
	for (i = 0; i < n; i++) {
		view_set_int(r->hdf, (long long)i + 1, "Columns.%zu.Number", i);
		view_set(r->hdf, cols[i][0] ? cols[i] : "(no name)", "Columns.%zu.Name", i);
	}
	for (t = 0; t < IMPORT__MAX; t++) {
		view_set(r->hdf, import_target_names[t], "Targets.%d.Name", t);
		view_set(r->hdf, import_target_labels[t], "Targets.%d.Label", t);
		view_set_int(r->hdf, im->columns[t] + 1, "Targets.%d.Column", t);
	}
}

void
import_show(struct request *r)
{
	struct import	 im;

	if (!import_load(r, &im))
		return;
	import_to_view(r, &im);
	if (strcmp(im.state, "uploaded") == 0 || strcmp(im.state, "mapped") == 0) {
		mapping_to_view(r, &im);
		free(im.header);
		page_render(r, "import_map.cs", "Import clients: columns");
		return;
	}
	free(im.header);
	if (strcmp(im.state, "running") == 0)
		view_set(r->hdf, "2", "Page.Refresh");
	page_render(r, "import_status.cs", "Import clients");
}

void
import_map(struct request *r)
{
	struct import		 im;
	struct db_query		 q;
	unsigned long long	 changed;
	char			 mapping[512], url[80];
	int			 columns[IMPORT__MAX], t;
	const char		*existing = r->form.v[IMAP_EXISTING].text;

	if (!import_load(r, &im))
		return;
	free(im.header);
	snprintf(url, sizeof(url), "/clients/import/%lld", im.id);
	for (t = 0; t < IMPORT__MAX; t++) {
		if (r->form.v[t].error != NULL) {
			page_error(r, 400, "A column was chosen that the file does not have.");
			return;
		}
		columns[t] = r->form.v[t].present ? (int)r->form.v[t].num - 1 : -1;
	}
	if (strcmp(existing, "update") != 0)
		existing = "skip";
	if (columns[CF_EMAIL] == -1 || (columns[IMPORT_FULL_NAME] == -1 &&
	    (columns[CF_FIRST_NAME] == -1 || columns[CF_LAST_NAME] == -1))) {
		page_flash_redirect(r, "error", "Choose the columns of the email address and the "
		    "name (first and last, or a full name): every client needs them.", url);
		return;
	}
	mapping_format(columns, mapping, sizeof(mapping));
	db_query_init(&q, r->db, stmts[STMT_SET_MAPPING]);
	db_bind_text(&q, mapping);
	db_bind_text(&q, existing);
	db_bind_int(&q, r->form.v[IMAP_INVITE].num != 0);
	db_bind_int(&q, im.id);
	if (db_exec(&q, &changed) == -1) {
		page_db_error(r);
		return;
	}
	if (changed == 0) {
		page_flash_redirect(r, strcmp(im.state, "expired") == 0 ? "error" : "info",
		    strcmp(im.state, "expired") == 0 ?
		    "The uploaded file was removed: upload it again to import it." :
		    "This import has started already.", url);
		return;
	}
	snprintf(url, sizeof(url), "/clients/import/%lld/preview", im.id);
	page_redirect(r, url);
}

/* ---- the preview: every row checked, nothing written ---- */

static void
preview_row_to_view(struct request *r, const struct import_row *row, int i)
{
	char	 shown[64];
	int	 t;

	view_set_int(r->hdf, row->number, "Preview.Rows.%d.Number", i);
	for (t = 0; t < CF__MAX; t++) {
		if (*row->cv.v[t] == '\0')
			continue;
		if (t == CF_PHONE || t == CF_EMERGENCY_PHONE) {
			phone_format(row->cv.v[t], shown, sizeof(shown));
			view_set(r->hdf, shown, "Preview.Rows.%d.%s", i, client_field_names[t]);
		} else if (t == CF_DATE_OF_BIRTH) {
			page_format_date(r, row->cv.v[t], shown, sizeof(shown));
			view_set(r->hdf, shown, "Preview.Rows.%d.%s", i, client_field_names[t]);
		} else
			view_set(r->hdf, row->cv.v[t], "Preview.Rows.%d.%s", i,
			    client_field_names[t]);
	}
	if (row->tags[0] != '\0') {
		char	 tags[1100];
		size_t	 k;

		snprintf(tags, sizeof(tags), "%s", row->tags);
		for (k = 0; tags[k] != '\0'; k++)
			if (tags[k] == '\x1f')
				tags[k] = ',';
		view_set(r->hdf, tags, "Preview.Rows.%d.Tags", i);
	}
	if (row->reasons.len > 0)
		view_set(r->hdf, row->reasons.data, "Preview.Rows.%d.Problem", i);
	if (row->existing_id > 0)
		view_set(r->hdf, "1", "Preview.Rows.%d.Existing", i);
}

void
import_preview(struct request *r)
{
	struct import		 im;
	struct csv		 c;
	struct import_row	*rows = NULL, *row;
	struct import_check	*check = NULL;
	char			 dir[1024], path[1100], **f;
	long long		 valid = 0, existing = 0, failed = 0;
	size_t			 n, k, i;
	int			 fd = -1, rc, shown = 0, problems = 0;

	memset(&c, 0, sizeof(c));
	if (!import_load(r, &im))
		return;
	import_to_view(r, &im);
	if (strcmp(im.state, "mapped") != 0) {
		char	 url[64];

		free(im.header);
		snprintf(url, sizeof(url), "/clients/import/%lld", im.id);
		page_redirect(r, url);
		return;
	}
	mapping_to_view(r, &im);
	free(im.header);
	snprintf(dir, sizeof(dir), "%s/imports", r->cfg->files_dir);
	if (store_path(dir, im.key, path, sizeof(path)) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		page_error(r, 404, "The uploaded file is gone: upload it again.");
		return;
	}
	if ((rows = calloc(PREVIEW_BATCH, sizeof(*rows))) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	csv_init(&c, read_fd, &fd);
	c.delimiter = strcmp(im.delimiter, "semicolon") == 0 ? ';' :
	    strcmp(im.delimiter, "tab") == 0 ? '\t' : ',';
	c.encoding = strcmp(im.encoding, "windows-1252") == 0 ? CSV_CP1252 : CSV_UTF8;
	if ((rc = csv_next(&c, &f, &n)) == 1 &&	/* the header */
	    (check = import_check_new(r->db, im.columns, n, r->practice.phone_country,
	    r->practice.date_order)) == NULL)
		goto dberror;
	/* in batches, as the job reads it: the rows, then one look-up of their addresses */
	while (rc == 1) {
		for (k = 0; k < PREVIEW_BATCH && (rc = csv_next(&c, &f, &n)) == 1; k++) {
			rows[k].number = c.rows;
			if (import_row_check(check, f, n > IMPORT_COLUMNS_MAX ? IMPORT_COLUMNS_MAX :
			    n, &rows[k]) == -1) {
				log_error("out of memory");
				exit(1);
			}
		}
		if (k > 0 && import_rows_lookup(check, rows, k) == -1)
			goto dberror;
		for (i = 0; i < k; i++) {
			row = &rows[i];
			if (row->reasons.len > 0)
				failed++;
			else if (row->existing_id > 0)
				existing++;
			else
				valid++;
			if (shown < PREVIEW_ROWS)
				preview_row_to_view(r, row, shown++);
			if (row->reasons.len > 0 && problems < PROBLEMS_SHOWN) {
				view_set_int(r->hdf, row->number, "Preview.Problems.%d.Number",
				    problems);
				view_set(r->hdf, row->reasons.data, "Preview.Problems.%d.Reason",
				    problems);
				problems++;
			}
		}
	}
	if (rc == -1)
		view_set(r->hdf, c.error, "Preview.ReadError");
	view_set_int(r->hdf, valid, "Preview.New");
	view_set_int(r->hdf, existing, "Preview.Existing");
	view_set_int(r->hdf, failed, "Preview.Failed");
	view_set_int(r->hdf, failed > PROBLEMS_SHOWN ? failed - PROBLEMS_SHOWN : 0,
	    "Preview.ProblemsNotShown");
	view_set(r->hdf, r->practice.phone_country, "Preview.Country");
	view_set(r->hdf, when_orders[r->practice.date_order], "Preview.DateOrder");
	page_render(r, "import_preview.cs", "Import clients: check");
	goto out;
dberror:
	page_db_error(r);
out:
	if (rows != NULL)
		for (i = 0; i < PREVIEW_BATCH; i++)
			import_row_free(&rows[i]);
	free(rows);
	import_check_free(check);
	csv_free(&c);
	if (fd != -1)
		close(fd);
}

/* ---- starting the job ---- */

void
import_start(struct request *r)
{
	struct import		 im;
	struct db_query		 q;
	unsigned long long	 changed = 0;
	long long		 job;
	char			 url[64], detail[400];

	if (!import_load(r, &im))
		return;
	free(im.header);
	snprintf(url, sizeof(url), "/clients/import/%lld", im.id);
	if (db_begin(r->db) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_START]);
	db_bind_int(&q, clients_scope(r));
	db_bind_int(&q, im.id);
	if (db_exec(&q, &changed) == -1) {
		if (db_errno(r->db) == 1062) {
			db_rollback(r->db);
			page_flash_redirect(r, "error", "Another import is running. This one can "
			    "start when it has finished.", url);
			return;
		}
		goto fail;
	}
	if (changed == 0) {
		db_rollback(r->db);
		page_flash_redirect(r, strcmp(im.state, "expired") == 0 ? "error" : "info",
		    strcmp(im.state, "uploaded") == 0 ?
		    "Choose the columns and check the file first." :
		    strcmp(im.state, "expired") == 0 ?
		    "The uploaded file was removed: upload it again to import it." :
		    "This import has started already.", url);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_JOB]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto fail;
	}
	job = (long long)q.insert_id;
	db_query_end(&q);
	db_query_init(&q, r->db, stmts[STMT_SET_JOB]);
	db_bind_int(&q, job);
	db_bind_int(&q, im.id);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	snprintf(detail, sizeof(detail), "%s: %lld row%s, existing clients: %s%s", im.file_name,
	    im.counts[0], plural(im.counts[0]), im.update_existing ? "update empty fields" :
	    "skip", im.invite ? ", invite new clients" : "");
	if (audit_write(r, "import_started", "import", im.id, detail) == -1 ||
	    db_commit(r->db) == -1)
		goto fail;
	page_redirect(r, url);
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}

/* ---- the rows not imported, as CSV ---- */

/* Write one row not imported, as stored (a CSV line, see row_as_csv in importjob.c): its
 * cells are read and written again, so the file holds only cells of this writer whatever an
 * older version stored; padded to the header's columns. */
static void
problem_cells(struct csv_writer *w, const char *line, size_t columns)
{
	struct csv	 c;
	char		**f;
	size_t		 n = 0, i;
	int		 rc;

	csv_init_memory(&c, line, strlen(line));
	if ((rc = csv_next(&c, &f, &n)) == 1)
		for (i = 0; i < n; i++)
			csv_cell_text(w, f[i]);
	else if (rc == -1) {
		/* not CSV: kept whole, as one cell of text */
		csv_cell_text(w, line);
		n = 1;
	} else
		n = 0;	/* every field empty */
	csv_free(&c);
	for (i = n; i < columns; i++)
		csv_cell_text(w, "");
}

void
import_problems_csv(struct request *r)
{
	struct import		 im;
	struct db_query		 q;
	struct csv_writer	 w;
	char			*cols[IMPORT_COLUMNS_MAX], name[300], detail[400], number[24];
	size_t			 n, i;
	long long		 rows = 0;
	int			 rc;

	if (!import_load(r, &im))
		return;
	n = header_columns(&im, cols, IMPORT_COLUMNS_MAX);
	buf_reset(&r->resp.body);
	csv_write_start(&w, &r->resp.body);
	/* the uploaded header as it was: its cells are text like any other */
	for (i = 0; i < n; i++)
		csv_cell_text(&w, cols[i]);
	csv_cell_text(&w, "Import row");
	csv_cell_text(&w, "Import outcome");
	csv_cell_text(&w, "Import problem");
	csv_row_end(&w);
	free(im.header);
	db_query_init(&q, r->db, stmts[STMT_PROBLEMS]);
	db_bind_int(&q, im.id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	while ((rc = db_query_next(&q)) == 1) {
		/* the row as it was, padded to the header, then where and why */
		problem_cells(&w, db_col_str(&q, 3), n);
		snprintf(number, sizeof(number), "%lld", db_col_int(&q, 0));
		csv_cell_number(&w, number);
		csv_cell_text(&w, db_col_str(&q, 1));
		csv_cell_text(&w, db_col_str(&q, 2));
		csv_row_end(&w);
		rows++;
	}
	db_query_end(&q);
	if (w.failed) {
		log_error("out of memory");
		exit(1);
	}
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	snprintf(detail, sizeof(detail), "%s: %lld row%s not imported", im.file_name, rows,
	    plural(rows));
	audit_write(r, "import_problems_exported", "import", im.id, detail);
	snprintf(name, sizeof(name), "attachment; filename=\"import-%lld-not-imported.csv\"",
	    im.id);
	http_header(&r->resp, "Content-Type", "text/csv; charset=utf-8");
	http_header(&r->resp, "Content-Disposition", name);
}
