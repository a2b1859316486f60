/* view.h: pages rendered from ClearSilver templates with HTML escaping on by default */
#ifndef CASEBOOK_VIEW_H
#define CASEBOOK_VIEW_H

#include <stddef.h>

#include "buf.h"

typedef struct _hdf HDF;

/* A new data tree for one page, with escaping switched on and the template directory as its
 * load path; NULL when memory runs out. */
HDF	*view_new(const char *template_dir);
void	 view_free(HDF *);
/* Set name (a printf format for the name, never for the value) to value; NULL value is skipped.
 * 0 or -1. */
int	 view_set(HDF *, const char *value, const char *namefmt, ...)
		__attribute__((format(printf, 3, 4)));
int	 view_set_int(HDF *, long long value, const char *namefmt, ...)
		__attribute__((format(printf, 3, 4)));
/* The value at name, or NULL. */
const char *view_get(HDF *, const char *name);
/* Render template (relative to the template directory) with the tree onto out; 0, or -1 with
 * the reason (for the log, never for the page) in err. */
int	 view_render(HDF *, const char *template_name, struct buf *out, char *err, size_t errsize);

/* The same, with the parse of template kept by this process and reused by later renders of
 * the same template with the same variant (the name of the page template it includes by a
 * value: the parse may depend on no other value of the tree), the same load path and escaping
 * mode.  Templates are read once per process: a changed template is seen by new workers. */
int	 view_render_cached(HDF *, const char *template_name, const char *variant,
	    struct buf *out, char *err, size_t errsize);
/* Take the indentation out of a rendered HTML page: whitespace between two tags that holds a
 * line break becomes its line breaks alone (which a browser shows alike, in white-space:
 * pre-line too); the text of pre, textarea, script and style elements is left as it is. */
void	 view_html_squeeze(struct buf *);
/* Forget every kept parse (for tests and leak checks). */
void	 view_cache_clear(void);

#endif
