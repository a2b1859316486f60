/* phone.c: phone numbers typed in any common way, kept as E.164 and shown in readable groups */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "phone.h"

/* Digits kept while reading input: "00", a 3-digit calling code, a stray trunk '0' and 15 more
 * fit with room to spare; more than this can never make a number of at most 15 digits. */
#define PHONE_DIGITS_MAX	24

/* Room for the longest formatted number: "+", 3 digits, then 15 digits in at most 5 groups. */
#define PHONE_FORMATTED_MAX	40

struct country {
	char		 code[3];	/* ISO 3166 alpha-2 */
	const char	*name;		/* in English, as the list shows it */
	int		 calling_code;	/* ITU-T E.164, 1 to 3 digits */
	int		 trunk_zero;	/* dialled at home with a leading '0' that E.164 leaves out */
};

/*
 * Every ISO 3166 country with a telephone service, sorted by name as a reader would (accents
 * ignored).  Territories that share a calling code are listed with it (+1 for the North
 * American Numbering Plan, +7, +44, +61, ...): the country only matters for national input.
 * Countries whose trunk prefix is not '0' (8 in Russia, 06 in Hungary), or that keep the '0' in
 * the number itself (Italy, Côte d'Ivoire), have trunk_zero 0.  Kosovo's XK is user-assigned
 * but is the code in general use.
 */
