/* text.h: the pieces of substring search: a query's fragments, trigrams, LIKE patterns */
#ifndef CASEBOOK_TEXT_H
#define CASEBOOK_TEXT_H

#include <stddef.h>

#include "buf.h"

#define TEXT_FRAGMENT_MAX	128	/* bytes of one search fragment, with NUL */
#define TEXT_TRIGRAM_MAX	13	/* three UTF-8 characters and NUL */

/* Split a search into fragments that must all match: words separated by white space; a
 * search that looks like a phone number ("555 12", "+1 (555)") becomes one fragment of its
 * digits.  Returns the number of fragments (at most max); each is cut to fit, on a character
 * boundary. */
size_t	text_fragments(const char *query, char out[][TEXT_FRAGMENT_MAX], size_t max);
/* Every distinct three-character window of each white-space-separated word of s, ASCII
 * letters lowered, into out (at most max); returns the count.  Words shorter than three
 * characters give none. */
size_t	text_trigrams(const char *s, char out[][TEXT_TRIGRAM_MAX], size_t max);
/* Up to max windows of a single fragment, spread evenly across it (the fewest that still
 * cover it, for an index lookup); returns the count (0 when shorter than 3 characters). */
size_t	text_fragment_trigrams(const char *fragment, char out[][TEXT_TRIGRAM_MAX], size_t max);
/* "%fragment%" with '%', '_' and '\\' escaped for LIKE, onto out; 0 or -1. */
int	text_like_contains(const char *fragment, struct buf *out);
/* s folded for search onto out: letters lowered, Latin letters stripped of their accents
 * ("Zoë" and "ZOE" both give "zoe"; "ß" gives "ss", "Æ" "ae"), Greek and Cyrillic capitals
 * lowered, combining accents dropped, anything else (digits, punctuation, other scripts,
 * stray bytes) copied.  0 or -1. */
int	text_fold(const char *s, struct buf *out);
/* The same into a fixed array of size bytes (cut on a character boundary). */
void	text_fold_to(const char *s, char *out, size_t size);
/* Cut s to at most max bytes, on a character boundary. */
void	text_cut(char *s, size_t max);
/* Number of UTF-8 characters in s. */
size_t	text_length(const char *s);

#endif
