/* jobs.c: the job runner: takes due rows from the jobs table one at a time and runs them (the
 * periodic purge of expired sessions, tokens and sign-in failures, and the sweep of import
 * uploads left behind; e-mail), and the admin page
 * that lists them (/admin/jobs) */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "clientdb.h"
#include "crypto.h"
#include "mail.h"
#include "log.h"
#include "searchcounts.h"

/* While the mail server cannot be reached, mail is held back this long before one message
 * tries again; the rest follow at once when it goes. */
#define WAIT_SECONDS	5

/* Clients whose search keys are written at a time, in one transaction. */
#define KEYS_BATCH	500

/* How often a runner looks for jobs whose lease expired, and writes that it is alive. */
#define EXPIRED_CHECK_SECONDS	5
#define SEEN_SECONDS		10
/* How often new audit entries are sealed into the chain. */
#define SEAL_SECONDS		2

static volatile sig_atomic_t	stopping;

/* This runner process: "host:pid:random", unique even for two hosts of one name (two
 * containers, a host that comes back with the same pid). */
static char	runner_id[128];

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

int
jobs_stopping(void)
{
	return stopping != 0;
}

enum stmt {
	STMT_ENSURE_PURGE,
	STMT_EXPIRED,
	STMT_REQUEUE_EXPIRED,
	STMT_CLAIM_PICK,
	STMT_CLAIM_PICK_NO_MAIL,
	STMT_CLAIM_MARK,
	STMT_RENEW,
	STMT_DONE_REPEAT,
	STMT_DONE,
	STMT_FAILED,
	STMT_WAIT,
	STMT_RELEASE,
	STMT_RUNNER_SEEN,
	STMT_PURGE_RUNNERS,
	STMT_RUNNER_LAST,
	STMT_PURGE_TOKENS,
	STMT_PURGE_FAILURES,
	STMT_PURGE_JOBS,
	STMT_LIST_COUNT,
	STMT_LIST_PAGE,
	STMT_GET,
	STMT_RETRY,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ENSURE_PURGE: one purge job, repeating at the configured interval */
	"INSERT INTO jobs (kind, unique_key, state, run_at, repeat_seconds, created_at, updated_at) "
	"VALUES ('purge', 'purge', 'queued', UTC_TIMESTAMP(), ?, UTC_TIMESTAMP(), UTC_TIMESTAMP()) "
	"ON DUPLICATE KEY UPDATE repeat_seconds = VALUES(repeat_seconds), "
	"run_at = LEAST(run_at, UTC_TIMESTAMP() + INTERVAL VALUES(repeat_seconds) SECOND)",
	/* STMT_EXPIRED: jobs whose runner stopped renewing its lease (it died, its host died, or
	 * it lost the database); a plain read, so it locks nothing */
	"SELECT id, kind, COALESCE(locked_by, '') FROM jobs WHERE state = 'running' AND "
	"(lease_until IS NULL OR lease_until < UTC_TIMESTAMP()) ORDER BY id LIMIT 100",
	/* STMT_REQUEUE_EXPIRED: one of them back in the queue, by its key alone (a record lock,
	 * no gap); a runner still holding it renews inside its batch's transaction, so this waits
	 * for that commit and then finds the lease live */
	"UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL, "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND state = 'running' AND "
	"(lease_until IS NULL OR lease_until < UTC_TIMESTAMP())",
	/* STMT_CLAIM_PICK */
	"SELECT id, kind, COALESCE(repeat_seconds, 0), attempts, max_attempts FROM jobs "
	"WHERE state = 'queued' AND run_at <= UTC_TIMESTAMP() ORDER BY run_at, id LIMIT 1 "
	"FOR UPDATE SKIP LOCKED",
	/* STMT_CLAIM_PICK_NO_MAIL: the same while mail is held back (its server is down) */
	"SELECT id, kind, COALESCE(repeat_seconds, 0), attempts, max_attempts FROM jobs "
	"WHERE state = 'queued' AND run_at <= UTC_TIMESTAMP() AND kind <> 'mail' "
	"ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
	/* STMT_CLAIM_MARK */
	"UPDATE jobs SET state = 'running', locked_by = ?, locked_at = UTC_TIMESTAMP(), "
	"lease_until = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	"attempts = attempts + 1, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_RENEW: matched (the connection counts found rows) only while this runner holds
	 * the job; the row stays locked until the caller's transaction ends */
	"UPDATE jobs SET lease_until = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND state = 'running' AND locked_by = ?",
	/* STMT_DONE_REPEAT: this and the three below touch the job only while this runner holds
	 * it: a runner that lost its lease leaves the job to the one that took it over */
	"UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL, attempts = 0, "
	"last_error = NULL, run_at = UTC_TIMESTAMP() + INTERVAL repeat_seconds SECOND, "
	"finished_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND state = 'running' AND locked_by = ?",
	/* STMT_DONE */
	"UPDATE jobs SET state = 'done', locked_by = NULL, lease_until = NULL, "
	"finished_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND state = 'running' AND locked_by = ?",
	/* STMT_FAILED: back off 30 s, 1 min, 2 min, ... or give up after max_attempts */
	"UPDATE jobs SET state = IF(attempts >= max_attempts AND repeat_seconds IS NULL, "
	"'failed', 'queued'), locked_by = NULL, lease_until = NULL, last_error = ?, "
	"run_at = UTC_TIMESTAMP() + INTERVAL LEAST(30 * POW(2, attempts - 1), 3600) SECOND, "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND state = 'running' AND locked_by = ?",
	/* STMT_WAIT: tried again soon, the attempt not counted */
	"UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL, last_error = ?, "
	"attempts = GREATEST(attempts - 1, 0), "
	"run_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND state = 'running' AND locked_by = ?",
	/* STMT_RELEASE: the runner is stopping: due again at once for the next runner, the
	 * attempt not counted */
	"UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL, "
	"attempts = GREATEST(attempts - 1, 0), run_at = UTC_TIMESTAMP(), "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND state = 'running' AND locked_by = ?",
	/* STMT_RUNNER_SEEN */
	"INSERT INTO job_runners (id, host, pid, started_at, seen_at) "
	"VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP()) "
	"ON DUPLICATE KEY UPDATE seen_at = UTC_TIMESTAMP()",
	/* STMT_PURGE_RUNNERS */
	"DELETE FROM job_runners WHERE seen_at < UTC_TIMESTAMP() - INTERVAL 7 DAY",
	/* STMT_RUNNER_LAST: when a runner, any, last said it was alive, and how long ago */
	"SELECT host, seen_at, TIMESTAMPDIFF(SECOND, seen_at, UTC_TIMESTAMP()) FROM job_runners "
	"ORDER BY seen_at DESC LIMIT 1",
	/* STMT_PURGE_TOKENS: an expired invitation stays a while, so the directory can say
	 * "Expired" rather than "Not invited" */
	"DELETE FROM tokens WHERE (expires_at < UTC_TIMESTAMP() - INTERVAL 1 DAY AND "
	"(kind <> 'invite' OR expires_at < UTC_TIMESTAMP() - INTERVAL 90 DAY)) "
	"OR used_at < UTC_TIMESTAMP() - INTERVAL 30 DAY",
	/* STMT_PURGE_FAILURES */
	"DELETE FROM signin_failures WHERE created_at < UTC_TIMESTAMP() - INTERVAL 1 DAY",
	/* STMT_PURGE_JOBS */
	"DELETE FROM jobs WHERE state = 'done' AND finished_at < UTC_TIMESTAMP() - INTERVAL 30 DAY",
	/* STMT_LIST_COUNT */
	"SELECT COUNT(*) FROM jobs",
	/* STMT_LIST_PAGE: of a mail job only the head of its payload, up to the empty line that
	 * ends the envelope (recipient and subject), never the message */
	"SELECT id, kind, state, attempts, repeat_seconds IS NOT NULL, run_at, "
	"COALESCE(locked_at, ''), COALESCE(finished_at, ''), updated_at, COALESCE(last_error, ''), "
	"IF(kind = 'mail', SUBSTRING_INDEX(LEFT(COALESCE(payload, ''), 4000), "
	"CHAR(10, 10 USING utf8mb4), 1), '') "
	"FROM jobs ORDER BY id DESC LIMIT ? OFFSET ?",
	/* STMT_GET */
	"SELECT kind, state FROM jobs WHERE id = ?",
	/* STMT_RETRY: a failed job, or one waiting for its next try (after a failure, or for an
	 * unreachable server), is due now; a failed one gets one more attempt (and the back-off
	 * goes on from where it was) */
	"UPDATE jobs SET state = 'queued', run_at = UTC_TIMESTAMP(), "
	"max_attempts = GREATEST(max_attempts, attempts + 1), updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND repeat_seconds IS NULL AND (state = 'failed' OR "
	"(state = 'queued' AND (attempts > 0 OR last_error IS NOT NULL)))",
};

