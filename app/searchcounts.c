/* searchcounts.c: the kept counts of the search fragments many clients share
 * (sql/015_search_counts.sql): the job runner folds the logged changes into them, and builds
 * them again from the search words */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "searchcounts.h"
#include "text.h"

#define FOLD_BATCH	2000	/* changes folded in one transaction */
#define FOLD_ROUNDS	25	/* transactions of changes folded in one call at most */
#define READ_BATCH	5000	/* search rows or changes read by one statement */
#define WRITE_BATCH	1000	/* rows written by one statement */
#define FRAGMENT_BYTES	128	/* search_fragments.fragment */
#define FRAGMENT_CHARS	3	/* the shortest fragment kept */
#define WORD_BYTES	2000	/* client_search.words */

enum stmt {
	STMT_STATE_LOCK,
	STMT_FRAGMENTS,
	STMT_CHANGES_TAKE,
	STMT_CHANGES_READ,
	STMT_WORDS_READ,
	STMT_COUNTS_ADD,
	STMT_CHANGES_DONE,
	STMT_STATE_FOLDED,
	STMT_COUNTS_CLEAR,
	STMT_FRAGMENTS_CLEAR,
	STMT_FRAGMENTS_ADD,
	STMT_STATE_BUILT,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_STATE_LOCK: one folder or builder at a time, in every process */
	"SELECT builds, min_clients, folded FROM search_count_state WHERE id = 1 FOR UPDATE",
	/* STMT_FRAGMENTS */
	"SELECT fragment FROM search_fragments",
	/* STMT_CHANGES_TAKE: the oldest changes committed (those of transactions still open wait
	 * for the next fold) */
	"SELECT id, old_status, old_staff_id, old_words, new_status, new_staff_id, new_words "
	"FROM search_changes ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
	/* STMT_CHANGES_READ: the changes as the build's snapshot sees them, from after an id */
	"SELECT id, old_status, old_staff_id, old_words, new_status, new_staff_id, new_words "
	"FROM search_changes WHERE id > ? ORDER BY id LIMIT ?",
	/* STMT_WORDS_READ: the search rows as the build's snapshot sees them, from after an id */
	"SELECT id, status, staff_id, words FROM client_search WHERE id > ? ORDER BY id LIMIT ?",
	/* STMT_COUNTS_ADD: [[fragment in hex, status, staff id, n], ...] */
	"INSERT INTO search_counts (fragment, status, staff_id, n) SELECT UNHEX(j.f), j.st, j.s, "
	"j.d FROM JSON_TABLE(?, '$[*]' COLUMNS (f VARCHAR(256) PATH '$[0]', "
	"st VARCHAR(10) PATH '$[1]', s BIGINT UNSIGNED PATH '$[2]', d INT PATH '$[3]')) j "
	"ON DUPLICATE KEY UPDATE n = n + VALUES(n)",
	/* STMT_CHANGES_DONE: [id, ...] folded */
	"DELETE c FROM search_changes c JOIN JSON_TABLE(?, '$[*]' COLUMNS "
	"(id BIGINT UNSIGNED PATH '$')) j ON c.id = j.id",
	/* STMT_STATE_FOLDED */
	"UPDATE search_count_state SET folded = folded + ? WHERE id = 1",
	/* STMT_COUNTS_CLEAR */
	"DELETE FROM search_counts",
	/* STMT_FRAGMENTS_CLEAR */
	"DELETE FROM search_fragments",
	/* STMT_FRAGMENTS_ADD: [fragment in hex, ...] */
	"INSERT INTO search_fragments (fragment) SELECT UNHEX(j.f) FROM JSON_TABLE(?, '$[*]' "
	"COLUMNS (f VARCHAR(256) PATH '$')) j",
	/* STMT_STATE_BUILT */
	"UPDATE search_count_state SET builds = builds + 1, built_at = UTC_TIMESTAMP(), "
	"min_clients = ?, folded = 0 WHERE id = 1",
};

