"""Security headers on every response, no-store on dynamic pages, and the
session cookie's flags."""

from casebook import (ADMIN_EMAIL, SESSION_COOKIE, Browser, admin_password,
                      assert_security_headers, csrf, unique_email)

state = {}


def setup_module():
    b = Browser()
    state["login_page"] = b.get("/login")
    state["signin"] = b.login(ADMIN_EMAIL, admin_password())
    assert state["signin"].status == 303, state["signin"].describe()
    state["admin"] = b


def test_signed_out_pages_carry_the_headers():
    b = Browser()
    for resp in (state["login_page"], b.get("/"), b.get("/healthz"),
                 b.get("/readyz"), b.get("/account/password")):
        assert_security_headers(resp)


def test_signed_in_pages_carry_the_headers_and_no_store():
    b = state["admin"]
    for path in ("/", "/account/password", "/admin/audit",
                 "/admin/audit?page=1"):
        resp = b.get(path)
        assert resp.status == 200, resp.describe()
        assert_security_headers(resp, no_store=True)
        assert resp.content_type.startswith("text/html"), resp.content_type


def test_redirects_and_posts_carry_the_headers():
    assert_security_headers(state["signin"])
    b = Browser()
    page = b.get("/login")
    resp = b.post("/login", {"email": unique_email("nobody"),
                             "password": "wrong-password",
                             "csrf_token": csrf(page.text)})
    assert resp.status == 200, resp.describe()
    assert_security_headers(resp)


def test_error_pages_carry_the_headers():
    b = state["admin"]
    resp = b.get("/no/such/page")
    assert resp.status == 404, resp.describe()
    assert_security_headers(resp)
    resp = b.request("DELETE", "/login")
    assert resp.status == 405, resp.describe()
    assert_security_headers(resp)
    resp = b.post("/logout", {})
    assert resp.status == 403, resp.describe()
    assert_security_headers(resp)
    resp = Browser().post("/login", body="email=%zz")
    assert resp.status in (400, 403), resp.describe()
    assert_security_headers(resp)


def test_static_css_carries_the_headers():
    resp = Browser().get("/static/casebook.css")
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/css"), resp.content_type
    assert_security_headers(resp, no_store=False)


def _assert_cookie_flags(cookie):
    assert cookie is not None, "no %s cookie set" % SESSION_COOKIE
    assert cookie.has("HttpOnly"), "not HttpOnly: %r" % cookie
    assert (cookie.get("SameSite") or "").lower() == "lax", \
        "SameSite is not Lax: %r" % cookie
    assert cookie.get("Path") == "/", "Path is not /: %r" % cookie
    # the private stack speaks plain http, where Secure would lose the cookie
    assert not cookie.has("Secure"), "Secure over plain http: %r" % cookie
    assert not cookie.has("Domain"), "Domain widens the cookie: %r" % cookie


def test_session_cookie_flags():
    _assert_cookie_flags(state["login_page"].set_cookie())
    _assert_cookie_flags(state["signin"].set_cookie())


def test_session_cookie_is_long_and_random():
    values = {state["signin"].set_cookie().value}
    for _ in range(3):
        values.add(Browser().get("/login").set_cookie().value)
    assert len(values) == 4, "cookie values repeat: %r" % values
    for v in values:
        assert len(v) >= 32, "cookie value too short to be 32 random " \
            "bytes: %r" % v
