/* test_http_multipart.c: multipart/form-data bodies stream into fields and temporary files
 * byte for byte, whatever the read sizes, and malformed or oversized bodies are refused with
 * the right outcome */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <unistd.h>

#include "tap.h"
#include "http.h"

#define BND	"----CasebookTestBoundary7MA4YWxk"
#define CT	"multipart/form-data; boundary=" BND

/* The read sizes every body is fed with: byte by byte, an odd size, and page-sized. */
static const size_t chunks[] = { 1, 7, 4096 };
#define NCHUNKS	(sizeof(chunks) / sizeof(chunks[0]))

static char tmpdir[256];

/* A body in memory handed out at most chunk bytes per read. */
struct source {
	const char	*data;
	size_t		 len, pos, chunk;
};

static ssize_t
source_read(void *ctx, char *buf, size_t len)
{
	struct source	*s = ctx;
	size_t		 n = s->len - s->pos;

	if (n > s->chunk)
		n = s->chunk;
	if (n > len)
		n = len;
	if (n == 0)
		return 0;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

static struct http_multipart_limits
limits(void)
{
	struct http_multipart_limits	 lim;

	lim.tmpdir = tmpdir;
	lim.max_field = 1000;
	lim.max_file = 4 * 1024 * 1024;
	lim.max_total = 8 * 1024 * 1024;
	lim.max_parts = 10;
	return lim;
}

static enum http_parse
run(const char *ct, const struct buf *body, size_t chunk, const struct http_multipart_limits *lim,
    struct http_kvlist *fields, struct http_uploads *ups, const char **reason)
{
	struct source	 src;

	src.data = body->data;
	src.len = body->len;
	src.pos = 0;
	src.chunk = chunk;
	memset(fields, 0, sizeof(*fields));
	memset(ups, 0, sizeof(*ups));
	*reason = NULL;
	return http_parse_multipart(ct, source_read, &src, lim, fields, ups, reason);
}

static void
add_field(struct buf *b, const char *nl, const char *name, const char *value, size_t len)
{
	buf_printf(b, "--%s%sContent-Disposition: form-data; name=\"%s\"%s%s", BND, nl, name, nl,
	    nl);
	buf_append(b, value, len);
	buf_puts(b, nl);
}

static void
add_file(struct buf *b, const char *nl, const char *name, const char *filename,
    const char *ctype, const char *data, size_t len)
{
	buf_printf(b, "--%s%sContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"%s"
	    "Content-Type: %s%s%s", BND, nl, name, filename, nl, ctype, nl, nl);
	buf_append(b, data, len);
	buf_puts(b, nl);
}

static void
add_end(struct buf *b, const char *nl)
{
	buf_printf(b, "--%s--%s", BND, nl);
}

/* 1 when the file at path holds exactly len bytes equal to data. */
static int
file_is(const char *path, const char *data, size_t len)
{
	struct stat	 st;
	char		*got;
	size_t		 have = 0;
	ssize_t		 n;
	int		 fd, same = 0;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || (size_t)st.st_size != len ||
	    (got = malloc(len + 1)) == NULL) {
		close(fd);
		return 0;
	}
	while (have < len && (n = read(fd, got + have, len - have)) > 0)
		have += (size_t)n;
	same = have == len && memcmp(got, data, len) == 0;
	free(got);
	close(fd);
	return same;
}

