/* practice.c: the practice's own settings (name, time zone, ...), kept by each worker while
 * their version stays the same */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"

const char *const self_registrations[REGISTRATION__MAX] = {
	"off",		/* REGISTRATION_OFF */
	"on",		/* REGISTRATION_ON */
	"approval",	/* REGISTRATION_APPROVAL */
};

static const char sql_load[] =
	"SELECT name, base_url, time_zone, date_order, phone_country, currency, logo_key <> '', "
	"self_registration, email_verification = 'on', version, clinician_tags = 'on' "
	"FROM practice_settings WHERE id = 1";

/* What this process read last, and the version it was read at. */
static struct practice	kept;
static unsigned long long kept_version;
static int		kept_valid;

int
practice_load(struct db *db, struct practice *p)
{
	static char	 zone_in_use[65];	/* mirrors this process's TZ variable */
	struct db_query	 q;
	size_t		 i;
	int		 rc;

	memset(p, 0, sizeof(*p));
	p->email_verification = 1;
	snprintf(p->time_zone, sizeof(p->time_zone), "UTC");
	snprintf(p->phone_country, sizeof(p->phone_country), "US");
	snprintf(p->currency, sizeof(p->currency), "USD");
	db_query_init(&q, db, sql_load);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		snprintf(p->name, sizeof(p->name), "%s", db_col_str(&q, 0));
		snprintf(p->base_url, sizeof(p->base_url), "%s", db_col_str(&q, 1));
		snprintf(p->time_zone, sizeof(p->time_zone), "%s", db_col_str(&q, 2));
		p->date_order = when_order_parse(db_col_str(&q, 3));
		snprintf(p->phone_country, sizeof(p->phone_country), "%s", db_col_str(&q, 4));
		snprintf(p->currency, sizeof(p->currency), "%s", db_col_str(&q, 5));
		p->has_logo = db_col_int(&q, 6) != 0;
		for (i = 0; i < REGISTRATION__MAX; i++)
			if (strcmp(db_col_str(&q, 7), self_registrations[i]) == 0)
				p->self_registration = (enum self_registration)i;
		p->email_verification = db_col_int(&q, 8) != 0;
		/* The version of what was read, which may be newer than the one asked about. */
		p->version = (unsigned long long)db_col_int(&q, 9);
		p->clinician_tags = db_col_int(&q, 10) != 0;
		kept = *p;
		kept_version = p->version;
		kept_valid = 1;
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	if (strcmp(zone_in_use, p->time_zone) != 0) {
		if (when_use_zone(p->time_zone) == -1) {
			log_warn("practice time zone \"%s\" is not installed; showing UTC",
			    p->time_zone);
			when_use_zone("UTC");
		}
		snprintf(zone_in_use, sizeof(zone_in_use), "%s", p->time_zone);
	}
	return 0;
}

int
practice_load_version(struct db *db, unsigned long long version, struct practice *p)
{
	if (kept_valid && kept_version == version) {
		*p = kept;
		return 0;
	}
	return practice_load(db, p);
}

const char *
practice_name(const struct config *cfg, const struct practice *p)
{
	return p != NULL && p->name[0] != '\0' ? p->name : cfg->practice_name;
}

int
practice_may_create_tags(const struct practice *p, enum staff_role role)
{
	return role == STAFF_ADMIN || (p != NULL && p->clinician_tags);
}
