/* main.c: the casebook command, and the master process of "casebook serve": binds the socket,
 * forks the workers and the job runner, respawns, recycles, reloads and stops them */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include <fcgiapp.h>

#include "app.h"
#include "log.h"
#include "searchcounts.h"

#ifndef CASEBOOK_DEFAULT_CONFIG
#define CASEBOOK_DEFAULT_CONFIG "/etc/casebook/casebook.hdf"
#endif

#define CHILDREN_MAX	1024
/* A child that dies sooner than this after its start is crashing, not being recycled. */
#define QUICK_DEATH_SECONDS	5
#define RESPAWN_DELAY_MAX	30

enum child_kind {
	CHILD_WORKER,
	CHILD_JOBS,
	CHILD__MAX
};

static const char *const child_names[CHILD__MAX] = {
	"cb-worker",	/* CHILD_WORKER */
	"cb-jobs",	/* CHILD_JOBS */
};

/* One slot of the current generation: the process filling it, and when to refill it. */
struct slot {
	enum child_kind	 kind;
	pid_t		 pid;
	time_t		 started;
	time_t		 respawn_at;	/* 0: now */
	int		 delay;		/* seconds before the next respawn after a crash */
};

struct master {
	struct config	*cfg;
	int		 listen_fd;
	char		 socket_path[4096];	/* the name bound, "" once removed */
	struct slot	 slots[CHILDREN_MAX];
	int		 nslots;
	pid_t		 old[CHILDREN_MAX];	/* the previous generations, finishing up */
	time_t		 old_until[CHILDREN_MAX]; /* when each is killed if still there */
	int		 nold;
};

static int
usage(void)
{
	fprintf(stderr,
	    "usage: casebook serve [-c FILE]        run the master, its workers and job runner\n"
	    "       casebook migrate [-c FILE]      apply the database migrations\n"
	    "       casebook staff add [-c FILE] (--admin | --clinician) --email E --name N "
	    "[--password-stdin]\n"
	    "       casebook seed [-c FILE] --clients N [--seed S]\n"
	    "                                      add N synthetic clients (development, benchmarks)\n"
	    "       casebook mail test [-c FILE] --to EMAIL [--name NAME]\n"
	    "                                      queue a test message and print its job id\n"
	    "       casebook jobs [-c FILE] [--once | --for SECONDS]\n"
	    "                                      run jobs without a master: until stopped, until\n"
	    "                                      none is due, or for SECONDS (cron)\n"
	    "       casebook audit verify [-c FILE]\n"
	    "                                      check that no audit entry was altered or removed\n"
	    "       casebook sync [-c FILE]         set every client's search rows and counts right\n"
	    "                                      after a change made by hand in SQL\n"
	    "       casebook search-counts [-c FILE]\n"
	    "                                      build the directory's kept search counts now\n"
	    "       casebook check-config [-c FILE] check a configuration file\n"
	    "       casebook version\n"
	    "The default configuration is " CASEBOOK_DEFAULT_CONFIG ".\n");
	return 2;
}

static void
name_process(const char *name)
{
#if defined(HAVE_PRCTL) && defined(PR_SET_NAME)
	prctl(PR_SET_NAME, name, 0, 0, 0);
#else
	(void)name;
#endif
}

/* Fork a child of kind: it runs its loop and exits; the parent gets the pid or -1. */
static pid_t
spawn(struct master *m, enum child_kind kind)
{
	struct db_config dc;
	struct app	 app;
	sigset_t	 none;
	pid_t		 pid;

	if ((pid = fork()) != 0) {
		if (pid == -1)
			log_error("fork: %s", strerror(errno));
		return pid;
	}
	/* The child. */
	sigemptyset(&none);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
	name_process(child_names[kind]);
	log_role(kind == CHILD_WORKER ? "worker" : "jobs");
	/* Least privilege: no child needs the migration account, and only the job runner sends
	 * mail; the copies inherited from the master are wiped before any work. */
	config_drop(m->cfg, kind != CHILD_WORKER);
	memset(&app, 0, sizeof(app));
	app.cfg = m->cfg;
	config_db(m->cfg, &dc);
	/* Each child opens its own connection: a connection never crosses a fork. */
	if ((app.db = db_new(&dc)) == NULL) {
		log_error("out of memory");
		_exit(1);
	}
	db_connect(app.db);
	/* The read replica, for the directory's reads: opened at its first use. */
	if (kind == CHILD_WORKER && config_db_read(m->cfg, &dc) &&
	    (app.replica = db_new(&dc)) == NULL) {
		log_error("out of memory");
		_exit(1);
	}
	if (kind == CHILD_WORKER)
		worker_run(&app, m->listen_fd, m->cfg->max_requests);
	else {
		close(m->listen_fd);
		jobs_run(&app, 0, 0);
	}
	db_free(app.replica);
	db_free(app.db);
	_exit(0);
}

