/* text.c: the pieces of substring search: a query's fragments, trigrams, LIKE patterns */
#include "config.h"

#include <ctype.h>
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

/* Length in bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t
char_bytes(const char *s)
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
		c = char_bytes(s + n);
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

/* The window of three characters starting at s, lowered, into out; its byte length in s,
 * or 0 when fewer than three characters remain before the end of the word. */
static size_t
window(const char *s, char out[TEXT_TRIGRAM_MAX])
{
	size_t	 n = 0, k, c, i;

	for (k = 0; k < 3; k++) {
		if (s[n] == '\0' || s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n')
			return 0;
		c = char_bytes(s + n);
		for (i = 0; i < c; i++)
			out[n + i] = (char)tolower((unsigned char)s[n + i]);
		n += c;
	}
	out[n] = '\0';
	return n;
}

static int
seen(char out[][TEXT_TRIGRAM_MAX], size_t n, const char *t)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i], t) == 0)
			return 1;
	return 0;
}

size_t
text_trigrams(const char *s, char out[][TEXT_TRIGRAM_MAX], size_t max)
{
	char	 t[TEXT_TRIGRAM_MAX];
	size_t	 n = 0;

	while (*s != '\0' && n < max) {
		if (window(s, t) > 0 && !seen(out, n, t))
			strcpy(out[n++], t);
		s += char_bytes(s);
	}
	return n;
}

size_t
text_fragment_trigrams(const char *f, char out[][TEXT_TRIGRAM_MAX], size_t max)
{
	char		 all[TEXT_FRAGMENT_MAX][TEXT_TRIGRAM_MAX];
	size_t		 total, n = 0, i, pick;

	total = text_trigrams(f, all, TEXT_FRAGMENT_MAX);
	if (total == 0 || max == 0)
		return 0;
	if (total <= max) {
		for (i = 0; i < total; i++)
			strcpy(out[i], all[i]);
		return total;
	}
	/* Spread the picks so the first and last windows are always among them. */
	for (i = 0; i < max; i++) {
		pick = max == 1 ? 0 : i * (total - 1) / (max - 1);
		if (!seen(out, n, all[pick]))
			strcpy(out[n++], all[pick]);
	}
	return n;
}

int
text_like_contains(const char *f, struct buf *out)
{
	if (buf_putc(out, '%') == -1)
		return -1;
	for (; *f != '\0'; f++) {
		if ((*f == '%' || *f == '_' || *f == '\\') && buf_putc(out, '\\') == -1)
			return -1;
		if (buf_putc(out, *f) == -1)
			return -1;
	}
	return buf_putc(out, '%');
}
