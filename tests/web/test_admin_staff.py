"""The staff page (/admin/staff): admins see the team with their role,
status, clients and last sign-in; add a member (whose temporary password is
shown once), change roles, deactivate (signed out at once, clients left
unassigned) and reactivate. Nobody can deactivate themselves or leave the
practice without an active administrator. Clinicians are refused."""

import re
import threading
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, FORM_AGAIN, Browser,
                      Staff, admin_password, anchors, assert_no_leak,
                      clinician_password, field_error, find_form, flashes,
                      forms, input_value, links, session_count, signed_in,
                      sql, sql_int, sql_quote, sql_value, staff_id,
                      table_rows, unique, unique_email)

EXPIRED = "This form has expired"
state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["admin_id"] = staff_id(ADMIN_EMAIL)
    state["token"] = state["admin"].csrf_from("/admin/staff")


def _post(path, fields=None, browser=None, token=None):
    data = dict(fields or {})
    data["csrf_token"] = token or state["token"]
    return (browser or state["admin"]).post(path, data)


def _flash_after(resp, browser=None):
    """Follow a POST's redirect and return the flash messages shown there."""
    assert resp.status == 303, resp.describe()
    page = (browser or state["admin"]).get(resp.location_path())
    assert page.status == 200, page.describe()
    return flashes(page.text)


def _insert_client(staff=None):
    email = unique_email("client")
    last = "Staffcase" + unique("c")[-8:]
    sql("INSERT INTO clients (first_name, last_name, email, diagnosis, "
        "symptoms, assigned_staff_id, joined_at, created_at, updated_at, "
        "sort_name) VALUES ('Ada', %s, %s, '', '', %s, UTC_TIMESTAMP(), "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP(), %s)" % (
            sql_quote(last), sql_quote(email), sql_quote(staff),
            sql_quote(last + " Ada")))
    return sql_int("SELECT id FROM clients WHERE email = %s"
                   % sql_quote(email))


def _row_of(markup, email):
    rows = [r for r in table_rows(markup) if email in r]
    assert len(rows) == 1, "no single row for %s in %r" % (email,
                                                          table_rows(markup))
    return rows[0]


def _audit(action, object_id):
    return sql("SELECT COALESCE(actor_id, 0), COALESCE(detail, '') FROM "
               "audit_log WHERE action = %s AND object_kind = 'staff' AND "
               "object_id = %d ORDER BY id" % (sql_quote(action), object_id))


def test_clinician_is_refused():
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    resp = b.get("/admin/staff")
    assert resp.status == 403, resp.describe()
    assert not table_rows(resp.text), "a clinician sees the team"
    assert_no_leak(resp)
    token = b.csrf_from("/")
    target = staff_id(CLINICIAN_EMAIL)
    email = unique_email("forged")
    for path, fields in (("/admin/staff", {"name": "Forged", "email": email,
                                           "role": "admin"}),
                         ("/admin/staff/%d/role" % target, {"role": "admin"}),
                         ("/admin/staff/%d/deactivate" % state["admin_id"],
                          {}),
                         ("/admin/staff/%d/reactivate" % target, {})):
        resp = _post(path, fields, browser=b, token=token)
        assert resp.status == 403, "%s: %s" % (path, resp.describe())
    assert staff_id(email) is None, "a clinician added an account"
    assert sql_value("SELECT role FROM staff WHERE id = %d" % target) == \
        "clinician", "a clinician made themselves an administrator"
    assert "/admin/staff" not in links(b.get("/").text), \
        "a clinician's navigation links to the staff page"


