"""Jobs are held by leases, never by a hostname: a reload during a 10,000-row
import lets the old runner stop at a batch and the new one go on, once; a
runner killed mid-import leaves the job to another once its lease runs out,
and the import goes on from its saved batches; a second runner on the same
host (`casebook jobs`) never takes a job whose lease is live; a runner that
lost its lease writes nothing more. Every row is saved once, the import never
shows "failed", and the one-import-at-a-time lock is held until it is done."""

import os
import signal
import subprocess
import threading
import time

from casebook import (ADMIN_EMAIL, BIN, CONFIG, admin_password,
                      config_value, job_runner_pids, master_pid, signed_in,
                      sql, sql_int, wait_until)
from importing import choose, client_count, import_id, new_domain, start, \
    state, upload

ROWS = 10000
LEASE = int(config_value("Jobs.LeaseSeconds", "60"))
state_ = {}


def setup_module():
    state_["admin"] = signed_in(ADMIN_EMAIL, admin_password())


def _letters(i):
    """i in letters (a, b, ... z, ba, bb, ...): addresses without digits share
    few fragments, so the directory's kept search counts stay small."""
    out = ""
    while True:
        out = chr(ord("a") + i % 26) + out
        i //= 26
        if i == 0:
            return out


def _csv(domain, n):
    lines = ["First Name,Last Name,Email"]
    lines += ["Lease,Held,%s@%s" % (_letters(i), domain) for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def teardown_function():
    # the clients of each import leave the shared test database again
    for domain in state_.pop("domains", []):
        sql("DELETE FROM clients WHERE email LIKE '%%@%s'" % domain)


def _job(iid):
    return sql_int("SELECT COALESCE(job_id, 0) FROM imports WHERE id = %d"
                   % iid)


class _Watch(threading.Thread):
    """Reads the import's row every 50 ms until it ends: every state it was
    seen in, and whether the one-at-a-time lock was ever let go early."""

    def __init__(self, iid):
        super().__init__(daemon=True)
        self.iid = iid
        self.states = set()
        self.unlocked_while_running = False
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            row = sql("SELECT state, COALESCE(running, 0) FROM imports "
                      "WHERE id = %d" % self.iid, publish=False)[0]
            self.states.add(row[0])
            if row[0] == "running" and row[1] in ("0", 0):
                self.unlocked_while_running = True
            if row[0] in ("done", "failed"):
                return
            time.sleep(0.05)


def _started(rows=ROWS):
    """A started import of ROWS new clients, once its first batch is saved;
    (import id, its mail domain, the watch on it)."""
    domain = new_domain()
    state_.setdefault("domains", []).append(domain)
    iid = import_id(upload(state_["admin"], "lease.csv", _csv(domain, rows)))
    resp = choose(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    watch = _Watch(iid)
    resp = start(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    watch.start()
    wait_until(lambda: int(state(iid)[2]) > 0, timeout=60, interval=0.05,
               message="the first batch of import %d" % iid)
    assert int(state(iid)[2]) < rows, \
        "the import ended before the test could act on it: %r" % (state(iid),)
    return iid, domain, watch


def _finished_once(iid, domain, watch, timeout):
    watch.join(timeout)
    watch.stop.set()
    row = state(iid)
    assert row[0] == "done", "import %d: %r (seen: %r)" % (iid, row,
                                                           watch.states)
    assert "failed" not in watch.states, watch.states
    assert not watch.unlocked_while_running, \
        "the one-import lock was released while the import still ran"
    assert row[8] == "", "an error was left on a finished import: %r" % (row,)
    # every row once: the counts, the clients, and no duplicate address
    assert int(row[2]) == ROWS and int(row[3]) == ROWS, row
    assert int(row[5]) == 0 and int(row[6]) == 0, \
        "rows skipped or failed (a second runner would meet its own " \
        "clients as existing): %r" % (row,)
    assert client_count(domain) == ROWS
    assert sql_int("SELECT COUNT(*) FROM import_problems WHERE import_id = %d"
                   % iid) == 0
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'import_finished' AND object_kind = 'import' AND object_id = %d"
                   % iid) == 1
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'import_failed' AND object_kind = 'import' AND object_id = %d"
                   % iid) == 0
    job = sql("SELECT state, COALESCE(locked_by, ''), lease_until IS NULL "
              "FROM jobs WHERE id = %d" % _job(iid))[0]
    assert job[0] == "done" and job[1] == "" and str(job[2]) == "1", job


def test_a_reload_during_an_import_runs_it_once():
    iid, domain, watch = _started()
    old_runner = job_runner_pids()
    assert len(old_runner) == 1, old_runner
    os.kill(master_pid(), signal.SIGHUP)
    _finished_once(iid, domain, watch, timeout=180)
    new_runner = job_runner_pids()
    assert len(new_runner) == 1 and new_runner != old_runner, \
        "after the reload: %r (before %r)" % (new_runner, old_runner)


def test_a_killed_runner_leaves_its_import_to_another_after_the_lease():
    iid, domain, watch = _started()
    runner = job_runner_pids()
    assert len(runner) == 1, runner
    os.kill(runner[0], signal.SIGKILL)
    killed_at = time.monotonic()
    done_then = int(state(iid)[2])
    # the master starts a new runner at once; it leaves the job alone while
    # the dead one's lease is live
    wait_until(lambda: job_runner_pids() and job_runner_pids() != runner,
               timeout=10, message="a new job runner")
    if LEASE > 3:
        time.sleep(min(LEASE - 2, 5))
        if time.monotonic() - killed_at < LEASE - 1:
            assert int(state(iid)[2]) == done_then, \
                "the import moved on before the dead runner's lease ran out"
    _finished_once(iid, domain, watch, timeout=LEASE + 120)
    assert time.monotonic() - killed_at < LEASE + 60 + 30, \
        "the import took more than the lease and a minute to finish"


def test_a_second_runner_never_takes_a_job_whose_lease_is_live():
    iid, domain, watch = _started()
    # `casebook jobs` on the same host, under the same hostname, beside the
    # master's own runner: it finds nothing of the import's to take
    proc = subprocess.run([BIN, "jobs", "-c", CONFIG, "--for", "4"],
                          capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    _finished_once(iid, domain, watch, timeout=180)


def test_a_runner_that_lost_its_lease_writes_nothing_more():
    iid, domain, watch = _started()
    job = _job(iid)
    # another runner has taken the job over (as after a lease ran out while
    # this one was cut off from the database)
    sql("UPDATE jobs SET locked_by = 'elsewhere:1:000000', lease_until = "
        "UTC_TIMESTAMP() + INTERVAL 1 HOUR WHERE id = %d" % job)
    time.sleep(1.5)
    frozen = state(iid)
    time.sleep(2)
    assert state(iid) == frozen, \
        "the runner went on writing after it lost the job: %r then %r" % (
            frozen, state(iid))
    assert frozen[0] == "running", frozen
    held = sql("SELECT state, locked_by FROM jobs WHERE id = %d" % job)[0]
    assert tuple(held) == ("running", "elsewhere:1:000000"), \
        "the job's state was touched by the runner that lost it: %r" % (held,)
    # the new holder gives it back (its lease runs out): it is finished once
    sql("UPDATE jobs SET lease_until = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
        "WHERE id = %d" % job)
    _finished_once(iid, domain, watch, timeout=LEASE + 180)


def test_jobs_once_runs_what_is_due_and_exits():
    before = sql_int("SELECT COUNT(*) FROM job_runners")
    # it runs what is due (here perhaps the search keys of the imports above)
    # and ends by itself, with no job left to it
    proc = subprocess.run([BIN, "jobs", "-c", CONFIG, "--once"],
                          capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    # it said it ran (the jobs page reads when a runner last did)
    assert sql_int("SELECT COUNT(*) FROM job_runners") == before + 1
    assert sql_int("SELECT COUNT(*) FROM job_runners WHERE seen_at >= "
                   "UTC_TIMESTAMP() - INTERVAL 1 MINUTE") >= 1


def test_jobs_refuses_bad_arguments():
    for args in (["--for", "0"], ["--for", "x"], ["--sometimes"]):
        proc = subprocess.run([BIN, "jobs", "-c", CONFIG] + args,
                              capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)
        assert proc.returncode == 2, (args, proc.returncode, proc.stderr)
