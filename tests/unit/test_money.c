/* test_money.c: amounts typed as people type them become exact minor units; anything else,
 * a negative amount above all, is refused; minor units are shown back exactly */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "money.h"

static void
parses(const char *text, int decimals, long long want)
{
	long long	 got = -7;

	ok(money_parse(text, decimals, &got) == 0 && got == want,
	    "\"%s\" (%d decimals) is %lld (got %lld)", text, decimals, want, got);
}

static void
refused(const char *text, int decimals)
{
	long long	 got = -7;

	ok(money_parse(text, decimals, &got) == -1 && got == 0, "\"%s\" (%d decimals) refused",
	    text, decimals);
}

static void
shows(long long minor, int decimals, int group, const char *want)
{
	char	 out[MONEY_TEXT_MAX];

	money_format(minor, decimals, group, out);
	is_str(out, want, "%lld with %d decimals shows as %s", minor, decimals, want);
}

int
main(void)
{
	long long	 v;
	char		 out[MONEY_TEXT_MAX];

	parses("12.50", 2, 1250);
	parses("12.5", 2, 1250);
	parses("12", 2, 1200);
	parses("0.01", 2, 1);
	parses("0", 2, 0);
	parses("0.10", 2, 10);
	parses("1,234.56", 2, 123456);
	parses("12,345,678", 2, 1234567800);
	parses("0.29", 2, 29);		/* 0.29 * 100 is 28.999... in floating point */
	parses("19.99", 2, 1999);
	parses("1500", 0, 1500);
	parses("1.234", 3, 1234);
	parses("100000000000", 2, MONEY_MAX);

	refused("", 2);
	refused("-1", 2);
	refused("-0.01", 2);
	refused("+1", 2);
	refused("1.234", 2);
	refused("1.", 2);
	refused(".5", 2);
	refused("1e3", 2);
	refused("12.5", 0);
	refused("1,23", 2);
	refused("1234,567", 2);
	refused(",123", 2);
	refused("1,234,", 2);
	refused("12 50", 2);
	refused("abc", 2);
	refused("100000000000.01", 2);
	refused("99999999999999999999999", 2);
	refused("1.0.0", 2);
	ok(money_parse(NULL, 2, &v) == -1, "NULL refused");

	shows(1250, 2, 0, "12.50");
	shows(1, 2, 0, "0.01");
	shows(0, 2, 0, "0.00");
	shows(-1250, 2, 0, "-12.50");
	shows(123456789, 2, 1, "1,234,567.89");
	shows(100000, 2, 1, "1,000.00");
	shows(1500, 0, 1, "1,500");
	shows(1234, 3, 0, "1.234");
	shows(MONEY_MAX, 2, 1, "100,000,000,000.00");

	/* every amount up to 10.00 survives a round trip */
	for (v = 0; v <= 1000; v++) {
		long long	 back = -1;

		money_format(v, 2, 1, out);
		if (money_parse(out, 2, &back) != 0 || back != v)
			break;
	}
	ok(v == 1001, "0.00 to 10.00 round-trip exactly (stopped at %lld)", v);

	ok(money_decimals("EUR") == 2 && money_decimals("JPY") == 0 &&
	    money_decimals("KWD") == 3 && money_decimals("USD") == 2, "decimals per currency");
	return tap_done();
}