/* A text field and a file, with the line breaks nl, at every read size. */
static void
test_field_and_file(const char *nl, const char *what)
{
	static const char	 pdf[] = "%PDF-1.4\r\n\0\xff\xfe binary\n--not a boundary\r\n%%EOF";
	struct buf		 body = { 0 };
	struct http_kvlist	 fields;
	struct http_uploads	 ups;
	struct http_multipart_limits lim = limits();
	const char		*reason;
	enum http_parse		 rc;
	size_t			 i;
	int			 r;

	add_field(&body, nl, "title", "Intake form", 11);
	add_file(&body, nl, "doc", "C:\\x\\y.pdf", "application/pdf", pdf, sizeof(pdf) - 1);
	add_field(&body, nl, "empty", "", 0);
	add_end(&body, nl);

	for (i = 0; i < NCHUNKS; i++) {
		rc = run(CT, &body, chunks[i], &lim, &fields, &ups, &reason);
		ok(rc == HTTP_PARSE_OK, "%s, %zu-byte reads: parses (rc %d, %s)", what, chunks[i],
		    rc, reason ? reason : "no reason");
		ok(fields.n == 2, "two text fields (%zu)", fields.n);
		is_str(http_kv_get(&fields, "title"), "Intake form", "the text field's value");
		is_str(http_kv_get(&fields, "empty"), "", "an empty text field is kept as \"\"");
		ok(http_kv_get(&fields, "doc") == NULL, "the file is not among the text fields");
		ok(ups.n == 1, "one upload (%zu)", ups.n);
		if (ups.n != 1) {
			http_kvlist_free(&fields);
			http_uploads_free(&ups);
			continue;
		}
		is_str(ups.v[0].field, "doc", "the upload's field name");
		is_str(ups.v[0].filename, "y.pdf", "a Windows path \"C:\\x\\y.pdf\" is cut to its "
		    "file name");
		is_str(ups.v[0].content_type, "application/pdf", "the declared content type");
		ok(ups.v[0].size == sizeof(pdf) - 1, "the upload's size is %zu (got %llu)",
		    sizeof(pdf) - 1, (unsigned long long)ups.v[0].size);
		r = file_is(ups.v[0].path, pdf, sizeof(pdf) - 1);
		ok(r, "the temporary file holds the content byte for byte");
		ok(strncmp(ups.v[0].path, tmpdir, strlen(tmpdir)) == 0,
		    "the temporary file is in the limits' tmpdir (%s)", ups.v[0].path);
		http_kvlist_free(&fields);
		http_uploads_free(&ups);
	}
	buf_free(&body);
}

/* Parse body at every read size; expect one upload of the given content and name. */
static void
expect_file(const char *ct, const struct buf *body, const char *filename, const char *data,
    size_t len, const char *what)
{
	struct http_kvlist	 fields;
	struct http_uploads	 ups;
	struct http_multipart_limits lim = limits();
	const char		*reason;
	enum http_parse		 rc;
	size_t			 i;
	int			 good;

	for (i = 0; i < NCHUNKS; i++) {
		rc = run(ct, body, chunks[i], &lim, &fields, &ups, &reason);
		good = rc == HTTP_PARSE_OK && ups.n == 1 && ups.v[0].size == len &&
		    strcmp(ups.v[0].filename, filename) == 0 &&
		    file_is(ups.v[0].path, data, len);
		ok(good, "%s (%zu-byte reads; rc %d, %zu uploads, %llu bytes%s%s)", what,
		    chunks[i], rc, ups.n, ups.n ? (unsigned long long)ups.v[0].size : 0ULL,
		    reason ? ", " : "", reason ? reason : "");
		http_kvlist_free(&fields);
		http_uploads_free(&ups);
	}
}

/* Parse body at every read size; expect the outcome want and, unless OK, a reason. */
static void
expect_rc(const char *ct, const struct buf *body, const struct http_multipart_limits *lim,
    enum http_parse want, const char *what)
{
	struct http_kvlist	 fields;
	struct http_uploads	 ups;
	const char		*reason;
	enum http_parse		 rc;
	size_t			 i;

	for (i = 0; i < NCHUNKS; i++) {
		rc = run(ct, body, chunks[i], lim, &fields, &ups, &reason);
		ok(rc == want, "%s (%zu-byte reads; rc %d, want %d)", what, chunks[i], rc, want);
		if (want != HTTP_PARSE_OK)
			ok(reason != NULL && reason[0] != '\0', "with a reason (%s)",
			    reason ? reason : "none");
		http_kvlist_free(&fields);
		http_uploads_free(&ups);
	}
}

