"""Outgoing mail through the real SMTP sink: `casebook mail test` arrives as
a well-formed multipart/alternative message (From with the practice's name,
RFC 2047 subject, Date, Message-ID); with the sink stopped a message waits,
keeps the reason on /admin/jobs and is tried every few seconds without using
up its attempts, and all arrive by themselves once the sink is back; a
server that refuses the message counts its attempts, gives up after the
last one, and "Retry now" delivers it once the sink is back, exactly once.
Clinicians are refused the jobs page."""

import email
import email.policy
import email.utils
import html
import os
import re
import socket
import subprocess
import time
from datetime import datetime, timezone

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, CONFIG, VAR,
                      admin_password, assert_no_leak, clinician_password,
                      csrf, flashes, links, read_config, run_casebook,
                      signed_in, sql, sql_int, sql_quote, sql_value, stack,
                      unique_email, visible_text, wait_until)

MAIL_DIR = os.environ.get("CASEBOOK_MAIL_DIR") or os.path.join(VAR, "mail")
PRAXIS = "Grüße — Praxis Zoë"
state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["practice_name"] = sql_value(
        "SELECT name FROM practice_settings WHERE id = 1")
    state["from"] = read_config().get("Mail.From")
    assert state["from"], "Mail.From is not set in %s" % CONFIG


def teardown_module():
    proc = state.pop("refusing", None)
    if proc is not None:
        proc.terminate()
        proc.wait(10)
    stack("start-mail")     # says so and does nothing when it runs
    if state.get("practice_name") is not None:
        _set_practice_name(state["practice_name"])


# ---------------------------------------------------------------- helpers

def _set_practice_name(name):
    sql("SET NAMES utf8mb4; UPDATE practice_settings SET name = %s "
        "WHERE id = 1" % sql_quote(name))


def _queue_test(to, name=None):
    """Queue a test message with `casebook mail test`; the job's id."""
    args = ["mail", "test", "-c", CONFIG, "--to", to]
    if name is not None:
        args += ["--name", name]
    proc = run_casebook(args)
    assert proc.returncode == 0, "casebook mail test failed (%d): %s" % (
        proc.returncode, proc.stderr.strip())
    assert re.fullmatch(r"\d+\n", proc.stdout), \
        "casebook mail test should print the job id, printed %r" % proc.stdout
    return int(proc.stdout)


def _messages_to(address):
    """[(raw bytes, parsed message)] of every message in the sink's Maildir
    addressed to ADDRESS."""
    found = []
    new = os.path.join(MAIL_DIR, "new")
    for name in sorted(os.listdir(new)):
        with open(os.path.join(new, name), "rb") as f:
            raw = f.read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        to = msg["To"]
        if to is not None and any(a.addr_spec == address
                                  for a in to.addresses):
            found.append((raw, msg))
    return found


def _wait_for_message(address, timeout=10):
    return wait_until(lambda: _messages_to(address), timeout=timeout,
                      message="a message to %s in %s/new" % (address,
                                                             MAIL_DIR))[0]


def _job(job_id):
    """(state, attempts, last_error) of a job."""
    rows = sql("SELECT state, attempts, COALESCE(last_error, '') FROM jobs "
               "WHERE id = %d" % job_id)
    assert rows, "job %d is not in the jobs table" % job_id
    return rows[0][0], int(rows[0][1]), rows[0][2]


def _wait_job(job_id, predicate, what, timeout=10):
    def check():
        job = _job(job_id)
        return job if predicate(*job) else None
    return wait_until(check, timeout=timeout,
                      message="job %d to be %s (now %r)" % (
                          job_id, what, _job(job_id)))


def _job_row(markup, job_id):
    """The visible text of job JOB_ID's row on /admin/jobs, or None."""
    m = re.search(r'<tr id="job-%d">(.*?)</tr>' % job_id, markup, re.S)
    return visible_text(m.group(1)) if m else None


def _jobs_page():
    resp = state["admin"].get("/admin/jobs")
    assert resp.status == 200, resp.describe()
    return resp


