"""The tags page (/admin/tags): every tag with how many clients have it
(linked to the filtered directory); create, rename (a name another tag has
is refused with an offer to merge instead), merge one tag into another, and
delete after a confirmation. Each change is audited; clinicians are
refused."""

import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, FORM_AGAIN, Browser,
                      admin_password, assert_no_leak, clinician_password,
                      csrf, field_error, find_form, flashes, forms, links,
                      signed_in, sql, sql_int, sql_quote, sql_value, staff_id,
                      table_rows, unique, unique_email)

EXPIRED = "This form has expired"
state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["admin_id"] = staff_id(ADMIN_EMAIL)
    state["token"] = state["admin"].csrf_from("/admin/tags")
    state["clients"] = [_insert_client() for _ in range(4)]


def teardown_module():
    sql("DELETE FROM clients WHERE id IN (%s)"
        % ", ".join(map(str, state["clients"])))


def _insert_client():
    email = unique_email("tagged")
    last = "Tagcase" + unique("c")[-8:]
    sql("INSERT INTO clients (first_name, last_name, email, diagnosis, "
        "symptoms, joined_at, created_at, updated_at, sort_name) VALUES "
        "('Tess', %s, %s, '', '', UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
        "UTC_TIMESTAMP(), %s)" % (sql_quote(last), sql_quote(email),
                                  sql_quote(last + " Tess")))
    return sql_int("SELECT id FROM clients WHERE email = %s"
                   % sql_quote(email))


def _tag(name, clients=()):
    """A tag made directly in the database, on the given clients; its id."""
    sql("INSERT INTO tags (name, created_at) VALUES (%s, UTC_TIMESTAMP())"
        % sql_quote(name))
    tid = sql_int("SELECT id FROM tags WHERE name = %s" % sql_quote(name))
    for cid in clients:
        sql("INSERT INTO client_tags (client_id, tag_id) VALUES (%d, %d)"
            % (cid, tid))
    return tid


def _clients_of(tid):
    return sorted(int(r[0]) for r in sql(
        "SELECT client_id FROM client_tags WHERE tag_id = %d" % tid))


def _name(prefix):
    return "%s %s" % (prefix, unique("t")[-8:])


def _post(path, fields=None, browser=None, token=None):
    data = dict(fields or {})
    data["csrf_token"] = token or state["token"]
    return (browser or state["admin"]).post(path, data)


def _flash_after(resp):
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/admin/tags", resp.describe()
    page = state["admin"].get("/admin/tags")
    assert page.status == 200, page.describe()
    return flashes(page.text)


def _audit(action, tid):
    return sql("SELECT actor_id, COALESCE(detail, '') FROM audit_log WHERE "
               "action = %s AND object_kind = 'tag' AND object_id = %d "
               "ORDER BY id" % (sql_quote(action), tid))


def _row_of(markup, name):
    rows = [r for r in table_rows(markup) if r.startswith(name + " ")]
    assert len(rows) == 1, "no single row for %r in %r" % (
        name, table_rows(markup))
    return rows[0]


def test_clinician_is_refused():
    tid = _tag(_name("Clinician proof"))
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    resp = b.get("/admin/tags")
    assert resp.status == 403, resp.describe()
    assert_no_leak(resp)
    assert "/admin/tags" not in links(b.get("/").text)
    token = b.csrf_from("/")
    name = _name("Forged")
    for path, fields in (("/admin/tags", {"name": name}),
                         ("/admin/tags/%d/rename" % tid, {"name": name}),
                         ("/admin/tags/%d/merge" % tid, {"into": name}),
                         ("/admin/tags/%d/delete" % tid, {"confirm": "yes"})):
        resp = _post(path, fields, browser=b, token=token)
        assert resp.status == 403, "%s: %s" % (path, resp.describe())
    assert sql_int("SELECT COUNT(*) FROM tags WHERE id = %d" % tid) == 1
    assert sql_int("SELECT COUNT(*) FROM tags WHERE name = %s"
                   % sql_quote(name)) == 0


def test_signed_out_visitor_is_sent_to_sign_in():
    b = Browser()
    resp = b.get("/admin/tags")
    assert resp.status == 303, resp.describe()
    loc = urllib.parse.urlsplit(resp.location_path() or "")
    assert loc.path == "/login" and urllib.parse.parse_qs(loc.query).get(
        "next") == ["/admin/tags"], resp.describe()


