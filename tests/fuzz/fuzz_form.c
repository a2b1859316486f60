/* fuzz_form.c: a url-encoded form checked against declared fields of every kind (form_check),
 * as the worker does before any handler runs */
/* fuzz-sources: lib/buf.c lib/http.c lib/form.c */
#include "config.h"

#include <string.h>

#include "form.h"
#include "fuzz.h"

static const struct form_field fields[] = {
	{ "line", FORM_LINE, FORM_REQUIRED, 20, 0, 0, "Line" },
	{ "text", FORM_TEXT, 0, 200, 0, 0, "Text" },
	{ "email", FORM_EMAIL, 0, 254, 0, 0, "Email" },
	{ "password", FORM_PASSWORD, 0, 64, 0, 0, "Password" },
	{ "n", FORM_INT, 0, 20, -5, 1000, "Number" },
	{ "b", FORM_BOOL, 0, 1, 0, 0, "Box" },
	{ "t", FORM_TOKEN, 0, 40, 0, 0, "Token" },
	{ "next", FORM_PATH, 0, 200, 0, 0, "Next" },
	{ "id", FORM_IDLIST, FORM_REQUIRED, 5, 0, 0, "Records" },
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason, *p;
	char			*s;
	size_t			 i, k;
	int			 errors = 0;

	s = fuzz_string(data, size);
	if (http_parse_urlencoded(s, size, &l, &reason) != HTTP_PARSE_OK)
		goto out;
	if (form_check(&f, fields, NFIELDS, &l, &reason) == -1) {
		FUZZ_ASSERT(reason != NULL);
		form_free(&f);
		goto out;
	}
	for (i = 0; i < NFIELDS; i++) {
		const struct form_value	*v = &f.v[i];

		FUZZ_ASSERT(v->text != NULL);
		if (v->error != NULL) {
			errors++;
			continue;
		}
		if (!v->present)
			continue;
		/* what a handler may take for granted about a checked value */
		switch (fields[i].type) {
		case FORM_LINE:
			FUZZ_ASSERT(strpbrk(v->text, "\r\n\t") == NULL);
			/* FALLTHROUGH */
		case FORM_TEXT:
			/* no control character, C0, DEL or C1 (U+0080..U+009F) */
			for (p = v->text; *p != '\0'; p++) {
				FUZZ_ASSERT(*p != 0x7f);
				FUZZ_ASSERT((unsigned char)*p >= 0x20 || *p == '\n' ||
				    *p == '\r' || *p == '\t');
				FUZZ_ASSERT(!((unsigned char)p[0] == 0xc2 &&
				    (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f));
			}
			FUZZ_ASSERT(form_utf8_length(v->text) <= fields[i].maxlen);
			FUZZ_ASSERT(v->text[0] != ' ' && v->text[strlen(v->text) - 1] != ' ');
			break;
		case FORM_EMAIL:
			FUZZ_ASSERT(strchr(v->text, '@') != NULL);
			FUZZ_ASSERT(strpbrk(v->text, "\r\n <>\"") == NULL);
			break;
		case FORM_INT:
			FUZZ_ASSERT(v->num >= fields[i].min && v->num <= fields[i].max);
			break;
		case FORM_TOKEN:
			FUZZ_ASSERT(strspn(v->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_") == strlen(v->text));
			break;
		case FORM_PATH:
			FUZZ_ASSERT(v->text[0] == '/' && v->text[1] != '/' && v->text[1] != '\\');
			FUZZ_ASSERT(strpbrk(v->text, "\r\n\\") == NULL);
			break;
		case FORM_IDLIST:
			FUZZ_ASSERT(v->nids >= 1 && v->nids <= fields[i].maxlen);
			for (k = 0; k < v->nids; k++)
				FUZZ_ASSERT(v->ids[k] >= 1);
			break;
		default:
			break;
		}
	}
	FUZZ_ASSERT(errors == f.nerrors);
	form_free(&f);
out:
	http_kvlist_free(&l);
	free(s);
	return 0;
}