static const struct country countries[] = {
	{ "AF", "Afghanistan", 93, 1 },
	{ "AX", "Åland Islands", 358, 1 },
	{ "AL", "Albania", 355, 1 },
	{ "DZ", "Algeria", 213, 1 },
	{ "AS", "American Samoa", 1, 0 },
	{ "AD", "Andorra", 376, 0 },
	{ "AO", "Angola", 244, 0 },
	{ "AI", "Anguilla", 1, 0 },
	{ "AG", "Antigua and Barbuda", 1, 0 },
	{ "AR", "Argentina", 54, 1 },
	{ "AM", "Armenia", 374, 1 },
	{ "AW", "Aruba", 297, 0 },
	{ "AU", "Australia", 61, 1 },
	{ "AT", "Austria", 43, 1 },
	{ "AZ", "Azerbaijan", 994, 1 },
	{ "BS", "Bahamas", 1, 0 },
	{ "BH", "Bahrain", 973, 0 },
	{ "BD", "Bangladesh", 880, 1 },
	{ "BB", "Barbados", 1, 0 },
	{ "BY", "Belarus", 375, 0 },
	{ "BE", "Belgium", 32, 1 },
	{ "BZ", "Belize", 501, 0 },
	{ "BJ", "Benin", 229, 0 },
	{ "BM", "Bermuda", 1, 0 },
	{ "BT", "Bhutan", 975, 0 },
	{ "BO", "Bolivia", 591, 1 },
	{ "BQ", "Bonaire, Sint Eustatius and Saba", 599, 0 },
	{ "BA", "Bosnia and Herzegovina", 387, 1 },
	{ "BW", "Botswana", 267, 0 },
	{ "BR", "Brazil", 55, 1 },
	{ "IO", "British Indian Ocean Territory", 246, 0 },
	{ "VG", "British Virgin Islands", 1, 0 },
	{ "BN", "Brunei", 673, 0 },
	{ "BG", "Bulgaria", 359, 1 },
	{ "BF", "Burkina Faso", 226, 0 },
	{ "BI", "Burundi", 257, 0 },
	{ "KH", "Cambodia", 855, 1 },
	{ "CM", "Cameroon", 237, 0 },
	{ "CA", "Canada", 1, 0 },
	{ "CV", "Cape Verde", 238, 0 },
	{ "KY", "Cayman Islands", 1, 0 },
	{ "CF", "Central African Republic", 236, 0 },
	{ "TD", "Chad", 235, 0 },
	{ "CL", "Chile", 56, 1 },
	{ "CN", "China", 86, 1 },
	{ "CX", "Christmas Island", 61, 1 },
	{ "CC", "Cocos (Keeling) Islands", 61, 1 },
	{ "CO", "Colombia", 57, 0 },
	{ "KM", "Comoros", 269, 0 },
	{ "CG", "Congo", 242, 0 },
	{ "CK", "Cook Islands", 682, 0 },
	{ "CR", "Costa Rica", 506, 0 },
	{ "CI", "Côte d'Ivoire", 225, 0 },
	{ "HR", "Croatia", 385, 1 },
	{ "CU", "Cuba", 53, 1 },
	{ "CW", "Curaçao", 599, 0 },
	{ "CY", "Cyprus", 357, 0 },
	{ "CZ", "Czechia", 420, 0 },
	{ "CD", "Democratic Republic of the Congo", 243, 1 },
	{ "DK", "Denmark", 45, 0 },
	{ "DJ", "Djibouti", 253, 0 },
	{ "DM", "Dominica", 1, 0 },
	{ "DO", "Dominican Republic", 1, 0 },
	{ "EC", "Ecuador", 593, 1 },
	{ "EG", "Egypt", 20, 1 },
	{ "SV", "El Salvador", 503, 0 },
	{ "GQ", "Equatorial Guinea", 240, 0 },
	{ "ER", "Eritrea", 291, 1 },
	{ "EE", "Estonia", 372, 0 },
	{ "SZ", "Eswatini", 268, 0 },
	{ "ET", "Ethiopia", 251, 1 },
	{ "FK", "Falkland Islands", 500, 0 },
	{ "FO", "Faroe Islands", 298, 0 },
	{ "FJ", "Fiji", 679, 0 },
	{ "FI", "Finland", 358, 1 },
	{ "FR", "France", 33, 1 },
	{ "GF", "French Guiana", 594, 1 },
	{ "PF", "French Polynesia", 689, 0 },
	{ "GA", "Gabon", 241, 0 },
	{ "GM", "Gambia", 220, 0 },
	{ "GE", "Georgia", 995, 1 },
	{ "DE", "Germany", 49, 1 },
	{ "GH", "Ghana", 233, 1 },
	{ "GI", "Gibraltar", 350, 0 },
	{ "GR", "Greece", 30, 0 },
	{ "GL", "Greenland", 299, 0 },
	{ "GD", "Grenada", 1, 0 },
	{ "GP", "Guadeloupe", 590, 1 },
	{ "GU", "Guam", 1, 0 },
	{ "GT", "Guatemala", 502, 0 },
	{ "GG", "Guernsey", 44, 1 },
	{ "GN", "Guinea", 224, 0 },
	{ "GW", "Guinea-Bissau", 245, 0 },
	{ "GY", "Guyana", 592, 0 },
	{ "HT", "Haiti", 509, 0 },
	{ "HN", "Honduras", 504, 0 },
	{ "HK", "Hong Kong", 852, 0 },
	{ "HU", "Hungary", 36, 0 },
	{ "IS", "Iceland", 354, 0 },
	{ "IN", "India", 91, 1 },
	{ "ID", "Indonesia", 62, 1 },
	{ "IR", "Iran", 98, 1 },
	{ "IQ", "Iraq", 964, 1 },
	{ "IE", "Ireland", 353, 1 },
	{ "IM", "Isle of Man", 44, 1 },
	{ "IL", "Israel", 972, 1 },
	{ "IT", "Italy", 39, 0 },
	{ "JM", "Jamaica", 1, 0 },
	{ "JP", "Japan", 81, 1 },
	{ "JE", "Jersey", 44, 1 },
	{ "JO", "Jordan", 962, 1 },
	{ "KZ", "Kazakhstan", 7, 0 },
	{ "KE", "Kenya", 254, 1 },
	{ "KI", "Kiribati", 686, 0 },
	{ "XK", "Kosovo", 383, 1 },
	{ "KW", "Kuwait", 965, 0 },
	{ "KG", "Kyrgyzstan", 996, 1 },
	{ "LA", "Laos", 856, 1 },
	{ "LV", "Latvia", 371, 0 },
	{ "LB", "Lebanon", 961, 1 },
	{ "LS", "Lesotho", 266, 0 },
	{ "LR", "Liberia", 231, 1 },
	{ "LY", "Libya", 218, 1 },
	{ "LI", "Liechtenstein", 423, 0 },
	{ "LT", "Lithuania", 370, 1 },
	{ "LU", "Luxembourg", 352, 0 },
	{ "MO", "Macao", 853, 0 },
	{ "MG", "Madagascar", 261, 1 },
	{ "MW", "Malawi", 265, 1 },
	{ "MY", "Malaysia", 60, 1 },
	{ "MV", "Maldives", 960, 0 },
	{ "ML", "Mali", 223, 0 },
	{ "MT", "Malta", 356, 0 },
	{ "MH", "Marshall Islands", 692, 0 },
	{ "MQ", "Martinique", 596, 1 },
	{ "MR", "Mauritania", 222, 0 },
	{ "MU", "Mauritius", 230, 0 },
	{ "YT", "Mayotte", 262, 1 },
	{ "MX", "Mexico", 52, 0 },
	{ "FM", "Micronesia", 691, 0 },
	{ "MD", "Moldova", 373, 1 },
	{ "MC", "Monaco", 377, 0 },
	{ "MN", "Mongolia", 976, 1 },
	{ "ME", "Montenegro", 382, 1 },
	{ "MS", "Montserrat", 1, 0 },
	{ "MA", "Morocco", 212, 1 },
	{ "MZ", "Mozambique", 258, 0 },
	{ "MM", "Myanmar", 95, 1 },
	{ "NA", "Namibia", 264, 1 },
	{ "NR", "Nauru", 674, 0 },
	{ "NP", "Nepal", 977, 1 },
	{ "NL", "Netherlands", 31, 1 },
	{ "NC", "New Caledonia", 687, 0 },
	{ "NZ", "New Zealand", 64, 1 },
	{ "NI", "Nicaragua", 505, 0 },
	{ "NE", "Niger", 227, 0 },
	{ "NG", "Nigeria", 234, 1 },
	{ "NU", "Niue", 683, 0 },
	{ "NF", "Norfolk Island", 672, 0 },
	{ "KP", "North Korea", 850, 1 },
	{ "MK", "North Macedonia", 389, 1 },
	{ "MP", "Northern Mariana Islands", 1, 0 },
	{ "NO", "Norway", 47, 0 },
	{ "OM", "Oman", 968, 0 },
	{ "PK", "Pakistan", 92, 1 },
	{ "PW", "Palau", 680, 0 },
	{ "PS", "Palestine", 970, 1 },
	{ "PA", "Panama", 507, 0 },
	{ "PG", "Papua New Guinea", 675, 0 },
	{ "PY", "Paraguay", 595, 1 },
	{ "PE", "Peru", 51, 1 },
	{ "PH", "Philippines", 63, 1 },
	{ "PN", "Pitcairn Islands", 64, 0 },
	{ "PL", "Poland", 48, 0 },
	{ "PT", "Portugal", 351, 0 },
	{ "PR", "Puerto Rico", 1, 0 },
	{ "QA", "Qatar", 974, 0 },
	{ "RE", "Réunion", 262, 1 },
	{ "RO", "Romania", 40, 1 },
	{ "RU", "Russia", 7, 0 },
	{ "RW", "Rwanda", 250, 1 },
	{ "BL", "Saint Barthélemy", 590, 1 },
	{ "SH", "Saint Helena, Ascension and Tristan da Cunha", 290, 0 },
	{ "KN", "Saint Kitts and Nevis", 1, 0 },
	{ "LC", "Saint Lucia", 1, 0 },
	{ "MF", "Saint Martin", 590, 1 },
	{ "PM", "Saint Pierre and Miquelon", 508, 0 },
	{ "VC", "Saint Vincent and the Grenadines", 1, 0 },
	{ "WS", "Samoa", 685, 0 },
	{ "SM", "San Marino", 378, 0 },
	{ "ST", "São Tomé and Príncipe", 239, 0 },
	{ "SA", "Saudi Arabia", 966, 1 },
	{ "SN", "Senegal", 221, 0 },
	{ "RS", "Serbia", 381, 1 },
	{ "SC", "Seychelles", 248, 0 },
	{ "SL", "Sierra Leone", 232, 1 },
	{ "SG", "Singapore", 65, 0 },
	{ "SX", "Sint Maarten", 1, 0 },
	{ "SK", "Slovakia", 421, 1 },
	{ "SI", "Slovenia", 386, 1 },
	{ "SB", "Solomon Islands", 677, 0 },
	{ "SO", "Somalia", 252, 1 },
	{ "ZA", "South Africa", 27, 1 },
	{ "KR", "South Korea", 82, 1 },
	{ "SS", "South Sudan", 211, 1 },
	{ "ES", "Spain", 34, 0 },
	{ "LK", "Sri Lanka", 94, 1 },
	{ "SD", "Sudan", 249, 1 },
	{ "SR", "Suriname", 597, 0 },
	{ "SJ", "Svalbard and Jan Mayen", 47, 0 },
	{ "SE", "Sweden", 46, 1 },
	{ "CH", "Switzerland", 41, 1 },
	{ "SY", "Syria", 963, 1 },
	{ "TW", "Taiwan", 886, 1 },
	{ "TJ", "Tajikistan", 992, 0 },
	{ "TZ", "Tanzania", 255, 1 },
	{ "TH", "Thailand", 66, 1 },
	{ "TL", "Timor-Leste", 670, 0 },
	{ "TG", "Togo", 228, 0 },
	{ "TK", "Tokelau", 690, 0 },
	{ "TO", "Tonga", 676, 0 },
	{ "TT", "Trinidad and Tobago", 1, 0 },
	{ "TN", "Tunisia", 216, 0 },
	{ "TR", "Turkey", 90, 1 },
	{ "TM", "Turkmenistan", 993, 0 },
	{ "TC", "Turks and Caicos Islands", 1, 0 },
	{ "TV", "Tuvalu", 688, 0 },
	{ "UG", "Uganda", 256, 1 },
	{ "UA", "Ukraine", 380, 1 },
	{ "AE", "United Arab Emirates", 971, 1 },
	{ "GB", "United Kingdom", 44, 1 },
	{ "US", "United States", 1, 0 },
	{ "VI", "United States Virgin Islands", 1, 0 },
	{ "UY", "Uruguay", 598, 1 },
	{ "UZ", "Uzbekistan", 998, 0 },
	{ "VU", "Vanuatu", 678, 0 },
	{ "VA", "Vatican City", 39, 0 },
	{ "VE", "Venezuela", 58, 1 },
	{ "VN", "Vietnam", 84, 1 },
	{ "WF", "Wallis and Futuna", 681, 0 },
	{ "EH", "Western Sahara", 212, 1 },
	{ "YE", "Yemen", 967, 1 },
	{ "ZM", "Zambia", 260, 1 },
	{ "ZW", "Zimbabwe", 263, 1 },
};

