"""What people type comes back as text, never as markup."""

from casebook import (FORM_AGAIN, Browser, Staff, csrf, input_value,
                      unique_email)

MARKUP_NAME = "O'Brien <b id=\"x\">&amp; Co</b> <script>alert(1)</script>"


def test_staff_name_is_escaped_on_the_home_page():
    staff = Staff(name=MARKUP_NAME)
    b = staff.browser()
    resp = b.get("/")
    assert resp.status == 200, resp.describe()
    assert "<script>alert(1)" not in resp.text, "name rendered as markup"
    assert '<b id="x">' not in resp.text, "name rendered as markup"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text, \
        "escaped name not found"
    # and the visible text is exactly what was typed
    assert "Signed in as " + MARKUP_NAME in resp.page_text, resp.page_text


def test_email_typed_into_the_form_is_escaped():
    email = '"><script>alert(1)</script>' + unique_email()
    b = Browser()
    page = b.get("/login")
    resp = b.post("/login", {"email": email, "password": "wrong-password",
                             "csrf_token": csrf(page.text)})
    assert resp.status in FORM_AGAIN, resp.describe()
    assert "<script>alert(1)" not in resp.text, "email rendered as markup"
    assert input_value(resp.text, "email") == email, \
        "email not kept verbatim: %r" % input_value(resp.text, "email")


def test_next_is_escaped_in_the_form():
    b = Browser()
    resp = b.get('/login?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E')
    assert resp.status == 200, resp.describe()
    assert "<script>alert(1)" not in resp.text, "next rendered as markup"
