/* test_phone.c: numbers typed in the ways people type them become one E.164 form, anything
 * else is refused with the reason, stored numbers show in readable groups, and the country list
 * is complete enough to choose from */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "phone.h"

/* Parse input and check both the result and the E.164 text ("" when refused). */
static void
parses(const char *input, const char *country, enum phone_result want, const char *want_e164)
{
	char			 out[PHONE_E164_MAX];
	enum phone_result	 got;

	memset(out, 'x', sizeof(out));
	got = phone_parse(input, country, out);
	ok(got == want, "\"%s\" with %s: result %d, want %d", input ? input : "(null)",
	    country ? country : "(null)", (int)got, (int)want);
	is_str(out, want_e164, "\"%s\" with %s: \"%s\"", input ? input : "(null)",
	    country ? country : "(null)", want_e164);
}

/* Parse what a person typed, format it, and parse the formatted text again. */
static void
round_trip(const char *input, const char *country, const char *want_e164,
    const char *want_shown)
{
	char	 e164[PHONE_E164_MAX], shown[64], again[PHONE_E164_MAX];

	ok(phone_parse(input, country, e164) == PHONE_OK, "\"%s\" parses", input);
	is_str(e164, want_e164, "\"%s\" is %s", input, want_e164);
	phone_format(e164, shown, sizeof(shown));
	is_str(shown, want_shown, "%s shows as \"%s\"", want_e164, want_shown);
	ok(phone_parse(shown, NULL, again) == PHONE_OK, "\"%s\" parses back", shown);
	is_str(again, e164, "\"%s\" parses back to %s", shown, e164);
}

