/* auditchain.c: the audit log kept append-only by a chain of SHA-256 seals (the job runner
 * seals new entries; "casebook audit verify" walks the chain and names the first entry that
 * was altered or removed) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "log.h"

/* Entries sealed per transaction. */
#define SEAL_BATCH	500
/* A sealer looks back this many ids behind the newest sealed entry for entries whose
 * transaction committed after newer ones had been sealed; once an hour it looks at all. */
#define SEAL_SLACK	10000
#define SEAL_FULL_SECONDS	3600
/* An entry not sealed this long after it was written is reported by verify. */
#define UNSEALED_SECONDS	300

enum stmt {
	STMT_LOCK,
	STMT_UNLOCK,
	STMT_LAST,
	STMT_PENDING,
	STMT_SEAL,
	STMT_WALK,
	STMT_UNSEALED,
	STMT_COUNTS,
	STMT__MAX
};

/* An entry as sealed: every column QUOTE()d by the server (NULL as the word NULL, text
 * quoted and escaped), joined by commas: one unambiguous text for each possible row. */
#define ENTRY_TEXT \
	"CONCAT_WS(',', QUOTE(a.id), QUOTE(a.at), QUOTE(a.actor_kind), QUOTE(a.actor_id), " \
	"QUOTE(a.action), QUOTE(a.object_kind), QUOTE(a.object_id), QUOTE(a.ip), " \
	"QUOTE(a.detail))"

static const char *const stmts[STMT__MAX] = {
	/* STMT_LOCK: one sealer at a time, across hosts; the others skip their turn */
	"SELECT GET_LOCK('casebook_audit_seal', 0)",
	/* STMT_UNLOCK */
	"SELECT RELEASE_LOCK('casebook_audit_seal')",
	/* STMT_LAST: the chain's end */
	"SELECT audit_id, hash FROM audit_seals ORDER BY seq DESC LIMIT 1",
	/* STMT_PENDING: entries not sealed yet, oldest first */
	"SELECT a.id, " ENTRY_TEXT " FROM audit_log a WHERE a.id > ? AND NOT EXISTS "
	"(SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id) ORDER BY a.id LIMIT 500",
	/* STMT_SEAL: rows of this table are only ever inserted */
	"INSERT INTO audit_seals (audit_id, hash, sealed_at) VALUES (?, ?, UTC_TIMESTAMP())",
	/* STMT_WALK: the seals in chain order, with the entry each one seals (if it is there) */
	"SELECT s.seq, s.audit_id, s.hash, a.id IS NOT NULL, COALESCE(" ENTRY_TEXT ", '') "
	"FROM audit_seals s LEFT JOIN audit_log a ON a.id = s.audit_id WHERE s.seq > ? "
	"ORDER BY s.seq LIMIT 1000",
	/* STMT_UNSEALED: entries written a while ago that no seal covers */
	"SELECT COUNT(*), COALESCE(MIN(a.id), 0) FROM audit_log a WHERE a.at < UTC_TIMESTAMP() - "
	"INTERVAL ? SECOND AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)",
	/* STMT_COUNTS */
	"SELECT (SELECT COUNT(*) FROM audit_log), (SELECT COUNT(*) FROM audit_seals)",
};

/* The seal of an entry: SHA-256, in hex, of the seal before it (in hex; none: empty) and
 * the entry's text. */
static void
seal_of(const char *previous, const char *entry, char out[CRYPTO_SHA256_BYTES * 2 + 1])
{
	struct buf	 b = { NULL, 0, 0 };
	unsigned char	 digest[CRYPTO_SHA256_BYTES];

	if (buf_append(&b, previous, strlen(previous)) == -1 || buf_append(&b, "\n", 1) == -1 ||
	    buf_append(&b, entry, strlen(entry)) == -1) {
		log_error("out of memory");
		exit(1);
	}
	crypto_sha256(b.data, b.len, digest);
	crypto_hex(digest, sizeof(digest), out);
	buf_free(&b);
}

/* The chain's end: the newest seal's entry id and hash ("" and 0 when there is none); 0 or
 * -1. */
static int
chain_end(struct db *db, long long *audit_id, char hash[CRYPTO_SHA256_BYTES * 2 + 1])
{
	struct db_query	 q;
	int		 rc;

	*audit_id = 0;
	hash[0] = '\0';
	db_query_init(&q, db, stmts[STMT_LAST]);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) == -1) {
		db_query_end(&q);
		return -1;
	}
	if (rc == 1) {
		*audit_id = db_col_int(&q, 0);
		snprintf(hash, CRYPTO_SHA256_BYTES * 2 + 1, "%s", db_col_str(&q, 1));
	}
	db_query_end(&q);
	return 0;
}

/* Seal one batch of pending entries after from; the number sealed, or -1. */
static long long
seal_batch(struct db *db, long long from)
{
	struct db_query	 q, w;
	char		 hash[CRYPTO_SHA256_BYTES * 2 + 1];
	long long	 last_id, n = 0;
	int		 rc;

	if (db_begin(db) == -1 || chain_end(db, &last_id, hash) == -1)
		goto fail;
	db_query_init(&q, db, stmts[STMT_PENDING]);
	db_bind_int(&q, from);
	if (db_query_exec(&q) == -1)
		goto fail_query;
	while ((rc = db_query_next(&q)) == 1) {
		seal_of(hash, db_col_str(&q, 1), hash);
		db_query_init(&w, db, stmts[STMT_SEAL]);
		db_bind_int(&w, db_col_int(&q, 0));
		db_bind_text(&w, hash);
		if (db_exec(&w, NULL) == -1)
			goto fail_query;
		n++;
	}
	db_query_end(&q);
	if (rc == -1 || db_commit(db) == -1)
		goto fail;
	return n;
fail_query:
	db_query_end(&q);
fail:
	db_rollback(db);
	return -1;
}

