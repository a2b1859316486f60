"""Attacks on portal accounts through the links the practice mails:
registering with a Pending client's address never lets the registrant choose
that client's password (the password is chosen on the confirmation link's
page, by whoever holds the mailbox); a link mailed to an address staff have
since corrected (invitation, reset, confirmation) sets nothing; "forgot
password" does the same work for known and unknown addresses (one queued
job, the job runner decides); and the registration mail carries nothing the
registrant typed, with limits per address and per network address."""

import re

from casebook import (URL, Browser, csrf, last_audit_id, letters, sql,
                      sql_int, sql_quote, sql_value, unique_email, wait_until)
from portal import (PASSWORD, admin, audit_actions, bodies, choose_password,
                    client_status, forget_registration_addresses,
                    has_account, invite, latest_link, messages_to,
                    new_client, portal_login, practice_settings, register,
                    registered_client, restore_practice, set_practice,
                    wait_for_messages)

ATTACKER_PASSWORD = "the attacker's chosen passphrase"
OWNER_PASSWORD = "the owner's very own passphrase"
NO_LONGER = "no longer this account's"
CLIENT_FIELDS = ["first_name", "last_name", "preferred_name", "email",
                 "phone", "date_of_birth", "gender", "pronouns", "address",
                 "occupation", "employment_status", "relationship_status",
                 "living_arrangement", "emergency_name", "emergency_phone",
                 "emergency_relation", "diagnosis", "icd10_codes", "symptoms"]
state = {}


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL, registration="on", verification="on")
    forget_registration_addresses()
    state["admin"] = admin()


def teardown_module():
    restore_practice(state["saved"])
    forget_registration_addresses()


def _signs_in(address, password):
    _, resp = portal_login(address, password)
    return resp.status == 303 and resp.location_path() == "/portal"


def _change_email(cid, address, **others):
    """Staff correct the client's email on the profile's edit form (the
    client's other fields as they are)."""
    b = state["admin"]
    row = sql("SELECT %s FROM clients WHERE id = %d"
              % (", ".join("COALESCE(%s, '')" % f for f in CLIENT_FIELDS), cid))
    fields = dict(zip(CLIENT_FIELDS, row[0]))
    fields.update(phone_country="", emergency_country="", email=address)
    fields.update(others)
    fields["csrf_token"] = b.csrf_from("/clients/%d/edit" % cid)
    resp = b.post("/clients/%d/edit" % cid, fields)
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT email FROM clients WHERE id = %d" % cid) == \
        address


def _refused_as_readdressed(path):
    """The link's page and its form both refuse, saying why."""
    resp = Browser().get(path)
    assert resp.status == 410 and NO_LONGER in resp.page_text, resp.describe()
    b = Browser()
    token = b.csrf_from("/portal/login")
    resp = b.post(path, {"csrf_token": token, "password": ATTACKER_PASSWORD,
                         "confirm_password": ATTACKER_PASSWORD})
    assert resp.status == 410 and NO_LONGER in resp.page_text, resp.describe()


def _token_id(path):
    return sql_int("SELECT id FROM tokens WHERE token_hash = UNHEX(SHA2(%s, "
                   "256))" % sql_quote(path.rsplit("/", 1)[1]))


# ------------------------------------------------- 1. registration takeover

def test_a_registrant_never_chooses_a_pending_clients_password():
    pending, address = new_client(state["admin"])
    # the attacker registers with the client's address, and sends a
    # password anyway
    typed = {"password": ATTACKER_PASSWORD,
             "confirm_password": ATTACKER_PASSWORD}
    _, resp = register(address, "Mallory", "Attacker", extra=typed)
    assert resp.status == 200 and "Check your email" in resp.page_text, \
        resp.describe()
    _, unknown = register(unique_email("nobody"), "Mallory", "Attacker",
                          extra=typed)
    assert resp.page_text == unknown.page_text, "known and unknown differ"
    assert not has_account(pending)
    # the owner opens the mail, and chooses their own password
    path = latest_link(address, "verify")
    _, page, resp = choose_password(path, OWNER_PASSWORD)
    assert address in page.text
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    assert client_status(pending) == "active" and has_account(pending)
    assert not _signs_in(address, ATTACKER_PASSWORD), \
        "the registrant's password signs in"
    assert _signs_in(address, OWNER_PASSWORD)
    assert sql_int("SELECT COUNT(*) FROM information_schema.columns WHERE "
                   "table_schema = DATABASE() AND table_name = "
                   "'portal_registrations' AND column_name = "
                   "'password_hash'") == 0, "registrations keep a password"