/*
 * A set of fragments (byte strings) in one arena, found through an open-addressing table.
 * While the counts are built, each fragment counts the clients holding it (seen keeps the
 * last client's stamp, so a client counts once however often it holds it).
 */
struct fragment {
	uint32_t	 off;		/* in the arena */
	uint16_t	 len;
	uint16_t	 chars;
	uint32_t	 clients;
	int		 kept;
	uint64_t	 seen;
};

struct fragments {
	struct fragment	*v;
	size_t		 n, cap;
	uint32_t	*slots;		/* index + 1; 0: empty */
	size_t		 nslots;	/* a power of two, at least twice n */
	struct buf	 bytes;
	uint64_t	 stamp;		/* the current text's stamp */
};

/* How many of one fragment's texts are of one status and staff member (the counts as they are
 * built, or the changes as they are folded): 16 bytes, as a build at 100,000 clients holds
 * some 70,000. */
struct tally {
	uint32_t	 key;		/* TALLY_KEY(fragment index, status); 0: empty slot */
	int32_t		 n;
	long long	 staff;
};

#define TALLY_KEY(i, status)	((((uint32_t)(i) + 1) << 2) | (uint32_t)(status))
#define TALLY_FRAGMENT(key)	(((key) >> 2) - 1)
#define TALLY_STATUS(key)	((int)((key) & 3))
#define FRAGMENTS_MAX		((1U << 30) - 2)	/* what a key holds */

struct tallies {
	struct tally	*v;
	size_t		 n, nslots;
};

static uint64_t
hash_bytes(const char *s, size_t len, uint64_t h)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define HASH_START	0xcbf29ce484222325ULL

static void
fragments_free(struct fragments *f)
{
	free(f->v);
	free(f->slots);
	buf_free(&f->bytes);
	memset(f, 0, sizeof(*f));
}

/* The slot of s in the table: where it is, or the empty slot where it would go. */
static size_t
fragments_slot(const struct fragments *f, const char *s, size_t len)
{
	size_t			 i = hash_bytes(s, len, HASH_START) & (f->nslots - 1);
	const struct fragment	*e;

	while (f->slots[i] != 0) {
		e = &f->v[f->slots[i] - 1];
		if (e->len == len && memcmp(f->bytes.data + e->off, s, len) == 0)
			break;
		i = (i + 1) & (f->nslots - 1);
	}
	return i;
}

/* The fragment s, or NULL. */
static struct fragment *
fragments_find(const struct fragments *f, const char *s, size_t len)
{
	size_t	 i;

	if (f->nslots == 0)
		return NULL;
	i = fragments_slot(f, s, len);
	return f->slots[i] == 0 ? NULL : &f->v[f->slots[i] - 1];
}

static int
fragments_grow(struct fragments *f)
{
	uint32_t	*slots;
	size_t		 nslots = f->nslots ? f->nslots * 2 : 1024, i, j;
	struct fragment	*e;

	if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
		return -1;
	for (i = 0; i < f->n; i++) {
		e = &f->v[i];
		j = hash_bytes(f->bytes.data + e->off, e->len, HASH_START) & (nslots - 1);
		while (slots[j] != 0)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(f->slots);
	f->slots = slots;
	f->nslots = nslots;
	return 0;
}

/* The fragment s, added when it is not there; NULL when memory runs out. */
static struct fragment *
fragments_add(struct fragments *f, const char *s, size_t len, size_t chars)
{
	struct fragment	*v, *e;
	size_t		 i, cap;

	if ((e = fragments_find(f, s, len)) != NULL)
		return e;
	if (f->n == FRAGMENTS_MAX)
		return NULL;
	if ((f->n + 1) * 2 > f->nslots && fragments_grow(f) == -1)
		return NULL;
	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 1024;
		if ((v = reallocarray(f->v, cap, sizeof(*v))) == NULL)
			return NULL;
		f->v = v;
		f->cap = cap;
	}
	if (f->bytes.len > UINT32_MAX - len || buf_append(&f->bytes, s, len) == -1)
		return NULL;
	e = &f->v[f->n];
	memset(e, 0, sizeof(*e));
	e->off = (uint32_t)(f->bytes.len - len);
	e->len = (uint16_t)len;
	e->chars = (uint16_t)chars;
	i = fragments_slot(f, s, len);
	f->slots[i] = (uint32_t)++f->n;
	return e;
}

