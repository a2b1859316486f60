"""Portal passwords: "forgot password" answers the same for known and
unknown addresses and mails a one-hour reset link (single use, a new request
revokes the old link, expired links refused) to clients who can sign in; the
reset ends other sessions and signs the client in; a signed-in client
changes the password (current one checked, same rules as at registration),
which signs out their other sessions."""

from casebook import (URL, Browser, csrf, flashes, last_audit_id,
                      portal_session_count, sql, sql_value, unique_email)
from portal import (PASSWORD, admin, audit_actions, choose_password,
                    latest_link, messages_to, new_client, portal_login,
                    practice_settings, registered_client, restore_practice,
                    set_practice, wait_for_messages)

state = {}
NEW_PASSWORD = "another fine passphrase"


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL)
    state["admin"] = admin()


def teardown_module():
    restore_practice(state["saved"])


def _forgot(address):
    b = Browser()
    page = b.get("/portal/forgot")
    assert page.status == 200, page.describe()
    resp = b.post("/portal/forgot", {"csrf_token": csrf(page.text),
                                     "email": address})
    assert resp.status == 303, resp.describe()
    return resp.location_path(), flashes(b.get(resp.location_path()).text)


def test_forgot_answers_alike_and_mails_only_real_accounts():
    cid, address, _ = registered_client(state["admin"])
    pending, pending_address = new_client(state["admin"])
    unknown = unique_email("nobody")
    answers = [_forgot(a) for a in (address, pending_address, unknown)]
    assert answers[0] == answers[1] == answers[2], answers
    assert "one hour" in answers[0][1][0][1]
    wait_for_messages(address, 2)      # the invitation, then the reset
    assert messages_to(unknown) == []
    assert len(messages_to(pending_address)) == 0
    expires = sql_value("SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) "
                        "FROM tokens WHERE kind = 'reset' AND subject_id = %d"
                        % cid)
    assert expires == "60", expires
    state["reset"] = (cid, address)


def test_reset_link_sets_the_password_once():
    cid, address = state["reset"]
    path = latest_link(address, "reset", 2)
    old_session, _ = portal_login(address)
    assert portal_session_count(cid) >= 1
    b, page, resp = choose_password(path, password="short")
    assert resp.status == 422, resp.describe()
    b, page, resp = choose_password(path, password=NEW_PASSWORD)
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    assert address in page.text, "the reset page does not show the email"
    assert b.get("/portal").status == 200
    assert old_session.get("/portal").status == 303, \
        "the reset left an old session open"
    used = Browser().get(path)
    assert used.status == 410 and "already been used" in used.page_text
    _, resp = portal_login(address, PASSWORD)
    assert resp.status == 200 and "Incorrect" in resp.page_text
    sql("DELETE FROM signin_failures WHERE email = '%s'" % address)
    _, resp = portal_login(address, NEW_PASSWORD)
    assert resp.status == 303
    assert ("portal_password_reset", "anonymous") in audit_actions(cid) or \
        ("portal_password_reset", "client") in audit_actions(cid)


def test_new_request_revokes_and_expiry_refuses():
    cid, address, _ = registered_client(state["admin"])
    _forgot(address)
    first = latest_link(address, "reset", 2)
    _forgot(address)
    second = latest_link(address, "reset", 3)
    assert Browser().get(first).status == 410
    sql("UPDATE tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
        "WHERE kind = 'reset' AND subject_id = %d" % cid)
    resp = Browser().get(second)
    assert resp.status == 410 and "expired" in resp.page_text, \
        resp.describe()
    assert "/portal/forgot" in resp.text, "no way to ask for a new link"


def test_change_password_in_the_portal():
    cid, address, b = registered_client(state["admin"])
    other, _ = portal_login(address)
    page = b.get("/portal/password")
    assert page.status == 200, page.describe()
    token = csrf(page.text)
    resp = b.post("/portal/password", {
        "csrf_token": token, "current_password": "wrong one entirely",
        "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert resp.status == 422 and "not your current password" in \
        resp.page_text
    resp = b.post("/portal/password", {
        "csrf_token": token, "current_password": PASSWORD,
        "new_password": "iloveyou123", "confirm_password": "iloveyou123"})
    assert resp.status == 422 and "common" in resp.page_text
    since = last_audit_id()
    resp = b.post("/portal/password", {
        "csrf_token": token, "current_password": PASSWORD,
        "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert resp.status == 303 and resp.location_path() == "/portal"
    assert b.get("/portal").status == 200
    assert other.get("/portal").status == 303, "other session still open"
    assert ("portal_password_changed", "client") in audit_actions(cid, since)
    _, resp = portal_login(address, NEW_PASSWORD)
    assert resp.status == 303