static void
test_boundaries_in_data(void)
{
	/* The boundary text inside the content, not preceded by a line feed, is data. */
	static const char	 tricky[] = "a--" BND "b\r--" BND "--\r\n-- " BND "\r\n--"
	    "----CasebookTestBoundary7MA4YWx";
	struct buf		 body = { 0 };

	add_file(&body, "\r\n", "f", "t.bin", "application/octet-stream", tricky,
	    sizeof(tricky) - 1);
	add_end(&body, "\r\n");
	expect_file(CT, &body, "t.bin", tricky, sizeof(tricky) - 1,
	    "the boundary inside content without a leading line feed is kept as data");
	buf_free(&body);

	/* Content ending in "\r" just before the CRLF of the delimiter keeps its "\r". */
	add_file(&body, "\r\n", "f", "cr.txt", "text/plain", "abc\r", 4);
	add_end(&body, "\r\n");
	expect_file(CT, &body, "cr.txt", "abc\r", 4, "content ending in \"\\r\" keeps it");
	buf_free(&body);

	/* Content ending in a whole line break keeps it. */
	add_file(&body, "\r\n", "f", "crlf.txt", "text/plain", "abc\r\n", 5);
	add_end(&body, "\r\n");
	expect_file(CT, &body, "crlf.txt", "abc\r\n", 5, "content ending in CRLF keeps it");
	buf_free(&body);

	/* A file of just "\r". */
	add_file(&body, "\r\n", "f", "r", "text/plain", "\r", 1);
	add_end(&body, "\r\n");
	expect_file(CT, &body, "r", "\r", 1, "a file of one \"\\r\"");
	buf_free(&body);

	/* An empty file that was chosen (a name, no bytes) is an upload of 0 bytes. */
	add_file(&body, "\r\n", "f", "empty.txt", "text/plain", "", 0);
	add_end(&body, "\r\n");
	expect_file(CT, &body, "empty.txt", "", 0, "a chosen empty file is an upload of 0 bytes");
	buf_free(&body);

	/* A Unix path and a quoted boundary with a space. */
	buf_puts(&body, "--a b\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"/home/u/notes.txt\"\r\n\r\nhello\r\n--a b--\r\n");
	expect_file("multipart/form-data; boundary=\"a b\"", &body, "notes.txt", "hello", 5,
	    "a quoted boundary, and a Unix path cut to its file name");
	buf_free(&body);
}

