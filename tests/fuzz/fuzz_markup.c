/* fuzz_markup.c: the text of a note, comment or task (lib/markup): whatever is typed, the
 * HTML holds only the tags the formatter makes, every attribute it writes is quoted, and the
 * output is valid UTF-8. */
/* fuzz-sources: lib/buf.c lib/markup.c lib/csv.c */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "csv.h"
#include "markup.h"
#include "fuzz.h"

static const char *const allowed[] = {
	"p>", "/p>", "br>", "strong>", "/strong>", "em>", "/em>", "ul>", "/ul>", "ol>", "/ol>",
	"li>", "/li>", "a href=\"", "/a>", NULL
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { 0 };
	const char	*p;
	size_t		 i;
	int		 known;

	FUZZ_ASSERT(markup_render(&out, (const char *)data, size) == 0);
	if (out.data == NULL)
		return 0;
	FUZZ_ASSERT(strlen(out.data) == out.len);	/* no NUL inside */
	FUZZ_ASSERT(csv_utf8_valid(out.data, out.len));
	for (p = out.data; (p = strchr(p, '<')) != NULL; p++) {
		known = 0;
		for (i = 0; allowed[i] != NULL; i++)
			if (strncmp(p + 1, allowed[i], strlen(allowed[i])) == 0)
				known = 1;
		FUZZ_ASSERT(known);
		if (strncmp(p + 1, "a href=\"", 8) == 0) {
			const char *href = p + 9;

			/* schemes are case-insensitive ("HTTPS://" is https) */
			FUZZ_ASSERT(strncasecmp(href, "http://", 7) == 0 ||
			    strncasecmp(href, "https://", 8) == 0 ||
			    strncasecmp(href, "mailto:", 7) == 0);
			/* the address ends at a quote: no raw quote or angle bracket inside */
			FUZZ_ASSERT(strcspn(href, "\"<>") == strcspn(href, "\""));
		}
	}
	buf_free(&out);
	return 0;
}
