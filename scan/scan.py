"""scan.py: what script/scan runs once its private stack is up.

Seeds a practice over HTTP (an admin, a clinician, clients with notes,
tasks, files and payments, a client who joined the portal by invitation,
and throw-away records for the destructive routes), then

- runs sqlmap against every route of app/routes.c that declares fields
  (the GET query parameters and the POST form fields of the form_field
  array it names), signed in as staff or as the portal client, with the
  session's CSRF token in every POST;
- runs wapiti crawling the portal (signed in as the client) and the staff
  side (signed in as the admin) with the injection, XSS, CSRF, redirect,
  file, exec and CRLF modules;

and writes scan/results/YYYY-MM-DD-HHMM.md, scan/results/latest.md and the
raw reports in scan/results/raw/. Exit status 1 when a scanner found
anything, 2 when the scan itself could not run.

Environment: what script/scan exports for tests/web/casebook.py, plus
CASEBOOK_SCAN_RESULTS (another directory for the results), CASEBOOK_SCAN_ONLY (sqlmap or wapiti), CASEBOOK_SCAN_WAPITI_SECONDS (each
crawl's limit), CASEBOOK_SCAN_SQLMAP_LEVEL / _RISK, CASEBOOK_SCAN_MATCH (only
the sqlmap targets whose route contains it).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "web"))

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, URL, Browser,  # noqa: E402
                      SESSION_COOKIE, add_client, admin_password,
                      clinician_password, create_staff, csrf, letters,
                      signed_in, sql, sql_int, staff_id)
from attacks import route_table  # noqa: E402
from portal import (invite, latest_link, new_client,  # noqa: E402
                    registered_client, set_practice)

RESULTS = os.environ.get("CASEBOOK_SCAN_RESULTS") or os.path.join(
    REPO, "scan", "results")
WORK = os.environ.get("CASEBOOK_SCAN_WORK") or os.path.join(
    os.environ.get("TMPDIR", "/tmp"), "casebook-scan-work")
ONLY = os.environ.get("CASEBOOK_SCAN_ONLY", "")
MATCH = os.environ.get("CASEBOOK_SCAN_MATCH", "")
LEVEL = os.environ.get("CASEBOOK_SCAN_SQLMAP_LEVEL", "1")
RISK = os.environ.get("CASEBOOK_SCAN_SQLMAP_RISK", "1")
WAPITI_SECONDS = int(os.environ.get("CASEBOOK_SCAN_WAPITI_SECONDS", "300"))
WAPITI_ATTACK_SECONDS = int(os.environ.get(
    "CASEBOOK_SCAN_WAPITI_ATTACK_SECONDS", "90"))
WAPITI_MODULES = os.environ.get(
    "CASEBOOK_SCAN_WAPITI_MODULES",
    "sql,blindsql,xss,permanentxss,csrf,redirect,file,exec,crlf")

def say(message):
    print("scan: %s" % message, file=sys.stderr, flush=True)


def fail(message):
    """Stop: the scan could not run (exit status 2)."""
    say(message)
    sys.exit(2)


# ---------------------------------------------------------------- the routes

def routes():
    """[(method, pattern, role, handler, [(field, FORM_TYPE)])] of the route table
    (tests/web/attacks.py reads it)."""
    try:
        table = route_table()
    except ValueError as e:
        fail(str(e))
    return [(method, pattern, role, handler, [(name, kind) for name, kind, _ in fields])
            for method, pattern, role, handler, fields in table]


# Values that pass each form's checks, so a request reaches the handler's
# queries rather than stopping at the field check (a scanner's payload
# replaces one value at a time).
VALUES = {
    "q": "scan", "status": "active", "tag": "1", "staff": "1",
    "sort": "name", "dir": "asc", "page": "1", "per": "25",
    "select": "page", "invite": "1", "action": "tag_add", "all": "0",
    "tag_name": "scan-bulk", "back": "/clients", "next": "/",
    "first_name": "Sam", "last_name": "Scanner", "preferred_name": "Sam",
    "phone": "+44 20 7946 0000", "date_of_birth": "1990-04-01",
    "gender": "female", "pronouns": "she/her", "address": "1 Test Street",
    "occupation": "Tester", "employment_status": "employed",
    "relationship_status": "single", "living_arrangement": "alone",
    "emergency_name": "Em Contact", "emergency_phone": "+44 20 7946 0001",
    "emergency_relation": "friend", "diagnosis": "none",
    "icd10_codes": "F41.1", "symptoms": "none", "phone_country": "GB",
    "emergency_country": "GB", "name": "scan name", "title": "Scan note",
    "body": "Scan text", "note_date": "2026-01-05", "shared": "1",
    "held_on": "2026-01-05", "start_time": "10:00", "minutes": "50",
    "session_kind": "video", "fee": "80.00", "payment_kind": "payment",
    "state": "paid", "amount": "10.00", "method": "card",
    "reference": "scan-ref", "note": "scan note", "paid_on": "2026-01-06",
    "time_zone": "Europe/London", "date_order": "dmy", "currency": "GBP",
    "self_registration": "off", "email_verification": "on",
    "role": "clinician", "existing": "skip", "password": "wrong password",
    # never the same as the password: a set-password form is refused, so
    # the link stays valid and no session ends
    "confirm_password": "not the same passphrase",
    "current_password": "not the current password",
    "new_password": "another long passphrase",
    "description": "Scan text", "due_date": "2026-02-01",
    "comment": "Scan comment", "full_name": "0", "tags": "0",
    "appointment_id": "1", "email": "scan.person@test.invalid",
}


# ---------------------------------------------------------------- seeding

class Practice:
    """The seeded records, by what the routes call them."""


def post_ok(browser, path, fields, token, files=None, expect=(303,)):
    data = dict(fields)
    data["csrf_token"] = token
    resp = browser.post(path, data, files=files)
    if resp.status not in expect:
        fail("seeding: POST %s answered %s:\n%s"
                         % (path, resp.status, resp.describe()))
    return resp


def newest(table, where):
    return sql_int("SELECT MAX(id) FROM `%s` WHERE %s" % (table, where))


def seed():
    """A small practice with something on every tab."""
    p = Practice()
    set_practice(base_url=URL, registration="off", verification="on")
    p.admin = signed_in(ADMIN_EMAIL, admin_password())
    p.admin_token = p.admin.csrf_from("/")
    p.admin_id = staff_id(ADMIN_EMAIL)
    p.clinician_id = staff_id(CLINICIAN_EMAIL)
    clinician = signed_in(CLINICIAN_EMAIL, clinician_password())
    run = letters(6)
    a, t = p.admin, p.admin_token

    # clients: a few ordinary ones, the portal client, throw-away ones
    for i in range(5):
        add_client(a, t, first_name="Client%d" % i, last_name="Seed " + run,
                   staff_id=str(p.clinician_id if i % 2 else p.admin_id))
    p.client = add_client(a, t, first_name="Alex", last_name="Scan " + run,
                          staff_id=str(p.admin_id), phone="+44 20 7946 0123")
    p.portal_client, p.portal_email, p.portal = registered_client(
        a, first_name="Portia", last_name="Scan " + run,
        staff_id=str(p.admin_id))
    p.portal_token = p.portal.csrf_from("/portal")
    p.throwaway = add_client(a, t, first_name="Throw", last_name="Away " + run,
                             staff_id=str(p.admin_id))

    # tags
    for cid in (p.client, p.throwaway):
        post_ok(a, "/clients/%d/tags" % cid, {"name": "scan-" + run}, t)
    p.tag = newest("tags", "1")
    post_ok(a, "/admin/tags", {"name": "scan-spare-" + run}, t)
    p.spare_tag = newest("tags", "1")

    # notes, comments, tasks, files and payments on the staff client and
    # the portal client
    for cid in (p.client, p.portal_client):
        post_ok(a, "/clients/%d/notes" % cid, {
            "title": "First session", "body": "We talked about **sleep**.",
            "note_date": "2026-01-05", "shared": "1"}, t)
        note = newest("notes", "client_id = %d" % cid)
        post_ok(a, "/clients/%d/notes/%d/comments" % (cid, note),
                {"body": "A comment from staff."}, t)
        post_ok(a, "/clients/%d/notes" % cid, {
            "title": "Private", "body": "Staff only.",
            "note_date": "2026-01-06"}, t)
        post_ok(a, "/clients/%d/tasks" % cid, {
            "title": "Keep a sleep diary", "description": "Every morning.",
            "due_date": "2026-02-01"}, t)
        post_ok(a, "/clients/%d/files" % cid, {"shared": "1"}, t,
                files=[("files", "notes.txt", "text/plain",
                        b"Plain text notes.\n")])
        post_ok(a, "/clients/%d/sessions" % cid, {
            "held_on": "2026-01-05", "start_time": "10:00", "minutes": "50",
            "session_kind": "video", "fee": "80.00"}, t)
        appointment = newest("appointments", "client_id = %d" % cid)
        if cid == p.client:
            p.appointment = appointment
        post_ok(a, "/clients/%d/payments" % cid, {
            "appointment_id": str(appointment), "payment_kind": "payment",
            "state": "requested", "amount": "40.00", "method": "card",
            "paid_on": "2026-01-06"}, t)
    p.note = sql_int("SELECT MIN(id) FROM notes WHERE client_id = %d"
                     % p.client)
    p.comment = newest("note_comments", "note_id = %d" % p.note)

    # the portal client's own reflection, comment, to-do and upload
    c, ct = p.portal, p.portal_token
    post_ok(c, "/portal/notes", {"title": "My reflection",
                                 "body": "Felt better.", "shared": "1"}, ct)
    post_ok(c, "/portal/tasks", {"title": "Walk", "description": "Each day."},
            ct)
    shared = sql_int("SELECT MIN(id) FROM notes WHERE client_id = %d"
                     % p.portal_client)
    post_ok(c, "/portal/notes/%d/comments" % shared,
            {"body": "A reply from the client."}, ct)
    post_ok(c, "/portal/files", {}, ct,
            files=[("files", "mine.txt", "text/plain", b"My own file.\n")])
    p.portal_note = shared
    p.portal_comment = newest("note_comments", "note_id = %d" % shared)
    p.portal_reflection = newest("notes", "client_id = %d" % p.portal_client)

    # throw-away records for the routes that delete or switch off
    post_ok(a, "/clients/%d/notes" % p.throwaway, {
        "title": "Throw-away", "body": "To delete.", "shared": "1"}, t)
    p.throwaway_note = newest("notes", "client_id = %d" % p.throwaway)
    p.throwaway_staff = create_staff(role="clinician")[2]

    # live links for the set-password forms: a reset for another portal
    # client, an invitation not yet accepted
    _, reset_email, _ = registered_client(
        a, first_name="Reese", last_name="Scan " + run)
    visitor = Browser()
    page = visitor.get("/portal/forgot")
    post_ok(visitor, "/portal/forgot", {"email": reset_email},
            csrf(page.text))
    p.reset_token = latest_link(reset_email, "reset", 2).rsplit("/", 1)[1]
    invited, invited_email = new_client(a, first_name="Ivy")
    if invite(a, invited).status != 303:
        fail("seeding: the invitation was not sent")
    p.invite_token = latest_link(invited_email, "invite").rsplit("/", 1)[1]

    # an import waiting for its mapping
    post_ok(a, "/clients/import", {}, t, files=[(
        "file", "clients.csv", "text/csv",
        b"First name,Last name,Email\nIan,Import,ian.%s@test.invalid\n"
        % run.encode())])
    p.import_id = newest("imports", "1")
    p.job = newest("jobs", "1")
    # the clinician's session is not used further
    del clinician
    return p


def ids_for(p, pattern, side):
    """The path of PATTERN with the seeded records' ids: throw-away ones
    where the route deletes, switches off or changes a role."""
    destructive = re.search(r"/(delete|deactivate|reactivate|merge|role|"
                            r"remove|revoke)$", pattern)
    portal = side == "portal"
    ids = {
        "clients": p.throwaway if destructive else p.client,
        # in the portal, the client's own reflection, or the shared staff
        # note for its comment thread
        "notes": (p.portal_note if portal and "/comments" in pattern else
                  p.portal_reflection if portal else
                  p.throwaway_note if destructive else p.note),
        "comments": p.portal_comment if portal else p.comment,
        "tasks": newest("tasks", "client_id = %d" % (
            p.portal_client if portal else p.client)),
        "files": newest("files", "client_id = %d" % (
            p.portal_client if portal else p.client)),
        "payments": newest("payments", "client_id = %d" % p.client),
        "tags": p.spare_tag if destructive else p.tag,
        "staff": p.throwaway_staff,
        "import": p.import_id,
        "jobs": p.job,
    }
    parts = pattern.split("/")
    out = []
    for i, part in enumerate(parts):
        if part == "#":
            out.append(str(ids.get(parts[i - 1], 1)))
        elif part == "*":
            out.append({"reset": p.reset_token, "invite": p.invite_token
                        }.get(parts[i - 1], "0" * 64))
        else:
            out.append(part)
    return "/".join(out)


# ---------------------------------------------------------------- sqlmap

class Target:
    def __init__(self, method, pattern, role, handler, fields, path, side):
        self.method = method
        self.pattern = pattern
        self.role = role
        self.handler = handler
        self.fields = [name for name, _ in fields]
        self.types = dict(fields)
        self.path = path
        self.side = side
        self.result = "not run"
        self.seconds = 0.0
        self.requests = 0
        self.answers = {}


def sqlmap_targets(p, table):
    """(targets with parameters, [(method, pattern, why not)] without)."""
    targets, skipped = [], []
    for method, pattern, role, handler, fields in table:
        if not fields:
            skipped.append((method, pattern, role, "no declared fields"))
            continue
        if role == "ROLE_NONE":
            skipped.append((method, pattern, role, "no database"))
            continue
        side = "portal" if role == "ROLE_CLIENT" else (
            "public" if role == "ROLE_PUBLIC" else "staff")
        targets.append(Target(method, pattern, role, handler, fields,
                              ids_for(p, pattern, side), side))
    # the portal first, so a staff route cannot end its session meanwhile
    order = {"public": 0, "portal": 1, "staff": 2}
    targets.sort(key=lambda t: order[t.side])
    return targets, skipped


def urlencode(pairs):
    import urllib.parse
    return urllib.parse.urlencode(pairs)


ACCESS_LOG = os.path.join(os.environ.get("CASEBOOK_VAR", ""), "log",
                          "nginx-access.log")
ACCESS_LINE = re.compile(r'"[A-Z]+ [^"]*" (\d{3}) ')


def answers_since(offset):
    """{status: count} of the requests nginx logged after OFFSET."""
    counts = {}
    with open(ACCESS_LOG, "rb") as f:
        f.seek(offset)
        for line in f.read().decode("utf-8", "replace").splitlines():
            m = ACCESS_LINE.search(line)
            if m:
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts


def answers_text(counts):
    return ", ".join("%s×%d" % kv for kv in sorted(counts.items()))


def value_for(name, kind):
    """A value of field NAME that passes its FORM_ type's check."""
    if name == "confirm":
        # a delete's confirmation is left unconfirmed, so the record
        # survives and every payload meets the same page
        return "0" if kind == "FORM_BOOL" else "no"
    value = VALUES.get(name, "scan")
    if kind in ("FORM_INT", "FORM_IDLIST") and \
            not re.fullmatch(r"-?[0-9]+", value):
        return "1"
    if kind == "FORM_BOOL":
        return value if value in ("0", "1") else "1"
    return value


