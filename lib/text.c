/* text.c: the pieces of substring search: a query's fragments, index keys, LIKE patterns */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

size_t
text_length(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

size_t
text_char_bytes(const char *s)
{
	unsigned char	 c = (unsigned char)*s;
	size_t		 n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	size_t		 i;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* Copy len bytes of s into out (size bytes), cut on a character boundary. */
static void
copy_cut(char *out, size_t size, const char *s, size_t len)
{
	size_t	 n = 0, c;

	while (n < len) {
		c = text_char_bytes(s + n);
		if (n + c > len || n + c >= size)
			break;
		n += c;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

static int
phone_like(const char *q)
{
	const char	*p;
	int		 digits = 0;

	for (p = q; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (strchr(" +()-./", *p) == NULL)
			return 0;
	}
	return digits >= 3;
}

size_t
text_fragments(const char *q, char out[][TEXT_FRAGMENT_MAX], size_t max)
{
	const char	*p = q, *start;
	size_t		 n = 0, len = 0;

	if (max == 0)
		return 0;
	if (phone_like(q)) {
		for (p = q; *p != '\0' && len < TEXT_FRAGMENT_MAX - 1; p++)
			if (isdigit((unsigned char)*p))
				out[0][len++] = *p;
		out[0][len] = '\0';
		return 1;
	}
	while (n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		copy_cut(out[n], TEXT_FRAGMENT_MAX, start, (size_t)(p - start));
		n++;
	}
	return n;
}

static int
word_end(const char *s)
{
	return *s == '\0' || *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n';
}

/* The key starting at s, lowered, into out: the rest of the word up to TEXT_KEY_CHARS
 * characters; its length in characters (less than three: no key). */
static size_t
key_at(const char *s, char out[TEXT_KEY_MAX])
{
	size_t	 n = 0, chars, c, i;

	for (chars = 0; chars < TEXT_KEY_CHARS && !word_end(s + n); chars++) {
		c = text_char_bytes(s + n);
		for (i = 0; i < c; i++)
			out[n + i] = (char)tolower((unsigned char)s[n + i]);
		n += c;
	}
	out[n] = '\0';
	return chars;
}

static int
key_order(const void *a, const void *b)
{
	return strcmp(a, b);
}

size_t
text_keys(const char *s, char out[][TEXT_KEY_MAX], size_t max)
{
	size_t	 n = 0, i, kept = 0;

	while (*s != '\0' && n < max) {
		if (key_at(s, out[n]) >= 3)
			n++;
		s += text_char_bytes(s);
	}
	/*
	 * A key that another key starts with finds nothing the other does not ("son" of
	 * "johnson" beside "son@post.example" of the email): keep only the longest.  In order,
	 * the keys that start with a key come right after it.
	 */
	qsort(out, n, sizeof(out[0]), key_order);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && strncmp(out[i], out[i + 1], strlen(out[i])) == 0)
			continue;
		if (kept != i)
			memcpy(out[kept], out[i], sizeof(out[0]));
		kept++;
	}
	return kept;
}

/* Escape one fragment's bytes for LIKE onto out; 0 or -1. */
static int
like_escaped(const char *f, size_t len, struct buf *out)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if ((f[i] == '%' || f[i] == '_' || f[i] == '\\') && buf_putc(out, '\\') == -1)
			return -1;
		if (buf_putc(out, f[i]) == -1)
			return -1;
	}
	return 0;
}

int
text_like_key(const char *f, struct buf *out)
{
	size_t	 n = 0, chars;

	for (chars = 0; chars < TEXT_KEY_CHARS && f[n] != '\0'; chars++)
		n += text_char_bytes(f + n);
	if (like_escaped(f, n, out) == -1)
		return -1;
	return buf_putc(out, '%');
}

int
text_like_contains(const char *f, struct buf *out)
{
	if (buf_putc(out, '%') == -1 || like_escaped(f, strlen(f), out) == -1)
		return -1;
	return buf_putc(out, '%');
}

/*
 * Folding.  The Latin-1 letters (U+00C0 to U+00FF) and Latin Extended-A (U+0100 to U+017F)
 * as plain letters, one per code point; '*' marks the few that become two letters, '-' the
 * two that are not letters (× and ÷) and stay as they are.
 */
