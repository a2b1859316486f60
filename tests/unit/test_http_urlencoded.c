/* test_http_urlencoded.c: query strings and url-encoded bodies decode into ordered pairs, and
 * malformed escapes, NUL and invalid UTF-8 are refused with a reason */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "http.h"

/* Parse s; on success write the pairs as "k=v|k=v" into out (for one comparison). */
static enum http_parse
parse(const char *s, char *out, size_t size, const char **reason)
{
	struct http_kvlist	 l = { 0 };
	enum http_parse		 rc;
	size_t			 i, used = 0;

	out[0] = '\0';
	rc = http_parse_urlencoded(s, strlen(s), &l, reason);
	for (i = 0; rc == HTTP_PARSE_OK && i < l.n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s=%s", i ? "|" : "",
		    l.v[i].key, l.v[i].value);
	http_kvlist_free(&l);
	return rc;
}

/* One well-formed case: rc must be OK and the pairs as given. */
static void
good(const char *in, const char *want)
{
	char		 got[512];
	const char	*reason = "unset";
	enum http_parse	 rc;

	rc = parse(in, got, sizeof(got), &reason);
	ok(rc == HTTP_PARSE_OK && reason == NULL, "\"%s\" parses (rc %d)", in, rc);
	is_str(got, want, "\"%s\" gives %s", in, want);
}

/* One malformed case: rc must be BAD with a reason. */
static void
bad(const char *in, const char *what)
{
	char		 got[512];
	const char	*reason = NULL;
	enum http_parse	 rc;

	rc = parse(in, got, sizeof(got), &reason);
	ok(rc == HTTP_PARSE_BAD, "%s: \"%s\" is refused (rc %d)", what, in, rc);
	ok(reason != NULL && reason[0] != '\0', "with a reason (%s)", reason ? reason : "none");
}

static void
test_parse(void)
{
	struct http_kvlist	 l = { 0 };
	const char		*reason;
	enum http_parse		 rc;

	good("a=1&b=2", "a=1|b=2");
	good("q=hello+world", "q=hello world");
	good("q=hello%20world", "q=hello world");
	good("a%2Bb=c%2bd", "a+b=c+d");
	good("k=%26%3D", "k=&=");
	good("k=a=b", "k=a=b");
	good("=x&a=1", "a=1");
	good("a", "a=");
	good("a=", "a=");
	good("a&b", "a=|b=");
	good("a=1&a=2&a=3", "a=1|a=2|a=3");
	good("&&a=1&&", "a=1");
	good("", "");
	good("&", "");
	good("name=%C3%A9", "name=\xc3\xa9");
	good("%C3%A9=1", "\xc3\xa9=1");

	bad("a=%zz", "a malformed escape");
	bad("a=%4", "an escape cut short at the end");
	bad("a=%", "a lone % at the end");
	bad("a=%4&b=1", "an escape cut short before &");
	bad("%zz=1", "a malformed escape in a key");
	bad("a=%00", "an encoded NUL");
	bad("a=%ff%fe", "invalid UTF-8");
	bad("a=%C3", "a truncated UTF-8 sequence");
	bad("%ff=1", "invalid UTF-8 in a key");
	bad("a=%C0%AF", "an overlong encoding");
	bad("ok=1&a=\xff", "a raw invalid byte");

	/* Repeated keys: all kept in order; http_kv_get gives the first. */
	rc = http_parse_urlencoded("x=first&y=1&x=second", 20, &l, &reason);
	ok(rc == HTTP_PARSE_OK && l.n == 3, "three pairs kept (%zu)", l.n);
	is_str(http_kv_get(&l, "x"), "first", "http_kv_get gives the first of repeated keys");
	ok(http_kv_get(&l, "z") == NULL, "http_kv_get of an absent key is NULL");
	ok(l.n == 3 && strcmp(l.v[2].value, "second") == 0, "the second x is kept third");
	http_kvlist_free(&l);

	/* The length bounds the input: bytes after it are not read. */
	rc = http_parse_urlencoded("a=1&b=2", 3, &l, &reason);
	ok(rc == HTTP_PARSE_OK && l.n == 1 && strcmp(l.v[0].value, "1") == 0,
	    "only len bytes are parsed");
	http_kvlist_free(&l);

	/* An escape ending exactly at len, and one running past it. */
	rc = http_parse_urlencoded("a=%41", 5, &l, &reason);
	ok(rc == HTTP_PARSE_OK && l.n == 1 && strcmp(l.v[0].value, "A") == 0,
	    "an escape ending exactly at len decodes");
	http_kvlist_free(&l);
	rc = http_parse_urlencoded("a=%41", 4, &l, &reason);
	ok(rc == HTTP_PARSE_BAD, "an escape cut by len is refused");
	http_kvlist_free(&l);

	/* The value's length is recorded. */
	rc = http_parse_urlencoded("v=%C3%A9t%C3%A9", 15, &l, &reason);
	ok(rc == HTTP_PARSE_OK && l.n == 1 && l.v[0].len == 5, "len counts the decoded bytes");
	http_kvlist_free(&l);
}

static void
test_percent_decode(void)
{
	struct buf	 b = { 0 };
	int		 r;

	r = http_percent_decode("a+b%2Fc", 7, 1, &b);
	is_str(r == 0 ? b.data : NULL, "a b/c", "plus_space turns '+' into a space");
	buf_free(&b);
	r = http_percent_decode("a+b%2Fc", 7, 0, &b);
	is_str(r == 0 ? b.data : NULL, "a+b/c", "without plus_space '+' stays");
	buf_free(&b);
	r = http_percent_decode("%41%62%7e%7E", 12, 0, &b);
	is_str(r == 0 ? b.data : NULL, "Ab~~", "upper- and lowercase hex digits");
	buf_free(&b);
	r = http_percent_decode("", 0, 1, &b);
	ok(r == 0 && b.data != NULL && b.len == 0 && b.data[0] == '\0',
	    "empty input gives \"\" (allocated and NUL-terminated), not NULL");
	buf_free(&b);
	r = http_percent_decode("%00", 3, 0, &b);
	ok(r == 0 && b.len == 1 && b.data[0] == '\0',
	    "percent_decode itself decodes %%00 to one NUL byte (the callers judge it)");
	buf_free(&b);
	r = http_percent_decode("%g0", 3, 0, &b);
	ok(r == -1, "\"%%g0\" is refused");
	buf_free(&b);
	r = http_percent_decode("%0g", 3, 0, &b);
	ok(r == -1, "\"%%0g\" is refused");
	buf_free(&b);
	r = http_percent_decode("ab%", 3, 0, &b);
	ok(r == -1, "a trailing \"%%\" is refused");
	buf_free(&b);
	r = http_percent_decode("ab%4", 4, 0, &b);
	ok(r == -1, "a trailing \"%%4\" is refused");
	buf_free(&b);

	buf_puts(&b, "pre:");
	r = http_percent_decode("x%20y", 5, 0, &b);
	is_str(r == 0 ? b.data : NULL, "pre:x y", "decoding appends to what the buffer holds");
	buf_free(&b);
}

int
main(void)
{
	test_parse();
	test_percent_decode();
	return tap_done();
}
