/* test_csv.c: the CSV reader on what spreadsheets and address books really write: every
 * quoting rule of RFC 4180, CRLF and LF, a byte-order mark, three delimiters, Windows-1252,
 * broken files with their line numbers, a 1 MB field, an empty file and a header alone; read
 * from memory and through a reader that hands over one byte at a time; and the writer of
 * exports: quoting, the formula guard, numbers and phones as typed cells, read back */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "buf.h"
#include "csv.h"

/* A reader over a buffer that gives at most step bytes per call. */
struct trickle {
	const char	*p;
	size_t		 len, pos, step;
};

static ssize_t
trickle_read(void *ctx, char *buf, size_t len)
{
	struct trickle	*t = ctx;
	size_t		 n = t->len - t->pos;

	if (n > t->step)
		n = t->step;
	if (n > len)
		n = len;
	memcpy(buf, t->p + t->pos, n);
	t->pos += n;
	return (ssize_t)n;
}

/* Every row as "[field][field]\n", or "ERROR: reason" at the end when the file is broken. */
static char *
read_all(const char *input, size_t len, char delimiter, enum csv_encoding enc, size_t step,
    int *invalid_utf8)
{
	struct csv	 c;
	struct trickle	 t = { input, len, 0, step };
	struct buf	 out = { 0 };
	char		**f;
	size_t		 n, i;
	int		 rc;

	if (step == 0)
		csv_init_memory(&c, input, len);
	else
		csv_init(&c, trickle_read, &t);
	c.delimiter = delimiter;
	c.encoding = enc;
	while ((rc = csv_next(&c, &f, &n)) == 1) {
		for (i = 0; i < n; i++)
			buf_printf(&out, "[%s]", f[i]);
		buf_putc(&out, '\n');
	}
	if (rc == -1)
		buf_printf(&out, "ERROR: %s", c.error);
	if (invalid_utf8 != NULL)
		*invalid_utf8 = c.invalid_utf8;
	csv_free(&c);
	return buf_detach(&out);
}

/* The same rows from memory and from a reader trickling 1 and 7 bytes at a time. */
static void
reads(const char *name, const char *input, char delimiter, const char *want)
{
	size_t	 steps[] = { 0, 1, 7 }, i;
	char	*got;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		got = read_all(input, strlen(input), delimiter, CSV_UTF8, steps[i], NULL);
		is_str(got, want, "%s (%s)", name, steps[i] == 0 ? "memory" :
		    steps[i] == 1 ? "1 byte at a time" : "7 bytes at a time");
		free(got);
	}
}

static void
test_quoting(void)
{
	reads("plain fields", "a,b,c\n1,2,3\n", ',', "[a][b][c]\n[1][2][3]\n");
	reads("no newline at the end", "a,b\n1,2", ',', "[a][b]\n[1][2]\n");
	reads("CRLF line ends", "a,b\r\n1,2\r\n", ',', "[a][b]\n[1][2]\n");
	reads("a quoted comma", "name,city\n\"Smith, Jo\",Leeds\n", ',',
	    "[name][city]\n[Smith, Jo][Leeds]\n");
	reads("doubled quotes", "a\n\"She said \"\"hi\"\"\"\n", ',', "[a]\n[She said \"hi\"]\n");
	reads("a quoted empty field", "a,b,c\n1,\"\",3\n", ',', "[a][b][c]\n[1][][3]\n");
	reads("empty fields", "a,b,c\n,,3\n1,,\n", ',', "[a][b][c]\n[][][3]\n[1][][]\n");
	reads("a line break inside quotes", "a,b\n\"12 High St\nLeeds\",x\n", ',',
	    "[a][b]\n[12 High St\nLeeds][x]\n");
	reads("a CRLF inside quotes is kept", "a,b\r\n\"one\r\ntwo\",x\r\n", ',',
	    "[a][b]\n[one\r\ntwo][x]\n");
	reads("a quoted field at the end of the file", "a\n\"x,y\"", ',', "[a]\n[x,y]\n");
	reads("spaces are kept", "a,b\n  x , y \n", ',', "[a][b]\n[  x ][ y ]\n");
	reads("text after a closing quote is kept", "a\n\"x\"y\n", ',', "[a]\n[xy]\n");
	reads("a quote inside an unquoted field is text", "a\n5\" tall\n", ',',
	    "[a]\n[5\" tall]\n");
	reads("empty lines are passed over", "a,b\n\n1,2\r\n\r\n,\n3,4\n", ',',
	    "[a][b]\n[1][2]\n[3][4]\n");
	reads("a lone CR ends a line", "a,b\r1,2\r", ',', "[a][b]\n[1][2]\n");
}

