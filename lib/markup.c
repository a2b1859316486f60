/* markup.c: the small formatting of notes and comments turned into escaped HTML, in one pass
 * over the lines and one over each line's characters */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "markup.h"

#define URL_MAX		2048	/* bytes of one link's address */
#define NONE		((size_t)-1)

/* What may still open inside the text being rendered. */
#define ALLOW_BOLD	0x01
#define ALLOW_ITALIC	0x02
#define ALLOW_LINK	0x04
#define ALLOW_ALL	(ALLOW_BOLD | ALLOW_ITALIC | ALLOW_LINK)

enum block {
	BLOCK_NONE,
	BLOCK_PARAGRAPH,
	BLOCK_BULLETS,
	BLOCK_NUMBERS,
	BLOCK__MAX
};

static const char *const block_close[BLOCK__MAX] = { "", "</p>\n", "</ul>\n", "</ol>\n" };

/* The closing markers searched for on one line. */
enum marker {
	MARK_STARS,	/* "**" */
	MARK_STAR,	/* "*" */
	MARK_BRACKET,	/* "]" */
	MARK_PAREN,	/* ")" */
	MARK__MAX
};

/* One line being rendered, with the next position of each marker remembered, so a line of
 * many unclosed markers is still read in linear time. */
struct line {
	const char	*s;
	size_t		 len;
	size_t		 next[MARK__MAX];
	size_t		 from[MARK__MAX];	/* where next[] was searched from; NONE: never */
};

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

/* The length of the valid UTF-8 sequence at s (at most n bytes), 0 when it is not one. */
static size_t
utf8_sequence(const unsigned char *s, size_t n)
{
	size_t		 need, i;
	unsigned	 cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

/* The text with line ends as "\n", and every byte that is not UTF-8 or is a control
 * character (other than tab and line end) as U+FFFD; 0 or -1. */
static int
clean_text(struct buf *out, const char *in, size_t len)
{
	const unsigned char	*s = (const unsigned char *)in;
	size_t			 i = 0, n;

	if (buf_reserve(out, len + 1) == -1)
		return -1;
	while (i < len) {
		if (s[i] == '\r') {
			if (buf_putc(out, '\n') == -1)
				return -1;
			i += i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
			continue;
		}
		if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f) {
			if (buf_puts(out, replacement) == -1)
				return -1;
			i++;
			continue;
		}
		if ((n = utf8_sequence(s + i, len - i)) == 0) {
			if (buf_puts(out, replacement) == -1)
				return -1;
			i++;
			continue;
		}
		if (buf_append(out, s + i, n) == -1)
			return -1;
		i += n;
	}
	return 0;
}

/* Append len bytes escaped for HTML text and attribute values; 0 or -1. */
static int
escape(struct buf *out, const char *s, size_t len)
{
	size_t	 i, start = 0;
	const char *entity;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':  entity = "&amp;"; break;
		case '<':  entity = "&lt;"; break;
		case '>':  entity = "&gt;"; break;
		case '"':  entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default:   continue;
		}
		if (buf_append(out, s + start, i - start) == -1 || buf_puts(out, entity) == -1)
			return -1;
		start = i + 1;
	}
	return buf_append(out, s + start, len - start);
}

/* The first position at or after from where marker m starts, or NONE. */
static size_t
next_marker(struct line *l, enum marker m, size_t from)
{
	static const char *const text[MARK__MAX] = { "**", "*", "]", ")" };
	const char	*found;
	size_t		 n = strlen(text[m]);

	if (l->from[m] != NONE && l->from[m] <= from && (l->next[m] == NONE ||
	    l->next[m] >= from))
		return l->next[m];
	l->from[m] = from;
	l->next[m] = NONE;
	if (from + n > l->len)
		return NONE;
	if (n == 1)
		found = memchr(l->s + from, text[m][0], l->len - from);
	else
		found = memmem(l->s + from, l->len - from, text[m], n);
	if (found != NULL)
		l->next[m] = (size_t)(found - l->s);
	return l->next[m];
}

