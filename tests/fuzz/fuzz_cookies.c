/* fuzz_cookies.c: the Cookie header (http_parse_cookies), and that any value it yields can go
 * back out in a Set-Cookie only when it is a safe token */
/* fuzz-sources: lib/buf.c lib/http.c */
#include "config.h"

#include <string.h>

#include "http.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_kvlist	 l = { 0 };
	struct http_response	 r = { 0 };
	char			*header;
	size_t			 i;

	header = fuzz_string(data, strnlen((const char *)data, size));
	FUZZ_ASSERT(http_parse_cookies(header, &l) == 0);
	for (i = 0; i < l.n; i++) {
		FUZZ_ASSERT(l.v[i].key[0] != '\0' && strlen(l.v[i].key) < 128);
		FUZZ_ASSERT(strlen(l.v[i].value) == l.v[i].len);
		FUZZ_ASSERT(http_utf8_valid(l.v[i].value, l.v[i].len));
		/* echoing a cookie value never splits the response */
		if (http_set_cookie(&r, "cb", l.v[i].value, "Path=/; HttpOnly") == 0)
			FUZZ_ASSERT(strpbrk(l.v[i].value, "\r\n;, ") == NULL);
		if (http_header(&r, "X-Test", l.v[i].value) == 0)
			FUZZ_ASSERT(strpbrk(l.v[i].value, "\r\n") == NULL);
	}
	http_response_free(&r);
	http_kvlist_free(&l);
	free(header);
	return 0;
}
