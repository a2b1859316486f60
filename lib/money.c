/* money.c: amounts of money as whole minor units, parsed and shown exactly */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "money.h"

int
money_decimals(const char *currency)
{
	static const char *const zero[] = { "JPY", "KRW", "CLP", "ISK", "VND", "UGX", "PYG",
	    "XAF", "XOF", NULL };
	static const char *const three[] = { "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD",
	    NULL };
	size_t	 i;

	for (i = 0; zero[i] != NULL; i++)
		if (strcmp(currency, zero[i]) == 0)
			return 0;
	for (i = 0; three[i] != NULL; i++)
		if (strcmp(currency, three[i]) == 0)
			return 3;
	return 2;
}

int
money_parse(const char *text, int decimals, long long *out)
{
	const char	*p = text;
	long long	 whole = 0, frac = 0, scale = 1;
	int		 digits = 0, group = -1, nfrac = 0, i;

	*out = 0;
	if (text == NULL || decimals < 0 || decimals > 6)
		return -1;
	for (i = 0; i < decimals; i++)
		scale *= 10;
	/* the whole part: digits, maybe grouped by commas in threes after the first group */
	for (; *p != '\0' && *p != '.'; p++) {
		if (*p == ',') {
			if (digits == 0 || (group != -1 && group != 3) || (group == -1 && digits > 3))
				return -1;
			group = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return -1;
		if (whole > MONEY_MAX)
			return -1;
		whole = whole * 10 + (*p - '0');
		digits++;
		if (group != -1)
			group++;
	}
	if (digits == 0 || (group != -1 && group != 3))
		return -1;
	if (*p == '.') {
		for (p++; *p != '\0'; p++) {
			if (*p < '0' || *p > '9' || ++nfrac > decimals)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (nfrac == 0)
			return -1;
		for (i = nfrac; i < decimals; i++)
			frac *= 10;
	}
	if (whole > MONEY_MAX / scale)
		return -1;
	*out = whole * scale + frac;
	if (*out > MONEY_MAX) {
		*out = 0;
		return -1;
	}
	return 0;
}

void
money_format(long long minor, int decimals, int group, char *out)
{
	char			 digits[32], *o = out;
	unsigned long long	 v, scale = 1;
	size_t			 len, i;
	int			 k;

	for (k = 0; k < decimals; k++)
		scale *= 10;
	v = minor < 0 ? (unsigned long long)(-(minor + 1)) + 1 : (unsigned long long)minor;
	if (minor < 0)
		*o++ = '-';
	len = (size_t)snprintf(digits, sizeof(digits), "%llu", v / scale);
	for (i = 0; i < len; i++) {
		if (group && i > 0 && (len - i) % 3 == 0)
			*o++ = ',';
		*o++ = digits[i];
	}
	if (decimals > 0)
		o += snprintf(o, (size_t)(MONEY_TEXT_MAX - (o - out)), ".%0*llu", decimals,
		    v % scale);
	*o = '\0';
}
