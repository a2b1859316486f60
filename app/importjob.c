/* importjob.c: importing clients from CSV: the columns' targets and the guess from a header,
 * the checks of one row (shared by the preview and the import), and the job that saves the
 * rows in batches, each batch with its progress in one transaction; the sweep of uploads left
 * behind */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "csv.h"
#include "log.h"
#include "store.h"

#define BATCH_ROWS	500	/* rows saved per transaction */
#define SWEEP_BATCH	100	/* abandoned uploads expired per statement */
#define ORPHAN_SECONDS	3600	/* a temporary or unreferenced file this old is left over */
#define UPLOAD_PREFIX	"casebook-upload-"	/* lib/http's temporary upload files */

const char *const import_target_names[IMPORT__MAX] = {
	"first_name", "last_name", "preferred_name", "email", "phone", "date_of_birth",
	"gender", "pronouns", "address", "occupation", "employment_status",
	"relationship_status", "living_arrangement", "emergency_name", "emergency_phone",
	"emergency_relation", "diagnosis", "icd10_codes", "symptoms",
	"full_name", "tags", "staff",
};

const char *const import_target_labels[IMPORT__MAX] = {
	"First name", "Last name", "Preferred name", "Email", "Phone", "Date of birth",
	"Gender", "Pronouns", "Address", "Occupation", "Employment status",
	"Relationship status", "Living arrangement", "Emergency contact",
	"Emergency contact phone", "Relationship to client", "Diagnosis", "ICD-10 codes",
	"Symptoms", "Full name (split into first and last)", "Tags", "Assigned staff",
};

/* Header names as the usual exports write them (spreadsheets, Google Contacts, Outlook,
 * other practice systems), lowered and with everything but letters and digits removed. */
static const struct {
	const char	*header;
	int		 target;
} known_headers[] = {
	{ "firstname", CF_FIRST_NAME }, { "givenname", CF_FIRST_NAME },
	{ "forename", CF_FIRST_NAME }, { "first", CF_FIRST_NAME }, { "vorname", CF_FIRST_NAME },
	{ "prenom", CF_FIRST_NAME },
	{ "lastname", CF_LAST_NAME }, { "surname", CF_LAST_NAME },
	{ "familyname", CF_LAST_NAME }, { "last", CF_LAST_NAME }, { "nachname", CF_LAST_NAME },
	{ "nom", CF_LAST_NAME },
	{ "preferredname", CF_PREFERRED_NAME }, { "nickname", CF_PREFERRED_NAME },
	{ "knownas", CF_PREFERRED_NAME },
	{ "email", CF_EMAIL }, { "emailaddress", CF_EMAIL }, { "email1value", CF_EMAIL },
	{ "mail", CF_EMAIL }, { "primaryemail", CF_EMAIL }, { "emailadresse", CF_EMAIL },
	/* a mobile number first: it is the one a client answers */
	{ "mobilephone", CF_PHONE }, { "mobile", CF_PHONE }, { "cellphone", CF_PHONE },
	{ "cell", CF_PHONE }, { "handy", CF_PHONE }, { "phone1value", CF_PHONE },
	{ "phone", CF_PHONE }, { "phonenumber", CF_PHONE }, { "primaryphone", CF_PHONE },
	{ "telephone", CF_PHONE }, { "telefon", CF_PHONE }, { "homephone", CF_PHONE },
	{ "dateofbirth", CF_DATE_OF_BIRTH }, { "dob", CF_DATE_OF_BIRTH },
	{ "birthday", CF_DATE_OF_BIRTH }, { "birthdate", CF_DATE_OF_BIRTH },
	{ "geburtsdatum", CF_DATE_OF_BIRTH },
	{ "gender", CF_GENDER }, { "sex", CF_GENDER },
	{ "pronouns", CF_PRONOUNS },
	{ "address", CF_ADDRESS }, { "homeaddress", CF_ADDRESS },
	{ "address1formatted", CF_ADDRESS }, { "homestreet", CF_ADDRESS },
	{ "streetaddress", CF_ADDRESS },
	{ "occupation", CF_OCCUPATION }, { "jobtitle", CF_OCCUPATION },
	{ "employmentstatus", CF_EMPLOYMENT },
	{ "relationshipstatus", CF_RELATIONSHIP }, { "maritalstatus", CF_RELATIONSHIP },
	{ "livingarrangement", CF_LIVING },
	{ "emergencycontact", CF_EMERGENCY_NAME }, { "emergencyname", CF_EMERGENCY_NAME },
	{ "emergencycontactname", CF_EMERGENCY_NAME },
	{ "emergencyphone", CF_EMERGENCY_PHONE }, { "emergencycontactphone", CF_EMERGENCY_PHONE },
	{ "emergencyrelation", CF_EMERGENCY_RELATION },
	{ "relationshiptoclient", CF_EMERGENCY_RELATION },
	{ "diagnosis", CF_DIAGNOSIS },
	{ "icd10", CF_ICD10 }, { "icd10codes", CF_ICD10 }, { "icdcodes", CF_ICD10 },
	{ "symptoms", CF_SYMPTOMS },
	{ "name", IMPORT_FULL_NAME }, { "fullname", IMPORT_FULL_NAME },
	{ "displayname", IMPORT_FULL_NAME }, { "clientname", IMPORT_FULL_NAME },
	{ "tags", IMPORT_TAGS }, { "labels", IMPORT_TAGS }, { "groupmembership", IMPORT_TAGS },
	{ "categories", IMPORT_TAGS }, { "groups", IMPORT_TAGS },
	{ "staff", IMPORT_STAFF }, { "assignedstaff", IMPORT_STAFF },
	{ "clinician", IMPORT_STAFF }, { "therapist", IMPORT_STAFF },
	{ "counsellor", IMPORT_STAFF }, { "counselor", IMPORT_STAFF }, { "coach", IMPORT_STAFF },
	{ "staffemail", IMPORT_STAFF },
};