static void
fill_slots(struct master *m, time_t now)
{
	int	 i;

	for (i = 0; i < m->nslots; i++) {
		if (m->slots[i].pid != 0 || m->slots[i].respawn_at > now)
			continue;
		if ((m->slots[i].pid = spawn(m, m->slots[i].kind)) == -1) {
			m->slots[i].pid = 0;
			m->slots[i].respawn_at = now + 1;
			continue;
		}
		m->slots[i].started = now;
	}
}

/* A new generation of slots from the configuration: N workers and one job runner (none with
 * Jobs.Enabled = no: another host, or cron, runs the jobs). */
static void
plan_generation(struct master *m)
{
	int	 i, n = m->cfg->workers;

	if (n + 1 > CHILDREN_MAX)
		n = CHILDREN_MAX - 1;
	memset(m->slots, 0, sizeof(m->slots));
	for (i = 0; i < n; i++)
		m->slots[i].kind = CHILD_WORKER;
	m->nslots = n;
	if (m->cfg->jobs_enabled)
		m->slots[m->nslots++].kind = CHILD_JOBS;
}

static void
describe_exit(int status, char *out, size_t size)
{
	if (WIFEXITED(status))
		snprintf(out, size, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(out, size, "was killed by signal %d", WTERMSIG(status));
	else
		snprintf(out, size, "stopped (status %d)", status);
}

static void
reap(struct master *m, time_t now)
{
	struct slot	*s;
	char		 how[64];
	pid_t		 pid;
	int		 status, i, lived;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < m->nold; i++)
			if (m->old[i] == pid) {
				m->nold--;
				m->old[i] = m->old[m->nold];
				m->old_until[i] = m->old_until[m->nold];
				break;
			}
		for (i = 0; i < m->nslots; i++)
			if (m->slots[i].pid == pid)
				break;
		if (i == m->nslots)
			continue;
		s = &m->slots[i];
		s->pid = 0;
		lived = (int)(now - s->started);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			/* Recycled after its quota of requests: replace it at once. */
			s->respawn_at = now;
			s->delay = 0;
			continue;
		}
		describe_exit(status, how, sizeof(how));
		/* SIGKILL comes from outside (an operator, the OOM killer), never from a broken
		 * setup: the slot is refilled at once however young its worker was. */
		if (lived < QUICK_DEATH_SECONDS &&
		    !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
			/* Crashing at start: back off so a broken setup does not spin. */
			s->delay = s->delay == 0 ? 1 : s->delay * 2;
			if (s->delay > RESPAWN_DELAY_MAX)
				s->delay = RESPAWN_DELAY_MAX;
		} else
			s->delay = 0;
		s->respawn_at = now + s->delay;
		log_error("%s %ld %s; %s", child_names[s->kind], (long)pid, how,
		    s->delay ? "restarting after a pause" : "restarting it");
	}
}

static void
signal_all(struct master *m, int sig)
{
	int	 i;

	for (i = 0; i < m->nslots; i++)
		if (m->slots[i].pid > 0)
			kill(m->slots[i].pid, sig);
	for (i = 0; i < m->nold; i++)
		kill(m->old[i], sig);
}

/* A child of an old generation still there after the grace period is killed, as a stop
 * would: one that is idle may sit in accept() for good (a SIGTERM that came just before it
 * entered it is not seen until a connection arrives). */
static void
old_generations_end(struct master *m, time_t now)
{
	int	 i;

	for (i = 0; i < m->nold; i++)
		if (now >= m->old_until[i] && m->old_until[i] != 0) {
			log_warn("reload: %ld of an earlier generation is still there after %d s; "
			    "killing it", (long)m->old[i], m->cfg->grace_seconds);
			kill(m->old[i], SIGKILL);
			m->old_until[i] = 0;
		}
}

static int
children_left(const struct master *m)
{
	int	 i, n = m->nold;

	for (i = 0; i < m->nslots; i++)
		if (m->slots[i].pid > 0)
			n++;
	return n;
}

/* SIGHUP: read the configuration again; the running children finish their requests and
 * leave, a new generation takes over the same socket. */
