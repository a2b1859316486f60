/* form.h: every field a page reads is declared once with its type and bounds, and checked
 * before the handler runs */
#ifndef CASEBOOK_FORM_H
#define CASEBOOK_FORM_H

#include <stddef.h>

#include "http.h"

enum form_type {
	FORM_LINE,	/* one line of text, trimmed, no control characters */
	FORM_TEXT,	/* several lines of text, trimmed */
	FORM_EMAIL,	/* an email address, trimmed */
	FORM_PASSWORD,	/* kept exactly as typed */
	FORM_INT,	/* a whole number within [min, max] */
	FORM_BOOL,	/* a checkbox: present and not "0" is true */
	FORM_TOKEN,	/* letters, digits, '-' and '_' (tokens, enum values) */
	FORM_PATH,	/* a local path to return to: starts with one '/' */
	FORM_IDLIST,	/* every value of a repeated field (checkboxes), each a record id;
			 * maxlen is the most that may be sent */
	FORM__MAX
};

#define FORM_REQUIRED	0x01	/* empty is an error shown next to the field */

struct form_field {
	const char	*name;
	enum form_type	 type;
	unsigned	 flags;
	size_t		 maxlen;	/* characters; longer input is refused with 400 */
	long long	 min, max;	/* FORM_INT bounds */
	const char	*label;		/* for messages: "Email" */
};

struct form_value {
	const char	*text;		/* the checked text, "" when absent; never NULL */
	long long	 num;		/* FORM_INT and FORM_BOOL */
	int		 present;	/* sent and not empty */
	const char	*error;		/* a message for the person filling the form, or NULL */
	long long	*ids;		/* FORM_IDLIST: the ids in the order sent */
	size_t		 nids;
};

#define FORM_FIELDS_MAX	64

struct form {
	const struct form_field	*fields;
	size_t			 n;
	struct form_value	 v[FORM_FIELDS_MAX];
	int			 nerrors;
	char			*owned[FORM_FIELDS_MAX];	/* trimmed copies */
	char			 reason[160];	/* why the input was refused */
};

/* Check the fields declared in fields[n] against the pairs in src (fields not declared are
 * ignored).  Returns 0 with per-field messages in form->v[i].error (form->nerrors counts
 * them), or -1 with *reason when the input is not something a form of ours could send (too
 * long for its field): the page answers 400. */
int	form_check(struct form *, const struct form_field *, size_t n,
	    const struct http_kvlist *src, const char **reason);
/* Release what form_check allocated. */
void	form_free(struct form *);
/* Set the message of field i (a later check, such as "wrong password"). */
void	form_error(struct form *, size_t i, const char *message);

/* Check one value as form_check checks a field (text already trimmed, its length already
 * checked against d->maxlen): the message for the person who typed it, or NULL when it
 * passes.  For values that come from elsewhere than a form (an imported file). */
const char *form_value_check(const struct form_field *d, const char *text);
/* Number of Unicode characters in valid UTF-8 text. */
size_t	form_utf8_length(const char *);
/* 1 when s looks like an email address a mail server would accept. */
int	form_email_valid(const char *);
/* 1 when s is a local path safe to redirect to ("/x", not "//host" or "/\\host"). */
int	form_local_path(const char *);

#endif