#define COUNTRIES_COUNT	(sizeof(countries) / sizeof(countries[0]))

const char *const phone_result_messages[PHONE__MAX] = {
	[PHONE_OK] = "",
	[PHONE_EMPTY] = "Enter a phone number.",
	[PHONE_NO_COUNTRY] = "Start with + and the country code, or choose the country.",
	[PHONE_INVALID] = "Enter a phone number with its area code, like +44 20 7946 0958.",
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The bytes of the space at p: ' ', or the no-break spaces pasted from web pages and word
 * processors (U+00A0, U+202F); 0 when p is not a space. */
static size_t
space_length(const char *p)
{
	if (p[0] == ' ')
		return 1;
	if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)
		return 2;
	if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0xaf)
		return 3;
	return 0;
}

/* The bytes of the separator at p: a space, "()-./", or one of the dashes word processors put
 * in place of '-' (U+2010 to U+2013); 0 when p is anything else. */
static size_t
separator_length(const char *p)
{
	size_t	 n;

	if ((n = space_length(p)) > 0)
		return n;
	if (p[0] != '\0' && strchr("()-./", p[0]) != NULL)
		return 1;
	if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x93)
		return 3;
	return 0;
}

static const struct country *
country_find(const char *code)
{
	size_t	 i;

	if (code == NULL || code[0] == '\0')
		return NULL;
	for (i = 0; i < COUNTRIES_COUNT; i++)
		if (strcmp(countries[i].code, code) == 0)
			return &countries[i];
	return NULL;
}

