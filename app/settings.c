/* settings.c: the practice's settings (/admin/settings): name, logo, portal address, time
 * zone, date format, default phone country, currency, who may register on the portal and
 * whether clinicians may create tags; and the logo itself (/practice/logo) */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app.h"
#include "log.h"
#include "phone.h"
#include "store.h"

/* The file input of the form: an upload, so not among the declared fields below. */
#define LOGO_FIELD	"logo"
#define LOGO_MAX	(1024 * 1024)

const struct form_field settings_fields[SETTINGS__MAX] = {
	{ "name",          FORM_LINE,  0,             200, 0, 0, "Practice name" },
	{ "base_url",      FORM_LINE,  0,             255, 0, 0, "Portal address" },
	{ "time_zone",     FORM_LINE,  FORM_REQUIRED, 64,  0, 0, "Time zone" },
	{ "date_order",    FORM_TOKEN, FORM_REQUIRED, 3,   0, 0, "Date format" },
	{ "phone_country", FORM_TOKEN, FORM_REQUIRED, 2,   0, 0, "Default phone country" },
	{ "currency",      FORM_TOKEN, FORM_REQUIRED, 3,   0, 0, "Currency" },
	/* the portal's two and the tags' one: left out of a form, they keep what they were */
	{ "self_registration",  FORM_TOKEN, 0,             8,   0, 0, "Registering on the portal" },
	{ "email_verification", FORM_TOKEN, 0,             3,   0, 0, "E-mail confirmation" },
	{ "clinician_tags",     FORM_TOKEN, 0,             3,   0, 0, "Clinicians may create tags" },
};

/* The choices of self_registration, by enum self_registration. */
static const char *const registration_labels[REGISTRATION__MAX] = {
	"Off: clients join by invitation only",		/* REGISTRATION_OFF */
	"On: new clients are Active at once",		/* REGISTRATION_ON */
	"On, with approval: new clients are Pending until staff activate them",
};

/* The choices of clinician_tags. */
static const char *const clinician_tags_values[2] = { "off", "on" };
static const char *const clinician_tags_labels[2] = {
	"Off: clinicians attach the existing tags; only admins create new ones",
	"On: a clinician typing a new name creates the tag for the whole practice",
};

/* The choices of email_verification. */
static const char *const verification_values[2] = { "on", "off" };
static const char *const verification_labels[2] = {
	"On: a registration waits until the link e-mailed to its address is opened",
	"Off: a new address gets in at once (a known one must still confirm)",
};

/* The zones offered (each shown only when installed here), UTC first, then by name. */
static const char *const zones[] = {
	"UTC",
	"Africa/Abidjan", "Africa/Cairo", "Africa/Casablanca", "Africa/Johannesburg",
	"Africa/Lagos", "Africa/Nairobi",
	"America/Anchorage", "America/Argentina/Buenos_Aires", "America/Bogota",
	"America/Caracas", "America/Chicago", "America/Denver", "America/Halifax",
	"America/Lima", "America/Los_Angeles", "America/Mexico_City", "America/New_York",
	"America/Phoenix", "America/Santiago", "America/Sao_Paulo", "America/St_Johns",
	"America/Toronto", "America/Vancouver",
	"Asia/Bangkok", "Asia/Dhaka", "Asia/Dubai", "Asia/Hong_Kong", "Asia/Jakarta",
	"Asia/Jerusalem", "Asia/Karachi", "Asia/Kathmandu", "Asia/Kolkata", "Asia/Manila",
	"Asia/Riyadh", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore", "Asia/Taipei",
	"Asia/Tehran", "Asia/Tokyo",
	"Atlantic/Azores", "Atlantic/Reykjavik",
	"Australia/Adelaide", "Australia/Brisbane", "Australia/Darwin", "Australia/Perth",
	"Australia/Sydney",
	"Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels",
	"Europe/Dublin", "Europe/Helsinki", "Europe/Istanbul", "Europe/Lisbon",
	"Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Paris", "Europe/Rome",
	"Europe/Stockholm", "Europe/Warsaw", "Europe/Zurich",
	"Pacific/Auckland", "Pacific/Fiji", "Pacific/Honolulu",
};

