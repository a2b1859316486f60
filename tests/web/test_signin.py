"""Signing in: the form, success and rotation, failure, the next parameter,
deactivated accounts, and the way back after being sent to sign in."""

import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, Browser, Staff,
                      admin_password, assert_signed_in, assert_signed_out,
                      clinician_password, csrf, find_form, input_attrs,
                      input_value, session_count, sql, staff_name,
                      unique_email)

INCORRECT = "Incorrect email or password."


def test_login_form_has_the_contract_fields():
    resp = Browser().get("/login")
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/html"), resp.content_type
    form = find_form(resp.text, "/login")
    assert form["method"] == "post", form
    names = {a.get("name") for a in form["inputs"]}
    for field in ("email", "password", "next", "csrf_token"):
        assert field in names, "login form lacks %s: %r" % (field, names)
    assert input_attrs(resp.text, "password").get("type") == "password"
    assert input_attrs(resp.text, "csrf_token").get("type") == "hidden"


def test_signin_redirects_home_with_a_new_cookie():
    b = Browser()
    page = b.get("/login")
    assert page.status == 200, page.describe()
    before = b.cookie()
    assert before, "GET /login set no session cookie to carry its csrf token"
    resp = b.login(ADMIN_EMAIL, admin_password())
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/", resp.describe()
    cookie = resp.set_cookie()
    assert cookie is not None, "sign-in set no session cookie"
    assert cookie.value and cookie.value != before, \
        "session cookie not rotated at sign-in (%r)" % cookie.value
    assert_signed_in(b, staff_name(ADMIN_EMAIL))


def test_pre_signin_cookie_does_not_become_signed_in():
    # session fixation: whoever planted the anonymous cookie must not ride
    # along on the victim's sign-in
    b = Browser()
    b.get("/login")
    planted = b.cookie()
    assert planted, "GET /login set no session cookie"
    resp = b.login(CLINICIAN_EMAIL, clinician_password())
    assert resp.status == 303, resp.describe()
    attacker = Browser()
    attacker.set_cookie_value(planted)
    assert_signed_out(attacker)


def test_wrong_password_keeps_email_and_signs_nobody_in():
    staff = Staff()
    b = Browser()
    resp = b.login(staff.email, staff.password + "-wrong")
    assert resp.status == 200, resp.describe()
    assert INCORRECT in resp.page_text, resp.describe()
    assert input_value(resp.text, "email") == staff.email, \
        "email not kept: %r" % input_value(resp.text, "email")
    assert not input_value(resp.text, "password"), \
        "the wrong password was echoed back into the form"
    assert session_count(staff.id) == 0, "a session exists for the user"
    assert_signed_out(b)


def test_unknown_email_gets_the_same_message():
    b = Browser()
    resp = b.login(unique_email("nobody"), "whatever-password")
    assert resp.status == 200, resp.describe()
    assert INCORRECT in resp.page_text, resp.describe()
    assert_signed_out(b)


def test_next_local_path_is_honoured():
    b = Browser()
    resp = b.login(CLINICIAN_EMAIL, clinician_password(),
                   next="/account/password")
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/account/password", resp.describe()


def test_next_leaving_the_site_is_refused():
    # the sign-in works, and lands on / instead
    wrong = []
    for target in ("//evil.example", "//evil.example/login",
                   "https://evil.example", "https://evil.example/",
                   "/\\evil.example", "/\\/evil.example",
                   "javascript:alert(1)", "http:evil.example"):
        resp = Browser().login(CLINICIAN_EMAIL, clinician_password(),
                               next=target)
        if resp.status != 303 or resp.location_path() != "/":
            wrong.append("next=%r -> %s %s" % (
                target, resp.status, resp.location or resp.page_text[-80:]))
    assert not wrong, "expected 303 to /:\n" + "\n".join(wrong)


def test_deactivated_staff_cannot_sign_in():
    staff = Staff()
    sql("UPDATE staff SET active = 0 WHERE id = %d" % staff.id)
    b = Browser()
    resp = b.login(staff.email, staff.password)
    assert resp.status == 200, resp.describe()
    assert INCORRECT in resp.page_text, resp.describe()
    assert session_count(staff.id) == 0, "a session exists for the user"
    assert_signed_out(b)


def _login_redirect(resp):
    assert resp.status == 303, resp.describe()
    loc = resp.location_path() or ""
    parts = urllib.parse.urlsplit(loc)
    assert parts.path == "/login", resp.describe()
    return loc, urllib.parse.parse_qs(parts.query).get("next", [None])[0]


def test_signed_out_visit_is_sent_to_login_and_back():
    b = Browser()
    loc, next_value = _login_redirect(b.get("/"))
    assert next_value == "/", "next for / is %r (%s)" % (next_value, loc)

    loc, next_value = _login_redirect(b.get("/admin/audit?page=2"))
    assert next_value == "/admin/audit?page=2", \
        "next is %r (%s)" % (next_value, loc)

    page = b.get(loc)
    assert page.status == 200, page.describe()
    assert input_value(page.text, "next") == "/admin/audit?page=2", \
        "the form's next field is %r" % input_value(page.text, "next")
    # sign in through the very page we were sent to, with its next field
    resp = b.post("/login", {"email": ADMIN_EMAIL,
                             "password": admin_password(),
                             "next": input_value(page.text, "next"),
                             "csrf_token": csrf(page.text)})
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/admin/audit?page=2", resp.describe()
    assert b.get("/admin/audit?page=2").status == 200


def test_next_keeps_every_part_of_the_query():
    original = "/admin/audit?page=2&x=a%26b&y=%C3%A9"
    loc, next_value = _login_redirect(Browser().get(original))
    assert next_value == original, "next is %r (%s)" % (next_value, loc)


def test_signed_in_visit_to_login_does_not_sign_out():
    b = Browser()
    assert b.login(CLINICIAN_EMAIL, clinician_password()).status == 303
    b.get("/login")
    assert_signed_in(b)