long long
audit_seal(struct db *db)
{
	static time_t	 full_at;
	struct db_query	 q;
	char		 hash[CRYPTO_SHA256_BYTES * 2 + 1];
	long long	 last_id, from, n, total = 0, locked = 0;
	time_t		 now = time(NULL);

	db_query_init(&q, db, stmts[STMT_LOCK]);
	if (db_scalar_int(&q, &locked) == -1)
		return -1;
	if (locked != 1)
		return 0;	/* another runner is sealing */
	if (chain_end(db, &last_id, hash) == -1)
		goto fail;
	from = last_id > SEAL_SLACK ? last_id - SEAL_SLACK : 0;
	if (now - full_at >= SEAL_FULL_SECONDS) {
		from = 0;
		full_at = now;
	}
	while ((n = seal_batch(db, from)) == SEAL_BATCH)
		total += n;
	if (n == -1)
		goto fail;
	total += n;
	db_query_init(&q, db, stmts[STMT_UNLOCK]);
	db_scalar_int(&q, &locked);
	return total;
fail:
	db_query_init(&q, db, stmts[STMT_UNLOCK]);
	db_scalar_int(&q, &locked);
	return -1;
}

/* Walk the chain; 0 intact, 1 broken (the first break said on stdout), -1 database error. */
static int
verify_chain(struct db *db, long long *sealed)
{
	struct db_query	 q;
	char		 hash[CRYPTO_SHA256_BYTES * 2 + 1] = "", expect[CRYPTO_SHA256_BYTES * 2 + 1];
	long long	 seq = 0, audit_id, rows;
	int		 rc;

	*sealed = 0;
	do {
		db_query_init(&q, db, stmts[STMT_WALK]);
		db_bind_int(&q, seq);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			return -1;
		}
		rows = 0;
		while ((rc = db_query_next(&q)) == 1) {
			rows++;
			seq = db_col_int(&q, 0);
			audit_id = db_col_int(&q, 1);
			if (db_col_int(&q, 3) == 0) {
				printf("audit log: entry %lld was removed (seal %lld names it)\n",
				    audit_id, seq);
				db_query_end(&q);
				return 1;
			}
			seal_of(hash, db_col_str(&q, 4), expect);
			if (strcmp(expect, db_col_str(&q, 2)) != 0) {
				printf("audit log: the chain breaks at entry %lld (seal %lld): the "
				    "entry was altered, or the entry sealed before it was removed\n",
				    audit_id, seq);
				db_query_end(&q);
				return 1;
			}
			snprintf(hash, sizeof(hash), "%s", expect);
			(*sealed)++;
		}
		db_query_end(&q);
		if (rc == -1)
			return -1;
	} while (rows == 1000);
	return 0;
}

int
audit_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config dc;
	struct db	*db = NULL;
	struct db_query	 q;
	long long	 sealed, unsealed = 0, first = 0, entries = 0, seals = 0;
	int		 rc, status = 1;

	if (argc != 1 || strcmp(argv[0], "verify") != 0) {
		fprintf(stderr, "usage: casebook audit verify [-c FILE]\n");
		return 2;
	}
	config_db(cfg, &dc);
	if ((db = db_new(&dc)) == NULL || db_connect(db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log above)\n");
		goto out;
	}
	/* New entries first, so what is checked is as recent as it can be. */
	if (audit_seal(db) == -1 || (rc = verify_chain(db, &sealed)) == -1)
		goto dberror;
	if (rc == 1)
		goto out;
	db_query_init(&q, db, stmts[STMT_UNSEALED]);
	db_bind_int(&q, UNSEALED_SECONDS);
	if (db_query_exec(&q) == -1 || db_query_next(&q) != 1) {
		db_query_end(&q);
		goto dberror;
	}
	unsealed = db_col_int(&q, 0);
	first = db_col_int(&q, 1);
	db_query_end(&q);
	if (unsealed > 0) {
		printf("audit log: %lld entr%s written more than %d minutes ago %s not sealed, the "
		    "first %lld\n", unsealed, unsealed == 1 ? "y" : "ies", UNSEALED_SECONDS / 60,
		    unsealed == 1 ? "is" : "are", first);
		goto out;
	}
	db_query_init(&q, db, stmts[STMT_COUNTS]);
	if (db_query_exec(&q) == -1 || db_query_next(&q) != 1) {
		db_query_end(&q);
		goto dberror;
	}
	entries = db_col_int(&q, 0);
	seals = db_col_int(&q, 1);
	db_query_end(&q);
	printf("audit log: %lld entries, %lld sealed, the chain is whole\n", entries, seals);
	status = 0;
	goto out;
dberror:
	fprintf(stderr, "casebook: database error while checking the audit log\n");
out:
	db_free(db);
	return status;
}
