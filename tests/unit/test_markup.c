/* test_markup.c: the note formatter makes paragraphs, emphasis, lists and safe links, and
 * escapes everything else: markup in the text, script, javascript: addresses, unclosed
 * markers, invalid UTF-8, and huge input in linear time */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "buf.h"
#include "markup.h"

#define REL	"rel=\"noopener noreferrer nofollow\""

/* The HTML of s (a static copy, valid until the next call). */
static const char *
render(const char *s)
{
	static struct buf	 out;

	buf_reset(&out);
	if (markup_render(&out, s, strlen(s)) == -1)
		return "(out of memory)";
	return out.data != NULL ? out.data : "";
}

static const char *
render_n(const char *s, size_t n)
{
	static struct buf	 out;

	buf_reset(&out);
	if (markup_render(&out, s, n) == -1)
		return "(out of memory)";
	return out.data != NULL ? out.data : "";
}

/* 1 when every '<' of html starts one of the tags the formatter may produce. */
static int
only_known_tags(const char *html)
{
	static const char *const tags[] = { "<p>", "</p>", "<br>", "<strong>", "</strong>",
	    "<em>", "</em>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>",
	    "<a href=\"", "</a>" };
	const char	*p;
	size_t		 i;

	for (p = strchr(html, '<'); p != NULL; p = strchr(p + 1, '<')) {
		for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (strncmp(p, tags[i], strlen(tags[i])) == 0)
				break;
		if (i == sizeof(tags) / sizeof(tags[0]))
			return 0;
	}
	return 1;
}

