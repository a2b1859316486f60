"""Portal sign-in (/portal/login) and sign-out: a registered client signs in
to the portal home (the practice's name, Notes, Tasks, Files and Payments
with honest empty states, no staff navigation); Pending clients cannot sign
in; Inactive ones are told their access is suspended and lose open sessions
at once; failures are throttled with the staff rules; a client session never
reaches a staff page and a staff session never reaches the portal as a
client; sign-in, failures and sign-out are audited with actor 'client'."""

import re

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, URL, Browser,
                      admin_password, config_value, csrf, flashes,
                      last_audit_id, portal_session, portal_session_count,
                      signed_in, sql, sql_int, unique_email)
from portal import (PASSWORD, admin, audit_actions, new_client,
                    portal_login, practice_settings, registered_client,
                    restore_practice, set_practice)

# Every staff page a client might try, GET and POST.
STAFF_PAGES = ["/", "/clients", "/clients/new", "/clients/export.csv",
               "/account/password", "/admin/audit", "/admin/jobs",
               "/admin/staff", "/admin/settings", "/admin/tags"]
STAFF_POSTS = ["/clients/bulk", "/clients/new", "/account/password",
               "/admin/staff", "/admin/settings", "/admin/tags"]

state = {}


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL, name="Quayside Therapy")
    state["admin"] = admin()
    state["client"] = registered_client(state["admin"])


def teardown_module():
    restore_practice(state["saved"])


def test_sign_in_and_home():
    cid, address, _ = state["client"]
    since = last_audit_id()
    b, resp = portal_login(address)
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    cookie = resp.set_cookie()
    assert cookie is not None and cookie.has("HttpOnly"), resp.set_cookies
    home = b.get("/portal")
    assert home.status == 200, home.describe()
    text = home.page_text
    assert "Quayside Therapy" in text
    for section, empty in (("Notes", "No notes have been shared"),
                           ("Tasks", "no tasks yet"),
                           ("Files", "No files have been shared"),
                           ("Payments", "No payments are recorded")):
        assert re.search(r"<h2[^>]*>%s</h2>" % section, home.text), section
        assert empty in text, (section, text)
    # the portal's own layout: no staff navigation
    for staff_link in ('href="/clients"', 'href="/admin/', 'action="/logout"'):
        assert staff_link not in home.text, staff_link
    assert 'action="/portal/logout"' in home.text
    assert home.header("Cache-Control") == "no-store"
    assert ("portal_signin", "client") in audit_actions(cid, since)
    audit = state["admin"].get("/admin/audit").page_text
    assert "(client) portal_signin" in audit or \
        re.search(r"\(client\)\s+portal_signin", audit), audit[:600]


def test_wrong_password_and_unknown_email_look_the_same():
    cid, address, _ = state["client"]
    since = last_audit_id()
    _, wrong = portal_login(address, "not the password at all")
    _, unknown = portal_login(unique_email("nobody"), "not the password")
    assert wrong.status == unknown.status == 200
    assert "Incorrect email or password." in wrong.page_text
    assert "Incorrect email or password." in unknown.page_text
    assert ("portal_signin_failed", "anonymous") in audit_actions(cid, since)
    sql("DELETE FROM signin_failures WHERE email = '%s'" % address)


def test_sign_out():
    cid, address, _ = state["client"]
    b, _ = portal_login(address)
    before = portal_session_count(cid)
    home = b.get("/portal")
    since = last_audit_id()
    resp = b.post("/portal/logout", {"csrf_token": csrf(home.text)})
    assert resp.status == 303 and resp.location_path() == "/portal/login"
    assert portal_session_count(cid) == before - 1
    assert ("success", "You have signed out.") in flashes(
        b.get("/portal/login").text)
    again = b.get("/portal")
    assert again.status == 303 and again.location_path() == "/portal/login"
    assert ("portal_signout", "client") in audit_actions(cid, since)