static void
reload(struct master *m)
{
	struct config	*fresh;
	char		 err[512];
	int		 i;

	if ((fresh = calloc(1, sizeof(*fresh))) == NULL) {
		log_error("reload: out of memory");
		return;
	}
	if (config_load(m->cfg->path, fresh, err, sizeof(err)) == -1) {
		log_error("reload: configuration refused, keeping the old one: %s", err);
		free(fresh);
		return;
	}
	config_drop(fresh, 1);
	if (strcmp(fresh->socket, m->cfg->socket) != 0)
		log_warn("reload: Server.Socket changed; the new socket needs a restart");
	for (i = 0; i < m->nslots; i++)
		if (m->slots[i].pid > 0 && m->nold < CHILDREN_MAX) {
			kill(m->slots[i].pid, SIGTERM);
			m->old_until[m->nold] = time(NULL) + m->cfg->grace_seconds;
			m->old[m->nold++] = m->slots[i].pid;
		}
	config_free(m->cfg);
	free(m->cfg);
	m->cfg = fresh;
	plan_generation(m);
	fill_slots(m, time(NULL));
	log_info("reloaded: a new generation of %d workers", m->cfg->workers);
}

/*
 * SIGTERM: the socket's name goes first, so nginx fails over to another host at connect time
 * (safe even for a POST: nothing was sent); the listening socket turns non-blocking, so the
 * workers answer every request already queued on it and then leave (see worker.c); requests
 * in flight finish; whatever still runs after the grace period is killed.
 */
static void
stop(struct master *m)
{
	struct timespec	 wait = { 1, 0 };
	sigset_t	 set;
	time_t		 deadline = time(NULL) + m->cfg->grace_seconds;
	int		 flags;

	if (m->socket_path[0] == '/') {
		if (unlink(m->socket_path) == -1)
			log_warn("unlink %s: %s", m->socket_path, strerror(errno));
		m->socket_path[0] = '\0';
	}
	if ((flags = fcntl(m->listen_fd, F_GETFL)) == -1 ||
	    fcntl(m->listen_fd, F_SETFL, flags | O_NONBLOCK) == -1)
		log_warn("the listening socket: %s; queued requests may be dropped",
		    strerror(errno));
	log_info("stopping: answering queued requests, letting requests finish (up to %d s)",
	    m->cfg->grace_seconds);
	signal_all(m, SIGTERM);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	while (children_left(m) > 0 && time(NULL) < deadline) {
		sigtimedwait(&set, NULL, &wait);
		reap(m, time(NULL));	/* and no fill_slots: nothing is respawned now */
	}
	if (children_left(m) > 0) {
		log_warn("stopping: %d children still busy after the grace period; killing them",
		    children_left(m));
		signal_all(m, SIGKILL);
		while (waitpid(-1, NULL, 0) > 0)
			;
	}
}

/* Is the process in the pid file alive? */
static int
already_running(const char *pid_file)
{
	FILE	*f;
	long	 pid = 0;

	if (*pid_file == '\0' || (f = fopen(pid_file, "r")) == NULL)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) == 0;
}

static int
open_socket(const struct config *cfg)
{
	struct stat	 st;
	struct group	*g;
	int		 fd, unix_socket = cfg->socket[0] == '/';

	if (unix_socket && lstat(cfg->socket, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_error("%s exists and is not a socket", cfg->socket);
			return -1;
		}
		unlink(cfg->socket);	/* left by a master that did not stop cleanly */
	}
	if ((fd = FCGX_OpenSocket(cfg->socket, 1024)) < 0) {
		log_error("cannot listen on %s: %s", cfg->socket, strerror(errno));
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (unix_socket) {
		if (chmod(cfg->socket, cfg->socket_mode) == -1)
			log_warn("chmod %s: %s", cfg->socket, strerror(errno));
		if (*cfg->socket_group != '\0') {
			if ((g = getgrnam(cfg->socket_group)) == NULL)
				log_warn("Server.SocketGroup: no group %s", cfg->socket_group);
			else if (chown(cfg->socket, (uid_t)-1, g->gr_gid) == -1)
				log_warn("chown %s: %s", cfg->socket, strerror(errno));
		}
	}
	return fd;
}

static int
write_pid_file(const char *path)
{
	FILE	*f;

	if (*path == '\0')
		return 0;
	if ((f = fopen(path, "w")) == NULL) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) == 0 ? 0 : -1;
}

