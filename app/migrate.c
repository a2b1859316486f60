/* migrate.c: "casebook migrate": apply sql/NNN_name.sql in order, each once */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "log.h"
#include "text.h"

#define BACKFILL_BATCH		500
#define BACKFILL_BATCH_SQL	"500"

enum stmt {
	STMT_CREATE_TABLE,
	STMT_LOCK,
	STMT_UNLOCK,
	STMT_APPLIED,
	STMT_RECORD,
	STMT_NEWEST,
	STMT_TAGS_UNFOLDED,
	STMT_TAG_FOLD,
	STMT_CLIENTS_UNINDEXED,
	STMT_TRIGGERS,
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
	/* STMT_TAGS_UNFOLDED: tags saved before search names existed */
	"SELECT id, name FROM tags WHERE search_name = '' AND name <> '' AND id > ? "
	"ORDER BY id LIMIT " BACKFILL_BATCH_SQL,
	/* STMT_TAG_FOLD */
	"UPDATE tags SET search_name = ? WHERE id = ?",
	/* STMT_CLIENTS_UNINDEXED: clients whose search words were never written */
	"SELECT id FROM client_search WHERE own_words = '' AND id > ? ORDER BY id LIMIT "
	BACKFILL_BATCH_SQL,
	/* STMT_TRIGGERS: what an earlier Casebook left in the database */
	"SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
	"ORDER BY TRIGGER_NAME",
};

/* The migration from which the database holds no trigger: recorded only once none is left
 * (sql/021_no_triggers_clients.sql). */
#define MIGRATION_NO_TRIGGERS	21

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

/* The next batch of ids (and, for tags, folded names) after `after`; the count or -1. */
static int
backfill_batch(struct db *db, enum stmt which, long long after, long long *ids,
    char (*names)[TAG_SEARCH_NAME_MAX])
{
	struct db_query	 q;
	int		 n = 0, rc;

	db_query_init(&q, db, stmts[which]);
	db_bind_int(&q, after);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1 && n < BACKFILL_BATCH) {
		ids[n] = db_col_int(&q, 0);
		if (names != NULL)
			text_fold_to(db_col_str(&q, 1), names[n], TAG_SEARCH_NAME_MAX);
		n++;
	}
	db_query_end(&q);
	return rc == -1 ? -1 : n;
}

/*
 * Write what sql/007_client_search.sql could not: the folded names of the tags and the
 * search words of the clients saved before it (folding is the program's).  Every later
 * save writes them itself, so on an up-to-date database this finds nothing.  0 or -1.
 */
static int
search_backfill(struct db *db)
{
	struct db_query	 q;
	long long	 ids[BACKFILL_BATCH], after, done = 0;
	char		 (*names)[TAG_SEARCH_NAME_MAX];
	int		 n, i;

	if ((names = calloc(BACKFILL_BATCH, sizeof(*names))) == NULL)
		return -1;
	after = 0;
	while ((n = backfill_batch(db, STMT_TAGS_UNFOLDED, after, ids, names)) > 0) {
		for (i = 0; i < n; i++) {
			db_query_init(&q, db, stmts[STMT_TAG_FOLD]);
			db_bind_text(&q, names[i]);
			db_bind_int(&q, ids[i]);
			if (db_exec(&q, NULL) == -1) {
				free(names);
				return -1;
			}
		}
		after = ids[n - 1];
	}
	free(names);
	if (n == -1)
		return -1;
	for (after = 0; (n = backfill_batch(db, STMT_CLIENTS_UNINDEXED, after, ids, NULL)) > 0;
	    after = ids[n - 1]) {
		/* a batch a transaction: one write to the log per batch, not per statement */
		if (db_begin(db) == -1)
			return -1;
		for (i = 0; i < n; i++)
			if (db_client_reindex(db, ids[i]) == -1 ||
			    db_client_sync(db, ids[i]) == -1) {
				db_rollback(db);
				return -1;
			}
		if (db_commit(db) == -1)
			return -1;
		done += n;
	}
	if (done > 0)
		printf("wrote the search words of %lld clients\n", done);
	return n;
}

/*
 * Drop every trigger left in the database; 0 when none is left, -1 (said on stderr) when one
 * could not be dropped.  With binary logging on, dropping a trigger needs SUPER, which an
 * ordinary account lacks: the statements are then printed for an account that has it.
 */
static int
drop_triggers(struct db *db, const char *database)
{
	struct db_query	 q;
	struct buf	 names = { NULL, 0, 0 }, sql = { NULL, 0, 0 };
	char		 err[1024];
	const char	*name;
	size_t		 n = 0;
	int		 rc, status = -1;

	db_query_init(&q, db, stmts[STMT_TRIGGERS]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		name = db_col_str(&q, 0);
		if (strchr(name, '`') != NULL)
			continue;	/* no trigger of ours is named so */
		buf_printf(&sql, "DROP TRIGGER `%s`;\n", name);
		buf_printf(&names, "%s%s", n++ ? ", " : "", name);
	}
	db_query_end(&q);
	if (rc == -1)
		goto out;
	if (n == 0) {
		status = 0;
		goto out;
	}
	if (db_run_script(db, sql.data, err, sizeof(err)) == 0) {
		printf("dropped %zu trigger%s of an earlier Casebook: %s\n", n, n == 1 ? "" : "s",
		    names.data);
		status = 0;
		goto out;
	}
	fprintf(stderr, "casebook: the database still holds %zu trigger%s of an earlier "
	    "Casebook, which this version replaces, and this account cannot drop them (%s).\n"
	    "With binary logging on, only an account with SUPER can: ask whoever administers "
	    "the database server (on shared hosting, the host's support) to run, in the "
	    "database %s:\n%s"
	    "then run casebook migrate again. Casebook does not start until then.\n",
	    n, n == 1 ? "" : "s", err, database, sql.data);
out:
	buf_free(&names);
	buf_free(&sql);
	return status;
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

	config_db_migrate(cfg, &dc);
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
		if (version == MIGRATION_NO_TRIGGERS && drop_triggers(db, cfg->db_name) == -1)
			goto unlock;
		db_query_init(&q, db, stmts[STMT_RECORD]);
		db_bind_int(&q, version);
		db_bind_text(&q, list[i]->d_name);
		if (db_exec(&q, NULL) == -1)
			goto unlock;
		printf("applied %s\n", list[i]->d_name);
		count++;
	}
	if (search_backfill(db) == -1) {
		fprintf(stderr, "casebook: writing the search words failed\n");
		goto unlock;
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
