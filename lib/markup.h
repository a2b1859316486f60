/* markup.h: the small formatting of notes and comments (paragraphs, **bold**, *italic*, "- " and
 * "1. " lists, [links](https://...) and bare https:// addresses) turned into escaped HTML */
#ifndef CASEBOOK_MARKUP_H
#define CASEBOOK_MARKUP_H

#include <stddef.h>

#include "buf.h"

/* Append the HTML of len bytes of text onto out.  Every character of the text is escaped;
 * the only tags produced are p, br, strong, em, ul, ol, li and a (with an http, https or
 * mailto address and rel="noopener noreferrer nofollow").  A marker without its closing
 * partner stays as typed.  Bytes that are not UTF-8 (and NUL) become U+FFFD, so the output
 * is always valid UTF-8.  Linear in len; no recursion deeper than three levels.  0, or -1
 * when memory runs out (out then holds a partial result). */
int	markup_render(struct buf *out, const char *in, size_t len);

#endif
