"""Portal invitations: staff invite from the profile, a list row and the bulk
action; the real message from the SMTP sink names the practice and links to
its address; the link shows the practice and the fixed email and takes a
password (10 characters, not the email, not a common one); the client is then
Active and signed in, and the link is spent. A resend kills the old link,
expired, revoked, used and unknown links get a clear page, five sends a day at
most, Inactive clients are refused, no portal address is refused; the list
and profile show the state and filter by it; every step is audited; with the
SMTP server down the invitation waits in the job queue and arrives once it
is back."""

import re

from casebook import (Browser, client_ids, csrf, flashes, sql, sql_int,
                      sql_value, stack, unique_email, wait_until)
from portal import (PASSWORD, admin, audit_actions, choose_password,
                    client_status, has_account, invite, latest_link,
                    link_in, mail_job, messages_to, new_client,
                    practice_settings, restore_practice, set_practice,
                    wait_for_messages, bodies)
from casebook import URL, config_value

state = {}


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL, name="Harbour Counselling")
    state["admin"] = admin()


def teardown_module():
    stack("start-mail")
    restore_practice(state["saved"])


def _flash(browser, path):
    return flashes(browser.get(path).text)


def test_invite_register_active_sign_in():
    b = state["admin"]
    cid, address = new_client(b)
    resp = invite(b, cid)
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/clients/%d" % cid
    (kind, text), = _flash(b, "/clients/%d" % cid)
    assert kind == "success" and address in text, text
    shown = re.search(r"(http\S+/portal/invite/[0-9a-f]{64})", text)
    assert shown, "the flash does not show the link to copy: %r" % text

    msg, = wait_for_messages(address)
    assert "Harbour Counselling" in msg["Subject"], msg["Subject"]
    text_part, html_part = bodies(msg)
    assert "Harbour Counselling" in text_part and \
        "Harbour Counselling" in html_part
    assert "7 days" in text_part, text_part
    path = link_in(msg, "invite")
    assert shown.group(1).endswith(path), "flash and mail carry other links"
    token = path.rsplit("/", 1)[1]
    stored = sql_value("SELECT HEX(token_hash) FROM tokens WHERE kind = "
                       "'invite' AND subject_id = %d" % cid)
    assert token.upper() not in stored, "the token itself is stored"
    import hashlib
    assert stored == hashlib.sha256(token.encode()).hexdigest().upper()
    days = sql_value("SELECT TIMESTAMPDIFF(DAY, created_at, expires_at) FROM "
                     "tokens WHERE kind = 'invite' AND subject_id = %d" % cid)
    assert days == config_value("Portal.InviteDays", "7"), days

    profile = b.get("/clients/%d" % cid).page_text
    assert "Invited" in profile and "expires" in profile, profile

    c = Browser()
    page = c.get(path)
    assert page.status == 200, page.describe()
    assert "Harbour Counselling" in page.page_text
    assert re.search(r'<input[^>]*value="%s"[^>]*readonly' % re.escape(
        address), page.text), "the email is not shown fixed"
    resp = c.post(path, {"csrf_token": csrf(page.text), "password": PASSWORD,
                         "confirm_password": PASSWORD})
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    assert client_status(cid) == "active"
    assert has_account(cid)
    home = c.get("/portal")
    assert home.status == 200 and "Harbour Counselling" in home.page_text
    assert sql_value("SELECT used_at IS NOT NULL FROM tokens WHERE kind = "
                     "'invite' AND subject_id = %d" % cid) == "1"
    # the link is spent
    again = Browser().get(path)
    assert again.status == 410 and "already been used" in again.page_text, \
        again.describe()
    # and the new account signs in on /portal/login
    from portal import portal_login
    d, resp = portal_login(address)
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    actions = audit_actions(cid)
    assert ("invitation_sent", "staff") in actions, actions
    assert ("portal_registered", "client") in actions, actions
    assert "Registered" in b.get("/clients/%d" % cid).page_text


def test_resend_kills_the_old_link():
    b = state["admin"]
    cid, address = new_client(b)
    invite(b, cid)
    first = latest_link(address, "invite", 1)
    resp = invite(b, cid)
    assert "no longer works" in _flash(b, "/clients/%d" % cid)[0][1]
    second = latest_link(address, "invite", 2)
    assert first != second
    old = Browser().get(first)
    assert old.status == 410 and "no longer valid" in old.page_text, \
        old.describe()
    assert "new invitation" in old.page_text
    # posting to the old link changes nothing either
    c = Browser()
    token = c.csrf_from("/portal/login")
    resp = c.post(first, {"csrf_token": token, "password": PASSWORD,
                          "confirm_password": PASSWORD})
    assert resp.status == 410, resp.describe()
    assert not has_account(cid)
    assert ("invitation_resent", "staff") in audit_actions(cid)
    _, _, resp = choose_password(second)
    assert resp.status == 303, resp.describe()


def test_expired_and_unknown_links_are_refused():
    b = state["admin"]
    cid, address = new_client(b)
    invite(b, cid)
    path = latest_link(address, "invite")
    sql("UPDATE tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE "
        "WHERE kind = 'invite' AND subject_id = %d" % cid)
    resp = Browser().get(path)
    assert resp.status == 410 and "expired" in resp.page_text, \
        resp.describe()
    assert "Expired" in b.get("/clients/%d" % cid).page_text
    unknown = Browser().get("/portal/invite/" + "0" * 64)
    assert unknown.status == 404 and "not valid" in unknown.page_text, \
        unknown.describe()
    garbage = Browser().get("/portal/invite/not-a-token")
    assert garbage.status == 404


