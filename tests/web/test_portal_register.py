"""Registering on one's own (/portal/register): the form asks for no
password; unknown and known addresses get the same answer ("check your
email") and a confirmation e-mail; opening its link (a GET that changes
nothing) leads to the page where the mailbox's holder chooses the password,
and only then is the account bound to a Pending client with that address,
an Inactive client told to contact the practice, or a new client created:
Active, or Pending when the practice approves registrations; with
registration off nobody registers; with e-mail confirmation off a new
address goes straight to choosing its password, while a known one still has
to confirm."""

import re

from casebook import (URL, Browser, csrf, input_value, select_options, sql,
                      sql_int, sql_value, unique_email)
from portal import (PASSWORD, admin, audit_actions, choose_password,
                    client_status, forget_registration_addresses,
                    has_account, latest_link, messages_to, new_client,
                    portal_login, practice_settings, register,
                    registered_client, restore_practice, set_practice,
                    wait_for_messages)

state = {}


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL, registration="on", verification="on")
    forget_registration_addresses()
    state["admin"] = admin()


def teardown_module():
    restore_practice(state["saved"])
    forget_registration_addresses()


def _register(address, first="Robin", last="Selfreg"):
    return register(address, first, last)


def _client_by_email(address):
    return sql_int("SELECT id FROM clients WHERE email = '%s'" % address)


def _confirm(path, password=PASSWORD):
    """Open a confirmation link and choose the password on its page."""
    b, page, resp = choose_password(path, password)
    assert 'name="password"' in page.text, "no password on the link's page"
    return b, resp


def test_the_form_asks_for_no_password():
    page = Browser().get("/portal/register")
    assert page.status == 200, page.describe()
    assert 'type="password"' not in page.text, "the form asks for a password"


def test_known_and_unknown_addresses_get_the_same_answer():
    b = state["admin"]
    pending, pending_address = new_client(b)
    _, registered_address, _ = registered_client(b)
    unknown = unique_email("selfreg")
    answers = [_register(a)[1] for a in (unknown, pending_address,
                                         registered_address)]
    for resp in answers:
        assert resp.status == 200, resp.describe()
        assert "Check your email" in resp.page_text
    assert answers[0].page_text == answers[1].page_text == \
        answers[2].page_text
    for address in (unknown, pending_address):
        wait_for_messages(address)
    assert _client_by_email(unknown) is None, "a client before confirmation"
    assert client_status(pending) == "pending" and not has_account(pending)
    state["pending"] = (pending, pending_address)
    state["unknown"] = unknown


def test_confirmation_binds_to_the_pending_record():
    pending, address = state["pending"]
    path = latest_link(address, "verify")
    # opening the link changes nothing
    page = Browser().get(path)
    assert page.status == 200 and address in page.text, page.describe()
    assert client_status(pending) == "pending" and not has_account(pending)
    b, resp = _confirm(path)
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    assert client_status(pending) == "active" and has_account(pending)
    assert b.get("/portal").status == 200
    assert sql_int("SELECT COUNT(*) FROM clients WHERE email = '%s'"
                   % address) == 1
    assert ("portal_registered", "anonymous") in audit_actions(pending) or \
        ("portal_registered", "client") in audit_actions(pending)
    resp = Browser().get(path)
    assert resp.status == 410 and "already been used" in resp.page_text
    _, resp = portal_login(address)
    assert resp.status == 303, resp.describe()


def test_confirmation_creates_a_new_active_client():
    address = state["unknown"]
    b, resp = _confirm(latest_link(address, "verify"))
    assert resp.status == 303, resp.describe()
    cid = _client_by_email(address)
    assert cid and client_status(cid) == "active" and has_account(cid)
    assert sql_value("SELECT CONCAT(first_name, ' ', last_name) FROM clients "
                     "WHERE id = %d" % cid) == "Robin Selfreg"
    _, resp = portal_login(address)
    assert resp.status == 303


def test_inactive_client_is_told_to_contact_the_practice():
    b = state["admin"]
    cid, address = new_client(b)
    b.post("/clients/%d/deactivate" % cid,
           {"csrf_token": b.csrf_from("/clients/%d" % cid)})
    _, resp = _register(address)
    assert "Check your email" in resp.page_text
    _, resp = _confirm(latest_link(address, "verify"))
    assert resp.status == 403 and "contact" in resp.page_text, \
        resp.describe()
    assert client_status(cid) == "inactive" and not has_account(cid)


def test_approval_makes_new_clients_pending():
    set_practice(registration="approval")
    try:
        address = unique_email("approve")
        _register(address)
        _, resp = _confirm(latest_link(address, "verify"))
        assert resp.status == 200 and "approv" in resp.page_text, \
            resp.describe()
        cid = _client_by_email(address)
        assert client_status(cid) == "pending" and has_account(cid)
        _, resp = portal_login(address)
        assert resp.status == 403, resp.describe()
        b = state["admin"]
        b.post("/clients/%d/reactivate" % cid,
               {"csrf_token": b.csrf_from("/clients/%d" % cid)})
        _, resp = portal_login(address)
        assert resp.status == 303, resp.describe()
    finally:
        set_practice(registration="on")


