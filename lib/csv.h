/* csv.h: a streaming reader of CSV files as spreadsheets and address books write them
 * (RFC 4180 quoting, CRLF or LF, a UTF-8 byte-order mark, comma / semicolon / tab, UTF-8 or
 * Windows-1252 text); it holds one row at a time, never the file */
#ifndef CASEBOOK_CSV_H
#define CASEBOOK_CSV_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

#define CSV_CHUNK	65536			/* bytes read at a time */
#define CSV_ROW_MAX	(4 * 1024 * 1024)	/* bytes of one row, its fields together */
#define CSV_FIELDS_MAX	1024			/* fields of one row */

enum csv_encoding {
	CSV_UTF8,
	CSV_CP1252,	/* Windows-1252, what Excel writes: turned into UTF-8 as it is read */
	CSV__MAX
};
extern const char *const csv_encodings[CSV__MAX];	/* "utf-8", "windows-1252" */

/* Reads up to len bytes into buf: the count, 0 at the end, -1 on error. */
typedef ssize_t (*csv_read_fn)(void *ctx, char *buf, size_t len);

struct csv {
	/* where the bytes come from: a reader, or a buffer in memory */
	csv_read_fn		 read;
	void			*ctx;
	const unsigned char	*mem;
	size_t			 memlen;
	unsigned char		*in;		/* CSV_CHUNK bytes, read ahead */
	size_t			 inlen, inpos;
	int			 eof;
	int			 started;	/* the byte-order mark was looked for */

	char			 delimiter;	/* ',' unless set after csv_init */
	enum csv_encoding	 encoding;	/* CSV_UTF8 unless set after csv_init */

	/* the current row: its fields, NUL-terminated, one after the other in data */
	char			*data;
	size_t			 len, cap;
	size_t			*starts;
	size_t			 nfields, capfields;
	char			**fields;	/* handed to the caller */

	long			 line;		/* physical line being read, from 1 */
	long			 row_line;	/* the line the current row starts on */
	long			 rows;		/* rows returned so far */
	int			 invalid_utf8;	/* a field was not UTF-8 (read as CSV_UTF8) */
	char			 error[160];	/* why csv_next returned -1 */
};

/* Start reading through read(ctx); csv_free releases what reading allocates. */
void	csv_init(struct csv *, csv_read_fn, void *ctx);
/* Start reading len bytes in memory (kept by the caller until csv_free). */
void	csv_init_memory(struct csv *, const void *, size_t len);
/* The next row: 1 with its fields in *fields[*n] (valid until the next call; each a
 * NUL-terminated string), 0 at the end of the file, -1 when the file is broken (an unclosed
 * quote, a NUL byte, a row over CSV_ROW_MAX or CSV_FIELDS_MAX, a read error) with the reason
 * and its line in c->error ("line 7: a quoted field is not closed").  Rows with nothing in
 * them (an empty line) are passed over. */
int	csv_next(struct csv *, char ***fields, size_t *n);
void	csv_free(struct csv *);

/* The delimiter of a file from its first bytes: whichever of ',', ';' and tab appears most
 * often outside quotes on the first line (',' when none does). */
char	csv_detect_delimiter(const void *head, size_t len);
/* 1 when the len bytes are valid UTF-8 (no overlong forms, no surrogates). */
int	csv_utf8_valid(const void *, size_t len);
/* Write one field of an export onto out, quoted when it holds a comma, a quote or a line
 * break, a leading = + - or @ defused with a quote (so a spreadsheet never reads a formula),
 * then a comma, or CRLF when it is the last of its row.  0 or -1. */
int	csv_put_field(struct buf *out, const char *s, int last);

#endif
