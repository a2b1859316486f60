/* config.c: the configuration file (ClearSilver HDF: "Key = value" lines), read and checked */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ClearSilver.h>
#include <openssl/crypto.h>

#include "app.h"

/* Every key a configuration may hold; anything else is a typo worth refusing. */
static const char *const known_keys[] = {
	"Practice.Name",
	"Server.Socket", "Server.SocketMode", "Server.SocketGroup", "Server.Workers",
	"Server.MaxRequests", "Server.GraceSeconds", "Server.PidFile", "Server.LogFile",
	"Server.TmpDir", "Server.MaxBodyBytes",
	"Database.Host", "Database.Port", "Database.Socket", "Database.User",
	"Database.Password", "Database.Name", "Database.MigrateUser", "Database.MigratePassword",
	"Database.ReadHost", "Database.ReadPort", "Database.ReadSocket", "Database.ReadUser",
	"Database.ReadPassword",
	"Paths.Templates", "Paths.Sql", "Paths.Files",
	"Session.IdleMinutes", "Session.AbsoluteHours",
	"Signin.MaxFailures", "Signin.WindowMinutes", "Signin.AddressMaxFailures",
	"Jobs.PurgeSeconds",
	"Jobs.StoreSweepSeconds", "Jobs.LeaseSeconds", "Jobs.Enabled",
	"Mail.Url", "Mail.StartTls", "Mail.User", "Mail.Password", "Mail.From", "Mail.FromName",
	"Static.Version",
	"Portal.InviteDays",
	"Search.IndexCandidates", "Search.CountMinClients", "Search.CountRebuildChanges",
	"List.CacheEntries", "List.CacheBytes", "List.CacheSeconds",
	"Files.MaxBytes", "Files.QuotaBytes", "Files.Delivery",
	"Import.MaxBytes", "Import.MaxRows", "Import.AbandonHours",
	NULL
};

#define CONFIG_MAX	(1024 * 1024)	/* the largest configuration file read */

const char *const files_deliveries[FILES_DELIVERY__MAX] = {
	"nginx",	/* FILES_DELIVERY_NGINX */
	"xsendfile",	/* FILES_DELIVERY_XSENDFILE */
	"stream",	/* FILES_DELIVERY_STREAM */
};

/*
 * The settings whose values are secrets.  config_load takes a secret written as a "Key = value"
 * line out of the file's text itself, and blanks it there, before ClearSilver reads the text:
 * ClearSilver copies every line and value into memory it frees without clearing, and each
 * worker forked later would inherit those copies.  A secret written otherwise (inside
 * "Mail { ... }", or after "<<") is read by ClearSilver, and its node is cleared before the
 * tree is freed.
 */
enum secret { SECRET_DB, SECRET_MIGRATE, SECRET_MAIL, SECRET_READ, SECRET__MAX };
static const char *const secret_keys[SECRET__MAX] = {
	"Database.Password",		/* SECRET_DB */
	"Database.MigratePassword",	/* SECRET_MIGRATE */
	"Mail.Password",		/* SECRET_MAIL */
	"Database.ReadPassword",	/* SECRET_READ */
};

static int
fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* Walk the tree and refuse keys not in known_keys. */
static int
check_keys(HDF *node, const char *prefix, char *err, size_t errsize)
{
	HDF		*child;
	const char	*name;
	char		 full[256];
	size_t		 i;
	int		 known;

	for (child = hdf_obj_child(node); child != NULL; child = hdf_obj_next(child)) {
		name = hdf_obj_name(child);
		snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? "." : "", name);
		if (hdf_obj_child(child) != NULL) {
			if (check_keys(child, full, err, errsize) == -1)
				return -1;
			if (hdf_obj_value(child) == NULL)
				continue;
		}
		known = 0;
		for (i = 0; known_keys[i] != NULL; i++)
			if (strcmp(known_keys[i], full) == 0)
				known = 1;
		if (!known)
			return fail(err, errsize, "unknown setting \"%s\"", full);
	}
	return 0;
}

static char *
get_string(HDF *hdf, const char *key, const char *fallback)
{
	const char	*v = hdf_get_value(hdf, key, fallback);

	return v != NULL ? strdup(v) : NULL;
}

