/* csv.c: a streaming reader of CSV files as spreadsheets and address books write them, and
 * the one writer of the CSV files Casebook gives out */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

const char *const csv_encodings[CSV__MAX] = {
	"utf-8",	/* CSV_UTF8 */
	"windows-1252",	/* CSV_CP1252 */
};

/* Windows-1252's bytes 0x80 to 0x9f (the rest of 0xa0..0xff is Latin-1); the five it leaves
 * undefined become U+FFFD. */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

enum state {
	STATE_START,		/* at the start of a field */
	STATE_UNQUOTED,
	STATE_QUOTED,
	STATE_QUOTE_SEEN,	/* a '"' inside a quoted field: doubled, or the end */
	STATE__MAX
};

#define BYTE_END	(-1)
#define BYTE_ERROR	(-2)

static void
reset(struct csv *c)
{
	memset(c, 0, sizeof(*c));
	c->delimiter = ',';
	c->encoding = CSV_UTF8;
	c->line = 1;
}

void
csv_init(struct csv *c, csv_read_fn read, void *ctx)
{
	reset(c);
	c->read = read;
	c->ctx = ctx;
}

void
csv_init_memory(struct csv *c, const void *p, size_t len)
{
	reset(c);
	c->mem = p;
	c->memlen = len;
	c->eof = 1;
}

void
csv_free(struct csv *c)
{
	free(c->in);
	free(c->data);
	free(c->starts);
	free(c->fields);
	c->in = NULL;
	c->data = NULL;
	c->starts = NULL;
	c->fields = NULL;
}

/* Refill the read-ahead buffer: 1 more bytes, 0 at the end, -1 on error. */
static int
fill(struct csv *c)
{
	ssize_t	 n;

	if (c->mem != NULL || c->eof)
		return 0;
	if (c->in == NULL && (c->in = malloc(CSV_CHUNK)) == NULL) {
		snprintf(c->error, sizeof(c->error), "out of memory");
		return -1;
	}
	c->inpos = 0;
	c->inlen = 0;
	while ((n = c->read(c->ctx, (char *)c->in, CSV_CHUNK)) == -1) {
		snprintf(c->error, sizeof(c->error), "line %ld: the file cannot be read", c->line);
		return -1;
	}
	if (n == 0) {
		c->eof = 1;
		return 0;
	}
	c->inlen = (size_t)n;
	return 1;
}

/* The bytes available now (refilling when none are), or NULL at the end or on error. */
static const unsigned char *
available(struct csv *c, size_t *n, int *failed)
{
	*failed = 0;
	if (c->mem != NULL) {
		*n = c->memlen - c->inpos;
		return *n > 0 ? c->mem + c->inpos : NULL;
	}
	if (c->inpos == c->inlen) {
		int rc = fill(c);

		if (rc <= 0) {
			*failed = rc == -1;
			return NULL;
		}
	}
	*n = c->inlen - c->inpos;
	return c->in + c->inpos;
}

static int
next_byte(struct csv *c)
{
	const unsigned char	*p;
	size_t			 n;
	int			 failed;

	if ((p = available(c, &n, &failed)) == NULL)
		return failed ? BYTE_ERROR : BYTE_END;
	c->inpos++;
	return p[0];
}

static int
peek_byte(struct csv *c)
{
	const unsigned char	*p;
	size_t			 n;
	int			 failed;

	if ((p = available(c, &n, &failed)) == NULL)
		return failed ? BYTE_ERROR : BYTE_END;
	return p[0];
}

static int
grow(struct csv *c, size_t more)
{
	size_t	 cap;
	char	*p;

	if (c->len + more <= c->cap)
		return 0;
	if (c->len + more > CSV_ROW_MAX) {
		snprintf(c->error, sizeof(c->error), "line %ld: a row is longer than %d MB",
		    c->row_line, CSV_ROW_MAX / (1024 * 1024));
		return -1;
	}
	for (cap = c->cap ? c->cap : 4096; cap < c->len + more; cap *= 2)
		;
	if ((p = realloc(c->data, cap)) == NULL) {
		snprintf(c->error, sizeof(c->error), "out of memory");
		return -1;
	}
	c->data = p;
	c->cap = cap;
	return 0;
}

/* Append one byte of the file to the current field, as UTF-8. */
static int
put(struct csv *c, int ch)
{
	unsigned	 u;

	if (ch == 0) {
		snprintf(c->error, sizeof(c->error), "line %ld: the file holds a NUL byte (is it "
		    "a spreadsheet rather than CSV text?)", c->line);
		return -1;
	}
	if (c->encoding == CSV_UTF8 || ch < 0x80) {
		if (grow(c, 1) == -1)
			return -1;
		c->data[c->len++] = (char)ch;
		return 0;
	}
	u = ch < 0xa0 ? cp1252_high[ch - 0x80] : (unsigned)ch;
	if (grow(c, 3) == -1)
		return -1;
	if (u < 0x800) {
		c->data[c->len++] = (char)(0xc0 | (u >> 6));
		c->data[c->len++] = (char)(0x80 | (u & 0x3f));
	} else {
		c->data[c->len++] = (char)(0xe0 | (u >> 12));
		c->data[c->len++] = (char)(0x80 | ((u >> 6) & 0x3f));
		c->data[c->len++] = (char)(0x80 | (u & 0x3f));
	}
	return 0;
}