/* Write the reason of a failure into err; -1. */
static int
fail_with(char *err, size_t errsize, const char *reason)
{
	snprintf(err, errsize, "%s", reason);
	return -1;
}

/* A job handler: 0 done, -1 failed with a message in err, JOB_WAIT (message in err) to be
 * tried again after WAIT_SECONDS without counting the attempt. */
typedef int (*job_fn)(struct app *, long long id, char *err, size_t errsize);

/* The store is swept for files nothing names once an hour, of files an hour old. */
#define STORE_SWEEP_SECONDS	3600

static int
job_purge(struct app *app, long long id, char *err, size_t errsize)
{
	static time_t		 store_swept;
	struct db_query		 q;
	unsigned long long	 tokens = 0, failures = 0, jobs = 0;
	long long		 sessions, stored, n = 0;
	time_t			 now = time(NULL);
	int			 i, rc;

	if ((sessions = session_purge(app->db, &app->cfg->session)) == -1)
		goto fail;
	for (i = STMT_PURGE_TOKENS; i <= STMT_PURGE_JOBS; i++) {
		db_query_init(&q, app->db, stmts[i]);
		if (db_exec(&q, i == STMT_PURGE_TOKENS ? &tokens :
		    i == STMT_PURGE_FAILURES ? &failures : &jobs) == -1)
			goto fail;
	}
	db_query_init(&q, app->db, stmts[STMT_PURGE_RUNNERS]);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	if (sessions + (long long)tokens + (long long)failures + (long long)jobs > 0)
		log_info("purge: %lld sessions, %llu tokens, %llu sign-in failures, %llu jobs",
		    sessions, tokens, failures, jobs);
	if ((rc = job_lease_hold(app, id)) != 1)
		return rc == 0 ? JOB_LOST : fail_with(err, errsize, "database error during purge");
	if (import_sweep(app) == -1) {
		snprintf(err, errsize, "database error during the sweep of import uploads");
		return -1;
	}
	if (now - store_swept >= app->cfg->store_sweep_seconds) {
		if ((rc = job_lease_hold(app, id)) != 1)
			return rc == 0 ? JOB_LOST : fail_with(err, errsize,
			    "database error during purge");
		if ((stored = files_sweep(app, now - STORE_SWEEP_SECONDS)) == -1) {
			snprintf(err, errsize, "database error during the sweep of stored files");
			return -1;
		}
		store_swept = now;
		if (stored > 0)
			log_info("sweep: %lld stored file%s that nothing names removed", stored,
			    stored == 1 ? "" : "s");
	}
	/* search keys an import's job did not write (it could not be queued) */
	while ((rc = job_lease_hold(app, id)) == 1 &&
	    (n = db_clients_key_pending(app->db, KEYS_BATCH)) > 0)
		;
	if (rc != 1)
		return rc == 0 ? JOB_LOST : fail_with(err, errsize, "database error during purge");
	if (n == -1) {
		snprintf(err, errsize, "database error writing the search keys");
		return -1;
	}
	return 0;
fail:
	snprintf(err, errsize, "database error during purge");
	return -1;
}

