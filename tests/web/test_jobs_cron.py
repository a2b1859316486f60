"""Jobs without a master's runner, as on shared hosting: with Jobs.Enabled = no
the master runs no job runner, an import started from the browser waits, and
`casebook jobs --for SECONDS` (a cron line) takes it up and finishes it while
its progress page moves; /admin/jobs says when a runner last ran, and warns
when none has for five minutes."""

import os
import re
import signal
import subprocess
import threading
import time

from casebook import (ADMIN_EMAIL, BIN, CONFIG, admin_password,
                      job_runner_pids, master_pid, signed_in, sql, sql_int,
                      wait_until, worker_pids)
from importing import choose, client_count, import_id, new_domain, start, \
    state, upload

ROWS = 10000
state_ = {}


def _letters(i):
    out = ""
    while True:
        out = chr(ord("a") + i % 26) + out
        i //= 26
        if i == 0:
            return out


def _csv(domain, n):
    lines = ["First Name,Last Name,Email"]
    lines += ["Cron,Runner,%s@%s" % (_letters(i), domain) for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def _reload_with(extra):
    """Write the stack's configuration with EXTRA lines at its end (later
    lines win) and reload the master; wait for the new generation."""
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    marker = "\n# test_jobs_cron\n"
    text = text.split(marker)[0]
    if extra:
        text += marker + extra + "\n"
    with open(CONFIG, "w", encoding="utf-8") as f:
        f.write(text)
    old = set(worker_pids())
    os.kill(master_pid(), signal.SIGHUP)
    wait_until(lambda: set(worker_pids()) and
               set(worker_pids()).isdisjoint(old), timeout=30,
               message="a new generation after the reload")


def setup_module():
    state_["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    _reload_with("Jobs.Enabled = no")
    wait_until(lambda: job_runners() == [], timeout=30,
               message="no job runner under Jobs.Enabled = no")


def teardown_module():
    _reload_with(None)
    wait_until(lambda: len(job_runners()) == 1, timeout=30,
               message="the job runner back")
    domain = state_.get("domain")
    if domain:
        sql("DELETE FROM clients WHERE email LIKE '%%@%s'" % domain)


def job_runners():
    return job_runner_pids()


def test_an_import_waits_then_finishes_under_a_cron_runner():
    domain = state_["domain"] = new_domain()
    browser = state_["admin"]
    iid = import_id(upload(browser, "cron.csv", _csv(domain, ROWS)))
    resp = choose(browser, iid)
    assert resp.status == 303, resp.describe()
    resp = start(browser, iid)
    assert resp.status == 303, resp.describe()
    # no runner: it waits, queued
    time.sleep(3)
    assert state(iid)[0] == "running" and int(state(iid)[2]) == 0, state(iid)
    job = sql_int("SELECT job_id FROM imports WHERE id = %d" % iid)
    assert sql("SELECT state FROM jobs WHERE id = %d" % job) == [("queued",)]
    # the progress page, read while a cron-style runner works
    seen = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            page = browser.get("/clients/import/%d" % iid)
            m = re.search(r'id="rows-done">(\d+)<', page.text)
            if m:
                seen.append(int(m.group(1)))
            elif page.status == 200 and "rows-done" not in page.text:
                seen.append(-1)         # finished: the page shows the result
                return
            time.sleep(0.05)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    proc = subprocess.run([BIN, "jobs", "-c", CONFIG, "--for", "60"],
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    stop.set()
    watcher.join(10)
    assert proc.returncode == 0, proc.stderr
    row = state(iid)
    assert row[0] == "done", row
    assert int(row[3]) == ROWS and client_count(domain) == ROWS, row
    moving = [n for n in seen if 0 < n < ROWS]
    assert moving, "the progress page never showed the import part done: %r" \
        % seen[:20]
    assert seen == sorted(seen, key=lambda n: ROWS + 1 if n == -1 else n), \
        "the progress went backwards: %r" % seen


def test_the_jobs_page_says_when_a_runner_last_ran_and_warns_after_five_minutes():
    browser = state_["admin"]
    page = browser.get("/admin/jobs")
    assert page.status == 200, page.describe()
    assert 'id="runner-seen"' in page.text, page.describe()
    assert 'id="runner-warning"' not in page.text
    saved = sql("SELECT id, seen_at FROM job_runners")
    sql("UPDATE job_runners SET seen_at = UTC_TIMESTAMP() - INTERVAL 6 MINUTE")
    try:
        page = browser.get("/admin/jobs")
        assert 'id="runner-warning"' in page.text, page.describe()
        assert "No job runner has run for 6 minutes" in page.page_text, \
            page.page_text
    finally:
        for runner_id, seen_at in saved:
            sql("UPDATE job_runners SET seen_at = '%s' WHERE id = '%s'"
                % (seen_at, runner_id.replace("'", "''")))
