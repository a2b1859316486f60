/* buf.c: a growable byte buffer with checked append and printf */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
buf_reserve(struct buf *b, size_t n)
{
	size_t	 want, cap;
	char	*p;

	if (n > (size_t)-1 / 2 - b->len - 1)
		return -1;
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	if ((p = realloc(b->data, cap)) == NULL)
		return -1;
	p[b->len] = '\0';	/* a new buffer is an empty string, not garbage */
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t len)
{
	if (buf_reserve(b, len) == -1)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || buf_reserve(b, (size_t)n) == -1)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
buf_detach(struct buf *b)
{
	char	*s;

	if (b->data == NULL)
		return strdup("");
	s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

int
buf_json_string(struct buf *b, const char *s)
{
	size_t	 len = b->len;
	int	 rc = buf_putc(b, '"');

	for (; rc == 0 && *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			rc = buf_putc(b, '\\') == -1 ? -1 : buf_putc(b, *s);
		else if ((unsigned char)*s < 0x20)
			rc = buf_printf(b, "\\u%04x", (unsigned)(unsigned char)*s);
		else
			rc = buf_putc(b, *s);
	}
	if (rc == 0)
		rc = buf_putc(b, '"');
	if (rc == -1 && b->data != NULL) {
		b->len = len;	/* unchanged, as the other appends leave it */
		b->data[len] = '\0';
	}
	return rc;
}