def run_sqlmap(p, target, out_dir):
    values = [(name, value_for(name, target.types[name]))
              for name in target.fields]
    if target.pattern == "/clients/bulk":
        values = [(n, v) for n, v in values if n != "ids"]
        values.append(("ids", str(p.throwaway)))
    if "appointment_id" in target.fields:
        values = [(n, str(p.appointment) if n == "appointment_id" else v)
                  for n, v in values]
    if target.side == "portal":
        browser, token = p.portal, p.portal_token
    elif target.side == "staff":
        browser, token = p.admin, p.admin_token
    else:
        browser, token = Browser(), None
        # a visitor's session and its token, from a sign-in page
        page = browser.get("/portal/login" if target.path.startswith(
            "/portal") else "/login")
        if page.status != 200:
            fail("no sign-in page: %s" % page.describe())
        token = csrf(page.text)
    cookie = "%s=%s" % (SESSION_COOKIE, browser.cookie() or "")
    args = ["sqlmap", "--batch", "--level=%s" % LEVEL, "--risk=%s" % RISK,
            "--dbms=MySQL", "--threads=4", "--drop-set-cookie",
            "--cookie=" + cookie, "--output-dir=" + out_dir,
            "--flush-session", "--disable-coloring", "-v", "1",
            "--skip=csrf_token", "--skip-static", "--timeout=15",
            "--retries=1", "-p", ",".join(target.fields)]
    if target.method == "GET":
        args += ["-u", URL + target.path + "?" + urlencode(values)]
    else:
        values.append(("csrf_token", token))
        args += ["-u", URL + target.path, "--data=" + urlencode(values),
                 "--method=POST"]
    start = time.monotonic()
    offset = os.path.getsize(ACCESS_LOG)
    env = dict(os.environ, TMPDIR=out_dir)
    proc = subprocess.run(args, stdout=subprocess.PIPE, env=env,
                          stderr=subprocess.STDOUT, timeout=1800)
    target.seconds = time.monotonic() - start
    output = proc.stdout.decode("utf-8", "replace")
    log = os.path.join(out_dir, "127.0.0.1", "log")
    found = os.path.exists(log) and os.path.getsize(log) > 0
    target.answers = answers_since(offset)
    target.requests = sum(target.answers.values())
    if found or "identified the following injection point" in output:
        target.result = "INJECTABLE"
        with open(log, encoding="utf-8", errors="replace") as f:
            target.detail = f.read()
    elif "do not appear to be injectable" in output:
        target.result = "not injectable"
    elif proc.returncode != 0 or "[CRITICAL]" in output:
        crit = re.findall(r"\[CRITICAL\] (.*)", output)
        target.result = "sqlmap stopped: %s" % (crit[-1] if crit else
                                                "exit %d" % proc.returncode)
    else:
        target.result = "not injectable"
    return output


