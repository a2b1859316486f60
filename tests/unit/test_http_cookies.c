/* test_http_cookies.c: a Cookie header yields its well-formed pairs and silently skips the
 * malformed ones other sites may have set */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "http.h"

/* Parse header; write the pairs as "k=v|k=v" into out; returns the parser's result. */
static int
cookies(const char *header, char *out, size_t size)
{
	struct http_kvlist	 l = { 0 };
	size_t			 i, used = 0;
	int			 rc;

	out[0] = '\0';
	rc = http_parse_cookies(header, &l);
	for (i = 0; i < l.n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s=%s", i ? "|" : "",
		    l.v[i].key, l.v[i].value);
	http_kvlist_free(&l);
	return rc;
}

static void
check(const char *header, const char *want, const char *what)
{
	char	 got[1024];
	int	 rc;

	rc = cookies(header, got, sizeof(got));
	ok(rc == 0, "%s: parser returns 0", what);
	is_str(got, want, "%s", what);
}

int
main(void)
{
	struct http_kvlist	 l = { 0 };
	char			 header[1024], got[1024], name[200];
	int			 rc;

	check("a=1; b=2", "a=1|b=2", "two cookies");
	check("a=1;b=2", "a=1|b=2", "no space after ';'");
	check("  a = 1 ;\tb\t=\t2\t", "a=1|b=2", "spaces and tabs around names and values");
	check("a=\"quoted value\"; b=2", "a=quoted value|b=2", "a quoted value loses its quotes");
	check("a=\"\"", "a=", "an empty quoted value");
	check("a=\"; b=2", "a=\"|b=2", "a lone quote is a one-byte value, not a quoted one");
	check("junk; a=1", "a=1", "a pair without '=' is skipped");
	check("a=1; junk", "a=1", "a trailing pair without '=' is skipped");
	check("=x; a=1", "a=1", "an empty name is skipped");
	check(" =x; a=1", "a=1", "a name of spaces is skipped");
	check("a=1;", "a=1", "a trailing ';'");
	check("a=1; ", "a=1", "a trailing \"; \"");
	check(";;a=1;;", "a=1", "empty pairs between semicolons");
	check("a=", "a=", "an empty value is kept");
	check("a=x=y", "a=x=y", "'=' inside a value is kept");
	check("bad=\xff\xfe; a=1", "a=1", "a value that is not UTF-8 is skipped");
	check("a=caf\xc3\xa9", "a=caf\xc3\xa9", "a UTF-8 value is kept");
	check("a=1; a=2", "a=1|a=2", "a repeated name keeps both, in order");
	check("", "", "an empty header gives no pairs");

	/* A name longer than the parser's name buffer is skipped; one just under is kept. */
	memset(name, 'n', 127);
	name[127] = '\0';
	snprintf(header, sizeof(header), "%s=long; a=1", name);
	rc = cookies(header, got, sizeof(got));
	ok(rc == 0 && strncmp(got, name, 127) == 0 && strcmp(got + 127, "=long|a=1") == 0,
	    "a 127-character name is kept");
	memset(name, 'n', 150);
	name[150] = '\0';
	snprintf(header, sizeof(header), "%s=long; a=1", name);
	check(header, "a=1", "a 150-character name is skipped");
	memset(name, 'n', 128);
	name[128] = '\0';
	snprintf(header, sizeof(header), "%s=long; a=1", name);
	check(header, "a=1", "a 128-character name is skipped");

	rc = http_parse_cookies("theme=dark; casebook_session=abc; _ga=GA1.2.3", &l);
	ok(rc == 0 && l.n == 3, "three cookies from a real-looking header (%zu)", l.n);
	is_str(http_kv_get(&l, "casebook_session"), "abc", "the session cookie is found by name");
	ok(http_kv_get(&l, "casebook") == NULL, "a prefix of a name does not match");
	http_kvlist_free(&l);

	return tap_done();
}