/* Wipe and free *s, which may be NULL, and leave NULL there. */
static void
secret_free(char **s)
{
	if (*s != NULL) {
		OPENSSL_cleanse(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

/* The file at path, whole, NUL-terminated, in memory of *size bytes (to be wiped: it holds
 * the secrets), read without stdio's buffer; NULL with errno set. */
static char *
file_read(const char *path, size_t *size)
{
	struct stat	 st;
	char		*text = NULL;
	size_t		 got = 0;
	ssize_t		 n = 0;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (st.st_size > CONFIG_MAX) {
		errno = EFBIG;
		goto fail;
	}
	*size = (size_t)st.st_size + 1;
	if ((text = malloc(*size)) == NULL)
		goto fail;
	while (got < *size - 1 && (n = read(fd, text + got, *size - 1 - got)) > 0)
		got += (size_t)n;
	if (n == -1)
		goto fail;
	text[got] = '\0';
	close(fd);
	return text;
fail:
	saved = errno;
	if (text != NULL) {
		OPENSSL_cleanse(text, *size);
		free(text);
	}
	close(fd);
	errno = saved;
	return NULL;
}

/* Take each "Key = value" line of a secret out of text: the value (the last one written, as
 * ClearSilver would keep) into taken[], spaces in its place.  0, or -1 out of memory. */
static int
secrets_take(char *text, char *taken[SECRET__MAX])
{
	char	*line, *end, *next, *p, *eq, *v, *e;
	size_t	 i, keylen;

	for (line = text; *line != '\0'; line = next) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		next = *end == '\n' ? end + 1 : end;
		for (p = line; p < end && (*p == ' ' || *p == '\t'); p++)
			continue;
		for (i = 0; i < SECRET__MAX; i++) {
			keylen = strlen(secret_keys[i]);
			if ((size_t)(end - p) <= keylen || strncmp(p, secret_keys[i], keylen) != 0)
				continue;
			for (eq = p + keylen; eq < end && (*eq == ' ' || *eq == '\t'); eq++)
				continue;
			if (eq == end || *eq != '=')
				continue;
			for (v = eq + 1; v < end && isspace((unsigned char)*v); v++)
				continue;
			for (e = end; e > v && isspace((unsigned char)e[-1]); e--)
				continue;
			secret_free(&taken[i]);
			if ((taken[i] = malloc((size_t)(e - v) + 1)) == NULL)
				return -1;
			memcpy(taken[i], v, (size_t)(e - v));
			taken[i][e - v] = '\0';
			memset(eq + 1, ' ', (size_t)(end - eq - 1));
		}
	}
	return 0;
}

/* The value of secret i: the one taken from the text, or else ClearSilver's (may be NULL
 * when out of memory). */
static char *
secret_get(HDF *hdf, char *taken[SECRET__MAX], enum secret i)
{
	char	*v = taken[i];

	taken[i] = NULL;
	return v != NULL ? v : get_string(hdf, secret_keys[i], "");
}

/* Wipe every secret's value in the tree, before it is freed. */
static void
secrets_clear_tree(HDF *hdf)
{
	HDF	*node;
	char	*v;
	size_t	 i;

	for (i = 0; i < SECRET__MAX; i++)
		if ((node = hdf_get_obj(hdf, secret_keys[i])) != NULL &&
		    (v = hdf_obj_value(node)) != NULL)
			OPENSSL_cleanse(v, strlen(v));
}

/* A whole number in [min, max], or the fallback when the key is absent. */
static int
get_number(HDF *hdf, const char *key, long long fallback, long long min, long long max,
    int base, long long *out, char *err, size_t errsize)
{
	const char	*v = hdf_get_value(hdf, key, NULL);
	char		*end;
	long long	 n;

	if (v == NULL || *v == '\0') {
		*out = fallback;
		return 0;
	}
	errno = 0;
	n = strtoll(v, &end, base);
	if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
		return fail(err, errsize, "%s = \"%s\": expected a whole number from %lld to %lld",
		    key, v, min, max);
	*out = n;
	return 0;
}

/* yes or no (also true/false, on/off, 1/0), or the fallback when the key is absent. */
static int
get_bool(HDF *hdf, const char *key, int fallback, int *out, char *err, size_t errsize)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	const char	*v = hdf_get_value(hdf, key, NULL);
	size_t		 i;

	if (v == NULL || *v == '\0') {
		*out = fallback;
		return 0;
	}
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return fail(err, errsize, "%s = \"%s\": expected yes or no", key, v);
}

/* Files.Delivery: nginx (the default), xsendfile or stream. */
static int
get_delivery(HDF *hdf, struct config *c, char *err, size_t errsize)
{
	const char	*v = hdf_get_value(hdf, "Files.Delivery", NULL);
	int		 i;

	if (v == NULL || *v == '\0') {
		c->files_delivery = FILES_DELIVERY_NGINX;
		return 0;
	}
	for (i = 0; i < FILES_DELIVERY__MAX; i++)
		if (strcmp(v, files_deliveries[i]) == 0) {
			c->files_delivery = (enum files_delivery)i;
			return 0;
		}
	return fail(err, errsize, "Files.Delivery = \"%s\": expected nginx (nginx sends the "
	    "files), xsendfile (Apache with mod_xsendfile sends them) or stream (Casebook "
	    "sends them itself)", v);
}

static int
need_dir(const char *key, const char *path, char *err, size_t errsize)
{
	struct stat	 st;

	if (path == NULL || *path == '\0')
		return fail(err, errsize, "%s is not set", key);
	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode))
		return fail(err, errsize, "%s = \"%s\": not a directory", key, path);
	return 0;
}

