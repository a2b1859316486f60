"""Attacks on sessions and forms: session fixation (a cookie planted or
handed out before sign-in is never the one after it, staff or portal),
cookie tampering (a changed cookie signs nobody in), CSRF with a token from
another session (or sent where a form does not put it), and a password-
guessing run against staff and portal sign-in that the throttle stops."""

import re

from casebook import (CLINICIAN_EMAIL, SESSION_COOKIE, URL, Browser, Staff,
                      THROTTLED, add_client, assert_signed_out, csrf,
                      clinician_password, last_audit_id, letters, signed_in,
                      sql_int, sql_quote, unique_email)
from attacks import LogWatch
from portal import (PASSWORD, admin, portal_login, practice_settings,
                    registered_client, restore_practice, set_practice)

TOO_MANY = "Too many failed sign-ins"
state = {}


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL)
    state["watch"] = LogWatch()
    state["admin"] = admin()
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())


def teardown_module():
    restore_practice(state["saved"])


def _session_rows(token_hex_sha):
    return sql_int("SELECT COUNT(*) FROM auth_sessions WHERE token_hash = "
                   "UNHEX(%s)" % sql_quote(token_hex_sha))


def _signs_in(cookie, path="/"):
    """True when a request carrying only COOKIE as the session reaches the
    signed-in page at PATH."""
    b = Browser()
    b.set_cookie_value(cookie)
    resp = b.get(path)
    return resp.status == 200


# ---------------------------------------------------------------- fixation

def test_staff_sign_in_replaces_the_session_from_before():
    staff = Staff()
    b = Browser()
    page = b.get("/login")
    assert page.status == 200, page.describe()
    before = b.cookie()
    assert before, "the sign-in form set no session cookie"
    resp = b.post("/login", {"email": staff.email, "password": staff.password,
                             "csrf_token": csrf(page.text)})
    assert resp.status == 303, resp.describe()
    after = b.cookie()
    assert after and after != before, "the session id survived the sign-in"
    assert _signs_in(after)
    # whoever held the cookie from before the sign-in holds nothing now
    assert not _signs_in(before), "the pre-sign-in cookie signs in"


def test_a_planted_cookie_is_never_adopted():
    staff = Staff()
    planted = "a" * 43
    b = Browser()
    b.set_cookie_value(planted)
    page = b.get("/login")
    assert page.status == 200, page.describe()
    resp = b.post("/login", {"email": staff.email, "password": staff.password,
                             "csrf_token": csrf(page.text)})
    assert resp.status == 303, resp.describe()
    assert b.cookie() != planted, "the server adopted a planted session id"
    assert not _signs_in(planted), "the planted cookie signs in"
    assert _signs_in(b.cookie())


def test_portal_sign_in_replaces_the_session_from_before():
    _cid, address, _ = registered_client(state["admin"])
    b = Browser()
    b.get("/portal/login")
    before = b.cookie()
    assert before, "the portal sign-in form set no session cookie"
    b, resp = portal_login(address, PASSWORD, browser=b)
    assert resp.status == 303, resp.describe()
    assert b.cookie() and b.cookie() != before, \
        "the portal session id survived the sign-in"
    assert _signs_in(b.cookie(), "/portal")
    assert not _signs_in(before, "/portal"), "the pre-sign-in cookie signs in"


# ---------------------------------------------------------------- tampering

