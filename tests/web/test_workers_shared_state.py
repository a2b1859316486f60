"""What a worker keeps between requests never shows stale or another caller's
data: the practice's settings and the list of active staff are kept by each
worker until their version moves, so a change made through one worker (or
straight in the database) is on the next page any worker answers; and a parsed
template, reused by every request of a worker, shows each caller their own
values."""

import re
import threading

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, Browser, Staff,
                      admin_password, clinician_password, config_value,
                      save_settings, select_options, signed_in, sql, sql_quote,
                      staff_name, unique)

state = {}
# Enough requests in parallel that every worker answers some of them.
THREADS = 8
PER_THREAD = 6


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["name"] = sql("SELECT name FROM practice_settings WHERE id = 1")[0][0]


def teardown_module():
    sql("UPDATE practice_settings SET name = %s WHERE id = 1"
        % sql_quote(state["name"]))


def _site_name(markup):
    m = re.search(r'<a class="site-name" href="/">(.*?)</a>', markup, re.S)
    assert m, "no site name in the page"
    return m.group(1)


def _in_parallel(fetch):
    """Call FETCH(thread, i) THREADS x PER_THREAD times from THREADS threads;
    the failures, as text."""
    failures = []
    lock = threading.Lock()

    def run(t):
        for i in range(PER_THREAD):
            try:
                problem = fetch(t, i)
            except Exception as e:  # a failed request is a failure too
                problem = "request failed: %r" % e
            if problem:
                with lock:
                    failures.append(problem)
    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return failures


def _every_page_shows(name):
    """Signed in and signed out, on every worker: the header names NAME."""
    def fetch(t, i):
        b = Browser() if t % 2 else state["admin"]
        path = "/login" if t % 2 else ("/clients", "/", "/admin/settings")[i % 3]
        resp = b.get(path)
        if resp.status != 200:
            return "%s: %s" % (path, resp.describe())
        shown = _site_name(resp.text)
        if shown != name:
            return "%s shows %r, not %r" % (path, shown, name)
        return None
    failures = _in_parallel(fetch)
    assert not failures, "%d of %d pages: %s" % (
        len(failures), THREADS * PER_THREAD, failures[:5])


def _save_name(name):
    save_settings(state["admin"], {"name": name})


def test_a_settings_change_through_one_worker_is_on_every_workers_next_page():
    before = "Before " + unique("p")[-6:]
    _save_name(before)
    # Every worker has now read (and kept) the settings with this name.
    _every_page_shows(before)
    after = "After " + unique("p")[-6:]
    _save_name(after)
    _every_page_shows(after)


def test_a_change_made_in_the_database_is_seen_at_once():
    _every_page_shows(_site_name(state["admin"].get("/").text))
    changed = "Outside " + unique("p")[-6:]
    sql("UPDATE practice_settings SET name = %s WHERE id = 1"
        % sql_quote(changed))
    _every_page_shows(changed)
    # the version moves with every change, even back to an earlier value
    sql("UPDATE practice_settings SET name = %s WHERE id = 1"
        % sql_quote(state["name"]))
    _every_page_shows(state["name"] or config_value("Practice.Name"))


def test_each_caller_sees_their_own_values_on_a_reused_template():
    """The same templates rendered for two people (and an error page) turn
    about on every worker; no value of one shows on the other's page."""
    admin_name = staff_name(ADMIN_EMAIL)
    clinician_name = staff_name(CLINICIAN_EMAIL)
    assert admin_name != clinician_name

    def fetch(t, i):
        who = ("admin", "clinician")[(t + i) % 2]
        mine, theirs = ((admin_name, clinician_name) if who == "admin"
                        else (clinician_name, admin_name))
        path = ("/clients", "/", "/clients/0", "/account/password")[i % 4]
        resp = state[who].get(path)
        want = 404 if path == "/clients/0" else 200
        if resp.status != want:
            return "%s for %s: %s" % (path, who, resp.describe())
        account = re.search(r'<span class="account-name">(.*?)</span>',
                            resp.text, re.S)
        if not account or account.group(1) != mine:
            return "%s for %s names %r" % (
                path, who, account.group(1) if account else None)
        # the header is the caller's own (the page itself may list staff)
        header = resp.text.split("</header>")[0]
        if ">%s<" % theirs in header:
            return "%s for %s shows the other's name" % (path, who)
        admin_nav = 'href="/admin/staff"' in header
        if admin_nav != (who == "admin"):
            return "%s for %s: the admin links are %s" % (
                path, who, "there" if admin_nav else "missing")
        return None
    failures = _in_parallel(fetch)
    assert not failures, "%d of %d pages: %s" % (
        len(failures), THREADS * PER_THREAD, failures[:5])


def _every_staff_filter(check):
    """The directory's "assigned to" choices on every worker: CHECK(options)
    gives the problem, or None."""
    def fetch(t, i):
        # a search, so the filters show even in a directory with no clients
        resp = state["admin"].get("/clients?q=" + unique("nobody"))
        if resp.status != 200:
            return resp.describe()
        options = select_options(resp.text, "staff")
        if options is None:
            return "no staff filter in the page"
        return check(options)
    failures = _in_parallel(fetch)
    assert not failures, "%d of %d pages: %s" % (
        len(failures), THREADS * PER_THREAD, failures[:5])


def test_staff_changes_are_in_every_workers_next_assigned_to_list():
    member = Staff()
    value = str(member.id)

    def listed_as(name):
        def check(options):
            mine = [text for v, text, _ in options if v == value]
            return None if mine == [name] else "listed as %r, not %r" % (
                mine, name)
        return check
    # every worker has read the list before: the new member was added since
    _every_staff_filter(listed_as(member.name))
    # renamed in the database (as another host, or a script, would)
    renamed = "Renamed " + unique("s")[-6:]
    sql("UPDATE staff SET name = %s WHERE id = %d"
        % (sql_quote(renamed), member.id))
    _every_staff_filter(listed_as(renamed))
    # deactivated: gone from every list at once
    sql("UPDATE staff SET active = 0 WHERE id = %d" % member.id)
    _every_staff_filter(lambda options: "still listed" if any(
        v == value for v, _, _ in options) else None)
    # a password change alone leaves the version (and the list) as it was
    version = sql("SELECT version FROM practice_settings WHERE id = 1")[0][0]
    sql("UPDATE staff SET password_hash = password_hash, updated_at = "
        "UTC_TIMESTAMP() WHERE id = %d" % member.id)
    assert sql("SELECT version FROM practice_settings WHERE id = 1")[0][0] \
        == version, "a change that no list shows raised the version"
