/* test_http_utf8.c: the UTF-8 check accepts every well-formed sequence and refuses overlongs,
 * surrogates, code points past U+10FFFF, truncated sequences, stray continuation bytes and NUL */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "http.h"

static void
valid(const char *s, const char *what)
{
	int	 r = http_utf8_valid(s, strlen(s));

	ok(r == 1, "valid: %s", what);
}

static void
invalid(const char *s, size_t len, const char *what)
{
	int	 r = http_utf8_valid(s, len);

	ok(r == 0, "invalid: %s", what);
}

int
main(void)
{
	valid("", "the empty string");
	valid("plain ASCII ~!", "ASCII");
	valid("\x01\x1f\x7f", "ASCII control characters other than NUL");
	valid("\xc2\x80", "U+0080, the first 2-byte code point");
	valid("\xc3\xa9", "U+00E9 (2 bytes)");
	valid("\xdf\xbf", "U+07FF, the last 2-byte code point");
	valid("\xe0\xa0\x80", "U+0800, the first 3-byte code point");
	valid("\xe2\x82\xac", "U+20AC (3 bytes)");
	valid("\xed\x9f\xbf", "U+D7FF, just below the surrogates");
	valid("\xee\x80\x80", "U+E000, just above the surrogates");
	valid("\xef\xbf\xbf", "U+FFFF");
	valid("\xf0\x90\x80\x80", "U+10000, the first 4-byte code point");
	valid("\xf0\x9f\x98\x80", "U+1F600 (4 bytes)");
	valid("\xf4\x8f\xbf\xbf", "U+10FFFF, the last code point");
	valid("a\xc3\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80" "d", "a mix of lengths");

	invalid("\xc0\xaf", 2, "overlong '/' in 2 bytes (C0 AF)");
	invalid("\xc1\xbf", 2, "overlong in 2 bytes (C1 BF)");
	invalid("\xe0\x80\xaf", 3, "overlong '/' in 3 bytes (E0 80 AF)");
	invalid("\xe0\x9f\xbf", 3, "overlong U+07FF in 3 bytes");
	invalid("\xf0\x80\x80\xaf", 4, "overlong '/' in 4 bytes");
	invalid("\xf0\x8f\xbf\xbf", 4, "overlong U+FFFF in 4 bytes");
	invalid("\xed\xa0\x80", 3, "the surrogate U+D800 (ED A0 80)");
	invalid("\xed\xbf\xbf", 3, "the surrogate U+DFFF");
	invalid("\xed\xa0\xbd\xed\xb8\x80", 6, "a surrogate pair encoded as two 3-byte sequences");
	invalid("\xf4\x90\x80\x80", 4, "U+110000, past the last code point (F4 90 80 80)");
	invalid("\xf5\x80\x80\x80", 4, "a lead byte F5");
	invalid("\xf8\x88\x80\x80\x80", 5, "a 5-byte form");
	invalid("\xfe", 1, "the byte FE");
	invalid("\xff", 1, "the byte FF");

	invalid("\xc3", 1, "a 2-byte sequence missing its last byte");
	invalid("\xe2\x82", 2, "a 3-byte sequence missing its last byte");
	invalid("\xe2", 1, "a 3-byte sequence missing two bytes");
	invalid("\xf0\x9f\x98", 3, "a 4-byte sequence missing its last byte");
	invalid("\xc3" "a", 2, "a 2-byte sequence with an ASCII second byte");
	invalid("\xe2\x82" "a", 3, "a 3-byte sequence interrupted by ASCII");
	invalid("a\xc3\xa9", 2, "a sequence cut by the length argument");
	invalid("\x80", 1, "a lone continuation byte");
	invalid("a\xbf" "b", 3, "a continuation byte between ASCII");
	invalid("\xc3\xa9\xa9", 3, "one continuation byte too many");

	invalid("a\0b", 3, "a NUL inside (len counts it)");
	invalid("\0", 1, "a lone NUL");
	invalid("abc\0", 4, "a NUL at the end");
	ok(http_utf8_valid("a\0b", 1) == 1, "the same bytes with len 1 stop before the NUL");

	return tap_done();
}
