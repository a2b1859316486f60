/* fuzz.c: the helpers every harness in tests/fuzz shares */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

void
fuzz_fail(const char *cond, const char *file, int line)
{
	fprintf(stderr, "%s:%d: promise broken: %s\n", file, line, cond);
	abort();
}

char *
fuzz_string(const uint8_t *data, size_t len)
{
	char	*s;

	if ((s = malloc(len + 1)) == NULL) {
		fprintf(stderr, "fuzz: out of memory\n");
		exit(1);
	}
	if (len > 0)
		memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

void
fuzz_split(const uint8_t *data, size_t size, char **out, size_t n)
{
	const uint8_t	*p = data, *end = data + size, *nul;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (p >= end) {
			out[i] = fuzz_string(p, 0);
			continue;
		}
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			nul = end;
		out[i] = fuzz_string(p, (size_t)(nul - p));
		p = nul < end ? nul + 1 : end;
	}
}

void
fuzz_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}
