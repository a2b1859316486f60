"""Registering on one's own (/portal/register): unknown and known addresses
get the same answer ("check your email") and a confirmation e-mail; opening
its link (a GET that changes nothing, then a confirmation) binds the account
to a Pending client with that address only then, tells an Inactive client to
contact the practice, or creates a new client: Active, or Pending when the
practice approves registrations; with registration off nobody registers;
with e-mail confirmation off a new address gets in at once, while a known
one still has to confirm."""

from casebook import (URL, Browser, csrf, input_value, select_options, sql,
                      sql_int, sql_value, unique_email)
from portal import (PASSWORD, admin, audit_actions, client_status,
                    has_account, latest_link, messages_to, new_client,
                    portal_login, practice_settings, registered_client,
                    restore_practice, set_practice, wait_for_messages)

state = {}


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL, registration="on", verification="on")
    state["admin"] = admin()


def teardown_module():
    restore_practice(state["saved"])


def _register(address, first="Robin", last="Selfreg", password=PASSWORD):
    b = Browser()
    page = b.get("/portal/register")
    assert page.status == 200, page.describe()
    resp = b.post("/portal/register", {
        "csrf_token": csrf(page.text), "first_name": first, "last_name": last,
        "email": address, "password": password, "confirm_password": password})
    return b, resp


def _client_by_email(address):
    return sql_int("SELECT id FROM clients WHERE email = '%s'" % address)


def _confirm(path):
    b = Browser()
    page = b.get(path)
    assert page.status == 200, page.describe()
    resp = b.post(path, {"csrf_token": csrf(page.text)})
    return b, resp


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
    Browser().get(path)
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
            "email": address, "password": PASSWORD,
            "confirm_password": PASSWORD})
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
        assert resp.status == 303 and resp.location_path() == "/portal", \
            resp.describe()
        cid = _client_by_email(address)
        assert client_status(cid) == "active"
        assert b.get("/portal").status == 200
        # a known address is never bound without its owner confirming
        pending, known = new_client(state["admin"])
        _, resp = _register(known)
        assert resp.status == 200 and "Check your email" in resp.page_text
        assert client_status(pending) == "pending" and not has_account(pending)
        _, resp = _confirm(latest_link(known, "verify"))
        assert resp.status == 303 and client_status(pending) == "active"
    finally:
        set_practice(verification="on")


def test_form_errors():
    _, resp = _register(unique_email("weak"), password="password1234")
    assert resp.status == 422 and "common" in resp.page_text
    _, resp = _register(unique_email("weak"), password="short")
    assert resp.status == 422 and "10 characters" in resp.page_text


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