static void
test_shapes(void)
{
	struct buf		 body = { 0 };
	struct http_kvlist	 fields;
	struct http_uploads	 ups;
	struct http_multipart_limits lim = limits();
	const char		*reason;
	enum http_parse		 rc;
	size_t			 i;

	/* An empty file input: a file part with filename="" adds no upload and no field. */
	add_field(&body, "\r\n", "a", "1", 1);
	add_file(&body, "\r\n", "doc", "", "application/octet-stream", "", 0);
	add_field(&body, "\r\n", "b", "2", 1);
	add_end(&body, "\r\n");
	for (i = 0; i < NCHUNKS; i++) {
		rc = run(CT, &body, chunks[i], &lim, &fields, &ups, &reason);
		ok(rc == HTTP_PARSE_OK && ups.n == 0 && fields.n == 2 &&
		    http_kv_get(&fields, "doc") == NULL,
		    "an empty file input adds nothing (%zu-byte reads; rc %d, %zu uploads, %zu "
		    "fields)", chunks[i], rc, ups.n, fields.n);
		http_kvlist_free(&fields);
		http_uploads_free(&ups);
	}
	buf_free(&body);

	/* A preamble before the first boundary and an epilogue after the last are ignored;
	 * a field value may hold line breaks. */
	buf_puts(&body, "This is the preamble.\r\n");
	add_field(&body, "\r\n", "note", "line 1\r\nline 2\r\n", 16);
	add_end(&body, "\r\n");
	buf_puts(&body, "This is the epilogue.\r\n");
	for (i = 0; i < NCHUNKS; i++) {
		rc = run(CT, &body, chunks[i], &lim, &fields, &ups, &reason);
		ok(rc == HTTP_PARSE_OK && fields.n == 1,
		    "preamble and epilogue are ignored (%zu-byte reads; rc %d)", chunks[i], rc);
		is_str(http_kv_get(&fields, "note"), "line 1\r\nline 2\r\n",
		    "a field keeps its inner and trailing line breaks");
		http_kvlist_free(&fields);
		http_uploads_free(&ups);
	}
	buf_free(&body);

	/* Repeated field names are kept in order. */
	add_field(&body, "\r\n", "tag", "x", 1);
	add_field(&body, "\r\n", "tag", "y", 1);
	add_end(&body, "\r\n");
	rc = run(CT, &body, 7, &lim, &fields, &ups, &reason);
	ok(rc == HTTP_PARSE_OK && fields.n == 2 && strcmp(fields.v[0].value, "x") == 0 &&
	    strcmp(fields.v[1].value, "y") == 0, "repeated field names are kept in order");
	http_kvlist_free(&fields);
	http_uploads_free(&ups);
	buf_free(&body);

	/* A final boundary without a line break after it is the end. */
	add_field(&body, "\r\n", "a", "1", 1);
	buf_printf(&body, "--%s--", BND);
	expect_rc(CT, &body, &lim, HTTP_PARSE_OK, "a final boundary at the very end");
	buf_free(&body);

	/* Header names are case-insensitive and unknown headers are ignored. */
	buf_printf(&body, "--%s\r\ncontent-disposition: form-data; name=\"a\"\r\n"
	    "X-Other: 1\r\n\r\nv\r\n--%s--\r\n", BND, BND);
	rc = run(CT, &body, 1, &lim, &fields, &ups, &reason);
	ok(rc == HTTP_PARSE_OK, "a lowercase Content-Disposition and an unknown header parse");
	is_str(http_kv_get(&fields, "a"), "v", "and the value is read");
	http_kvlist_free(&fields);
	http_uploads_free(&ups);
	buf_free(&body);
}

static void
test_malformed(void)
{
	struct buf		 body = { 0 };
	struct http_multipart_limits lim = limits();

	/* Missing final boundary, in each place the body can stop. */
	add_field(&body, "\r\n", "a", "1", 1);
	buf_puts(&body, "--" BND "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nvalue");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a body cut inside a value");
	buf_free(&body);

	add_field(&body, "\r\n", "a", "1", 1);
	buf_puts(&body, "--" BND);
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a body cut right after a boundary");
	buf_free(&body);

	add_field(&body, "\r\n", "a", "1", 1);
	buf_puts(&body, "--" BND "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a body cut after a boundary's line break");
	buf_free(&body);

	add_field(&body, "\r\n", "a", "1", 1);
	buf_puts(&body, "--" BND "\r\nContent-Disposition: form-data; name=\"b\"\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a body cut inside a part's headers");
	buf_free(&body);

	add_file(&body, "\r\n", "f", "a.bin", "application/octet-stream", "data", 4);
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a file part without a final boundary");
	buf_free(&body);

	buf_puts(&body, "no boundary at all here\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a body that never holds the boundary");
	buf_free(&body);

	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "an empty body");

	/* Boundary problems in the Content-Type. */
	add_field(&body, "\r\n", "a", "1", 1);
	add_end(&body, "\r\n");
	expect_rc("multipart/form-data", &body, &lim, HTTP_PARSE_BAD,
	    "a Content-Type without a boundary parameter");
	expect_rc("multipart/form-data; boundary=", &body, &lim, HTTP_PARSE_BAD,
	    "an empty boundary parameter");
	expect_rc("application/x-www-form-urlencoded", &body, &lim, HTTP_PARSE_BAD,
	    "a Content-Type that is not multipart");
	expect_rc("multipart/form-data; boundary=other", &body, &lim, HTTP_PARSE_BAD,
	    "a boundary the body does not use");
	buf_free(&body);

	/* Parts that are not form-data or have no name. */
	buf_puts(&body, "--" BND "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n"
	    "--" BND "--\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a part that is not form-data");
	buf_free(&body);
	buf_puts(&body, "--" BND "\r\nContent-Disposition: form-data\r\n\r\n1\r\n--" BND "--\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a part without a name");
	buf_free(&body);
	buf_puts(&body, "--" BND "\r\nContent-Type: text/plain\r\n\r\n1\r\n--" BND "--\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a part without Content-Disposition");
	buf_free(&body);
	buf_puts(&body, "--" BND "\r\nnot a header line\r\n\r\n1\r\n--" BND "--\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a header line without a colon");
	buf_free(&body);

	/* A file name that is not UTF-8. */
	add_file(&body, "\r\n", "f", "caf\xe9.txt", "text/plain", "x", 1);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a file name that is not UTF-8");
	buf_free(&body);

	/* A delimiter followed by something other than "--" or a line break. */
	add_field(&body, "\r\n", "a", "1", 1);
	buf_puts(&body, "--" BND "X\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
	    "--" BND "--\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a boundary followed by other bytes");
	buf_free(&body);

	/* Text fields must be UTF-8 without NUL. */
	add_field(&body, "\r\n", "a", "caf\xe9", 4);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a Latin-1 text field (invalid UTF-8)");
	buf_free(&body);
	add_field(&body, "\r\n", "a", "\xff\xfe", 2);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a text field of FF FE");
	buf_free(&body);
	add_field(&body, "\r\n", "a", "a\0b", 3);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a text field holding NUL");
	buf_free(&body);
	add_field(&body, "\r\n", "a", "caf\xc3\xa9", 5);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_OK, "a UTF-8 text field is fine");
	buf_free(&body);
}