static int
calling_code_known(int code)
{
	size_t	 i;

	for (i = 0; i < COUNTRIES_COUNT; i++)
		if (countries[i].calling_code == code)
			return 1;
	return 0;
}

/* 1 when every country dialled with code uses a trunk '0', so a '0' written after the code
 * ("+44 020 ...") can only be that prefix typed by habit. */
static int
calling_code_trunk_zero(int code)
{
	size_t	 i;

	for (i = 0; i < COUNTRIES_COUNT; i++)
		if (countries[i].calling_code == code && !countries[i].trunk_zero)
			return 0;
	return 1;
}

/* The length of the calling code that starts the n digits, longest known first, with its value
 * in *code; 0 when none does.  Calling codes are a prefix code, so at most one matches. */
static size_t
calling_code_prefix(const char *digits, size_t n, int *code)
{
	size_t	 length, i;
	int	 value;

	if (n == 0 || digits[0] == '0')
		return 0;
	for (length = n < 3 ? n : 3; length > 0; length--) {
		value = 0;
		for (i = 0; i < length; i++)
			value = value * 10 + (digits[i] - '0');
		if (calling_code_known(value)) {
			*code = value;
			return length;
		}
	}
	return 0;
}

/* 1 when the digits read so far (after a '+' if plus) are an international prefix and at least
 * one digit of the calling code, so that a "(0)" now marks the trunk prefix. */
