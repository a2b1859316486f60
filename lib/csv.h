/* csv.h: a streaming reader of CSV files as spreadsheets and address books write them
 * (RFC 4180 quoting, CRLF or LF, a UTF-8 byte-order mark, comma / semicolon / tab, UTF-8 or
 * Windows-1252 text; it holds one row at a time, never the file), and the one writer of the
 * CSV files Casebook gives out, safe to open in a spreadsheet */
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

/* ---- writing: every CSV Casebook gives out (the directory's export, a client's payments,
 * an import's template and its rows not imported) is written cell by cell through these, so
 * the rules below hold for every file.
 *
 * A cell holding ',' ';' '"' a tab, CR or LF is quoted (';' too: a spreadsheet that splits on
 * ',' and ';' together then keeps the cell whole).  Text a spreadsheet would evaluate
 * (csv_formula_like) gets a leading '\'' and is quoted, as OWASP advises: the cell opens as the
 * text it was, with that quote shown, never as a formula.  So does what follows a ';', a tab or
 * a line break inside a cell: a spreadsheet set to a European locale opens a ','-file splitting
 * on ';' alone, blind to its quotes, and starts a cell (or a row) there, so the tags "a;+cmd"
 * are written "a;'+cmd".  Numbers and phones are typed cells, written in a form that is never a
 * formula, so they open as the value the screen shows with no quote before it. */
struct csv_writer {
	struct buf	*out;
	size_t		 cells;		/* cells written on the current row */
	int		 failed;	/* memory ran out: the file is not whole */
};

/* Start a file on out: a UTF-8 byte-order mark (so spreadsheets read UTF-8), no row yet. */
void	csv_write_start(struct csv_writer *, struct buf *out);
/* Start writing cells onto out with no byte-order mark: a row kept to go into a file later. */
void	csv_writer_init(struct csv_writer *, struct buf *out);
/* A cell of text, a '\'' before it and before each formula-like piece after a ';', a tab or a
 * line break in it.  0, or -1 when memory ran out (then w->failed stays set, so a caller may
 * check once, after the last row). */
int	csv_cell_text(struct csv_writer *, const char *);
/* A cell holding a decimal number such as "12", "-12.50" or "0.5" (an optional '-', digits
 * without needless leading zeros, an optional '.' and digits), written bare: a number cannot be
 * a formula, and it opens as a number a column can sum.  Anything else ("+5", "1e3",
 * "1,234.50", "12.", "") is written as csv_cell_text writes it.  0 or -1. */
int	csv_cell_number(struct csv_writer *, const char *);
/* A phone as phone_format shows it ("+44 20 7946 0958", "+1 (555) 123-4567"), written with its
 * calling code in brackets: "(+44) 20 7946 0958".  A cell opening with '+' is a formula to a
 * spreadsheet (an error, or 442079460958 as a number); one opening with '(' and holding spaces
 * is neither a formula nor a number, so it opens as that text, readable, with its '+', and
 * uploads again (phone_parse takes it).  Anything not of that shape (a stored value that is not
 * E.164) is written as csv_cell_text writes it.  0 or -1. */
int	csv_cell_phone(struct csv_writer *, const char *);
/* End the current row with CRLF.  0 or -1. */
int	csv_row_end(struct csv_writer *);
/* 1 when a spreadsheet would evaluate s: it opens with '=', '+', '-', '@', a tab or CR, or with
 * spaces or '"' and then '=', '+', '-' or '@' (some readers trim spaces first; one splitting on
 * ';' may take a '"' for the opening of a quoted cell); else 0. */
int	csv_formula_like(const char *s);

#endif