def scan_sqlmap(p, table, raw_dir):
    targets, skipped = sqlmap_targets(p, table)
    if MATCH:
        targets = [t for t in targets if MATCH in t.pattern]
    log_path = os.path.join(raw_dir, "sqlmap.log")
    with open(log_path, "w", encoding="utf-8") as log:
        for i, target in enumerate(targets, 1):
            say("sqlmap %d/%d: %s %s (%s)" % (i, len(targets), target.method,
                                            target.path, ", ".join(
                                                target.fields)))
            out_dir = os.path.join(WORK, "sqlmap", "%03d" % i)
            shutil.rmtree(out_dir, ignore_errors=True)
            os.makedirs(out_dir)
            output = run_sqlmap(p, target, out_dir)
            log.write("==== %s %s as %s (%.0f s, %d requests: %s)\n" % (
                target.method, target.path, target.side, target.seconds,
                target.requests, answers_text(target.answers)))
            # the verdicts, not every payload
            for line in output.splitlines():
                if re.search(r"\[(WARNING|ERROR|CRITICAL)\]|injectable|"
                             r"Parameter:|Payload:|redirect|^\d{3} \(",
                             line):
                    log.write(line + "\n")
            say("  %s in %.0f s (%s)" % (target.result, target.seconds,
                                         answers_text(target.answers)))
    return targets, skipped