/* 1 when the n bytes at u are an address we link to: http, https or mailto, with no space,
 * control character or quote in it. */
static int
url_allowed(const char *u, size_t n)
{
	static const char *const schemes[] = { "https://", "http://", "mailto:" };
	size_t	 i, k;

	if (n == 0 || n > URL_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)u[i] <= 0x20 || u[i] == 0x7f || strchr("<>\"'`\\", u[i]) != NULL)
			return 0;
	for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		size_t	 sl = strlen(schemes[k]);

		if (n > sl && strncasecmp(u, schemes[k], sl) == 0)
			return 1;
	}
	return 0;
}

static int
link_open(struct buf *out, const char *url, size_t n)
{
	if (buf_puts(out, "<a href=\"") == -1 || escape(out, url, n) == -1 ||
	    buf_puts(out, "\" rel=\"noopener noreferrer nofollow\">") == -1)
		return -1;
	return 0;
}

/* The length of a bare http(s) address starting at i, 0 when there is none. */
static size_t
bare_url(const struct line *l, size_t i)
{
	const char	*s = l->s;
	size_t		 j, start;
	unsigned char	 prev;

	if (i > 0) {
		prev = (unsigned char)s[i - 1];
		if ((prev >= '0' && prev <= '9') || (prev >= 'a' && prev <= 'z') ||
		    (prev >= 'A' && prev <= 'Z') || prev == '/' || prev == ':')
			return 0;
	}
	if (l->len - i > 8 && strncasecmp(s + i, "https://", 8) == 0)
		start = i + 8;
	else if (l->len - i > 7 && strncasecmp(s + i, "http://", 7) == 0)
		start = i + 7;
	else
		return 0;
	for (j = start; j < l->len; j++)
		if ((unsigned char)s[j] <= 0x20 || s[j] == 0x7f || strchr("<>\"'`\\", s[j]) != NULL)
			break;
	/* punctuation that ends a sentence is not part of the address */
	while (j > start && strchr(".,;:!?)]*", s[j - 1]) != NULL)
		j--;
	if (j == start || j - i > URL_MAX)
		return 0;
	return j - i;
}

/* Render the bytes [start, end) of the line with what allow permits; 0 or -1. */
static int
render_inline(struct buf *out, struct line *l, size_t start, size_t end, unsigned allow)
{
	const char	*s = l->s;
	size_t		 i = start, lit = start, close, paren, n;

	while (i < end) {
		if (s[i] == '*' && i + 1 < end && s[i + 1] == '*' && (allow & ALLOW_BOLD)) {
			close = next_marker(l, MARK_STARS, i + 2);
			if (close != NONE && close + 2 <= end && close > i + 2) {
				if (escape(out, s + lit, i - lit) == -1 ||
				    buf_puts(out, "<strong>") == -1 ||
				    render_inline(out, l, i + 2, close, allow & ~ALLOW_BOLD) == -1 ||
				    buf_puts(out, "</strong>") == -1)
					return -1;
				i = lit = close + 2;
				continue;
			}
			i += 2;		/* "**" as typed */
			continue;
		}
		if (s[i] == '*' && (allow & ALLOW_ITALIC) && i + 1 < end && s[i + 1] != ' ' &&
		    s[i + 1] != '*') {
			close = next_marker(l, MARK_STAR, i + 1);
			if (close != NONE && close < end && s[close - 1] != ' ') {
				if (escape(out, s + lit, i - lit) == -1 || buf_puts(out, "<em>") == -1 ||
				    render_inline(out, l, i + 1, close,
				    allow & ~(ALLOW_ITALIC | ALLOW_BOLD)) == -1 ||
				    buf_puts(out, "</em>") == -1)
					return -1;
				i = lit = close + 1;
				continue;
			}
			i++;
			continue;
		}
		if (s[i] == '[' && (allow & ALLOW_LINK)) {
			close = next_marker(l, MARK_BRACKET, i + 1);
			if (close != NONE && close > i + 1 && close + 1 < end && s[close + 1] == '(') {
				paren = next_marker(l, MARK_PAREN, close + 2);
				if (paren != NONE && paren < end &&
				    url_allowed(s + close + 2, paren - close - 2)) {
					if (escape(out, s + lit, i - lit) == -1 ||
					    link_open(out, s + close + 2, paren - close - 2) == -1 ||
					    render_inline(out, l, i + 1, close, allow & ~ALLOW_LINK) == -1 ||
					    buf_puts(out, "</a>") == -1)
						return -1;
					i = lit = paren + 1;
					continue;
				}
			}
			i++;
			continue;
		}
		if ((s[i] == 'h' || s[i] == 'H') && (allow & ALLOW_LINK) &&
		    (n = bare_url(l, i)) > 0 && i + n <= end) {
			if (escape(out, s + lit, i - lit) == -1 || link_open(out, s + i, n) == -1 ||
			    escape(out, s + i, n) == -1 || buf_puts(out, "</a>") == -1)
				return -1;
			i = lit = i + n;
			continue;
		}
		i++;
	}
	return escape(out, s + lit, end - lit);
}

