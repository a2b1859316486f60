/* fuzz_when.c: dates as people type them (when_parse_date, in each order) and stored values
 * shown (when_format_date, when_format_datetime, when_age) */
/* fuzz-sources: lib/when.c */
#include "config.h"

#include <string.h>

#include "when.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s, iso[11], again[11], shown[64], small[6];
	int		 order;

	s = fuzz_string(data, strnlen((const char *)data, size));
	for (order = 0; order < WHEN__MAX; order++) {
		memset(iso, 'x', sizeof(iso));
		if (when_parse_date(s, (enum when_order)order, iso) == 0) {
			/* YYYY-MM-DD, and it reads back as itself under every order */
			FUZZ_ASSERT(strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-');
			FUZZ_ASSERT(when_parse_date(iso, WHEN_DMY, again) == 0);
			FUZZ_ASSERT(strcmp(iso, again) == 0);
			FUZZ_ASSERT(when_parse_date(iso, WHEN_MDY, again) == 0);
			FUZZ_ASSERT(strcmp(iso, again) == 0);
			when_format_date(iso, (enum when_order)order, shown, sizeof(shown));
			FUZZ_ASSERT(when_parse_date(shown, WHEN_YMD, again) == 0 ||
			    order != WHEN_YMD);
			(void)when_age(iso);
		}
		when_format_date(s, (enum when_order)order, shown, sizeof(shown));
		when_format_date(s, (enum when_order)order, small, sizeof(small));
		when_format_datetime(s, (enum when_order)order, shown, sizeof(shown));
		when_format_datetime(s, (enum when_order)order, small, sizeof(small));
		FUZZ_ASSERT(strlen(small) < sizeof(small));
	}
	(void)when_age(s);
	(void)when_order_parse(s);
	free(s);
	return 0;
}