/* The search keys of the clients an import saved: until none is left (the clients of an
 * import started meanwhile are keyed by the job it queues when it ends). */
static int
job_search_keys(struct app *app, long long id, char *err, size_t errsize)
{
	long long	 n;
	int		 rc;

	while (!stopping) {
		if ((rc = job_lease_hold(app, id)) == 0)
			return JOB_LOST;
		if (rc == -1 || (n = db_clients_key_pending(app->db, KEYS_BATCH)) == -1)
			return fail_with(err, errsize, "database error writing the search keys");
		if (n == 0)
			return 0;
	}
	return JOB_RELEASE;
}

static const struct {
	const char	*kind;
	const char	*label;		/* on the jobs page */
	job_fn		 run;
} job_kinds[] = {
	{ "purge", "Clean-up of expired sessions, tokens and uploads", job_purge },
	{ "mail",  "E-mail",                                  mail_job_send },
	{ "import", "Import of clients from a CSV file",      import_job_run },
	{ "search_keys", "Search index of imported clients",  job_search_keys },
	{ "reset_request", "Portal password reset request",   portal_reset_job },
};

/* Take the next due job (no mail when hold_mail): 1 taken (id, kind, repeat filled), 0 none
 * due, -1 error.  The claim carries this runner's id and a lease; a mail job's lease outlasts
 * the longest a send can take, since a send cannot renew it. */
