"""Sessions: idle and absolute expiry, sign-out, and the end of other
sessions when the password changes."""

from casebook import (Browser, Staff, assert_signed_in, assert_signed_out,
                      flashes, session_count, sql)

SIGNED_OUT = "You have signed out."


def _age(user_id, column, interval):
    sql("UPDATE auth_sessions SET %s = %s - INTERVAL %s WHERE user_id = %d"
        % (column, column, interval, user_id))


def test_idle_session_expires():
    staff = Staff()
    b = staff.browser()
    assert_signed_in(b)
    _age(staff.id, "last_seen_at", "31 MINUTE")
    resp = assert_signed_out(b)
    assert resp.location_path().startswith("/login?next="), resp.describe()


def test_activity_keeps_a_session_alive():
    staff = Staff()
    b = staff.browser()
    _age(staff.id, "last_seen_at", "20 MINUTE")
    assert_signed_in(b)
    # that request moved last_seen_at forward: another 20 minutes is fine
    _age(staff.id, "last_seen_at", "20 MINUTE")
    assert_signed_in(b)


def test_session_expires_after_absolute_lifetime():
    staff = Staff()
    b = staff.browser()
    assert_signed_in(b)
    _age(staff.id, "created_at", "13 HOUR")
    assert_signed_out(b)


def test_deactivating_staff_ends_their_open_session():
    staff = Staff()
    b = staff.browser()
    assert_signed_in(b)
    sql("UPDATE staff SET active = 0 WHERE id = %d" % staff.id)
    assert_signed_out(b)


def test_signout_ends_the_session_for_good():
    staff = Staff()
    b = staff.browser()
    old_cookie = b.cookie()
    token = b.csrf_from("/")
    resp = b.post("/logout", {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/login", resp.describe()
    cookie = resp.set_cookie()
    assert cookie is not None, "sign-out did not touch the session cookie"
    assert cookie.expires_now() or cookie.value != old_cookie, \
        "sign-out left the cookie in place: %r" % cookie
    assert session_count(staff.id) == 0, "the session row is still there"
    page = b.get("/login")
    assert page.status == 200, page.describe()
    assert any(SIGNED_OUT in text for _, text in flashes(page.text)), \
        "no sign-out flash: %r" % flashes(page.text)
    assert_signed_out(b)
    # the old cookie, replayed, is worth nothing
    replay = Browser()
    replay.set_cookie_value(old_cookie)
    assert_signed_out(replay)


def test_password_change_ends_other_sessions():
    staff = Staff()
    here = staff.browser()
    elsewhere = staff.browser()
    assert session_count(staff.id) == 2
    new_password = "another-password-42"
    resp = here.submit("/account/password", {
        "current_password": staff.password, "new_password": new_password,
        "confirm_password": new_password})
    assert resp.status == 303, resp.describe()
    assert_signed_out(elsewhere)
    assert_signed_in(here)
    assert session_count(staff.id) == 1, \
        "%d sessions left" % session_count(staff.id)