static int
serve(struct config *cfg)
{
	struct master	 m;
	struct timespec	 tick = { 1, 0 };
	sigset_t	 set;
	int		 sig, status = 1;

	memset(&m, 0, sizeof(m));
	/* The master owns its configuration on the heap: a reload replaces it. */
	if ((m.cfg = malloc(sizeof(*m.cfg))) == NULL) {
		config_free(cfg);
		return 1;
	}
	*m.cfg = *cfg;
	cfg = m.cfg;
	/* The running program never changes the schema: the migration account stays out. */
	config_drop(cfg, 1);
	if (log_open(cfg->log_file) == -1) {
		fprintf(stderr, "casebook: %s: %s\n", cfg->log_file, strerror(errno));
		goto done;
	}
	log_role("master");
	if (already_running(cfg->pid_file)) {
		log_error("already running (see %s)", cfg->pid_file);
		goto done;
	}
	/* Signals are taken synchronously by sigtimedwait below; children unblock them. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Pages written for a newer schema would fail one by one: refuse to start instead. */
	{
		long	 have, want;

		if (migrate_pending(cfg, &have, &want) == 1) {
			log_error("the database has migrations up to %03ld but %s holds %03ld: run "
			    "\"casebook migrate -c %s\" first", have, cfg->sql_dir, want, cfg->path);
			goto done;
		}
	}
	if ((m.listen_fd = open_socket(cfg)) == -1)
		goto done;
	snprintf(m.socket_path, sizeof(m.socket_path), "%s", cfg->socket);
	if (write_pid_file(cfg->pid_file) == -1)
		goto out;
	plan_generation(&m);
	fill_slots(&m, time(NULL));
	log_info("serving on %s with %d workers", cfg->socket, cfg->workers);
	for (;;) {
		sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			reload(&m);
		reap(&m, time(NULL));
		old_generations_end(&m, time(NULL));
		fill_slots(&m, time(NULL));
	}
	stop(&m);
	status = 0;
	log_info("stopped");
out:
	close(m.listen_fd);
	if (m.socket_path[0] == '/')	/* a start that failed */
		unlink(m.socket_path);
	if (*m.cfg->pid_file != '\0')
		unlink(m.cfg->pid_file);
done:
	config_free(m.cfg);
	free(m.cfg);
	return status;
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	const char	*path = CASEBOOK_DEFAULT_CONFIG, *command;
	char		*rest[64], err[1024];
	int		 i, nrest = 0, status;

	if (argc < 2)
		return usage();
	command = argv[1];
	if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
		printf("casebook %s\n", CASEBOOK_VERSION);
		return 0;
	}
	if (strcmp(command, "help") == 0 || strcmp(command, "--help") == 0) {
		usage();
		return 0;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (nrest < (int)(sizeof(rest) / sizeof(rest[0])))
			rest[nrest++] = argv[i];
		else
			return usage();
	}
	if (strcmp(command, "serve") != 0 && strcmp(command, "migrate") != 0 &&
	    strcmp(command, "staff") != 0 && strcmp(command, "seed") != 0 &&
	    strcmp(command, "mail") != 0 && strcmp(command, "check-config") != 0 &&
	    strcmp(command, "search-counts") != 0 && strcmp(command, "jobs") != 0 &&
	    strcmp(command, "audit") != 0 && strcmp(command, "sync") != 0)
		return usage();
	if (config_load(path, &cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "casebook: configuration %s: %s\n", path, err);
		return 1;
	}
	if (strcmp(command, "check-config") == 0) {
		if (*cfg.mail_from == '\0')
			fprintf(stderr, "casebook: note: Mail.From is not set, so Casebook cannot "
			    "send e-mail (invitations, password resets)\n");
		printf("config ok\n");
		config_free(&cfg);
		return 0;
	}
	if (strcmp(command, "serve") == 0) {
		if (nrest != 0)
			return usage();
		return serve(&cfg);
	}
	if (strcmp(command, "migrate") == 0)
		status = nrest == 0 ? migrate_command(&cfg) : usage();
	else if (strcmp(command, "seed") == 0)
		status = seed_command(&cfg, nrest, rest);
	else if (strcmp(command, "mail") == 0)
		status = mail_command(&cfg, nrest, rest);
	else if (strcmp(command, "search-counts") == 0)
		status = search_counts_command(&cfg, nrest, rest);
	else if (strcmp(command, "jobs") == 0)
		status = jobs_command(&cfg, nrest, rest);
	else if (strcmp(command, "audit") == 0)
		status = audit_command(&cfg, nrest, rest);
	else if (strcmp(command, "sync") == 0)
		status = sync_command(&cfg, nrest, rest);
	else
		status = staff_command(&cfg, nrest, rest);
	config_free(&cfg);
	return status;
}