void
import_guess_mapping(char *const *header, size_t n, int *columns)
{
	char	 key[64];
	size_t	 i, k, len, rank[IMPORT__MAX];
	int	 t;

	for (t = 0; t < IMPORT__MAX; t++) {
		columns[t] = -1;
		rank[t] = (size_t)-1;
	}
	for (i = 0; i < n && i < IMPORT_COLUMNS_MAX; i++) {
		for (len = 0, k = 0; header[i][k] != '\0' && len + 1 < sizeof(key); k++)
			if (isalnum((unsigned char)header[i][k]))
				key[len++] = (char)tolower((unsigned char)header[i][k]);
		key[len] = '\0';
		for (k = 0; k < sizeof(known_headers) / sizeof(known_headers[0]); k++)
			if (strcmp(key, known_headers[k].header) == 0) {
				/* the name earlier in the table wins ("Mobile Phone" before
				 * "Home Phone"), then the first such column */
				t = known_headers[k].target;
				if (k < rank[t]) {
					columns[t] = (int)i;
					rank[t] = k;
				}
				break;
			}
	}
	/* A "Name" beside first and last names is their sum: not needed. */
	if (columns[CF_FIRST_NAME] != -1 && columns[CF_LAST_NAME] != -1)
		columns[IMPORT_FULL_NAME] = -1;
}

/* ---- checking rows ---- */

struct staff_entry {
	long long	 id;
	char		*email;
	char		*name;
};

struct import_check {
	struct db		*db;
	int			 columns[IMPORT__MAX];
	char			 country[3];
	enum when_order		 order;
	/* e-mail addresses seen in the file: 64-bit hashes (0: free) and their rows */
	uint64_t		*seen;
	long			*seen_rows;
	size_t			 seen_cap, seen_n;
	struct staff_entry	*staff;
	size_t			 nstaff;
	size_t			 header_columns;	/* a short row is padded to these */
};

enum stmt {
	STMT_STAFF,
	STMT_LOAD,
	STMT_PROGRESS,
	STMT_PROBLEM,
	STMT_FINISH,
	STMT_FAIL,
	STMT_QUEUE_KEYS,
	STMT_JOB_IMPORT,
	STMT_INVITED,
	STMT_TOTALS,
	STMT_ABANDONED,
	STMT_EXPIRE,
	STMT_KEYS_UNUSED,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_STAFF */
	"SELECT id, email, name FROM staff WHERE active = 1 ORDER BY id",
	/* STMT_LOAD */
	"SELECT i.state, COALESCE(i.storage_key, ''), i.encoding, i.delimiter, i.mapping, "
	"i.existing, i.invite, i.done_rows, i.staff_id, i.file_name, p.phone_country, "
	"p.date_order, COALESCE(i.invite_scope_staff_id, 0) "
	"FROM imports i JOIN practice_settings p ON p.id = 1 WHERE i.id = ?",
	/* STMT_PROGRESS: saved with the batch it counts */
	"UPDATE imports SET done_rows = ?, created = created + ?, updated = updated + ?, "
	"skipped = skipped + ?, failed = failed + ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_PROBLEM */
	"INSERT INTO import_problems (import_id, file_row, outcome, reason, fields) "
	"VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE outcome = VALUES(outcome), "
	"reason = VALUES(reason), fields = VALUES(fields)",
	/* STMT_FINISH */
	"UPDATE imports SET state = 'done', running = NULL, storage_key = NULL, "
	"finished_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_FAIL */
	"UPDATE imports SET state = 'failed', running = NULL, storage_key = NULL, error = ?, "
	"finished_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_QUEUE_KEYS: the search keys of the clients saved, written after the import */
	"INSERT INTO jobs (kind, state, run_at, max_attempts, created_at, updated_at) "
	"VALUES ('search_keys', 'queued', UTC_TIMESTAMP(), 10, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_JOB_IMPORT */
	"SELECT id FROM imports WHERE job_id = ?",
	/* STMT_INVITED: counted as they are sent, so a runner that takes the import over goes
	 * on counting */
	"UPDATE imports SET invited = invited + ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_TOTALS: of every batch, whichever runner saved it */
	"SELECT created, updated, skipped, failed, invited FROM imports WHERE id = ?",
	/* STMT_ABANDONED: uploads whose import was not started within the age */
	"SELECT id, COALESCE(storage_key, ''), file_name FROM imports "
	"WHERE state IN ('uploaded', 'mapped') AND updated_at < UTC_TIMESTAMP() - INTERVAL ? SECOND "
	"ORDER BY id LIMIT ?",
	/* STMT_EXPIRE: unless it was started (or touched) meanwhile: the start's update and
	 * this one wait on the same row */
	"UPDATE imports SET state = 'expired', storage_key = NULL, error = ?, "
	"finished_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() WHERE id = ? AND "
	"state IN ('uploaded', 'mapped') AND updated_at < UTC_TIMESTAMP() - INTERVAL ? SECOND",
	/* STMT_KEYS_UNUSED: of a JSON array of keys in the imports directory, those no import
	 * names */
	"SELECT j.k FROM JSON_TABLE(?, '$[*]' COLUMNS (k CHAR(64) CHARACTER SET utf8mb4 "
	"COLLATE utf8mb4_unicode_ci PATH '$')) j WHERE NOT EXISTS (SELECT 1 FROM imports i "
	"WHERE i.storage_key = j.k)",
};

static char *
dup_or_die(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL) {
		log_error("out of memory");
		exit(1);
	}
	return p;
}

struct import_check *
import_check_new(struct db *db, const int *columns, size_t header_columns, const char *country,
    enum when_order order)
{
	struct import_check	*c;
	struct staff_entry	*grown;
	struct db_query		 q;
	size_t			 cap = 0;
	int			 rc;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->db = db;
	c->header_columns = header_columns;
	memcpy(c->columns, columns, sizeof(c->columns));
	snprintf(c->country, sizeof(c->country), "%s", country);
	c->order = order;
	if (columns[IMPORT_STAFF] == -1)
		return c;
	db_query_init(&q, db, stmts[STMT_STAFF]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		import_check_free(c);
		return NULL;
	}
	while ((rc = db_query_next(&q)) == 1) {
		if (c->nstaff == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = realloc(c->staff, cap * sizeof(*grown))) == NULL) {
				log_error("out of memory");
				exit(1);
			}
			c->staff = grown;
		}
		c->staff[c->nstaff].id = db_col_int(&q, 0);
		c->staff[c->nstaff].email = dup_or_die(db_col_str(&q, 1));
		c->staff[c->nstaff].name = dup_or_die(db_col_str(&q, 2));
		c->nstaff++;
	}
	db_query_end(&q);
	if (rc == -1) {
		import_check_free(c);
		return NULL;
	}
	return c;
}

