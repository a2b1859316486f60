/* fuzz_text.c: a search as typed into the directory: its fragments, their index keys and LIKE
 * patterns, and the folding of words for comparison (lib/text) */
/* fuzz-sources: lib/buf.c lib/text.c */
#include "config.h"

#include <string.h>

#include "text.h"
#include "fuzz.h"

#define MAXF	8
#define MAXT	64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 frags[MAXF][TEXT_FRAGMENT_MAX], keys[MAXT][TEXT_KEY_MAX];
	struct buf	 like = { 0 };
	char		*s;
	size_t		 n, i, k, t;
	const char	*p;

	s = fuzz_string(data, strnlen((const char *)data, size));
	n = text_fragments(s, frags, MAXF);
	FUZZ_ASSERT(n <= MAXF);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(strlen(frags[i]) < TEXT_FRAGMENT_MAX);
		FUZZ_ASSERT(frags[i][0] != '\0' || n == 1);
		buf_reset(&like);
		FUZZ_ASSERT(text_like_key(frags[i], &like) == 0);
		FUZZ_ASSERT(like.len >= 1 && like.data[like.len - 1] == '%');
		buf_reset(&like);
		FUZZ_ASSERT(text_like_contains(frags[i], &like) == 0);
		/* every wildcard in the pattern but the two ends is escaped */
		FUZZ_ASSERT(like.len >= 2 && like.data[0] == '%' && like.data[like.len - 1] == '%');
		for (p = like.data + 1; p < like.data + like.len - 1; p++) {
			if (*p == '\\') {
				p++;
				FUZZ_ASSERT(*p == '%' || *p == '_' || *p == '\\');
			} else
				FUZZ_ASSERT(*p != '%' && *p != '_');
		}
	}
	t = text_keys(s, keys, MAXT);
	FUZZ_ASSERT(t <= MAXT);
	for (k = 0; k < t; k++) {
		FUZZ_ASSERT(strlen(keys[k]) < TEXT_KEY_MAX);
		for (i = k + 1; i < t; i++)
			FUZZ_ASSERT(strcmp(keys[k], keys[i]) != 0);
	}
	/* characters: every byte in one, never one past the end */
	for (p = s; *p != '\0'; p += i) {
		i = text_char_bytes(p);
		FUZZ_ASSERT(i >= 1 && i <= 4 && i <= strlen(p));
	}
	(void)text_length(s);
	/* folding: never longer than twice the text (ß to ss), the same again when folded
	 * twice, and a fixed array cut on a character boundary */
	buf_reset(&like);
	FUZZ_ASSERT(text_fold(s, &like) == 0);
	FUZZ_ASSERT(like.len <= 2 * strlen(s) + 1);
	{
		struct buf	 again = { 0 };
		char		 cut[TEXT_FRAGMENT_MAX];

		FUZZ_ASSERT(text_fold(like.data != NULL ? like.data : "", &again) == 0);
		FUZZ_ASSERT((again.data == NULL ? 0 : again.len) == like.len);
		FUZZ_ASSERT(like.len == 0 || memcmp(again.data, like.data, like.len) == 0);
		text_fold_to(s, cut, sizeof(cut));
		FUZZ_ASSERT(strlen(cut) < sizeof(cut));
		text_cut(cut, 7);
		FUZZ_ASSERT(strlen(cut) <= 7);
		buf_free(&again);
	}
	buf_free(&like);
	free(s);
	return 0;
}