static int
claim(struct app *app, int hold_mail, long long *id, long long *repeat, char *kind,
    size_t kindsize)
{
	struct db_query	 q;
	long		 lease = app->cfg->job_lease_seconds;
	int		 rc;

	if (db_begin(app->db) == -1)
		return -1;
	db_query_init(&q, app->db, stmts[hold_mail ? STMT_CLAIM_PICK_NO_MAIL : STMT_CLAIM_PICK]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		db_rollback(app->db);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		*id = db_col_int(&q, 0);
		snprintf(kind, kindsize, "%s", db_col_str(&q, 1));
		*repeat = db_col_int(&q, 2);
	}
	db_query_end(&q);
	if (rc != 1) {
		db_rollback(app->db);
		return rc;
	}
	if (strcmp(kind, "mail") == 0 && lease < MAIL_TIMEOUT + 30)
		lease = MAIL_TIMEOUT + 30;
	db_query_init(&q, app->db, stmts[STMT_CLAIM_MARK]);
	db_bind_text(&q, runner_id);
	db_bind_int(&q, lease);
	db_bind_int(&q, *id);
	if (db_exec(&q, NULL) == -1 || db_commit(app->db) == -1) {
		db_rollback(app->db);
		return -1;
	}
	return 1;
}

int
job_lease_hold(struct app *app, long long job_id)
{
	struct db_query		 q;
	unsigned long long	 held = 0;

	db_query_init(&q, app->db, stmts[STMT_RENEW]);
	db_bind_int(&q, app->cfg->job_lease_seconds);
	db_bind_int(&q, job_id);
	db_bind_text(&q, runner_id);
	if (db_exec(&q, &held) == -1)
		return -1;
	if (held == 0)
		log_warn("jobs: job %lld is no longer held by this runner (its lease ran out and "
		    "another runner took it over); leaving it", job_id);
	return held != 0;
}