void
import_check_free(struct import_check *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nstaff; i++) {
		free(c->staff[i].email);
		free(c->staff[i].name);
	}
	free(c->staff);
	free(c->seen);
	free(c->seen_rows);
	free(c);
}

void
import_row_free(struct import_row *row)
{
	buf_free(&row->reasons);
	buf_free(&row->line);
	free(row->kept);
	row->kept = NULL;
}

/* FNV-1a of the address in lower case; never 0 (a free slot). */
static uint64_t
email_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211ULL;
	}
	return h == 0 ? 1 : h;
}

/* The row an address was first seen on, remembering it on this one when it is new: 0 new,
 * or the earlier row. */
static long
seen_before(struct import_check *c, const char *email, long row)
{
	uint64_t	 h = email_hash(email), *old = c->seen;
	long		*old_rows = c->seen_rows;
	size_t		 i, k, old_cap = c->seen_cap;

	if (c->seen_n * 2 >= c->seen_cap) {
		c->seen_cap = old_cap ? old_cap * 2 : 1024;
		c->seen = calloc(c->seen_cap, sizeof(*c->seen));
		c->seen_rows = calloc(c->seen_cap, sizeof(*c->seen_rows));
		if (c->seen == NULL || c->seen_rows == NULL) {
			log_error("out of memory");
			exit(1);
		}
		for (k = 0; k < old_cap; k++) {
			if (old[k] == 0)
				continue;
			for (i = old[k] & (c->seen_cap - 1); c->seen[i] != 0;
			    i = (i + 1) & (c->seen_cap - 1))
				;
			c->seen[i] = old[k];
			c->seen_rows[i] = old_rows[k];
		}
		free(old);
		free(old_rows);
	}
	for (i = h & (c->seen_cap - 1); c->seen[i] != 0; i = (i + 1) & (c->seen_cap - 1))
		if (c->seen[i] == h)
			return c->seen_rows[i];
	c->seen[i] = h;
	c->seen_rows[i] = row;
	c->seen_n++;
	return 0;
}

/* The row's fields as one CSV line, for the report of rows not imported (import.c's
 * import_problems_csv reads its cells back and writes them into the file). */
static void
row_as_csv(char **fields, size_t n, size_t columns, struct buf *out)
{
	struct csv_writer	 w;
	size_t			 i;

	buf_reset(out);
	csv_writer_init(&w, out);
	for (i = 0; i < n; i++)
		csv_cell_text(&w, fields[i]);
	for (i = n; i < columns; i++)	/* a short row is padded to the header */
		csv_cell_text(&w, "");
	if (w.failed || (out->data == NULL && buf_reserve(out, 0) == -1)) {
		log_error("out of memory");
		exit(1);
	}
}

/* Copy the values of a checked row out of the file's buffer into row->kept. */
static int
row_keep(struct import_row *row)
{
	size_t	 len[CF__MAX], total = 0, at = 0;
	int	 t;

	for (t = 0; t < CF__MAX; t++)
		total += (len[t] = strlen(row->cv.v[t])) + 1;
	free(row->kept);
	if ((row->kept = malloc(total)) == NULL)
		return -1;
	for (t = 0; t < CF__MAX; t++) {
		memcpy(row->kept + at, row->cv.v[t], len[t] + 1);
		row->cv.v[t] = row->kept + at;
		at += len[t] + 1;
	}
	return 0;
}

/* Trim white space around a field, in place. */
static char *
trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	/* the quote an export puts before a formula-like cell (csv_cell_text), which an edited
	 * report of rows not imported brings back */
	if (s[0] == '\'' && csv_formula_like(s + 1))
		for (s++; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
			continue;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
	    end[-1] == '\n'))
		*--end = '\0';
	return s;
}

static void
reason(struct import_row *row, const char *label, const char *message)
{
	buf_printf(&row->reasons, "%s%s: %s", row->reasons.len ? "; " : "", label, message);
}

/* "Ada Lovelace" or "Lovelace, Ada" into first and last names. */
static void
split_name(const char *full, struct import_row *row)
{
	const char	*comma = strchr(full, ','), *space = strrchr(full, ' ');
	size_t		 n;

	if (comma != NULL) {
		n = (size_t)(comma - full);
		snprintf(row->last, sizeof(row->last), "%.*s", (int)n, full);
		snprintf(row->first, sizeof(row->first), "%s", comma + 1);
	} else if (space != NULL) {
		n = (size_t)(space - full);
		snprintf(row->first, sizeof(row->first), "%.*s", (int)n, full);
		snprintf(row->last, sizeof(row->last), "%s", space + 1);
	} else
		snprintf(row->first, sizeof(row->first), "%s", full);
	snprintf(row->first, sizeof(row->first), "%s", trim(row->first));
	snprintf(row->last, sizeof(row->last), "%s", trim(row->last));
}

/* Tags separated by ',', ';' or ":::" (Google Contacts), each checked like a tag typed on a
 * profile; Google's own "* myContacts" and "* starred" are not tags of the practice. */
