"""IDOR: every id-bearing route of the route table (read from app/routes.c,
so routes added later are covered without touching this file), asked by a
clinician about a client assigned to another clinician: 404 for staff
routes, the same page as for a client that does not exist, and nothing
about the client changes; admin routes refuse the clinician outright.

Each '#' in a pattern takes the id of the record named by the path segment
before it: the other clinician's client after "clients", the client's own
tag after "tags", and after any other segment a row of the table of that
name belonging to the client (a number past the table's end when it has
none)."""

import re

from casebook import (CLINICIAN_EMAIL, Staff, add_client, assert_no_leak,
                      clinician_password, letters, signed_in, sql, sql_int,
                      sql_quote)
from attacks import LogWatch, route_table
from portal import admin

# Fields a page's form might want, so a handler that checks its fields
# before the client's scope is caught too (undeclared ones are dropped).
FILLED = {"first_name": "Mallory", "last_name": "Intruder",
          "email": "intruder@test.invalid", "name": "intruder-tag",
          "confirm": "DELETE", "body": "intruder text", "text": "intruder",
          "title": "intruder", "amount": "1.00", "date": "2026-01-02",
          "due": "2026-01-02", "status": "paid", "target": "1",
          "back": "/clients"}

state = {}


def _filled_for(pattern):
    """FILLED, with each field the route declares given a value of its
    kind, so the request is well formed and reaches the handler's check of
    the client (a malformed one would stop at 400 before it)."""
    values = dict(FILLED)
    for name, kind, maxlen in state["declared"].get(pattern, []):
        if kind == "FORM_BOOL":
            values[name] = "1"
        elif kind == "FORM_INT" or kind == "FORM_IDLIST":
            values[name] = "1"
        elif kind == "FORM_TOKEN":
            values[name] = values.get(name, "x") if re.fullmatch(
                r"[A-Za-z0-9_-]{1,3}", values.get(name, "")) else "yes"
        elif kind == "FORM_EMAIL":
            values[name] = "intruder@test.invalid"
        elif kind == "FORM_PATH":
            values[name] = "/clients"
        elif name not in values:
            values[name] = "intruder"
        if maxlen.strip().isdigit() and kind != "FORM_IDLIST":
            values[name] = values[name][:int(maxlen)]
    return values


def routes():
    """[(method, pattern, role, handler)] of the route table."""
    return [route[:4] for route in route_table()]


def id_routes():
    return [r for r in routes() if "#" in r[1]]


def client_tables():
    """The tables with a client_id column (the client's own records)."""
    return [t for (t,) in sql(
        "SELECT table_name FROM information_schema.columns WHERE "
        "table_schema = DATABASE() AND column_name = 'client_id' "
        "ORDER BY table_name")]


def table_exists(name):
    return sql_int("SELECT COUNT(*) FROM information_schema.tables WHERE "
                   "table_schema = DATABASE() AND table_name = %s"
                   % sql_quote(name)) == 1


def setup_module():
    state["declared"] = {route[1]: route[4] for route in route_table()}
    state["watch"] = LogWatch()
    state["admin"] = admin()
    other = Staff()
    state["other"] = other
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["token"] = state["clinician"].csrf_from("/")
    run = letters(8)
    state["run"] = run
    cid = add_client(state["admin"], first_name="Theirs" + run,
                     last_name="Idor", staff_id=str(other.id))
    state["theirs"] = cid
    # a tag on the client, so tag routes name a real pair
    b = state["admin"]
    resp = b.post("/clients/%d/tags" % cid, {
        "name": "idor-" + run, "csrf_token": b.csrf_from("/clients/%d" % cid)})
    assert resp.status == 303, resp.describe()
    state["tag"] = sql_int("SELECT tag_id FROM client_tags WHERE client_id "
                           "= %d" % cid)
    assert state["tag"], "the tag was not added"
    state["missing"] = sql_int("SELECT COALESCE(MAX(id), 0) + 100000 FROM "
                               "clients")


def _id_for(segment, client_id):
    if segment == "clients":
        return client_id
    if segment == "tags":
        return state["tag"]
    if table_exists(segment):
        cols = {c for (c,) in sql(
            "SELECT column_name FROM information_schema.columns WHERE "
            "table_schema = DATABASE() AND table_name = %s"
            % sql_quote(segment))}
        if "client_id" in cols and "id" in cols:
            found = sql_int("SELECT MAX(id) FROM `%s` WHERE client_id = %d"
                            % (segment, client_id))
            if found:
                return found
        if "id" in cols:
            return sql_int("SELECT COALESCE(MAX(id), 0) + 100000 FROM `%s`"
                           % segment)
    return 999999


