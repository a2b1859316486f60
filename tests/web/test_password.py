"""Changing one's password: each mistake is explained next to its field and
changes nothing; success says so, and only the new password works after."""

from casebook import (FORM_AGAIN, Browser, Staff, field_error, find_form,
                      flashes, input_attrs, password_hash, sql_int)

state = {}


def setup_module():
    staff = Staff()
    state["staff"] = staff
    state["browser"] = staff.browser()


def _change(current, new, confirm):
    return state["browser"].submit("/account/password", {
        "current_password": current, "new_password": new,
        "confirm_password": confirm})


def _assert_refused(resp, field):
    assert resp.status in FORM_AGAIN, resp.describe()
    error = field_error(resp.text, field)
    assert error, "no message next to %s: %s" % (field, resp.describe())
    for name in ("current_password", "new_password", "confirm_password"):
        assert not (input_attrs(resp.text, name) or {}).get("value"), \
            "the form echoes %s back" % name
    assert password_hash(state["staff"].email) == state["hash"], \
        "the password changed"
    return error


def test_form_has_three_password_fields():
    state["hash"] = password_hash(state["staff"].email)
    resp = state["browser"].get("/account/password")
    assert resp.status == 200, resp.describe()
    form = find_form(resp.text, "/account/password")
    assert form["method"] == "post"
    for name in ("current_password", "new_password", "confirm_password"):
        a = input_attrs(resp.text, name)
        assert a is not None, "no %s field" % name
        assert a.get("type") == "password", "%s is %r" % (name, a)
    assert input_attrs(resp.text, "csrf_token") is not None


def test_wrong_current_password():
    _assert_refused(_change("not-my-password", "brand-new-pass-1",
                            "brand-new-pass-1"), "current_password")


def test_new_password_too_short():
    # nine characters: one short of the minimum
    _assert_refused(_change(state["staff"].password, "123456789",
                            "123456789"), "new_password")


def test_confirmation_mismatch():
    resp = _change(state["staff"].password, "brand-new-pass-1",
                   "brand-new-pass-2")
    assert resp.status in FORM_AGAIN, resp.describe()
    assert field_error(resp.text, "confirm_password") or \
        field_error(resp.text, "new_password"), \
        "no message about the mismatch: %s" % resp.describe()
    assert password_hash(state["staff"].email) == state["hash"], \
        "the password changed"


def test_success_with_exactly_ten_characters():
    staff = state["staff"]
    new_password = "ten-chars!"
    assert len(new_password) == 10
    resp = _change(staff.password, new_password, new_password)
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/", resp.describe()
    home = state["browser"].get("/")
    assert home.status == 200, home.describe()
    assert any("Your password has been changed." in text
               for _, text in flashes(home.text)), \
        "no success flash: %r" % flashes(home.text)
    again = state["browser"].get("/")
    assert not any("password has been changed" in text
                   for _, text in flashes(again.text)), \
        "the flash shows twice"
    assert password_hash(staff.email) != state["hash"]
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'password_changed' AND actor_id = %d" % staff.id) == 1, \
        "no password_changed audit entry"

    old = Browser().login(staff.email, staff.password)
    assert old.status == 200, "the old password still works: %s" % (
        old.describe())
    new = Browser().login(staff.email, new_password)
    assert new.status == 303, "the new password fails: %s" % new.describe()
    staff.password = new_password
