/* test_buf.c: the growable buffer keeps every byte across growth, stays NUL-terminated, and
 * hands over an empty string rather than NULL */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "buf.h"

/* Many small appends of each kind force several reallocations; the content must be exact. */
static void
test_growth(void)
{
	struct buf	 b = { 0 };
	char		 want[8192];
	size_t		 wlen = 0, i;
	int		 failed = 0, rc;

	for (i = 0; i < 1000; i++) {
		switch (i % 4) {
		case 0:
			rc = buf_append(&b, "ab", 2);
			memcpy(want + wlen, "ab", 2);
			wlen += 2;
			break;
		case 1:
			rc = buf_puts(&b, "cde");
			memcpy(want + wlen, "cde", 3);
			wlen += 3;
			break;
		case 2:
			rc = buf_putc(&b, 'f');
			want[wlen++] = 'f';
			break;
		default:
			rc = buf_printf(&b, "[%zu]", i);
			wlen += (size_t)snprintf(want + wlen, sizeof(want) - wlen, "[%zu]", i);
			break;
		}
		if (rc != 0)
			failed++;
	}
	want[wlen] = '\0';
	ok(failed == 0, "1000 mixed appends all return 0");
	ok(b.len == wlen, "length is the sum of the appends (%zu, want %zu)", b.len, wlen);
	ok(b.cap > b.len, "capacity leaves room for the terminating NUL");
	ok(b.data != NULL && b.data[b.len] == '\0', "data is NUL-terminated after growth");
	ok(b.data != NULL && memcmp(b.data, want, wlen) == 0, "content matches byte for byte");
	buf_free(&b);
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "buf_free leaves an empty buffer");

	/* Embedded NUL bytes are data too. */
	rc = buf_append(&b, "a\0b", 3);
	ok(rc == 0 && b.len == 3 && memcmp(b.data, "a\0b", 4) == 0,
	    "buf_append keeps an embedded NUL and counts it");
	buf_free(&b);
}

static void
test_detach(void)
{
	struct buf	 b = { 0 };
	char		*s;

	s = buf_detach(&b);
	is_str(s, "", "detach of a never-used buffer gives \"\"");
	free(s);

	buf_puts(&b, "x");
	buf_reset(&b);
	s = buf_detach(&b);
	is_str(s, "", "detach of a reset buffer gives \"\"");
	free(s);

	buf_puts(&b, "hello");
	s = buf_detach(&b);
	is_str(s, "hello", "detach hands over the content");
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "after detach the buffer is empty");
	free(s);

	buf_puts(&b, "again");
	is_str(b.data, "again", "a detached buffer can be used again");
	buf_free(&b);
}

static void
test_reset(void)
{
	struct buf	 b = { 0 };
	char		*before;
	size_t		 cap;
	int		 i;

	for (i = 0; i < 100; i++)
		buf_puts(&b, "0123456789");
	before = b.data;
	cap = b.cap;
	buf_reset(&b);
	ok(b.len == 0, "reset empties the buffer");
	ok(b.data == before && b.cap == cap, "reset keeps the memory (same pointer, capacity %zu)",
	    cap);
	is_str(b.data, "", "reset buffer reads as \"\"");
	buf_puts(&b, "short");
	ok(b.data == before, "appending after reset reuses the memory");
	is_str(b.data, "short", "content after reset is only the new text");

	buf_free(&b);
	buf_reset(&b);
	ok(b.data == NULL && b.len == 0, "reset of a freed buffer is harmless");
}

static void
test_large_printf(void)
{
	struct buf	 b = { 0 };
	char		*big;
	size_t		 n = 200000, i;
	int		 rc, good;

	if ((big = malloc(n + 1)) == NULL) {
		ok(0, "malloc for the large printf");
		return;
	}
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	big[n] = '\0';

	buf_puts(&b, "<");
	rc = buf_printf(&b, "%s|%d|%s", big, 42, big);
	ok(rc == 0, "a 400 kB printf returns 0");
	ok(b.len == 1 + n + 4 + n, "its length is exact (%zu)", b.len);
	good = b.len == 1 + n + 4 + n && b.data[0] == '<' &&
	    memcmp(b.data + 1, big, n) == 0 && memcmp(b.data + 1 + n, "|42|", 4) == 0 &&
	    memcmp(b.data + 1 + n + 4, big, n) == 0 && b.data[b.len] == '\0';
	ok(good, "the large printf wrote every byte after what was there");

	rc = buf_printf(&b, "%s", "");
	ok(rc == 0 && b.len == 1 + n + 4 + n, "an empty printf adds nothing");
	buf_free(&b);

	rc = buf_printf(&b, "%05d-%s", 7, "z");
	is_str(rc == 0 ? b.data : NULL, "00007-z", "printf into an empty buffer");
	buf_free(&b);
	free(big);
}

static void
test_reserve(void)
{
	struct buf	 b = { 0 };
	char		*junk;
	int		 rc;

	/* Leave recycled, non-zero memory for the next allocation of this size to find. */
	if ((junk = malloc(64)) != NULL) {
		memset(junk, 'x', 64);
		free(junk);
	}
	rc = buf_reserve(&b, 10);
	ok(rc == 0 && b.data != NULL && b.cap >= 11, "reserve on a fresh buffer allocates");
	ok(rc == 0 && b.data != NULL && b.len == 0 && b.data[0] == '\0',
	    "a freshly allocated buffer reads as \"\" (buf.h: NUL-terminated when not NULL)");
	buf_free(&b);
	rc = buf_reserve(&b, 0);
	ok(rc == 0 && (b.data == NULL || b.data[0] == '\0'),
	    "reserve of 0 on a fresh buffer leaves it NULL or \"\"");
	buf_free(&b);

	rc = buf_reserve(&b, 1000);
	ok(rc == 0 && b.cap >= 1001 && b.len == 0, "reserve makes room for n bytes and the NUL");
	rc = buf_reserve(&b, (size_t)-1);
	ok(rc == -1, "reserve of SIZE_MAX fails instead of overflowing");
	ok(b.cap >= 1001 && b.len == 0, "a failed reserve leaves the buffer unchanged");
	rc = buf_append(&b, "x", (size_t)-1 / 2);
	ok(rc == -1 && b.len == 0, "an impossible append fails and leaves the buffer unchanged");
	buf_free(&b);
}

static void
test_json_string(void)
{
	struct buf	 b = { 0 };

	ok(buf_json_string(&b, "Zo\xc3\xab \"Z\" O'Neil") == 0, "a JSON string is appended");
	is_str(b.data, "\"Zo\xc3\xab \\\"Z\\\" O'Neil\"", "quotes escaped, UTF-8 kept");
	buf_reset(&b);
	buf_json_string(&b, "a\\b\nc\td\x01");
	is_str(b.data, "\"a\\\\b\\u000ac\\u0009d\\u0001\"",
	    "backslashes and control characters escaped");
	buf_reset(&b);
	buf_json_string(&b, "");
	is_str(b.data, "\"\"", "an empty string is \"\"");
	buf_free(&b);
}

int
main(void)
{
	test_growth();
	test_detach();
	test_reset();
	test_large_printf();
	test_reserve();
	test_json_string();
	return tap_done();
}