static int
after_calling_code(int plus, const char *digits, size_t n)
{
	if (plus)
		return n > 0;
	return n > 2 && digits[0] == '0' && digits[1] == '0';
}

enum phone_result
phone_parse(const char *input, const char *default_country, char out[PHONE_E164_MAX])
{
	const struct country	*country;
	const char		*p, *national;
	char			 digits[PHONE_DIGITS_MAX];
	size_t			 n = 0, skip, code_length, national_length;
	int			 plus = 0, code, trunk_zero;
	enum phone_result	 result = PHONE_INVALID;

	out[0] = '\0';
	if (input == NULL) {
		result = PHONE_EMPTY;
		goto out;
	}
	for (p = input; (skip = space_length(p)) > 0; p += skip)
		continue;
	if (*p == '\0') {
		result = PHONE_EMPTY;
		goto out;
	}

	while (*p != '\0') {
		if (is_digit(*p)) {
			if (n == sizeof(digits))
				goto out;
			digits[n++] = *p++;
		} else if (*p == '+') {
			if (plus || n > 0)
				goto out;
			plus = 1;
			p++;
		} else if (p[0] == '(' && p[1] == '0' && p[2] == ')' &&
		    after_calling_code(plus, digits, n)) {
			p += 3;
		} else if ((skip = separator_length(p)) > 0) {
			p += skip;
		} else
			goto out;
	}
	if (n == 0)
		goto out;

	if (plus || after_calling_code(0, digits, n)) {
		skip = plus ? 0 : 2;
		code_length = calling_code_prefix(digits + skip, n - skip, &code);
		if (code_length == 0)
			goto out;
		national = digits + skip + code_length;
		national_length = n - skip - code_length;
		trunk_zero = calling_code_trunk_zero(code);
		if (trunk_zero && national_length > 0 && national[0] == '0') {
			national++;
			national_length--;
		}
	} else {
		if ((country = country_find(default_country)) == NULL) {
			result = PHONE_NO_COUNTRY;
			goto out;
		}
		code = country->calling_code;
		code_length = code < 10 ? 1 : code < 100 ? 2 : 3;
		national = digits;
		national_length = n;
		trunk_zero = country->trunk_zero;
		if (trunk_zero && national[0] == '0') {
			national++;
			national_length--;
		} else if (code == 1 && national_length == 11 && national[0] == '1') {
			/* the North American trunk prefix, as in "1-555-123-4567" */
			national++;
			national_length--;
		}
	}

	if (national_length < 4 || code_length + national_length > 15)
		goto out;
	/* where '0' is the trunk prefix no number starts with it: a second one is a mistake */
	if (trunk_zero && national[0] == '0')
		goto out;
	if (code == 1 && national_length != 10)
		goto out;
	out[0] = '+';
	snprintf(out + 1, PHONE_E164_MAX - 1, "%d", code);
	memcpy(out + 1 + code_length, national, national_length);
	out[1 + code_length + national_length] = '\0';
	result = PHONE_OK;
out:
	return result;
}

