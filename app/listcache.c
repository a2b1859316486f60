/* listcache.c: the directory's pages (/clients) kept rendered by each worker, under the
 * version of what they show, and the raising of that version after a change */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

/*
 * A kept page is the HTML as rendered for one staff member and one canonical query, at one
 * directory version (directory_version.version, sql/014) and one settings version (the
 * practice's settings and the staff's names, practice_settings.version), on one day (the
 * overdue tasks).  The session's CSRF token is rendered as a placeholder and put in on the
 * way out, so the page serves every session of that staff member.  Time alone changes an
 * invitation from sent to expired: a page is kept List.CacheSeconds at most, which also
 * bounds a change whose raise was lost (a connection gone between the change and the raise).
 *
 * The pages are few (List.CacheEntries) and bounded in bytes (List.CacheBytes), so a plain
 * array searched from end to end is enough; the least recently used goes first.
 */

struct listcache_entry {
	char			*key;
	uint64_t		 hash;
	unsigned long long	 directory_version;
	unsigned long long	 settings_version;
	time_t			 stored;
	unsigned long		 used;		/* tick of the last use */
	char			*html;
	size_t			 len;
	size_t			*marks;		/* offsets of the CSRF placeholder */
	size_t			 nmarks;
};

static struct listcache_entry	*entries;
static size_t			 nentries, bytes;
static unsigned long		 tick;
static char			 placeholder[2 * 16 + 1];

static const char sql_publish_directory[] =
    "UPDATE directory_version SET version = version + 1 WHERE id = 1";
static const char sql_publish_settings[] =
    "UPDATE practice_settings SET version = version + 1 WHERE id = 1";

static uint64_t
key_hash(const char *key)
{
	uint64_t	 h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return h;
}

static void
entry_drop(size_t i)
{
	bytes -= entries[i].len + strlen(entries[i].key);
	free(entries[i].key);
	free(entries[i].html);
	free(entries[i].marks);
	entries[i] = entries[--nentries];
}

const char *
listcache_placeholder(void)
{
	unsigned char	 raw[16];

	/* Random per worker: no text a user can type in a field is taken for it. */
	if (placeholder[0] == '\0') {
		if (crypto_random(raw, sizeof(raw)) == -1) {
			log_error("list cache: no random bytes");
			exit(1);
		}
		crypto_hex(raw, sizeof(raw), placeholder);
	}
	return placeholder;
}

void
listcache_key(const struct request *r, const char *query, struct buf *key)
{
	char	 today[11];

	when_today(today);
	buf_reset(key);
	buf_printf(key, "%lld %d %s %s", r->user.id, (int)r->user.role, today, query);
}

/* Forget the pages of other versions and those kept too long. */
static void
sweep(const struct request *r, time_t now)
{
	size_t	 i = 0;

	while (i < nentries) {
		if (entries[i].directory_version != r->directory_version ||
		    entries[i].settings_version != r->practice.version ||
		    now - entries[i].stored >= r->cfg->list_cache_seconds)
			entry_drop(i);
		else
			i++;
	}
}

/* html with the session's token at each mark (offsets of the placeholder) into out. */
static void
with_token(struct buf *out, const char *html, size_t len, const size_t *marks, size_t n,
    const char *token)
{
	size_t	 i, at, plen = strlen(listcache_placeholder());

	buf_reset(out);
	for (i = 0, at = 0; i < n; i++) {
		if (buf_append(out, html + at, marks[i] - at) == -1 || buf_puts(out, token) == -1)
			goto nomem;
		at = marks[i] + plen;
	}
	if (buf_append(out, html + at, len - at) == -1)
		goto nomem;
	return;
nomem:
	log_error("out of memory");
	exit(1);
}

