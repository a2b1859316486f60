/* when.c: dates and times: stored in UTC, shown in the practice's time zone and date order */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "when.h"

const char *const when_orders[WHEN__MAX] = {
	"dmy",	/* WHEN_DMY */
	"mdy",	/* WHEN_MDY */
	"ymd",	/* WHEN_YMD */
};

static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

#define ZONEINFO	"/usr/share/zoneinfo/"

enum when_order
when_order_parse(const char *s)
{
	int	 i;

	for (i = 0; i < WHEN__MAX; i++)
		if (strcmp(s, when_orders[i]) == 0)
			return (enum when_order)i;
	return WHEN_DMY;
}

int
when_zone_valid(const char *name)
{
	char		 path[256];
	struct stat	 st;
	const char	*p;

	if (strcmp(name, "UTC") == 0)
		return 1;
	if (*name == '\0' || strlen(name) > 64 || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '/' && *p != '_' && *p != '-' && *p != '+')
			return 0;
	snprintf(path, sizeof(path), ZONEINFO "%s", name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
when_use_zone(const char *name)
{
	char	 spec[128];

	if (!when_zone_valid(name))
		return -1;
	/* ":" makes the C library read the zone file instead of parsing a POSIX rule. */
	snprintf(spec, sizeof(spec), ":%s", name);
	if (setenv("TZ", spec, 1) == -1)
		return -1;
	tzset();
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static void
format_day(int y, int m, int d, enum when_order order, char *out, size_t size)
{
	switch (order) {
	case WHEN_MDY:
		snprintf(out, size, "%s %d, %04d", months[m - 1], d, y);
		break;
	case WHEN_YMD:
		snprintf(out, size, "%04d-%02d-%02d", y, m, d);
		break;
	case WHEN_DMY:
	default:
		snprintf(out, size, "%d %s %04d", d, months[m - 1], y);
		break;
	}
}

void
when_format_datetime(const char *utc, enum when_order order, char *out, size_t size)
{
	struct tm	 tm;
	time_t		 t;
	char		 day[32];
	int		 y, mo, d, h, mi, s = 0;

	if (utc == NULL || sscanf(utc, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 5 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31) {
		snprintf(out, size, "%s", utc != NULL ? utc : "");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	localtime_r(&t, &tm);
	format_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, order, day, sizeof(day));
	snprintf(out, size, "%s, %02d:%02d", day, tm.tm_hour, tm.tm_min);
}

void
when_format_date(const char *date, enum when_order order, char *out, size_t size)
{
	int	 y, m, d;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
	    d < 1 || d > 31) {
		snprintf(out, size, "%s", date != NULL ? date : "");
		return;
	}
	format_day(y, m, d, order, out, size);
}

/* Read up to max digits as a number; the count read, 0 if none. */
static int
digits(const char **p, int max, int *out)
{
	int	 n = 0, v = 0;

	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

int
when_parse_date(const char *s, enum when_order order, char iso[11])
{
	const char	*p = s;
	int		 a, b, c, na, nb, nc, y, m, d;
	char		 sep;

	while (*p == ' ')
		p++;
	if ((na = digits(&p, 4, &a)) == 0)
		return -1;
	sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	p++;
	if ((nb = digits(&p, 2, &b)) == 0 || *p != sep)
		return -1;
	p++;
	if ((nc = digits(&p, 4, &c)) == 0)
		return -1;
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return -1;
	if (na == 4) {			/* YYYY-MM-DD, whatever the practice's order */
		y = a; m = b; d = c;
		if (nc > 2)
			return -1;
	} else {
		if (nc != 4 || na > 2)
			return -1;
		y = c;
		if (order == WHEN_MDY) {
			m = a; d = b;
		} else {
			d = a; m = b;
		}
	}
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	/* y, m and d are range-checked above: exactly ten characters */
	snprintf(iso, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return 0;
}

int
when_age(const char *iso)
{
	struct tm	 now;
	time_t		 t = time(NULL);
	int		 y, m, d, age;

	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	gmtime_r(&t, &now);
	age = now.tm_year + 1900 - y;
	if (now.tm_mon + 1 < m || (now.tm_mon + 1 == m && now.tm_mday < d))
		age--;
	return age < 0 ? -1 : age;
}

void
when_today(char out[11])
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (localtime_r(&now, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		snprintf(out, 11, "2000-01-01");
}