/* The current field is complete. */
static int
end_field(struct csv *c, size_t start)
{
	size_t	*p, cap;

	if (c->nfields == CSV_FIELDS_MAX) {
		snprintf(c->error, sizeof(c->error), "line %ld: a row has more than %d fields",
		    c->row_line, CSV_FIELDS_MAX);
		return -1;
	}
	if (grow(c, 1) == -1)
		return -1;
	if (c->encoding == CSV_UTF8 && !c->invalid_utf8 &&
	    !csv_utf8_valid(c->data + start, c->len - start))
		c->invalid_utf8 = 1;
	c->data[c->len++] = '\0';
	if (c->nfields == c->capfields) {
		cap = c->capfields ? c->capfields * 2 : 32;
		if ((p = realloc(c->starts, cap * sizeof(*p))) == NULL) {
			snprintf(c->error, sizeof(c->error), "out of memory");
			return -1;
		}
		c->starts = p;
		c->capfields = cap;
	}
	c->starts[c->nfields++] = start;
	return 0;
}

/* Point c->fields at the fields of the row just read; 1 when any field has text. */
static int
end_row(struct csv *c)
{
	char	**p;
	size_t	 i;
	int	 any = 0;

	if ((p = realloc(c->fields, (c->nfields + 1) * sizeof(*p))) == NULL) {
		snprintf(c->error, sizeof(c->error), "out of memory");
		return -1;
	}
	c->fields = p;
	for (i = 0; i < c->nfields; i++) {
		c->fields[i] = c->data + c->starts[i];
		if (c->fields[i][0] != '\0')
			any = 1;
	}
	c->fields[c->nfields] = NULL;
	return any;
}

/* Skip a UTF-8 byte-order mark at the very start. */
static void
skip_bom(struct csv *c)
{
	const unsigned char	*p;
	size_t			 n;
	int			 failed;

	c->started = 1;
	/* a reader may hand over fewer than three bytes at a time: gather them */
	while (c->mem == NULL && !c->eof && c->inlen < 3) {
		ssize_t	 got;

		if (c->in == NULL && (c->in = malloc(CSV_CHUNK)) == NULL)
			return;
		if ((got = c->read(c->ctx, (char *)c->in + c->inlen, CSV_CHUNK - c->inlen)) <= 0) {
			c->eof = got == 0;
			break;
		}
		c->inlen += (size_t)got;
	}
	if ((p = available(c, &n, &failed)) == NULL || n < 3)
		return;
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		c->inpos += 3;
}

int
csv_next(struct csv *c, char ***fields, size_t *n)
{
	enum state	 state;
	size_t		 start;
	long		 quote_line = 0;
	int		 ch, rc;

	if (c->error[0] != '\0')
		return -1;
	if (!c->started)
		skip_bom(c);
	for (;;) {
		c->len = 0;
		c->nfields = 0;
		c->row_line = c->line;
		state = STATE_START;
		start = 0;
		if ((ch = peek_byte(c)) == BYTE_END)
			return 0;
		for (;;) {
			if ((ch = next_byte(c)) == BYTE_ERROR)
				return -1;
			if (ch == BYTE_END) {
				if (state == STATE_QUOTED) {
					snprintf(c->error, sizeof(c->error), "line %ld: a quoted "
					    "field is not closed (a '\"' is missing)", quote_line);
					return -1;
				}
				break;
			}
			if (state == STATE_QUOTED) {
				if (ch == '"')
					state = STATE_QUOTE_SEEN;
				else {
					if (ch == '\n')
						c->line++;
					if (put(c, ch) == -1)
						return -1;
				}
				continue;
			}
			if (state == STATE_QUOTE_SEEN && ch == '"') {
				if (put(c, '"') == -1)
					return -1;
				state = STATE_QUOTED;
				continue;
			}
			if (state == STATE_START && ch == '"') {
				state = STATE_QUOTED;
				quote_line = c->line;
				continue;
			}
			if (ch == c->delimiter) {
				if (end_field(c, start) == -1)
					return -1;
				start = c->len;
				state = STATE_START;
				continue;
			}
			if (ch == '\r' || ch == '\n') {
				if (ch == '\r' && peek_byte(c) == '\n')
					next_byte(c);
				c->line++;
				break;
			}
			/* text after a closing quote ("a"b) is kept, as spreadsheets do */
			if (put(c, ch) == -1)
				return -1;
			state = STATE_UNQUOTED;
		}
		if (end_field(c, start) == -1 || (rc = end_row(c)) == -1)
			return -1;
		if (rc == 1) {
			c->rows++;
			*fields = c->fields;
			*n = c->nfields;
			return 1;
		}
		/* an empty line, or only delimiters: nothing to read */
	}
}

