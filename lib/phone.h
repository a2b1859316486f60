/* phone.h: phone numbers in the client directory, stored as E.164 ("+442079460958") and shown
 * in readable groups, with the list of countries to choose a default from */
#ifndef CASEBOOK_PHONE_H
#define CASEBOOK_PHONE_H

#include <stddef.h>

#define PHONE_E164_MAX	17	/* "+" and up to 15 digits, NUL */

enum phone_result {
	PHONE_OK,
	PHONE_EMPTY,		/* nothing but spaces: the caller decides if that is allowed */
	PHONE_NO_COUNTRY,	/* a national number and no default country to place it in */
	PHONE_INVALID,		/* not a phone number: other characters, too few or too many digits */
	PHONE__MAX
};
/* What to tell the person who typed the number, next to the field ("" for PHONE_OK). */
extern const char *const phone_result_messages[PHONE__MAX];

/* Parse what a person typed ("+1 (555) 123-4567", "0044 20 7946 0958", "020 7946 0958" with
 * default_country "GB", "555-123-4567" with "US") into E.164 in out.  Accepts digits, spaces
 * (a pasted no-break space too), '+' before the first digit, '(', ')', '-' (and the dashes word
 * processors put in its place), '.', '/', and a leading "00" as international prefix.  In an
 * international number the calling code is the longest known one that prefixes the digits, and a
 * "(0)" after it, or a leading trunk '0' where every country with that code uses one, is dropped.
 * A national number (leading trunk '0' dropped where that country uses one; for +1 a leading
 * '1') needs default_country, an upper-case ISO 3166 alpha-2 code; NULL, "" or an unknown code
 * give PHONE_NO_COUNTRY.  Letters, too few (< 4 national) or too many (> 15 in all) digits, an
 * unknown calling code, a +1 number without 10 national digits, or a second '0' after the trunk
 * '0' give PHONE_INVALID.  out is "" unless the result is PHONE_OK; an E.164 result parses to
 * itself. */
enum phone_result phone_parse(const char *input, const char *default_country,
		    char out[PHONE_E164_MAX]);

/* Format E.164 for display into out of size bytes (truncated to fit): +1 as "+1 (555) 123-4567",
 * others as "+CC" then the national digits in groups of 3 or 4 from the end, the first group 2 to
 * 4 ("+44 20 7946 0958", "+49 30 123 4567").  Anything that is not an E.164 number with a known
 * calling code is copied as it is, so a stored value is always shown. */
void	phone_format(const char *e164, char *out, size_t size);

/* The calling code of an ISO country ("GB" gives 44), 0 when unknown. */
int	phone_country_code(const char *country);

/* 1 when country is a known ISO 3166 alpha-2 code (upper case) with a calling code, else 0. */
int	phone_country_valid(const char *country);

/* The digits of s only ("+1 (555) 12" gives "155512") into out of size bytes, truncated to
 * fit; for searching stored numbers by what was typed. */
void	phone_digits(const char *s, char *out, size_t size);

/* The i-th country, sorted by English name, for a <select>: sets *code ("GB") and *name
 * ("United Kingdom") and returns 1, or returns 0 past the end.  Iterate i from 0. */
int	phone_country_at(size_t i, const char **code, const char **name);

#endif
