/* view.c: pages rendered from ClearSilver templates with HTML escaping on by default */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

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

int
view_render(HDF *hdf, const char *template_name, struct buf *out, char *errtext, size_t errsize)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;
	STRING	 msg;
	int	 rc = -1;

	if ((err = cs_init(&cs, hdf)) != STATUS_OK)
		goto out;
	if ((err = cgi_register_strfuncs(cs)) != STATUS_OK)
		goto out;
	if ((err = cs_parse_file(cs, template_name)) != STATUS_OK)
		goto out;
	if ((err = cs_render(cs, out, render_to_buf)) != STATUS_OK)
		goto out;
	rc = 0;
out:
	if (err != STATUS_OK) {
		string_init(&msg);
		nerr_error_string(err, &msg);
		snprintf(errtext, errsize, "%s: %s", template_name, msg.buf ? msg.buf : "error");
		string_clear(&msg);
		nerr_ignore(&err);
	}
	if (cs != NULL)
		cs_destroy(&cs);
	return rc;
}