/* Compare country names as a reader sorts them: case and the accents in the table ignored. */
static int
name_compare(const char *a, const char *b)
{
	static const struct {
		const char	*accented;
		char		 plain;
	} folds[] = {
		{ "Å", 'a' }, { "ç", 'c' }, { "é", 'e' }, { "í", 'i' }, { "ã", 'a' }, { "ô", 'o' },
	};
	char	 ca, cb;
	size_t	 i, la, lb;

	for (;;) {
		ca = *a;
		cb = *b;
		la = lb = 1;
		for (i = 0; i < sizeof(folds) / sizeof(folds[0]); i++) {
			if (strncmp(a, folds[i].accented, strlen(folds[i].accented)) == 0) {
				ca = folds[i].plain;
				la = strlen(folds[i].accented);
			}
			if (strncmp(b, folds[i].accented, strlen(folds[i].accented)) == 0) {
				cb = folds[i].plain;
				lb = strlen(folds[i].accented);
			}
		}
		if (ca >= 'A' && ca <= 'Z')
			ca = (char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (char)(cb - 'A' + 'a');
		if (ca != cb || ca == '\0')
			return (unsigned char)ca - (unsigned char)cb;
		a += la;
		b += lb;
	}
}

static void
test_parse(void)
{
	/* the forms people type */
	parses("+1 (555) 123-4567", NULL, PHONE_OK, "+15551234567");
	parses("0044 20 7946 0958", NULL, PHONE_OK, "+442079460958");
	parses("020 7946 0958", "GB", PHONE_OK, "+442079460958");
	parses("555-123-4567", "US", PHONE_OK, "+15551234567");
	parses("+1 555 123 4567", "US", PHONE_OK, "+15551234567");
	parses("1-555-123-4567", "US", PHONE_OK, "+15551234567");
	parses("00 1 555 123 4567", NULL, PHONE_OK, "+15551234567");
	parses("555.123.4567", "CA", PHONE_OK, "+15551234567");
	parses("  +44 20 7946 0958  ", NULL, PHONE_OK, "+442079460958");
	parses("(+44) 20 7946 0958", NULL, PHONE_OK, "+442079460958");
	parses("030/1234567", "DE", PHONE_OK, "+49301234567");
	parses("+33 1 23 45 67 89", "GB", PHONE_OK, "+33123456789");

	/* the trunk prefix: "(0)" and a habitual '0' after the code go, Italy keeps its '0' */
	parses("+49 (0)30 1234567", NULL, PHONE_OK, "+49301234567");
	parses("0049 (0)30 1234567", NULL, PHONE_OK, "+49301234567");
	parses("+44 (0) 20 7946 0958", NULL, PHONE_OK, "+442079460958");
	parses("+44 020 7946 0958", NULL, PHONE_OK, "+442079460958");
	parses("+39 06 6988 1234", NULL, PHONE_OK, "+390669881234");
	parses("06 6988 1234", "IT", PHONE_OK, "+390669881234");
	parses("(0)20 7946 0958", "GB", PHONE_OK, "+442079460958");
	parses("+44 0020 7946 0958", NULL, PHONE_INVALID, "");
	parses("+44 (0)020 7946 0958", NULL, PHONE_OK, "+442079460958");

	/* the calling code is the longest known prefix */
	parses("+353 1 234 5678", NULL, PHONE_OK, "+35312345678");
	parses("+1 268 555 0123", NULL, PHONE_OK, "+12685550123");
	parses("+7 495 123 45 67", NULL, PHONE_OK, "+74951234567");
	parses("+420 601 123 456", NULL, PHONE_OK, "+420601123456");
	parses("+800 1234 5678", NULL, PHONE_INVALID, "");
	parses("+0 20 7946 0958", NULL, PHONE_INVALID, "");

	/* pasted from a web page or a word processor */
	parses("020\xc2\xa0" "7946\xc2\xa0" "0958", "GB", PHONE_OK, "+442079460958");
	parses("555\xe2\x80\x91" "123\xe2\x80\x93" "4567", "US", PHONE_OK, "+15551234567");
	parses("\xc2\xa0 \xe2\x80\xaf", "GB", PHONE_EMPTY, "");

	/* no country to place a national number in */
	parses("(555) 123-4567", NULL, PHONE_NO_COUNTRY, "");
	parses("(555) 123-4567", "", PHONE_NO_COUNTRY, "");
	parses("(555) 123-4567", "ZZ", PHONE_NO_COUNTRY, "");
	parses("(555) 123-4567", "us", PHONE_NO_COUNTRY, "");
	parses("(555) 123-4567", "USA", PHONE_NO_COUNTRY, "");

	/* nothing typed */
	parses("", "GB", PHONE_EMPTY, "");
	parses("   ", "GB", PHONE_EMPTY, "");
	parses(NULL, "GB", PHONE_EMPTY, "");

	/* not a phone number */
	parses("abc", "GB", PHONE_INVALID, "");
	parses("+", "GB", PHONE_INVALID, "");
	parses("++44", NULL, PHONE_INVALID, "");
	parses("+44 20 7946 0958 ext 12", NULL, PHONE_INVALID, "");
	parses("4+4 20 7946 0958", NULL, PHONE_INVALID, "");
	parses("-()./", "GB", PHONE_INVALID, "");
	parses("020\t7946 0958", "GB", PHONE_INVALID, "");
	parses("020 7946 0958#", "GB", PHONE_INVALID, "");
	parses("\xef\xbc\x90\xef\xbc\x92\xef\xbc\x90", "GB", PHONE_INVALID, "");

	/* too few or too many digits */
	parses("123", "GB", PHONE_INVALID, "");
	parses("0123", "GB", PHONE_INVALID, "");
	parses("+44 123", NULL, PHONE_INVALID, "");
	parses("+44 1234", NULL, PHONE_OK, "+441234");
	parses("+44 1234 5678 9012 3", NULL, PHONE_OK, "+441234567890123");
	parses("+44 1234 5678 9012 34", NULL, PHONE_INVALID, "");
	parses("1234567890123456", "GB", PHONE_INVALID, "");
	parses("+1234567890123456", NULL, PHONE_INVALID, "");
	parses("00 44 1234 5678 9012 3456 7890 1234", NULL, PHONE_INVALID, "");
	parses("555-1234", "US", PHONE_INVALID, "");
	parses("+1 555 123 45678", NULL, PHONE_INVALID, "");
}

static void
test_format(void)
{
	char	 out[64];

	round_trip("(555) 123-4567", "US", "+15551234567", "+1 (555) 123-4567");
	round_trip("020 7946 0958", "GB", "+442079460958", "+44 20 7946 0958");
	round_trip("030 1234567", "DE", "+49301234567", "+49 30 123 4567");
	round_trip("01 23 45 67 89", "FR", "+33123456789", "+33 12 345 6789");
	round_trip("098765 43210", "IN", "+919876543210", "+91 98 7654 3210");

	phone_format("+441234", out, sizeof(out));
	is_str(out, "+44 1234", "four national digits are one group");
	phone_format("+4412345", out, sizeof(out));
	is_str(out, "+44 12 345", "five national digits are 2 + 3");
	phone_format("+441234567890123", out, sizeof(out));
	is_str(out, "+44 12 345 6789 0123", "thirteen national digits are 2 + 3 + 4 + 4");
	phone_format("+15551234", out, sizeof(out));
	is_str(out, "+1 555 1234", "a +1 number that is not 10 digits is grouped plainly");

	/* anything else is shown as stored */
	phone_format("020 7946 0958", out, sizeof(out));
	is_str(out, "020 7946 0958", "not E.164: copied");
	phone_format("+999123456", out, sizeof(out));
	is_str(out, "+999123456", "unknown calling code: copied");
	phone_format("+44", out, sizeof(out));
	is_str(out, "+44", "no national digits: copied");
	phone_format("+44 20", out, sizeof(out));
	is_str(out, "+44 20", "not all digits: copied");
	phone_format("+4412345678901234", out, sizeof(out));
	is_str(out, "+4412345678901234", "16 digits: copied");
	phone_format("", out, sizeof(out));
	is_str(out, "", "empty: empty");
	phone_format(NULL, out, sizeof(out));
	is_str(out, "", "NULL: empty");

	/* a short buffer is filled and terminated, a zero-sized one left alone */
	phone_format("+15551234567", out, 8);
	is_str(out, "+1 (555", "truncated to fit");
	phone_format("not a number", out, 4);
	is_str(out, "not", "copy truncated to fit");
	strcpy(out, "kept");
	phone_format("+15551234567", out, 0);
	is_str(out, "kept", "size 0 writes nothing");
}

static void
test_digits(void)
{
	char	 out[32];

	phone_digits("+1 (555) 12", out, sizeof(out));
	is_str(out, "155512", "digits of a partial number");
	phone_digits("+44 20 7946 0958", out, 5);
	is_str(out, "4420", "digits truncated to fit");
	phone_digits("no digits", out, sizeof(out));
	is_str(out, "", "no digits");
	phone_digits(NULL, out, sizeof(out));
	is_str(out, "", "NULL has no digits");
	strcpy(out, "kept");
	phone_digits("123", out, 0);
	is_str(out, "kept", "size 0 writes nothing");
}

static void
test_countries(void)
{
	const char	*code, *name, *previous_name = NULL;
	const char	*codes[400];
	size_t		 n, i, j;
	int		 unique = 1, well_formed = 1, sorted = 1, prefix_free = 1;
	int		 calling, other;
	char		 a[8], b[8];

	ok(phone_country_code("GB") == 44, "GB is 44");
	ok(phone_country_code("US") == 1, "US is 1");
	ok(phone_country_code("CA") == 1, "CA shares 1");
	ok(phone_country_code("IE") == 353, "IE is 353");
	ok(phone_country_code("DE") == 49, "DE is 49");
	ok(phone_country_code("IN") == 91, "IN is 91");
	ok(phone_country_code("RU") == 7, "RU is 7");
	ok(phone_country_code("ZZ") == 0, "ZZ is unknown");
	ok(phone_country_code("gb") == 0, "lower case is not a code");
	ok(phone_country_code("GBR") == 0, "alpha-3 is not a code");
	ok(phone_country_code("G") == 0, "one letter is not a code");
	ok(phone_country_code("") == 0, "empty is not a code");
	ok(phone_country_code(NULL) == 0, "NULL is not a code");
	ok(phone_country_valid("FR"), "FR is valid");
	ok(!phone_country_valid("XX"), "XX is not valid");
	ok(!phone_country_valid("AQ"), "Antarctica has no calling code of its own");
	ok(!phone_country_valid(""), "empty is not valid");
	ok(!phone_country_valid(NULL), "NULL is not valid");

	for (n = 0; phone_country_at(n, &code, &name); n++) {
		if (n < sizeof(codes) / sizeof(codes[0]))
			codes[n] = code;
		if (strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' ||
		    code[1] > 'Z' || name[0] == '\0' || !phone_country_valid(code))
			well_formed = 0;
		calling = phone_country_code(code);
		if (calling < 1 || calling > 999)
			well_formed = 0;
		if (previous_name != NULL && name_compare(previous_name, name) >= 0) {
			printf("# not sorted: \"%s\" before \"%s\"\n", previous_name, name);
			sorted = 0;
		}
		previous_name = name;
	}
	ok(n > 200 && n < sizeof(codes) / sizeof(codes[0]), "%zu countries", n);
	ok(!phone_country_at(n, &code, &name), "nothing past the end");
	ok(well_formed, "each is two capital letters, a name and a code of 1 to 3 digits");
	ok(sorted, "sorted by name");
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			if (strcmp(codes[i], codes[j]) == 0)
				unique = 0;
			calling = phone_country_code(codes[i]);
			other = phone_country_code(codes[j]);
			snprintf(a, sizeof(a), "%d", calling);
			snprintf(b, sizeof(b), "%d", other);
			if (calling != other && (strncmp(a, b, strlen(a)) == 0 ||
			    strncmp(b, a, strlen(b)) == 0))
				prefix_free = 0;
		}
	ok(unique, "country codes are unique");
	ok(prefix_free, "no calling code is the start of another");
	ok(phone_country_at(0, NULL, NULL), "code and name may be NULL");
}

int
main(void)
{
	enum phone_result	 r;

	test_parse();
	test_format();
	test_digits();
	test_countries();
	for (r = PHONE_OK; r < PHONE__MAX; r++)
		ok(phone_result_messages[r] != NULL, "result %d has a message", (int)r);
	ok(phone_result_messages[PHONE_INVALID][0] != '\0', "invalid says why");
	return tap_done();
}