int
listcache_answer(struct request *r, const char *key)
{
	uint64_t	 h;
	size_t		 i;

	if (!listcache_shareable(r))
		return 0;
	sweep(r, time(NULL));
	h = key_hash(key);
	for (i = 0; i < nentries; i++)
		if (entries[i].hash == h && strcmp(entries[i].key, key) == 0)
			break;
	if (i == nentries)
		return 0;
	entries[i].used = ++tick;
	with_token(&r->resp.body, entries[i].html, entries[i].len, entries[i].marks,
	    entries[i].nmarks, r->session.csrf);
	http_header(&r->resp, "Content-Type", "text/html; charset=utf-8");
	return 1;
}

int
listcache_shareable(const struct request *r)
{
	return r->cfg->list_cache_entries > 0 && r->has_session && !r->session.flash_text[0];
}

/* Make room for len more bytes and one more page: the least recently used go. */
static void
make_room(const struct config *cfg, size_t len)
{
	size_t	 i, oldest;

	while (nentries > 0 && (nentries >= (size_t)cfg->list_cache_entries ||
	    bytes + len > (size_t)cfg->list_cache_bytes)) {
		oldest = 0;
		for (i = 1; i < nentries; i++)
			if (entries[i].used < entries[oldest].used)
				oldest = i;
		entry_drop(oldest);
	}
}

void
listcache_store(struct request *r, const char *key)
{
	struct listcache_entry	*e;
	struct buf		 out = { 0 };
	const char		*p, *html = r->resp.body.data;
	size_t			 len = r->resp.body.len, plen, n = 0, i, room;
	size_t			*marks;

	if (!r->render_shared || r->resp.status != 200 || html == NULL)
		return;
	r->render_shared = 0;
	plen = strlen(listcache_placeholder());
	for (p = html; (p = strstr(p, placeholder)) != NULL; p += plen)
		n++;
	if ((marks = calloc(n ? n : 1, sizeof(*marks))) == NULL)
		goto nomem;
	for (p = html, i = 0; (p = strstr(p, placeholder)) != NULL; p += plen)
		marks[i++] = (size_t)(p - html);
	/* This answer carries the session's own token. */
	with_token(&out, html, len, marks, n, r->session.csrf);
	r->resp.body = out;	/* html is this function's from here */

	/* A page bigger than half the room is not kept: it would push out the others. */
	room = len + strlen(key);
	if (room > (size_t)r->cfg->list_cache_bytes / 2)
		goto unkept;
	make_room(r->cfg, room);
	if (entries == NULL &&
	    (entries = calloc((size_t)r->cfg->list_cache_entries, sizeof(*entries))) == NULL)
		goto unkept;
	e = &entries[nentries];
	memset(e, 0, sizeof(*e));
	if ((e->key = strdup(key)) == NULL || (e->html = malloc(len)) == NULL) {
		free(e->key);
		goto unkept;
	}
	memcpy(e->html, html, len);
	e->len = len;
	e->hash = key_hash(key);
	e->directory_version = r->directory_version;
	e->settings_version = r->practice.version;
	e->stored = time(NULL);
	e->used = ++tick;
	e->marks = marks;
	e->nmarks = n;
	bytes += room;
	nentries++;
	free((char *)html);
	return;
unkept:
	free(marks);
	free((char *)html);
	return;
nomem:
	log_error("out of memory");
	exit(1);
}

int
listcache_publish(struct db *db)
{
	struct db_query	 q;
	unsigned	 marks = db_marks_take(db);
	int		 rc = 0;

	/* Each in its own short autocommit statement, after the change committed: a version
	 * row written inside every writing transaction would make them wait on each other. */
	if (marks & CHANGED_DIRECTORY) {
		db_query_init(&q, db, sql_publish_directory);
		if (db_exec(&q, NULL) == -1)
			rc = -1;
	}
	if (marks & CHANGED_SETTINGS) {
		db_query_init(&q, db, sql_publish_settings);
		if (db_exec(&q, NULL) == -1)
			rc = -1;
	}
	return rc;
}