/* Put the jobs whose lease ran out back in the queue; -1 when the database cannot be read. */
static int
requeue_expired(struct app *app)
{
	struct db_query		 q;
	unsigned long long	 changed;
	long long		 ids[100];
	char			 what[100][200];
	int			 n = 0, i, rc;

	db_query_init(&q, app->db, stmts[STMT_EXPIRED]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while (n < 100 && (rc = db_query_next(&q)) == 1) {
		ids[n] = db_col_int(&q, 0);
		snprintf(what[n], sizeof(what[n]), "%s, held by %s", db_col_str(&q, 1),
		    *db_col_str(&q, 2) ? db_col_str(&q, 2) : "an earlier runner");
		n++;
	}
	db_query_end(&q);
	for (i = 0; i < n; i++) {
		db_query_init(&q, app->db, stmts[STMT_REQUEUE_EXPIRED]);
		db_bind_int(&q, ids[i]);
		if (db_exec(&q, &changed) == -1)
			return -1;
		if (changed > 0)
			log_warn("jobs: job %lld (%s) was not renewed within its lease; queued again",
			    ids[i], what[i]);
	}
	return 0;
}

/* Say in job_runners that this runner is alive; -1 on a database error. */
static int
runner_seen(struct app *app, const char *host)
{
	struct db_query	 q;

	db_query_init(&q, app->db, stmts[STMT_RUNNER_SEEN]);
	db_bind_text(&q, runner_id);
	db_bind_text(&q, host);
	db_bind_int(&q, (long long)getpid());
	return db_exec(&q, NULL);
}

/* Record how job id ended with what its handler returned: only while this runner still holds
 * it. */
static void
record_end(struct app *app, long long id, long long repeat, const char *kind, int rc,
    const char *err)
{
	struct db_query		 q;
	unsigned long long	 changed = 1;
	const char		*what;

	switch (rc) {
	case 0:
		/* A repeating job goes back in the queue for its next run. */
		what = "marked done";
		db_query_init(&q, app->db, stmts[repeat > 0 ? STMT_DONE_REPEAT : STMT_DONE]);
		break;
	case JOB_WAIT:
		what = "put back in the queue";
		log_warn("jobs: job %lld (%s) waits %d s: %s", id, kind, WAIT_SECONDS, err);
		db_query_init(&q, app->db, stmts[STMT_WAIT]);
		db_bind_text(&q, err);
		db_bind_int(&q, WAIT_SECONDS);
		break;
	case JOB_RELEASE:
		what = "released";
		log_info("jobs: job %lld (%s) released for the next runner", id, kind);
		db_query_init(&q, app->db, stmts[STMT_RELEASE]);
		break;
	case JOB_LOST:
		return;
	default:
		what = "marked failed";
		log_warn("jobs: job %lld (%s) failed: %s", id, kind, err);
		db_query_init(&q, app->db, stmts[STMT_FAILED]);
		db_bind_text(&q, err);
		break;
	}
	db_bind_int(&q, id);
	db_bind_text(&q, runner_id);
	if (db_exec(&q, &changed) == -1)
		log_error("jobs: job %lld could not be %s", id, what);
	else if (changed == 0)
		log_warn("jobs: job %lld was not %s: another runner holds it now", id, what);
}

/* Run job id and record how it went; returns what its handler returned. */
static int
run_one(struct app *app, long long id, long long repeat, const char *kind)
{
	char		 err[256] = "";
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < sizeof(job_kinds) / sizeof(job_kinds[0]); i++)
		if (strcmp(job_kinds[i].kind, kind) == 0)
			break;
	if (i == sizeof(job_kinds) / sizeof(job_kinds[0]))
		snprintf(err, sizeof(err), "unknown job kind \"%s\"", kind);
	else
		rc = job_kinds[i].run(app, id, err, sizeof(err));
	/* A handler may leave a transaction open on an error path. */
	db_rollback(app->db);
	record_end(app, id, repeat, kind, rc, err);
	/* What the job changed in the directory (a purge, an import) shows on every worker. */
	if (listcache_publish(app->db) == -1)
		log_error("jobs: the directory's version could not be raised after job %lld", id);
	return rc;
}

/* This runner's id: the host's name, the pid, and 6 random bytes. */
static void
make_runner_id(char *host, size_t hostsize)
{
	unsigned char	 rnd[6];
	char		 hex[13];
	size_t		 i;

	if (gethostname(host, hostsize) == -1)
		snprintf(host, hostsize, "localhost");
	host[hostsize - 1] = '\0';
	if (crypto_random(rnd, sizeof(rnd)) == -1)
		memset(rnd, 0, sizeof(rnd));
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	snprintf(runner_id, sizeof(runner_id), "%.64s:%ld:%s", host, (long)getpid(), hex);
}

