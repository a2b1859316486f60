"""Bulk actions on the client list (/clients/bulk): deactivate (their portal
sessions end at once), reactivate, "select all N matching this search",
add and remove a tag, assign staff (admins only), and delete (admins only,
after a confirmation page, the typed word DELETE and a valid form token).
Each reports its result as a flash message."""

import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, Browser, Staff,
                      add_client, admin_password, anchors, assert_no_leak,
                      client_exists, client_ids, client_value,
                      clinician_password, csrf, field_error, find_form,
                      flashes, forms, letters, portal_session,
                      portal_session_count, select_options, signed_in, sql,
                      sql_int, sql_quote, staff_id, staff_name,
                      submitted_fields)

GROUP = 27          # more than a page of 25
state = {}


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    state["admin"] = b
    state["token"] = token = b.csrf_from("/")
    run = letters(8)
    state["run"] = run
    state["c"] = [add_client(b, token, first_name="Bulk",
                             last_name="Bulk%s%s" % (run, chr(97 + i)))
                  for i in range(8)]
    state["group_word"] = "Grp" + run
    state["group"] = [add_client(b, token, first_name=state["group_word"],
                                 last_name="Member" + letters(6))
                      for i in range(GROUP)]
    state["tag_name"] = "bulk-" + run
    resp = b.post("/clients/bulk", [("ids", str(i)) for i in
                                    state["c"] + state["group"]] +
                  [("action", "tag_add"), ("tag_name", state["tag_name"]),
                   ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    state["tag"] = sql_int("SELECT id FROM tags WHERE name = %s"
                           % sql_quote(state["tag_name"]))
    assert state["tag"]


def _list(b=None, **params):
    params.setdefault("tag", str(state["tag"]))
    resp = (b or state["admin"]).get("/clients?" +
                                     urllib.parse.urlencode(params))
    assert resp.status == 200, resp.describe()
    return resp


def _bulk_form(resp):
    form = find_form(resp.text, "/clients/bulk")
    assert form["method"] == "post", form
    return form


def _post(fields, b=None):
    return (b or state["admin"]).post("/clients/bulk", fields)


def _ids_fields(ids):
    return [("ids", str(i)) for i in ids]


def _flash_after(resp, b=None):
    assert resp.status == 303, resp.describe()
    page = (b or state["admin"]).get(resp.location_path())
    assert page.status == 200, page.describe()
    return flashes(page.text)


def _tags_of(cid):
    return sorted(r[0] for r in sql(
        "SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.client_id = %d" % cid))


def _status(ids):
    return [client_value(i, "status") for i in ids]


def test_deactivate_selected_clients_ends_their_portal_sessions():
    c = state["c"]
    listing = _list()
    form = _bulk_form(listing)
    fields = submitted_fields(form)
    back = dict(fields).get("back")
    assert back, "the bulk form carries no back address"
    for cid in c[:3]:
        portal_session(cid)
    fields = [f for f in fields if f[0] != "ids"]
    fields += _ids_fields(c[:2]) + [("action", "deactivate")]
    resp = _post(fields)
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == back, \
        "the action does not return to the list: %s" % resp.location
    assert ("success", "2 clients deactivated.") in _flash_after(resp), \
        "no '2 clients deactivated.' message"
    assert _status(c[:2]) == ["inactive", "inactive"]
    assert _status(c[2:4]) == ["pending", "pending"], \
        "clients not selected changed"
    assert [portal_session_count(i) for i in c[:3]] == [0, 0, 1], \
        "portal sessions: %r (the deactivated clients' must end, the " \
        "other's stay)" % [portal_session_count(i) for i in c[:3]]
    audited = {int(r[0]) for r in sql(
        "SELECT object_id FROM audit_log WHERE action = "
        "'client_deactivated' AND object_id IN (%d, %d)" % tuple(c[:2]))}
    assert audited == set(c[:2]), "deactivations not audited: %r" % audited
    sql("DELETE FROM auth_sessions WHERE user_kind = 'client' AND "
        "user_id = %d" % c[2])


def test_deactivating_one_client_ends_their_portal_sessions():
    cid = state["c"][3]
    portal_session(cid)
    portal_session(cid)
    resp = state["admin"].post("/clients/%d/deactivate" % cid,
                               {"csrf_token": state["token"]})
    assert resp.status == 303, resp.describe()
    assert client_value(cid, "status") == "inactive"
    assert portal_session_count(cid) == 0, "the portal sessions remain"
    kinds = [k for k, _ in _flash_after(resp)]
    assert kinds == ["success"], kinds


def test_reactivate_selected_clients():
    c = state["c"]
    # two inactive ones and a pending one, which is activated by force
    resp = _post(_ids_fields([c[0], c[1], c[4]]) + [
        ("action", "reactivate"), ("csrf_token", state["token"])])
    assert ("success", "3 clients reactivated.") in _flash_after(resp), \
        "no '3 clients reactivated.' message"
    assert _status([c[0], c[1], c[4]]) == ["active"] * 3


def test_select_all_matching_a_search_acts_on_exactly_those():
    word = state["group_word"]
    page = _list(q=word, per="25")
    assert len(client_ids(page.text)) == 25
    link = [(h, t) for h, t, _ in anchors(page.text)
            if t == "Select all %d clients matching this search" % GROUP]
    assert link, "no 'Select all %d clients matching this search' link: " \
        "%s" % (GROUP, page.describe())
    selected = state["admin"].get(link[0][0])
    assert selected.status == 200, selected.describe()
    assert "All %d clients matching this search are selected." % GROUP in \
        selected.page_text, "no banner saying all are selected"
    assert any(t == "Clear selection" for _, t, _ in
               anchors(selected.text)), "no 'Clear selection' link"
    form = _bulk_form(selected)
    fields = dict(submitted_fields(form))
    assert fields.get("all") == "1", "the form does not carry all=1"
    assert fields.get("q") == word and \
        fields.get("tag") == str(state["tag"]), \
        "the form does not carry the search: %r" % fields
    boxes = [a for a in form["inputs"] if a.get("name") == "ids"]
    assert boxes and all("checked" in a for a in boxes), \
        "the rows are not checked when all are selected"
    new_tag = "all-" + letters(8)
    data = submitted_fields(form) + [("action", "tag_add"),
                                     ("tag_name", new_tag)]
    resp = _post(data)
    assert ('success', 'Tag "%s" added to %d clients.' % (new_tag, GROUP)) \
        in _flash_after(resp), "no message counting %d clients" % GROUP
    tagged = {int(r[0]) for r in sql(
        "SELECT ct.client_id FROM client_tags ct JOIN tags t ON t.id = "
        "ct.tag_id WHERE t.name = %s" % sql_quote(new_tag))}
    assert tagged == set(state["group"]), \
        "select-all tagged %d clients, expected exactly the %d matching" % (
            len(tagged), GROUP)


def test_select_all_with_a_status_filter():
    group = state["group"]
    # three of the group active, then deactivate all active matching ones
    resp = _post(_ids_fields(group[:3]) + [
        ("action", "reactivate"), ("csrf_token", state["token"])])
    assert resp.status == 303
    resp = _post([("all", "1"), ("q", state["group_word"]),
                  ("status", "active"), ("tag", str(state["tag"])),
                  ("action", "deactivate"), ("csrf_token", state["token"])])
    assert ("success", "3 clients deactivated.") in _flash_after(resp)
    assert _status(group[:3]) == ["inactive"] * 3
    assert set(_status(group[3:])) == {"pending"}, \
        "clients outside the status filter were deactivated"


def test_add_and_remove_a_tag():
    c, token = state["c"], state["token"]
    name = "Tag " + letters(6)
    resp = _post(_ids_fields(c[5:7]) + [("action", "tag_add"),
                                        ("tag_name", name),
                                        ("csrf_token", token)])
    assert ("success", 'Tag "%s" added to 2 clients.' % name) in \
        _flash_after(resp)
    assert all(name in _tags_of(i) for i in c[5:7])
    assert name not in _tags_of(c[7])
    # only the clients that did not have it count
    resp = _post(_ids_fields(c[5:8]) + [("action", "tag_add"),
                                        ("tag_name", name.upper()),
                                        ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    assert all(name in _tags_of(i) for i in c[5:8]), \
        "the tag typed in other case is not the same tag"
    assert sql_int("SELECT COUNT(*) FROM tags WHERE name = %s"
                   % sql_quote(name)) == 1
    resp = _post(_ids_fields(c[5:8]) + [("action", "tag_remove"),
                                        ("tag_name", name),
                                        ("csrf_token", token)])
    assert ("success", 'Tag "%s" removed from 3 clients.' % name) in \
        _flash_after(resp)
    assert not any(name in _tags_of(i) for i in c[5:8])
    # an unknown tag, or none, changes nothing
    before = [_tags_of(i) for i in c[5:8]]
    resp = _post(_ids_fields(c[5:8]) + [("action", "tag_remove"),
                                        ("tag_name", "no-such-" + letters(8)),
                                        ("csrf_token", token)])
    assert [k for k, _ in _flash_after(resp)] == ["error"]
    resp = _post(_ids_fields(c[5:8]) + [("action", "tag_add"),
                                        ("tag_name", ""),
                                        ("csrf_token", token)])
    assert [k for k, _ in _flash_after(resp)] == ["error"]
    assert [_tags_of(i) for i in c[5:8]] == before


def test_assign_staff_is_for_admins():
    c, token = state["c"], state["token"]
    clinician = staff_id(CLINICIAN_EMAIL)
    resp = _post(_ids_fields(c[5:7]) + [("action", "assign"),
                                        ("staff_id", str(clinician)),
                                        ("csrf_token", token)])
    assert ("success", "2 clients assigned to %s."
            % staff_name(CLINICIAN_EMAIL)) in _flash_after(resp)
    assert [client_value(i, "assigned_staff_id") for i in c[5:7]] == \
        [str(clinician)] * 2
    # a clinician may not, not even for their own clients
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    other = Staff()
    resp = _post(_ids_fields(c[5:7]) + [("action", "assign"),
                                        ("staff_id", str(other.id)),
                                        ("csrf_token", b.csrf_from("/"))], b)
    assert resp.status == 403, resp.describe()
    assert [client_value(i, "assigned_staff_id") for i in c[5:7]] == \
        [str(clinician)] * 2
    # nobody: unassigned
    resp = _post(_ids_fields(c[5:7]) + [("action", "assign"),
                                        ("staff_id", "0"),
                                        ("csrf_token", token)])
    assert ("success", "2 clients unassigned.") in _flash_after(resp)
    assert [client_value(i, "assigned_staff_id") for i in c[5:7]] == \
        ["NULL"] * 2


def test_assign_to_a_missing_or_deactivated_staff_member_is_refused():
    c, token = state["c"], state["token"]
    gone = Staff()
    sql("UPDATE staff SET active = 0 WHERE id = %d" % gone.id)
    missing = sql_int("SELECT COALESCE(MAX(id), 0) + 1000 FROM staff")
    before = [client_value(i, "assigned_staff_id") for i in c[5:7]]
    for who, label in ((gone.id, "deactivated"), (missing, "missing")):
        resp = _post(_ids_fields(c[5:7]) + [("action", "assign"),
                                            ("staff_id", str(who)),
                                            ("csrf_token", token)])
        assert resp.status == 303, "assign to a %s staff member: %s" % (
            label, resp.describe())
        assert [k for k, _ in _flash_after(resp)] == ["error"], \
            "no error for a %s staff member" % label
        assert [client_value(i, "assigned_staff_id") for i in c[5:7]] == \
            before, "clients were assigned to a %s staff member" % label


def test_the_bulk_toolbar():
    page = _list()
    form = _bulk_form(page)
    names = [a.get("name") for a in form["inputs"]]
    for name in ("csrf_token", "back", "action", "tag_name", "staff_id",
                 "ids"):
        assert name in names, "the bulk form lacks %s" % name
    actions = [v for v, _, _ in select_options(page.text, "action") or []]
    assert re.search(r'<input\b[^>]*id="select-page"[^>]*aria-label="Select '
                     r'all on this page"', page.text), \
        "no select-all box for the page"
    for action in ("deactivate", "reactivate", "tag_add", "tag_remove",
                   "assign", "delete"):
        assert action in actions, "no %s in the actions: %r" % (action,
                                                              actions)
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    add_client(b)
    page = b.get("/clients")
    assert page.status == 200
    assert select_options(page.text, "action"), "no bulk actions"
    actions = [v for v, _, _ in select_options(page.text, "action")]
    assert "delete" not in actions and "assign" not in actions, \
        "a clinician is offered delete or assign: %r" % actions


def test_delete_is_for_admins():
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    token = b.csrf_from("/")
    own = [add_client(b, token) for _ in range(2)]
    for action in ("delete", "delete_confirmed"):
        resp = _post(_ids_fields(own) + [("action", action),
                                         ("confirm", "DELETE"),
                                         ("csrf_token", token)], b)
        assert resp.status == 403, "%s: %s" % (action, resp.describe())
        assert_no_leak(resp)
    assert all(client_exists(i) for i in own), "a clinician deleted clients"


def _confirmation(ids):
    resp = _post(_ids_fields(ids) + [("action", "delete"),
                                     ("back", "/clients?tag=%d"
                                      % state["tag"]),
                                     ("csrf_token", state["token"])])
    assert resp.status == 200, resp.describe()
    return resp


def _names(ids):
    return ["%s %s" % (client_value(i, "first_name"),
                       client_value(i, "last_name")) for i in ids]


def test_delete_asks_for_confirmation_first():
    victims = state["c"][6:8]
    resp = _confirmation(victims)
    text = resp.page_text
    assert "Delete 2 clients?" in text, resp.describe()
    for name in _names(victims):
        assert name in text, "the confirmation does not list %s" % name
    assert "permanent" in text, "the page does not say it is permanent"
    form = find_form(resp.text, "/clients/bulk")
    fields = submitted_fields(form)
    assert ("action", "delete_confirmed") in fields, fields
    assert sorted(int(v) for k, v in fields if k == "ids") == \
        sorted(victims), "the form does not carry the ids: %r" % fields
    names = [a.get("name") for a in form["inputs"]]
    assert "confirm" in names and "csrf_token" in names, names
    assert "Type DELETE to confirm" in text
    assert any(t == "Cancel" and h == "/clients?tag=%d" % state["tag"]
               for h, t, _ in anchors(resp.text)), \
        "no Cancel link back to the list"
    assert all(client_exists(i) for i in victims), \
        "the confirmation page deleted something"


def test_delete_without_the_typed_word_deletes_nothing():
    victims = state["c"][6:8]
    form = find_form(_confirmation(victims).text, "/clients/bulk")
    for typed in ("", "delete", "Delete", "yes", "DELETE!", "DEL ETE"):
        data = submitted_fields(form) + [("confirm", typed)]
        resp = _post(data)
        assert resp.status == 422, "%r: %s" % (typed, resp.describe())
        assert field_error(resp.text, "confirm"), \
            "no error next to the confirmation for %r" % typed
        assert all(client_exists(i) for i in victims), \
            "clients were deleted after typing %r" % typed
        for name in _names(victims):
            assert name in resp.page_text


def test_delete_without_a_valid_token_deletes_nothing():
    victims = state["c"][6:8]
    form = find_form(_confirmation(victims).text, "/clients/bulk")
    base = [f for f in submitted_fields(form) if f[0] != "csrf_token"]
    base += [("confirm", "DELETE")]
    other = Browser()
    foreign = csrf(other.get("/login").text)
    for token in (None, "", foreign, "0" * 64):
        data = base + ([("csrf_token", token)] if token is not None else [])
        resp = _post(data)
        assert resp.status == 403, resp.describe()
        assert "This form has expired" in resp.page_text
        assert all(client_exists(i) for i in victims), \
            "clients were deleted without a valid form token"


def test_delete_with_the_typed_word():
    victims = state["c"][6:8]
    names = _names(victims)
    form = find_form(_confirmation(victims).text, "/clients/bulk")
    resp = _post(submitted_fields(form) + [("confirm", "DELETE")])
    assert resp.status == 303, resp.describe()
    assert ("success", "2 clients deleted.") in _flash_after(resp)
    assert not any(client_exists(i) for i in victims), "clients remain"
    entries = sql("SELECT object_id, actor_id, COALESCE(detail, '') FROM "
                  "audit_log WHERE action = 'client_deleted' AND "
                  "object_id IN (%d, %d)" % tuple(victims))
    assert sorted(int(e[0]) for e in entries) == sorted(victims), entries
    for _, actor, detail in entries:
        assert actor == str(staff_id(ADMIN_EMAIL))
        for name in names:
            assert name.split()[-1] not in detail


def test_select_all_then_delete():
    word = "Gone" + letters(8)
    b, token = state["admin"], state["token"]
    doomed = [add_client(b, token, first_name=word, last_name="Doomed" + c)
              for c in "abc"]
    keep = add_client(b, token, first_name="Kept", last_name=word[:-1])
    resp = _post([("all", "1"), ("q", word), ("action", "delete"),
                  ("csrf_token", token)])
    assert resp.status == 200, resp.describe()
    assert "Delete 3 clients?" in resp.page_text, resp.describe()
    form = [f for f in forms(resp.text) if f["action"] == "/clients/bulk"]
    assert form, "no confirmation form"
    resp = _post(submitted_fields(form[0]) + [("confirm", "DELETE")])
    assert ("success", "3 clients deleted.") in _flash_after(resp)
    assert not any(client_exists(i) for i in doomed)
    assert client_exists(keep), "a client not matching was deleted"


def test_odd_bulk_requests():
    c, token = state["c"], state["token"]
    resp = _post([("action", "deactivate"), ("csrf_token", token)])
    assert [k for k, _ in _flash_after(resp)] == ["error"], \
        "no error for an empty selection"
    resp = _post(_ids_fields(c[:1]) + [("action", "explode"),
                                       ("csrf_token", token)])
    assert resp.status == 400, resp.describe()
    resp = _post([("ids", "abc"), ("action", "deactivate"),
                  ("csrf_token", token)])
    assert resp.status == 400, resp.describe()
    assert_no_leak(resp)
    missing = sql_int("SELECT COALESCE(MAX(id), 0) + 1000 FROM clients")
    before = client_value(c[4], "status")
    resp = _post(_ids_fields([c[4], missing]) + [("action", "deactivate"),
                                                 ("csrf_token", token)])
    assert resp.status == 404, resp.describe()
    assert client_value(c[4], "status") == before
    resp = _post(_ids_fields([c[5], missing]) + [
        ("action", "delete_confirmed"), ("confirm", "DELETE"),
        ("csrf_token", token)])
    assert resp.status == 404, resp.describe()
    assert client_exists(c[5])
    # the return address stays on this site
    for back in ("https://evil.example/", "//evil.example/x"):
        resp = _post(_ids_fields([c[4]]) + [("action", "reactivate"),
                                            ("back", back),
                                            ("csrf_token", token)])
        assert resp.status in (303, 400), resp.describe()
        if resp.status == 303:
            assert resp.location_path().startswith("/") and \
                not resp.location_path().startswith("//"), resp.location


def test_a_row_button_acts_on_its_client_only():
    # the row buttons submit the whole list form to /clients/ID/...
    b, token = state["admin"], state["token"]
    word = "Row" + letters(8)
    ids = [add_client(b, token, first_name=word, last_name="Btn" + c)
           for c in "ab"]
    page = _list(q=word, tag="0")
    form = _bulk_form(page)
    buttons = [a.get("formaction") for a in form["inputs"]
               if a["_tag"] == "button" and a.get("formaction")]
    target = "/clients/%d/deactivate" % ids[0]
    assert target in buttons, "no Deactivate button for the row: %r" % (
        buttons)
    # another row is ticked, and the toolbar holds a choice
    data = submitted_fields(form) + _ids_fields(ids[1:]) + [
        ("action", "tag_add"), ("tag_name", "not-" + letters(5)),
        ("staff_id", "0")]
    resp = b.post(target, data)
    assert resp.status == 303, resp.describe()
    assert _status(ids) == ["inactive", "pending"], \
        "the row button changed %r" % _status(ids)
    assert _tags_of(ids[1]) == [], "the toolbar's action was applied"
    assert [k for k, _ in _flash_after(resp)] == ["success"]


def test_invite_needs_the_portal_address():
    # the invitations themselves: test_portal_invite.py
    saved = sql("SELECT base_url FROM practice_settings WHERE id = 1")[0][0]
    sql("UPDATE practice_settings SET base_url = '' WHERE id = 1")
    try:
        resp = _post(_ids_fields(state["c"][:1]) + [
            ("action", "invite"), ("csrf_token", state["token"])])
        (kind, text), = _flash_after(resp)
        assert kind == "error" and "/admin/settings" in text, text
    finally:
        sql("UPDATE practice_settings SET base_url = %s WHERE id = 1"
            % sql_quote(saved))


def test_select_all_of_more_than_a_thousand():
    # more than the ids a form may carry: the confirmation carries the
    # search instead, and exactly the matching clients go
    b, token = state["admin"], state["token"]
    run = letters(8)
    many = 1001
    rows = ["('Mass', 'Many%s%04d', 'mass-%s-%04d@test.invalid', '', '', "
            "'pending', UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
            "'Many%s%04d Mass')" % (run, i, run, i, run, i)
            for i in range(many)]
    for start in range(0, many, 250):
        sql("INSERT INTO clients (first_name, last_name, email, diagnosis, "
            "symptoms, status, joined_at, created_at, updated_at, sort_name) "
            "VALUES " + ", ".join(rows[start:start + 250]))
    tag = "mass-" + run
    sql("INSERT INTO tags (name, created_at) VALUES ('%s', UTC_TIMESTAMP())"
        % tag)
    tag_id = sql_int("SELECT id FROM tags WHERE name = '%s'" % tag)
    sql("INSERT INTO client_tags (client_id, tag_id) SELECT id, %d FROM "
        "clients WHERE email LIKE 'mass-%s-%%'" % (tag_id, run))
    bystander = add_client(b, token, first_name="Mass", last_name="Bystander")

    def matching():
        return sql_int("SELECT COUNT(*) FROM clients WHERE email LIKE "
                       "'mass-%s-%%'" % run)
    assert matching() == many
    resp = _post([("all", "1"), ("tag", str(tag_id)),
                  ("action", "deactivate"), ("csrf_token", token)])
    assert ("success", "%d clients deactivated." % many) in \
        _flash_after(resp)
    assert sql_int("SELECT COUNT(*) FROM clients WHERE email LIKE "
                   "'mass-%s-%%' AND status = 'inactive'" % run) == many
    resp = _post([("all", "1"), ("tag", str(tag_id)), ("action", "delete"),
                  ("csrf_token", token)])
    assert resp.status == 200, resp.describe()
    assert "Delete %d clients?" % many in resp.page_text
    assert "and %d more" % (many - 100) in resp.page_text, \
        "the confirmation does not say how many more: %s" % resp.describe()
    fields = submitted_fields(find_form(resp.text, "/clients/bulk"))
    assert ("all", "1") in fields and ("tag", str(tag_id)) in fields, \
        "the confirmation does not carry the selection: %r" % fields[:8]
    assert matching() == many
    resp = _post(fields + [("confirm", "DELETE")])
    assert ("success", "%d clients deleted." % many) in _flash_after(resp)
    assert matching() == 0, "%d matching clients remain" % matching()
    assert client_exists(bystander), "a client not matching was deleted"
