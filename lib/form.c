/* form.c: declared fields, checked before the handler runs */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

size_t
form_utf8_length(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
form_email_valid(const char *s)
{
	const char	*at, *p, *dot;
	size_t		 len = strlen(s);

	if (len < 3 || len > 254 || (at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	if (at == s || at - s > 64 || at[1] == '\0')
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || *p == '"' || *p == '(' || *p == ')' ||
		    *p == '[' || *p == ']' || *p == '\\')
			return 0;
	/* the domain: labels separated by single dots, at least one dot, no dot at either end */
	if ((dot = strchr(at + 1, '.')) == NULL || at[1] == '.' || s[len - 1] == '.' ||
	    strstr(at + 1, "..") != NULL || *(at - 1) == '.' || s[0] == '.')
		return 0;
	return 1;
}

int
form_local_path(const char *s)
{
	const char	*p;

	if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

/* Trim surrounding white space into a new string. */
static char *
trimmed(const char *s)
{
	const char	*end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
	    end[-1] == '\n'))
		end--;
	return strndup(s, (size_t)(end - s));
}

void
form_error(struct form *f, size_t i, const char *message)
{
	if (i >= f->n)
		return;
	if (f->v[i].error == NULL)
		f->nerrors++;
	f->v[i].error = message;
}

/* 1 when the UTF-8 at p is a C1 control character (U+0080..U+009F, such as NEL): control
 * characters like CR and LF, which mail headers and one-line fields must not hold. */
static int
c1_control(const char *p)
{
	return (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] >= 0x80 &&
	    (unsigned char)p[1] <= 0x9f;
}

static const char *
check_value(const struct form_field *d, struct form_value *v)
{
	const char	*p;
	char		*end;
	long long	 n;

	switch (d->type) {
	case FORM_LINE:
		for (p = v->text; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f || c1_control(p))
				return "Use a single line without control characters.";
		break;
	case FORM_TEXT:
		for (p = v->text; *p != '\0'; p++)
			if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') ||
			    *p == 0x7f || c1_control(p))
				return "Remove the control characters from this text.";
		break;
	case FORM_EMAIL:
		if (!form_email_valid(v->text))
			return "Enter an email address like name@example.org.";
		break;
	case FORM_INT:
		errno = 0;
		n = strtoll(v->text, &end, 10);
		if (errno != 0 || end == v->text || *end != '\0' || n < d->min || n > d->max)
			return "Enter a whole number in the allowed range.";
		v->num = n;
		break;
	case FORM_BOOL:
		v->num = strcmp(v->text, "0") != 0;
		break;
	case FORM_TOKEN:
		for (p = v->text; *p != '\0'; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
				return "This value is not one of the choices.";
		break;
	case FORM_PATH:
		if (!form_local_path(v->text))
			return "This is not an address on this site.";
		break;
	case FORM_PASSWORD:
	default:
		break;
	}
	return NULL;
}

const char *
form_value_check(const struct form_field *d, const char *text)
{
	struct form_value	 v;

	if (*text == '\0')
		return (d->flags & FORM_REQUIRED) ? "This field is required." : NULL;
	memset(&v, 0, sizeof(v));
	v.text = text;
	return check_value(d, &v);
}

/* Collect every value of a repeated id field; 0, or -1 with the reason in f->reason. */
static int
collect_ids(struct form *f, const struct form_field *d, struct form_value *v,
    const struct http_kvlist *src)
{
	size_t		 i, count = 0;
	long long	 id;
	char		*end;

	for (i = 0; i < src->n; i++)
		if (strcmp(src->v[i].key, d->name) == 0)
			count++;
	if (count > d->maxlen) {
		snprintf(f->reason, sizeof(f->reason), "More than %zu records were chosen at once.",
		    d->maxlen);
		return -1;
	}
	if (count == 0)
		return 0;
	if ((v->ids = calloc(count, sizeof(*v->ids))) == NULL) {
		snprintf(f->reason, sizeof(f->reason), "Out of memory.");
		return -1;
	}
	for (i = 0; i < src->n; i++) {
		if (strcmp(src->v[i].key, d->name) != 0)
			continue;
		errno = 0;
		id = strtoll(src->v[i].value, &end, 10);
		if (errno != 0 || end == src->v[i].value || *end != '\0' || id < 1) {
			snprintf(f->reason, sizeof(f->reason), "\"%s\" holds something that is not "
			    "a record number.", d->label);
			return -1;
		}
		v->ids[v->nids++] = id;
	}
	v->present = 1;
	return 0;
}

int
form_check(struct form *f, const struct form_field *fields, size_t n,
    const struct http_kvlist *src, const char **reason)
{
	const struct form_field	*d;
	struct form_value	*v;
	const char	*raw;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	*reason = NULL;
	if (n > FORM_FIELDS_MAX) {
		*reason = "The form declares too many fields.";
		return -1;
	}
	f->fields = fields;
	f->n = n;
	for (i = 0; i < n; i++) {
		d = &fields[i];
		v = &f->v[i];
		v->text = "";
		if (d->type == FORM_IDLIST) {
			if (collect_ids(f, d, v, src) == -1) {
				*reason = f->reason;
				return -1;
			}
			if (!v->present && (d->flags & FORM_REQUIRED))
				form_error(f, i, "Choose at least one.");
			continue;
		}
		if ((raw = http_kv_get(src, d->name)) == NULL)
			raw = "";
		if (form_utf8_length(raw) > d->maxlen) {
			snprintf(f->reason, sizeof(f->reason),
			    "The field \"%s\" is longer than %zu characters.", d->label, d->maxlen);
			*reason = f->reason;
			return -1;
		}
		if (d->type == FORM_PASSWORD)
			v->text = raw;
		else {
			if ((f->owned[i] = trimmed(raw)) == NULL) {
				*reason = "Out of memory.";
				return -1;
			}
			v->text = f->owned[i];
		}
		v->present = v->text[0] != '\0';
		if (!v->present) {
			if (d->flags & FORM_REQUIRED)
				form_error(f, i, "This field is required.");
			continue;
		}
		if ((v->error = check_value(d, v)) != NULL)
			f->nerrors++;
	}
	return 0;
}

void
form_free(struct form *f)
{
	size_t	 i;

	for (i = 0; i < FORM_FIELDS_MAX; i++) {
		free(f->owned[i]);
		f->owned[i] = NULL;
		free(f->v[i].ids);
		f->v[i].ids = NULL;
		f->v[i].nids = 0;
	}
}
