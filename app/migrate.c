/* migrate.c: "casebook migrate": apply sql/NNN_name.sql in order, each once */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "log.h"

enum stmt {
	STMT_CREATE_TABLE,
	STMT_LOCK,
	STMT_UNLOCK,
	STMT_APPLIED,
	STMT_RECORD,
	STMT_NEWEST,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CREATE_TABLE */
	"CREATE TABLE IF NOT EXISTS schema_migrations (version INT UNSIGNED NOT NULL PRIMARY KEY, "
	"name VARCHAR(255) NOT NULL, applied_at DATETIME NOT NULL) "
	"ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
	/* STMT_LOCK: two migrations at once would apply a file twice */
	"SELECT GET_LOCK('casebook_migrate', 60)",
	/* STMT_UNLOCK */
	"SELECT RELEASE_LOCK('casebook_migrate')",
	/* STMT_APPLIED */
	"SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
	/* STMT_RECORD */
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, UTC_TIMESTAMP())",
	/* STMT_NEWEST */
	"SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
};

/* "NNN_name.sql": the version, or -1 when the file is not a migration. */
static long
migration_version(const char *name)
{
	size_t	 len = strlen(name);

	if (len < 9 || strcmp(name + len - 4, ".sql") != 0 || name[3] != '_')
		return -1;
	if (name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9' ||
	    name[2] < '0' || name[2] > '9')
		return -1;
	return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

static char *
read_file(const char *path)
{
	FILE	*f;
	char	*data = NULL;
	long	 size;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)size + 1)) != NULL) {
		if (fread(data, 1, (size_t)size, f) != (size_t)size) {
			free(data);
			data = NULL;
		} else
			data[size] = '\0';
	}
	fclose(f);
	return data;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
only_migrations(const struct dirent *d)
{
	return migration_version(d->d_name) >= 0;
}

int
migrate_command(const struct config *cfg)
{
	struct db_config dc;
	struct db	*db = NULL;
	struct db_query	 q;
	struct dirent	**list = NULL;
	char		 path[4096], err[1024];
	char		*sql;
	long long	 applied, locked;
	long		 version, last = -1;
	int		 n = 0, i, status = 1, count = 0;

	config_db(cfg, &dc);
	dc.multi_statements = 1;
	if ((db = db_new(&dc)) == NULL || db_connect(db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database\n");
		goto out;
	}
	db_query_init(&q, db, stmts[STMT_CREATE_TABLE]);
	if (db_exec(&q, NULL) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_LOCK]);
	if (db_scalar_int(&q, &locked) == -1 || locked != 1) {
		fprintf(stderr, "casebook: another migration is running\n");
		goto out;
	}
	if ((n = scandir(cfg->sql_dir, &list, only_migrations, by_name)) == -1) {
		fprintf(stderr, "casebook: %s: %s\n", cfg->sql_dir, strerror(errno));
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		version = migration_version(list[i]->d_name);
		if (version == last) {
			fprintf(stderr, "casebook: two migrations numbered %03ld\n", version);
			goto unlock;
		}
		last = version;
		db_query_init(&q, db, stmts[STMT_APPLIED]);
		db_bind_int(&q, version);
		if (db_scalar_int(&q, &applied) == -1)
			goto unlock;
		if (applied)
			continue;
		snprintf(path, sizeof(path), "%s/%s", cfg->sql_dir, list[i]->d_name);
		if ((sql = read_file(path)) == NULL) {
			fprintf(stderr, "casebook: %s: cannot be read\n", path);
			goto unlock;
		}
		if (db_run_script(db, sql, err, sizeof(err)) == -1) {
			fprintf(stderr, "casebook: %s failed: %s\n", list[i]->d_name, err);
			free(sql);
			goto unlock;
		}
		free(sql);
		db_query_init(&q, db, stmts[STMT_RECORD]);
		db_bind_int(&q, version);
		db_bind_text(&q, list[i]->d_name);
		if (db_exec(&q, NULL) == -1)
			goto unlock;
		printf("applied %s\n", list[i]->d_name);
		count++;
	}
	if (count > 0)
		printf("%d migration%s applied\n", count, count == 1 ? "" : "s");
	else
		printf("the database is up to date\n");
	status = 0;
unlock:
	db_query_init(&q, db, stmts[STMT_UNLOCK]);
	db_scalar_int(&q, &locked);
out:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	db_free(db);
	return status;
}

int
migrate_pending(const struct config *cfg, long *have, long *want)
{
	struct db_config dc;
	struct db	*db;
	struct db_query	 q;
	struct dirent	**list = NULL;
	long long	 newest = 0;
	int		 n, i, rc = -1;

	*have = *want = 0;
	if ((n = scandir(cfg->sql_dir, &list, only_migrations, by_name)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (migration_version(list[i]->d_name) > *want)
			*want = migration_version(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	config_db(cfg, &dc);
	if ((db = db_new(&dc)) == NULL)
		return -1;
	if (db_connect(db) == 0) {
		db_query_init(&q, db, stmts[STMT_NEWEST]);
		if (db_scalar_int(&q, &newest) == 0) {
			*have = (long)newest;
			rc = *have < *want ? 1 : 0;
		}
	}
	db_free(db);
	return rc;
}
