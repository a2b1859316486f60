/* jobs.c: the job runner: takes due rows from the jobs table one at a time and runs them
 * (first job: the periodic purge of expired sessions, tokens and sign-in failures) */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "log.h"

static volatile sig_atomic_t	stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

enum stmt {
	STMT_ENSURE_PURGE,
	STMT_REQUEUE_MINE,
	STMT_CLAIM_PICK,
	STMT_CLAIM_MARK,
	STMT_DONE_REPEAT,
	STMT_DONE,
	STMT_FAILED,
	STMT_PURGE_TOKENS,
	STMT_PURGE_FAILURES,
	STMT_PURGE_JOBS,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ENSURE_PURGE: one purge job, repeating at the configured interval */
	"INSERT INTO jobs (kind, unique_key, state, run_at, repeat_seconds, created_at, updated_at) "
	"VALUES ('purge', 'purge', 'queued', UTC_TIMESTAMP(), ?, UTC_TIMESTAMP(), UTC_TIMESTAMP()) "
	"ON DUPLICATE KEY UPDATE repeat_seconds = VALUES(repeat_seconds), "
	"run_at = LEAST(run_at, UTC_TIMESTAMP() + INTERVAL VALUES(repeat_seconds) SECOND)",
	/* STMT_REQUEUE_MINE: jobs this host was running when its runner stopped */
	"UPDATE jobs SET state = 'queued', locked_by = NULL, updated_at = UTC_TIMESTAMP() "
	"WHERE state = 'running' AND locked_by LIKE ?",
	/* STMT_CLAIM_PICK */
	"SELECT id, kind, COALESCE(repeat_seconds, 0), attempts, max_attempts FROM jobs "
	"WHERE state = 'queued' AND run_at <= UTC_TIMESTAMP() ORDER BY run_at, id LIMIT 1 "
	"FOR UPDATE SKIP LOCKED",
	/* STMT_CLAIM_MARK */
	"UPDATE jobs SET state = 'running', locked_by = ?, locked_at = UTC_TIMESTAMP(), "
	"attempts = attempts + 1, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_DONE_REPEAT */
	"UPDATE jobs SET state = 'queued', locked_by = NULL, attempts = 0, last_error = NULL, "
	"run_at = UTC_TIMESTAMP() + INTERVAL repeat_seconds SECOND, "
	"finished_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_DONE */
	"UPDATE jobs SET state = 'done', locked_by = NULL, finished_at = UTC_TIMESTAMP(), "
	"updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_FAILED: back off 30 s, 1 min, 2 min, ... or give up after max_attempts */
	"UPDATE jobs SET state = IF(attempts >= max_attempts AND repeat_seconds IS NULL, "
	"'failed', 'queued'), locked_by = NULL, last_error = ?, "
	"run_at = UTC_TIMESTAMP() + INTERVAL LEAST(30 * POW(2, attempts - 1), 3600) SECOND, "
	"updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_PURGE_TOKENS */
	"DELETE FROM tokens WHERE expires_at < UTC_TIMESTAMP() - INTERVAL 1 DAY "
	"OR used_at < UTC_TIMESTAMP() - INTERVAL 30 DAY",
	/* STMT_PURGE_FAILURES */
	"DELETE FROM signin_failures WHERE created_at < UTC_TIMESTAMP() - INTERVAL 1 DAY",
	/* STMT_PURGE_JOBS */
	"DELETE FROM jobs WHERE state = 'done' AND finished_at < UTC_TIMESTAMP() - INTERVAL 30 DAY",
};

/* A job handler: 0 done, -1 failed with a message in err. */
typedef int (*job_fn)(struct app *, long long id, char *err, size_t errsize);