static void
test_limits(void)
{
	struct buf		 body = { 0 };
	struct http_multipart_limits lim = limits();
	char			 data[200];
	int			 i;

	memset(data, 'x', sizeof(data));

	lim.max_field = 10;
	add_field(&body, "\r\n", "a", data, 10);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_OK, "a field of exactly max_field bytes");
	buf_free(&body);
	add_field(&body, "\r\n", "a", data, 11);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_BAD, "a field one byte over max_field");
	buf_free(&body);

	lim = limits();
	lim.max_file = 100;
	add_file(&body, "\r\n", "f", "a.bin", "application/octet-stream", data, 100);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_OK, "a file of exactly max_file bytes");
	buf_free(&body);
	add_file(&body, "\r\n", "f", "a.bin", "application/octet-stream", data, 101);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_TOO_LARGE, "a file one byte over max_file");
	buf_free(&body);

	lim = limits();
	lim.max_file = 100;
	lim.max_total = 150;
	add_file(&body, "\r\n", "f", "a.bin", "application/octet-stream", data, 80);
	add_file(&body, "\r\n", "g", "b.bin", "application/octet-stream", data, 80);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_TOO_LARGE, "two files together over max_total");
	buf_free(&body);

	lim = limits();
	lim.max_parts = 3;
	for (i = 0; i < 3; i++)
		add_field(&body, "\r\n", "a", "1", 1);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_OK, "exactly max_parts parts");
	buf_free(&body);
	for (i = 0; i < 4; i++)
		add_field(&body, "\r\n", "a", "1", 1);
	add_end(&body, "\r\n");
	expect_rc(CT, &body, &lim, HTTP_PARSE_TOO_LARGE, "one part more than max_parts");
	buf_free(&body);
}

