"""Several hosts on one database and one files directory: host A is the
stack's master, host B a second master this file starts (tests/web/hosts.py:
its own socket, pid file, log and temporary directory, its own hostname where
allowed). Requests go to the host chosen, over FastCGI, as nginx would send
them. A session made on one host is good on the other; a change made on one
shows at once in the other's directory; each of 20 mails is sent once though
both hosts run jobs; a file uploaded on one is downloaded through the other;
a host killed outright (master and children) during a 40,000-row import
leaves it to the other, which finishes it within the lease and a minute, every
row once; a reload of the host running a 20,000-row import finishes it once, never
"failed", the one-import lock held until it is done. (The import is run by
whichever host's runner is free; that host is the one killed or reloaded,
and the stack's own host is started again after its death.)"""

import os
import signal
import subprocess
import threading
import time
import urllib.parse

from casebook import (ADMIN_EMAIL, BIN, CONFIG, add_client, admin_password,
                      assert_signed_in, assert_signed_out, children,
                      config_value, job_runner_pids, letters, master_pid,
                      process_name, sql, sql_int, sql_quote, stack,
                      wait_until)
from filespay import files_dir, sha256, upload_ok
from hosts import Host, HostBrowser
from importing import choose, client_count, import_id, new_domain, start, \
    state, upload
from portal import messages_to

ROWS = 40000           # the import a host dies under
RELOAD_ROWS = 20000    # the import a host reloads under
LEASE = int(config_value("Jobs.LeaseSeconds", "60"))
state_ = {}


def setup_module():
    state_["a"] = config_value("Server.Socket")
    state_["host"] = Host("b", workers=2, jobs=True).start()
    admin = HostBrowser(state_["a"])
    resp = admin.login(ADMIN_EMAIL, admin_password())
    assert resp.status == 303, resp.describe()
    state_["admin"] = admin


def teardown_module():
    state_["host"].close()
    # The imports' 60,000 clients stay: deleting them (the clients' triggers
    # and search keys) takes longer here than a test may run.


def _on(socket_path, browser):
    """A browser on the host of SOCKET_PATH holding BROWSER's cookies."""
    other = HostBrowser(socket_path)
    other.cookies = dict(browser.cookies)
    return other


def _b():
    return state_["host"].socket


def test_a_session_made_on_one_host_is_good_on_the_other():
    a = HostBrowser(state_["a"])
    assert a.login(ADMIN_EMAIL, admin_password()).status == 303
    b = _on(_b(), a)
    assert_signed_in(b)
    # signed out on B: gone on A too
    resp = b.logout()
    assert resp.status == 303, resp.describe()
    assert_signed_out(a)
    assert_signed_out(_on(_b(), a))


def test_a_change_on_one_host_shows_at_once_on_the_other():
    b = _on(_b(), state_["admin"])
    run = "Hosts" + letters(8)
    path = "/clients?" + urllib.parse.urlencode({"q": run})
    # B's workers keep the page as it is (asked for twice by each)
    for _ in range(4):
        page = b.get(path)
        assert page.status == 200, page.describe()
        assert "Firsthost" not in page.text
    add_client(state_["admin"], first_name="Firsthost", last_name=run)
    for _ in range(4):
        page = b.get(path)
        assert page.status == 200, page.describe()
        assert "Firsthost" in page.text, \
            "host B still shows its page from before the change on host A"