static int
render_line(struct buf *out, const char *s, size_t len)
{
	struct line	 l;
	size_t		 m;

	l.s = s;
	l.len = len;
	for (m = 0; m < MARK__MAX; m++) {
		l.next[m] = NONE;
		l.from[m] = NONE;
	}
	return render_inline(out, &l, 0, len, ALLOW_ALL);
}

/* Does the line start a list item?  The block it belongs to, with *content set to where its
 * text begins; BLOCK_PARAGRAPH when it is not an item. */
static enum block
item_kind(const char *s, size_t len, size_t *content)
{
	size_t	 i = 0, digits;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == ' ') {
		*content = i + 2;
		return BLOCK_BULLETS;
	}
	for (digits = 0; i + digits < len && digits < 9 && s[i + digits] >= '0' &&
	    s[i + digits] <= '9'; digits++)
		;
	if (digits > 0 && i + digits + 1 < len && s[i + digits] == '.' &&
	    s[i + digits + 1] == ' ') {
		*content = i + digits + 2;
		return BLOCK_NUMBERS;
	}
	return BLOCK_PARAGRAPH;
}

int
markup_render(struct buf *out, const char *in, size_t len)
{
	struct buf	 text = { 0 };
	enum block	 open = BLOCK_NONE, kind;
	const char	*line, *nl, *end;
	size_t		 n, content;
	int		 rc = -1;

	if (clean_text(&text, in, len) == -1)
		goto out;
	line = text.data != NULL ? text.data : "";
	end = line + text.len;
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
		/* the line without the spaces around it */
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		content = 0;
		if (n == 0) {
			if (buf_puts(out, block_close[open]) == -1)
				goto out;
			open = BLOCK_NONE;
		} else if ((kind = item_kind(line, n, &content)) != BLOCK_PARAGRAPH) {
			if (kind != open) {
				if (buf_puts(out, block_close[open]) == -1 ||
				    buf_puts(out, kind == BLOCK_BULLETS ? "<ul>\n" : "<ol>\n") == -1)
					goto out;
				open = kind;
			}
			if (buf_puts(out, "<li>") == -1 ||
			    render_line(out, line + content, n - content) == -1 ||
			    buf_puts(out, "</li>\n") == -1)
				goto out;
		} else {
			while (content < n && (line[content] == ' ' || line[content] == '\t'))
				content++;
			if (open == BLOCK_PARAGRAPH) {
				if (buf_puts(out, "<br>\n") == -1)
					goto out;
			} else {
				if (buf_puts(out, block_close[open]) == -1 || buf_puts(out, "<p>") == -1)
					goto out;
				open = BLOCK_PARAGRAPH;
			}
			if (render_line(out, line + content, n - content) == -1)
				goto out;
		}
		line = nl != NULL ? nl + 1 : end;
	}
	if (buf_puts(out, block_close[open]) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&text);
	return rc;
}