# ---------------------------------------------------------------- wapiti

def cookie_file(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"127.0.0.1": {"/": {SESSION_COOKIE: {
            "value": value, "expires": None, "secure": False,
            "port": None, "version": 0}}}}, f)


def run_wapiti(name, base, start, browser, excludes, raw_dir):
    """Crawl from START with BROWSER's session; (vulnerabilities,
    anomalies, seconds, urls) from wapiti's JSON report."""
    work = os.path.join(WORK, "wapiti-" + name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cookies = os.path.join(work, "cookies.json")
    cookie_file(cookies, browser.cookie())
    report = os.path.join(raw_dir, "wapiti-%s.json" % name)
    args = ["/usr/bin/python3", os.path.join(HERE, "wapiti.py"), "-u",
            URL + base, "-s", URL + start, "--scope", "folder",
            "-m", WAPITI_MODULES, "-c", cookies, "--skip", "csrf_token",
            "-d", "5", "--max-links-per-page", "60",
            "--max-files-per-dir", "100", "--max-parameters", "30",
            "--max-scan-time", str(WAPITI_SECONDS),
            "--max-attack-time", str(WAPITI_ATTACK_SECONDS),
            "--flush-session", "--store-session", os.path.join(work, "s"),
            "--store-config", os.path.join(work, "c"),
            "-f", "json", "-o", report, "-v", "1", "--no-bugreport",
            "-t", "20"]
    for url in excludes:
        args += ["-x", URL + url]
    start_time = time.monotonic()
    with open(os.path.join(raw_dir, "wapiti-%s.log" % name), "w",
              encoding="utf-8") as log:
        proc = subprocess.run(args, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              timeout=WAPITI_SECONDS * 3 + 600)
        text = proc.stdout.decode("utf-8", "replace")
        # the crawl's list of pages is long: keep the findings
        log.write("\n".join(line for line in text.splitlines()
                            if not line.startswith("[+] GET ")
                            and not line.startswith("[+] POST ")) + "\n")
    seconds = time.monotonic() - start_time
    if not os.path.exists(report):
        fail("wapiti (%s) wrote no report (exit %d); see "
                         "%s/wapiti-%s.log" % (name, proc.returncode,
                                               raw_dir, name))
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    vulns = {k: v for k, v in data.get("vulnerabilities", {}).items() if v}
    anomalies = {k: v for k, v in data.get("anomalies", {}).items() if v}
    m = re.findall(r"Wapiti found (\d+) URLs and forms", text)
    crawled = int(m[-1]) if m else 0
    return vulns, anomalies, seconds, crawled, text


def scan_wapiti(p, raw_dir):
    runs = []
    portal_excludes = ["/portal/logout", "/portal/password"]
    vulns, anomalies, seconds, crawled, _ = run_wapiti(
        "portal", "/portal/", "/portal", p.portal, portal_excludes, raw_dir)
    # the portal session must have lasted the whole crawl
    still = p.portal.get("/portal")
    runs.append(("portal (signed in as the client)", "/portal", vulns,
                 anomalies, seconds, crawled, still.status == 200))
    staff_excludes = ["/logout", "/portal/*", "/account/password",
                      "/admin/staff/%d/*" % p.admin_id,
                      "/clients/%d/*" % p.portal_client]
    vulns, anomalies, seconds, crawled, _ = run_wapiti(
        "staff", "/", "/", p.admin, staff_excludes, raw_dir)
    still = p.admin.get("/")
    runs.append(("staff (signed in as an administrator)", "/", vulns,
                 anomalies, seconds, crawled, still.status == 200))
    return runs


# ---------------------------------------------------------------- the report

def write_report(started, p, sqlmap_part, wapiti_part, raw_dir):
    lines = []
    findings = 0
    total = time.monotonic() - started["clock"]
    lines += ["# Security scan: %s" % started["date"], "",
              "`script/scan` against a private stack (nginx, casebook, MariaDB) "
              "seeded with a small practice, signed in as staff and as a "
              "portal client. Total time: %.0f min." % (total / 60), ""]
    if p is None:
        lines += ["Written from the raw reports by `scan/scan.py "
                  "--report-only` (the run's driver did not write it): the "
                  "scan's and wapiti's times are not known here, and a "
                  "crawl without its JSON report is left out.", ""]
    sqlmap_version = subprocess.run(["sqlmap", "--version"],
                                    stdout=subprocess.PIPE).stdout.decode(
                                        ).strip().splitlines()[0]
    wapiti_version = "3.0.4"
    try:
        wapiti_version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "wapiti"],
            stdout=subprocess.PIPE).stdout.decode().strip() or wapiti_version
    except OSError:
        pass
    lines += ["Tools: sqlmap %s, wapiti %s (Debian packages)." % (
        sqlmap_version, wapiti_version), ""]
    if sqlmap_part is not None:
        targets, skipped = sqlmap_part
        bad = [t for t in targets if t.result != "not injectable"]
        findings += len([t for t in targets if t.result == "INJECTABLE"])
        lines += ["## sqlmap", "",
                  "Every route of `app/routes.c` that declares fields, each "
                  "declared field a parameter (`--level=%s --risk=%s "
                  "--dbms=MySQL`, all techniques; `csrf_token` carries the "
                  "session's token and is not injected). %d targets, %d "
                  "parameters, %.0f min." % (
                      LEVEL, RISK, len(targets),
                      sum(len(t.fields) for t in targets),
                      sum(t.seconds for t in targets) / 60), "",
                  "| Route | As | Parameters | Requests | Answers | Seconds "
                  "| Result |",
                  "| --- | --- | --- | ---: | --- | ---: | --- |"]
        for t in targets:
            lines.append("| %s %s | %s | %s | %d | %s | %.0f | %s |" % (
                t.method, t.path, t.side, ", ".join(t.fields), t.requests,
                answers_text(t.answers), t.seconds, t.result))
        lines += ["", "Routes without parameters to inject (their path ids "
                  "only match digits, tokens only letters and digits):", ""]
        lines.append(", ".join("%s %s" % (m, pat) for m, pat, _, _ in skipped))
        lines.append("")
        if bad:
            lines += ["**Not clean:**", ""]
            for t in bad:
                lines.append("- %s %s: %s" % (t.method, t.path, t.result))
            lines.append("")
    if wapiti_part is not None:
        lines += ["## wapiti", "",
                  "Modules: `%s`; `csrf_token` not attacked; each crawl "
                  "limited to %d s (`--max-scan-time`), each module to %d s "
                  "(`--max-attack-time`). Run through `scan/wapiti.py`, "
                  "which mends two defects of Debian's wapiti 3.0.4 (see "
                  "there)." % (WAPITI_MODULES, WAPITI_SECONDS,
                               WAPITI_ATTACK_SECONDS), "",
                  "| Crawl | Start | URLs and forms | Minutes | Findings | Anomalies "
                  "| Session lasted |",
                  "| --- | --- | ---: | ---: | --- | --- | --- |"]
        for name, start, vulns, anomalies, seconds, crawled, lasted in \
                wapiti_part:
            findings += sum(len(v) for v in vulns.values())
            lines.append("| %s | %s | %s | %.1f | %s | %s | %s |" % (
                name, start, crawled, seconds / 60,
                ", ".join("%s: %d" % (k, len(v)) for k, v in vulns.items())
                or "none",
                ", ".join("%s: %d" % (k, len(v)) for k, v in
                          anomalies.items()) or "none",
                "yes" if lasted else "NO"))
            if not lasted:
                findings += 1
        lines.append("")
        for name, start, vulns, anomalies, seconds, crawled, lasted in \
                wapiti_part:
            for kind, items in list(vulns.items()) + list(anomalies.items()):
                lines.append("### %s: %s" % (name, kind))
                lines.append("")
                for item in items[:20]:
                    lines.append("- %s %s `%s`: %s" % (
                        item.get("method", ""), item.get("path", ""),
                        item.get("parameter", ""),
                        item.get("info", "").replace("\n", " ")[:300]))
                lines.append("")
    checked = os.path.join(HERE, "checked.md")
    if os.path.exists(checked):
        with open(checked, encoding="utf-8") as f:
            lines += [f.read().rstrip("\n"), ""]
    lines += ["## Verdict", "",
              "%d finding(s)." % findings if findings else
              "No findings: no injection, XSS, CSRF, open redirect or file "
              "disclosure.", "",
              "Raw reports: `scan/results/raw/` (the sqlmap verdicts per "
              "target, wapiti's JSON reports and logs).", ""]
    text = "\n".join(lines)
    os.makedirs(RESULTS, exist_ok=True)
    dated = os.path.join(RESULTS, "%s.md" % started["stamp"])
    for path in (dated, os.path.join(RESULTS, "latest.md")):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print(text)
    say("report: %s" % dated)
    return findings