/* Is s a kept fragment? */
static int
fragments_kept(const struct fragments *f, const char *s, size_t len)
{
	const struct fragment	*e = fragments_find(f, s, len);

	return e != NULL && e->kept;
}

/* Only the kept fragments, into a new set (the old one freed); 0 or -1. */
static int
fragments_keep(struct fragments *f)
{
	struct fragments	 kept;
	struct fragment		*e;
	size_t			 i;

	memset(&kept, 0, sizeof(kept));
	for (i = 0; i < f->n; i++) {
		if (!f->v[i].kept)
			continue;
		if ((e = fragments_add(&kept, f->bytes.data + f->v[i].off, f->v[i].len,
		    f->v[i].chars)) == NULL) {
			fragments_free(&kept);
			return -1;
		}
		e->kept = 1;
		e->clients = f->v[i].clients;
	}
	fragments_free(f);
	*f = kept;
	return 0;
}

static void
tallies_free(struct tallies *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static size_t
tally_slot(const struct tally *v, size_t nslots, uint32_t key, long long staff)
{
	uint64_t	 h = HASH_START;
	size_t		 i;

	h = hash_bytes((const char *)&key, sizeof(key), h);
	h = hash_bytes((const char *)&staff, sizeof(staff), h);
	for (i = h & (nslots - 1); v[i].key != 0; i = (i + 1) & (nslots - 1))
		if (v[i].key == key && v[i].staff == staff)
			break;
	return i;
}

/* Add n to the tally of fragment index i (from 0), status and staff; 0 or -1. */
static int
tallies_add(struct tallies *t, size_t i, int status, long long staff, long long n)
{
	struct tally	*v;
	size_t		 nslots, j, k;
	uint32_t	 key = TALLY_KEY(i, status);

	if ((t->n + 1) * 4 > t->nslots * 3) {
		nslots = t->nslots ? t->nslots * 2 : 1024;
		if ((v = calloc(nslots, sizeof(*v))) == NULL)
			return -1;
		for (j = 0; j < t->nslots; j++) {
			if (t->v[j].key == 0)
				continue;
			k = tally_slot(v, nslots, t->v[j].key, t->v[j].staff);
			v[k] = t->v[j];
		}
		free(t->v);
		t->v = v;
		t->nslots = nslots;
	}
	j = tally_slot(t->v, t->nslots, key, staff);
	if (t->v[j].key == 0) {
		t->v[j].key = key;
		t->v[j].staff = staff;
		t->n++;
	}
	t->v[j].n += (int32_t)n;
	return 0;
}

/*
 * The pieces of a text a search fragment can be: from each place in each run of the text
 * without a space, so many characters (a search fragment never holds a space).  Each run's
 * characters are found once: starts[i] is where character i begins, starts[n] where the run
 * ends.  A stray byte counts as a character of its own.
 */
struct run {
	const char	*s;
	size_t		 n;		/* characters */
	uint16_t	 starts[WORD_BYTES + 1];
};

/* The next run of text[*at..len) into run (text ends with a NUL after len bytes); 0 at the
 * end. */
static int
next_run(const char *text, size_t len, size_t *at, struct run *run)
{
	size_t	 i = *at, c;

	if (len > WORD_BYTES)		/* the column's size: never more */
		len = WORD_BYTES;
	while (i < len && text[i] == ' ')
		i++;
	if (i >= len)
		return 0;
	run->s = text + i;
	run->n = 0;
	while (i < len && text[i] != ' ' && run->n < WORD_BYTES) {
		run->starts[run->n++] = (uint16_t)(text + i - run->s);
		c = text_char_bytes(text + i);
		i += i + c > len ? 1 : c;
	}
	run->starts[run->n] = (uint16_t)(text + i - run->s);
	*at = i;
	return 1;
}

/* The bytes of characters [a, b) of a run. */
#define RUN_AT(r, a)		((r)->s + (r)->starts[a])
#define RUN_BYTES(r, a, b)	((size_t)((r)->starts[b] - (r)->starts[a]))

/*
 * Count, for the build's round of `chars` characters, the pieces of one client's text: every
 * piece of that length (the first round), or of those whose first and last chars - 1
 * characters are kept (a fragment many clients hold is made of fragments that many hold too).
 * 0 or -1.
 */
static int
count_round(struct fragments *f, struct run *run, const char *text, size_t len, size_t chars)
{
	struct fragment	*e;
	size_t		 at = 0, a, bytes;

	f->stamp++;
	while (next_run(text, len, &at, run)) {
		for (a = 0; a + chars <= run->n; a++) {
			bytes = RUN_BYTES(run, a, a + chars);
			if (bytes > FRAGMENT_BYTES)
				continue;
			if (chars > FRAGMENT_CHARS && (!fragments_kept(f, RUN_AT(run, a),
			    RUN_BYTES(run, a, a + chars - 1)) || !fragments_kept(f,
			    RUN_AT(run, a + 1), RUN_BYTES(run, a + 1, a + chars))))
				continue;
			if ((e = fragments_add(f, RUN_AT(run, a), bytes, chars)) == NULL)
				return -1;
			if (e->seen != f->stamp) {
				e->seen = f->stamp;
				e->clients++;
			}
		}
	}
	return 0;
}

/* Add n to the tallies of the kept fragments a text holds (each once) under status and staff;
 * 0 or -1. */
static int
tally_text(struct fragments *f, struct tallies *t, struct run *run, const char *text,
    size_t len, int status, long long staff, long long n)
{
	struct fragment	*e;
	size_t		 at = 0, a, b, bytes;

	f->stamp++;
	while (next_run(text, len, &at, run)) {
		for (a = 0; a + FRAGMENT_CHARS <= run->n; a++) {
			for (b = a + FRAGMENT_CHARS; b <= run->n; b++) {
				bytes = RUN_BYTES(run, a, b);
				/* a piece not kept is not the start of one kept */
				if (bytes > FRAGMENT_BYTES ||
				    (e = fragments_find(f, RUN_AT(run, a), bytes)) == NULL ||
				    !e->kept)
					break;
				if (e->seen == f->stamp)
					continue;
				e->seen = f->stamp;
				if (tallies_add(t, (size_t)(e - f->v), status, staff, n) == -1)
					return -1;
			}
		}
	}
	return 0;
}

static int
status_index(const char *s)
{
	enum client_status	 st;

	return s != NULL && client_status_parse(s, &st) ? (int)st : -1;
}

/* A row of STMT_CHANGES_TAKE or STMT_CHANGES_READ into the tallies, times sign: the old
 * text's fragments counted off, the new one's on; 0 or -1. */
static int
tally_change(struct fragments *f, struct tallies *t, struct run *run, struct db_query *q,
    int sign)
{
	int	 old_status = status_index(db_col_text(q, 1));
	int	 new_status = status_index(db_col_text(q, 4));

	if (old_status >= 0 && tally_text(f, t, run, db_col_str(q, 3), db_col_len(q, 3),
	    old_status, db_col_int(q, 2), -sign) == -1)
		return -1;
	if (new_status >= 0 && tally_text(f, t, run, db_col_str(q, 6), db_col_len(q, 6),
	    new_status, db_col_int(q, 5), sign) == -1)
		return -1;
	return 0;
}

static void
put_hex(struct buf *b, const char *s, size_t len)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		buf_putc(b, digits[(unsigned char)s[i] >> 4]);
		buf_putc(b, digits[(unsigned char)s[i] & 15]);
	}
	buf_putc(b, '"');
}