void
jobs_run(struct app *app, time_t until, int once)
{
	struct sigaction sa;
	struct db_query	 q;
	char		 host[64], kind[64];
	long long	 id, repeat = 0;
	time_t		 now, mail_held_until = 0, counts_tended = 0, expired_checked = 0;
	time_t		 seen = 0, tmp_swept = 0, sealed = 0;
	int		 rc, ready = 0, warned = 0, counts_warned = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* A file over the size limit is a write error (EFBIG) to handle, not the end. */
	signal(SIGXFSZ, SIG_IGN);
	/* libcurl's global state, once per process, before anything could start a thread. */
	if (mail_init() == -1)
		log_error("jobs: libcurl cannot be initialised; e-mail will fail");
	make_runner_id(host, sizeof(host));
	log_info("jobs: runner %s started", runner_id);

	while (!stopping && (until == 0 || time(NULL) < until)) {
		if (!ready) {
			/* Set up once the database answers: the purge job. */
			db_query_init(&q, app->db, stmts[STMT_ENSURE_PURGE]);
			db_bind_int(&q, app->cfg->purge_seconds);
			ready = db_exec(&q, NULL) == 0;
			if (!ready) {
				if (!warned++)
					log_warn("jobs: waiting for the database");
				if (once)
					break;
				sleep(1);
				continue;
			}
			warned = 0;
		}
		now = time(NULL);
		if (now - seen >= SEEN_SECONDS && runner_seen(app, host) == 0)
			seen = now;
		/* Jobs of runners that stopped renewing (dead, cut off): any runner takes them up;
		 * a live lease is never touched, this runner's own old ones included. */
		if (now - expired_checked >= EXPIRED_CHECK_SECONDS && requeue_expired(app) == 0)
			expired_checked = now;
		/* The temporary directory is this host's own: every runner sweeps its own. */
		if (now - tmp_swept >= app->cfg->purge_seconds) {
			tmp_swept = now;
			upload_tmp_sweep(app);
		}
		/* The audit log's new entries sealed into its chain. */
		if (now - sealed >= SEAL_SECONDS) {
			sealed = now;
			if (audit_seal(app->db) == -1)
				log_warn("jobs: the audit log's new entries could not be sealed; "
				    "retrying");
		}
		/* The directory's kept search counts: the changes folded in about once a second. */
		if (now != counts_tended) {
			counts_tended = now;
			if (search_counts_tend(app->db, app->cfg->search_count_min_clients,
			    app->cfg->search_count_rebuild_changes, 0) == -1) {
				if (!counts_warned++)
					log_warn("jobs: the search counts cannot be kept up to date; "
					    "retrying");
			} else
				counts_warned = 0;
		}
		rc = claim(app, now < mail_held_until, &id, &repeat, kind, sizeof(kind));
		if (rc == 1) {
			if (run_one(app, id, repeat, kind) == JOB_WAIT &&
			    strcmp(kind, "mail") == 0)
				mail_held_until = time(NULL) + WAIT_SECONDS;
			continue;	/* there may be more due */
		}
		if (rc == -1 && !warned++)
			log_warn("jobs: cannot read the job queue; retrying");
		if (rc == 0)
			warned = 0;
		if (once)
			break;
		sleep(1);
	}
	log_info("jobs: runner %s stopped", runner_id);
}

