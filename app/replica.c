/* replica.c: the directory's list, search and export read from the read replica, at versions
 * no older than the request's, or from the primary */
#include "config.h"

#include <time.h>

#include "app.h"
#include "log.h"

/* After the replica could not be reached, this worker reads from the primary this long
 * before trying again (a connect to an address that does not answer waits 3 s). */
#define REPLICA_RETRY_SECONDS	10

/* The versions the replica's snapshot holds: what its data is, and so what a page read there
 * may be kept under. */
static const char sql_versions[] =
	"SELECT p.version, COALESCE(d.version, 0) FROM practice_settings p "
	"LEFT JOIN directory_version d ON d.id = 1 WHERE p.id = 1";

static time_t	unreachable_until;

/* The primary, after a warning when the replica failed (not when it is only behind). */
static struct db *
primary(struct request *r, struct db *replica, const char *why)
{
	db_rollback(replica);
	if (why != NULL) {
		log_warn("read replica: %s; reading from the primary for %d s", why,
		    REPLICA_RETRY_SECONDS);
		unreachable_until = time(NULL) + REPLICA_RETRY_SECONDS;
	}
	return r->db;
}

struct db *
replica_begin(struct request *r)
{
	struct db		*replica = r->app != NULL ? r->app->replica : NULL;
	struct db_query		 q;
	unsigned long long	 settings, directory;
	int			 found;

	if (replica == NULL || time(NULL) < unreachable_until)
		return r->db;
	if (db_connect(replica) == -1)
		return primary(r, replica, "cannot connect");
	/* One snapshot for the versions and every statement of the page: its data is exactly
	 * what those versions published, and perhaps more (a change between its commit and its
	 * raise), never less. */
	if (db_begin_snapshot(replica) == -1)
		return primary(r, replica, "cannot begin a snapshot");
	db_query_init(&q, replica, sql_versions);
	if (db_query_exec(&q) == -1 || (found = db_query_next(&q)) == -1) {
		db_query_end(&q);
		return primary(r, replica, "cannot read the versions");
	}
	settings = found == 1 ? (unsigned long long)db_col_int(&q, 0) : 0;
	directory = found == 1 ? (unsigned long long)db_col_int(&q, 1) : 0;
	db_query_end(&q);
	if (found == 0)
		return primary(r, replica, "no settings row");
	/* Behind what the primary showed this request (a change saved just before, perhaps by
	 * this very person): the primary has it. */
	if (directory < r->directory_version || settings < r->practice.version)
		return primary(r, replica, NULL);
	/* Ahead: the page is newer than the key it would be kept under, so it is not kept. */
	if (directory > r->directory_version || settings > r->practice.version)
		r->render_shared = 0;
	return replica;
}

void
replica_end(struct request *r, struct db *db)
{
	if (db != r->db)
		db_rollback(db);
}
