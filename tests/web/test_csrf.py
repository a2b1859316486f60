"""CSRF: a POST without the session's token, or with another session's,
answers 403 "This form has expired" and changes nothing."""

from casebook import (Browser, Staff, assert_no_leak, assert_signed_in,
                      assert_signed_out, csrf, password_hash, session_count)

EXPIRED = "This form has expired"

state = {}


def setup_module():
    staff = Staff()
    state["staff"] = staff
    state["browser"] = staff.browser()
    # a second, unrelated visitor whose token we will try to use
    other = Browser()
    page = other.get("/login")
    assert page.status == 200, page.describe()
    state["foreign_token"] = csrf(page.text)


def _assert_expired(resp):
    assert resp.status == 403, resp.describe()
    assert EXPIRED in resp.page_text, resp.describe()
    assert resp.content_type.startswith("text/html"), resp.content_type
    assert_no_leak(resp)


def test_logout_without_token_is_refused():
    b = state["browser"]
    _assert_expired(b.post("/logout", {}))
    _assert_expired(b.post("/logout", {"csrf_token": ""}))
    assert_signed_in(b)
    assert session_count(state["staff"].id) == 1


def test_logout_with_another_sessions_token_is_refused():
    b = state["browser"]
    _assert_expired(b.post("/logout",
                           {"csrf_token": state["foreign_token"]}))
    assert_signed_in(b)


def test_password_change_without_token_is_refused():
    staff, b = state["staff"], state["browser"]
    before = password_hash(staff.email)
    fields = {"current_password": staff.password,
              "new_password": "changed-by-forgery-1",
              "confirm_password": "changed-by-forgery-1"}
    _assert_expired(b.post("/account/password", fields))
    fields["csrf_token"] = state["foreign_token"]
    _assert_expired(b.post("/account/password", fields))
    assert password_hash(staff.email) == before, "the password changed"
    assert_signed_in(b)


def test_login_without_token_is_refused():
    staff = state["staff"]
    b = Browser()
    b.get("/login")
    _assert_expired(b.post("/login", {"email": staff.email,
                                      "password": staff.password}))
    assert_signed_out(b)
    # and with no session cookie at all
    fresh = Browser()
    _assert_expired(fresh.post("/login", {"email": staff.email,
                                          "password": staff.password}))
    assert_signed_out(fresh)


def test_login_with_another_sessions_token_is_refused():
    staff = state["staff"]
    b = Browser()
    b.get("/login")
    _assert_expired(b.post("/login", {"email": staff.email,
                                      "password": staff.password,
                                      "csrf_token": state["foreign_token"]}))
    assert_signed_out(b)
    # a token with no session to match it
    fresh = Browser()
    _assert_expired(fresh.post("/login", {
        "email": staff.email, "password": staff.password,
        "csrf_token": state["foreign_token"]}))
    assert_signed_out(fresh)