/* What each date order looks like, by enum when_order. */
static const char *const date_order_labels[WHEN__MAX] = {
	"Day first: 31/12/2026",	/* WHEN_DMY */
	"Month first: 12/31/2026",	/* WHEN_MDY */
	"Year first: 2026-12-31",	/* WHEN_YMD */
};

static const struct currency {
	const char	*code;		/* ISO 4217 */
	const char	*name;
} currencies[] = {
	{ "AED", "UAE dirham" },
	{ "ARS", "Argentine peso" },
	{ "AUD", "Australian dollar" },
	{ "BRL", "Brazilian real" },
	{ "CAD", "Canadian dollar" },
	{ "CHF", "Swiss franc" },
	{ "CLP", "Chilean peso" },
	{ "CNY", "Chinese yuan" },
	{ "COP", "Colombian peso" },
	{ "CZK", "Czech koruna" },
	{ "DKK", "Danish krone" },
	{ "EGP", "Egyptian pound" },
	{ "EUR", "Euro" },
	{ "GBP", "Pound sterling" },
	{ "HKD", "Hong Kong dollar" },
	{ "HUF", "Hungarian forint" },
	{ "IDR", "Indonesian rupiah" },
	{ "ILS", "Israeli new shekel" },
	{ "INR", "Indian rupee" },
	{ "JPY", "Japanese yen" },
	{ "KES", "Kenyan shilling" },
	{ "KRW", "South Korean won" },
	{ "MXN", "Mexican peso" },
	{ "MYR", "Malaysian ringgit" },
	{ "NGN", "Nigerian naira" },
	{ "NOK", "Norwegian krone" },
	{ "NZD", "New Zealand dollar" },
	{ "PHP", "Philippine peso" },
	{ "PLN", "Polish zloty" },
	{ "SAR", "Saudi riyal" },
	{ "SEK", "Swedish krona" },
	{ "SGD", "Singapore dollar" },
	{ "THB", "Thai baht" },
	{ "TRY", "Turkish lira" },
	{ "USD", "US dollar" },
	{ "ZAR", "South African rand" },
};

#define NZONES		(sizeof(zones) / sizeof(zones[0]))
#define NCURRENCIES	(sizeof(currencies) / sizeof(currencies[0]))

enum stmt {
	STMT_CURRENT,
	STMT_SAVE,
	STMT_SET_LOGO,
	STMT_LOGO,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CURRENT: columns in enum settings_field order, then the logo */
	"SELECT name, base_url, time_zone, date_order, phone_country, currency, "
	"self_registration, email_verification, clinician_tags, logo_key, logo_type "
	"FROM practice_settings WHERE id = 1 FOR UPDATE",
	/* STMT_SAVE: this and STMT_SET_LOGO raise the version every worker keeps the settings
	 * under, in the same statement */
	"UPDATE practice_settings SET name = ?, base_url = ?, time_zone = ?, date_order = ?, "
	"phone_country = ?, currency = ?, self_registration = ?, email_verification = ?, "
	"clinician_tags = ?, version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = 1",
	/* STMT_SET_LOGO */
	"UPDATE practice_settings SET logo_key = ?, logo_type = ?, version = version + 1, "
	"updated_at = UTC_TIMESTAMP() WHERE id = 1",
	/* STMT_LOGO */
	"SELECT logo_key, logo_type FROM practice_settings WHERE id = 1",
};

/* The settings row as stored (the name: 200 characters of up to 4 bytes). */
struct settings {
	char	 v[SETTINGS__MAX][801];
	char	 logo_key[101];
	char	 logo_type[51];
};