def _retry(job_id):
    page = _jobs_page()
    action = "/admin/jobs/%d/retry" % job_id
    assert ('action="%s"' % action) in page.text, \
        "no Retry now button for job %d: %s" % (job_id,
                                                _job_row(page.text, job_id))
    resp = state["admin"].post(action, {"csrf_token": csrf(page.text)})
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/admin/jobs", resp.describe()
    return resp


# ---------------------------------------------------------------- delivery

def test_test_message_arrives_well_formed():
    _set_practice_name(PRAXIS)
    assert sql_value("SELECT name FROM practice_settings WHERE id = 1") \
        == PRAXIS, "the practice name did not round-trip through SQL"
    to = unique_email("mail")
    job_id = _queue_test(to, name="Zoë Tester")
    raw, msg = _wait_for_message(to)
    state["delivered"] = (job_id, to)

    # From: the practice's name (encoded) and Mail.From
    sender = msg["From"].addresses
    assert len(sender) == 1, msg["From"]
    assert sender[0].display_name == PRAXIS, sender
    assert sender[0].addr_spec == state["from"], sender
    recipient = msg["To"].addresses
    assert recipient[0].display_name == "Zoë Tester", recipient
    assert msg["Subject"] == "Test message from " + PRAXIS, msg["Subject"]

    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else \
        raw.split(b"\n\n", 1)[0]
    head_text = head.decode("ascii")   # raises when not pure ASCII
    subject_raw = re.search(r"^Subject:(.*(?:\r?\n[ \t].*)*)", head_text,
                            re.M).group(1)
    assert "=?UTF-8?" in subject_raw.upper(), \
        "the subject is not RFC 2047 encoded: %r" % subject_raw
    for line in head_text.splitlines():
        if not line.startswith("X-"):     # the sink's own headers
            assert len(line) <= 78, "header line too long: %r" % line

    when = email.utils.parsedate_to_datetime(msg["Date"])
    assert when.utcoffset().total_seconds() == 0, msg["Date"]
    assert abs((datetime.now(timezone.utc) - when).total_seconds()) < 300, \
        "Date %s is not now" % msg["Date"]
    domain = state["from"].split("@", 1)[1]
    assert re.fullmatch(r"<[0-9a-f]{32}@%s>" % re.escape(domain),
                        msg["Message-ID"].strip()), msg["Message-ID"]
    assert msg["MIME-Version"] == "1.0", msg["MIME-Version"]

    assert msg.get_content_type() == "multipart/alternative", \
        msg.get_content_type()
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain",
                                                     "text/html"], parts
    sentence = "This is a test message from %s's Casebook." % PRAXIS
    text = msg.get_body(("plain",)).get_content()
    assert sentence in text, text
    assert "Zoë Tester" in text, text
    markup = msg.get_body(("html",)).get_content()
    assert sentence in html.unescape(markup), markup
    body = raw.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in raw else \
        raw.split(b"\n\n", 1)[1]
    for line in body.splitlines():
        assert len(line) <= 76, "body line longer than 76: %r" % line
    assert not msg.defects and not any(p.defects for p in parts), \
        (msg.defects, [p.defects for p in parts])

    assert _wait_job(job_id, lambda s, a, e: s == "done", "done")[1] == 1
    payload = sql_value("SELECT payload FROM jobs WHERE id = %d" % job_id)
    assert to in payload and "This is a test message" not in payload \
        and "Content-Type" not in payload, \
        "a sent job should keep only its envelope: %r" % payload
    _set_practice_name(state["practice_name"])


def test_jobs_page_shows_recipient_and_subject_never_the_body():
    job_id, to = state["delivered"]
    resp = _jobs_page()
    row = _job_row(resp.text, job_id)
    assert row is not None, "job %d is not on /admin/jobs: %s" % (
        job_id, resp.describe())
    assert to in row and "Zoë Tester" in row, row
    assert "Test message from " + PRAXIS in row, row
    assert "Done" in row, row
    assert "test message from %s's Casebook" % PRAXIS not in resp.text, \
        "the jobs page shows a message body"
    assert "/admin/jobs" in links(resp.text), "no Jobs link in the admin nav"
    assert ('action="/admin/jobs/%d/retry"' % job_id) not in resp.text, \
        "a delivered job offers Retry now"