static void
test_blocks(void)
{
	is_str(render(""), "", "empty text gives nothing");
	is_str(render("Hello"), "<p>Hello</p>\n", "one paragraph");
	is_str(render("one\ntwo"), "<p>one<br>\ntwo</p>\n", "a line break inside a paragraph");
	is_str(render("one\r\n\r\ntwo"), "<p>one</p>\n<p>two</p>\n",
	    "a blank line (CRLF) separates paragraphs");
	is_str(render("\n\n  \n a \n\n\n"), "<p>a</p>\n", "blank lines and spaces around are dropped");
	is_str(render("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n", "a bullet list");
	is_str(render("1. one\n2. two\n10. ten"),
	    "<ol>\n<li>one</li>\n<li>two</li>\n<li>ten</li>\n</ol>\n", "a numbered list");
	is_str(render("Steps:\n- a\n- b\nafter"),
	    "<p>Steps:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>after</p>\n",
	    "a list between paragraph lines");
	is_str(render("- a\n1. b"), "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>\n",
	    "a change of list kind starts a new list");
	is_str(render("-not a list\n1.5 mg"), "<p>-not a list<br>\n1.5 mg</p>\n",
	    "a marker without its space is text");
}

static void
test_inline(void)
{
	is_str(render("**bold** and *italic*"), "<p><strong>bold</strong> and <em>italic</em></p>\n",
	    "bold and italic");
	is_str(render("**a *b* c**"), "<p><strong>a <em>b</em> c</strong></p>\n",
	    "italic inside bold");
	is_str(render("2 * 3 * 4"), "<p>2 * 3 * 4</p>\n", "stars with spaces are arithmetic");
	is_str(render("**unclosed"), "<p>**unclosed</p>\n", "an unclosed bold stays as typed");
	is_str(render("*unclosed"), "<p>*unclosed</p>\n", "an unclosed italic stays as typed");
	is_str(render("****"), "<p>****</p>\n", "empty bold stays as typed");
	is_str(render("**a\nb**"), "<p>**a<br>\nb**</p>\n", "emphasis does not cross lines");
}

static void
test_links(void)
{
	is_str(render("[site](https://example.org/a?b=1&c=2)"),
	    "<p><a href=\"https://example.org/a?b=1&amp;c=2\" " REL ">site</a></p>\n",
	    "a link with its text, the address escaped");
	is_str(render("[mail me](mailto:a@example.org)"),
	    "<p><a href=\"mailto:a@example.org\" " REL ">mail me</a></p>\n", "a mailto link");
	is_str(render("see https://example.org/x. Then"),
	    "<p>see <a href=\"https://example.org/x\" " REL ">https://example.org/x</a>. Then</p>\n",
	    "a bare address, without the full stop after it");
	is_str(render("(http://example.org)"),
	    "<p>(<a href=\"http://example.org\" " REL ">http://example.org</a>)</p>\n",
	    "a bare address in brackets");
	is_str(render("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>\n",
	    "a javascript: link stays text");
	is_str(render("[x](JavaScript:alert(1))"), "<p>[x](JavaScript:alert(1))</p>\n",
	    "in any case");
	is_str(render("[x](data:text/html,<script>)"),
	    "<p>[x](data:text/html,&lt;script&gt;)</p>\n", "a data: link stays text, escaped");
	is_str(render("[x](https://a.example/\"onmouseover=\"alert(1))"),
	    "<p>[x](<a href=\"https://a.example/\" " REL ">https://a.example/</a>"
	    "&quot;onmouseover=&quot;alert(1))</p>\n", "a quote cannot leave the href");
	is_str(render("[x](https://a.example/ b)"), "<p>[x](<a href=\"https://a.example/\" " REL
	    ">https://a.example/</a> b)</p>\n", "an address with a space is not a link; its bare part is");
	is_str(render("[**b**](https://a.example)"),
	    "<p><a href=\"https://a.example\" " REL "><strong>b</strong></a></p>\n",
	    "bold inside a link's text");
	is_str(render("[[nested](https://a.example)](https://b.example)"),
	    "<p><a href=\"https://a.example\" " REL ">[nested</a>](<a href=\"https://b.example\" "
	    REL ">https://b.example</a>)</p>\n", "no link inside a link");
	is_str(render("javascript:alert(1)"), "<p>javascript:alert(1)</p>\n",
	    "a bare javascript: address is text");
	is_str(render("xhttps://a.example"), "<p>xhttps://a.example</p>\n",
	    "an address glued to a word is text");
	is_str(render("[text]"), "<p>[text]</p>\n", "brackets alone are text");
}

static void
test_hostile(void)
{
	const char	*html;

	is_str(render("<script>alert('x')</script>"),
	    "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n", "script is escaped");
	is_str(render("<img src=x onerror=alert(1)> & \"q\""),
	    "<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;</p>\n",
	    "tags, ampersands and quotes are escaped");
	is_str(render("**<b>**"), "<p><strong>&lt;b&gt;</strong></p>\n", "escaped inside bold");
	is_str(render("- <i>x</i>"), "<ul>\n<li>&lt;i&gt;x&lt;/i&gt;</li>\n</ul>\n",
	    "escaped inside a list item");
	is_str(render("a\xff" "b"), "<p>a\xef\xbf\xbd" "b</p>\n", "an invalid byte becomes U+FFFD");
	is_str(render("\xc0\xaf"), "<p>\xef\xbf\xbd\xef\xbf\xbd</p>\n",
	    "an overlong '/' is two replacement characters");
	is_str(render("\xed\xa0\x80"), "<p>\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd</p>\n",
	    "a surrogate is not UTF-8");
	is_str(render("\xe2\x82"), "<p>\xef\xbf\xbd\xef\xbf\xbd</p>\n", "a cut sequence");
	is_str(render("Zo\xc3\xab \xf0\x9f\x99\x82"), "<p>Zo\xc3\xab \xf0\x9f\x99\x82</p>\n",
	    "valid UTF-8 passes through");
	is_str(render_n("a\0b", 3), "<p>a\xef\xbf\xbd" "b</p>\n", "NUL becomes U+FFFD");
	is_str(render("a\x01\x1b[31m"), "<p>a\xef\xbf\xbd\xef\xbf\xbd[31m</p>\n",
	    "control characters become U+FFFD");
	html = render("[<script>](https://a.example/<x>) **[a](javascript:x)** *<svg onload=x>*");
	ok(only_known_tags(html), "only the formatter's own tags in a mixed attack: %s", html);
	ok(strstr(html, "javascript:x\"") == NULL, "no javascript: href");
}

/* Text that would cost quadratic time to a naive search for closing markers. */
static void
test_huge(void)
{
	static const char *const units[] = { "[", "*a ", "**", "[a](", "https://", "- ", "1. ",
	    "[a]", "\xff" };
	size_t		 i, k, n = 1 << 20;
	char		*big = malloc(n + 1);
	struct buf	 out = { 0 };
	clock_t		 start;
	double		 seconds;
	int		 fine = 1;

	if (big == NULL) {
		ok(0, "memory for the huge input");
		return;
	}
	start = clock();
	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
		size_t	 ul = strlen(units[k]);

		for (i = 0; i + ul <= n; i += ul)
			memcpy(big + i, units[k], ul);
		big[i] = '\0';
		buf_reset(&out);
		if (markup_render(&out, big, i) == -1 || out.len < i)
			fine = 0;
	}
	seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	ok(fine, "a megabyte of each unclosed marker renders");
	ok(seconds < 10.0, "in linear time (%.2f s for %zu MB)", seconds,
	    sizeof(units) / sizeof(units[0]));
	/* one very long line of real formatting */
	for (i = 0; i + 10 <= n; i += 10)
		memcpy(big + i, "**b** *i* ", 10);
	buf_reset(&out);
	ok(markup_render(&out, big, i) == 0 && only_known_tags(out.data),
	    "a megabyte of emphasis renders with known tags only");
	buf_free(&out);
	free(big);
}

int
main(void)
{
	test_blocks();
	test_inline();
	test_links();
	test_hostile();
	test_huge();
	return tap_done();
}