def _path(pattern, client_id):
    parts = pattern.split("/")
    out = []
    for i, part in enumerate(parts):
        if part == "#":
            out.append(str(_id_for(parts[i - 1] if i > 0 else "", client_id)))
        else:
            out.append(part)
    return "/".join(out)


def _snapshot(cid):
    """Everything about the client: its row, and its rows in every table
    that has a client_id."""
    snap = {"client": sql("SELECT * FROM clients WHERE id = %d" % cid)}
    for table in client_tables():
        snap[table] = sql("SELECT * FROM `%s` WHERE client_id = %d"
                          % (table, cid))
    return snap


def _request(method, path, fields=None):
    b = state["clinician"]
    if method == "GET":
        return b.get(path)
    data = dict(fields or {})
    data["csrf_token"] = state["token"]
    return b.post(path, data)


def test_the_route_table_has_id_routes_to_check():
    staff = [r for r in id_routes() if r[2] == "ROLE_STAFF"]
    assert len(staff) >= 10, staff
    assert any(r[1] == "/clients/#" for r in staff)


def test_every_staff_id_route_answers_404_for_another_clinicians_client():
    cid = state["theirs"]
    before = _snapshot(cid)
    checked = []
    for method, pattern, role, handler in id_routes():
        if role != "ROLE_STAFF":
            continue
        path = _path(pattern, cid)
        attempts = [None] if method == "GET" else [{}, _filled_for(pattern)]
        for fields in attempts:
            resp = _request(method, path, fields)
            assert resp.status == 404, "%s %s (%s) for another clinician's " \
                "client: %s" % (method, path, handler, resp.describe())
            assert "Theirs" + state["run"] not in resp.text, \
                "%s %s shows the client's name" % (method, path)
            assert_no_leak(resp)
            checked.append((method, pattern))
        # the same answer as for a client that does not exist
        if pattern.startswith("/clients/#"):
            missing = _request(method, _path(pattern, state["missing"]),
                               None if method == "GET" else {})
            assert missing.status == 404, missing.describe()
            assert missing.page_text == resp.page_text, \
                "%s %s: another clinician's client is told apart from a " \
                "missing one" % (method, pattern)
    assert checked
    assert _snapshot(cid) == before, "a refused request changed the client"
    # and nothing recorded the clinician as having seen or changed it
    seen = sql_int("SELECT COUNT(*) FROM audit_log WHERE actor_kind = 'staff'"
                   " AND actor_id = (SELECT id FROM staff WHERE email = %s) "
                   "AND object_kind = 'client' AND object_id = %d"
                   % (sql_quote(CLINICIAN_EMAIL), cid))
    assert seen == 0, "the audit log shows %d views or changes" % seen


def test_admin_id_routes_refuse_a_clinician():
    cid = state["theirs"]
    before = _snapshot(cid)
    other_before = sql("SELECT role, active FROM staff WHERE id = %d"
                       % state["other"].id)
    for method, pattern, role, handler in id_routes():
        if role != "ROLE_ADMIN":
            continue
        path = pattern.replace("#", str(state["other"].id), 1)
        path = _path(path, cid)
        resp = _request(method, path, FILLED if method == "POST" else None)
        assert resp.status in (403, 404), "%s %s (%s) as a clinician: %s" % (
            method, path, handler, resp.describe())
        assert_no_leak(resp)
    assert _snapshot(cid) == before
    assert sql("SELECT role, active FROM staff WHERE id = %d"
               % state["other"].id) == other_before


def test_an_admin_reaches_the_same_routes():
    # the 404s above are about scope, not missing pages: an admin, who sees
    # every client, opens every GET route of this one
    owner = state["admin"]
    for method, pattern, role, handler in id_routes():
        if role != "ROLE_STAFF" or method != "GET" or \
                not re.fullmatch(r"/clients/#(/[a-z_]+)*", pattern):
            continue
        resp = owner.get(_path(pattern, state["theirs"]))
        assert resp.status == 200, "%s as an admin: %s" % (
            pattern, resp.describe())


def test_no_worker_died_meanwhile():
    state["watch"].check()