def test_registration_off():
    set_practice(registration="off")
    try:
        resp = Browser().get("/portal/register")
        assert "Registration is closed" in resp.page_text
        address = unique_email("closed")
        b = Browser()
        token = b.csrf_from("/portal/login")
        resp = b.post("/portal/register", {
            "csrf_token": token, "first_name": "No", "last_name": "Body",
            "email": address})
        assert "Registration is closed" in resp.page_text
        assert messages_to(address) == []
        assert "/portal/register" not in Browser().get("/portal/login").text
    finally:
        set_practice(registration="on")


def test_without_confirmation_new_addresses_get_in_known_ones_confirm():
    set_practice(verification="off")
    try:
        address = unique_email("instant")
        b, resp = _register(address)
        # no e-mail: the page where the password is chosen, at once
        assert resp.status == 200 and 'name="password"' in resp.text, \
            resp.describe()
        assert address in resp.text
        action = re.search(r'action="(/portal/verify/[0-9a-f]{64})"',
                           resp.text)
        assert action, "no confirmation form: %s" % resp.describe()
        assert _client_by_email(address) is None, "a client before a password"
        resp = b.post(action.group(1), {
            "csrf_token": csrf(resp.text), "password": PASSWORD,
            "confirm_password": PASSWORD})
        assert resp.status == 303 and resp.location_path() == "/portal", \
            resp.describe()
        cid = _client_by_email(address)
        assert client_status(cid) == "active" and has_account(cid)
        assert b.get("/portal").status == 200
        assert messages_to(address) == []
        # a known address is never bound without its owner confirming
        pending, known = new_client(state["admin"])
        _, resp = _register(known)
        assert resp.status == 200 and "Check your email" in resp.page_text
        assert 'name="password"' not in resp.text
        assert client_status(pending) == "pending" and not has_account(pending)
        _, resp = _confirm(latest_link(known, "verify"))
        assert resp.status == 303 and client_status(pending) == "active"
    finally:
        set_practice(verification="on")


def test_a_link_handed_to_the_browser_never_binds_a_client_added_since():
    # confirmation off, an address nobody has: the registrant gets the
    # password page at once; should the practice add a client with that
    # address before the password is chosen, the link binds nothing and the
    # address is sent a confirmation instead
    set_practice(verification="off")
    try:
        address = unique_email("handed")
        b, resp = _register(address)
        action = re.search(r'action="(/portal/verify/[0-9a-f]{64})"',
                           resp.text)
        assert resp.status == 200 and action, resp.describe()
        pending, _ = new_client(state["admin"], email=address)
        resp = b.post(action.group(1), {
            "csrf_token": csrf(resp.text), "password": PASSWORD,
            "confirm_password": PASSWORD})
        assert resp.status == 200 and "Check your email" in resp.page_text, \
            resp.describe()
        assert client_status(pending) == "pending" and not has_account(pending)
        _, resp = portal_login(address)
        assert resp.status != 303, resp.describe()
        owner_password = "the owner's own passphrase"
        _, resp = _confirm(latest_link(address, "verify"), owner_password)
        assert resp.status == 303 and has_account(pending), resp.describe()
        _, resp = portal_login(address)
        assert resp.status != 303, "the registrant's password signs in"
        _, resp = portal_login(address, owner_password)
        assert resp.status == 303, resp.describe()
    finally:
        set_practice(verification="on")


def test_form_errors():
    address = unique_email("weak")
    _, resp = _register(address)
    assert resp.status == 200 and "Check your email" in resp.page_text
    path = latest_link(address, "verify")
    _, resp = _confirm(path, password="password1234")
    assert resp.status == 422 and "common" in resp.page_text
    _, resp = _confirm(path, password="short")
    assert resp.status == 422 and "10 characters" in resp.page_text
    _, page, resp = choose_password(path, PASSWORD, confirm=PASSWORD + "x")
    assert resp.status == 422 and "does not match" in resp.page_text
    assert _client_by_email(address) is None
    # the link still works after the refusals
    _, resp = _confirm(path)
    assert resp.status == 303, resp.describe()
    assert has_account(_client_by_email(address))
    # the form's own fields
    _, resp = _register("not an address")
    assert resp.status == 422, resp.describe()


def test_admin_chooses_the_settings():
    b = state["admin"]
    page = b.get("/admin/settings")
    assert page.status == 200, page.describe()
    for name, values in (("self_registration", ["off", "on", "approval"]),
                         ("email_verification", ["on", "off"])):
        options = select_options(page.text, name)
        assert options and [v for v, _, _ in options] == values, options
    fields = {"csrf_token": csrf(page.text)}
    for name in ("name", "base_url"):
        fields[name] = input_value(page.text, name) or ""
    for name in ("time_zone", "date_order", "phone_country", "currency"):
        fields[name] = [v for v, _, chosen in select_options(page.text, name)
                        if chosen][0]
    fields.update(self_registration="approval", email_verification="off")
    try:
        resp = b.post("/admin/settings", fields, files=[])
        assert resp.status == 303, resp.describe()
        assert sql("SELECT self_registration, email_verification FROM "
                   "practice_settings WHERE id = 1")[0] == ("approval", "off")
        detail = sql_value("SELECT detail FROM audit_log WHERE action = "
                           "'settings_changed' ORDER BY id DESC LIMIT 1")
        assert "self_registration" in detail and \
            "email_verification" in detail, detail
        fields["self_registration"] = "always"
        resp = b.post("/admin/settings", fields, files=[])
        assert resp.status == 422, resp.describe()
    finally:
        set_practice(registration="on", verification="on")
