/* test_form.c: declared fields are trimmed and checked by type and bounds, a problem becomes a
 * message on that field, input no form of ours could send is refused, and undeclared fields
 * never reach the handler */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "form.h"

/* Build a list from alternating key, value strings ending in NULL. */
static void
pairs(struct http_kvlist *l, const char *first, ...)
{
	va_list		 ap;
	const char	*k, *v;

	va_start(ap, first);
	for (k = first; k != NULL; k = va_arg(ap, const char *)) {
		v = va_arg(ap, const char *);
		http_kv_add(l, k, v, strlen(v));
	}
	va_end(ap);
}

/* Check one field of type t against one value; returns the message (NULL when fine) and
 * leaves the result in *out (num and present). */
static const char *
check_one(enum form_type t, unsigned flags, long long min, long long max, const char *value,
    struct form_value *out)
{
	const struct form_field	 fields[] = {
		{ "f", t, flags, 300, min, max, "Field" },
	};
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason, *msg;
	int			 rc;

	if (value != NULL)
		pairs(&l, "f", value, NULL);
	rc = form_check(&f, fields, 1, &l, &reason);
	memset(out, 0, sizeof(*out));
	if (rc != 0) {
		msg = "(form_check refused the input)";
	} else {
		msg = f.v[0].error;
		out->num = f.v[0].num;
		out->present = f.v[0].present;
		if (msg != NULL && f.nerrors != 1)
			msg = "(an error was not counted)";
		if (msg == NULL && f.nerrors != 0)
			msg = "(an error was counted without a message)";
	}
	form_free(&f);
	http_kvlist_free(&l);
	return msg;
}

static void
test_required_and_trim(void)
{
	const struct form_field	 fields[] = {
		{ "name", FORM_LINE, FORM_REQUIRED, 100, 0, 0, "Name" },
		{ "note", FORM_TEXT, 0, 1000, 0, 0, "Note" },
		{ "pw", FORM_PASSWORD, FORM_REQUIRED, 100, 0, 0, "Password" },
		{ "city", FORM_LINE, 0, 100, 0, 0, "City" },
	};
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason;
	int			 rc;

	pairs(&l, "note", "\r\n  two\nlines \t\r\n", "pw", "  spaced  ", "extra", "ignored",
	    "city", "   ", NULL);
	rc = form_check(&f, fields, 4, &l, &reason);
	ok(rc == 0 && reason == NULL, "a form with a missing required field still checks (0)");
	ok(f.v[0].error != NULL && strstr(f.v[0].error, "required") != NULL,
	    "a missing required field gets a message (%s)", f.v[0].error ? f.v[0].error : "none");
	ok(f.v[0].present == 0, "a missing field is not present");
	is_str(f.v[0].text, "", "a missing field's text is \"\", not NULL");
	is_str(f.v[1].text, "two\nlines", "text is trimmed at both ends, inner line break kept");
	ok(f.v[1].error == NULL && f.v[1].present, "the trimmed text has no error and is present");
	is_str(f.v[2].text, "  spaced  ", "a password is kept exactly as typed");
	ok(f.v[3].present == 0 && f.v[3].error == NULL,
	    "a blank optional field is absent without a message");
	is_str(f.v[3].text, "", "a blank field trims to \"\"");
	ok(f.nerrors == 1, "one error counted (%d)", f.nerrors);
	form_free(&f);
	http_kvlist_free(&l);

	/* The same form filled in: no errors. */
	pairs(&l, "name", "  Ada Lovelace ", "pw", "x", NULL);
	rc = form_check(&f, fields, 4, &l, &reason);
	ok(rc == 0 && f.nerrors == 0, "a filled-in form has no errors (%d)", f.nerrors);
	is_str(f.v[0].text, "Ada Lovelace", "a line is trimmed");
	ok(f.v[0].present == 1, "a filled field is present");
	form_free(&f);
	http_kvlist_free(&l);

	/* A required field of spaces only is missing. */
	pairs(&l, "name", " \t ", "pw", "x", NULL);
	rc = form_check(&f, fields, 4, &l, &reason);
	ok(rc == 0 && f.v[0].error != NULL && f.nerrors == 1,
	    "a required field of white space only is reported missing");
	form_free(&f);
	http_kvlist_free(&l);
}