def test_signed_out_visitor_is_sent_to_sign_in():
    b = Browser()
    resp = b.get("/admin/staff")
    assert resp.status == 303, resp.describe()
    loc = urllib.parse.urlsplit(resp.location_path() or "")
    assert loc.path == "/login" and urllib.parse.parse_qs(loc.query).get(
        "next") == ["/admin/staff"], resp.describe()
    token = b.csrf_from("/login")
    resp = b.post("/admin/staff/%d/deactivate" % state["admin_id"],
                  {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert (resp.location_path() or "").startswith("/login"), resp.describe()
    assert sql_int("SELECT active FROM staff WHERE id = %d"
                   % state["admin_id"]) == 1


def test_navigation_marks_the_page():
    resp = state["admin"].get("/admin/staff")
    assert resp.status == 200, resp.describe()
    current = [(href, attrs.get("aria-current"))
               for href, _, attrs in anchors(resp.text)
               if attrs.get("aria-current")]
    assert ("/admin/staff", "page") in current, current
    hrefs = links(resp.text)
    for page in ("/admin/audit", "/admin/staff", "/admin/tags",
                 "/admin/settings"):
        assert page in hrefs, "the admin navigation lacks %s" % page
    assert hrefs.index("/admin/audit") < hrefs.index("/admin/staff") < \
        hrefs.index("/admin/tags") < hrefs.index("/admin/settings"), hrefs


def test_list_shows_role_status_clients_and_last_signin():
    fresh = Staff()
    clients = [_insert_client(fresh.id) for _ in range(2)]
    resp = state["admin"].get("/admin/staff")
    assert resp.status == 200, resp.describe()
    admin_row = _row_of(resp.text, ADMIN_EMAIL)
    assert "Administrator" in admin_row and "Active" in admin_row, admin_row
    assert "Never" not in admin_row, "the admin has signed in: %r" % admin_row
    assert re.search(r"\d{1,2}:\d\d", admin_row), \
        "no sign-in time in %r" % admin_row
    row = _row_of(resp.text, fresh.email)
    assert fresh.name in row and "Clinician" in row, row
    assert "Never" in row, "a new account shows a sign-in: %r" % row
    assert re.search(r"\b2\b", row), "two assigned clients not shown: %r" % row
    assert "/clients?staff=%d" % fresh.id in links(resp.text), \
        "no link to the member's clients"
    fresh.browser()
    row = _row_of(state["admin"].get("/admin/staff").text, fresh.email)
    assert "Never" not in row, "the sign-in is not shown: %r" % row
    sql("DELETE FROM clients WHERE id IN (%s)" % ", ".join(map(str, clients)))


def test_add_member_shows_the_password_once():
    name = "New Member " + unique("n")[-8:]
    email = unique_email("added")
    before = sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")
    resp = _post("/admin/staff", {"name": name, "email": email,
                                  "role": "clinician"})
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/admin/staff", resp.describe()
    messages = _flash_after(resp)
    texts = [t for k, t in messages if k == "success"]
    assert texts, "no success message: %r" % messages
    m = re.search(r"Account created for (.+?)\. Their temporary password "
                  r"is: ([A-Za-z0-9]{12,})", texts[0])
    assert m, "no temporary password in %r" % texts[0]
    assert m.group(1) == name, texts[0]
    assert "change it" in texts[0], "no advice to change it: %r" % texts[0]
    password = m.group(2)
    again = state["admin"].get("/admin/staff")
    assert password not in again.text, "the password is shown twice"
    new_id = staff_id(email)
    assert new_id, "no account for %s" % email
    assert sql("SELECT name, role, active FROM staff WHERE id = %d"
               % new_id) == [(name, "clinician", "1")]
    assert password not in (sql_value("SELECT password_hash FROM staff "
                                      "WHERE id = %d" % new_id) or "")
    entries = sql("SELECT actor_id, detail FROM audit_log WHERE id > %d AND "
                  "action = 'staff_added' AND object_kind = 'staff' AND "
                  "object_id = %d" % (before, new_id))
    assert entries == [(str(state["admin_id"]), "clinician")], entries
    assert password not in str(sql("SELECT detail FROM audit_log WHERE "
                                   "id > %d" % before))
    assert Browser().login(email, password).status == 303, \
        "the temporary password does not sign in"
    assert _row_of(again.text, email)


def test_add_administrator():
    email = unique_email("addedadmin")
    resp = _post("/admin/staff", {"name": "Second Admin", "email": email,
                                  "role": "admin"})
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT role FROM staff WHERE email = %s"
                     % sql_quote(email)) == "admin"


def test_duplicate_email_in_any_case_is_refused():
    existing = Staff()
    count = sql_int("SELECT COUNT(*) FROM staff")
    for email in (existing.email, existing.email.upper()):
        resp = _post("/admin/staff", {"name": "Someone Else", "email": email,
                                      "role": "clinician"})
        assert resp.status in FORM_AGAIN and resp.status != 200, \
            resp.describe()
        error = field_error(resp.text, "email")
        assert error and "already" in error, resp.describe()
        assert input_value(resp.text, "name") == "Someone Else", \
            "the form lost what was typed"
    assert sql_int("SELECT COUNT(*) FROM staff") == count


def test_add_form_messages_next_to_fields():
    count = sql_int("SELECT COUNT(*) FROM staff")
    resp = _post("/admin/staff", {"name": "", "email": "not-an-address",
                                  "role": "owner"})
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "name"), "no message next to the name"
    assert field_error(resp.text, "email"), "no message next to the email"
    assert field_error(resp.text, "role"), "no message next to the role"
    assert input_value(resp.text, "email") == "not-an-address"
    assert sql_int("SELECT COUNT(*) FROM staff") == count