/* Run statement i with a JSON array; 0 or -1. */
static int
exec_json(struct db *db, enum stmt i, struct buf *json)
{
	struct db_query	 q;

	if (buf_putc(json, ']') == -1)
		return -1;
	db_query_init(&q, db, stmts[i]);
	db_bind_text(&q, json->data);
	return db_exec(&q, NULL);
}

/* Rows written WRITE_BATCH at a time by one statement taking a JSON array of them. */
struct batch {
	struct db	*db;
	enum stmt	 stmt;
	struct buf	 json;
	size_t		 rows;
};

/* Write the rows waiting; 0 or -1. */
static int
batch_flush(struct batch *b)
{
	int	 rc = b->rows == 0 ? 0 : exec_json(b->db, b->stmt, &b->json);

	buf_reset(&b->json);
	b->rows = 0;
	return rc;
}

/* Start a row: the array's opening or a comma. */
static void
batch_row(struct batch *b)
{
	buf_putc(&b->json, b->rows == 0 ? '[' : ',');
}

/* A row is complete: write the batch once it is full; 0 or -1. */
static int
batch_row_done(struct batch *b)
{
	return ++b->rows == WRITE_BATCH ? batch_flush(b) : 0;
}

/* Write the tallies that are not 0 into search_counts (added to what is there); 0 or -1. */
static int
write_tallies(struct db *db, const struct fragments *f, const struct tallies *t)
{
	struct batch		 b = { db, STMT_COUNTS_ADD, { 0 }, 0 };
	const struct tally	*e;
	const struct fragment	*g;
	size_t			 i;
	int			 rc = -1;

	for (i = 0; i < t->nslots; i++) {
		e = &t->v[i];
		if (e->key == 0 || e->n == 0)
			continue;
		g = &f->v[TALLY_FRAGMENT(e->key)];
		batch_row(&b);
		buf_putc(&b.json, '[');
		put_hex(&b.json, f->bytes.data + g->off, g->len);
		buf_printf(&b.json, ",\"%s\",%lld,%d]", client_statuses[TALLY_STATUS(e->key)],
		    e->staff, (int)e->n);
		if (batch_row_done(&b) == -1)
			goto out;
	}
	rc = batch_flush(&b);
out:
	buf_free(&b.json);
	return rc;
}

