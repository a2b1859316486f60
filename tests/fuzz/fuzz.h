/* fuzz.h: what every harness in tests/fuzz shares: the libFuzzer entry point, and cutting
 * one input into several strings */
#ifndef CASEBOOK_FUZZ_H
#define CASEBOOK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The entry point libFuzzer calls for each input (and tests/fuzz/replay.c for each file). */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Stop the program where a harness finds an input breaking a promise of the code under test
 * (not only a memory error): libFuzzer and the replay driver both report the abort. */
#define FUZZ_ASSERT(cond) do {							\
	if (!(cond))								\
		fuzz_fail(#cond, __FILE__, __LINE__);				\
} while (0)

void	fuzz_fail(const char *, const char *, int) __attribute__((noreturn));

/* A copy of len bytes with a NUL after them, in an allocation of exactly len + 1 bytes (so
 * the sanitizer sees a read past the end); exits when memory runs out. */
char	*fuzz_string(const uint8_t *, size_t len);

/* Cut data at its NUL bytes into n strings (missing ones are "", bytes after the n-th string
 * are ignored).  Each is a fuzz_string; free them with fuzz_free. */
void	fuzz_split(const uint8_t *, size_t, char **out, size_t n);
void	fuzz_free(char **, size_t n);

#endif