def test_every_tag_with_its_clients():
    c = state["clients"]
    two, one, none = _name("Two"), _name("One"), _name("None")
    ids = {two: _tag(two, c[:2]), one: _tag(one, c[2:3]), none: _tag(none)}
    resp = state["admin"].get("/admin/tags")
    assert resp.status == 200, resp.describe()
    for name, count in ((two, 2), (one, 1), (none, 0)):
        row = _row_of(resp.text, name)
        assert re.match(r"%s %d\b" % (re.escape(name), count), row), \
            "%s should show %d clients: %r" % (name, count, row)
        assert "/clients?tag=%d" % ids[name] in links(resp.text), \
            "no link to the clients tagged %s" % name
    current = re.search(r'<a href="/admin/tags" aria-current="page">',
                        resp.text)
    assert current, "the navigation does not mark the tags page"


def test_create_a_tag():
    name = _name("Created")
    resp = _post("/admin/tags", {"name": name})
    messages = _flash_after(resp)
    assert ("success", 'Tag "%s" created.' % name) in messages, messages
    tid = sql_int("SELECT id FROM tags WHERE name = %s" % sql_quote(name))
    assert tid, "no tag %s" % name
    assert _audit("tag_created", tid) == [(str(state["admin_id"]), name)]
    assert _row_of(state["admin"].get("/admin/tags").text, name)


def test_create_refuses_a_taken_or_empty_name():
    name = _name("Taken")
    _tag(name)
    count = sql_int("SELECT COUNT(*) FROM tags")
    for attempt in (name, name.upper(), "  %s  " % name.lower()):
        resp = _post("/admin/tags", {"name": attempt})
        assert resp.status == 422, "%r: %s" % (attempt, resp.describe())
        error = field_error(resp.text, "name")
        assert error and "already exists" in error, resp.describe()
    resp = _post("/admin/tags", {"name": "   "})
    assert resp.status == 422 and field_error(resp.text, "name"), \
        resp.describe()
    assert sql_int("SELECT COUNT(*) FROM tags") == count


def test_rename():
    old = _name("Old")
    tid = _tag(old, state["clients"][:1])
    new = _name("Renamed")
    resp = _post("/admin/tags/%d/rename" % tid, {"name": new})
    messages = _flash_after(resp)
    assert ("success", 'Tag "%s" is now called "%s".' % (old, new)) in \
        messages, messages
    assert sql_value("SELECT name FROM tags WHERE id = %d" % tid) == new
    assert _clients_of(tid) == state["clients"][:1]
    assert _audit("tag_renamed", tid) == [
        (str(state["admin_id"]), '"%s" to "%s"' % (old, new))]
    # a change of case only is a rename of the same tag, not a clash
    resp = _post("/admin/tags/%d/rename" % tid, {"name": new.upper()})
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT name FROM tags WHERE id = %d" % tid) == \
        new.upper()
    resp = _post("/admin/tags/%d/rename" % tid, {"name": new.upper()})
    assert ("info", "Nothing was changed.") in _flash_after(resp)
    assert len(_audit("tag_renamed", tid)) == 2


def test_rename_to_another_tags_name_offers_a_merge():
    c = state["clients"]
    first, second = _name("First"), _name("Second")
    a, b = _tag(first, c[:2]), _tag(second, c[1:3])
    resp = _post("/admin/tags/%d/rename" % a, {"name": second.lower()})
    assert resp.status in FORM_AGAIN and resp.status != 200, resp.describe()
    error = field_error(resp.text, "rename-%d" % a)
    assert error and second in error and "merge" in error, \
        "no message next to the rename field: %s" % resp.describe()
    assert sql_value("SELECT name FROM tags WHERE id = %d" % a) == first
    offer = [f for f in forms(resp.text)
             if f["action"] == "/admin/tags/%d/merge" % a
             and any(i.get("type") == "hidden" and i.get("name") == "into"
                     and i.get("value") == second for i in f["inputs"])]
    assert offer, "no offer to merge %s into %s" % (first, second)
    fields = {i["name"]: i.get("value", "") for i in offer[0]["inputs"]
              if i.get("name")}
    resp = state["admin"].post("/admin/tags/%d/merge" % a, fields)
    messages = _flash_after(resp)
    assert ("success", 'Tag "%s" was merged into "%s" (2 clients).'
            % (first, second)) in messages, messages
    assert sql_int("SELECT COUNT(*) FROM tags WHERE id = %d" % a) == 0
    assert _clients_of(b) == sorted(c[:3])