/* The kept fragments the job runner folds with, and the build they belong to. */
static struct fragments	 folding;
static long long	 folding_build = -1;

/* Read the kept fragments of the current build into folding; 0 or -1. */
static int
load_kept(struct db *db, long long build)
{
	struct db_query	 q;
	struct fragment	*e;
	int		 rc;

	fragments_free(&folding);
	folding_build = -1;
	db_query_init(&q, db, stmts[STMT_FRAGMENTS]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		if (db_col_len(&q, 0) > FRAGMENT_BYTES ||
		    (e = fragments_add(&folding, db_col_str(&q, 0), db_col_len(&q, 0), 0)) == NULL) {
			rc = -1;
			break;
		}
		e->kept = 1;
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	folding_build = build;
	return 0;
}

struct state {
	long long	 builds;
	long long	 min_clients;
	long long	 folded;
};

/* Whether the kept counts are to be built again: never built, built for another threshold,
 * or enough changes folded since. */
static int
build_needed(const struct state *s, long min_clients, long rebuild_changes)
{
	return s->builds == 0 || s->min_clients != min_clients || s->folded >= rebuild_changes;
}

/* Lock the state row (inside a transaction) and read it; 0 or -1. */
static int
lock_state(struct db *db, struct state *s)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_STATE_LOCK]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		s->builds = db_col_int(&q, 0);
		s->min_clients = db_col_int(&q, 1);
		s->folded = db_col_int(&q, 2);
	}
	db_query_end(&q);
	return rc == 1 ? 0 : -1;
}

/*
 * Fold the oldest committed changes into the kept counts and delete them, in one
 * transaction.  Returns how many were folded, or -1; *state gets the state as it was.
 */
