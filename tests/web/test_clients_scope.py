"""A clinician sees and touches only the clients assigned to them: another
clinician's client (or an unassigned one) is missing from their list,
search and tab counts, answers 404 at every address, and a bulk action
naming it answers 404 and changes nothing. Admins see everyone."""

import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, Staff, add_client,
                      admin_password, assert_no_leak, client_ids,
                      client_value, clinician_password, letters,
                      portal_session, portal_session_count, select_options,
                      signed_in, sql, sql_int, sql_quote, staff_id)

state = {}


def _tags_of(cid):
    return sorted(r[0] for r in sql(
        "SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.client_id = %d" % cid))


def _row(cid):
    return sql("SELECT first_name, last_name, email, status, "
               "COALESCE(assigned_staff_id, 0), updated_at FROM clients "
               "WHERE id = %d" % cid)


def setup_module():
    admin = signed_in(ADMIN_EMAIL, admin_password())
    state["admin"] = admin
    token = admin.csrf_from("/")
    state["admin_token"] = token
    mine = staff_id(CLINICIAN_EMAIL)
    other = Staff(name="Other Clinician " + letters(5))
    state["other"] = other
    run = letters(8)
    state["run"] = run
    state["mine"] = add_client(admin, token, first_name="Mina",
                               last_name="Mine" + run, staff_id=str(mine))
    state["theirs"] = add_client(admin, token, first_name="Theo",
                                 last_name="Theirs" + run,
                                 staff_id=str(other.id))
    state["nobody"] = add_client(admin, token, first_name="Nora",
                                 last_name="Nobody" + run, staff_id="0")
    ids = [state[k] for k in ("mine", "theirs", "nobody")]
    state["tag_name"] = "scope-" + run
    resp = admin.post("/clients/bulk", [("ids", str(i)) for i in ids] + [
        ("action", "tag_add"), ("tag_name", state["tag_name"]),
        ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    state["tag"] = sql_int("SELECT id FROM tags WHERE name = %s"
                           % sql_quote(state["tag_name"]))
    state["theirs_tag"] = state["tag"]
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["clinician"] = b
    state["token"] = b.csrf_from("/")


def _list(b, **params):
    resp = b.get("/clients?" + urllib.parse.urlencode(params))
    assert resp.status == 200, resp.describe()
    return resp


def test_admin_sees_every_client():
    resp = _list(state["admin"], tag=str(state["tag"]))
    assert set(client_ids(resp.text)) == {state["mine"], state["theirs"],
                                          state["nobody"]}
    for key in ("mine", "theirs", "nobody"):
        assert state["admin"].get("/clients/%d" % state[key]).status == 200


def test_clinician_list_holds_only_their_clients():
    b = state["clinician"]
    resp = _list(b, tag=str(state["tag"]))
    assert client_ids(resp.text) == [state["mine"]], \
        "the clinician's list holds %r" % client_ids(resp.text)
    assert "Theirs" + state["run"] not in resp.text
    assert "Nobody" + state["run"] not in resp.text
    assert re.search(r"\bAll\W*1\b", resp.page_text), \
        "the All tab does not count 1: %s" % resp.describe()
    # the whole list, however it is sorted or paged
    seen = []
    for sort in ("name", "staff"):
        resp = _list(b, sort=sort, per="100")
        seen += client_ids(resp.text)
    assert state["theirs"] not in seen and state["nobody"] not in seen
    mine = staff_id(CLINICIAN_EMAIL)
    assigned = {int(r[0]) for r in sql(
        "SELECT id FROM clients WHERE assigned_staff_id = %d" % mine)}
    assert set(seen) <= assigned, \
        "the clinician's list shows clients assigned to others: %r" % (
            set(seen) - assigned)
    # filtering by the other clinician finds nothing
    resp = _list(b, staff=str(state["other"].id))
    assert client_ids(resp.text) == []
    resp = _list(b, staff="-1", tag=str(state["tag"]))
    assert client_ids(resp.text) == []


def test_clinician_tag_counts_are_of_their_clients():
    # the run's tag is on three clients, one of them the clinician's
    resp = _list(state["clinician"])
    options = select_options(resp.text, "tag") or []
    counts = [t for v, t, _ in options if v == str(state["tag"])]
    assert counts == ["%s (1)" % state["tag_name"]], \
        "the tag filter counts clients of others: %r" % counts


def test_clinician_search_finds_only_their_clients():
    b = state["clinician"]
    for query in ("Theirs" + state["run"], "theo", state["run"],
                  "Nobody" + state["run"], state["tag_name"]):
        resp = _list(b, q=query, per="100")
        got = set(client_ids(resp.text))
        assert state["theirs"] not in got and state["nobody"] not in got, \
            "search %r shows a client of someone else" % query
    resp = _list(b, q=state["run"], tag=str(state["tag"]))
    assert client_ids(resp.text) == [state["mine"]]
    resp = _list(b, q="Theirs" + state["run"], select="all")
    assert client_ids(resp.text) == []


def test_clinician_cannot_export():
    for path in ("/clients/export.csv",
                 "/clients/export.csv?tag=%d" % state["tag"]):
        resp = state["clinician"].get(path)
        assert resp.status == 403, resp.describe()
        assert "Theirs" + state["run"] not in resp.text


def _assert_404(resp, what):
    assert resp.status == 404, "%s: %s" % (what, resp.describe())
    for name in ("Theirs", "Nobody"):
        assert name + state["run"] not in resp.text, \
            "%s shows the client's name" % what
    assert_no_leak(resp)


def test_another_clinicians_client_answers_404_on_every_page():
    b = state["clinician"]
    for key in ("theirs", "nobody"):
        cid = state[key]
        for suffix in ("", "/edit", "/notes", "/tasks", "/files",
                       "/payments", "/delete"):
            _assert_404(b.get("/clients/%d%s" % (cid, suffix)),
                        "GET /clients/%s%s" % (key, suffix))
    # and looks the same as a client that does not exist
    missing = sql_int("SELECT COALESCE(MAX(id), 0) + 1000 FROM clients")
    a = b.get("/clients/%d" % state["theirs"])
    n = b.get("/clients/%d" % missing)
    assert n.status == 404
    assert a.page_text == n.page_text, \
        "another clinician's client is told apart from a missing one"


def test_another_clinicians_client_cannot_be_changed():
    b, token = state["clinician"], state["token"]
    cid = state["theirs"]
    before = _row(cid)
    session = portal_session(cid)
    tag_name = "hijack-" + letters(6)
    attempts = [
        ("/clients/%d/edit" % cid, {
            "first_name": "Changed", "last_name": "By Other",
            "email": "changed-%s@test.invalid" % letters(6),
            "phone": "", "phone_country": ""}),
        ("/clients/%d/deactivate" % cid, {}),
        ("/clients/%d/reactivate" % cid, {}),
        ("/clients/%d/delete" % cid, {"confirm": "DELETE"}),
        ("/clients/%d/tags" % cid, {"name": tag_name}),
        ("/clients/%d/tags/%d/remove" % (cid, state["theirs_tag"]), {}),
    ]
    for path, fields in attempts:
        data = dict(fields, csrf_token=token)
        _assert_404(b.post(path, data), "POST " + path)
    assert client_exists_row(cid)
    assert _row(cid) == before, "the client's record changed"
    assert state["tag_name"] in _tags_of(cid), "a tag was removed"
    assert tag_name not in _tags_of(cid), "a tag was added"
    assert portal_session_count(cid) == 1, "the portal session ended"
    sql("DELETE FROM auth_sessions WHERE id = %d" % session)


def client_exists_row(cid):
    return sql_int("SELECT COUNT(*) FROM clients WHERE id = %d" % cid) == 1


def test_a_bulk_action_naming_another_clinicians_client_changes_nothing():
    b, token = state["clinician"], state["token"]
    mine, theirs = state["mine"], state["theirs"]
    before = {cid: _row(cid) for cid in (mine, theirs, state["nobody"])}
    tags_before = {cid: _tags_of(cid) for cid in before}
    tag_name = "bulkhijack-" + letters(6)
    for action, extra in (("deactivate", {}), ("reactivate", {}),
                          ("tag_add", {"tag_name": tag_name}),
                          ("tag_remove", {"tag_name": state["tag_name"]}),
                          ("invite", {})):
        for ids in ([mine, theirs], [theirs], [state["nobody"], mine]):
            data = [("ids", str(i)) for i in ids]
            data += [("action", action), ("csrf_token", token)]
            data += list(extra.items())
            _assert_404(b.post("/clients/bulk", data),
                        "bulk %s on %r" % (action, ids))
    for cid, row in before.items():
        assert _row(cid) == row, "bulk actions changed client %d" % cid
        assert _tags_of(cid) == tags_before[cid], \
            "bulk actions changed the tags of client %d" % cid
    # delete and assign are refused to a clinician before anything else
    for action in ("delete", "delete_confirmed", "assign"):
        resp = b.post("/clients/bulk", [
            ("ids", str(theirs)), ("action", action), ("confirm", "DELETE"),
            ("staff_id", str(staff_id(CLINICIAN_EMAIL))),
            ("csrf_token", token)])
        assert resp.status in (403, 404), "%s: %s" % (action,
                                                     resp.describe())
    assert _row(theirs) == before[theirs]


def test_select_all_matching_acts_only_on_their_clients():
    b, token = state["clinician"], state["token"]
    tag_name = "mineonly-" + letters(6)
    # an existing tag: creating one is an admin's (tests/web/test_attacks_policy.py)
    admin = state["admin"]
    assert admin.post("/admin/tags", {
        "name": tag_name,
        "csrf_token": admin.csrf_from("/admin/tags")}).status == 303
    resp = b.post("/clients/bulk", [
        ("all", "1"), ("q", state["run"]), ("tag", str(state["tag"])),
        ("action", "tag_add"), ("tag_name", tag_name),
        ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    assert tag_name in _tags_of(state["mine"])
    assert tag_name not in _tags_of(state["theirs"])
    assert tag_name not in _tags_of(state["nobody"])
    follow = b.get(resp.location_path())
    assert "1 client." in follow.page_text, \
        "the flash does not count 1 client: %s" % follow.describe()
    status = client_value(state["theirs"], "status")
    resp = b.post("/clients/bulk", [
        ("all", "1"), ("q", "Theirs" + state["run"]),
        ("action", "deactivate"), ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    assert client_value(state["theirs"], "status") == status


def test_the_owner_can_open_and_change_their_client():
    b, token = state["clinician"], state["token"]
    cid = state["mine"]
    for suffix in ("", "/edit", "/notes"):
        resp = b.get("/clients/%d%s" % (cid, suffix))
        assert resp.status == 200, resp.describe()
    resp = b.post("/clients/%d/deactivate" % cid, {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert client_value(cid, "status") == "inactive"
    resp = b.post("/clients/%d/reactivate" % cid, {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert client_value(cid, "status") == "active"
    # but deleting is for admins only
    resp = b.get("/clients/%d/delete" % cid)
    assert resp.status == 403, resp.describe()
    resp = b.post("/clients/%d/delete" % cid, {"confirm": "DELETE",
                                               "csrf_token": token})
    assert resp.status == 403, resp.describe()
    assert client_exists_row(cid)
