/* test_view.c: templates render values HTML-escaped by default, in included partials too, and
 * a missing template is an error with a reason rather than an empty page */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "view.h"

static char dir[256];

/* Write a template file under the temporary template directory; 0 or -1. */
static int
write_template(const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;
	int	 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	rc = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static void
remove_templates(void)
{
	static const char *const files[] = { "page.cs", "attr.cs", "outer.cs",
	    "partials/row.cs", "layout.cs", "one.cs", "two.cs" };
	char	 path[512];
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/partials", dir);
	rmdir(path);
	rmdir(dir);
}

static void
test_escaping(void)
{
	HDF		*hdf;
	struct buf	 out = { 0 };
	char		 err[256] = "";
	int		 r;

	hdf = view_new(dir);
	ok(hdf != NULL, "view_new with a template directory");
	if (hdf == NULL)
		return;
	r = view_set(hdf, "<script>&\"'", "Page.name");
	ok(r == 0, "view_set returns 0");
	is_str(view_get(hdf, "Page.name"), "<script>&\"'", "the tree holds the raw value");

	r = view_render(hdf, "page.cs", &out, err, sizeof(err));
	ok(r == 0, "page.cs renders (%s)", err);
	ok(out.data != NULL && strstr(out.data, "<p class=\"name\">") != NULL,
	    "the template's own markup is not escaped");
	ok(out.data != NULL && strstr(out.data, "<script>") == NULL,
	    "no raw <script> in the output");
	ok(out.data != NULL && strstr(out.data, "&lt;script&gt;") != NULL,
	    "'<' and '>' become &lt; and &gt;");
	ok(out.data != NULL && strstr(out.data, "&gt;&amp;") != NULL, "'&' becomes &amp;");
	ok(out.data != NULL && strstr(out.data, "&quot;") != NULL && strchr(out.data, '"') != NULL &&
	    strstr(out.data, "&amp;\"") == NULL, "'\"' becomes &quot;");
	ok(out.data != NULL && strchr(out.data, '\'') == NULL,
	    "no raw single quote in the output (it must be an entity)");
	is_str(out.data, "<p class=\"name\">&lt;script&gt;&amp;&quot;&#39;</p>\n",
	    "the whole page is exactly the escaped value in its markup");
	buf_free(&out);

	/* An attribute value is escaped the same way. */
	r = view_set(hdf, "x\" onmouseover=\"alert(1)", "Page.title");
	r = r == 0 ? view_render(hdf, "attr.cs", &out, err, sizeof(err)) : -1;
	ok(r == 0, "attr.cs renders (%s)", err);
	is_str(out.data, "<a title=\"x&quot; onmouseover=&quot;alert(1)\">t</a>\n",
	    "a quote in an attribute value cannot close the attribute");
	buf_free(&out);
	view_free(hdf);
}

static void
test_include(void)
{
	HDF		*hdf;
	struct buf	 out = { 0 };
	char		 err[256] = "";
	int		 r;

	if ((hdf = view_new(dir)) == NULL) {
		ok(0, "view_new for the include test");
		return;
	}
	view_set(hdf, "A & B", "Rows.0.name");
	view_set(hdf, "<img src=x onerror=alert(1)>", "Rows.%d.name", 1);
	r = view_render(hdf, "outer.cs", &out, err, sizeof(err));
	ok(r == 0, "outer.cs with an include renders (%s)", err);
	is_str(out.data, "<ul>\n<li>A &amp; B</li>\n<li>&lt;img src=x onerror=alert(1)&gt;</li>\n"
	    "</ul>\n", "values in an included partial are escaped too");
	buf_free(&out);
	view_free(hdf);
}

static void
test_missing(void)
{
	HDF		*hdf;
	struct buf	 out = { 0 };
	char		 err[256] = "";
	int		 r;

	if ((hdf = view_new(dir)) == NULL) {
		ok(0, "view_new for the missing-template test");
		return;
	}
	r = view_render(hdf, "no-such-page.cs", &out, err, sizeof(err));
	ok(r == -1, "a missing template: view_render returns -1");
	ok(err[0] != '\0', "with a reason in err (%s)", err);
	ok(strstr(err, "no-such-page.cs") != NULL, "the reason names the template");
	ok(out.len == 0, "nothing was rendered");
	buf_free(&out);
	view_free(hdf);

	/* A template directory that does not exist: the page is not found either. */
	if ((hdf = view_new("/nonexistent/casebook/templates")) == NULL) {
		ok(0, "view_new with a missing directory");
		return;
	}
	err[0] = '\0';
	r = view_render(hdf, "page.cs", &out, err, sizeof(err));
	ok(r == -1 && err[0] != '\0', "a missing template directory: -1 with a reason (%s)", err);
	buf_free(&out);
	view_free(hdf);
}

/* A kept parse serves later renders bound to other trees: every value is the new tree's,
 * escaped as before, loops and macros start afresh, and the page included by a value is the
 * one of its own variant. */
static void
test_cached(void)
{
	HDF		*hdf;
	struct buf	 out = { 0 };
	char		 err[256] = "";
	int		 r, i;
	const char	*names[2] = { "<b>first</b>", "second & last" };
	const char	*want[2] = {
		"[one:&lt;b&gt;first&lt;/b&gt;|a;b;]\n",
		"[one:second &amp; last|]\n",
	};

	for (i = 0; i < 2; i++) {
		if ((hdf = view_new(dir)) == NULL) {
			ok(0, "view_new for the cache test");
			return;
		}
		view_set(hdf, "one.cs", "Page.Template");
		view_set(hdf, names[i], "Page.name");
		if (i == 0) {
			view_set(hdf, "a", "Rows.0.name");
			view_set(hdf, "b", "Rows.1.name");
		}
		r = view_render_cached(hdf, "layout.cs", "one.cs", &out, err, sizeof(err));
		ok(r == 0, "cached render %d renders (%s)", i + 1, err);
		is_str(out.data, want[i], "cached render %d shows its own tree's values", i + 1);
		buf_free(&out);
		view_free(hdf);
	}
	/* The same layout with another page included. */
	if ((hdf = view_new(dir)) == NULL)
		return;
	view_set(hdf, "two.cs", "Page.Template");
	view_set(hdf, "x<y", "Page.name");
	r = view_render_cached(hdf, "layout.cs", "two.cs", &out, err, sizeof(err));
	ok(r == 0, "the layout with another page renders (%s)", err);
	is_str(out.data, "[two:x&lt;y]\n", "the variant's own page is included");
	buf_free(&out);
	/* A missing template is an error every time, and is not kept. */
	r = view_render_cached(hdf, "no-such-page.cs", NULL, &out, err, sizeof(err));
	ok(r == -1 && strstr(err, "no-such-page.cs") != NULL, "a missing template: -1 (%s)", err);
	r = view_render_cached(hdf, "no-such-page.cs", NULL, &out, err, sizeof(err));
	ok(r == -1, "and again -1");
	view_free(hdf);
	view_cache_clear();
}

static void
squeezed(const char *in, const char *want, const char *what)
{
	struct buf	 b = { 0 };

	if (buf_puts(&b, in) == -1) {
		ok(0, "%s: out of memory", what);
		return;
	}
	view_html_squeeze(&b);
	is_str(b.data != NULL ? b.data : "", want, "%s", what);
	ok(b.len == strlen(want), "%s: the length follows", what);
	buf_free(&b);
}

static void
test_squeeze(void)
{
	squeezed("<ul>\n    <li>a</li>\n\n    <li>b</li>\n  </ul>\n",
	    "<ul>\n<li>a</li>\n\n<li>b</li>\n</ul>\n", "indentation between tags goes");
	squeezed("<a>x</a> <span>y</span>", "<a>x</a> <span>y</span>",
	    "a space between inline tags stays (no line break in it)");
	squeezed("<p>  two  spaces  </p>\n  text\n  <b>",
	    "<p>  two  spaces  </p>\n  text\n  <b>", "text and the spaces in it are not touched");
	squeezed("<textarea>\n  kept\n\n  </textarea>\n  <pre>\n  <b>x</b>\n  </pre>\n  <i>",
	    "<textarea>\n  kept\n\n  </textarea>\n<pre>\n  <b>x</b>\n  </pre>\n<i>",
	    "textarea and pre keep their text");
	squeezed("<TEXTAREA name=\"n\">\n  a</TEXTAREA>\n <p>", "<TEXTAREA name=\"n\">\n  a</TEXTAREA>\n<p>",
	    "tag names in capitals too");
	squeezed("<textarea>\n  never closed", "<textarea>\n  never closed",
	    "an unclosed textarea is kept to the end");
	squeezed("<prefix>\n  <b>", "<prefix>\n<b>", "a tag that only starts like pre is squeezed");
	squeezed("<p>\r\n\t<b>", "<p>\n<b>", "CR and tabs go with the spaces");
	squeezed(">\n  ", ">\n  ", "whitespace at the end is left");
	squeezed("", "", "an empty page");
}

static void
test_set(void)
{
	HDF		*hdf;
	const char	*v;
	int		 r;

	if ((hdf = view_new(dir)) == NULL) {
		ok(0, "view_new for the set test");
		return;
	}
	r = view_set(hdf, NULL, "Page.absent");
	ok(r == 0, "view_set with a NULL value returns 0");
	v = view_get(hdf, "Page.absent");
	ok(v == NULL, "and sets nothing (%s)", v ? v : "NULL");
	r = view_set(hdf, "kept", "Page.kept");
	r = r == 0 ? view_set(hdf, NULL, "Page.kept") : -1;
	is_str(r == 0 ? view_get(hdf, "Page.kept") : NULL, "kept",
	    "a NULL value leaves an earlier value alone");

	r = view_set_int(hdf, 42, "Client.%d.id", 7);
	is_str(r == 0 ? view_get(hdf, "Client.7.id") : NULL, "42", "view_set_int with a "
	    "formatted name");
	r = view_set_int(hdf, -9223372036854775807LL - 1, "Page.min");
	is_str(r == 0 ? view_get(hdf, "Page.min") : NULL, "-9223372036854775808",
	    "view_set_int of LLONG_MIN");
	r = view_set(hdf, "x", "Page.%s", "name.with.dots");
	is_str(r == 0 ? view_get(hdf, "Page.name.with.dots") : NULL, "x",
	    "the name format builds a dotted path");
	ok(view_get(hdf, "Page.nothing") == NULL, "view_get of an unset name is NULL");
	view_free(hdf);
}

int
main(void)
{
	const char	*base = getenv("TMPDIR");
	char		 sub[512];
	int		 r;

	snprintf(dir, sizeof(dir), "%s/casebook-view-XXXXXX",
	    base != NULL && base[0] != '\0' ? base : "/tmp");
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(sub, sizeof(sub), "%s/partials", dir);
	r = mkdir(sub, 0700);
	r = r == 0 ? write_template("page.cs", "<p class=\"name\"><?cs var:Page.name ?></p>\n") : -1;
	r = r == 0 ? write_template("attr.cs", "<a title=\"<?cs var:Page.title ?>\">t</a>\n") : -1;
	r = r == 0 ? write_template("outer.cs", "<ul>\n<?cs each:row = Rows ?>"
	    "<?cs include:\"partials/row.cs\" ?><?cs /each ?></ul>\n") : -1;
	r = r == 0 ? write_template("partials/row.cs", "<li><?cs var:row.name ?></li>\n") : -1;
	r = r == 0 ? write_template("layout.cs", "[<?cs include:Page.Template ?>]\n") : -1;
	r = r == 0 ? write_template("one.cs", "<?cs def:item(x) ?><?cs var:x.name ?>;<?cs /def ?>"
	    "one:<?cs var:Page.name ?>|<?cs each:row = Rows ?><?cs call:item(row) ?><?cs /each ?>")
	    : -1;
	r = r == 0 ? write_template("two.cs", "two:<?cs var:Page.name ?>") : -1;
	if (r == -1) {
		printf("Bail out! writing templates in %s: %s\n", dir, strerror(errno));
		remove_templates();
		return 1;
	}

	test_escaping();
	test_include();
	test_missing();
	test_cached();
	test_squeeze();
	test_set();

	remove_templates();
	return tap_done();
}