int
jobs_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config dc;
	struct app	 app;
	char		*end;
	long		 seconds = 0;
	int		 once = 0, status = 1;

	if (argc == 1 && strcmp(argv[0], "--once") == 0)
		once = 1;
	else if (argc == 2 && strcmp(argv[0], "--for") == 0) {
		errno = 0;
		seconds = strtol(argv[1], &end, 10);
		if (errno != 0 || end == argv[1] || *end != '\0' || seconds < 1 ||
		    seconds > 86400) {
			fprintf(stderr, "casebook jobs: --for takes a number of seconds from 1 to "
			    "86400\n");
			return 2;
		}
	} else if (argc != 0) {
		fprintf(stderr, "usage: casebook jobs [-c FILE] [--once | --for SECONDS]\n");
		return 2;
	}
	memset(&app, 0, sizeof(app));
	app.cfg = (struct config *)cfg;
	if (*cfg->log_file != '\0' && log_open(cfg->log_file) == -1) {
		fprintf(stderr, "casebook: %s: %s\n", cfg->log_file, strerror(errno));
		return 1;
	}
	log_role("jobs");
	config_db(cfg, &dc);
	if ((app.db = db_new(&dc)) == NULL || db_connect(app.db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log)\n");
		goto out;
	}
	jobs_run(&app, seconds > 0 ? time(NULL) + seconds : 0, once);
	status = 0;
out:
	db_free(app.db);
	return status;
}

/* ---- the jobs page (/admin/jobs) ---- */

#define JOBS_PAGE_SIZE	50

const struct form_field jobs_fields[JOBS__MAX] = {
	{ "page", FORM_INT, 0, 9, 1, 1000000, "Page" },
};

static const char *
kind_label(const char *kind)
{
	size_t	 i;

	for (i = 0; i < sizeof(job_kinds) / sizeof(job_kinds[0]); i++)
		if (strcmp(job_kinds[i].kind, kind) == 0)
			return job_kinds[i].label;
	return kind;
}

/* A DATETIME column as the practice reads times, under name; nothing for an empty one. */
static void
set_time(struct request *r, const char *datetime, const char *name, int i)
{
	char	 when[40];

	if (*datetime == '\0')
		return;
	page_format_time(r, datetime, when, sizeof(when));
	view_set(r->hdf, when, "Jobs.List.%d.%s", i, name);
}

/* No runner for this long is worth a warning: mail and imports are waiting. */
#define RUNNER_STALE_SECONDS	300

/* When a job runner last ran (Jobs.Runner.Host, .SeenAt, .Stale, .Minutes; nothing when
 * none ever has); 0 or -1. */
static int
runner_last(struct request *r)
{
	struct db_query	 q;
	char		 when[40];
	long long	 ago;
	int		 rc;

	db_query_init(&q, r->db, stmts[STMT_RUNNER_LAST]);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) == -1) {
		db_query_end(&q);
		return -1;
	}
	if (rc == 1) {
		ago = db_col_int(&q, 2);
		page_format_time(r, db_col_str(&q, 1), when, sizeof(when));
		view_set(r->hdf, db_col_str(&q, 0), "Jobs.Runner.Host");
		view_set(r->hdf, when, "Jobs.Runner.SeenAt");
		if (ago >= RUNNER_STALE_SECONDS) {
			view_set(r->hdf, "1", "Jobs.Runner.Stale");
			view_set_int(r->hdf, ago / 60, "Jobs.Runner.Minutes");
		}
	}
	db_query_end(&q);
	return 0;
}

