"""Error pages: 404, 405 with Allow, 400 for broken form encoding, 413 for an
over-size body; none of them shows SQL or internals."""

from casebook import (CLINICIAN_EMAIL, Browser, assert_no_leak,
                      clinician_password, config_value, csrf, signed_in,
                      unique)

state = {}


def setup_module():
    state["signed_in"] = signed_in(CLINICIAN_EMAIL, clinician_password())


def _assert_error_page(resp, status, title):
    assert resp.status == status, resp.describe()
    assert resp.content_type.startswith("text/html"), \
        "%s: Content-Type %r" % (resp.url, resp.content_type)
    assert title in resp.page_text, resp.describe()
    assert '<main id="main"' in resp.text, "no <main id=\"main\"> in the page"
    assert_no_leak(resp)


def test_unknown_path_is_page_not_found():
    _assert_error_page(state["signed_in"].get("/no/such/page"), 404,
                       "Page not found")
    _assert_error_page(Browser().get("/no-such-page"), 404, "Page not found")


def test_unknown_path_with_markup_is_not_reflected_raw():
    resp = state["signed_in"].get(
        "/%3Cscript%3Ealert(1)%3C/script%3E?q=%3Cb%3Ex%3C/b%3E")
    _assert_error_page(resp, 404, "Page not found")
    assert "<script>alert(1)" not in resp.text, "path reflected unescaped"
    assert "<b>x</b>" not in resp.text, "query reflected unescaped"


def test_wrong_method_is_405_with_allow():
    for method, path, must_allow in (("DELETE", "/login", ("GET", "POST")),
                                     ("PUT", "/account/password", ("GET",)),
                                     ("POST", "/healthz", ("GET",))):
        resp = state["signed_in"].request(
            method, path, body=b"",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert resp.status == 405, resp.describe()
        allow = resp.header("Allow")
        assert allow, "405 for %s %s without Allow" % (method, path)
        allowed = {m.strip().upper() for m in allow.split(",")}
        for m in must_allow:
            assert m in allowed, "Allow %r for %s lacks %s" % (allow, path, m)
        assert method not in allowed, "Allow %r lists %s" % (allow, method)
        assert_no_leak(resp)


def _assert_bad_request(resp):
    _assert_error_page(resp, 400, "Bad request")
    text = resp.page_text.lower()
    # the reason says what was wrong with the request
    assert any(word in text for word in ("encod", "utf-8", "malformed",
                                         "invalid", "character")), \
        "400 page gives no reason: %s" % resp.describe()


def test_malformed_percent_encoding_is_bad_request():
    b = Browser()
    page = b.get("/login")
    token = csrf(page.text)
    _assert_bad_request(b.post(
        "/login", body="email=%zz&password=x&csrf_token=" + token))
    _assert_bad_request(b.post(
        "/login", body="email=a%2&password=x&csrf_token=" + token))


def test_invalid_utf8_is_bad_request():
    b = Browser()
    page = b.get("/login")
    token = csrf(page.text)
    _assert_bad_request(b.post(
        "/login", body="email=%ff%fe&password=x&csrf_token=" + token))
    # an overlong encoding of "/" and a lone continuation byte
    _assert_bad_request(b.post(
        "/login", body="email=%c0%af&password=x&csrf_token=" + token))
    _assert_bad_request(b.post(
        "/login", body="email=a%80b&password=x&csrf_token=" + token))


def test_nul_byte_in_a_field_is_refused():
    # a 400, or the form again with a message: never a crash or a sign-in
    b = Browser()
    page = b.get("/login")
    token = csrf(page.text)
    resp = b.post("/login", body="email=a%%00b-%s%%40test.invalid&password=x"
                  "&csrf_token=%s" % (unique("nul"), token))
    assert resp.status in (200, 400), resp.describe()
    assert_no_leak(resp)


def test_body_over_nginx_cap_is_413():
    # announced far beyond any cap: refused before the body is read
    resp = Browser().post_declared_length("/login", 1024 * 1024 * 1024)
    assert resp.status == 413, resp.describe()
    assert_no_leak(resp)


def test_body_over_program_cap_is_413():
    limit = int(config_value("Server.MaxBodyBytes", "10485760"))
    b = Browser()
    page = b.get("/login")
    body = "csrf_token=%s&password=x&email=" % csrf(page.text)
    body += "a" * (limit + 1 - len(body))
    resp = b.post("/login", body=body)
    assert resp.status == 413, resp.describe()
    assert_no_leak(resp)