static void
test_email(void)
{
	static const char *const good[] = {
		"a@example.org",
		"first.last+tag@mail.example.co.uk",
		"  padded@example.org  ",
		"x@y.z",
	};
	static const char *const bad[] = {
		"example.org",		/* no @ */
		"a@b@example.org",	/* two @ */
		"@example.org",		/* no local part */
		"a@",			/* no domain */
		"a@localhost",		/* no dot in the domain */
		".a@example.org",	/* dot at the start */
		"a.@example.org",	/* dot before the @ */
		"a@.example.org",	/* dot after the @ */
		"a@example.org.",	/* dot at the end */
		"a@example..org",	/* two dots */
		"a b@example.org",	/* space inside */
		"a@exa mple.org",	/* space in the domain */
		"a\t@example.org",	/* tab */
		"<a@example.org>",	/* angle brackets */
		"a@example.org,b@example.org",	/* a list */
		"\"a\"@example.org",	/* quotes */
	};
	struct form_value	 v;
	char			 addr[300];
	const char		*msg;
	size_t			 i;
	int			 r;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		msg = check_one(FORM_EMAIL, 0, 0, 0, good[i], &v);
		ok(msg == NULL, "valid address \"%s\" accepted%s%s", good[i], msg ? ": " : "",
		    msg ? msg : "");
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg = check_one(FORM_EMAIL, 0, 0, 0, bad[i], &v);
		ok(msg != NULL, "invalid address \"%s\" gets a message", bad[i]);
	}

	/* 254 characters is the longest address; 255 is one too many. */
	memset(addr, 'a', 64);
	addr[64] = '@';
	memset(addr + 65, 'b', 254 - 65 - 4);
	memcpy(addr + 254 - 4, ".org", 5);
	ok(strlen(addr) == 254, "built a 254-character address");
	r = form_email_valid(addr);
	ok(r == 1, "a 254-character address is valid");
	memcpy(addr + 254 - 4, "b.org", 6);
	ok(strlen(addr) == 255, "built a 255-character address");
	r = form_email_valid(addr);
	ok(r == 0, "a 255-character address is invalid");
	msg = check_one(FORM_EMAIL, 0, 0, 0, addr, &v);
	ok(msg != NULL, "a 255-character address gets a message from form_check");

	/* The local part is at most 64 characters. */
	memset(addr, 'a', 65);
	memcpy(addr + 65, "@example.org", 13);
	r = form_email_valid(addr);
	ok(r == 0, "a 65-character local part is invalid");
	r = form_email_valid(addr + 1);
	ok(r == 1, "a 64-character local part is valid");
}