static void
test_bom_and_delimiters(void)
{
	char	 head[64];

	reads("a UTF-8 byte-order mark is not part of the first name",
	    "\xef\xbb\xbf" "First Name,Email\nZo\xc3\xab,z@example.org\n", ',',
	    "[First Name][Email]\n[Zo\xc3\xab][z@example.org]\n");
	reads("a byte-order mark alone", "\xef\xbb\xbf", ',', "");
	reads("semicolons", "Vorname;Nachname\nJ\xc3\xbcrgen;M\xc3\xbcller\n", ';',
	    "[Vorname][Nachname]\n[J\xc3\xbcrgen][M\xc3\xbcller]\n");
	reads("a semicolon file keeps commas in fields", "a;b\n1,5;2\n", ';', "[a][b]\n[1,5][2]\n");
	reads("tabs", "a\tb\n1\t\"x\ty\"\n", '\t', "[a][b]\n[1][x\ty]\n");

	ok(csv_detect_delimiter("a,b,c\n1;2", 9) == ',', "commas are detected");
	ok(csv_detect_delimiter("a;b;c\n1,2,3,4,5", 15) == ';',
	    "semicolons are detected from the first line only");
	ok(csv_detect_delimiter("a\tb\tc\n", 6) == '\t', "tabs are detected");
	snprintf(head, sizeof(head), "\xef\xbb\xbf" "\"Name; full\",Email\n");
	ok(csv_detect_delimiter(head, strlen(head)) == ',',
	    "a delimiter inside quotes does not count, after a byte-order mark");
	ok(csv_detect_delimiter("Name\n", 5) == ',', "a single column reads as commas");
	ok(csv_detect_delimiter("", 0) == ',', "an empty file reads as commas");
}

static void
test_encodings(void)
{
	/* "Zoë;Müller;€5 – ok" as Excel writes it in Windows-1252 */
	const char	 cp[] = "Zo\xeb;M\xfcller;\x80" "5 \x96 ok\n";
	char		*got;
	int		 invalid = 0;

	got = read_all(cp, strlen(cp), ';', CSV_UTF8, 0, &invalid);
	ok(invalid == 1, "Windows-1252 bytes read as UTF-8 are reported as not UTF-8");
	free(got);
	got = read_all(cp, strlen(cp), ';', CSV_CP1252, 0, &invalid);
	is_str(got, "[Zo\xc3\xab][M\xc3\xbcller][\xe2\x82\xac" "5 \xe2\x80\x93 ok]\n",
	    "Windows-1252 text is turned into UTF-8");
	ok(invalid == 0, "Windows-1252 text is not reported as broken");
	free(got);
	got = read_all("a\n\x81\n", 4, ',', CSV_CP1252, 1, NULL);
	is_str(got, "[a]\n[\xef\xbf\xbd]\n", "a byte Windows-1252 leaves undefined becomes U+FFFD");
	free(got);
	got = read_all("Zo\xc3\xab\n", 5, ',', CSV_UTF8, 0, &invalid);
	ok(invalid == 0, "UTF-8 text is UTF-8");
	free(got);

	ok(csv_utf8_valid("\xe2\x82\xac", 3), "a three-byte character is valid");
	ok(csv_utf8_valid("\xf0\x9f\x98\x80", 4), "a four-byte character is valid");
	ok(!csv_utf8_valid("\xc0\xaf", 2), "an overlong form is not valid");
	ok(!csv_utf8_valid("\xed\xa0\x80", 3), "a surrogate is not valid");
	ok(!csv_utf8_valid("\xe2\x82", 2), "a cut character is not valid");
	ok(!csv_utf8_valid("\xf5\x80\x80\x80", 4), "beyond U+10FFFF is not valid");
	ok(csv_utf8_valid("", 0), "nothing is valid");
}

static void
test_broken_files(void)
{
	reads("an unclosed quote names the line it opens on",
	    "a,b\n1,2\n3,\"open\nstill\nopen\n", ',',
	    "[a][b]\n[1][2]\nERROR: line 3: a quoted field is not closed (a '\"' is missing)");
	reads("line numbers count the lines inside quoted fields",
	    "a\n\"x\ny\"\n\"z\n", ',',
	    "[a]\n[x\ny]\nERROR: line 4: a quoted field is not closed (a '\"' is missing)");
	{
		const char	 nul[] = "a,b\n1,\0\n";
		char		*got = read_all(nul, sizeof(nul) - 1, ',', CSV_UTF8, 0, NULL);

		is_str(got, "[a][b]\nERROR: line 2: the file holds a NUL byte (is it a "
		    "spreadsheet rather than CSV text?)", "a NUL byte is refused with its line");
		free(got);
	}
}

