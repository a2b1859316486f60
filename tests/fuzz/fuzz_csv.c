/* fuzz_csv.c: a CSV file as uploaded for an import (lib/csv): read row by row in both
 * encodings and with each delimiter, from memory and in small reads; and fields written for
 * an export read back as they were. */
/* fuzz-sources: lib/buf.c lib/csv.c */
#include "config.h"

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

	/* the first row, written as an export writes it, reads back as the same fields (the
	 * formula guard aside, and a first field opening with a byte-order mark, which a reader
	 * takes for the file's) */
	csv_init_memory(&c, data, size);
	if (csv_next(&c, &fields, &n) == 1) {
		int	 guarded = 0, empty = 1;

		for (i = 0; i < n; i++) {
			FUZZ_ASSERT(csv_put_field(&out, fields[i], i + 1 == n) == 0);
			if (strchr("=+-@", fields[i][0]) != NULL && fields[i][0] != '\0')
				guarded = 1;
			if (fields[i][0] != '\0')
				empty = 0;
		}
		if (n > 0 && strncmp(fields[0], "\xef\xbb\xbf", 3) == 0)
			guarded = 1;
		if (!guarded && !empty) {
			struct csv	 back;
			char		**again;
			size_t		 m;
			char		 copy[64][64];
			size_t		 k = n < 64 ? n : 64;

			for (i = 0; i < k; i++) {
				strncpy(copy[i], fields[i], sizeof(copy[i]) - 1);
				copy[i][sizeof(copy[i]) - 1] = '\0';
			}
			csv_init_memory(&back, out.data, out.len);
			if (csv_next(&back, &again, &m) == 1) {
				FUZZ_ASSERT(m == n);
				for (i = 0; i < k; i++)
					FUZZ_ASSERT(strncmp(again[i], copy[i], sizeof(copy[i]) - 1) == 0);
			}
			csv_free(&back);
		}
	}
	csv_free(&c);
	buf_free(&out);
	return 0;
}