static void
tags_check(const char *in, struct import_row *row)
{
	char		 one[300];
	const char	*p = in, *msg;
	char		*t;
	size_t		 n, len = 0;

	row->tags[0] = '\0';
	while (*p != '\0') {
		for (n = 0; *p != '\0' && *p != ',' && *p != ';' && strncmp(p, ":::", 3) != 0;
		    p++)
			if (n + 1 < sizeof(one))
				one[n++] = *p;
		one[n] = '\0';
		p += strncmp(p, ":::", 3) == 0 ? 3 : *p != '\0';
		t = trim(one);
		if (*t == '*')
			t = trim(t + 1);
		if (*t == '\0' || strcmp(t, "myContacts") == 0 || strcmp(t, "starred") == 0)
			continue;
		if (form_utf8_length(t) > client_tag_fields[CTAG_NAME].maxlen) {
			reason(row, "Tags", "a tag is longer than 64 characters.");
			return;
		}
		if ((msg = form_value_check(&client_tag_fields[CTAG_NAME], t)) != NULL) {
			reason(row, "Tags", msg);
			return;
		}
		if (len + strlen(t) + 2 > sizeof(row->tags)) {
			reason(row, "Tags", "too many tags for one client.");
			return;
		}
		len += (size_t)snprintf(row->tags + len, sizeof(row->tags) - len, "%s%s",
		    len ? "\x1f" : "", t);
	}
}

static void
staff_match(struct import_check *c, const char *who, struct import_row *row)
{
	size_t	 i;

	for (i = 0; i < c->nstaff; i++)
		if (strcasecmp(c->staff[i].email, who) == 0 || strcasecmp(c->staff[i].name, who) == 0) {
			row->staff_id = c->staff[i].id;
			return;
		}
	reason(row, "Assigned staff", "no active staff member has this email or name.");
}

int
import_row_check(struct import_check *c, char **fields, size_t n, struct import_row *row)
{
	const char	*typed[CF__MAX], *messages[CF__MAX], *msg, *full = "", *tags = "";
	const char	*staff = "";
	char		 detail[160];
	long		 earlier;
	int		 t, col;

	buf_reset(&row->reasons);
	row->first[0] = row->last[0] = row->tags[0] = '\0';
	row->staff_id = 0;
	row->existing_id = 0;
	for (t = 0; t < IMPORT__MAX; t++) {
		col = c->columns[t];
		msg = col >= 0 && (size_t)col < n ? trim(fields[col]) : "";
		if (col >= 0 && (size_t)col < n)
			fields[col] = (char *)msg;
		if (t < CF__MAX)
			typed[t] = msg;
		else if (t == IMPORT_FULL_NAME)
			full = msg;
		else if (t == IMPORT_TAGS)
			tags = msg;
		else
			staff = msg;
	}
	/* Outlook writes "0/0/00" for no birthday */
	if (strspn(typed[CF_DATE_OF_BIRTH], "0/.-") == strlen(typed[CF_DATE_OF_BIRTH]))
		typed[CF_DATE_OF_BIRTH] = "";
	if (*full != '\0' && (*typed[CF_FIRST_NAME] == '\0' || *typed[CF_LAST_NAME] == '\0')) {
		split_name(full, row);
		if (*typed[CF_FIRST_NAME] == '\0')
			typed[CF_FIRST_NAME] = row->first;
		if (*typed[CF_LAST_NAME] == '\0')
			typed[CF_LAST_NAME] = row->last;
	}
	/* each field by its declaration on the client form, then the client's own rules */
	for (t = 0; t < CF__MAX; t++) {
		if (form_utf8_length(typed[t]) > client_form_fields[t].maxlen) {
			snprintf(detail, sizeof(detail), "longer than %zu characters.",
			    client_form_fields[t].maxlen);
			reason(row, client_field_labels[t], detail);
			typed[t] = "";
		} else if ((msg = form_value_check(&client_form_fields[t], typed[t])) != NULL) {
			reason(row, client_field_labels[t], msg);
			if (*typed[t] != '\0')
				typed[t] = "";
		}
	}
	client_values_normalise(&row->cv, typed, c->country, c->country, c->order, messages);
	for (t = 0; t < CF__MAX; t++)
		if (messages[t] != NULL)
			reason(row, client_field_labels[t], messages[t]);
	if (*tags != '\0')
		tags_check(tags, row);
	if (*staff != '\0')
		staff_match(c, staff, row);
	if (row->reasons.len == 0 && *row->cv.v[CF_EMAIL] != '\0' &&
	    (earlier = seen_before(c, row->cv.v[CF_EMAIL], row->number)) != 0) {
		snprintf(detail, sizeof(detail), "the same address is on row %ld of the file.",
		    earlier);
		reason(row, "Email", detail);
	}
	row_as_csv(fields, n, c->header_columns, &row->line);
	return row_keep(row);
}

int
import_rows_lookup(struct import_check *c, struct import_row *rows, size_t n)
{
	const char	**emails;
	long long	 *ids;
	size_t		  i, m = 0;
	int		  rc;

	if ((emails = calloc(n + 1, sizeof(*emails))) == NULL ||
	    (ids = calloc(n + 1, sizeof(*ids))) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		rows[i].existing_id = 0;
		if (rows[i].reasons.len == 0 && *rows[i].cv.v[CF_EMAIL] != '\0')
			emails[m++] = rows[i].cv.v[CF_EMAIL];
	}
	rc = db_clients_by_email(c->db, emails, m, ids);
	for (i = 0, m = 0; rc == 0 && i < n; i++)
		if (rows[i].reasons.len == 0 && *rows[i].cv.v[CF_EMAIL] != '\0')
			rows[i].existing_id = ids[m++];
	free(emails);
	free(ids);
	return rc;
}

/* ---- the job ---- */

enum outcome {
	OUTCOME_CREATED,
	OUTCOME_UPDATED,
	OUTCOME_SKIPPED,
	OUTCOME_FAILED,
	OUTCOME__MAX
};
static const char *const outcomes[OUTCOME__MAX] = { "created", "updated", "skipped", "failed" };

/* A tag met before in this import. */
struct known_tag {
	char		*name;
	long long	 id;
};