/* Copy s into out of size bytes, truncated to fit. */
static void
copy_truncated(char *out, size_t size, const char *s)
{
	size_t	 n = strlen(s);

	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

void
phone_format(const char *e164, char *out, size_t size)
{
	char		 text[PHONE_FORMATTED_MAX];
	const char	*national;
	size_t		 n, code_length, national_length, at, i, group, next;
	int		 code;

	if (e164 == NULL)
		e164 = "";
	if (e164[0] != '+')
		goto verbatim;
	n = strlen(e164 + 1);
	if (n == 0 || n > 15 || strspn(e164 + 1, "0123456789") != n)
		goto verbatim;
	if ((code_length = calling_code_prefix(e164 + 1, n, &code)) == 0 || code_length == n)
		goto verbatim;
	national = e164 + 1 + code_length;
	national_length = n - code_length;

	at = 0;
	text[at++] = '+';
	memcpy(text + at, e164 + 1, code_length);
	at += code_length;
	if (code == 1 && national_length == 10) {
		memcpy(text + at, " (", 2);
		memcpy(text + at + 2, national, 3);
		memcpy(text + at + 5, ") ", 2);
		memcpy(text + at + 7, national + 3, 3);
		text[at + 10] = '-';
		memcpy(text + at + 11, national + 6, 4);
		at += 15;
	} else {
		/* groups of 4 from the end; a lone leading digit joins the next group as 2 + 3 */
		group = national_length % 4 == 0 ? 4 : national_length % 4;
		next = 4;
		if (group == 1 && national_length > 4) {
			group = 2;
			next = 3;
		}
		for (i = 0; i < national_length; i += group, group = next, next = 4) {
			text[at++] = ' ';
			memcpy(text + at, national + i, group);
			at += group;
		}
	}
	text[at] = '\0';
	copy_truncated(out, size, text);
	return;
verbatim:
	copy_truncated(out, size, e164);
}

int
phone_country_code(const char *country)
{
	const struct country	*c;

	if ((c = country_find(country)) == NULL)
		return 0;
	return c->calling_code;
}

int
phone_country_valid(const char *country)
{
	return country_find(country) != NULL;
}

void
phone_digits(const char *s, char *out, size_t size)
{
	size_t	 at = 0;

	if (size == 0)
		return;
	for (; s != NULL && *s != '\0' && at + 1 < size; s++)
		if (is_digit(*s))
			out[at++] = *s;
	out[at] = '\0';
}

int
phone_country_at(size_t i, const char **code, const char **name)
{
	if (i >= COUNTRIES_COUNT)
		return 0;
	if (code != NULL)
		*code = countries[i].code;
	if (name != NULL)
		*name = countries[i].name;
	return 1;
}