def test_the_confirmation_page_wants_a_password():
    pending, address = new_client(state["admin"])
    register(address)
    path = latest_link(address, "verify")
    b = Browser()
    page = b.get(path)
    assert page.status == 200, page.describe()
    # the old form's bare confirmation binds nothing
    resp = b.post(path, {"csrf_token": csrf(page.text)})
    assert resp.status == 422, resp.describe()
    assert not has_account(pending) and client_status(pending) == "pending"
    assert Browser().get(path).status == 200, "the link was spent"


# --------------------------------------------- 2. links and an email change

def test_an_invitation_to_the_old_address_sets_nothing():
    cid, old = new_client(state["admin"])
    assert invite(state["admin"], cid).status == 303
    path = latest_link(old, "invite")
    since = last_audit_id()
    new = unique_email("corrected")
    _change_email(cid, new)
    # revoked with the change, in its transaction
    assert sql_value("SELECT revoked_at IS NOT NULL FROM tokens WHERE id = %d"
                     % _token_id(path)) == "1"
    assert ("portal_links_revoked", "staff") in audit_actions(cid, since)
    _refused_as_readdressed(path)
    # and refused on opening even were it not revoked
    sql("UPDATE tokens SET revoked_at = NULL WHERE id = %d" % _token_id(path))
    _refused_as_readdressed(path)
    assert not has_account(cid)
    # an invitation to the new address works
    assert invite(state["admin"], cid).status == 303
    _, _, resp = choose_password(latest_link(new, "invite"))
    assert resp.status == 303, resp.describe()
    assert _signs_in(new, PASSWORD)


def test_a_change_of_other_fields_keeps_the_link():
    cid, address = new_client(state["admin"])
    assert invite(state["admin"], cid).status == 303
    path = latest_link(address, "invite")
    _change_email(cid, address, occupation="Carpenter")
    assert Browser().get(path).status == 200
    _, _, resp = choose_password(path)
    assert resp.status == 303, resp.describe()


def test_a_reset_link_to_the_old_address_sets_nothing():
    cid, old, _ = registered_client(state["admin"])
    b = Browser()
    page = b.get("/portal/forgot")
    resp = b.post("/portal/forgot", {"csrf_token": csrf(page.text),
                                     "email": old})
    assert resp.status == 303, resp.describe()
    path = latest_link(old, "reset", 2)
    new = unique_email("corrected")
    _change_email(cid, new)
    _refused_as_readdressed(path)
    sql("UPDATE tokens SET revoked_at = NULL WHERE id = %d" % _token_id(path))
    _refused_as_readdressed(path)
    assert _signs_in(new, PASSWORD), "the password changed"
    assert not _signs_in(new, ATTACKER_PASSWORD)


def test_a_confirmation_to_the_old_address_binds_nothing():
    cid, old = new_client(state["admin"])
    register(old)
    path = latest_link(old, "verify")
    new = unique_email("corrected")
    _change_email(cid, new)
    _refused_as_readdressed(path)
    sql("UPDATE tokens SET revoked_at = NULL WHERE id = %d" % _token_id(path))
    _refused_as_readdressed(path)
    assert not has_account(cid) and client_status(cid) == "pending"


# ------------------------------------------------ 4. forgot password's work

def _reset_jobs():
    return [int(i) for (i,) in sql("SELECT id FROM jobs WHERE kind = "
                                   "'reset_request' ORDER BY id")]


def _forgot(address):
    b = Browser()
    page = b.get("/portal/forgot")
    resp = b.post("/portal/forgot", {"csrf_token": csrf(page.text),
                                     "email": address})
    assert resp.status == 303, resp.describe()
    return resp


def _mail_jobs_to(address):
    return sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND "
                   "payload LIKE %s" % sql_quote("%%Rcpt-To: %s\n%%"
                                                 % address))