def test_add_without_csrf_token_is_refused():
    email = unique_email("nocsrf")
    b = state["admin"]
    resp = b.post("/admin/staff", {"name": "No Token", "email": email,
                                   "role": "admin"})
    assert resp.status == 403 and EXPIRED in resp.page_text, resp.describe()
    resp = b.post("/admin/staff", {"name": "No Token", "email": email,
                                   "role": "admin",
                                   "csrf_token": "0" * 64})
    assert resp.status == 403 and EXPIRED in resp.page_text, resp.describe()
    assert staff_id(email) is None


def test_change_role_both_ways():
    member = Staff()
    b = member.browser()
    assert b.get("/admin/staff").status == 403
    resp = _post("/admin/staff/%d/role" % member.id, {"role": "admin"})
    messages = _flash_after(resp)
    assert ("success", "%s is now an administrator." % member.name) in \
        messages, messages
    assert sql_value("SELECT role FROM staff WHERE id = %d"
                     % member.id) == "admin"
    assert b.get("/admin/staff").status == 200, \
        "the new administrator cannot open the staff page"
    resp = _post("/admin/staff/%d/role" % member.id, {"role": "admin"})
    assert any(k == "info" and "already" in t
               for k, t in _flash_after(resp)), "no word that nothing changed"
    resp = _post("/admin/staff/%d/role" % member.id, {"role": "clinician"})
    assert ("success", "%s is now a clinician." % member.name) in \
        _flash_after(resp)
    assert b.get("/admin/staff").status == 403
    details = [d for _, d in _audit("staff_role_changed", member.id)]
    assert details == ["clinician to admin", "admin to clinician"], details


def test_unknown_role_or_member():
    target = staff_id(CLINICIAN_EMAIL)
    resp = _post("/admin/staff/%d/role" % target, {"role": "owner"})
    assert resp.status == 400, resp.describe()
    assert sql_value("SELECT role FROM staff WHERE id = %d"
                     % target) == "clinician"
    for action in ("role", "deactivate", "reactivate"):
        resp = _post("/admin/staff/999999999/%s" % action,
                     {"role": "admin"})
        assert resp.status == 404, resp.describe()
        assert_no_leak(resp)


def test_nobody_deactivates_themselves():
    resp = _post("/admin/staff/%d/deactivate" % state["admin_id"])
    messages = _flash_after(resp)
    assert ("error", "You cannot deactivate your own account.") in \
        messages, messages
    assert sql_int("SELECT active FROM staff WHERE id = %d"
                   % state["admin_id"]) == 1
    page = state["admin"].get("/admin/staff")
    actions = [f["action"] for f in forms(page.text)]
    assert "/admin/staff/%d/deactivate" % state["admin_id"] not in actions, \
        "the page offers to deactivate yourself"


def test_the_last_active_admin_keeps_the_role():
    others = [int(r[0]) for r in sql(
        "SELECT id FROM staff WHERE role = 'admin' AND active = 1 AND "
        "id <> %d" % state["admin_id"])]
    try:
        if others:
            sql("UPDATE staff SET active = 0 WHERE id IN (%s)"
                % ", ".join(map(str, others)))
        resp = _post("/admin/staff/%d/role" % state["admin_id"],
                     {"role": "clinician"})
        messages = _flash_after(resp)
        assert any(k == "error" and "only active administrator" in t
                   for k, t in messages), messages
        assert sql_value("SELECT role FROM staff WHERE id = %d"
                         % state["admin_id"]) == "admin"
    finally:
        if others:
            sql("UPDATE staff SET active = 1 WHERE id IN (%s)"
                % ", ".join(map(str, others)))


def test_an_admin_may_step_down_when_another_remains():
    admin = Staff(role="admin")
    b = admin.browser()
    token = b.csrf_from("/admin/staff")
    resp = _post("/admin/staff/%d/role" % admin.id, {"role": "clinician"},
                 browser=b, token=token)
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/", \
        "a former admin is sent to a page they cannot see: %s" % (
            resp.describe())
    assert sql_value("SELECT role FROM staff WHERE id = %d"
                     % admin.id) == "clinician"
    assert b.get("/admin/staff").status == 403


