/* fuzz_multipart.c: multipart/form-data bodies (http_parse_multipart, streamed in chunks of
 * varying size) and their boundary (http_multipart_boundary).  The input is the Content-Type,
 * a NUL, one byte choosing the chunk sizes, then the body. */
/* fuzz-sources: lib/buf.c lib/http.c */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "http.h"
#include "fuzz.h"

struct reader {
	const uint8_t	*p;
	size_t		 left;
	unsigned	 step;	/* 0: as much as asked; else chunks of 1..step bytes */
	unsigned	 state;
};

static ssize_t
read_chunk(void *ctx, char *buf, size_t len)
{
	struct reader	*r = ctx;
	size_t		 n = len;

	if (r->step > 0) {
		/* a small deterministic sequence of sizes, like a slow client's packets */
		r->state = r->state * 1103515245u + 12345u;
		n = 1 + (r->state >> 16) % r->step;
		if (n > len)
			n = len;
	}
	if (n > r->left)
		n = r->left;
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return (ssize_t)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_multipart_limits	 lim;
	struct http_kvlist		 fields = { 0 };
	struct http_uploads		 ups = { 0 };
	struct reader			 r;
	struct stat			 st;
	const uint8_t			*nul;
	const char			*reason, *tmp;
	char				*ctype, boundary[80];
	size_t				 i;
	enum http_parse			 rc;

	if ((nul = memchr(data, '\0', size)) == NULL)
		return 0;
	ctype = fuzz_string(data, (size_t)(nul - data));
	r.p = nul + 1;
	r.left = size - (size_t)(r.p - data);
	r.step = 0;
	r.state = (unsigned)size;
	if (r.left > 0) {
		r.step = *r.p % 4 == 0 ? 0 : *r.p;
		r.p++;
		r.left--;
	}

	if (http_multipart_boundary(ctype, boundary, sizeof(boundary)) == 0)
		FUZZ_ASSERT(strlen(boundary) >= 1 && strlen(boundary) <= 70);

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	lim.tmpdir = tmp;
	lim.max_field = 300;
	lim.max_file = 2000;
	lim.max_total = 3000;
	lim.max_parts = 20;
	rc = http_parse_multipart(ctype, read_chunk, &r, &lim, &fields, &ups, &reason);
	FUZZ_ASSERT(rc == HTTP_PARSE_OK || reason != NULL);
	FUZZ_ASSERT(fields.n + ups.n <= lim.max_parts);
	for (i = 0; i < fields.n; i++) {
		FUZZ_ASSERT(fields.v[i].key[0] != '\0');
		FUZZ_ASSERT(fields.v[i].len <= lim.max_field);
		FUZZ_ASSERT(strlen(fields.v[i].value) == fields.v[i].len);
		FUZZ_ASSERT(http_utf8_valid(fields.v[i].value, fields.v[i].len));
	}
	for (i = 0; i < ups.n; i++) {
		/* the name a browser gave never names a directory */
		FUZZ_ASSERT(strpbrk(ups.v[i].filename, "/\\") == NULL);
		FUZZ_ASSERT(ups.v[i].filename[0] != '\0' || rc != HTTP_PARSE_OK);
		FUZZ_ASSERT(ups.v[i].size <= lim.max_file || rc == HTTP_PARSE_TOO_LARGE);
		if (rc == HTTP_PARSE_OK) {
			FUZZ_ASSERT(stat(ups.v[i].path, &st) == 0);
			FUZZ_ASSERT((uint64_t)st.st_size == ups.v[i].size);
		}
	}
	http_uploads_free(&ups);
	http_kvlist_free(&fields);
	free(ctype);
	return 0;
}