/* Lock and read the settings row (inside a transaction): 1, 0 when the row is missing, -1. */
static int
settings_lock(struct db *db, struct settings *s)
{
	struct db_query	 q;
	int		 i, rc;

	memset(s, 0, sizeof(*s));
	db_query_init(&q, db, stmts[STMT_CURRENT]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		for (i = 0; i < SETTINGS__MAX; i++)
			snprintf(s->v[i], sizeof(s->v[i]), "%s", db_col_str(&q, (size_t)i));
		snprintf(s->logo_key, sizeof(s->logo_key), "%s", db_col_str(&q, SETTINGS__MAX));
		snprintf(s->logo_type, sizeof(s->logo_type), "%s",
		    db_col_str(&q, SETTINGS__MAX + 1));
	}
	db_query_end(&q);
	if (rc == 0)
		log_error("practice_settings has no row 1: run casebook migrate");
	return rc;
}

static const char *
currency_name(const char *code)
{
	size_t	 i;

	for (i = 0; i < NCURRENCIES; i++)
		if (strcmp(code, currencies[i].code) == 0)
			return currencies[i].name;
	return NULL;
}

/* Check a portal address: http:// or https://, a host (a name, IPv4 or [IPv6]), maybe a
 * port and a path; no user, query or fragment.  Writes it to out with the scheme and host in
 * lower case and without trailing slashes.  0, or -1 when it is not such an address. */
static int
base_url_normalise(const char *in, char *out, size_t size)
{
	const char	*p, *c, *host, *scheme;
	char		 port_part[8] = "", *h;
	size_t		 hostlen, pathlen;
	long		 port = 0;
	int		 n;

	if (strncasecmp(in, "https://", 8) == 0) {
		scheme = "https";
		p = in + 8;
	} else if (strncasecmp(in, "http://", 7) == 0) {
		scheme = "http";
		p = in + 7;
	} else
		return -1;
	host = p;
	if (*p == '[') {
		for (p++; isxdigit((unsigned char)*p) || *p == ':' || *p == '.'; p++)
			continue;
		if (*p != ']' || p - host < 3)
			return -1;
		p++;
	} else {
		for (; isalnum((unsigned char)*p) || *p == '-' || *p == '.'; p++)
			continue;
		/* labels: none empty, none starting or ending with '-' */
		if (p == host || *host == '.' || *host == '-' || p[-1] == '.' || p[-1] == '-')
			return -1;
		for (c = host + 1; c < p; c++)
			if (*c == '.' && (c[1] == '.' || c[1] == '-' || c[-1] == '-'))
				return -1;
	}
	hostlen = (size_t)(p - host);
	if (*p == ':') {
		for (p++, n = 0; isdigit((unsigned char)*p) && n < 6; p++, n++)
			port = port * 10 + (*p - '0');
		if (n == 0 || port < 1 || port > 65535)
			return -1;
		snprintf(port_part, sizeof(port_part), ":%ld", port);
	}
	/* what follows the host is a path or nothing: a user ('@'), a query ('?'), a fragment
	 * ('#') or a space stops here */
	if (*p != '\0' && *p != '/')
		return -1;
	for (c = p; *c != '\0'; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f || *c == '?' ||
		    *c == '#' || *c == '\\' || *c == '"' || *c == '<' || *c == '>')
			return -1;
	for (pathlen = strlen(p); pathlen > 0 && p[pathlen - 1] == '/'; pathlen--)
		continue;
	n = snprintf(out, size, "%s://%.*s%s%.*s", scheme, (int)hostlen, host, port_part,
	    (int)pathlen, p);
	if (n < 0 || (size_t)n >= size)
		return -1;
	for (h = out + strlen(scheme) + 3; h < out + strlen(scheme) + 3 + hostlen; h++)
		*h = (char)tolower((unsigned char)*h);
	return 0;
}

/* The type of an image by its first bytes: "image/png", "image/jpeg", "image/gif",
 * "image/webp", or NULL for anything else (whatever the browser said it was). */