/* A 1 MB file full of near-misses of the delimiter crosses many parser windows intact. */
static void
test_large_file(void)
{
	static const size_t	 sizes[] = { 7, 4096, 100000 };
	const size_t		 len = 1024 * 1024;
	struct buf		 body = { 0 };
	struct http_kvlist	 fields;
	struct http_uploads	 ups;
	struct http_multipart_limits lim = limits();
	const char		*reason;
	const char		*near = "\r\n--" "----CasebookTestBoundary7MA4YWx" "!";
	char			*data;
	uint32_t		 x = 2463534242u;
	size_t			 i, nearlen = strlen(near);
	enum http_parse		 rc;
	int			 good;

	if ((data = malloc(len)) == NULL) {
		ok(0, "malloc for the large file");
		return;
	}
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		data[i] = (char)(x >> 24);
		/* Every 5000 bytes, the delimiter with its last character changed. */
		if (i % 5000 == 0 && i + nearlen < len) {
			memcpy(data + i, near, nearlen);
			i += nearlen - 1;
		}
	}
	ok(memmem(data, len, "\n--" BND, strlen(BND) + 3) == NULL,
	    "the generated content never holds the whole delimiter");

	add_field(&body, "\r\n", "before", "1", 1);
	add_file(&body, "\r\n", "big", "big.bin", "application/octet-stream", data, len);
	add_field(&body, "\r\n", "after", "2", 1);
	add_end(&body, "\r\n");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		rc = run(CT, &body, sizes[i], &lim, &fields, &ups, &reason);
		ok(rc == HTTP_PARSE_OK, "1 MB file, %zu-byte reads: parses (rc %d, %s)", sizes[i],
		    rc, reason ? reason : "no reason");
		good = ups.n == 1 && ups.v[0].size == len && file_is(ups.v[0].path, data, len);
		ok(good, "the 1 MB file arrives intact");
		is_str(http_kv_get(&fields, "after"), "2", "the field after the file is read");
		http_kvlist_free(&fields);
		http_uploads_free(&ups);
	}
	buf_free(&body);
	free(data);
}

static void
test_uploads_free(void)
{
	struct buf		 body = { 0 };
	struct http_kvlist	 fields;
	struct http_uploads	 ups;
	struct http_multipart_limits lim = limits();
	const char		*reason;
	char			 paths[2][512];
	enum http_parse		 rc;
	int			 r0, r1;

	add_file(&body, "\r\n", "f", "a.txt", "text/plain", "aaa", 3);
	add_file(&body, "\r\n", "g", "b.txt", "text/plain", "bbb", 3);
	add_end(&body, "\r\n");
	rc = run(CT, &body, 4096, &lim, &fields, &ups, &reason);
	ok(rc == HTTP_PARSE_OK && ups.n == 2, "two uploads (rc %d, %zu)", rc, ups.n);
	if (ups.n == 2) {
		snprintf(paths[0], sizeof(paths[0]), "%s", ups.v[0].path);
		snprintf(paths[1], sizeof(paths[1]), "%s", ups.v[1].path);
		r0 = access(paths[0], F_OK);
		r1 = access(paths[1], F_OK);
		ok(r0 == 0 && r1 == 0, "both temporary files exist before http_uploads_free");
		ok(strcmp(paths[0], paths[1]) != 0, "each upload has its own file");
		http_uploads_free(&ups);
		r0 = access(paths[0], F_OK);
		r1 = access(paths[1], F_OK);
		ok(r0 == -1 && r1 == -1 && errno == ENOENT,
		    "http_uploads_free removes the temporary files");
		ok(ups.n == 0 && ups.v == NULL, "and leaves the list empty");
	}
	http_kvlist_free(&fields);
	http_uploads_free(&ups);
	buf_free(&body);

	/* A refused body still lists the file it began, so the caller can remove it. */
	lim.max_file = 10;
	add_file(&body, "\r\n", "f", "a.txt", "text/plain", "0123456789abc", 13);
	add_end(&body, "\r\n");
	rc = run(CT, &body, 4096, &lim, &fields, &ups, &reason);
	ok(rc == HTTP_PARSE_TOO_LARGE && ups.n == 1, "an oversized file is refused and listed");
	if (ups.n == 1) {
		snprintf(paths[0], sizeof(paths[0]), "%s", ups.v[0].path);
		http_uploads_free(&ups);
		r0 = access(paths[0], F_OK);
		ok(r0 == -1, "http_uploads_free removes the partial file too");
	}
	http_kvlist_free(&fields);
	http_uploads_free(&ups);
	buf_free(&body);
}