static long long
fold_once(struct db *db, struct state *state)
{
	struct db_query	 q;
	struct tallies	 t = { 0 };
	struct buf	 ids = { 0 };
	struct run	*run = NULL;
	long long	 n = 0, rc = -1;
	int		 more;

	/* Read committed: the changes it takes are locked row by row and no gap with them, so a
	 * save appending its changes meanwhile never waits for the fold (under repeatable read
	 * it did, while the fold's delete waited for the save's earlier change: a deadlock). */
	if ((run = malloc(sizeof(*run))) == NULL || db_begin_read_committed(db) == -1)
		goto out;
	if (lock_state(db, state) == -1)
		goto out;
	if (state->builds != folding_build && load_kept(db, state->builds) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_CHANGES_TAKE]);
	db_bind_int(&q, FOLD_BATCH);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto out;
	}
	while ((more = db_query_next(&q)) == 1) {
		buf_printf(&ids, n == 0 ? "[%lld" : ",%lld", db_col_int(&q, 0));
		n++;
		if (state->builds > 0 && tally_change(&folding, &t, run, &q, 1) == -1) {
			more = -1;
			break;
		}
	}
	db_query_end(&q);
	if (more == -1)
		goto out;
	if (n > 0) {
		if (write_tallies(db, &folding, &t) == -1 ||
		    exec_json(db, STMT_CHANGES_DONE, &ids) == -1)
			goto out;
		db_query_init(&q, db, stmts[STMT_STATE_FOLDED]);
		db_bind_int(&q, n);
		if (db_exec(&q, NULL) == -1)
			goto out;
	}
	if (db_commit(db) == -1)
		goto out;
	state->folded += n;
	rc = n;
out:
	if (rc == -1)
		db_rollback(db);
	buf_free(&ids);
	tallies_free(&t);
	free(run);
	return rc;
}

/* Call fn on every search row of the build's snapshot, READ_BATCH at a time; 0 or -1. */
typedef int (*row_fn)(void *arg, struct db_query *q);

static int
each_row(struct db *db, enum stmt i, row_fn fn, void *arg)
{
	struct db_query	 q;
	long long	 after = 0, n;
	int		 rc;

	do {
		db_query_init(&q, db, stmts[i]);
		db_bind_int(&q, after);
		db_bind_int(&q, READ_BATCH);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			return -1;
		}
		for (n = 0; (rc = db_query_next(&q)) == 1; n++) {
			after = db_col_int(&q, 0);
			if (fn(arg, &q) == -1) {
				rc = -1;
				break;
			}
		}
		db_query_end(&q);
		if (rc == -1)
			return -1;
	} while (n == READ_BATCH);
	return 0;
}

struct build {
	struct fragments f;
	struct tallies	 t;
	struct run	 run;
	size_t		 chars;		/* the round's length */
};

static int
build_count_row(void *arg, struct db_query *q)
{
	struct build	*b = arg;

	return count_round(&b->f, &b->run, db_col_str(q, 3), db_col_len(q, 3), b->chars);
}

static int
build_tally_row(void *arg, struct db_query *q)
{
	struct build	*b = arg;
	int		 status = status_index(db_col_text(q, 1));

	if (status < 0)
		return 0;
	return tally_text(&b->f, &b->t, &b->run, db_col_str(q, 3), db_col_len(q, 3), status,
	    db_col_int(q, 2), 1);
}

/* A change the snapshot holds is already in the words: counted off again, as a search adds
 * it to the kept counts. */
static int
build_change_row(void *arg, struct db_query *q)
{
	struct build	*b = arg;

	return tally_change(&b->f, &b->t, &b->run, q, -1);
}

/* Write the kept fragments of a build; 0 or -1. */
static int
write_fragments(struct db *db, const struct fragments *f)
{
	struct batch	 b = { db, STMT_FRAGMENTS_ADD, { 0 }, 0 };
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < f->n; i++) {
		batch_row(&b);
		put_hex(&b.json, f->bytes.data + f->v[i].off, f->v[i].len);
		if (batch_row_done(&b) == -1)
			goto out;
	}
	rc = batch_flush(&b);
