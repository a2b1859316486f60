"""Sign-in throttling: five failures for one email within the window lock
that email out, even with the right password; others are unaffected; the
failures are audited."""

from casebook import (ADMIN_EMAIL, THROTTLED, Browser, Staff, admin_password,
                      assert_signed_out, last_audit_id, session_count, sql,
                      sql_int)

TOO_MANY = "Too many failed sign-ins"
INCORRECT = "Incorrect email or password."
LIMIT = 5

state = {}


def _fail(email, times, password="wrong-password-123"):
    for i in range(times):
        resp = Browser().login(email, password)
        assert resp.status == 200, "failure %d: %s" % (i + 1, resp.describe())
        assert INCORRECT in resp.page_text, \
            "failure %d: %s" % (i + 1, resp.describe())


def test_right_password_refused_after_five_failures():
    staff = Staff()
    state["locked"] = staff
    state["audit_before"] = last_audit_id()
    _fail(staff.email, LIMIT)
    b = Browser()
    resp = b.login(staff.email, staff.password)
    assert resp.status in THROTTLED, resp.describe()
    assert TOO_MANY in resp.page_text, resp.describe()
    assert session_count(staff.id) == 0, "a session exists for the user"
    assert_signed_out(b)


def test_fewer_failures_do_not_lock():
    staff = Staff()
    _fail(staff.email, LIMIT - 1)
    resp = Browser().login(staff.email, staff.password)
    assert resp.status == 303, resp.describe()


def test_another_account_is_unaffected():
    assert "locked" in state, "the lock-out test did not run"
    other = Staff()
    resp = Browser().login(other.email, other.password)
    assert resp.status == 303, resp.describe()
    # and the locked one stays locked
    resp = Browser().login(state["locked"].email, state["locked"].password)
    assert resp.status in THROTTLED and TOO_MANY in resp.page_text, \
        resp.describe()


def test_email_case_does_not_dodge_the_limit():
    staff = Staff()
    variants = [staff.email.upper(), staff.email.capitalize(),
                staff.email.swapcase(), staff.email.title(),
                staff.email.upper()]
    for email in variants:
        Browser().login(email, "wrong-password-123")
    resp = Browser().login(staff.email, staff.password)
    assert resp.status in THROTTLED and TOO_MANY in resp.page_text, \
        "5 failures with the email in other cases did not lock: %s" % (
            resp.describe())


def test_failures_are_in_the_audit_log():
    assert "locked" in state, "the lock-out test did not run"
    staff = state["locked"]
    count = sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                    "'signin_failed' AND id > %d" % state["audit_before"])
    assert count >= LIMIT, "only %d signin_failed entries" % count
    # they name the account somewhere: as the object or in the detail
    named = sql_int(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'signin_failed' "
        "AND id > %d AND ((object_kind = 'staff' AND object_id = %d) "
        "OR detail LIKE '%%%s%%')" % (state["audit_before"], staff.id,
                                      staff.email))
    assert named >= LIMIT, \
        "only %d signin_failed entries name %s: %r" % (
            named, staff.email,
            sql("SELECT actor_kind, actor_id, object_kind, object_id, detail "
                "FROM audit_log WHERE action = 'signin_failed' AND id > %d"
                % state["audit_before"]))
    # and an admin sees them on the audit page
    admin = Browser()
    assert admin.login(ADMIN_EMAIL, admin_password()).status == 303
    page = admin.get("/admin/audit")
    assert page.status == 200, page.describe()
    text = page.page_text.lower()
    assert ("signin_failed" in text or "sign-in failed" in text
            or "failed sign-in" in text), \
        "no failed sign-in on the audit page: %s" % page.describe()