def test_each_of_20_mails_is_sent_once_by_one_of_the_hosts():
    run = letters(10)
    addresses = ["once-%s-%s@example.org" % (run, _letters(i))
                 for i in range(20)]
    for address in addresses:
        proc = subprocess.run([BIN, "mail", "test", "-c", CONFIG, "--to",
                               address], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
    wait_until(lambda: all(messages_to(a) for a in addresses), timeout=60,
               message="20 messages in the sink")
    # a second sending would come within the jobs' poll and lease
    time.sleep(max(3, LEASE // 3))
    counts = {a: len(messages_to(a)) for a in addresses}
    assert all(n == 1 for n in counts.values()), counts
    assert sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND "
                   "state <> 'done' AND payload LIKE %s"
                   % sql_quote("%once-" + run + "%")) == 0


def test_a_file_uploaded_on_one_host_is_downloaded_through_the_other():
    admin = state_["admin"]
    cid = add_client(admin, first_name="Filehost", last_name=letters(8))
    data = os.urandom(200 * 1024)
    [fid] = upload_ok(admin, admin.csrf_from("/"),
                      "/clients/%d/files" % cid, [("scan.pdf",
                                                   b"%PDF-1.7\n" + data)])
    resp = _on(_b(), admin).get("/clients/%d/files/%d" % (cid, fid))
    assert resp.status == 200, resp.describe()
    target = resp.header("X-Accel-Redirect")
    assert target and target.startswith("/_files/"), resp.describe()
    # nginx sends the bytes from the shared files directory
    with open(os.path.join(files_dir(), target[len("/_files/"):]),
              "rb") as f:
        assert sha256(f.read()) == sha256(b"%PDF-1.7\n" + data)
    sql("DELETE FROM clients WHERE id = %d" % cid)


# ---------------------------------------------------------------------------
# An import while a host dies or reloads


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
    lines += ["Host,Moved,%s@%s" % (_letters(i), domain) for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


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


class _Stack:
    """Host A, the stack's own master, seen as a Host is."""

    @staticmethod
    def pid():
        return master_pid()

    @staticmethod
    def runners():
        return job_runner_pids()

    @staticmethod
    def kill():
        """SIGKILL to the master and every child of it; the stack's socket
        and pid file are left behind, as a dead host leaves them."""
        master = master_pid()
        os.kill(master, signal.SIGSTOP)   # it starts no child meanwhile
        family = children(master)
        os.kill(master, signal.SIGKILL)
        for pid in family:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_until(lambda: all(process_name(p) is None
                               for p in [master] + family), timeout=10,
                   message="host A's master and children gone")

    @staticmethod
    def restart():
        stack("start-app")


class _HostB:
    @staticmethod
    def pid():
        return state_["host"].pid

    @staticmethod
    def runners():
        return state_["host"].job_runner_pids()

    @staticmethod
    def kill():
        state_["host"].kill()

    @staticmethod
    def restart():
        state_["host"] = Host("b", workers=2, jobs=True).start()


def _holder(iid):
    """The host whose runner holds the import's job (_Stack or _HostB), or
    None."""
    rows = sql("SELECT COALESCE(locked_by, '') FROM jobs WHERE id = %d"
               % _job(iid))
    held = rows[0][0] if rows else ""
    for host in (_Stack, _HostB):
        if any(":%d:" % pid in held for pid in host.runners()):
            return host
    return None


def _started(rows):
    """An import of ROWS new clients, started through host A and taken by
    whichever host's runner is free; (import id, its mail domain, the watch
    on it, the host running it) once its first batch is saved."""
    domain = new_domain()
    admin = state_["admin"]
    iid = import_id(upload(admin, "hosts.csv", _csv(domain, rows)))
    resp = choose(admin, iid)
    assert resp.status == 303, resp.describe()
    watch = _Watch(iid)
    resp = start(admin, iid)
    assert resp.status == 303, resp.describe()
    watch.start()
    wait_until(lambda: int(state(iid)[2]) > 0, timeout=60, interval=0.05,
               message="the first batch of import %d" % iid)
    host = wait_until(lambda: _holder(iid), timeout=10, interval=0.05,
                      message="the host running import %d" % iid)
    assert int(state(iid)[2]) < rows, \
        "the import ended before the test could act on it: %r" % (state(iid),)
    return iid, domain, watch, host


def _finished_once(iid, domain, watch, rows, timeout):
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
    assert int(row[2]) == rows and int(row[3]) == rows, row
    assert int(row[5]) == 0 and int(row[6]) == 0, \
        "rows skipped or failed (a second runner would meet its own " \
        "clients as existing): %r" % (row,)
    assert client_count(domain) == rows
    assert sql_int("SELECT COUNT(*) FROM import_problems WHERE import_id = %d"
                   % iid) == 0
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'import_finished' AND object_kind = 'import' AND "
                   "object_id = %d" % iid) == 1
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'import_failed' AND object_kind = 'import' AND "
                   "object_id = %d" % iid) == 0
    job = sql("SELECT state, COALESCE(locked_by, ''), lease_until IS NULL "
              "FROM jobs WHERE id = %d" % _job(iid))[0]
    assert job[0] == "done" and job[1] == "" and str(job[2]) == "1", job


def test_a_reload_of_the_host_running_an_import_runs_it_once():
    iid, domain, watch, host = _started(RELOAD_ROWS)
    old = host.runners()
    os.kill(host.pid(), signal.SIGHUP)
    _finished_once(iid, domain, watch, RELOAD_ROWS, timeout=100)
    new = host.runners()
    assert len(new) == 1 and new != old, (old, new)


def test_a_killed_host_leaves_its_import_to_the_other():
    iid, domain, watch, host = _started(ROWS)
    host.kill()
    killed_at = time.monotonic()
    try:
        _finished_once(iid, domain, watch, ROWS, timeout=LEASE + 60)
        assert time.monotonic() - killed_at <= LEASE + 60, \
            "the import took more than the lease and a minute to finish"
    finally:
        host.restart()