static void
test_int(void)
{
	struct form_value	 v;
	const char		*msg;

	msg = check_one(FORM_INT, 0, 0, 100, "42", &v);
	ok(msg == NULL && v.num == 42, "\"42\" in [0,100] parses to 42 (%lld)", v.num);
	msg = check_one(FORM_INT, 0, 0, 100, " 7 ", &v);
	ok(msg == NULL && v.num == 7, "\" 7 \" is trimmed and parses to 7 (%lld)", v.num);
	msg = check_one(FORM_INT, 0, 0, 100, "0", &v);
	ok(msg == NULL && v.num == 0 && v.present, "the lower bound itself is allowed");
	msg = check_one(FORM_INT, 0, 0, 100, "100", &v);
	ok(msg == NULL && v.num == 100, "the upper bound itself is allowed");
	msg = check_one(FORM_INT, 0, 0, 100, "101", &v);
	ok(msg != NULL, "one over the upper bound gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "-1", &v);
	ok(msg != NULL, "\"-1\" below a lower bound of 0 gets a message");
	msg = check_one(FORM_INT, 0, -10, 10, "-10", &v);
	ok(msg == NULL && v.num == -10, "a negative lower bound is allowed (%lld)", v.num);
	msg = check_one(FORM_INT, 0, 0, 100, "12a", &v);
	ok(msg != NULL, "\"12a\" gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "a12", &v);
	ok(msg != NULL, "\"a12\" gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "1 2", &v);
	ok(msg != NULL, "\"1 2\" gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "1.5", &v);
	ok(msg != NULL, "\"1.5\" gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "0x10", &v);
	ok(msg != NULL, "\"0x10\" gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "-", &v);
	ok(msg != NULL, "a lone \"-\" gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "", &v);
	ok(msg == NULL && v.present == 0 && v.num == 0,
	    "an empty optional number is absent without a message");
	msg = check_one(FORM_INT, FORM_REQUIRED, 0, 100, "", &v);
	ok(msg != NULL, "an empty required number gets a message");
	msg = check_one(FORM_INT, 0, 0, 100, "99999999999999999999", &v);
	ok(msg != NULL, "a number beyond long long gets a message");
	msg = check_one(FORM_INT, 0, -9223372036854775807LL - 1, 9223372036854775807LL,
	    "-99999999999999999999", &v);
	ok(msg != NULL, "a number below long long gets a message, even with the widest bounds");
	msg = check_one(FORM_INT, 0, -9223372036854775807LL - 1, 9223372036854775807LL,
	    "9223372036854775807", &v);
	ok(msg == NULL && v.num == 9223372036854775807LL, "LLONG_MAX itself parses");
}

static void
test_bool_token(void)
{
	struct form_value	 v;
	const char		*msg;

	msg = check_one(FORM_BOOL, 0, 0, 0, "on", &v);
	ok(msg == NULL && v.num == 1, "a checked box (\"on\") is true");
	msg = check_one(FORM_BOOL, 0, 0, 0, "1", &v);
	ok(msg == NULL && v.num == 1, "\"1\" is true");
	msg = check_one(FORM_BOOL, 0, 0, 0, "0", &v);
	ok(msg == NULL && v.num == 0, "\"0\" is false");
	msg = check_one(FORM_BOOL, 0, 0, 0, NULL, &v);
	ok(msg == NULL && v.num == 0 && v.present == 0, "an unchecked box (absent) is false");

	msg = check_one(FORM_TOKEN, 0, 0, 0, "Abc-09_z", &v);
	ok(msg == NULL, "letters, digits, '-' and '_' make a token");
	msg = check_one(FORM_TOKEN, 0, 0, 0, "a b", &v);
	ok(msg != NULL, "a token with a space gets a message");
	msg = check_one(FORM_TOKEN, 0, 0, 0, "a.b", &v);
	ok(msg != NULL, "a token with a dot gets a message");
	msg = check_one(FORM_TOKEN, 0, 0, 0, "a/../b", &v);
	ok(msg != NULL, "a token with slashes gets a message");
	msg = check_one(FORM_TOKEN, 0, 0, 0, "\xc3\xa9t\xc3\xa9", &v);
	ok(msg != NULL, "a token with non-ASCII letters gets a message");
}

static void
test_path(void)
{
	struct form_value	 v;
	const char		*msg;
	int			 r;

	r = form_local_path("/x");
	ok(r == 1, "\"/x\" is a local path");
	r = form_local_path("/");
	ok(r == 1, "\"/\" is a local path");
	r = form_local_path("/clients/42?tab=notes");
	ok(r == 1, "a path with a query is a local path");
	r = form_local_path("//evil.example");
	ok(r == 0, "\"//evil.example\" is refused (another host)");
	r = form_local_path("/\\evil.example");
	ok(r == 0, "\"/\\evil.example\" is refused (browsers read it as another host)");
	r = form_local_path("http://x");
	ok(r == 0, "\"http://x\" is refused");
	r = form_local_path("");
	ok(r == 0, "\"\" is refused");
	r = form_local_path("x/y");
	ok(r == 0, "a relative path is refused");
	r = form_local_path("/a\r\nLocation: http://evil");
	ok(r == 0, "a path with CR LF is refused");
	r = form_local_path("/a\\b");
	ok(r == 0, "a path with a backslash anywhere is refused");

	msg = check_one(FORM_PATH, 0, 0, 0, "/clients", &v);
	ok(msg == NULL, "FORM_PATH accepts \"/clients\"");
	msg = check_one(FORM_PATH, 0, 0, 0, "//evil", &v);
	ok(msg != NULL, "FORM_PATH gives \"//evil\" a message");
	msg = check_one(FORM_PATH, 0, 0, 0, "/\\evil", &v);
	ok(msg != NULL, "FORM_PATH gives \"/\\evil\" a message");
	msg = check_one(FORM_PATH, 0, 0, 0, "http://x", &v);
	ok(msg != NULL, "FORM_PATH gives \"http://x\" a message");
}

static void
test_line_text(void)
{
	struct form_value	 v;
	const char		*msg;

	msg = check_one(FORM_LINE, 0, 0, 0, "one\ntwo", &v);
	ok(msg != NULL, "a line with a newline inside gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "one\rtwo", &v);
	ok(msg != NULL, "a line with a CR inside gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "one\ttwo", &v);
	ok(msg != NULL, "a line with a tab inside gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "a\x7f", &v);
	ok(msg != NULL, "a line with DEL gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "Zo\xc3\xab M\xc3\xbcller", &v);
	ok(msg == NULL, "a line with accented letters is fine");
	msg = check_one(FORM_TEXT, 0, 0, 0, "one\r\ntwo\tthree", &v);
	ok(msg == NULL, "text may hold line breaks and tabs");
	msg = check_one(FORM_TEXT, 0, 0, 0, "one\x1btwo", &v);
	ok(msg != NULL, "text with an escape character gets a message");
	/* C1 controls: a name holding NEL (U+0085) could never go into a mail header */
	msg = check_one(FORM_LINE, 0, 0, 0, "Eve\xc2\x85", &v);
	ok(msg != NULL, "a line with NEL (U+0085) gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "\xc2\x80x", &v);
	ok(msg != NULL, "a line with U+0080 gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "a\xc2\x9f" "b", &v);
	ok(msg != NULL, "a line with U+009F gets a message");
	msg = check_one(FORM_TEXT, 0, 0, 0, "one\xc2\x9btwo", &v);
	ok(msg != NULL, "text with CSI (U+009B) gets a message");
	msg = check_one(FORM_LINE, 0, 0, 0, "\xc2\xa0no-break \xc2\xa9 \xc2\xbf", &v);
	ok(msg == NULL, "a line with U+00A0, U+00A9 and U+00BF is fine");
}

static void
test_oversize(void)
{
	const struct form_field	 fields[] = {
		{ "code", FORM_LINE, 0, 3, 0, 0, "Postcode" },
	};
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason;
	int			 rc;

	pairs(&l, "code", "\xc3\xa4\xc3\xb6\xc3\xbc", NULL);	/* 3 characters, 6 bytes */
	rc = form_check(&f, fields, 1, &l, &reason);
	ok(rc == 0 && f.nerrors == 0, "\"\xc3\xa4\xc3\xb6\xc3\xbc\" (3 characters, 6 bytes) fits "
	    "a maximum of 3");
	is_str(rc == 0 ? f.v[0].text : NULL, "\xc3\xa4\xc3\xb6\xc3\xbc", "and is kept whole");
	form_free(&f);
	http_kvlist_free(&l);

	pairs(&l, "code", "abc", NULL);
	rc = form_check(&f, fields, 1, &l, &reason);
	ok(rc == 0, "exactly 3 characters fit a maximum of 3");
	form_free(&f);
	http_kvlist_free(&l);

	pairs(&l, "code", "abcd", NULL);
	reason = NULL;
	rc = form_check(&f, fields, 1, &l, &reason);
	ok(rc == -1, "4 characters for a maximum of 3 are refused (-1)");
	ok(reason != NULL && strstr(reason, "Postcode") != NULL,
	    "the reason names the field's label (%s)", reason ? reason : "none");
	form_free(&f);
	http_kvlist_free(&l);

	pairs(&l, "code", "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\xa4", NULL);
	rc = form_check(&f, fields, 1, &l, &reason);
	ok(rc == -1, "4 two-byte characters for a maximum of 3 are refused");
	form_free(&f);
	http_kvlist_free(&l);

	ok(form_utf8_length("\xf0\x9f\x98\x80x\xe2\x82\xac") == 3,
	    "form_utf8_length counts characters, not bytes");
}

static void
test_undeclared_and_repeated(void)
{
	const struct form_field	 fields[] = {
		{ "role", FORM_TOKEN, 0, 20, 0, 0, "Role" },
		{ "age", FORM_INT, 0, 10, 0, 150, "Age" },
	};
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason;
	size_t			 i;
	int			 rc, seen_admin = 0;

	pairs(&l, "role", "staff", "role", "admin", "is_admin", "1", "age", "30", "age", "x",
	    NULL);
	rc = form_check(&f, fields, 2, &l, &reason);
	ok(rc == 0 && f.nerrors == 0, "undeclared fields cause no error (%d)", f.nerrors);
	ok(f.n == 2, "the form holds only the declared fields (%zu)", f.n);
	is_str(f.v[0].text, "staff", "a repeated key: the first value wins");
	ok(f.v[1].num == 30, "a repeated number: the first value wins (%lld)", f.v[1].num);
	for (i = 0; i < f.n; i++)
		if (strcmp(f.v[i].text, "admin") == 0 || strcmp(f.v[i].text, "1") == 0)
			seen_admin = 1;
	ok(!seen_admin, "neither the second value nor the undeclared field reach the form");
	form_free(&f);
	http_kvlist_free(&l);
}

static void
test_form_error(void)
{
	const struct form_field	 fields[] = {
		{ "email", FORM_EMAIL, FORM_REQUIRED, 254, 0, 0, "Email" },
		{ "pw", FORM_PASSWORD, FORM_REQUIRED, 200, 0, 0, "Password" },
	};
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason;
	int			 rc;

	pairs(&l, "email", "a@example.org", "pw", "hunter2", NULL);
	rc = form_check(&f, fields, 2, &l, &reason);
	ok(rc == 0 && f.nerrors == 0, "a valid sign-in form has no errors");
	form_error(&f, 1, "Wrong email or password.");
	ok(f.nerrors == 1, "form_error counts one error (%d)", f.nerrors);
	is_str(f.v[1].error, "Wrong email or password.", "form_error sets the message");
	form_error(&f, 1, "Try again later.");
	ok(f.nerrors == 1, "a second message on the same field counts once (%d)", f.nerrors);
	is_str(f.v[1].error, "Try again later.", "the later message replaces the earlier");
	form_error(&f, 2, "out of range");
	ok(f.nerrors == 1, "form_error on a field that does not exist is ignored");
	form_error(&f, 0, "Unknown address.");
	ok(f.nerrors == 2, "a message on another field counts again (%d)", f.nerrors);
	form_free(&f);
	http_kvlist_free(&l);

	/* A field that already failed its check is not counted twice. */
	pairs(&l, "email", "not-an-address", "pw", "x", NULL);
	rc = form_check(&f, fields, 2, &l, &reason);
	ok(rc == 0 && f.nerrors == 1 && f.v[0].error != NULL, "an invalid email counts one error");
	form_error(&f, 0, "Unknown address.");
	ok(f.nerrors == 1, "form_error on a field with an error already counts once (%d)",
	    f.nerrors);
	form_free(&f);
	http_kvlist_free(&l);
}

static void
test_too_many_fields(void)
{
	static struct form_field fields[FORM_FIELDS_MAX + 1];
	struct http_kvlist	 l = { 0 };
	struct form		 f;
	const char		*reason = NULL;
	size_t			 i;
	int			 rc;

	for (i = 0; i < FORM_FIELDS_MAX + 1; i++) {
		fields[i].name = "x";
		fields[i].type = FORM_LINE;
		fields[i].maxlen = 10;
		fields[i].label = "X";
	}
	rc = form_check(&f, fields, FORM_FIELDS_MAX, &l, &reason);
	ok(rc == 0, "a form of FORM_FIELDS_MAX fields checks");
	form_free(&f);
	rc = form_check(&f, fields, FORM_FIELDS_MAX + 1, &l, &reason);
	ok(rc == -1 && reason != NULL, "a form declaring more than FORM_FIELDS_MAX is refused");
	form_free(&f);
}

int
main(void)
{
	test_required_and_trim();
	test_email();
	test_int();
	test_bool_token();
	test_path();
	test_line_text();
	test_oversize();
	test_undeclared_and_repeated();
	test_form_error();
	test_too_many_fields();
	return tap_done();
}
