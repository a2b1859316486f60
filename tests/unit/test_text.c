/* test_text.c: the pieces of substring search: folding for comparison, a query's fragments,
 * trigram windows, LIKE patterns, and cutting text on character boundaries */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text.h"

static void
folds(const char *in, const char *want)
{
	struct buf	 b = { 0 };
	char		 fixed[TEXT_FRAGMENT_MAX];

	ok(text_fold(in, &b) == 0, "\"%s\" folds", in);
	is_str(b.data != NULL ? b.data : "", want, "\"%s\" folds to \"%s\"", in, want);
	text_fold_to(in, fixed, sizeof(fixed));
	is_str(fixed, want, "\"%s\" folds to \"%s\" in a fixed array", in, want);
	buf_free(&b);
}

static void
test_fold(void)
{
	struct buf	 b = { 0 };
	char		 small[6];

	folds("", "");
	folds("Ann Lee", "ann lee");
	folds("Zoë", "zoe");
	folds("ZOË", "zoe");
	folds("Zoe\xcc\x88", "zoe");			/* e + combining diaeresis */
	folds("Ærø Straße", "aero strasse");
	folds("Þór Łukasz Œuvre Ĳsselmeer", "thor lukasz oeuvre ijsselmeer");
	folds("ÀÁÂÃÄÅ àáâãäå Ç ç È É Ê Ë", "aaaaaa aaaaaa c c e e e e");
	folds("Ñ ñ Ø ø Ý ý ÿ Ÿ Ž ž Č č Ő ő Ş ş Ğ ğ İ ı", "n n o o y y y y z z c c o o s s g g i i");
	folds("× ÷", "× ÷");				/* signs, not letters */
	folds("ΑΘΗΝΑ", "αθηνα");
	folds("МОСКВА Ёлка", "москва ёлка");
	folds("東京 café", "東京 cafe");
	folds("o'brien-smith@example.ORG +44 20", "o'brien-smith@example.org +44 20");
	folds("bad \xff byte \xc3", "bad  byte ");	/* stray bytes dropped */
	/* a stray lead byte, an accent and a stray continuation byte: kept, the two would make
	 * a character once the accent between them is dropped, and folding again would change it */
	folds("x\xc3\xcc\x9b\x9by", "xy");
	/* a fixed array cuts on a character boundary */
	text_fold_to("aéé", small, sizeof(small));
	is_str(small, "aee", "fixed fold: \"aee\"");
	text_fold_to("東京東", small, sizeof(small));
	is_str(small, "東", "fixed fold cut before a partial character");
	ok(text_fold("ß", &b) == 0 && b.len == 2, "ß takes two bytes");
	buf_free(&b);
}

static void
test_cut(void)
{
	char	 s[32];

	strcpy(s, "abcdef");
	text_cut(s, 3);
	is_str(s, "abc", "cut to 3 bytes");
	strcpy(s, "aéb");
	text_cut(s, 2);
	is_str(s, "a", "a two-byte character is not split");
	strcpy(s, "aéb");
	text_cut(s, 3);
	is_str(s, "aé", "cut after the two-byte character");
	strcpy(s, "short");
	text_cut(s, 100);
	is_str(s, "short", "shorter text is left alone");
}

static void
test_fragments(void)
{
	char	 f[4][TEXT_FRAGMENT_MAX];
	size_t	 n;

	n = text_fragments("  ann   lee ", f, 4);
	ok(n == 2, "two words: %zu", n);
	is_str(f[0], "ann", "first word");
	is_str(f[1], "lee", "second word");
	n = text_fragments("555 12", f, 4);
	ok(n == 1, "a phone-like search is one fragment");
	is_str(f[0], "55512", "of its digits");
	n = text_fragments("+1 (555) 123-4567", f, 4);
	is_str(f[0], "15551234567", "a formatted number gives its digits");
	n = text_fragments("a b c d e", f, 4);
	ok(n == 4, "at most max fragments");
	n = text_fragments("", f, 4);
	ok(n == 0, "an empty search has no fragment");
	n = text_fragments("   \t ", f, 4);
	ok(n == 0, "white space only has no fragment");
}

static int
has_key(char t[][TEXT_KEY_MAX], size_t n, const char *key)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i], key) == 0)
			return 1;
	return 0;
}

static void
test_keys(void)
{
	char		 t[32][TEXT_KEY_MAX];
	struct buf	 b = { 0 };
	size_t		 n;

	n = text_keys("Anna", t, 32);
	ok(n == 2, "\"Anna\" has two keys: %zu", n);
	is_str(t[0], "anna", "the whole word, lowered");
	is_str(t[1], "nna", "then from its second letter to its end");
	n = text_keys("ab cd", t, 32);
	ok(n == 0, "words of two letters give none");
	n = text_keys("aaaa aaaa", t, 32);
	ok(n == 1 && strcmp(t[0], "aaaa") == 0,
	    "a repeated key, and a key another starts with, are left out: %zu", n);
	n = text_keys("son johnson johnson@post.example", t, 32);
	ok(n == 18, "the name's keys are left out beside the email's: %zu", n);
	ok(has_key(t, n, "son@post.example") && !has_key(t, n, "son") &&
	    !has_key(t, n, "johnson"), "the email's keys stay");
	ok(strcmp(t[0], ".example") == 0 && strcmp(t[n - 1], "xample") == 0, "in byte order");
	n = text_keys("zoë", t, 32);
	ok(n == 1 && strcmp(t[0], "zoë") == 0, "a key holds multi-byte characters");
	n = text_keys("jo@post.example.org", t, 32);
	ok(n == 17, "a key from each place with three characters left: %zu", n);
	ok(has_key(t, n, "jo@post.example."), "cut at sixteen characters");
	ok(has_key(t, n, "post.example.org"), "to the end of the word");
	ok(has_key(t, n, "org"), "the last three characters");
	n = text_keys("ééééééééééééééééé", t, 32);
	ok(n == 1 && strlen(t[0]) == 32,
	    "sixteen characters, not bytes (the others start it): %zu", n);
	n = text_keys("abcdef", t, 2);
	ok(n == 2, "at most max keys");
	ok(text_like_key("a%b_c\\d", &b) == 0, "like_key");
	is_str(b.data, "a\\%b\\_c\\\\d%", "wildcards escaped, a trailing %%");
	buf_reset(&b);
	ok(text_like_key("abcdefghijklmnopqrstu", &b) == 0, "like_key of a long fragment");
	is_str(b.data, "abcdefghijklmnop%", "the first sixteen characters");
	buf_free(&b);
}

static void
test_like(void)
{
	struct buf	 b = { 0 };

	ok(text_like_contains("50%_off\\", &b) == 0, "pattern made");
	is_str(b.data, "%50\\%\\_off\\\\%", "%%, _ and backslash are escaped");
	buf_free(&b);
	ok(text_like_contains("", &b) == 0, "empty pattern made");
	is_str(b.data, "%%", "an empty fragment matches everything");
	buf_free(&b);
	ok(text_length("zoë東") == 4, "length counts characters");
}

int
main(void)
{
	test_fold();
	test_cut();
	test_fragments();
	test_keys();
	test_like();
	return tap_done();
}