def test_two_admins_stepping_down_at_once_leave_one():
    first, second = Staff(role="admin"), Staff(role="admin")
    browsers = [first.browser(), second.browser()]
    tokens = [b.csrf_from("/admin/staff") for b in browsers]
    others = [int(r[0]) for r in sql(
        "SELECT id FROM staff WHERE role = 'admin' AND active = 1 AND id NOT "
        "IN (%d, %d)" % (first.id, second.id))] or [0]
    results = [None, None]

    def step_down(i):
        results[i] = _post("/admin/staff/%d/role" % (first, second)[i].id,
                           {"role": "clinician"}, browser=browsers[i],
                           token=tokens[i]).status

    try:
        # for a moment these two are the practice's only administrators
        sql("UPDATE staff SET role = 'clinician' WHERE id IN (%s)"
            % ", ".join(map(str, others)))
        threads = [threading.Thread(target=step_down, args=(i,))
                   for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        left = sql_int("SELECT COUNT(*) FROM staff WHERE role = 'admin' AND "
                       "active = 1 AND id IN (%d, %d)" % (first.id,
                                                          second.id))
    finally:
        sql("UPDATE staff SET role = 'admin' WHERE id IN (%s)"
            % ", ".join(map(str, others)))
    assert left == 1, "%d administrators left: %r" % (left, results)
    assert results.count(303) == 2, results


def test_deactivate_signs_out_and_unassigns_clients():
    member = Staff()
    b = member.browser()
    clients = [_insert_client(member.id) for _ in range(3)]
    other = _insert_client(staff_id(CLINICIAN_EMAIL))
    state["deactivated"] = member
    state["unassigned"] = clients
    assert session_count(member.id) == 1
    resp = _post("/admin/staff/%d/deactivate" % member.id)
    messages = _flash_after(resp)
    assert ("success", "%s was deactivated and signed out. 3 clients became "
            "unassigned." % member.name) in messages, messages
    assert sql_int("SELECT active FROM staff WHERE id = %d" % member.id) == 0
    assert session_count(member.id) == 0, "their sessions live on"
    home = b.get("/")
    assert home.status == 303 and \
        (home.location_path() or "").startswith("/login"), home.describe()
    login = Browser().login(member.email, member.password)
    assert login.status in FORM_AGAIN, \
        "a deactivated member signed in: %s" % login.describe()
    assert sql("SELECT COUNT(*) FROM clients WHERE id IN (%s) AND "
               "assigned_staff_id IS NULL" % ", ".join(map(str, clients))) \
        == [("3",)], "their clients are still assigned"
    assert sql_int("SELECT assigned_staff_id FROM clients WHERE id = %d"
                   % other) == staff_id(CLINICIAN_EMAIL), \
        "another clinician's client was unassigned"
    profile = state["admin"].get("/clients/%d" % clients[0])
    assert profile.status == 200, profile.describe()
    assert "Unassigned" in profile.page_text, \
        "the profile does not show the client as unassigned"
    row = _row_of(state["admin"].get("/admin/staff").text, member.email)
    assert "Deactivated" in row, row
    assert _audit("staff_deactivated", member.id) == [
        (str(state["admin_id"]), "3 clients unassigned")]
    for cid in clients:
        assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                       "'client_assigned' AND object_kind = 'client' AND "
                       "object_id = %d" % cid) == 1, \
            "client %d's history does not say it was unassigned" % cid
    sql("DELETE FROM clients WHERE id = %d" % other)


def test_deactivating_twice_says_so():
    member = state["deactivated"]
    resp = _post("/admin/staff/%d/deactivate" % member.id)
    assert any(k == "info" and "already deactivated" in t
               for k, t in _flash_after(resp))
    assert len(_audit("staff_deactivated", member.id)) == 1


def test_reactivate():
    member = state["deactivated"]
    resp = _post("/admin/staff/%d/reactivate" % member.id)
    messages = _flash_after(resp)
    assert ("success", "%s was reactivated and can sign in again."
            % member.name) in messages, messages
    assert sql_int("SELECT active FROM staff WHERE id = %d" % member.id) == 1
    assert Browser().login(member.email, member.password).status == 303
    assert _audit("staff_reactivated", member.id) == [
        (str(state["admin_id"]), "")]
    assert sql_int("SELECT COUNT(*) FROM clients WHERE id IN (%s) AND "
                   "assigned_staff_id IS NULL" % ", ".join(
                       map(str, state["unassigned"]))) == 3, \
        "reactivating gave the clients back without anyone choosing"
    resp = _post("/admin/staff/%d/reactivate" % member.id)
    assert any(k == "info" and "already active" in t
               for k, t in _flash_after(resp))
    page = state["admin"].get("/admin/staff")
    find_form(page.text, "/admin/staff/%d/deactivate" % member.id)
    sql("DELETE FROM clients WHERE id IN (%s)"
        % ", ".join(map(str, state["unassigned"])))


def test_deactivate_without_csrf_token_is_refused():
    member = Staff()
    resp = state["admin"].post("/admin/staff/%d/deactivate" % member.id, {})
    assert resp.status == 403 and EXPIRED in resp.page_text, resp.describe()
    assert sql_int("SELECT active FROM staff WHERE id = %d" % member.id) == 1