def test_merge_one_tag_into_another():
    c = state["clients"]
    source, target = _name("Source"), _name("Target")
    a, b = _tag(source, c[:3]), _tag(target, c[2:4])
    resp = _post("/admin/tags/%d/merge" % a, {"into": target.upper()})
    messages = _flash_after(resp)
    assert ("success", 'Tag "%s" was merged into "%s" (3 clients).'
            % (source, target)) in messages, messages
    assert sql_int("SELECT COUNT(*) FROM tags WHERE id = %d" % a) == 0
    assert sql_int("SELECT COUNT(*) FROM client_tags WHERE tag_id = %d"
                   % a) == 0
    assert _clients_of(b) == sorted(c), "the clients were not all moved"
    entries = _audit("tag_merged", a)
    assert len(entries) == 1 and entries[0][0] == str(state["admin_id"]), \
        entries
    assert source in entries[0][1] and target in entries[0][1], entries
    page = state["admin"].get("/admin/tags")
    assert re.match(r"%s 4\b" % re.escape(target), _row_of(page.text, target))


def test_merge_refuses_an_unknown_or_the_same_tag():
    name = _name("Lonely")
    tid = _tag(name, state["clients"][:1])
    for into, words in ((_name("Nowhere"), "No tag"), (name, "another"),
                        ("", "required")):
        resp = _post("/admin/tags/%d/merge" % tid, {"into": into})
        assert resp.status == 422, "%r: %s" % (into, resp.describe())
        error = field_error(resp.text, "merge-%d" % tid)
        assert error and words in error, "%r: %r" % (into, error)
    assert sql_int("SELECT COUNT(*) FROM tags WHERE id = %d" % tid) == 1
    assert _clients_of(tid) == state["clients"][:1]


def test_delete_asks_first():
    name = _name("Doomed")
    tid = _tag(name, state["clients"][:2])
    resp = _post("/admin/tags/%d/delete" % tid)
    assert resp.status == 200, resp.describe()
    assert 'Delete tag "%s" from 2 clients?' % name in resp.page_text, \
        resp.describe()
    form = find_form(resp.text, "/admin/tags/%d/delete" % tid)
    fields = {i["name"]: i.get("value", "") for i in form["inputs"]
              if i.get("name")}
    assert fields.get("confirm") == "yes", fields
    assert "/admin/tags" in links(resp.text), "no way back"
    assert sql_int("SELECT COUNT(*) FROM tags WHERE id = %d" % tid) == 1
    assert _audit("tag_deleted", tid) == []
    # anything but yes asks again
    resp = _post("/admin/tags/%d/delete" % tid, {"confirm": "no"})
    assert resp.status == 200 and "Delete tag" in resp.page_text
    resp = state["admin"].post("/admin/tags/%d/delete" % tid, fields)
    messages = _flash_after(resp)
    assert ("success", 'Tag "%s" was deleted from 2 clients.' % name) in \
        messages, messages
    assert sql_int("SELECT COUNT(*) FROM tags WHERE id = %d" % tid) == 0
    assert sql_int("SELECT COUNT(*) FROM client_tags WHERE tag_id = %d"
                   % tid) == 0
    assert sql_int("SELECT COUNT(*) FROM clients WHERE id IN (%s)" % ", ".join(
        map(str, state["clients"][:2]))) == 2, "the clients went too"
    assert _audit("tag_deleted", tid) == [
        (str(state["admin_id"]), '"%s", from 2 clients' % name)]


def test_unknown_tag_is_404():
    for action, fields in (("rename", {"name": _name("X")}),
                           ("merge", {"into": _name("X")}),
                           ("delete", {"confirm": "yes"})):
        resp = _post("/admin/tags/999999999/%s" % action, fields)
        assert resp.status == 404, resp.describe()
        assert_no_leak(resp)


def test_changes_without_csrf_token_are_refused():
    name = _name("Guarded")
    tid = _tag(name)
    b = state["admin"]
    for path, fields in (("/admin/tags", {"name": _name("Forged")}),
                         ("/admin/tags/%d/rename" % tid, {"name": "Forged"}),
                         ("/admin/tags/%d/delete" % tid, {"confirm": "yes"})):
        resp = b.post(path, fields)
        assert resp.status == 403 and EXPIRED in resp.page_text, \
            resp.describe()
        fields["csrf_token"] = csrf(Browser().get("/login").text)
        resp = b.post(path, fields)
        assert resp.status == 403 and EXPIRED in resp.page_text, \
            resp.describe()
    assert sql_value("SELECT name FROM tags WHERE id = %d" % tid) == name