def test_clinician_is_refused_the_jobs_page():
    clinician = state["clinician"]
    resp = clinician.get("/admin/jobs")
    assert resp.status == 403, resp.describe()
    assert_no_leak(resp)
    home = clinician.get("/")
    assert "/admin/jobs" not in links(home.text), \
        "clinicians see a Jobs link"
    job_id = state["delivered"][0]
    resp = clinician.post("/admin/jobs/%d/retry" % job_id,
                          {"csrf_token": csrf(home.text)})
    assert resp.status == 403, resp.describe()


def test_bad_addresses_and_names_are_refused_by_the_command():
    before = sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail'")
    for args in (["--to", "victim@example.org\r\nBcc: other@example.org"],
                 ["--to", "not-an-address"],
                 ["--to", unique_email("mail"), "--name",
                  "Jane\r\nBcc: other@example.org"]):
        proc = run_casebook(["mail", "test", "-c", CONFIG] + args)
        assert proc.returncode != 0, "accepted %r: %s" % (args, proc.stdout)
        assert proc.stdout == "", proc.stdout
    assert sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail'") == before, \
        "a refused message was queued"


def test_check_config_mail_settings():
    with open(CONFIG, encoding="utf-8") as f:
        lines = f.read().splitlines()
    path = os.path.join(VAR, "tmp", "mail-check.hdf")

    def check(replace):
        keep = [l for l in lines if l.split("=")[0].strip() not in replace]
        keep += ["%s = %s" % kv for kv in replace.items() if kv[1] is not None]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(keep) + "\n")
        return run_casebook(["check-config", "-c", path])

    try:
        proc = check({"Mail.From": None})
        assert proc.returncode == 0 and "config ok" in proc.stdout, proc
        assert "Mail.From" in proc.stderr, \
            "check-config does not say Mail.From is missing: %r" % proc.stderr
        proc = check({"Mail.StartTls": "maybe"})
        assert proc.returncode != 0 and "Mail.StartTls" in proc.stderr, proc
        proc = check({"Mail.Url": "http://mail.example.org"})
        assert proc.returncode != 0 and "Mail.Url" in proc.stderr, proc
        proc = check({"Mail.From": "not an address"})
        assert proc.returncode != 0 and "Mail.From" in proc.stderr, proc
    finally:
        if os.path.exists(path):
            os.unlink(path)


# ---------------------------------------------------------------- failure and retry

def test_sink_down_the_message_waits_without_using_attempts():
    # no server at all is not the message's fault: it waits and is tried
    # again every few seconds, its attempts untouched
    stack("stop-mail")
    to = unique_email("down")
    job_id = _queue_test(to)
    state["down"] = (job_id, to)
    job_state, attempts, error = _wait_job(
        job_id, lambda s, a, e: e != "" and s == "queued", "tried once")
    assert attempts == 0, "an unreachable server used up an attempt"
    assert "connect" in error.lower(), error
    soon = sql_int("SELECT run_at BETWEEN UTC_TIMESTAMP() - INTERVAL 1 SECOND "
                   "AND UTC_TIMESTAMP() + INTERVAL 6 SECOND FROM jobs "
                   "WHERE id = %d" % job_id)
    assert soon == 1, "the next try is not within a few seconds"
    row = _job_row(_jobs_page().text, job_id)
    assert row is not None, "job %d not on /admin/jobs" % job_id
    assert error in row, "the last error %r is not shown: %r" % (error, row)
    assert "Waiting to retry" in row, row
    tried = sql_value("SELECT updated_at FROM jobs WHERE id = %d" % job_id)
    wait_until(lambda: sql_value("SELECT updated_at FROM jobs WHERE id = %d"
                                 % job_id) != tried, timeout=15,
               message="job %d to be tried again" % job_id)
    assert _job(job_id)[:2] == ("queued", 0), _job(job_id)


def _refusing_server():
    """A real SMTP server on the sink's port that refuses every recipient
    (the sink must be stopped); the process."""
    port = int(read_config()["Mail.Url"].rsplit(":", 1)[1])
    env = dict(os.environ, PYTHONPATH=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "fixtures", "smtp"))
    proc = subprocess.Popen(
        ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
         "127.0.0.1:%d" % port, "-c", "smtp_refusing.Refuse"],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)

    def listening():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            assert proc.poll() is None, "the refusing server exited"
            return False
    wait_until(listening, timeout=15, message="the refusing SMTP server")
    return proc


