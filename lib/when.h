/* when.h: dates and times: stored in UTC, shown in the practice's time zone and date order */
#ifndef CASEBOOK_WHEN_H
#define CASEBOOK_WHEN_H

#include <stddef.h>

enum when_order {
	WHEN_DMY,	/* 28 Nov 2026 */
	WHEN_MDY,	/* Nov 28, 2026 */
	WHEN_YMD,	/* 2026-11-28 */
	WHEN__MAX
};
extern const char *const when_orders[WHEN__MAX];	/* "dmy", "mdy", "ymd" */

/* The order named by s ("dmy"...), WHEN_DMY when unknown. */
enum when_order when_order_parse(const char *);
/* 1 when name is an IANA time zone installed on this system ("Europe/Berlin", "UTC"). */
int	when_zone_valid(const char *name);
/* Show local times in this zone from now on (this process); 0, or -1 when it is not valid. */
int	when_use_zone(const char *name);
/* A database DATETIME in UTC ("2026-11-28 13:05:00") as a local date and time
 * ("28 Nov 2026, 14:05"); an unreadable value is copied as it is. */
void	when_format_datetime(const char *utc, enum when_order, char *out, size_t size);
/* A DATE ("1990-03-07") as "7 Mar 1990" / "Mar 7, 1990" / "1990-03-07". */
void	when_format_date(const char *date, enum when_order, char *out, size_t size);
/* Read a date typed as YYYY-MM-DD, or in the practice's order with '/', '.' or '-'
 * ("07/03/1990" is 7 March under DMY, July 3 under MDY); a real calendar date in 1900..2100.
 * Fills iso ("1990-03-07", 11 bytes).  0, or -1 when it is not a date. */
int	when_parse_date(const char *, enum when_order, char iso[11]);
/* Today in the local time zone (the practice's, set per request) as YYYY-MM-DD, into out. */
void	when_today(char out[11]);
/* Whole years from an ISO date to today (UTC); -1 when the date is unreadable or in the future. */
int	when_age(const char *iso);

#endif