static void
test_boundary_param(void)
{
	static const struct {
		const char	*ct;
		const char	*want;	/* NULL: refused */
	} cases[] = {
		{ "multipart/form-data; boundary=abc", "abc" },
		{ "multipart/form-data;boundary=abc", "abc" },
		{ "Multipart/Form-Data; BOUNDARY=abc", "abc" },
		{ "multipart/form-data; charset=utf-8; boundary=abc", "abc" },
		{ "multipart/form-data; boundary=abc; charset=utf-8", "abc" },
		{ "multipart/form-data; boundary=abc ", "abc" },
		{ "multipart/form-data; boundary=\"abc\"", "abc" },
		{ "multipart/form-data; boundary=\"a b;c=d\"", "a b;c=d" },
		{ "multipart/form-data;\tboundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
		    "----WebKitFormBoundary7MA4YWxkTrZu0gW" },
		{ "multipart/form-data", NULL },
		{ "multipart/form-data;", NULL },
		{ "multipart/form-data; boundary=", NULL },
		{ "multipart/form-data; boundary=\"\"", NULL },
		{ "multipart/form-data; boundary=\"abc", NULL },
		{ "multipart/form-data; xboundary=abc", NULL },
		{ "multipart/mixed; boundary=abc", NULL },
		{ "text/plain; boundary=abc", NULL },
		{ "", NULL },
	};
	char	 out[128], ct[256], small[4];
	size_t	 i;
	int	 r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = http_multipart_boundary(cases[i].ct, out, sizeof(out));
		if (cases[i].want != NULL) {
			ok(r == 0, "boundary of \"%s\" found", cases[i].ct);
			is_str(r == 0 ? out : NULL, cases[i].want, "and it is \"%s\"", cases[i].want);
		} else
			ok(r == -1, "\"%s\" has no usable boundary", cases[i].ct);
	}
	r = http_multipart_boundary(NULL, out, sizeof(out));
	ok(r == -1, "a missing Content-Type has no boundary");

	memset(out, 'b', 70);
	out[70] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", out);
	r = http_multipart_boundary(ct, out, sizeof(out));
	ok(r == 0 && strlen(out) == 70, "a 70-character boundary is allowed");
	memset(out, 'b', 71);
	out[71] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", out);
	r = http_multipart_boundary(ct, out, sizeof(out));
	ok(r == -1, "a 71-character boundary is refused (RFC 2046)");
	r = http_multipart_boundary("multipart/form-data; boundary=abcdef", small, sizeof(small));
	ok(r == -1, "a boundary longer than the output buffer is refused, not cut");
}

/* Remove whatever a failed test left in the temporary directory, then the directory. */
static int
remove_tmpdir(void)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[512];
	int		 left = 0;

	if (rmdir(tmpdir) == 0)
		return 0;
	if ((d = opendir(tmpdir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			printf("# left behind: %s\n", e->d_name);
			snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
			unlink(path);
			left++;
		}
		closedir(d);
	}
	rmdir(tmpdir);
	return left;
}

int
main(void)
{
	const char	*base = getenv("TMPDIR");
	int		 left;

	snprintf(tmpdir, sizeof(tmpdir), "%s/casebook-multipart-XXXXXX",
	    base != NULL && base[0] != '\0' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", tmpdir, strerror(errno));
		return 1;
	}

	test_field_and_file("\r\n", "CRLF body");
	test_field_and_file("\n", "LF-only body");
	test_boundaries_in_data();
	test_shapes();
	test_malformed();
	test_limits();
	test_large_file();
	test_uploads_free();
	test_boundary_param();

	left = remove_tmpdir();
	ok(left == 0, "no temporary files were left behind (%d)", left);
	return tap_done();
}