static void
test_sizes(void)
{
	struct buf	 in = { 0 };
	struct csv	 c;
	char		**f;
	size_t		 n, i;
	int		 rc, same = 1;

	reads("an empty file has no rows", "", ',', "");
	reads("a header alone is one row", "First Name,Last Name,Email\r\n", ',',
	    "[First Name][Last Name][Email]\n");

	/* a 1 MB field, quoted, with commas, quotes and line breaks in it */
	buf_puts(&in, "notes,after\n\"");
	for (i = 0; i < 1024 * 1024; i++)
		buf_putc(&in, i % 1000 == 999 ? '\n' : i % 100 == 99 ? ',' : 'x');
	buf_puts(&in, "\"\"\",done\n");
	csv_init_memory(&c, in.data, in.len);
	ok(csv_next(&c, &f, &n) == 1 && n == 2, "the header of the 1 MB file");
	rc = csv_next(&c, &f, &n);
	ok(rc == 1 && n == 2, "a row with a 1 MB field is read");
	if (rc == 1) {
		ok(strlen(f[0]) == 1024 * 1024 + 1, "the field has all its 1 MB and the quote");
		for (i = 0; i < 1024 * 1024; i++)
			if (f[0][i] != (i % 1000 == 999 ? '\n' : i % 100 == 99 ? ',' : 'x'))
				same = 0;
		ok(same && f[0][1024 * 1024] == '"', "the 1 MB field is what was written");
		is_str(f[1], "done", "the field after it");
		ok(c.row_line == 2 && c.line == 2 + 1024 * 1024 / 1000 + 1,
		    "lines are counted through it (row on %ld, now %ld)", c.row_line, c.line);
	}
	ok(csv_next(&c, &f, &n) == 0, "then the end");
	csv_free(&c);

	/* a row over the cap is refused, not held */
	buf_reset(&in);
	buf_puts(&in, "a\n");
	for (i = 0; i < CSV_ROW_MAX + 10; i++)
		buf_putc(&in, 'y');
	buf_putc(&in, '\n');
	csv_init_memory(&c, in.data, in.len);
	ok(csv_next(&c, &f, &n) == 1, "the header before a row too long");
	ok(csv_next(&c, &f, &n) == -1, "a row over %d MB is refused", CSV_ROW_MAX / 1048576);
	is_str(c.error, "line 2: a row is longer than 4 MB", "with its line");
	ok(csv_next(&c, &f, &n) == -1, "and reading stops there");
	csv_free(&c);

	/* many rows through the reader: memory is one row, the count is right */
	buf_reset(&in);
	for (i = 0; i < 20000; i++)
		buf_printf(&in, "%zu,\"name %zu\",x%zu@example.org\r\n", i, i, i);
	{
		struct trickle	 t = { in.data, in.len, 0, 4093 };
		long		 rows = 0;

		csv_init(&c, trickle_read, &t);
		while ((rc = csv_next(&c, &f, &n)) == 1)
			rows++;
		ok(rc == 0 && rows == 20000, "20,000 rows in chunks read as 20,000 (%ld)", rows);
		ok(c.cap <= 4096, "one row's memory is kept, not the file's (%zu bytes)", c.cap);
		csv_free(&c);
	}
	buf_free(&in);
}

/* One row of cells, each written by write (text, number or phone), as the file's bytes after
 * its byte-order mark. */
static char *
row_of(int (*write)(struct csv_writer *, const char *), const char *const *cells, size_t n)
{
	struct buf		 b = { 0 };
	struct csv_writer	 w;
	size_t			 i;
	char			*s;

	csv_write_start(&w, &b);
	for (i = 0; i < n; i++)
		write(&w, cells[i]);
	csv_row_end(&w);
	s = strdup(b.data + 3);
	buf_free(&b);
	return s;
}

#define ROW(write, ...) row_of(write, (const char *const []){ __VA_ARGS__ }, \
	sizeof((const char *const []){ __VA_ARGS__ }) / sizeof(const char *))

/* Every cell of text: quoted when it holds a delimiter of any locale, a quote or a line break;
 * guarded when a spreadsheet would evaluate it. */
