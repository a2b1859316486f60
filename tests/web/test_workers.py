"""The process family: the master replaces a killed worker, reloads on SIGHUP
without dropping a request, and its job runner purges expired sessions."""

import os
import signal
import threading
import time

from casebook import (Browser, Staff, assert_signed_in, config_value,
                      job_runner_pids, master_pid, process_name, sql,
                      sql_int, wait_until, worker_pids)


def _expected_workers():
    return int(config_value("Server.Workers", "4"))


def _requests_succeed(count):
    b = Browser()
    for i in range(count):
        path = ("/login", "/healthz", "/readyz")[i % 3]
        resp = b.get(path)
        assert resp.status == 200, "request %d of %d: %s" % (
            i + 1, count, resp.describe())


def test_master_runs_the_configured_workers_and_a_job_runner():
    master = master_pid()
    assert process_name(master) is not None, \
        "master %d is not running" % master
    workers = worker_pids()
    assert len(workers) == _expected_workers(), \
        "%d cb-worker children, config says %d" % (len(workers),
                                                   _expected_workers())
    runners = job_runner_pids()
    assert len(runners) == 1, "cb-jobs children: %r" % runners


def test_purge_job_removes_expired_sessions():
    interval = int(config_value("Jobs.PurgeSeconds", "300"))
    assert interval <= 90, \
        "Jobs.PurgeSeconds = %d in the test config; the test stack should " \
        "purge every few seconds" % interval
    staff = Staff()
    stale = staff.browser()
    fresh = staff.browser()
    stale_id = sql_int("SELECT MIN(id) FROM auth_sessions WHERE user_id = %d"
                       % staff.id)
    sql("UPDATE auth_sessions SET created_at = created_at - INTERVAL 2 DAY, "
        "last_seen_at = last_seen_at - INTERVAL 2 DAY WHERE id = %d"
        % stale_id)
    wait_until(lambda: sql_int("SELECT COUNT(*) FROM auth_sessions "
                               "WHERE id = %d" % stale_id) == 0,
               timeout=interval * 2 + 10, interval=0.5,
               message="the purge job to delete session %d" % stale_id)
    assert sql_int("SELECT COUNT(*) FROM auth_sessions WHERE user_id = %d"
                   % staff.id) == 1, "the purge took the live session too"
    assert_signed_in(fresh)
    assert stale.get("/").status == 303


def test_killed_worker_is_replaced():
    master = master_pid()
    before = worker_pids()
    assert before, "no workers"
    victim = before[0]
    os.kill(victim, signal.SIGKILL)

    def replaced():
        now = worker_pids()
        return victim not in now and len(now) == len(before) and now
    now = wait_until(replaced, timeout=15,
                     message="a worker to replace %d (had %r)"
                     % (victim, before))
    assert set(now) - set(before), "no new worker pid: %r" % now
    assert master_pid() == master, "the master changed"
    _requests_succeed(20)


def test_a_young_worker_killed_again_and_again_is_replaced_at_once():
    # SIGKILL comes from outside (an operator, the OOM killer): no pause
    # for a worker that had just started, as there is for one that crashes
    master = master_pid()
    started = time.monotonic()
    for round in range(4):
        before = worker_pids()
        victim = before[0]
        os.kill(victim, signal.SIGKILL)

        def replaced():
            now = worker_pids()
            return victim not in now and len(now) == len(before) and now
        wait_until(replaced, timeout=15,
                   message="round %d: a worker to replace %d (had %r)"
                   % (round + 1, victim, before))
    took = time.monotonic() - started
    # with a pause doubling from 1 s, four rounds would take 1+2+4+8 s
    assert took < 4, "four kills took %.1f s to be replaced" % took
    assert master_pid() == master, "the master changed"
    _requests_succeed(12)


class _Load(threading.Thread):
    """Requests one after another until stopped, counting failures."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.done = 0
        self.failures = []

    def run(self):
        b = Browser()
        i = 0
        while not self.stop.is_set():
            path = ("/login", "/healthz", "/readyz")[i % 3]
            i += 1
            try:
                resp = b.get(path)
                if resp.status != 200:
                    self.failures.append("%s -> %d" % (path, resp.status))
            except Exception as e:   # any error here is a failed request
                self.failures.append("%s -> %s: %s" % (path, type(e).__name__,
                                                       e))
            self.done += 1


def test_sighup_reloads_without_dropping_requests():
    master = master_pid()
    old = set(worker_pids())
    assert old, "no workers"
    load = _Load()
    load.start()
    try:
        wait_until(lambda: load.done >= 5, timeout=10,
                   message="requests before the reload")
        os.kill(master, signal.SIGHUP)

        def new_generation():
            now = set(worker_pids())
            return (now and now.isdisjoint(old)
                    and len(now) == _expected_workers())
        wait_until(new_generation, timeout=30,
                   message="a new generation of workers (old %r, now %r)"
                   % (sorted(old), worker_pids()))
        served = load.done
        wait_until(lambda: load.done >= served + 10, timeout=10,
                   message="requests after the reload")
    finally:
        load.stop.set()
        load.join(35)
    assert not load.failures, "%d of %d requests failed during the " \
        "reload: %r" % (len(load.failures), load.done, load.failures[:10])
    assert master_pid() == master, "the master changed"
    assert process_name(master) is not None, "the master is gone"
    # the old generation's job runner leaves once its job is at a safe point,
    # and the master ends it after the grace period in any case
    grace = int(config_value("Server.GraceSeconds", "10"))
    wait_until(lambda: len(job_runner_pids()) == 1, timeout=grace + 10,
               message="one job runner after the reload (cb-jobs: %r)"
               % job_runner_pids())
    _requests_succeed(20)


def test_workers_settle_after_the_reload():
    # no stragglers from the old generation linger as extra children
    time.sleep(1)
    assert len(worker_pids()) == _expected_workers(), \
        "workers: %r" % worker_pids()
