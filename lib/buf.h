/* buf.h: a growable byte buffer with checked append and printf */
#ifndef CASEBOOK_BUF_H
#define CASEBOOK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated when not NULL */
	size_t	 len;
	size_t	 cap;
};

/* Append len bytes; returns 0, or -1 when memory runs out (the buffer is unchanged). */
int	buf_append(struct buf *, const void *, size_t);
/* Append a NUL-terminated string; 0 or -1. */
int	buf_puts(struct buf *, const char *);
/* Append one byte; 0 or -1. */
int	buf_putc(struct buf *, char);
/* Append formatted text; 0 or -1. */
int	buf_printf(struct buf *, const char *, ...)
		__attribute__((format(printf, 2, 3)));
int	buf_vprintf(struct buf *, const char *, va_list)
		__attribute__((format(printf, 2, 0)));
/* Append s as a JSON string, quoted, with '"', '\\' and control characters escaped (s is
 * UTF-8, passed through as it is); 0 or -1. */
int	buf_json_string(struct buf *, const char *s);
/* Make sure there is room for n more bytes; 0 or -1. */
int	buf_reserve(struct buf *, size_t);
/* Empty the buffer, keeping its memory. */
void	buf_reset(struct buf *);
/* Release the memory; the buffer is empty and reusable. */
void	buf_free(struct buf *);
/* Hand over the string (never NULL: an empty buffer gives ""), leaving the buffer empty; NULL on OOM. */
char	*buf_detach(struct buf *);

#endif