static void
test_writing_text(void)
{
	struct buf		 b = { 0 };
	struct csv_writer	 w;
	char			*got;

	csv_write_start(&w, &b);
	ok(b.len == 3 && memcmp(b.data, "\xef\xbb\xbf", 3) == 0 && !w.failed,
	    "a file opens with a byte-order mark");
	ok(csv_cell_text(&w, "plain") == 0 && csv_cell_text(&w, "") == 0 &&
	    csv_row_end(&w) == 0 && csv_cell_text(&w, "next") == 0 && csv_row_end(&w) == 0,
	    "cells and rows are written");
	is_str(b.data + 3, "plain,\r\nnext\r\n", "cells part with commas, rows end with CRLF");
	buf_free(&b);

	got = ROW(csv_cell_text, "a,b", "a;b", "say \"hi\"", "two\nlines", "cr\rhere", "tab\there");
	is_str(got, "\"a,b\",\"a;b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\","
	    "\"tab\there\"\r\n", "',' ';' '\"' LF CR and tab are quoted, quotes doubled");
	free(got);
	got = ROW(csv_cell_text, "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1");
	is_str(got, "\"'=1+1\",\"'+cmd\",\"'-2+3\",\"'@SUM(A1)\",\"'\t'=1\",\"'\r'=1\",\"'  =1\"\r\n",
	    "= + - @ tab CR, and spaces before a formula, are guarded with a quote and quoted (a "
	    "formula after a tab or CR once more)");
	free(got);
	got = ROW(csv_cell_text, "=HYPERLINK(\"http://x.example\";\"x\")");
	is_str(got, "\"'=HYPERLINK(\"\"http://x.example\"\";\"\"x\"\")\"\r\n",
	    "a guarded formula keeps its quotes doubled and its ';' inside the cell");
	free(got);
	got = ROW(csv_cell_text, "\"=1", "a;\"=cmd|' /C calc'!A0;");
	is_str(got, "\"'\"\"=1\",\"a;'\"\"=cmd|' /C calc'!A0;\"\r\n", "a formula after a '\"' is "
	    "guarded: a reader splitting on ';' takes the '\"' for an opening quote");
	free(got);
	got = ROW(csv_cell_text, "x;=1+1", "a;+cmd;b", "note\r\n- item", "a;\t@x", "a; -1", "a,=1",
	    "a;", "a;b=c");
	is_str(got, "\"x;'=1+1\",\"a;'+cmd;b\",\"note\r\n'- item\",\"a;'\t'@x\",\"a;' -1\","
	    "\"a,=1\",\"a;\",\"a;b=c\"\r\n", "a formula after a ';', a tab or a line break inside "
	    "a cell is guarded too, not one after a ','");
	free(got);
	got = ROW(csv_cell_text, "Safe=Name", "a-b", "'=already", "x@example.org", "12.50", "-12.50");
	is_str(got, "Safe=Name,a-b,'=already,x@example.org,12.50,\"'-12.50\"\r\n",
	    "a sign inside text, or after a quote, is left; text that looks like a negative "
	    "number is guarded (csv_cell_number is for numbers)");
	free(got);

	ok(csv_formula_like("=") && csv_formula_like("+") && csv_formula_like("-") &&
	    csv_formula_like("@") && csv_formula_like("\tx") && csv_formula_like("\rx") &&
	    csv_formula_like("   @x") && csv_formula_like("\"=1") && csv_formula_like(" \"\"+1"),
	    "what a spreadsheet evaluates is formula-like, after spaces or quotes too");
	ok(!csv_formula_like("") && !csv_formula_like("x=1") && !csv_formula_like("'=1") &&
	    !csv_formula_like("\n=1") && !csv_formula_like("  x") && !csv_formula_like("\"x"),
	    "other text is not formula-like");
}

/* Numbers are written bare, only when they are numbers. */
static void
test_writing_numbers(void)
{
	char	*got;

	got = ROW(csv_cell_number, "0", "12", "12.50", "-12.50", "-0.05", "1234567.125", "0.5");
	is_str(got, "0,12,12.50,-12.50,-0.05,1234567.125,0.5\r\n",
	    "numbers, negative ones too, are written bare");
	free(got);
	got = ROW(csv_cell_number, "+5", "-", "12.", ".5", "1e3", "1,234.50", "012", "-1+1",
	    "-1;2", "", " 1", "1 ", "0x10", "12.5.0");
	is_str(got, "\"'+5\",\"'-\",12.,.5,1e3,\"1,234.50\",012,\"'-1+1\",\"'-1;2\",, 1,1 ,0x10,"
	    "12.5.0\r\n", "anything else is written as text, guarded where it needs it");
	free(got);
}

