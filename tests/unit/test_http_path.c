/* test_http_path.c: request paths decode safely, URLs encode what must be encoded, and no
 * header or cookie value can split a response */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "http.h"

static void
path_good(const char *uri, const char *want)
{
	struct buf	 b = { 0 };
	const char	*reason = "unset";
	int		 r;

	r = http_parse_path(uri, &b, &reason);
	ok(r == 0 && reason == NULL, "\"%s\" is a valid path", uri);
	is_str(r == 0 ? b.data : NULL, want, "\"%s\" decodes to \"%s\"", uri, want);
	buf_free(&b);
}

static void
path_bad(const char *uri, const char *what)
{
	struct buf	 b = { 0 };
	const char	*reason = NULL;
	int		 r;

	r = http_parse_path(uri, &b, &reason);
	ok(r == -1, "%s: \"%s\" is refused", what, uri);
	ok(reason != NULL && reason[0] != '\0', "with a reason (%s)", reason ? reason : "none");
	buf_free(&b);
}

static void
test_path(void)
{
	path_good("/a/b?x=1", "/a/b");
	path_good("/a/b", "/a/b");
	path_good("/", "/");
	path_good("/?", "/");
	path_good("/a%2Fb", "/a/b");
	path_good("/a+b", "/a+b");
	path_good("/a%20b", "/a b");
	path_good("/caf%C3%A9", "/caf\xc3\xa9");
	path_good("/x?next=%zz", "/x");		/* the query is not the path's business */

	path_bad("/a%zz", "a malformed escape");
	path_bad("/a%2", "an escape cut short");
	path_bad("/a%", "a lone %");
	path_bad("", "an empty path");
	path_bad("x", "a path without a leading '/'");
	path_bad("?a=1", "a query without a path");
	path_bad("http://host/x", "an absolute URI");
	path_bad("/a%ff", "an escape giving invalid UTF-8");
	path_bad("/a%00b", "an encoded NUL");
	path_bad("/a%ed%a0%80", "an encoded surrogate");
}

static void
test_url_encode(void)
{
	struct buf	 b = { 0 };
	int		 r;

	r = http_url_encode("/login?next=/a b&c", &b);
	is_str(r == 0 ? b.data : NULL, "/login%3Fnext%3D/a%20b%26c",
	    "'/' and unreserved characters kept, the rest encoded");
	buf_free(&b);
	r = http_url_encode("AZaz09-_.~", &b);
	is_str(r == 0 ? b.data : NULL, "AZaz09-_.~", "unreserved characters are kept");
	buf_free(&b);
	r = http_url_encode("+%#\"<>\\\r\n", &b);
	is_str(r == 0 ? b.data : NULL, "%2B%25%23%22%3C%3E%5C%0D%0A", "reserved and control "
	    "characters are encoded in uppercase hex");
	buf_free(&b);
	r = http_url_encode("caf\xc3\xa9", &b);
	is_str(r == 0 ? b.data : NULL, "caf%C3%A9", "UTF-8 is encoded byte by byte");
	buf_free(&b);
	r = http_url_encode("", &b);
	ok(r == 0 && b.data != NULL && b.len == 0 && b.data[0] == '\0',
	    "empty input gives \"\" (allocated and NUL-terminated), not NULL");
	buf_free(&b);
}

static void
test_method_status(void)
{
	ok(http_method_parse("GET") == HTTP_GET, "GET");
	ok(http_method_parse("HEAD") == HTTP_HEAD, "HEAD");
	ok(http_method_parse("POST") == HTTP_POST, "POST");
	ok(http_method_parse("DELETE") == HTTP_DELETE, "DELETE");
	ok(http_method_parse("OPTIONS") == HTTP_OPTIONS, "OPTIONS");
	ok(http_method_parse("get") == HTTP_OTHER, "methods are case-sensitive: \"get\" is other");
	ok(http_method_parse("BREW") == HTTP_OTHER, "an unknown method is other");
	ok(http_method_parse("") == HTTP_OTHER, "an empty method is other");
	ok(http_method_parse("OTHER") == HTTP_OTHER, "the name \"OTHER\" is other");
	ok(http_method_parse("GETX") == HTTP_OTHER, "a method with a known prefix is other");
	is_str(http_methods[HTTP_POST], "POST", "the name table is indexed by the enum");

	is_str(http_status_text(404), "Not Found", "404 is Not Found");
	is_str(http_status_text(200), "OK", "200 is OK");
	is_str(http_status_text(413), "Content Too Large", "413 is Content Too Large");
	is_str(http_status_text(999), "Unknown", "an unlisted status is Unknown");
}

static void
test_header_cookie(void)
{
	struct http_response	 r = { 0 };
	int			 rc;

	http_response_reset(&r);
	ok(r.status == 200, "a reset response is 200");
	rc = http_header(&r, "Location", "/clients/42");
	ok(rc == 0, "a plain header is added");
	is_str(r.headers.data, "Location: /clients/42\r\n", "as one \"Name: value\" CRLF line");
	rc = http_header(&r, "Location", "/x\r\nSet-Cookie: evil=1");
	ok(rc == -1, "a value with CR LF is refused");
	rc = http_header(&r, "Location", "/x\nSet-Cookie: evil=1");
	ok(rc == -1, "a value with a bare LF is refused");
	rc = http_header(&r, "Location", "/x\rSet-Cookie: evil=1");
	ok(rc == -1, "a value with a bare CR is refused");
	rc = http_header(&r, "X-Evil\r\nSet-Cookie", "1");
	ok(rc == -1, "a name with CR LF is refused");
	rc = http_header(&r, "X-A: b", "1");
	ok(rc == -1, "a name with a colon is refused");
	is_str(r.headers.data, "Location: /clients/42\r\n", "refused headers added nothing");

	http_response_reset(&r);
	ok(r.headers.len == 0, "reset empties the headers");
	rc = http_set_cookie(&r, "casebook_session", "abc-DEF_1.2", "Path=/; HttpOnly");
	ok(rc == 0, "a token cookie value is accepted");
	is_str(r.headers.data, "Set-Cookie: casebook_session=abc-DEF_1.2; Path=/; HttpOnly\r\n",
	    "the Set-Cookie line is exact");
	http_response_reset(&r);
	rc = http_set_cookie(&r, "s", "a;Domain=evil.example", "Path=/");
	ok(rc == -1, "a value with ';' is refused");
	rc = http_set_cookie(&r, "s", "a b", "Path=/");
	ok(rc == -1, "a value with a space is refused");
	rc = http_set_cookie(&r, "s", "a\r\nX: 1", "Path=/");
	ok(rc == -1, "a value with CR LF is refused");
	rc = http_set_cookie(&r, "s", "a,b", "Path=/");
	ok(rc == -1, "a value with a comma is refused");
	rc = http_set_cookie(&r, "s", "ok", "Path=/\r\nX-Evil: 1");
	ok(rc == -1, "attributes with CR LF are refused");
	ok(r.headers.len == 0, "refused cookies added nothing");
	http_response_free(&r);
}

int
main(void)
{
	test_path();
	test_url_encode();
	test_method_status();
	test_header_cookie();
	return tap_done();
}
