"""The audit log page: admins see entries newest first, 50 a page; clinicians
are refused."""

import math

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, DB_NAME, Staff,
                      admin_password, assert_no_leak, clinician_password,
                      links, signed_in, sql, sql_int, sql_value, staff_id,
                      staff_name, table_rows, unique)

PER_PAGE = 50
state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())


def _now():
    kind = sql_value("SELECT DATA_TYPE FROM information_schema.COLUMNS "
                     "WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME = 'audit_log' "
                     "AND COLUMN_NAME = 'at'" % DB_NAME)
    return "NOW()" if kind == "timestamp" else "UTC_TIMESTAMP()"


def _copy_entries(details, seconds_ago=None):
    """Insert copies of the newest signin entry with the given details, in
    order: each one second newer than the one before and the last
    SECONDS_AGO old; or, without SECONDS_AGO, all stamped with the same
    current second."""
    source = sql_int("SELECT MAX(id) FROM audit_log WHERE action = 'signin'")
    assert source, "no signin entry to copy"
    now = sql_value("SELECT %s" % _now())
    statements = []
    n = len(details)
    for i, detail in enumerate(details):
        if seconds_ago is None:
            at = "'%s'" % now
        else:
            at = "'%s' - INTERVAL %d SECOND" % (now, seconds_ago + n - 1 - i)
        statements.append(
            "INSERT INTO audit_log (at, actor_kind, actor_id, action, "
            "object_kind, object_id, ip, detail) SELECT %s, actor_kind, "
            "actor_id, action, object_kind, object_id, ip, '%s' FROM "
            "audit_log WHERE id = %d" % (at, detail, source))
    for start in range(0, len(statements), 200):
        sql(";\n".join(statements[start:start + 200]))


def test_admin_sees_the_latest_signin_first():
    admin_id = staff_id(ADMIN_EMAIL)
    newest = sql("SELECT action, actor_id FROM audit_log "
                 "ORDER BY at DESC, id DESC LIMIT 1")
    assert newest and newest[0] == ("signin", str(admin_id)), \
        "newest entry is %r, not the admin's sign-in" % newest
    resp = state["admin"].get("/admin/audit")
    assert resp.status == 200, resp.describe()
    rows = table_rows(resp.text)
    assert rows, "no entries on the audit page: %s" % resp.describe()
    first = rows[0]
    assert staff_name(ADMIN_EMAIL) in first or ADMIN_EMAIL in first, \
        "first row does not name the admin: %r" % first
    assert "sign" in first.lower(), "first row is not a sign-in: %r" % first


def test_entries_are_newest_first():
    older, newer = unique("older"), unique("newer")
    _copy_entries([older, newer], 20)
    resp = state["admin"].get("/admin/audit")
    assert resp.status == 200, resp.describe()
    text = resp.page_text
    assert older in text and newer in text, \
        "inserted entries are not on page 1 (is detail shown?): %s" % (
            resp.describe())
    assert text.index(newer) < text.index(older), \
        "the older entry is listed before the newer one"


def _check_page(page, pages, total):
    """Fetch one page and check its size and its links; its rows."""
    resp = state["admin"].get("/admin/audit?page=%d" % page)
    assert resp.status == 200, resp.describe()
    rows = table_rows(resp.text)
    expected = PER_PAGE if page < pages else total - PER_PAGE * (pages - 1)
    assert len(rows) == expected, "page %d of %d shows %d rows, not %d" % (
        page, pages, len(rows), expected)
    hrefs = links(resp.text)
    if page < pages:
        assert any("page=%d" % (page + 1) in h for h in hrefs), \
            "page %d has no link to page %d: %r" % (page, page + 1, hrefs)
    else:
        assert not any("page=%d" % (page + 1) in h for h in hrefs), \
            "the last page links past the end: %r" % hrefs
    if page > 1:
        back = "page=%d" % (page - 1)
        assert (any(back in h for h in hrefs)
                or (page == 2 and hrefs.count("/admin/audit") >= 2)), \
            "page %d has no link back: %r" % (page, hrefs)
    return rows


def test_pages_of_fifty():
    # a run of entries longer than two pages, all in the same second: each
    # must show up once, in order, however the pages fall
    prefix = unique("page")
    markers = ["%s-%03d" % (prefix, i) for i in range(2 * PER_PAGE + 10)]
    _copy_entries(markers)
    total = sql_int("SELECT COUNT(*) FROM audit_log")
    pages = math.ceil(total / PER_PAGE)
    newer = sql_int("SELECT COUNT(*) FROM audit_log WHERE id > (SELECT id "
                    "FROM audit_log WHERE detail = '%s')" % markers[-1])
    first_page = newer // PER_PAGE + 1
    last_page = (newer + len(markers) - 1) // PER_PAGE + 1

    seen = []
    for page in range(first_page, last_page + 1):
        for row in _check_page(page, pages, total):
            seen.extend(m for m in markers if m in row)
    assert seen == list(reversed(markers)), \
        "entries across pages %d-%d are missing, repeated or out of " \
        "order: %d of %d seen" % (first_page, last_page, len(seen),
                                  len(markers))
    _check_page(1, pages, total)
    _check_page(pages, pages, total)


def test_odd_page_numbers_do_not_break_the_page():
    b = state["admin"]
    for page in ("0", "-1", "abc", "99999", "99999999999999999999999",
                 "1%27", "2.5"):
        resp = b.get("/admin/audit?page=" + page)
        assert resp.status in (200, 400, 404), \
            "page=%s: %s" % (page, resp.describe())
        assert_no_leak(resp)


def test_clinician_is_refused():
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    resp = b.get("/admin/audit")
    assert resp.status == 403, resp.describe()
    assert not table_rows(resp.text), "a clinician sees audit rows"
    assert_no_leak(resp)
    resp = b.get("/admin/audit?page=2")
    assert resp.status == 403, resp.describe()
    page = b.get("/")
    assert "/admin/audit" not in links(page.text), \
        "a clinician's navigation links to the audit log"


def test_demoted_admin_loses_the_audit_log_at_once():
    staff = Staff(role="admin")
    b = staff.browser()
    assert b.get("/admin/audit").status == 200
    sql("UPDATE staff SET role = 'clinician' WHERE id = %d" % staff.id)
    resp = b.get("/admin/audit")
    assert resp.status == 403, resp.describe()