/* The mail settings: where the SMTP server is and who the mail comes from. */
static int
check_mail(HDF *hdf, struct config *c, char *err, size_t errsize)
{
	const char	*tls = hdf_get_value(hdf, "Mail.StartTls", "optional");
	const char	*p, *host;

	host = strncmp(c->mail_url, "smtp://", 7) == 0 ? c->mail_url + 7 :
	    strncmp(c->mail_url, "smtps://", 8) == 0 ? c->mail_url + 8 : NULL;
	for (p = c->mail_url; host != NULL && *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			host = NULL;
	if (host == NULL || *host == '\0' || *host == '/' || *host == ':' ||
	    strlen(c->mail_url) > 500)
		return fail(err, errsize, "Mail.Url = \"%s\": expected smtp://host[:port] or "
		    "smtps://host[:port]", c->mail_url);
	if ((c->mail_starttls = mail_tls_parse(tls)) == MAIL_TLS__MAX)
		return fail(err, errsize, "Mail.StartTls = \"%s\": expected required, optional "
		    "or none", tls);
	if (!mail_header_text_valid(c->mail_user) || !mail_header_text_valid(c->mail_password))
		return fail(err, errsize, "Mail.User and Mail.Password must be one line of text "
		    "each");
	if (*c->mail_from != '\0' && !mail_address_valid(c->mail_from))
		return fail(err, errsize, "Mail.From = \"%s\": expected a plain email address "
		    "like casebook@example.org", c->mail_from);
	if (!mail_header_text_valid(c->mail_from_name) || strlen(c->mail_from_name) > 200)
		return fail(err, errsize, "Mail.FromName must be one line of at most 200 "
		    "characters");
	return 0;
}

int
config_load(const char *path, struct config *c, char *err, size_t errsize)
{
	HDF		*hdf = NULL;
	NEOERR		*nerr;
	STRING		 msg;
	long long	 n;
	int		 rc = -1;
	char		 tplpath[PATH_MAX], *text, *taken[SECRET__MAX] = { NULL };
	size_t		 size = 0, i;

	memset(c, 0, sizeof(*c));
	if ((text = file_read(path, &size)) == NULL) {
		fail(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (secrets_take(text, taken) == -1) {
		fail(err, errsize, "out of memory");
		goto out;
	}
	/* One file: "#include" is refused (read from a string, ClearSilver cannot follow it). */
	if ((nerr = hdf_init(&hdf)) != STATUS_OK ||
	    (nerr = hdf_read_string(hdf, text)) != STATUS_OK) {
		string_init(&msg);
		nerr_error_string(nerr, &msg);
		fail(err, errsize, "%s: cannot be read: %s", path, msg.buf ? msg.buf : "");
		string_clear(&msg);
		nerr_ignore(&nerr);
		goto out;
	}
	if (check_keys(hdf, "", err, errsize) == -1)
		goto out;
	c->path = strdup(path);
	c->practice_name = get_string(hdf, "Practice.Name", "Casebook");
	c->socket = get_string(hdf, "Server.Socket", NULL);
	c->socket_group = get_string(hdf, "Server.SocketGroup", "");
	c->pid_file = get_string(hdf, "Server.PidFile", "");
	c->log_file = get_string(hdf, "Server.LogFile", "");
	c->tmp_dir = get_string(hdf, "Server.TmpDir", "/tmp");
	c->db_host = get_string(hdf, "Database.Host", "");
	c->db_socket = get_string(hdf, "Database.Socket", "");
	c->db_user = get_string(hdf, "Database.User", "casebook");
	c->db_password = secret_get(hdf, taken, SECRET_DB);
	c->db_name = get_string(hdf, "Database.Name", "casebook");
	c->db_migrate_user = get_string(hdf, "Database.MigrateUser", "");
	c->db_migrate_password = secret_get(hdf, taken, SECRET_MIGRATE);
	c->db_read_host = get_string(hdf, "Database.ReadHost", "");
	c->db_read_socket = get_string(hdf, "Database.ReadSocket", "");
	c->db_read_user = get_string(hdf, "Database.ReadUser", "");
	c->db_read_password = secret_get(hdf, taken, SECRET_READ);
	c->templates = get_string(hdf, "Paths.Templates", NULL);
	c->sql_dir = get_string(hdf, "Paths.Sql", NULL);
	c->files_dir = get_string(hdf, "Paths.Files", NULL);
	c->mail_url = get_string(hdf, "Mail.Url", "smtp://127.0.0.1:25");
	c->mail_user = get_string(hdf, "Mail.User", "");
	c->mail_password = secret_get(hdf, taken, SECRET_MAIL);
	c->mail_from = get_string(hdf, "Mail.From", "");
	c->mail_from_name = get_string(hdf, "Mail.FromName", "");
	c->static_version = get_string(hdf, "Static.Version", "");
	if (c->static_version != NULL && *c->static_version == '\0') {
		free(c->static_version);
		c->static_version = strdup(CASEBOOK_VERSION);
	}
	if (c->path == NULL || c->practice_name == NULL || c->socket_group == NULL ||
	    c->pid_file == NULL || c->log_file == NULL || c->tmp_dir == NULL ||
	    c->db_host == NULL || c->db_socket == NULL || c->db_user == NULL ||
	    c->db_password == NULL || c->db_name == NULL || c->db_migrate_user == NULL ||
	    c->db_migrate_password == NULL || c->static_version == NULL ||
	    c->db_read_host == NULL || c->db_read_socket == NULL || c->db_read_user == NULL ||
	    c->db_read_password == NULL ||
	    c->mail_url == NULL || c->mail_user == NULL || c->mail_password == NULL ||
	    c->mail_from == NULL || c->mail_from_name == NULL) {
		fail(err, errsize, "out of memory");
		goto out;
	}
	if (c->socket == NULL || *c->socket == '\0') {
		fail(err, errsize, "Server.Socket is not set (a socket path, or host:port)");
		goto out;
	}
	if (*c->practice_name == '\0' || strlen(c->practice_name) > 200) {
		fail(err, errsize, "Practice.Name must be 1 to 200 characters");
		goto out;
	}
	if (get_number(hdf, "Server.SocketMode", 0660, 0, 0777, 8, &n, err, errsize) == -1)
		goto out;
	c->socket_mode = (unsigned)n;
	if (get_number(hdf, "Server.Workers", 4, 1, 256, 10, &n, err, errsize) == -1)
		goto out;
	c->workers = (int)n;
	if (get_number(hdf, "Server.MaxRequests", 10000, 0, 100000000, 10, &n, err, errsize) == -1)
		goto out;
	c->max_requests = (long)n;
	if (get_number(hdf, "Server.GraceSeconds", 10, 1, 3600, 10, &n, err, errsize) == -1)
		goto out;
	c->grace_seconds = (int)n;
	if (get_number(hdf, "Server.MaxBodyBytes", 100 * 1024 * 1024, 1024,
	    (long long)1 << 40, 10, &c->max_body, err, errsize) == -1)
		goto out;
	if (get_number(hdf, "Database.Port", 0, 0, 65535, 10, &n, err, errsize) == -1)
		goto out;
	c->db_port = (unsigned)n;
	if (*c->db_host == '\0' && *c->db_socket == '\0') {
		fail(err, errsize, "set Database.Socket or Database.Host");
		goto out;
	}
	if (get_number(hdf, "Database.ReadPort", 0, 0, 65535, 10, &n, err, errsize) == -1)
		goto out;
	c->db_read_port = (unsigned)n;
	if (get_number(hdf, "Session.IdleMinutes", 30, 1, 24 * 60, 10, &n, err, errsize) == -1)
		goto out;
	c->session.idle_seconds = (long)n * 60;
	if (get_number(hdf, "Session.AbsoluteHours", 12, 1, 24 * 30, 10, &n, err, errsize) == -1)
		goto out;
	c->session.absolute_seconds = (long)n * 3600;
	if (get_number(hdf, "Signin.MaxFailures", 5, 1, 1000, 10, &n, err, errsize) == -1)
		goto out;
	c->signin_max_failures = (int)n;
	if (get_number(hdf, "Signin.WindowMinutes", 15, 1, 24 * 60, 10, &n, err, errsize) == -1)
		goto out;
	c->signin_window_seconds = (long)n * 60;
	if (get_number(hdf, "Signin.AddressMaxFailures", 20, 1, 100000, 10, &n, err,
	    errsize) == -1)
		goto out;
	c->signin_address_max_failures = (int)n;
	if (get_number(hdf, "Jobs.PurgeSeconds", 300, 1, 7 * 86400, 10, &n, err, errsize) == -1)
		goto out;
	c->purge_seconds = (long)n;
	if (get_number(hdf, "Jobs.StoreSweepSeconds", 3600, 1, 7 * 86400, 10, &n, err,
	    errsize) == -1)
		goto out;
	c->store_sweep_seconds = (long)n;
	/* a runner renews its lease every few seconds while it works: a minute lets a slow
	 * batch finish, and a job of a dead host is taken up again a minute later */
	if (get_number(hdf, "Jobs.LeaseSeconds", 60, 5, 3600, 10, &n, err, errsize) == -1)
		goto out;
	c->job_lease_seconds = (long)n;
	if (get_bool(hdf, "Jobs.Enabled", 1, &c->jobs_enabled, err, errsize) == -1)
		goto out;
	if (get_number(hdf, "Portal.InviteDays", 7, 1, 90, 10, &n, err, errsize) == -1)
		goto out;
	c->invite_days = (int)n;
	if (get_number(hdf, "Search.IndexCandidates", 4000, 0, 1000000, 10, &n, err,
	    errsize) == -1)
		goto out;
	c->search_index_candidates = (long)n;
	if (get_number(hdf, "Search.CountMinClients", 1000, 2, 100000000, 10, &n, err,
	    errsize) == -1)
		goto out;
	c->search_count_min_clients = (long)n;
	if (get_number(hdf, "Search.CountRebuildChanges", 5000, 1, 100000000, 10, &n, err,
	    errsize) == -1)
		goto out;
	c->search_count_rebuild_changes = (long)n;
	if (get_number(hdf, "List.CacheEntries", 64, 0, 4096, 10, &n, err, errsize) == -1)
		goto out;
	c->list_cache_entries = (long)n;
	if (get_number(hdf, "List.CacheBytes", 3 * 1024 * 1024, 0, (long long)1 << 30, 10,
	    &c->list_cache_bytes, err, errsize) == -1)
		goto out;
	if (get_number(hdf, "List.CacheSeconds", 30, 1, 3600, 10, &n, err, errsize) == -1)
		goto out;
	c->list_cache_seconds = (long)n;
	if (get_number(hdf, "Files.MaxBytes", 10 * 1024 * 1024, 1, (long long)1 << 40, 10,
	    &c->files_max_bytes, err, errsize) == -1 ||
	    get_number(hdf, "Files.QuotaBytes", 500LL * 1024 * 1024, 1, (long long)1 << 50, 10,
	    &c->files_quota_bytes, err, errsize) == -1)
		goto out;
	if (get_delivery(hdf, c, err, errsize) == -1)
		goto out;
	if (get_number(hdf, "Import.MaxBytes", 10485760, 1024, (long long)1 << 32, 10,
	    &c->import_max_bytes, err, errsize) == -1 ||
	    get_number(hdf, "Import.MaxRows", 50000, 1, 10000000, 10, &c->import_max_rows, err,
	    errsize) == -1)
		goto out;
	if (get_number(hdf, "Import.AbandonHours", 24, 1, 24 * 365, 10, &n, err, errsize) == -1)
		goto out;
	c->import_abandon_seconds = (long)n * 3600;
	if (check_mail(hdf, c, err, errsize) == -1)
		goto out;
	if (need_dir("Paths.Templates", c->templates, err, errsize) == -1 ||
	    need_dir("Paths.Sql", c->sql_dir, err, errsize) == -1 ||
	    need_dir("Paths.Files", c->files_dir, err, errsize) == -1 ||
	    need_dir("Server.TmpDir", c->tmp_dir, err, errsize) == -1)
		goto out;
	/* the web server opens the file by the path the program names */
	if (c->files_delivery == FILES_DELIVERY_XSENDFILE && c->files_dir[0] != '/') {
		fail(err, errsize, "Paths.Files = \"%s\": Files.Delivery = xsendfile needs an "
		    "absolute path (the web server opens the files by it)", c->files_dir);
		goto out;
	}
	snprintf(tplpath, sizeof(tplpath), "%s/layout.cs", c->templates);
	if (access(tplpath, R_OK) == -1) {
		fail(err, errsize, "Paths.Templates = \"%s\": layout.cs not found there", c->templates);
		goto out;
	}
	rc = 0;
out:
	if (hdf != NULL) {
		secrets_clear_tree(hdf);
		hdf_destroy(&hdf);
	}
	for (i = 0; i < SECRET__MAX; i++)
		secret_free(&taken[i]);
	OPENSSL_cleanse(text, size);
	free(text);
	if (rc == -1)
		config_free(c);
	return rc;
}

void
config_free(struct config *c)
{
	free(c->path);
	free(c->practice_name);
	free(c->socket);
	free(c->socket_group);
	free(c->pid_file);
	free(c->log_file);
	free(c->tmp_dir);
	free(c->db_host);
	free(c->db_socket);
	free(c->db_user);
	secret_free(&c->db_password);
	free(c->db_name);
	free(c->db_migrate_user);
	secret_free(&c->db_migrate_password);
	free(c->db_read_host);
	free(c->db_read_socket);
	free(c->db_read_user);
	secret_free(&c->db_read_password);
	free(c->templates);
	free(c->sql_dir);
	free(c->files_dir);
	free(c->mail_url);
	secret_free(&c->mail_user);
	secret_free(&c->mail_password);
	free(c->mail_from);
	free(c->mail_from_name);
	free(c->static_version);
	memset(c, 0, sizeof(*c));
}

void
config_drop(struct config *c, int keep_mail)
{
	secret_free(&c->db_migrate_password);
	if (!keep_mail) {
		secret_free(&c->mail_user);
		secret_free(&c->mail_password);
	}
}

void
config_db_migrate(const struct config *c, struct db_config *d)
{
	config_db(c, d);
	if (*c->db_migrate_user != '\0') {
		d->user = c->db_migrate_user;
		d->password = c->db_migrate_password != NULL ? c->db_migrate_password : "";
	}
}

void
config_db(const struct config *c, struct db_config *d)
{
	/* What the directory's kept pages are made of (raised by listcache_publish).  The staff
	 * every "assigned to" list shows are marked by hand (CHANGED_SETTINGS): a password
	 * change shows nowhere. */
	static const struct db_watch watch[] = {
		{ "clients",         CHANGED_DIRECTORY },
		{ "client_tags",     CHANGED_DIRECTORY },
		{ "tags",            CHANGED_DIRECTORY },
		{ "portal_accounts", CHANGED_DIRECTORY },
		{ "tokens",          CHANGED_DIRECTORY },
		{ "tasks",           CHANGED_DIRECTORY },
	};

	memset(d, 0, sizeof(*d));
	d->watch = watch;
	d->nwatch = sizeof(watch) / sizeof(watch[0]);
	d->host = c->db_host;
	d->port = c->db_port;
	d->socket = c->db_socket;
	d->user = c->db_user;
	d->password = c->db_password;
	d->name = c->db_name;
}

int
config_db_read(const struct config *c, struct db_config *d)
{
	if (*c->db_read_host == '\0' && *c->db_read_socket == '\0')
		return 0;
	memset(d, 0, sizeof(*d));
	/* Nothing is written there, so no table is watched. */
	d->host = c->db_read_host;
	d->port = c->db_read_port;
	d->socket = c->db_read_socket;
	d->user = *c->db_read_user != '\0' ? c->db_read_user : c->db_user;
	d->password = *c->db_read_user != '\0' ? c->db_read_password : c->db_password;
	d->name = c->db_name;
	return 1;
}