def test_forgot_queues_one_job_for_known_and_unknown_alike():
    cid, known, _ = registered_client(state["admin"])
    unknown = unique_email("nobody")
    answers = []
    for address in (known, unknown):
        before = _reset_jobs()
        resp = _forgot(address)
        after = _reset_jobs()
        added = after[len(before):]
        assert len(added) == 1, added
        answers.append((resp.status, resp.location_path()))
        state.setdefault("reset_jobs", []).append(added[0])
    assert answers[0] == answers[1]
    # the job runner does the rest: done for both, and the address typed
    # is not kept
    for job in state["reset_jobs"]:
        wait_until(lambda: sql_value("SELECT state FROM jobs WHERE id = %d"
                                     % job) == "done",
                   message="reset_request job %d done" % job)
    rows = sql("SELECT kind, state, attempts, max_attempts, payload IS NULL "
               "FROM jobs WHERE id IN (%d, %d)" % tuple(state["reset_jobs"]))
    assert rows[0] == rows[1] == ("reset_request", "done", "1", rows[0][3],
                                  "1"), rows
    # a mail for the known address only
    wait_for_messages(known, 2)        # the invitation, then the reset
    assert _mail_jobs_to(known) == 2
    assert _mail_jobs_to(unknown) == 0 and messages_to(unknown) == []
    assert sql_value("SELECT actor_kind FROM audit_log WHERE action = "
                     "'portal_reset_requested' AND object_id = %d" % cid) == \
        "system"


def test_forgot_keeps_its_limit_per_client():
    cid, address, _ = registered_client(state["admin"])
    for _ in range(6):
        _forgot(address)
    wait_until(lambda: sql_int("SELECT COUNT(*) FROM jobs WHERE kind = "
                               "'reset_request' AND state <> 'done'") == 0,
               message="the reset requests done")
    assert sql_int("SELECT COUNT(*) FROM tokens WHERE kind = 'reset' AND "
                   "subject_id = %d" % cid) == 5
    assert ("portal_reset_limited", "system") in audit_actions(cid)


# ----------------------------------- 5. the registration mail and its limits

def test_the_registration_mail_carries_nothing_the_registrant_typed():
    address = unique_email("spam")
    first, last = "Win a prize at evil", "example " + letters(6)
    _, resp = register(address, first, last)
    assert resp.status == 200, resp.describe()
    msg = wait_for_messages(address)[-1]
    to = msg["To"].addresses
    assert [a.addr_spec for a in to] == [address] and \
        to[0].display_name == "", msg["To"]
    text, markup = bodies(msg)
    for part in (msg["Subject"], text, markup):
        assert "evil" not in part and "prize" not in part, part
    payload = sql_value("SELECT payload FROM jobs WHERE kind = 'mail' AND "
                        "payload LIKE %s ORDER BY id DESC LIMIT 1"
                        % sql_quote("%%Rcpt-To: %s\n%%" % address))
    assert "evil" not in payload and "To-Name" not in payload


def test_registrations_are_limited_per_address():
    address = unique_email("flood")
    answers = [register(address)[1] for _ in range(6)]
    assert all(a.status == 200 and "Check your email" in a.page_text
               for a in answers)
    assert _mail_jobs_to(address) == 5


def test_registrations_are_limited_per_network_address():
    forget_registration_addresses()
    register(unique_email("first"))
    ip = sql_value("SELECT ip FROM portal_registrations ORDER BY token_id "
                   "DESC LIMIT 1")
    assert ip and ip != "", "the registration's address is not kept"
    # nineteen more from the same address, as if registered today
    marker = "limit-" + letters(8)
    inserts = []
    for i in range(19):
        inserts.append(
            "INSERT INTO tokens (kind, token_hash, email, created_at, "
            "expires_at) VALUES ('verify_email', UNHEX(SHA2('%s-%d', 256)), "
            "'%s-%d@test.invalid', UTC_TIMESTAMP(), UTC_TIMESTAMP() + "
            "INTERVAL 1 DAY); INSERT INTO portal_registrations (token_id, "
            "first_name, last_name, mailed, ip) VALUES (LAST_INSERT_ID(), "
            "'Flood', 'Test', 1, %s)" % (marker, i, marker, i, sql_quote(ip)))
    sql("; ".join(inserts))
    try:
        address = unique_email("twentyfirst")
        _, resp = register(address)
        assert resp.status == 429, resp.describe()
        assert "Too many registrations" in resp.page_text
        assert _mail_jobs_to(address) == 0
        # another day: the old ones no longer count
        sql("UPDATE tokens SET created_at = UTC_TIMESTAMP() - INTERVAL 2 DAY "
            "WHERE email LIKE '%s-%%'" % marker)
        _, resp = register(address)
        assert resp.status == 200 and "Check your email" in resp.page_text
    finally:
        sql("DELETE FROM tokens WHERE email LIKE '%s-%%'" % marker)
        forget_registration_addresses()