static const char *
image_type(const char *path)
{
	unsigned char	 head[12];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n >= 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && memcmp(head, "\xff\xd8\xff", 3) == 0)
		return "image/jpeg";
	if (n >= 6 && (memcmp(head, "GIF87a", 6) == 0 || memcmp(head, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(head, "RIFF", 4) == 0 && memcmp(head + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

/* The logo sent with the form, or NULL when the file input was left empty. */
static const struct http_upload *
logo_upload(const struct request *r)
{
	size_t	 i;

	for (i = 0; i < r->uploads.n; i++)
		if (strcmp(r->uploads.v[i].field, LOGO_FIELD) == 0)
			return &r->uploads.v[i];
	return NULL;
}

/* The choices of the form as List.N.Value and .Label, with the zone in use offered even when
 * it is not in the list. */
static void
options_to_view(struct request *r, const char *zone)
{
	const char	*code, *name;
	char		 label[128], *c;
	size_t		 i, k = 0;
	int		 listed = 0;

	for (i = 0; i < NZONES; i++)
		if (strcmp(zone, zones[i]) == 0)
			listed = 1;
	for (i = listed || !when_zone_valid(zone) ? 1 : 0; i <= NZONES; i++) {
		name = i == 0 ? zone : zones[i - 1];
		if (i > 0 && !when_zone_valid(name))
			continue;
		snprintf(label, sizeof(label), "%s", name);
		for (c = label; *c != '\0'; c++)
			if (*c == '_')
				*c = ' ';
		view_set(r->hdf, name, "Zones.%zu.Value", k);
		view_set(r->hdf, label, "Zones.%zu.Label", k++);
	}
	for (i = 0; i < WHEN__MAX; i++) {
		view_set(r->hdf, when_orders[i], "DateOrders.%zu.Value", i);
		view_set(r->hdf, date_order_labels[i], "DateOrders.%zu.Label", i);
	}
	for (i = 0; phone_country_at(i, &code, &name); i++) {
		view_set(r->hdf, code, "Countries.%zu.Value", i);
		view_set(r->hdf, name, "Countries.%zu.Label", i);
	}
	for (i = 0; i < NCURRENCIES; i++) {
		snprintf(label, sizeof(label), "%s (%s)", currencies[i].name, currencies[i].code);
		view_set(r->hdf, currencies[i].code, "Currencies.%zu.Value", i);
		view_set(r->hdf, label, "Currencies.%zu.Label", i);
	}
	for (i = 0; i < REGISTRATION__MAX; i++) {
		view_set(r->hdf, self_registrations[i], "Registrations.%zu.Value", i);
		view_set(r->hdf, registration_labels[i], "Registrations.%zu.Label", i);
	}
	for (i = 0; i < 2; i++) {
		view_set(r->hdf, verification_values[i], "Verifications.%zu.Value", i);
		view_set(r->hdf, verification_labels[i], "Verifications.%zu.Label", i);
	}
	for (i = 0; i < 2; i++) {
		view_set(r->hdf, clinician_tags_values[i], "ClinicianTags.%zu.Value", i);
		view_set(r->hdf, clinician_tags_labels[i], "ClinicianTags.%zu.Label", i);
	}
}

static void
render_settings(struct request *r, int status)
{
	const char	*zone = view_get(r->hdf, "Form.time_zone.Value");

	options_to_view(r, zone != NULL ? zone : r->practice.time_zone);
	view_set(r->hdf, r->cfg->practice_name, "Settings.ConfigName");
	if (r->practice.has_logo)
		view_set(r->hdf, "1", "Settings.HasLogo");
	view_set_int(r->hdf, LOGO_MAX / 1024 / 1024, "Settings.LogoMaxMegabytes");
	r->resp.status = status;
	page_render(r, "settings.cs", "Settings");
}

void
settings_form(struct request *r)
{
	struct settings	 s;
	int		 i, rc;

	/* FOR UPDATE outside a transaction locks nothing for longer than the statement */
	if ((rc = settings_lock(r->db, &s)) != 1) {
		page_db_error(r);
		return;
	}
	for (i = 0; i < SETTINGS__MAX; i++)
		view_set(r->hdf, s.v[i], "Form.%s.Value", settings_fields[i].name);
	render_settings(r, 200);
}

void
settings_submit(struct request *r)
{
	struct form			*f = &r->form;
	const struct http_upload	*logo = logo_upload(r);
	struct settings			 old;
	struct db_query			 q;
	struct buf			 changed = { 0 };
	const char			*logo_type = NULL, *logo_error = NULL, *v[SETTINGS__MAX];
	char				 base_url[256] = "", key[STORE_KEY_MAX] = "";
	int				 i;

	for (i = 0; i < SETTINGS__MAX; i++)
		v[i] = f->v[i].text;
	if (f->v[SETTINGS_BASE_URL].present && f->v[SETTINGS_BASE_URL].error == NULL &&
	    base_url_normalise(f->v[SETTINGS_BASE_URL].text, base_url, sizeof(base_url)) == -1)
		form_error(f, SETTINGS_BASE_URL, "Enter the full address, starting with https:// "
		    "or http://, like https://portal.example.org (no ? or #).");
	v[SETTINGS_BASE_URL] = base_url;
	if (f->v[SETTINGS_TIME_ZONE].present && !when_zone_valid(f->v[SETTINGS_TIME_ZONE].text))
		form_error(f, SETTINGS_TIME_ZONE, "Choose a time zone from the list.");
	if (f->v[SETTINGS_DATE_ORDER].present) {
		for (i = 0; i < WHEN__MAX; i++)
			if (strcmp(f->v[SETTINGS_DATE_ORDER].text, when_orders[i]) == 0)
				break;
		if (i == WHEN__MAX)
			form_error(f, SETTINGS_DATE_ORDER, "Choose a date format from the list.");
	}
	if (f->v[SETTINGS_PHONE_COUNTRY].present &&
	    !phone_country_valid(f->v[SETTINGS_PHONE_COUNTRY].text))
		form_error(f, SETTINGS_PHONE_COUNTRY, "Choose a country from the list.");
	if (f->v[SETTINGS_CURRENCY].present && currency_name(f->v[SETTINGS_CURRENCY].text) == NULL)
		form_error(f, SETTINGS_CURRENCY, "Choose a currency from the list.");
	if (f->v[SETTINGS_SELF_REGISTRATION].present) {
		for (i = 0; i < REGISTRATION__MAX; i++)
			if (strcmp(f->v[SETTINGS_SELF_REGISTRATION].text,
			    self_registrations[i]) == 0)
				break;
		if (i == REGISTRATION__MAX)
			form_error(f, SETTINGS_SELF_REGISTRATION, "Choose one of the choices.");
	}
	if (f->v[SETTINGS_EMAIL_VERIFICATION].present &&
	    strcmp(f->v[SETTINGS_EMAIL_VERIFICATION].text, "on") != 0 &&
	    strcmp(f->v[SETTINGS_EMAIL_VERIFICATION].text, "off") != 0)
		form_error(f, SETTINGS_EMAIL_VERIFICATION, "Choose one of the choices.");
	if (f->v[SETTINGS_CLINICIAN_TAGS].present &&
	    strcmp(f->v[SETTINGS_CLINICIAN_TAGS].text, "on") != 0 &&
	    strcmp(f->v[SETTINGS_CLINICIAN_TAGS].text, "off") != 0)
		form_error(f, SETTINGS_CLINICIAN_TAGS, "Choose one of the choices.");
	if (logo != NULL) {
		if (logo->size == 0)
			logo_error = "This file is empty.";
		else if (logo->size > LOGO_MAX)
			logo_error = "The logo is larger than 1 MB. Use a smaller image.";
		else if ((logo_type = image_type(logo->path)) == NULL)
			logo_error = "Use a PNG, JPEG, GIF or WebP image.";
	}
	if (f->nerrors > 0 || logo_error != NULL) {
		page_form_to_view(r);
		view_set(r->hdf, logo_error, "Form." LOGO_FIELD ".Error");
		view_set(r->hdf, "The settings were not saved: see the messages below.",
		    "Form.Error");
		render_settings(r, 422);
		return;
	}

	if (db_begin(r->db) == -1 || settings_lock(r->db, &old) != 1)
		goto fail;
	if (*v[SETTINGS_SELF_REGISTRATION] == '\0')
		v[SETTINGS_SELF_REGISTRATION] = old.v[SETTINGS_SELF_REGISTRATION];
	if (*v[SETTINGS_EMAIL_VERIFICATION] == '\0')
		v[SETTINGS_EMAIL_VERIFICATION] = old.v[SETTINGS_EMAIL_VERIFICATION];
	if (*v[SETTINGS_CLINICIAN_TAGS] == '\0')
		v[SETTINGS_CLINICIAN_TAGS] = old.v[SETTINGS_CLINICIAN_TAGS];
	for (i = 0; i < SETTINGS__MAX; i++)
		if (strcmp(old.v[i], v[i]) != 0)
			buf_printf(&changed, "%s%s", changed.len ? ", " : "",
			    settings_fields[i].name);
	db_query_init(&q, r->db, stmts[STMT_SAVE]);
	for (i = 0; i < SETTINGS__MAX; i++)
		db_bind_text(&q, v[i]);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	if (logo != NULL) {
		if (store_put(r->cfg->files_dir, logo->path, key) == -1) {
			log_error("logo: cannot move %s into the file store", logo->path);
			key[0] = '\0';
			goto fail;
		}
		db_query_init(&q, r->db, stmts[STMT_SET_LOGO]);
		db_bind_text(&q, key);
		db_bind_text(&q, logo_type);
		if (db_exec(&q, NULL) == -1)
			goto fail;
		buf_printf(&changed, "%slogo", changed.len ? ", " : "");
	}
	if (changed.len > 0)
		audit_write(r, "settings_changed", "practice", 0, changed.data);
	if (db_commit(r->db) == -1)
		goto fail;
	/* The row names the new logo now: the old bytes can go. */
	if (logo != NULL && old.logo_key[0] != '\0' &&
	    store_remove(r->cfg->files_dir, old.logo_key) == -1)
		log_warn("the old logo %s could not be removed", old.logo_key);
	page_flash_redirect(r, changed.len > 0 ? "success" : "info", changed.len > 0 ?
	    "The settings were saved." : "Nothing was changed.", "/admin/settings");
	buf_free(&changed);
	return;
fail:
	db_rollback(r->db);
	if (key[0] != '\0' && store_remove(r->cfg->files_dir, key) == -1)
		log_warn("the unsaved logo %s could not be removed", key);
	buf_free(&changed);
	page_db_error(r);
}

void
settings_logo_remove(struct request *r)
{
	struct settings	 old;
	struct db_query	 q;

	if (db_begin(r->db) == -1 || settings_lock(r->db, &old) != 1)
		goto fail;
	if (old.logo_key[0] == '\0') {
		db_rollback(r->db);
		page_flash_redirect(r, "info", "There is no logo to remove.", "/admin/settings");
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_SET_LOGO]);
	db_bind_text(&q, "");
	db_bind_text(&q, "");
	if (db_exec(&q, NULL) == -1)
		goto fail;
	audit_write(r, "settings_changed", "practice", 0, "logo");
	if (db_commit(r->db) == -1)
		goto fail;
	if (store_remove(r->cfg->files_dir, old.logo_key) == -1)
		log_warn("the removed logo %s could not be deleted", old.logo_key);
	page_flash_redirect(r, "success", "The logo was removed.", "/admin/settings");
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}

/* GET /practice/logo, for anyone (the sign-in page shows it too): the bytes from the file
 * store, sent as Files.Delivery says (page_send_stored); 404 when there is no logo. */
void
settings_logo(struct request *r)
{
	struct db_query	 q;
	char		 key[101] = "", type[51] = "", path[4096];
	int		 rc;

	db_query_init(&q, r->db, stmts[STMT_LOGO]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	if ((rc = db_query_next(&q)) == 1) {
		snprintf(key, sizeof(key), "%s", db_col_str(&q, 0));
		snprintf(type, sizeof(type), "%s", db_col_str(&q, 1));
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	/* only a well-formed key names a file: nothing else reaches the store's directory */
	if (key[0] == '\0' || store_path(r->cfg->files_dir, key, path, sizeof(path)) == -1) {
		page_error(r, 404, "This practice has no logo.");
		return;
	}
	page_send_stored(r, key, type, NULL);
}