static const char latin1_plain[] =
	"aaaaaa*ceeeeiiii" "dnooooo-ouuuuy**"	/* U+00C0: À..Ï, Ð..ß */
	"aaaaaa*ceeeeiiii" "dnooooo-ouuuuy*y";	/* U+00E0: à..ï, ð..ÿ */
static const char latin_a_plain[] =
	"aaaaaacccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "**" "jj" "kkk"
	"llllllllll" "nnnnnnnnn" "oooooo" "**" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu"
	"ww" "yyy" "zzzzzz" "s";
_Static_assert(sizeof(latin1_plain) - 1 == 64, "one letter per code point of U+00C0..U+00FF");
_Static_assert(sizeof(latin_a_plain) - 1 == 128, "one letter per code point of U+0100..U+017F");

/* The code point of the well-formed UTF-8 character of n bytes at s. */
static unsigned long
code_point(const unsigned char *s, size_t n)
{
	unsigned long	 c;
	size_t		 i;

	if (n == 1)
		return s[0];
	c = s[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3f);
	return c;
}

/* Two-letter foldings: Æ æ Þ þ ß Ĳ ĳ Œ œ. */
static const char *
two_letters(unsigned long c)
{
	switch (c) {
	case 0xc6: case 0xe6:		return "ae";
	case 0xde: case 0xfe:		return "th";
	case 0xdf:			return "ss";
	case 0x132: case 0x133:		return "ij";
	case 0x152: case 0x153:		return "oe";
	default:			return NULL;
	}
}

/* Append the UTF-8 encoding of a code point below U+0800. */
static int
put_code_point(struct buf *out, unsigned long c)
{
	if (c < 0x80)
		return buf_putc(out, (char)c);
	if (buf_putc(out, (char)(0xc0 | (c >> 6))) == -1)
		return -1;
	return buf_putc(out, (char)(0x80 | (c & 0x3f)));
}

int
text_fold(const char *s, struct buf *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*two;
	unsigned long		 c;
	size_t			 n;
	char			 plain;
	int			 rc;

	if (buf_reserve(out, strlen(s)) == -1)
		return -1;
	while (*p != '\0') {
		n = text_char_bytes((const char *)p);
		c = code_point(p, n);
		plain = '\0';
		if (n == 1 && *p >= 0x80) {
			/* A stray byte is dropped: kept, it could make a character with another
			 * once what is between them is dropped, and folding again would change
			 * the text. */
			p++;
			continue;
		}
		if (n == 1)
			plain = (char)tolower(*p);
		else if (c >= 0xc0 && c <= 0xff)
			plain = latin1_plain[c - 0xc0];
		else if (c >= 0x100 && c <= 0x17f)
			plain = latin_a_plain[c - 0x100];
		if (plain == '*' && (two = two_letters(c)) != NULL)
			rc = buf_puts(out, two);
		else if (plain != '\0' && plain != '-' && plain != '*')
			rc = buf_putc(out, plain);
		else if (c >= 0x300 && c <= 0x36f)
			rc = 0;				/* a combining accent */
		else if ((c >= 0x391 && c <= 0x3a9 && c != 0x3a2))
			rc = put_code_point(out, c + 0x20);	/* Greek capitals */
		else if (c >= 0x410 && c <= 0x42f)
			rc = put_code_point(out, c + 0x20);	/* Cyrillic А..Я */
		else if (c >= 0x400 && c <= 0x40f)
			rc = put_code_point(out, c + 0x50);	/* Cyrillic Ѐ..Џ */
		else
			rc = buf_append(out, p, n);
		if (rc == -1)
			return -1;
		p += n;
	}
	return 0;
}

void
text_fold_to(const char *s, char *out, size_t size)
{
	struct buf	 b = { 0 };

	if (size == 0)
		return;
	if (text_fold(s, &b) == -1 || b.data == NULL) {
		out[0] = '\0';
		buf_free(&b);
		return;
	}
	copy_cut(out, size, b.data, b.len);
	buf_free(&b);
}

void
text_cut(char *s, size_t max)
{
	size_t	 n = 0, c;

	while (s[n] != '\0') {
		c = text_char_bytes(s + n);
		if (n + c > max)
			break;
		n += c;
	}
	s[n] = '\0';
}
