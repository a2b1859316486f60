/* sync.c: "casebook sync": every client's derived rows (search rows and words, the counts, the
 * tags' counts, the kept search counts) checked against the records and set right, after a
 * change made by hand in SQL */
#include "config.h"

#include <stdio.h>

#include "app.h"
#include "clientdb.h"
#include "searchcounts.h"

int
sync_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config	 dc;
	struct db		*db = NULL;
	struct clients_check	 check;
	int			 status = 1;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "usage: casebook sync [-c FILE]\n");
		return 2;
	}
	config_db(cfg, &dc);
	if ((db = db_new(&dc)) == NULL || db_connect(db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log above)\n");
		goto out;
	}
	if (db_clients_check_all(db, &check) == -1) {
		fprintf(stderr, "casebook: database error while checking the clients\n");
		goto out;
	}
	/* Clients deleted by hand took their words with them: the kept search counts are
	 * built again from what is there. */
	if (check.counts_fixed > 0 && search_counts_tend(db, cfg->search_count_min_clients,
	    cfg->search_count_rebuild_changes, 1) == -1) {
		fprintf(stderr, "casebook: the search counts could not be built again\n");
		goto out;
	}
	printf("clients checked: %lld search rows added, %lld clients' words and %lld tags' "
	    "counts set right%s\n", check.rows_added, check.words_fixed, check.tags_fixed,
	    check.counts_fixed > 0 ? "; the counts per status and staff and the kept search "
	    "counts built again" : "");
	status = 0;
out:
	/* every worker's kept directory pages are out of date */
	if (db != NULL) {
		db_mark(db, CHANGED_DIRECTORY);
		if (listcache_publish(db) == -1)
			fprintf(stderr, "casebook: the directory's version could not be raised\n");
	}
	db_free(db);
	return status;
}
