/* text.h: the pieces of substring search: a query's fragments, index keys, LIKE patterns */
#ifndef CASEBOOK_TEXT_H
#define CASEBOOK_TEXT_H

#include <stddef.h>

#include "buf.h"

#define TEXT_FRAGMENT_MAX	128	/* bytes of one search fragment, with NUL */
#define TEXT_KEY_CHARS		16	/* characters of a word the index keeps from each place */
#define TEXT_KEY_MAX		(TEXT_KEY_CHARS * 4 + 1)	/* their UTF-8 bytes and NUL */

/* Split a search into fragments that must all match: words separated by white space; a
 * search that looks like a phone number ("555 12", "+1 (555)") becomes one fragment of its
 * digits.  Returns the number of fragments (at most max); each is cut to fit, on a character
 * boundary. */
size_t	text_fragments(const char *query, char out[][TEXT_FRAGMENT_MAX], size_t max);
/* The index keys of s: from each place in each white-space-separated word with at least
 * three characters left in it, the rest of the word, cut to TEXT_KEY_CHARS characters, ASCII
 * letters lowered; in byte order, leaving out those that another key starts with (the same
 * key twice, "son" beside "sonia"), into out (at most max, taken from the start of s);
 * returns the count.  A fragment of three or more characters is part of a word exactly when
 * some key starts with it (or, past TEXT_KEY_CHARS characters, with its first
 * TEXT_KEY_CHARS). */
size_t	text_keys(const char *s, char out[][TEXT_KEY_MAX], size_t max);
/* "fragment%" for the keys that start with the fragment (its first TEXT_KEY_CHARS
 * characters), '%', '_' and '\\' escaped for LIKE, onto out; 0 or -1. */
int	text_like_key(const char *fragment, struct buf *out);
/* "%fragment%" with '%', '_' and '\\' escaped for LIKE, onto out; 0 or -1. */
int	text_like_contains(const char *fragment, struct buf *out);
/* s folded for search onto out: letters lowered, Latin letters stripped of their accents
 * ("Zoë" and "ZOE" both give "zoe"; "ß" gives "ss", "Æ" "ae"), Greek and Cyrillic capitals
 * lowered, combining accents and stray bytes (not UTF-8) dropped, anything else (digits,
 * punctuation, other scripts) copied, so folding again changes nothing.  0 or -1. */
int	text_fold(const char *s, struct buf *out);
/* The same into a fixed array of size bytes (cut on a character boundary). */
void	text_fold_to(const char *s, char *out, size_t size);
/* Cut s to at most max bytes, on a character boundary. */
void	text_cut(char *s, size_t max);
/* Length in bytes of the UTF-8 character at s (1 for a stray byte, or one cut short by the
 * end of the string). */
size_t	text_char_bytes(const char *s);
/* Number of UTF-8 characters in s. */
size_t	text_length(const char *s);

#endif