static int
job_purge(struct app *app, long long id, char *err, size_t errsize)
{
	struct db_query		 q;
	unsigned long long	 tokens = 0, failures = 0, jobs = 0;
	long long		 sessions;
	int			 i;

	(void)id;
	if ((sessions = session_purge(app->db, &app->cfg->session)) == -1)
		goto fail;
	for (i = STMT_PURGE_TOKENS; i <= STMT_PURGE_JOBS; i++) {
		db_query_init(&q, app->db, stmts[i]);
		if (db_exec(&q, i == STMT_PURGE_TOKENS ? &tokens :
		    i == STMT_PURGE_FAILURES ? &failures : &jobs) == -1)
			goto fail;
	}
	if (sessions + (long long)tokens + (long long)failures + (long long)jobs > 0)
		log_info("purge: %lld sessions, %llu tokens, %llu sign-in failures, %llu jobs",
		    sessions, tokens, failures, jobs);
	return 0;
fail:
	snprintf(err, errsize, "database error during purge");
	return -1;
}

static const struct {
	const char	*kind;
	job_fn		 run;
} job_kinds[] = {
	{ "purge", job_purge },
};

/* Take the next due job: 1 taken (id, kind, repeat filled), 0 none due, -1 error. */
static int
claim(struct app *app, const char *me, long long *id, long long *repeat, char *kind,
    size_t kindsize)
{
	struct db_query	 q;
	int		 rc;

	if (db_begin(app->db) == -1)
		return -1;
	db_query_init(&q, app->db, stmts[STMT_CLAIM_PICK]);
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
	db_query_init(&q, app->db, stmts[STMT_CLAIM_MARK]);
	db_bind_text(&q, me);
	db_bind_int(&q, *id);
	if (db_exec(&q, NULL) == -1 || db_commit(app->db) == -1) {
		db_rollback(app->db);
		return -1;
	}
	return 1;
}

static void
run_one(struct app *app, long long id, long long repeat, const char *kind)
{
	struct db_query	 q;
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
	if (rc == 0) {
		/* A repeating job goes back in the queue for its next run. */
		db_query_init(&q, app->db, stmts[repeat > 0 ? STMT_DONE_REPEAT : STMT_DONE]);
		db_bind_int(&q, id);
		if (db_exec(&q, NULL) == -1)
			log_error("jobs: job %lld could not be marked done", id);
	} else {
		log_warn("jobs: job %lld (%s) failed: %s", id, kind, err);
		db_query_init(&q, app->db, stmts[STMT_FAILED]);
		db_bind_text(&q, err);
		db_bind_int(&q, id);
		if (db_exec(&q, NULL) == -1)
			log_error("jobs: job %lld could not be marked failed", id);
	}
}

void
jobs_run(struct app *app)
{
	struct sigaction sa;
	struct db_query	 q;
	char		 me[128], host[64], like[80], kind[64];
	long long	 id, repeat = 0;
	int		 rc, ready = 0, warned = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(me, sizeof(me), "%s:%ld", host, (long)getpid());
	snprintf(like, sizeof(like), "%s:%%", host);

	while (!stopping) {
		if (!ready) {
			/* Set up once the database answers: the purge job, and jobs left running. */
			db_query_init(&q, app->db, stmts[STMT_ENSURE_PURGE]);
			db_bind_int(&q, app->cfg->purge_seconds);
			if (db_exec(&q, NULL) == 0) {
				db_query_init(&q, app->db, stmts[STMT_REQUEUE_MINE]);
				db_bind_text(&q, like);
				ready = db_exec(&q, NULL) == 0;
			}
			if (!ready) {
				if (!warned++)
					log_warn("jobs: waiting for the database");
				sleep(1);
				continue;
			}
			warned = 0;
		}
		rc = claim(app, me, &id, &repeat, kind, sizeof(kind));
		if (rc == 1) {
			run_one(app, id, repeat, kind);
			continue;	/* there may be more due */
		}
		if (rc == -1 && !warned++)
			log_warn("jobs: cannot read the job queue; retrying");
		if (rc == 0)
			warned = 0;
		sleep(1);
	}
}