char
csv_detect_delimiter(const void *head, size_t len)
{
	const unsigned char	*p = head, *end = p + len;
	size_t			 comma = 0, semicolon = 0, tab = 0;
	int			 quoted = 0;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\n' || *p == '\r')
			break;
		else if (*p == ',')
			comma++;
		else if (*p == ';')
			semicolon++;
		else if (*p == '\t')
			tab++;
	}
	if (semicolon > comma && semicolon >= tab)
		return ';';
	if (tab > comma && tab > semicolon)
		return '\t';
	return ',';
}

int
csv_utf8_valid(const void *s, size_t len)
{
	const unsigned char	*p = s, *end = p + len;
	unsigned		 cp;
	int			 n, i;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			n = 1;
			cp = *p & 0x1f;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			n = 2;
			cp = *p & 0x0f;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			n = 3;
			cp = *p & 0x07;
		} else
			return 0;
		if (end - p <= n)
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* ---- writing ---- */

void
csv_writer_init(struct csv_writer *w, struct buf *out)
{
	w->out = out;
	w->cells = 0;
	w->failed = 0;
}

void
csv_write_start(struct csv_writer *w, struct buf *out)
{
	csv_writer_init(w, out);
	w->failed = buf_puts(out, "\xef\xbb\xbf") == -1;
}

int
csv_formula_like(const char *s)
{
	if (*s == '\t' || *s == '\r')
		return 1;
	/* a reader that trims spaces, or that takes a '"' here for the opening of a quoted cell,
	 * looks at what follows */
	while (*s == ' ' || *s == '"')
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

/* 1 when a quote goes before s[i]: at the start of a text cell, or after a ';', a tab or a line
 * break inside it, where a reader splitting on something else than this file's ',' starts a
 * cell (a spreadsheet set to a European locale splits a ','-file on ';' and knows nothing of
 * its quotes), what follows is formula-like. */
static int
guard_at(const char *s, size_t i)
{
	return (i == 0 || strchr(";\t\r\n", s[i - 1]) != NULL) && csv_formula_like(s + i);
}

/* Append the cell's delimiter (none before the first of a row), then text: quoted when it
 * holds a delimiter of any locale, a quote or a line break, or is guarded; its quotes doubled;
 * with guard set, a '\'' where guard_at says. */
static int
put_cell(struct csv_writer *w, const char *text, int guard)
{
	size_t	 i;
	int	 quote, rc = 0;

	quote = strpbrk(text, ",;\"\t\r\n") != NULL || (guard && csv_formula_like(text));
	if (w->cells++ > 0)
		rc |= buf_putc(w->out, ',');
	if (quote)
		rc |= buf_putc(w->out, '"');
	for (i = 0; text[i] != '\0'; i++) {
		if (guard && guard_at(text, i))
			rc |= buf_putc(w->out, '\'');
		if (text[i] == '"')
			rc |= buf_putc(w->out, '"');
		rc |= buf_putc(w->out, text[i]);
	}
	if (quote)
		rc |= buf_putc(w->out, '"');
	if (rc != 0)
		w->failed = 1;
	return rc == 0 ? 0 : -1;
}

int
csv_cell_text(struct csv_writer *w, const char *s)
{
	return put_cell(w, s, 1);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 1 when s is "-"? digits ("." digits)?, the digits without a needless leading zero. */
static int
is_decimal(const char *s)
{
	if (*s == '-')
		s++;
	if (!is_digit(*s) || (s[0] == '0' && is_digit(s[1])))
		return 0;
	while (is_digit(*s))
		s++;
	if (*s == '.') {
		if (!is_digit(*++s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

int
csv_cell_number(struct csv_writer *w, const char *s)
{
	return is_decimal(s) ? put_cell(w, s, 0) : csv_cell_text(w, s);
}

/* 1 when s is "+", a calling code of 1 to 3 digits, a space, then digits, spaces, brackets and
 * dashes only, with a digit among them: the shape phone_format gives E.164. */
static int
is_shown_phone(const char *s)
{
	size_t	 n = 0;
	int	 digits = 0;

	if (*s++ != '+')
		return 0;
	while (is_digit(*s) && n < 4) {
		s++;
		n++;
	}
	if (n < 1 || n > 3 || *s++ != ' ')
		return 0;
	for (; *s != '\0'; s++) {
		if (is_digit(*s))
			digits = 1;
		else if (*s != ' ' && *s != '(' && *s != ')' && *s != '-')
			return 0;
	}
	return digits;
}

int
csv_cell_phone(struct csv_writer *w, const char *s)
{
	char	 shown[64];
	size_t	 code;

	if (!is_shown_phone(s) || strlen(s) + 2 >= sizeof(shown))
		return csv_cell_text(w, s);
	code = strcspn(s, " ");
	snprintf(shown, sizeof(shown), "(%.*s)%s", (int)code, s, s + code);
	return put_cell(w, shown, 0);
}

int
csv_row_end(struct csv_writer *w)
{
	w->cells = 0;
	if (buf_puts(w->out, "\r\n") == -1) {
		w->failed = 1;
		return -1;
	}
	return 0;
}
