"""The database goes away and comes back: pages answer 503 meanwhile, health
checks tell the two apart, and Casebook recovers without a restart.

Named to run last: it stops the stack's database."""

import time

from attacks import LogWatch
from casebook import (CLINICIAN_EMAIL, Browser, assert_no_leak,
                      assert_security_headers, assert_signed_in,
                      clinician_password, config_value, master_pid,
                      signed_in, stack, wait_until)

UNAVAILABLE = "temporarily unavailable"
state = {}


def setup_module():
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["master"] = master_pid()
    state["log"] = LogWatch()


def teardown_module():
    # whatever happened above, leave the database running
    if Browser().get("/readyz").status != 200:
        stack("start-db")


def _assert_unavailable(resp):
    assert resp.status == 503, resp.describe()
    assert UNAVAILABLE in resp.page_text, resp.describe()
    assert resp.content_type.startswith("text/html"), resp.content_type
    assert_security_headers(resp)
    assert_no_leak(resp)


def test_pages_answer_503_while_the_database_is_down():
    stack("stop-db")
    # every worker meets the dead connection: ask more often than there are
    # workers
    for _ in range(int(config_value("Server.Workers", "4")) * 2):
        _assert_unavailable(state["clinician"].get("/"))
    _assert_unavailable(Browser().get("/login"))


def test_a_post_answers_503_and_changes_nothing():
    # the session cannot be checked, so neither can the token: not a 403,
    # and certainly not a sign-out
    b = state["clinician"]
    _assert_unavailable(b.post("/logout", {"csrf_token": "x" * 64}))
    assert b.cookie(), "the session cookie was dropped"


def test_health_checks_tell_up_from_ready():
    resp = Browser().get("/healthz")
    assert resp.status == 200, resp.describe()
    assert resp.body == b"ok\n", "body %r" % resp.body
    resp = Browser().get("/readyz")
    assert resp.status == 503, resp.describe()
    assert resp.body == b"database unavailable\n", "body %r" % resp.body


def test_the_log_says_so_once_per_process_not_once_per_request():
    # many more requests than processes while the database is down: each
    # process logs its first failed connection, then at most one line per 30 s
    for _ in range(60):
        _assert_unavailable(Browser().get("/login"))
    lines = [line for line in state["log"].new_lines()
             if "database: cannot connect" in line
             or "database: still cannot connect" in line]
    processes = int(config_value("Server.Workers", "4")) + 2  # job runner, mail
    assert 1 <= len(lines) <= 2 * processes, \
        "%d lines about the database for 60+ requests:\n%s" % (
            len(lines), "\n".join(lines[:10]))


def test_pages_work_again_once_the_database_is_back():
    stack("start-db")
    back = time.monotonic()
    wait_until(lambda: Browser().get("/login").status == 200, timeout=30,
               interval=0.1, message="/login to answer 200 again")
    took = time.monotonic() - back
    # each request connects afresh when it has no connection: no waiting
    # for a retry timer
    assert took <= 2, "pages answered 200 only %.1f s after MariaDB was " \
        "back" % took
    assert Browser().get("/readyz").status == 200
    # the session from before the outage is still good, on every worker
    for i in range(20):
        resp = state["clinician"].get("/")
        assert resp.status == 200, "request %d: %s" % (i + 1, resp.describe())
    assert_signed_in(state["clinician"])
    assert master_pid() == state["master"], "casebook was restarted"
    wait_until(lambda: any("database: connected again after" in line
                           for line in state["log"].new_lines()),
               timeout=10, interval=0.2,
               message="the log to say the database is reachable again")
