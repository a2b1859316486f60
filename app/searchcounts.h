/* searchcounts.h: the kept counts of the search fragments many clients share
 * (sql/015_search_counts.sql; the directory reads them in app/clientlist.c) */
#ifndef CASEBOOK_SEARCHCOUNTS_H
#define CASEBOOK_SEARCHCOUNTS_H

#include "db.h"

/*
 * Fold the changes logged since the last fold into the kept counts (at most some tens of
 * thousands at a call), then build the counts again from the search words when they were
 * never built, min_clients changed, rebuild_changes changes have been folded since the last
 * build, or force is set.  Safe to run from several processes: they take turns.  0 or -1.
 */
int	search_counts_tend(struct db *, long min_clients, long rebuild_changes, int force);

struct config;
/* casebook search-counts: fold the changes and build the kept counts now; exit status. */
int	search_counts_command(const struct config *, int argc, char **argv);

#endif
