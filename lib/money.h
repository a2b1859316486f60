/* money.h: amounts of money as whole minor units (cents), parsed from and shown as the
 * decimal text people type ("12.50"), never through floating point */
#ifndef CASEBOOK_MONEY_H
#define CASEBOOK_MONEY_H

#include <stddef.h>

/* The largest amount accepted: 10^13 minor units (a hundred billion in a 2-decimal currency). */
#define MONEY_MAX	10000000000000LL
/* Room for any amount formatted by money_format, with its NUL. */
#define MONEY_TEXT_MAX	32

/* How many decimals the minor unit of an ISO 4217 currency has: 0 for JPY, KRW, CLP and the
 * like, 3 for BHD, KWD, OMR, JOD, TND, 2 for everything else. */
int	money_decimals(const char *currency);
/* Parse "12", "12.5", "12.50", "1,234.50" (commas between groups of three) with at most
 * decimals digits after the point into *out minor units.  0, or -1 when the text is not
 * such an amount: empty, negative, a sign, an exponent, too many decimals, over MONEY_MAX. */
int	money_parse(const char *text, int decimals, long long *out);
/* Write minor units (negative allowed, for a balance in credit) as "1234.50" into out
 * (MONEY_TEXT_MAX bytes); with group set, as "1,234.50". */
void	money_format(long long minor, int decimals, int group, char *out);

#endif