def test_a_refusal_counts_an_attempt_with_the_reason():
    job_id, to = state["down"]
    # the waiting message goes by itself within a few seconds
    state["refusing"] = _refusing_server()
    job_state, attempts, error = _wait_job(
        job_id, lambda s, a, e: a >= 1 and "550" in e and s != "running",
        "refused once", timeout=20)
    assert job_state == "queued" and attempts == 1, (job_state, attempts)
    assert "550 5.1.1 No such user here" in error, error
    later = sql_int("SELECT run_at > UTC_TIMESTAMP() + INTERVAL 20 SECOND "
                    "FROM jobs WHERE id = %d" % job_id)
    assert later == 1, "the next try after a refusal is not put off"
    row = _job_row(_jobs_page().text, job_id)
    assert error in row, "the last error %r is not shown: %r" % (error, row)
    assert "Waiting to retry" in row, row
    assert re.search(r"\b1\b", row), row


def test_retry_now_counts_the_attempts():
    job_id, to = state["down"]
    before = sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")
    resp = _retry(job_id)
    _wait_job(job_id, lambda s, a, e: a == 2 and s == "queued",
              "tried twice")
    page = state["admin"].get("/admin/jobs")
    assert ("success", "Job %d will be tried again in a moment." % job_id) \
        in flashes(page.text), flashes(page.text)
    row = _job_row(page.text, job_id)
    assert re.search(r"\b2\b", row), "attempts do not count: %r" % row
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE id > %d AND action = "
                   "'job_retried' AND object_kind = 'job' AND object_id = %d"
                   % (before, job_id)) == 1, "the retry is not audited"
    assert resp.status == 303


def test_the_job_gives_up_after_its_last_attempt():
    job_id, to = state["down"]
    try:
        # the third attempt is the last: due now instead of in a minute
        sql("UPDATE jobs SET max_attempts = 3, run_at = UTC_TIMESTAMP() "
            "WHERE id = %d" % job_id)
        job_state, attempts, error = _wait_job(
            job_id, lambda s, a, e: s == "failed", "failed")
    finally:
        proc = state.pop("refusing")
        proc.terminate()
        proc.wait(10)
    assert attempts == 3 and "550" in error, (attempts, error)
    row = _job_row(_jobs_page().text, job_id)
    assert "Failed" in row and error in row, row
    assert not _messages_to(to), "a message arrived though it was refused"


def test_retry_now_delivers_once_the_sink_is_back():
    job_id, to = state["down"]
    stack("start-mail")
    _retry(job_id)
    _wait_job(job_id, lambda s, a, e: s == "done", "done")
    _wait_for_message(to)
    time.sleep(1.5)         # a second copy would have arrived by now
    assert len(_messages_to(to)) == 1, "the message arrived more than once"
    row = _job_row(_jobs_page().text, job_id)
    assert "Done" in row, row
    # a done job is not retried
    page = _jobs_page()
    resp = state["admin"].post("/admin/jobs/%d/retry" % job_id,
                               {"csrf_token": csrf(page.text)})
    assert resp.status == 303, resp.describe()
    assert _job(job_id)[0] == "done"
    resp = state["admin"].post("/admin/jobs/999999999/retry",
                               {"csrf_token": csrf(page.text)})
    assert resp.status == 404, resp.describe()


def test_messages_queued_while_the_sink_is_down_all_arrive():
    # nobody presses Retry now: they go by themselves once the sink is back
    stack("stop-mail")
    try:
        recipients = [unique_email("queued") for _ in range(5)]
        jobs = [_queue_test(to) for to in recipients]
        for job_id in jobs:
            _wait_job(job_id, lambda s, a, e: e != "", "tried once",
                      timeout=30)
        time.sleep(6)       # long enough for the runner to try once more
        for job_id in jobs:
            assert _job(job_id)[:2] == ("queued", 0), _job(job_id)
    finally:
        stack("start-mail")
    for job_id, to in zip(jobs, recipients):
        _wait_job(job_id, lambda s, a, e: s == "done", "done", timeout=20)
        _wait_for_message(to)
        assert len(_messages_to(to)) == 1, "%s got more than one copy" % to