out:
	buf_free(&b.json);
	return rc;
}

/*
 * Build the kept counts again, in one transaction whose snapshot is taken once the state row
 * is locked: find the fragments at least min_clients clients hold, round by round (those of
 * three characters, then those of four made of two kept ones, ...); count them per status and
 * staff; count off the changes the snapshot holds (a search adds them back); replace the kept
 * fragments and counts.  0 or -1.
 */
static int
build(struct db *db, long min_clients, long rebuild_changes, int force, struct state *state)
{
	struct build	*b;
	struct fragment	*e;
	struct db_query	 q;
	size_t		 i, kept;
	int		 rc = -1;

	if ((b = calloc(1, sizeof(*b))) == NULL || db_begin(db) == -1)
		goto out;
	if (lock_state(db, state) == -1)
		goto out;
	/* Another runner (another host) may have built while this one waited for the lock:
	 * asked again now that it holds it, the build may no longer be needed. */
	if (!force && !build_needed(state, min_clients, rebuild_changes)) {
		db_rollback(db);
		rc = 0;
		goto out;
	}
	for (b->chars = FRAGMENT_CHARS; ; b->chars++) {
		if (each_row(db, STMT_WORDS_READ, build_count_row, b) == -1)
			goto out;
		for (kept = 0, i = 0; i < b->f.n; i++) {
			e = &b->f.v[i];
			if (e->chars == b->chars && e->clients >= (uint32_t)min_clients) {
				e->kept = 1;
				kept++;
			}
		}
		if (fragments_keep(&b->f) == -1)
			goto out;
		if (kept == 0)
			break;
	}
	if (each_row(db, STMT_WORDS_READ, build_tally_row, b) == -1 ||
	    each_row(db, STMT_CHANGES_READ, build_change_row, b) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_COUNTS_CLEAR]);
	if (db_exec(&q, NULL) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_FRAGMENTS_CLEAR]);
	if (db_exec(&q, NULL) == -1)
		goto out;
	if (write_fragments(db, &b->f) == -1 || write_tallies(db, &b->f, &b->t) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_STATE_BUILT]);
	db_bind_int(&q, min_clients);
	if (db_exec(&q, NULL) == -1 || db_commit(db) == -1)
		goto out;
	/* The job runner folds with this build's fragments from now on. */
	fragments_free(&folding);
	folding = b->f;
	memset(&b->f, 0, sizeof(b->f));
	folding_build = state->builds + 1;
	log_info("search counts: %zu fragments kept (held by %ld clients or more)", folding.n,
	    min_clients);
	rc = 0;
out:
	if (rc == -1)
		db_rollback(db);
	if (b != NULL) {
		fragments_free(&b->f);
		tallies_free(&b->t);
	}
	free(b);
	return rc;
}

int
search_counts_tend(struct db *db, long min_clients, long rebuild_changes, int force)
{
	struct state	 state;
	long long	 n = FOLD_BATCH;
	int		 rounds;

	for (rounds = 0; rounds < FOLD_ROUNDS && n == FOLD_BATCH; rounds++)
		if ((n = fold_once(db, &state)) == -1)
			return -1;
	if (force || build_needed(&state, min_clients, rebuild_changes))
		return build(db, min_clients, rebuild_changes, force, &state);
	return 0;
}

int
search_counts_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config dc;
	struct db	*db;
	int		 status = 1;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "usage: casebook search-counts [-c FILE]\n");
		return 2;
	}
	config_db(cfg, &dc);
	if ((db = db_new(&dc)) == NULL || db_connect(db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log above)\n");
		goto out;
	}
	if (search_counts_tend(db, cfg->search_count_min_clients,
	    cfg->search_count_rebuild_changes, 1) == -1) {
		fprintf(stderr, "casebook: the search counts could not be built\n");
		goto out;
	}
	printf("search counts built: %zu fragments held by %ld clients or more\n", folding.n,
	    cfg->search_count_min_clients);
	status = 0;
out:
	db_free(db);
	return status;
}
