/* fuzz_urlencoded.c: url-encoded bodies (http_parse_urlencoded, http_percent_decode): what any
 * POST of a form sends */
/* fuzz-sources: lib/buf.c lib/http.c */
#include "config.h"

#include <string.h>

#include "http.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_kvlist	 l = { 0 };
	struct buf		 out = { 0 };
	const char		*reason;
	char			*s;
	size_t			 i;
	enum http_parse		 rc;

	/* Exactly size bytes, no NUL after them: the parser must respect the length. */
	s = fuzz_string(data, size);
	rc = http_parse_urlencoded(s, size, &l, &reason);
	FUZZ_ASSERT(rc == HTTP_PARSE_OK || rc == HTTP_PARSE_BAD);
	FUZZ_ASSERT((rc == HTTP_PARSE_BAD) == (reason != NULL));
	for (i = 0; i < l.n; i++) {
		/* what the handlers rely on: a key, a value of len bytes, UTF-8, no NUL */
		FUZZ_ASSERT(l.v[i].key[0] != '\0');
		FUZZ_ASSERT(strlen(l.v[i].value) == l.v[i].len);
		FUZZ_ASSERT(http_utf8_valid(l.v[i].key, strlen(l.v[i].key)));
		FUZZ_ASSERT(http_utf8_valid(l.v[i].value, l.v[i].len));
		FUZZ_ASSERT(http_kv_get(&l, l.v[i].key) != NULL);
	}
	http_kvlist_free(&l);

	if (http_percent_decode(s, size, (int)(size & 1), &out) == 0) {
		FUZZ_ASSERT(out.data != NULL && out.len <= size);
		FUZZ_ASSERT(out.data[out.len] == '\0');
	}
	buf_free(&out);
	free(s);
	return 0;
}