struct job {
	struct app		*app;
	long long		 job_id;
	long long		 import_id;
	long long		 staff_id;
	char			 file_name[256];
	int			 update_existing;
	int			 invite;
	long long		 invite_scope;		/* recorded at the start (sql/022) */
	struct import_check	*check;
	struct import_row	*rows;			/* the batch */
	long long		 counts[OUTCOME__MAX];	/* of the batch being saved */
	/* the new clients of the batch, and their tags */
	const char *const	**values;
	long long		*staff_ids;
	long long		*created_ids;
	size_t			 ncreated;
	size_t			*tag_of;		/* the new client, by position */
	long long		*tag_ids;
	size_t			 ntags, captags;
	struct known_tag	*known;
	size_t			 nknown, capknown;
	char			 dir[1024];		/* the uploaded file */
	char			 key[STORE_KEY_MAX];
};

static ssize_t
read_fd(void *ctx, char *buf, size_t len)
{
	ssize_t	 n;

	while ((n = read(*(int *)ctx, buf, len)) == -1 && errno == EINTR)
		;
	return n;
}

static void *
grow_array(void *p, size_t *cap, size_t size)
{
	*cap = *cap ? *cap * 2 : 64;
	if ((p = realloc(p, *cap * size)) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	return p;
}

static int
problem_save(struct job *j, const struct import_row *row, enum outcome o, const char *why)
{
	struct db_query	 q;

	db_query_init(&q, j->app->db, stmts[STMT_PROBLEM]);
	db_bind_int(&q, j->import_id);
	db_bind_int(&q, row->number);
	db_bind_text(&q, outcomes[o]);
	db_bind_text(&q, why);
	db_bind_text(&q, row->line.data != NULL ? row->line.data : "");
	return db_exec(&q, NULL);
}

/* The id of a tag, created when new; the import's tags are remembered. */
static int
tag_id(struct job *j, const char *name, long long *id)
{
	size_t	 i;

	for (i = 0; i < j->nknown; i++)
		if (strcmp(j->known[i].name, name) == 0) {
			*id = j->known[i].id;
			return 0;
		}
	/* importing is an admin's, and an admin creates tags */
	if (db_tag_ensure(j->app->db, name, 1, id) == -1)
		return -1;
	if (j->nknown == j->capknown)
		j->known = grow_array(j->known, &j->capknown, sizeof(*j->known));
	j->known[j->nknown].name = dup_or_die(name);
	j->known[j->nknown++].id = *id;
	return 0;
}

/* Remember the tags of the batch's new client at position at, for its one statement. */
static int
tags_gather(struct job *j, size_t at, const char *tags)
{
	char		 one[300];
	const char	*p = tags, *end;
	long long	 id;

	while (*p != '\0') {
		end = strchr(p, '\x1f');
		snprintf(one, sizeof(one), "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
		p = end ? end + 1 : p + strlen(p);
		if (tag_id(j, one, &id) == -1)
			return -1;
		if (j->ntags == j->captags) {
			size_t	 cap = j->captags;

			j->tag_of = grow_array(j->tag_of, &cap, sizeof(*j->tag_of));
			j->tag_ids = grow_array(j->tag_ids, &j->captags, sizeof(*j->tag_ids));
		}
		j->tag_of[j->ntags] = at;
		j->tag_ids[j->ntags++] = id;
	}
	return 0;
}

/* Tag an existing client now, one statement a tag; *changed when a tag was new to them. */
static int
tags_add_now(struct job *j, long long client_id, const char *tags, int *changed)
{
	char		 one[300];
	const char	*p = tags, *end;
	long long	 id;
	int		 added;

	*changed = 0;
	while (*p != '\0') {
		end = strchr(p, '\x1f');
		snprintf(one, sizeof(one), "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
		p = end ? end + 1 : p + strlen(p);
		if (tag_id(j, one, &id) == -1 ||
		    db_client_tag_add(j->app->db, client_id, id, &added) == -1)
			return -1;
		*changed |= added;
	}
	return 0;
}

/* Fill the empty fields of an existing client; *changed when something was filled. */
static int
fill_existing(struct job *j, struct import_row *row, int *changed)
{
	struct client	 c;
	const char	*v[CF__MAX];
	long long	 staff, revoked = 0;
	int		 i, rc, tagged;

	*changed = 0;
	if ((rc = db_client_get(j->app->db, row->existing_id, 0, &c)) != 1)
		return rc == 0 ? 0 : -1;
	for (i = 0; i < CF__MAX; i++) {
		v[i] = c.v[i];
		if (*c.v[i] == '\0' && *row->cv.v[i] != '\0') {
			v[i] = row->cv.v[i];
			*changed = 1;
		}
	}
	staff = c.staff_id;
	if (staff == 0 && row->staff_id > 0) {
		staff = row->staff_id;
		*changed = 1;
	}
	rc = 0;
	/* The row was matched by its e-mail, so the address stays; were it to change, the
	 * client's links to the old one would be revoked with the save. */
	if (*changed && (rc = db_client_update(j->app->db, c.id, v, staff, &revoked)) == 0 &&
	    revoked > 0)
		rc = audit_write_system(j->app->db, "portal_links_revoked", "client", c.id,
		    "email changed by an import");
	if (rc == 0 && row->tags[0] != '\0') {
		rc = tags_add_now(j, c.id, row->tags, &tagged);
		*changed |= tagged;
	}
	client_free(&c);
	return rc;
}

/* Save the n checked rows of a batch inside its transaction; -1 on a database error. */
static int
batch_save(struct job *j, size_t n)
{
	struct import_row	*row;
	size_t			 i;
	int			 changed;

	j->ncreated = 0;
	j->ntags = 0;
	for (i = 0; i < n; i++) {
		row = &j->rows[i];
		if (row->reasons.len > 0) {
			j->counts[OUTCOME_FAILED]++;
			if (problem_save(j, row, OUTCOME_FAILED, row->reasons.data) == -1)
				return -1;
		} else if (row->existing_id > 0 && !j->update_existing) {
			j->counts[OUTCOME_SKIPPED]++;
			if (problem_save(j, row, OUTCOME_SKIPPED, "Email: a client with this address "
			    "exists already (skipped).") == -1)
				return -1;
		} else if (row->existing_id > 0) {
			if (fill_existing(j, row, &changed) == -1)
				return -1;
			if (changed)
				j->counts[OUTCOME_UPDATED]++;
			else {
				j->counts[OUTCOME_SKIPPED]++;
				if (problem_save(j, row, OUTCOME_SKIPPED, "Email: a client with this "
				    "address exists already, and the file adds nothing to it.") == -1)
					return -1;
			}
		} else {
			if (row->tags[0] != '\0' && tags_gather(j, j->ncreated, row->tags) == -1)
				return -1;
			j->values[j->ncreated] = row->cv.v;
			j->staff_ids[j->ncreated++] = row->staff_id;
		}
	}
	/* the new clients, their tags and search rows: a few statements in all */
	if (db_clients_insert_many(j->app->db, j->values, j->staff_ids, j->ncreated, j->tag_of,
	    j->tag_ids, j->ntags, j->created_ids) == -1)
		return -1;
	j->counts[OUTCOME_CREATED] += (long long)j->ncreated;
	return 0;
}

/* Invite the clients the batch created in the name of the staff member who started the
 * import, with the reach recorded when it started (whatever their role or state now):
 * through the invitations' own code and the mail queue. */
static void
invite_created(struct job *j)
{
	const struct inviter	 who = { j->staff_id, "", j->invite_scope };
	struct db_query		 q;
	struct practice		 practice;
	char			 message[600];
	long long		 sent;

	if (j->ncreated == 0)
		return;
	if (practice_load(j->app->db, &practice) == -1) {
		log_warn("import %lld: invitations not sent (the practice's settings could not "
		    "be read)", j->import_id);
		return;
	}
	if ((sent = invitations_send(j->app->db, j->app->cfg, &practice, &who, j->created_ids,
	    (long long)j->ncreated, message, sizeof(message))) > 0) {
		db_query_init(&q, j->app->db, stmts[STMT_INVITED]);
		db_bind_int(&q, sent);
		db_bind_int(&q, j->import_id);
		if (db_exec(&q, NULL) == -1)
			log_warn("import %lld: %lld invitations sent but not counted", j->import_id,
			    sent);
	}
	if (sent == -1 || sent < (long long)j->ncreated)
		log_warn("import %lld: invitations: %s", j->import_id, message);
}

/* Queue the job that writes the search keys of the clients the import saved (until it has,
 * the searches read their words; the purge job writes any it leaves). */
static void
queue_keys(struct job *j)
{
	struct db_query	 q;

	db_query_init(&q, j->app->db, stmts[STMT_QUEUE_KEYS]);
	if (db_exec(&q, NULL) == -1)
		log_warn("import %lld: the search keys will be written by the next purge",
		    j->import_id);
}

/* Mark the import failed, while this runner still holds its job: 0, or JOB_LOST when it no
 * longer does (the import is the new holder's to finish or fail). */
static int
mark_failed(struct job *j, const char *why)
{
	struct db_query	 q;
	char		 detail[600];
	int		 held;

	db_rollback(j->app->db);
	if (db_begin(j->app->db) == -1 || (held = job_lease_hold(j->app, j->job_id)) == -1) {
		db_rollback(j->app->db);
		log_error("import %lld: could not be marked failed", j->import_id);
		return 0;
	}
	if (held == 0) {
		db_rollback(j->app->db);
		return JOB_LOST;
	}
	db_query_init(&q, j->app->db, stmts[STMT_FAIL]);
	db_bind_text(&q, why);
	db_bind_int(&q, j->import_id);
	if (db_exec(&q, NULL) == -1 || db_commit(j->app->db) == -1) {
		db_rollback(j->app->db);
		log_error("import %lld: could not be marked failed", j->import_id);
	}
	/* the rows not imported are in import_problems; the file is not kept */
	else if (j->key[0] != '\0' && store_remove(j->dir, j->key) == -1)
		log_warn("import %lld: the uploaded file could not be removed", j->import_id);
	snprintf(detail, sizeof(detail), "%s: %s", j->file_name, why);
	audit_write_system(j->app->db, "import_failed", "import", j->import_id, detail);
	queue_keys(j);
	return 0;
}

/* Mark the import done, while this runner still holds its job: 1 done, 0 lost, -1 database
 * error. */
static int
mark_done(struct job *j)
{
	struct db_query	 q;
	int		 held;

	if (db_begin(j->app->db) == -1 || (held = job_lease_hold(j->app, j->job_id)) == -1)
		goto fail;
	if (held == 0) {
		db_rollback(j->app->db);
		return 0;
	}
	db_query_init(&q, j->app->db, stmts[STMT_FINISH]);
	db_bind_int(&q, j->import_id);
	if (db_exec(&q, NULL) == -1 || db_commit(j->app->db) == -1)
		goto fail;
	return 1;
fail:
	db_rollback(j->app->db);
	return -1;
}

/* The import's counts over all its batches, for the audit line. */
static void
describe_totals(struct job *j, char *out, size_t size)
{
	struct db_query	 q;
	long long	 n[5] = { 0 };
	int		 i;

	db_query_init(&q, j->app->db, stmts[STMT_TOTALS]);
	db_bind_int(&q, j->import_id);
	if (db_query_exec(&q) == 0 && db_query_next(&q) == 1)
		for (i = 0; i < 5; i++)
			n[i] = db_col_int(&q, i);
	db_query_end(&q);
	snprintf(out, size, "%s: %lld created, %lld updated, %lld skipped, %lld failed, %lld "
	    "invited", j->file_name, n[0], n[1], n[2], n[3], n[4]);
}

static void
job_free(struct job *j)
{
	size_t	 i;

	if (j->rows != NULL)
		for (i = 0; i < BATCH_ROWS; i++)
			import_row_free(&j->rows[i]);
	for (i = 0; i < j->nknown; i++)
		free(j->known[i].name);
	free(j->known);
	free(j->rows);
	free(j->values);
	free(j->staff_ids);
	free(j->created_ids);
	free(j->tag_of);
	free(j->tag_ids);
	import_check_free(j->check);
}

int
import_job_run(struct app *app, long long job_id, char *err, size_t errsize)
{
	struct db_query		 q;
	struct job		 j;
	struct csv		 csv;
	char			 state[16] = "", key[STORE_KEY_MAX] = "", path[1024], dir[1024];
	char			 encoding[16] = "", delimiter[16] = "", why[300], detail[800];
	char			 mapping[2048] = "", country[3] = "", order[8] = "";
	char			**fields, *p, *end;
	long long		 done = 0, saved = 0;
	size_t			 n, k;
	int			 fd = -1, rc, t, columns[IMPORT__MAX], o, held, result = 0;

	memset(&j, 0, sizeof(j));
	memset(&csv, 0, sizeof(csv));
	j.app = app;
	j.job_id = job_id;
	db_query_init(&q, app->db, stmts[STMT_JOB_IMPORT]);
	db_bind_int(&q, job_id);
	if (db_scalar_int(&q, &j.import_id) == -1)
		goto dberror;
	if (j.import_id == 0)
		return 0;	/* the import was deleted */
	db_query_init(&q, app->db, stmts[STMT_LOAD]);
	db_bind_int(&q, j.import_id);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) == -1) {
		db_query_end(&q);
		goto dberror;
	}
	if (rc == 1) {
		snprintf(state, sizeof(state), "%s", db_col_str(&q, 0));
		snprintf(key, sizeof(key), "%s", db_col_str(&q, 1));
		snprintf(encoding, sizeof(encoding), "%s", db_col_str(&q, 2));
		snprintf(delimiter, sizeof(delimiter), "%s", db_col_str(&q, 3));
		snprintf(mapping, sizeof(mapping), "%s", db_col_str(&q, 4));
		j.update_existing = strcmp(db_col_str(&q, 5), "update") == 0;
		j.invite = db_col_int(&q, 6) != 0;
		done = db_col_int(&q, 7);
		j.staff_id = db_col_int(&q, 8);
		snprintf(j.file_name, sizeof(j.file_name), "%s", db_col_str(&q, 9));
		snprintf(country, sizeof(country), "%s", db_col_str(&q, 10));
		snprintf(order, sizeof(order), "%s", db_col_str(&q, 11));
		j.invite_scope = db_col_int(&q, 12);
	}
	db_query_end(&q);
	if (strcmp(state, "running") != 0)
		return 0;	/* nothing to do: done, failed, or not started */

	/* the mapping: one column number (from 1; 0 none) per target */
	for (t = 0, p = mapping; t < IMPORT__MAX; t++) {
		columns[t] = (int)strtol(p, &end, 10) - 1;
		if (columns[t] < -1 || columns[t] >= IMPORT_COLUMNS_MAX)
			columns[t] = -1;
		p = *end == ',' ? end + 1 : end;
	}
	snprintf(dir, sizeof(dir), "%s/imports", app->cfg->files_dir);
	snprintf(j.dir, sizeof(j.dir), "%s", dir);
	snprintf(j.key, sizeof(j.key), "%s", key);
	if (store_path(dir, key, path, sizeof(path)) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return mark_failed(&j, "The uploaded file is gone; upload it again.");
	csv_init(&csv, read_fd, &fd);
	csv.delimiter = strcmp(delimiter, "semicolon") == 0 ? ';' :
	    strcmp(delimiter, "tab") == 0 ? '\t' : ',';
	csv.encoding = strcmp(encoding, "windows-1252") == 0 ? CSV_CP1252 : CSV_UTF8;
	if (csv_next(&csv, &fields, &n) != 1) {
		result = mark_failed(&j, "The file has no header row.");
		goto out;
	}
	if ((j.check = import_check_new(app->db, columns, n, country, when_order_parse(order))) ==
	    NULL)
		goto dberror;
	if ((j.rows = calloc(BATCH_ROWS, sizeof(*j.rows))) == NULL ||
	    (j.values = calloc(BATCH_ROWS, sizeof(*j.values))) == NULL ||
	    (j.staff_ids = calloc(BATCH_ROWS, sizeof(*j.staff_ids))) == NULL ||
	    (j.created_ids = calloc(BATCH_ROWS, sizeof(*j.created_ids))) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	/* After a restart of the job runner: the rows of the batches already saved are passed
	 * over, their addresses remembered. */
	while (saved < done && (rc = csv_next(&csv, &fields, &n)) == 1) {
		saved++;
		if (columns[CF_EMAIL] >= 0 && (size_t)columns[CF_EMAIL] < n)
			seen_before(j.check, trim(fields[columns[CF_EMAIL]]), csv.rows);
	}
	rc = 1;
	while (rc == 1) {
		/* A reload or a stop: the next runner goes on from the batches saved. */
		if (jobs_stopping()) {
			result = JOB_RELEASE;
			goto out;
		}
		/* a batch: read and check its rows, find the clients who exist already */
		for (k = 0; k < BATCH_ROWS && (rc = csv_next(&csv, &fields, &n)) == 1; k++) {
			j.rows[k].number = csv.rows;
			if (import_row_check(j.check, fields, n > IMPORT_COLUMNS_MAX ?
			    IMPORT_COLUMNS_MAX : n, &j.rows[k]) == -1) {
				log_error("out of memory");
				exit(1);
			}
		}
		if (rc == -1) {
			snprintf(why, sizeof(why), "The file could not be read to the end (%s). "
			    "Rows 2 to %lld were saved.", csv.error, saved + 1);
			result = mark_failed(&j, why);
			goto out;
		}
		if (k == 0)
			break;
		memset(j.counts, 0, sizeof(j.counts));
		/* Still this runner's job before anything is written: the job's row stays locked
		 * until the batch commits, so no other runner can take it over in between. */
		if (import_rows_lookup(j.check, j.rows, k) == -1 || db_begin(app->db) == -1 ||
		    (held = job_lease_hold(app, job_id)) == -1)
			goto dberror;
		if (held == 0) {
			result = JOB_LOST;
			goto out;
		}
		if (batch_save(&j, k) == -1)
			goto dberror;
		/* its progress, saved with it */
		db_query_init(&q, app->db, stmts[STMT_PROGRESS]);
		db_bind_int(&q, saved + (long long)k);
		for (o = 0; o < OUTCOME__MAX; o++)
			db_bind_int(&q, j.counts[o]);
		db_bind_int(&q, j.import_id);
		if (db_exec(&q, NULL) == -1 || db_commit(app->db) == -1)
			goto dberror;
		/* the directory shows each batch as it is saved (a raise lost here is made up
		 * by List.CacheSeconds) */
		if (listcache_publish(app->db) == -1)
			log_warn("import %lld: the directory's version could not be raised",
			    j.import_id);
		saved += (long long)k;
		if (j.invite)
			invite_created(&j);
	}
	if ((held = mark_done(&j)) == -1)
		goto dberror;
	if (held == 0) {
		result = JOB_LOST;
		goto out;
	}
	queue_keys(&j);
	close(fd);
	fd = -1;
	if (store_remove(dir, key) == -1)
		log_warn("import %lld: the uploaded file could not be removed", j.import_id);
	describe_totals(&j, detail, sizeof(detail));
	audit_write_system(app->db, "import_finished", "import", j.import_id, detail);
	log_info("import %lld: %s", j.import_id, detail);
	goto out;
dberror:
	/* Whole batches are saved or none of a batch: say which rows are in. */
	if (j.import_id > 0) {
		snprintf(why, sizeof(why), "The database stopped the import. Rows 2 to %lld (%lld "
		    "rows) were handled and saved; the rest were not.", saved + 1, saved);
		result = mark_failed(&j, why);
	}
	snprintf(err, errsize, "import %lld: database error", j.import_id);
	log_warn("%s", err);
out:
	if (fd != -1)
		close(fd);
	csv_free(&csv);
	job_free(&j);
	return result;
}

/* ---- the sweep: uploads left behind ---- */

/* Expire the imports uploaded but not started within Import.AbandonHours: the row says so,
 * the file goes.  The number expired, or -1 on a database error. */
static long long
sweep_abandoned(struct app *app, const char *dir)
{
	struct db_query		 q;
	struct {
		long long	 id;
		char		 key[STORE_KEY_MAX];
		char		 file_name[256];
	}			 found[SWEEP_BATCH];
	unsigned long long	 changed;
	char			 why[200], detail[400];
	long long		 hours = app->cfg->import_abandon_seconds / 3600, expired = 0;
	size_t			 n = 0, i;
	int			 rc = 0;

	db_query_init(&q, app->db, stmts[STMT_ABANDONED]);
	db_bind_int(&q, app->cfg->import_abandon_seconds);
	db_bind_int(&q, SWEEP_BATCH);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while (n < SWEEP_BATCH && (rc = db_query_next(&q)) == 1) {
		found[n].id = db_col_int(&q, 0);
		snprintf(found[n].key, sizeof(found[n].key), "%s", db_col_str(&q, 1));
		snprintf(found[n].file_name, sizeof(found[n].file_name), "%s",
		    db_col_str(&q, 2));
		n++;
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	snprintf(why, sizeof(why), "The uploaded file was removed after %lld hour%s without an "
	    "import. Upload it again to import it.", hours, hours == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (db_begin(app->db) == -1)
			return -1;
		db_query_init(&q, app->db, stmts[STMT_EXPIRE]);
		db_bind_text(&q, why);
		db_bind_int(&q, found[i].id);
		db_bind_int(&q, app->cfg->import_abandon_seconds);
		snprintf(detail, sizeof(detail), "%s: not started within %lld hour%s, the file "
		    "removed", found[i].file_name, hours, hours == 1 ? "" : "s");
		if (db_exec(&q, &changed) == -1 || (changed == 1 &&
		    audit_write_system(app->db, "import_expired", "import", found[i].id,
		    detail) == -1) || db_commit(app->db) == -1) {
			db_rollback(app->db);
			return -1;
		}
		if (changed == 0)
			continue;	/* started meanwhile: the job has the file */
		expired++;
		/* The row no longer names the file; if it cannot go now, the sweep of files no
		 * row names takes it next time. */
		if (found[i].key[0] != '\0' && store_remove(dir, found[i].key) == -1)
			log_warn("import %lld: the uploaded file could not be removed",
			    found[i].id);
	}
	return expired;
}

/* 1 when path is a regular file last changed before cutoff, else 0. */
static int
older_file(const char *path, time_t cutoff)
{
	struct stat	 st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < cutoff;
}

long long
upload_tmp_sweep(struct app *app)
{
	time_t		 cutoff = time(NULL) - ORPHAN_SECONDS;
	DIR		*d;
	struct dirent	*e;
	char		 path[1200];
	long long	 removed = 0;

	if ((d = opendir(app->cfg->tmp_dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, UPLOAD_PREFIX, sizeof(UPLOAD_PREFIX) - 1) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", app->cfg->tmp_dir, e->d_name);
		if (!older_file(path, cutoff))
			continue;
		if (unlink(path) == 0)
			removed++;
		else
			log_warn("sweep: cannot remove %s", path);
	}
	closedir(d);
	if (removed > 0)
		log_info("sweep: %lld temporary upload file%s removed from %s", removed,
		    removed == 1 ? "" : "s", app->cfg->tmp_dir);
	return removed;
}

int
import_sweep(struct app *app)
{
	char		 dir[1024];
	time_t		 cutoff = time(NULL) - ORPHAN_SECONDS;
	long long	 expired, unnamed;

	snprintf(dir, sizeof(dir), "%s/imports", app->cfg->files_dir);
	if ((expired = sweep_abandoned(app, dir)) == -1)
		return -1;
	/* files no import names: a worker stopped between storing an upload and saving its
	 * row, or a removal failed */
	if ((unnamed = store_sweep(app, dir, cutoff, stmts[STMT_KEYS_UNUSED])) == -1)
		return -1;
	if (expired + unnamed > 0)
		log_info("sweep: %lld import upload%s expired and %lld unnamed import file%s "
		    "removed", expired, expired == 1 ? "" : "s", unnamed, unnamed == 1 ? "" : "s");
	return 0;
}
