/* fuzz_query.c: a request URI as the worker reads it: the path (http_parse_path), then the query
 * string after '?' (http_parse_urlencoded) */
/* fuzz-sources: lib/buf.c lib/http.c */
#include "config.h"

#include <string.h>

#include "http.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_kvlist	 l = { 0 };
	struct buf		 path = { 0 }, again = { 0 }, back = { 0 };
	const char		*reason, *query;
	char			*uri;
	size_t			 i;
	enum http_parse		 rc;

	/* FastCGI's REQUEST_URI is a C string: the input up to its first NUL. */
	uri = fuzz_string(data, strnlen((const char *)data, size));
	if (http_parse_path(uri, &path, &reason) == 0) {
		FUZZ_ASSERT(path.data != NULL && path.data[0] == '/');
		FUZZ_ASSERT(strlen(path.data) == path.len);
		FUZZ_ASSERT(http_utf8_valid(path.data, path.len));
		/* a decoded path encodes into something that decodes back to it */
		FUZZ_ASSERT(http_url_encode(path.data, &again) == 0);
		FUZZ_ASSERT(http_percent_decode(again.data, again.len, 0, &back) == 0);
		FUZZ_ASSERT(back.len == path.len && memcmp(back.data, path.data, path.len) == 0);
	} else
		FUZZ_ASSERT(reason != NULL);

	query = strchr(uri, '?');
	query = query != NULL ? query + 1 : "";
	rc = http_parse_urlencoded(query, strlen(query), &l, &reason);
	FUZZ_ASSERT(rc == HTTP_PARSE_OK || rc == HTTP_PARSE_BAD);
	for (i = 0; i < l.n; i++) {
		FUZZ_ASSERT(strlen(l.v[i].value) == l.v[i].len);
		FUZZ_ASSERT(http_utf8_valid(l.v[i].value, l.v[i].len));
	}
	http_kvlist_free(&l);
	buf_free(&back);
	buf_free(&again);
	buf_free(&path);
	free(uri);
	return 0;
}
