/* fuzz_csv.c: a CSV file as uploaded for an import (lib/csv): read row by row in both
 * encodings and with each delimiter, from memory and in small reads; and its first row written
 * as an export writes cells (text, numbers, phones): read back as they were, the guard's quotes
 * aside, and no formula to a reader splitting on ';' instead. */
/* fuzz-sources: lib/buf.c lib/csv.c */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

/* A reader handing out at most 7 bytes at a time, so rows and quotes cross reads. */
struct trickle {
	const uint8_t	*data;
	size_t		 size, at;
};

static ssize_t
trickle_read(void *ctx, char *buf, size_t len)
{
	struct trickle	*t = ctx;
	size_t		 n = t->size - t->at;

	if (n > len)
		n = len;
	if (n > 7)
		n = 7;
	memcpy(buf, t->data + t->at, n);
	t->at += n;
	return (ssize_t)n;
}

/* Read every row; the number of rows, or -1 when the file is refused. */
static long
read_all(struct csv *c)
{
	char	**fields;
	size_t	 n, i;
	int	 rc;

	while ((rc = csv_next(c, &fields, &n)) == 1) {
		FUZZ_ASSERT(n >= 1 && n <= CSV_FIELDS_MAX);
		for (i = 0; i < n; i++)
			FUZZ_ASSERT(fields[i] != NULL);
		/* Windows-1252 text comes out as UTF-8 */
		if (c->encoding == CSV_CP1252)
			for (i = 0; i < n; i++)
				FUZZ_ASSERT(csv_utf8_valid(fields[i], strlen(fields[i])));
	}
	if (rc == -1)
		FUZZ_ASSERT(c->error[0] != '\0');
	return rc == -1 ? -1 : c->rows;
}

/* s without its '\'' characters, into out (as long as s). */
static void
unquoted(const char *s, char *out)
{
	for (; *s != '\0'; s++)
		if (*s != '\'')
			*out++ = *s;
	*out = '\0';
}

/* 1 when a cell read back holds no formula-like text where a reader could start a cell: at
 * its start, after a ';', a tab or a line break. */
static int
guarded(const char *cell)
{
	const char	*p;

	if (csv_formula_like(cell))
		return 0;
	for (p = cell; *p != '\0'; p++)
		if (strchr(";\t\r\n", *p) != NULL && csv_formula_like(p + 1))
			return 0;
	return 1;
}

/* 1 when the cell read back is the field written as text: guarded, and the field itself or
 * the field with the guard's quotes. */
static int
read_as_text(const char *field, const char *cell)
{
	char	*a, *b;
	int	 same;

	if (!guarded(cell))
		return 0;
	if (strcmp(field, cell) == 0)
		return 1;
	a = malloc(strlen(field) + 1);
	b = malloc(strlen(cell) + 1);
	FUZZ_ASSERT(a != NULL && b != NULL);
	unquoted(field, a);
	unquoted(cell, b);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* 1 when a spreadsheet would evaluate a cell, even one that trims white space first. */
static int
evaluated(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 delims[] = { ',', ';', '\t' };
	struct csv		 c;
	struct trickle		 t;
	struct buf		 out = { 0 };
	char			**fields;
	size_t			 n, i;
	long			 whole, trickled;
	char			 d;

	d = csv_detect_delimiter(data, size);
	FUZZ_ASSERT(d == ',' || d == ';' || d == '\t');
	(void)csv_utf8_valid(data, size);

	/* the same rows whether read from memory at once or a few bytes at a time */
	csv_init_memory(&c, data, size);
	c.delimiter = delims[size % 3];
	c.encoding = size % 2 ? CSV_CP1252 : CSV_UTF8;
	whole = read_all(&c);
	csv_free(&c);
	t.data = data;
	t.size = size;
	t.at = 0;
	csv_init(&c, trickle_read, &t);
	c.delimiter = delims[size % 3];
	c.encoding = size % 2 ? CSV_CP1252 : CSV_UTF8;
	trickled = read_all(&c);
	csv_free(&c);
	FUZZ_ASSERT(whole == trickled);

	/* the first row (with room for one field more), written as an export writes it: as
	 * text; then after a text cell, each field as a number; then each as a phone */
	csv_init_memory(&c, data, size);
	if (csv_next(&c, &fields, &n) == 1 && n < CSV_FIELDS_MAX) {
		struct csv_writer	 w;
		struct csv		 back;
		char			**again;
		size_t			 m;

		csv_write_start(&w, &out);
		for (i = 0; i < n; i++)
			FUZZ_ASSERT(csv_cell_text(&w, fields[i]) == 0);
		FUZZ_ASSERT(csv_row_end(&w) == 0);
		csv_cell_text(&w, "numbers");
		for (i = 0; i < n; i++)
			FUZZ_ASSERT(csv_cell_number(&w, fields[i]) == 0);
		csv_row_end(&w);
		csv_cell_text(&w, "phones");
		for (i = 0; i < n; i++)
			FUZZ_ASSERT(csv_cell_phone(&w, fields[i]) == 0);
		csv_row_end(&w);
		FUZZ_ASSERT(!w.failed);

		/* read back: the same cells, a number as itself or as text, a phone as
		 * "(+CC) ..." or as text */
		csv_init_memory(&back, out.data, out.len);
		FUZZ_ASSERT(csv_next(&back, &again, &m) == 1 && m == n);
		for (i = 0; i < n; i++)
			FUZZ_ASSERT(read_as_text(fields[i], again[i]));
		FUZZ_ASSERT(csv_next(&back, &again, &m) == 1 && m == n + 1);
		for (i = 0; i < n; i++)
			FUZZ_ASSERT((strcmp(fields[i], again[i + 1]) == 0 &&
			    strspn(again[i + 1], "-0123456789.") == strlen(again[i + 1])) ||
			    read_as_text(fields[i], again[i + 1]));
		FUZZ_ASSERT(csv_next(&back, &again, &m) == 1 && m == n + 1);
		for (i = 0; i < n; i++)
			FUZZ_ASSERT((strncmp(again[i + 1], "(+", 2) == 0 &&
			    strspn(again[i + 1], "(+0123456789) -") == strlen(again[i + 1])) ||
			    read_as_text(fields[i], again[i + 1]));
		FUZZ_ASSERT(csv_next(&back, &again, &m) == 0);
		csv_free(&back);

		/* a spreadsheet splitting this ','-file on ';' (or on tabs) sees other cells (or a
		 * quote it finds unclosed), and none that it would evaluate */
		csv_init_memory(&back, out.data, out.len);
		back.delimiter = size % 2 ? ';' : '\t';
		while (csv_next(&back, &again, &m) == 1)
			for (i = 0; i < m; i++)
				FUZZ_ASSERT(!evaluated(again[i]));
		csv_free(&back);
	}
	csv_free(&c);
	buf_free(&out);
	return 0;
}