def report_from_raw():
    """Write the report again from scan/results/raw/ (after a run whose
    driver was stopped before it wrote one): the sqlmap targets from
    sqlmap.log, each wapiti crawl whose JSON report is there."""
    raw_dir = os.path.join(RESULTS, "raw")
    targets = []
    header = re.compile(r"^==== (GET|POST) (\S+) as (\w+) \((\d+) s, (\d+) "
                        r"requests: ([^)]*)\)$")
    with open(os.path.join(raw_dir, "sqlmap.log"), encoding="utf-8") as f:
        for line in f:
            m = header.match(line.rstrip("\n"))
            if m:
                t = Target(m.group(1), m.group(2), "", "", [], m.group(2),
                           m.group(3))
                t.seconds = float(m.group(4))
                t.requests = int(m.group(5))
                t.answers = {k: int(v) for k, v in (
                    kv.split("×") for kv in m.group(6).split(", ") if kv)}
                t.result = "not run"
                targets.append(t)
            elif targets:
                t = targets[-1]
                if "injection point" in line or "Payload:" in line:
                    t.result = "INJECTABLE"
                elif "do not appear to be injectable" in line and \
                        t.result == "not run":
                    t.result = "not injectable"
                elif "[CRITICAL]" in line and t.result == "not run":
                    t.result = "sqlmap stopped: " + line.split(
                        "[CRITICAL] ", 1)[1].strip()
                elif re.search(r"parameter '(\w+)' does not seem", line):
                    name = re.search(r"parameter '(\w+)'", line).group(1)
                    if name not in t.fields:
                        t.fields.append(name)
    runs = []
    for name, title, start in (
            ("portal", "portal (signed in as the client)", "/portal"),
            ("staff", "staff (signed in as an administrator)", "/")):
        path = os.path.join(raw_dir, "wapiti-%s.json" % name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        runs.append((title, start,
                     {k: v for k, v in data["vulnerabilities"].items() if v},
                     {k: v for k, v in data["anomalies"].items() if v},
                     0.0, 0, True))
    started = {"clock": time.monotonic(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "stamp": time.strftime("%Y-%m-%d-%H%M", time.gmtime())}
    return write_report(started, None, (targets, []), runs or None, raw_dir)


def main():
    if sys.argv[1:] == ["--report-only"]:
        return 1 if report_from_raw() else 0
    started = {"clock": time.monotonic(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "stamp": time.strftime("%Y-%m-%d-%H%M", time.gmtime())}
    raw_dir = os.path.join(RESULTS, "raw")
    shutil.rmtree(raw_dir, ignore_errors=True)
    os.makedirs(raw_dir)
    os.makedirs(WORK, exist_ok=True)
    say("seeding the practice")
    p = seed()
    table = routes()
    sqlmap_part = wapiti_part = None
    if ONLY in ("", "sqlmap"):
        sqlmap_part = scan_sqlmap(p, table, raw_dir)
    if ONLY in ("", "wapiti"):
        wapiti_part = scan_wapiti(p, raw_dir)
    findings = write_report(started, p, sqlmap_part, wapiti_part, raw_dir)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