/* Phones as the screen shows them open as that text, the calling code in brackets. */
static void
test_writing_phones(void)
{
	char	*got;

	got = ROW(csv_cell_phone, "+44 20 7946 0958", "+1 (555) 123-4567", "+353 1 234 5678",
	    "+49 30 123 4567");
	is_str(got, "(+44) 20 7946 0958,(+1) (555) 123-4567,(+353) 1 234 5678,"
	    "(+49) 30 123 4567\r\n", "a shown phone is written with its calling code in brackets");
	free(got);
	got = ROW(csv_cell_phone, "+442079460958", "+1234 5678", "+44 ", "+44 20=1", "+ 20 7946",
	    "020 7946 0958", "", "+44 20;7946", "+44 =1+1");
	is_str(got, "\"'+442079460958\",\"'+1234 5678\",\"'+44 \",\"'+44 20=1\",\"'+ 20 7946\","
	    "020 7946 0958,,\"'+44 20;7946\",\"'+44 =1+1\"\r\n",
	    "anything not shaped like a shown phone is written as text, guarded");
	free(got);
}

/* What the writer writes, the reader reads back: the same cells, with the quotes of the guard.
 * A reader splitting on ';' (a spreadsheet in a European locale) reads other cells, but none of
 * them formula-like. */
static void
test_writing_reads_back(void)
{
	static const char *const cells[][2] = {
		{ "plain", "plain" }, { "", "" }, { "a,b", "a,b" }, { "a;b", "a;b" },
		{ "x;=1+1", "x;'=1+1" }, { "say \"hi\";@x", "say \"hi\";'@x" },
		{ "two\r\nlines", "two\r\nlines" }, { "one\n-two", "one\n'-two" },
		{ "=1+1", "'=1+1" }, { "\t@x", "'\t'@x" }, { "-2+3", "'-2+3" },
		{ "\xef\xbb\xbf" "bom", "\xef\xbb\xbf" "bom" }, { "Zo\xc3\xab", "Zo\xc3\xab" },
		{ " spaced ", " spaced " }, { "a;+cmd;@b", "a;'+cmd;'@b" },
	};
	struct buf		 b = { 0 };
	struct csv_writer	 w;
	struct csv		 c;
	char			**f;
	size_t			 n, i, ncells = sizeof(cells) / sizeof(cells[0]);
	int			 same = 1, safe = 1, rc;

	csv_write_start(&w, &b);
	for (i = 0; i < ncells; i++)
		csv_cell_text(&w, cells[i][0]);
	csv_row_end(&w);
	csv_cell_text(&w, "Balance");
	csv_cell_number(&w, "-12.50");
	csv_cell_phone(&w, "+44 20 7946 0958");
	csv_row_end(&w);

	csv_init_memory(&c, b.data, b.len);
	ok(csv_next(&c, &f, &n) == 1 && n == ncells, "a row of %zu cells reads back", ncells);
	for (i = 0; i < n && i < ncells; i++)
		if (strcmp(f[i], cells[i][1]) != 0) {
			printf("#   cell %zu: \"%s\"\n", i, f[i]);
			same = 0;
		}
	ok(same, "each cell as it was, with the quotes of the guard");
	ok(csv_next(&c, &f, &n) == 1 && n == 3 && strcmp(f[1], "-12.50") == 0 &&
	    strcmp(f[2], "(+44) 20 7946 0958") == 0, "a number and a phone read back");
	ok(csv_next(&c, &f, &n) == 0, "then the end");
	csv_free(&c);

	csv_init_memory(&c, b.data, b.len);
	c.delimiter = ';';
	while ((rc = csv_next(&c, &f, &n)) == 1)
		for (i = 0; i < n; i++)
			if (csv_formula_like(f[i])) {
				printf("#   split on ';': \"%s\"\n", f[i]);
				safe = 0;
			}
	ok(rc == 0 && safe, "split on ';', no cell is formula-like");
	csv_free(&c);
	buf_free(&b);
}

int
main(void)
{
	test_writing_text();
	test_writing_numbers();
	test_writing_phones();
	test_writing_reads_back();
	test_quoting();
	test_bom_and_delimiters();
	test_encodings();
	test_broken_files();
	test_sizes();
	return tap_done();
}