def _variants(cookie):
    flipped = cookie[:-1] + ("A" if cookie[-1] != "A" else "B")
    return [
        flipped,
        cookie[:-1],
        cookie + "A",
        "A" + cookie,
        cookie.upper() if cookie.upper() != cookie else cookie.lower(),
        cookie[::-1],
        cookie[: len(cookie) // 2],
        "",
        "0" * len(cookie),
        cookie + "%00",
        cookie + "' OR '1'='1",
        '"' + cookie + 'x"',
        cookie * 40,
    ]


def test_a_modified_cookie_signs_nobody_in():
    b = Staff().browser()
    cookie = b.cookie()
    assert _signs_in(cookie)
    for variant in _variants(cookie):
        t = Browser()
        t.set_cookie_value(variant)
        resp = t.get("/")
        assert resp.status == 303, "cookie %r: %s" % (variant[:80],
                                                      resp.describe())
        assert (resp.location_path() or "").startswith("/login"), \
            resp.describe()
    # the real one still works: tampering is refused, not punished on others
    assert _signs_in(cookie)


def test_a_modified_portal_cookie_signs_nobody_in():
    _cid, _address, b = registered_client(state["admin"])
    cookie = b.cookie()
    assert _signs_in(cookie, "/portal")
    for variant in _variants(cookie):
        t = Browser()
        t.set_cookie_value(variant)
        resp = t.get("/portal")
        assert resp.status == 303, "cookie %r: %s" % (variant[:80],
                                                      resp.describe())


def test_a_cookie_header_of_junk_and_duplicates_is_survived():
    b = Staff().browser()
    cookie = b.cookie()
    junk = "; ".join("c%d=%s" % (i, "v" * 20) for i in range(150))
    for header in ("%s=%s; %s" % (SESSION_COOKIE, cookie, junk),
                   "%s; %s=%s" % (junk, SESSION_COOKIE, cookie),
                   "%s=; %s=%s" % (SESSION_COOKIE, SESSION_COOKIE, cookie),
                   "=%s; ;;; %s=%s" % (cookie, SESSION_COOKIE, cookie),
                   "%s=\xff\xfe; x=1" % SESSION_COOKIE):
        t = Browser()
        resp = t.get("/", headers={"Cookie": header})
        assert resp.status in (200, 303), "%r: %s" % (header[:60],
                                                      resp.describe())


def test_staff_cookie_does_not_open_the_portal_as_a_client():
    b = Staff().browser()
    resp = b.get("/portal")
    assert resp.status == 303, resp.describe()
    assert (resp.location_path() or "").startswith("/portal/login"), \
        resp.describe()


# ---------------------------------------------------------------- CSRF

def _client_count_named(last_name):
    return sql_int("SELECT COUNT(*) FROM clients WHERE last_name = %s"
                   % sql_quote(last_name))


def test_a_token_from_another_staff_session_is_refused():
    victim = state["admin"]
    attacker_token = state["clinician"].csrf_from("/")
    last = "Csrf " + letters(8)
    for fields, files in (({"first_name": "Forged", "last_name": last,
                            "email": unique_email("csrf")}, None),
                          ({"first_name": "Forged", "last_name": last,
                            "email": unique_email("csrf")},
                           [("x", "", "application/octet-stream", b"")])):
        data = dict(fields, csrf_token=attacker_token)
        resp = victim.post("/clients/new", data, files=files)
        assert resp.status == 403, resp.describe()
    assert _client_count_named(last) == 0, "a forged request added a client"


def test_a_token_from_a_signed_out_visitor_is_refused():
    victim = state["admin"]
    anonymous = Browser()
    token = csrf(anonymous.get("/login").text)
    last = "Csrf " + letters(8)
    resp = victim.post("/clients/new", {
        "first_name": "Forged", "last_name": last,
        "email": unique_email("csrf"), "csrf_token": token})
    assert resp.status == 403, resp.describe()
    assert _client_count_named(last) == 0


def test_a_token_outside_the_body_or_altered_is_refused():
    victim = state["admin"]
    token = victim.csrf_from("/")
    last = "Csrf " + letters(8)
    fields = {"first_name": "Forged", "last_name": last,
              "email": unique_email("csrf")}
    # in the query string, where no form of ours puts it
    resp = victim.post("/clients/new?csrf_token=" + token, fields)
    assert resp.status == 403, resp.describe()
    for bad in (token[:-1], token + "0", token.upper() if token.upper() !=
                token else token.lower(), "", " " + token):
        resp = victim.post("/clients/new", dict(fields, csrf_token=bad))
        assert resp.status == 403, "token %r: %s" % (bad, resp.describe())
    # a client's portal session token does not pass on a staff form
    _cid, _address, client = registered_client(state["admin"])
    client_token = csrf(client.get("/portal/password").text)
    resp = victim.post("/clients/new", dict(fields, csrf_token=client_token))
    assert resp.status == 403, resp.describe()
    assert _client_count_named(last) == 0
    # the genuine token still works afterwards
    cid = add_client(victim, token=token, last_name=last)
    assert cid > 0


def test_a_valid_token_without_its_cookie_changes_nothing():
    token = state["admin"].csrf_from("/")
    last = "Csrf " + letters(8)
    resp = Browser().post("/clients/new", {
        "first_name": "Forged", "last_name": last,
        "email": unique_email("csrf"), "csrf_token": token})
    assert resp.status in (303, 403), resp.describe()
    if resp.status == 303:
        assert (resp.location_path() or "").startswith("/login"), \
            resp.describe()
    assert _client_count_named(last) == 0


# ---------------------------------------------------------------- guessing

GUESSES = ["123456", "password", "12345678", "qwerty", "letmein",
           "welcome1", "Password1", "iloveyou", "admin123", "monkey",
           "dragon", "football"]


def test_a_password_guessing_run_on_staff_sign_in_is_stopped():
    staff = Staff()
    since = last_audit_id()
    statuses = []
    for guess in GUESSES:
        b = Browser()
        resp = b.login(staff.email, guess)
        statuses.append(resp.status)
        assert resp.status in (200, 429), resp.describe()
        assert not b.cookie() or not _signs_in(b.cookie())
    # the run ends locked: even the right password is refused now
    b = Browser()
    resp = b.login(staff.email, staff.password)
    assert resp.status in THROTTLED and TOO_MANY in resp.page_text, \
        resp.describe()
    assert_signed_out(b)
    # five guesses were checked and failed; every later one was refused
    # before any password check, and all of them are in the audit log
    failed = sql_int("SELECT COUNT(*) FROM audit_log WHERE id > %d AND "
                     "action = 'signin_failed' AND object_id = %d"
                     % (since, staff.id))
    throttled = sql_int("SELECT COUNT(*) FROM audit_log WHERE id > %d AND "
                        "action = 'signin_throttled' AND detail LIKE %s"
                        % (since, sql_quote("%" + staff.email + "%")))
    assert failed == 5, "%d guesses were checked, not 5" % failed
    assert throttled == len(GUESSES) - 5 + 1, \
        "%d throttled attempts audited, expected %d" % (
            throttled, len(GUESSES) - 5 + 1)


def test_a_password_guessing_run_on_portal_sign_in_is_stopped():
    _cid, address, _ = registered_client(state["admin"])
    for guess in GUESSES[:8]:
        b, resp = portal_login(address, guess)
        assert resp.status in (200, 429), resp.describe()
        assert not _signs_in(b.cookie() or "x", "/portal")
    b, resp = portal_login(address, PASSWORD)
    assert resp.status in THROTTLED, resp.describe()
    assert TOO_MANY in resp.page_text, resp.describe()
    assert not _signs_in(b.cookie() or "x", "/portal")
    # and the throttle is per address: another client still signs in
    _cid2, other, _ = registered_client(state["admin"])
    _b, resp = portal_login(other, PASSWORD)
    assert resp.status == 303, resp.describe()
    assert re.match(r"^/portal", _b.last.location_path() or ""), \
        _b.last.describe()


def test_no_worker_died_meanwhile():
    state["watch"].check()