def test_pending_client_cannot_sign_in():
    cid, address = new_client(state["admin"])
    _, resp = portal_login(address, PASSWORD)
    assert resp.status == 200, resp.describe()
    assert "Incorrect email or password." in resp.page_text
    # not even with a password set while still Pending (awaiting approval)
    sql("INSERT INTO portal_accounts (client_id, password_hash, "
        "registered_at, updated_at) SELECT %d, password_hash, "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM portal_accounts WHERE "
        "client_id = %d" % (cid, state["client"][0]))
    _, resp = portal_login(address, PASSWORD)
    assert resp.status == 403 and "approve" in resp.page_text, \
        resp.describe()
    assert portal_session_count(cid) == 0


def test_inactive_client_is_suspended_and_loses_sessions():
    b = state["admin"]
    cid, address, client = registered_client(b)
    other, _ = portal_login(address)
    extra = portal_session(cid)
    assert portal_session_count(cid) >= 3
    token = b.csrf_from("/clients/%d" % cid)
    b.post("/clients/%d/deactivate" % cid, {"csrf_token": token})
    assert portal_session_count(cid) == 0, "deactivating left sessions"
    for browser in (client, other):
        resp = browser.get("/portal")
        assert resp.status == 303 and \
            resp.location_path() == "/portal/login", resp.describe()
    _, resp = portal_login(address)
    assert resp.status == 403, resp.describe()
    assert "suspended" in resp.page_text, resp.describe()
    # a wrong password learns nothing about the status
    _, resp = portal_login(address, "not the password at all")
    assert "suspended" not in resp.page_text
    # reactivating a client who has a password makes them Active again
    token = b.csrf_from("/clients/%d" % cid)
    b.post("/clients/%d/reactivate" % cid, {"csrf_token": token})
    sql("DELETE FROM signin_failures WHERE email = '%s'" % address)
    _, resp = portal_login(address)
    assert resp.status == 303, resp.describe()
    assert extra not in [int(r[0]) for r in sql(
        "SELECT id FROM auth_sessions WHERE user_kind = 'client'")]


def test_throttled_like_staff():
    cid, address, _ = registered_client(state["admin"])
    limit = int(config_value("Signin.MaxFailures", "5"))
    for _ in range(limit):
        portal_login(address, "wrong password here")
    since = last_audit_id()
    _, resp = portal_login(address)
    assert resp.status == 429, resp.describe()
    assert "Too many failed sign-ins" in resp.page_text
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE id > %d AND action "
                   "= 'portal_signin_throttled'" % since) == 1
    sql("DELETE FROM signin_failures WHERE email = '%s'" % address)
    _, resp = portal_login(address)
    assert resp.status == 303, resp.describe()


def test_client_never_reaches_a_staff_page():
    cid, address, _ = state["client"]
    b, _ = portal_login(address)
    for path in STAFF_PAGES + ["/clients/%d" % cid, "/clients/%d/edit" % cid]:
        resp = b.get(path)
        if path == "/":
            # the site's front door sends a client to the portal, not to the staff home
            assert resp.status == 303 and resp.location_path() == "/portal", \
                "%s: %s" % (path, resp.describe())
            continue
        assert resp.status == 404, "%s: %s" % (path, resp.describe())
    token = csrf(b.get("/portal").text)
    for path in STAFF_POSTS + ["/clients/%d/deactivate" % cid,
                               "/clients/%d/invite" % cid]:
        resp = b.post(path, {"csrf_token": token})
        assert resp.status == 404, "%s: %s" % (path, resp.describe())
    # still signed in to the portal afterwards
    assert b.get("/portal").status == 200


def test_staff_never_reaches_the_portal_as_a_client():
    for email, password in ((ADMIN_EMAIL, admin_password()),):
        b = signed_in(email, password)
        resp = b.get("/portal")
        assert resp.status == 303 and \
            resp.location_path() == "/portal/login", resp.describe()
        resp = b.get("/portal/password")
        assert resp.status == 303
        # and the staff session is still a staff session
        assert b.get("/clients").status == 200
