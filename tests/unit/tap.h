/* tap.h: a few macros that print the Test Anything Protocol for automake's tap-driver */
#ifndef CASEBOOK_TAP_H
#define CASEBOOK_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

/* One check: prints "ok N - name" or "not ok N - name" with where it failed. */
#define ok(cond, ...) do {						\
	int tap_pass = (cond) ? 1 : 0;	/* evaluated once */		\
	tap_count++;							\
	if (tap_pass) {							\
		printf("ok %d - ", tap_count);				\
	} else {							\
		tap_failed++;						\
		printf("not ok %d - ", tap_count);			\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!tap_pass)							\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
} while (0)

/* String equality, showing both sides on failure. */
#define is_str(got, want, ...) do {					\
	const char *tap_g = (got), *tap_w = (want);			\
	int tap_same = tap_g != NULL && tap_w != NULL && strcmp(tap_g, tap_w) == 0; \
	ok(tap_same, __VA_ARGS__);					\
	if (!tap_same)							\
		printf("#   got: \"%s\"\n#  want: \"%s\"\n",		\
		    tap_g ? tap_g : "(null)", tap_w ? tap_w : "(null)");	\
} while (0)

/* Print the plan and return the exit status for main. */
static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
