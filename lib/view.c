/* view.c: pages rendered from ClearSilver templates with HTML escaping on by default */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ClearSilver.h>

#include "view.h"

HDF *
view_new(const char *template_dir)
{
	HDF	*hdf = NULL;
	NEOERR	*err;

	if ((err = hdf_init(&hdf)) != STATUS_OK)
		goto fail;
	/* Escaping is off in ClearSilver unless this is set before cs_init. */
	if ((err = hdf_set_value(hdf, "Config.VarEscapeMode", "html")) != STATUS_OK)
		goto fail;
	if ((err = hdf_set_value(hdf, "hdf.loadpaths.0", template_dir)) != STATUS_OK)
		goto fail;
	return hdf;
fail:
	nerr_ignore(&err);
	if (hdf != NULL)
		hdf_destroy(&hdf);
	return NULL;
}

void
view_free(HDF *hdf)
{
	if (hdf != NULL)
		hdf_destroy(&hdf);
}

static int
set_name(char *name, size_t size, const char *fmt, va_list ap)
{
	int	 n = vsnprintf(name, size, fmt, ap);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
view_set(HDF *hdf, const char *value, const char *namefmt, ...)
{
	char	 name[256];
	va_list	 ap;
	int	 rc;
	NEOERR	*err;

	if (value == NULL)
		return 0;
	va_start(ap, namefmt);
	rc = set_name(name, sizeof(name), namefmt, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	if ((err = hdf_set_value(hdf, name, value)) != STATUS_OK) {
		nerr_ignore(&err);
		return -1;
	}
	return 0;
}

int
view_set_int(HDF *hdf, long long value, const char *namefmt, ...)
{
	char	 name[256], text[32];
	va_list	 ap;
	int	 rc;
	NEOERR	*err;

	va_start(ap, namefmt);
	rc = set_name(name, sizeof(name), namefmt, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	snprintf(text, sizeof(text), "%lld", value);
	if ((err = hdf_set_value(hdf, name, text)) != STATUS_OK) {
		nerr_ignore(&err);
		return -1;
	}
	return 0;
}

const char *
view_get(HDF *hdf, const char *name)
{
	return hdf_get_value(hdf, name, NULL);
}

static NEOERR *
render_to_buf(void *ctx, char *s)
{
	if (buf_puts(ctx, s) == -1)
		return nerr_raise(NERR_NOMEM, "out of memory");
	return STATUS_OK;
}

static void
error_text(NEOERR **err, const char *template_name, char *errtext, size_t errsize)
{
	STRING	 msg;

	string_init(&msg);
	nerr_error_string(*err, &msg);
	snprintf(errtext, errsize, "%s: %s", template_name, msg.buf ? msg.buf : "error");
	string_clear(&msg);
	nerr_ignore(err);
}

/* A parse tree for template_name, read with the tree's load path, escaping mode and values. */
static NEOERR *
parse_template(HDF *hdf, const char *template_name, CSPARSE **csp)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;

	*csp = NULL;
	if ((err = cs_init(&cs, hdf)) != STATUS_OK)
		goto out;
	if ((err = cgi_register_strfuncs(cs)) != STATUS_OK)
		goto out;
	if ((err = cs_parse_file(cs, template_name)) != STATUS_OK)
		goto out;
	*csp = cs;
	cs = NULL;
out:
	if (cs != NULL)
		cs_destroy(&cs);
	return err;
}

int
view_render(HDF *hdf, const char *template_name, struct buf *out, char *errtext, size_t errsize)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;
	int	 rc = -1;

	if ((err = parse_template(hdf, template_name, &cs)) != STATUS_OK)
		goto out;
	if ((err = cs_render(cs, out, render_to_buf)) != STATUS_OK)
		goto out;
	rc = 0;
out:
	if (err != STATUS_OK)
		error_text(&err, template_name, errtext, errsize);
	if (cs != NULL)
		cs_destroy(&cs);
	return rc;
}

/*
 * Parsed templates kept by this process.  ClearSilver resolves every include: while it parses
 * (so an include named by a value, like the layout's Page.Template, is read then), and its
 * parse tree holds no values: a render looks each one up in the tree it is bound to at that
 * moment (CSPARSE's hdf), and what a render pushes (each:, with:, call: locals) it pops
 * before returning.  So one parse serves every later render of the same template, the same
 * included page, load path and escaping mode, bound to each request's own tree in turn.
 */
struct parsed {
	char	*key;		/* load path, escaping, template, variant; NUL-separated */
	size_t	 keylen;
	CSPARSE	*cs;
};

#define PARSED_MAX	96

static struct parsed	parsed[PARSED_MAX];
static size_t		nparsed;

/* The cache key of a render; its length, or 0 when it does not fit. */
static size_t
parsed_key(HDF *hdf, const char *template_name, const char *variant, char *key, size_t size)
{
	const char	*parts[4];
	size_t		 i, len, n = 0;

	parts[0] = hdf_get_value(hdf, "hdf.loadpaths.0", "");
	parts[1] = hdf_get_value(hdf, "Config.VarEscapeMode", "");
	parts[2] = template_name;
	parts[3] = variant != NULL ? variant : "";
	for (i = 0; i < 4; i++) {
		len = strlen(parts[i]) + 1;
		if (n + len > size)
			return 0;
		memcpy(key + n, parts[i], len);
		n += len;
	}
	return n;
}

int
view_render_cached(HDF *hdf, const char *template_name, const char *variant, struct buf *out,
    char *errtext, size_t errsize)
{
	struct parsed	*p = NULL;
	CSPARSE		*cs = NULL;
	NEOERR		*err;
	char		 key[1024];
	size_t		 i, keylen;
	int		 rc = -1;

	keylen = parsed_key(hdf, template_name, variant, key, sizeof(key));
	for (i = 0; keylen > 0 && i < nparsed; i++)
		if (parsed[i].keylen == keylen && memcmp(parsed[i].key, key, keylen) == 0) {
			p = &parsed[i];
			break;
		}
	if (p == NULL) {
		if ((err = parse_template(hdf, template_name, &cs)) != STATUS_OK)
			goto out;
		/* Kept when there is room; a full table (or an odd key) renders as before. */
		if (keylen > 0 && nparsed < PARSED_MAX &&
		    (parsed[nparsed].key = malloc(keylen)) != NULL) {
			p = &parsed[nparsed++];
			memcpy(p->key, key, keylen);
			p->keylen = keylen;
			p->cs = cs;
			cs = NULL;
		}
	}
	if (p != NULL) {
		p->cs->hdf = hdf;
		err = cs_render(p->cs, out, render_to_buf);
		/* Nothing of this request stays reachable from the kept parse. */
		p->cs->hdf = NULL;
		p->cs->locals = NULL;
		p->cs->output_ctx = NULL;
		if (err != STATUS_OK) {
			/* A render that failed half-way is not trusted again. */
			cs_destroy(&p->cs);
			free(p->key);
			*p = parsed[--nparsed];
		}
	} else
		err = cs_render(cs, out, render_to_buf);
	if (err != STATUS_OK)
		goto out;
	rc = 0;
out:
	if (err != STATUS_OK)
		error_text(&err, template_name, errtext, errsize);
	if (cs != NULL)
		cs_destroy(&cs);
	return rc;
}

void
view_cache_clear(void)
{
	size_t	 i;

	for (i = 0; i < nparsed; i++) {
		cs_destroy(&parsed[i].cs);
		free(parsed[i].key);
	}
	nparsed = 0;
}

/* The length of the element starting at s when it is one whose text keeps its spaces (pre,
 * textarea) or is not HTML (script, style), up to and with its end tag; 0 otherwise. */
static size_t
verbatim_length(const char *s, size_t len)
{
	static const char *const names[] = { "pre", "textarea", "script", "style" };
	char		 end[16];
	size_t		 i, n, j, endlen;

	/* Most tags are none of these: one look at the first letter settles it. */
	if (len < 2 || strchr("pPtTsS", s[1]) == NULL || s[1] == '\0')
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (len < n + 2 || strncasecmp(s + 1, names[i], n) != 0 ||
		    (s[n + 1] != '>' && s[n + 1] != ' ' && s[n + 1] != '\n' && s[n + 1] != '\t'))
			continue;
		endlen = (size_t)snprintf(end, sizeof(end), "</%s", names[i]);
		for (j = n + 1; j + endlen <= len; j++)
			if (s[j] == '<' && strncasecmp(s + j, end, endlen) == 0)
				return j + endlen;
		return len;
	}
	return 0;
}

void
view_html_squeeze(struct buf *b)
{
	size_t	 i = 0, o = 0, j, k, n;
	char	*s = b->data, *next;

	if (s == NULL)
		return;
	while (i < b->len) {
		/* Copy up to the next tag's start or end in one move. */
		if ((next = strpbrk(s + i, "<>")) == NULL || (size_t)(next - s) >= b->len)
			j = b->len;
		else
			j = (size_t)(next - s);
		if (j > i) {
			memmove(s + o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		}
		if (s[i] == '<' && (n = verbatim_length(s + i, b->len - i)) > 0) {
			memmove(s + o, s + i, n);
			o += n;
			i += n;
			continue;
		}
		s[o++] = s[i++];
		if (s[i - 1] != '>')
			continue;
		/* Whitespace between two tags: only its line breaks are kept when it has any. */
		for (j = i, n = 0; j < b->len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' ||
		    s[j] == '\r'); j++)
			n += s[j] == '\n';
		if (n == 0 || j >= b->len || s[j] != '<')
			continue;
		for (k = 0; k < n; k++)
			s[o++] = '\n';
		i = j;
	}
	b->len = o;
	s[o] = '\0';
}
