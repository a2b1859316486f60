/* fuzz_phone.c: phone numbers as people type them (phone_parse), shown (phone_format) and
 * searched (phone_digits).  The input is the default country, a NUL, then the number. */
/* fuzz-sources: lib/phone.c */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "phone.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s[2], e164[PHONE_E164_MAX], again[PHONE_E164_MAX], shown[64];
	char		 small[8], digits[32];
	const char	*p;
	size_t		 i;
	enum phone_result rc;

	fuzz_split(data, size, s, 2);
	rc = phone_parse(s[1], s[0], e164);
	FUZZ_ASSERT(rc < PHONE__MAX);
	FUZZ_ASSERT(phone_result_messages[rc] != NULL);
	if (rc == PHONE_OK) {
		/* E.164: '+', then 4 to 15 digits; and it parses to itself */
		FUZZ_ASSERT(e164[0] == '+');
		for (p = e164 + 1; *p != '\0'; p++)
			FUZZ_ASSERT(isdigit((unsigned char)*p));
		FUZZ_ASSERT(strlen(e164) >= 5 && strlen(e164) <= 16);
		FUZZ_ASSERT(phone_parse(e164, NULL, again) == PHONE_OK);
		FUZZ_ASSERT(strcmp(again, e164) == 0);
		phone_format(e164, shown, sizeof(shown));
		FUZZ_ASSERT(phone_parse(shown, NULL, again) == PHONE_OK);
		FUZZ_ASSERT(strcmp(again, e164) == 0);
	} else
		FUZZ_ASSERT(e164[0] == '\0');

	/* stored values of any shape are shown, cut to fit */
	phone_format(s[1], shown, sizeof(shown));
	FUZZ_ASSERT(strlen(shown) < sizeof(shown));
	phone_format(s[1], small, sizeof(small));
	FUZZ_ASSERT(strlen(small) < sizeof(small));
	phone_digits(s[1], digits, sizeof(digits));
	for (i = 0; digits[i] != '\0'; i++)
		FUZZ_ASSERT(isdigit((unsigned char)digits[i]));
	(void)phone_country_code(s[0]);
	(void)phone_country_valid(s[0]);
	fuzz_free(s, 2);
	return 0;
}