void
jobs_list(struct request *r)
{
	struct db_query	 q;
	long long	 total, page = 1, pages, attempts;
	char		 to[600], subject[1100], url[64];
	const char	*kind, *state;
	int		 i = 0, rc, repeating;

	if (r->form.v[JOBS_PAGE].present && r->form.v[JOBS_PAGE].error == NULL)
		page = r->form.v[JOBS_PAGE].num;
	db_query_init(&q, r->db, stmts[STMT_LIST_COUNT]);
	if (db_scalar_int(&q, &total) == -1) {
		page_db_error(r);
		return;
	}
	if (runner_last(r) == -1) {
		page_db_error(r);
		return;
	}
	pages = total == 0 ? 1 : (total + JOBS_PAGE_SIZE - 1) / JOBS_PAGE_SIZE;
	if (page > pages) {
		page_error(r, 404, "There is no such page of jobs.");
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_LIST_PAGE]);
	db_bind_int(&q, JOBS_PAGE_SIZE);
	db_bind_int(&q, (page - 1) * JOBS_PAGE_SIZE);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	while ((rc = db_query_next(&q)) == 1) {
		kind = db_col_str(&q, 1);
		state = db_col_str(&q, 2);
		attempts = db_col_int(&q, 3);
		repeating = db_col_int(&q, 4) != 0;
		view_set_int(r->hdf, db_col_int(&q, 0), "Jobs.List.%d.Id", i);
		view_set(r->hdf, kind, "Jobs.List.%d.Kind", i);
		view_set(r->hdf, kind_label(kind), "Jobs.List.%d.KindLabel", i);
		view_set(r->hdf, state, "Jobs.List.%d.State", i);
		view_set_int(r->hdf, attempts, "Jobs.List.%d.Attempts", i);
		set_time(r, db_col_str(&q, 5), "RunAt", i);
		set_time(r, db_col_str(&q, 6), "StartedAt", i);
		set_time(r, db_col_str(&q, 7), "FinishedAt", i);
		set_time(r, db_col_str(&q, 8), "UpdatedAt", i);
		if (*db_col_str(&q, 9) != '\0')
			view_set(r->hdf, db_col_str(&q, 9), "Jobs.List.%d.Error", i);
		if (strcmp(kind, "mail") == 0) {
			mail_job_describe(db_col_str(&q, 10), to, sizeof(to), subject,
			    sizeof(subject));
			view_set(r->hdf, to, "Jobs.List.%d.To", i);
			view_set(r->hdf, subject, "Jobs.List.%d.Subject", i);
		}
		if (repeating)
			view_set(r->hdf, "1", "Jobs.List.%d.Repeating", i);
		/* What STMT_RETRY takes: failed, or waiting after a failed attempt or for an
		 * unreachable server. */
		if (!repeating && (strcmp(state, "failed") == 0 ||
		    (strcmp(state, "queued") == 0 && (attempts > 0 || *db_col_str(&q, 9) != '\0'))))
			view_set(r->hdf, "1", "Jobs.List.%d.CanRetry", i);
		i++;
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	view_set_int(r->hdf, total, "Jobs.Total");
	view_set_int(r->hdf, page, "Jobs.Page");
	view_set_int(r->hdf, pages, "Jobs.Pages");
	if (page > 1) {
		snprintf(url, sizeof(url), "/admin/jobs?page=%lld", page - 1);
		view_set(r->hdf, url, "Jobs.PrevUrl");
	}
	if (page < pages) {
		snprintf(url, sizeof(url), "/admin/jobs?page=%lld", page + 1);
		view_set(r->hdf, url, "Jobs.NextUrl");
	}
	page_render(r, "jobs.cs", "Jobs");
}

void
job_retry(struct request *r)
{
	struct db_query		 q;
	unsigned long long	 changed = 0;
	long long		 id = r->ids[0];
	char			 kind[64] = "", message[200];
	int			 rc;

	db_query_init(&q, r->db, stmts[STMT_GET]);
	db_bind_int(&q, id);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	if (rc == 1)
		snprintf(kind, sizeof(kind), "%s", db_col_str(&q, 0));
	db_query_end(&q);
	if (rc == 0) {
		page_error(r, 404, "There is no such job.");
		return;
	}
	if (db_begin(r->db) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_RETRY]);
	db_bind_int(&q, id);
	if (db_exec(&q, &changed) == -1)
		goto fail;
	if (changed == 0) {
		db_rollback(r->db);
		snprintf(message, sizeof(message), "Job %lld is not waiting for a retry: it is "
		    "running, done, or already due.", id);
		page_flash_redirect(r, "info", message, "/admin/jobs");
		return;
	}
	audit_write(r, "job_retried", "job", id, kind);
	if (db_commit(r->db) == -1)
		goto fail;
	snprintf(message, sizeof(message), "Job %lld will be tried again in a moment.", id);
	page_flash_redirect(r, "success", message, "/admin/jobs");
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}