def test_revoke():
    b = state["admin"]
    cid, address = new_client(b)
    invite(b, cid)
    path = latest_link(address, "invite")
    token = b.csrf_from("/clients/%d" % cid)
    resp = b.post("/clients/%d/invite/revoke" % cid, {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert _flash(b, "/clients/%d" % cid)[0][0] == "success"
    resp = Browser().get(path)
    assert resp.status == 410, resp.describe()
    assert "Not invited" in b.get("/clients/%d" % cid).page_text
    assert ("invitation_revoked", "staff") in audit_actions(cid)


def test_weak_passwords_are_refused():
    b = state["admin"]
    cid, address = new_client(b)
    invite(b, cid)
    path = latest_link(address, "invite")
    for password, why in (("short1234", "at least 10"),
                          (address, "email"),
                          ("password123", "common"),
                          ("qwertyuiop", "common")):
        _, _, resp = choose_password(path, password=password)
        assert resp.status == 422 and why in resp.page_text, \
            (password, resp.describe())
    _, _, resp = choose_password(path, password=PASSWORD,
                                 confirm=PASSWORD + "x")
    assert resp.status == 422 and "does not match" in resp.page_text
    assert not has_account(cid) and client_status(cid) == "pending"
    # the link still works after the refusals
    _, _, resp = choose_password(path)
    assert resp.status == 303, resp.describe()


def test_inactive_client_is_refused():
    b = state["admin"]
    cid, address = new_client(b)
    token = b.csrf_from("/clients/%d" % cid)
    b.post("/clients/%d/deactivate" % cid, {"csrf_token": token})
    resp = invite(b, cid)
    kind, text = _flash(b, "/clients/%d" % cid)[0]
    assert kind == "error" and "inactive" in text, text
    assert sql_int("SELECT COUNT(*) FROM tokens WHERE subject_id = %d" % cid) \
        == 0


def test_five_sends_a_day():
    b = state["admin"]
    cid, address = new_client(b)
    for i in range(5):
        invite(b, cid)
        assert _flash(b, "/clients/%d" % cid)[0][0] == "success"
    invite(b, cid)
    kind, text = _flash(b, "/clients/%d" % cid)[0]
    assert kind == "error" and "24 hours" in text, text
    assert sql_int("SELECT COUNT(*) FROM tokens WHERE kind = 'invite' AND "
                   "subject_id = %d" % cid) == 5


def test_no_portal_address_is_refused():
    b = state["admin"]
    cid, address = new_client(b)
    set_practice(base_url="")
    try:
        invite(b, cid)
        kind, text = _flash(b, "/clients/%d" % cid)[0]
        assert kind == "error" and "/admin/settings" in text, text
    finally:
        set_practice(base_url=URL)
    assert sql_int("SELECT COUNT(*) FROM tokens WHERE subject_id = %d" % cid) \
        == 0


def test_row_action_and_bulk_action_and_filter():
    b = state["admin"]
    run = "Inv" + re.sub(r"[^a-z]", "", unique_email("x"))[:8]
    made = [new_client(b, last_name=run + "%d" % i) for i in range(3)]
    listing = b.get("/clients?q=" + run)
    ids = [c for c, _ in made]
    assert sorted(client_ids(listing.text)) == sorted(ids)
    assert listing.page_text.count("Not invited") >= 3
    # the row's Invite button posts the list's form to the client's invite
    assert 'formaction="/clients/%d/invite"' % ids[0] in listing.text
    back = "/clients?q=" + run
    resp = invite(b, ids[0], back=back)
    assert resp.location_path() == back, resp.describe()
    wait_for_messages(made[0][1])
    # bulk: the other two
    token = csrf(listing.text)
    resp = b.post("/clients/bulk", [("ids", str(ids[1])), ("ids", str(ids[2])),
                                    ("action", "invite"), ("back", back),
                                    ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    (kind, text), = _flash(b, back)
    assert kind == "success" and text.startswith("2 invitations sent"), text
    for _, address in made:
        wait_for_messages(address)
    # filter by state
    choose_password(latest_link(made[2][1], "invite"))
    invited = b.get("/clients?q=%s&invite=invited" % run)
    assert sorted(client_ids(invited.text)) == sorted(ids[:2]), \
        invited.describe()
    registered = b.get("/clients?q=%s&invite=registered" % run)
    assert client_ids(registered.text) == [ids[2]]
    none = b.get("/clients?q=%s&invite=none" % run)
    assert client_ids(none.text) == []
    assert "Registered" in registered.page_text
    everything = b.get("/clients?invite=invited")
    assert set(ids[:2]) <= set(client_ids(everything.text))


def test_smtp_down_then_back():
    b = state["admin"]
    cid, address = new_client(b)
    stack("stop-mail")
    try:
        invite(b, cid)
        job = mail_job(address)
        assert job, "no mail job for the invitation"
        wait_until(lambda: sql_value(
            "SELECT last_error FROM jobs WHERE id = %d" % job)
            not in (None, "NULL"), timeout=30,
            message="the invitation's job to be tried once")
        assert messages_to(address) == []
    finally:
        stack("start-mail")
    page = b.get("/admin/jobs")
    resp = b.post("/admin/jobs/%d/retry" % job, {"csrf_token": csrf(page.text)})
    assert resp.status == 303, resp.describe()
    msg, = wait_for_messages(address, timeout=30)
    _, _, resp = choose_password(link_in(msg, "invite"))
    assert resp.status == 303 and client_status(cid) == "active"
