"""Sign-in throttling by address: a password-guessing run over many emails
from one address is refused (429, "Too many sign-in attempts, try again in
N minutes") once Signin.AddressMaxFailures failures from it fall within the
window, on staff and portal sign-in alike, before any password check and
without counting the refused attempts; another address is not slowed. One
attacker cannot lock a real user out from elsewhere: failures for an email
from one address lock it at that address only. A lock ends when its
failures leave the window.

The requests come from other loopback addresses (127.0.0.2 and up) than
the rest of the suite, so nginx passes each its own address. Most of the
run's failures are written as the rows the program writes for them, the
last ones go through the form: each failure through the form costs a
password check, seconds under the sanitizers."""

import http.client

from casebook import (HTTP_TIMEOUT, Browser, Staff, config_value, sql,
                      sql_int, sql_quote, unique_email)
from portal import portal_login

TOO_MANY = "Too many sign-in attempts, try again in"
EMAIL_LOCKED = "Too many failed sign-ins for this email"
INCORRECT = "Incorrect email or password."

state = {}


class From(Browser):
    """A Browser whose connections come from SOURCE (a loopback address)."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def _connection(self):
        return http.client.HTTPConnection(self.host, self.port,
                                          timeout=HTTP_TIMEOUT,
                                          source_address=(self.source, 0))


def _limit():
    return int(config_value("Signin.AddressMaxFailures", "20"))


def _window_minutes():
    return int(config_value("Signin.WindowMinutes", "15"))


def _failures_from(address):
    return sql_int("SELECT COUNT(*) FROM signin_failures WHERE ip = %s"
                   % sql_quote(address))


def _forget(address):
    sql("DELETE FROM signin_failures WHERE ip = %s" % sql_quote(address))


def setup_module():
    for address in ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
                    "127.0.0.6"):
        _forget(address)
    state["staff"] = Staff()


def teardown_module():
    for address in ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
                    "127.0.0.6"):
        _forget(address)


def test_a_run_over_many_emails_from_one_address_is_stopped():
    attacker = "127.0.0.2"
    limit = _limit()
    # The run's first guesses, as the program writes them (one row per
    # failure: the email tried and the address), so that the test costs a
    # few password checks rather than Signin.AddressMaxFailures of them;
    # the last ones go through the sign-in form.
    through_form = min(5, limit)
    if limit > through_form:
        sql("INSERT INTO signin_failures (email, ip, created_at) VALUES %s"
            % ", ".join("(%s, %s, UTC_TIMESTAMP())"
                        % (sql_quote(unique_email("guess%d" % i)),
                           sql_quote(attacker))
                        for i in range(limit - through_form)))
    # every guess a different email: the per-email limit never comes near
    for i in range(through_form):
        email = unique_email("guess-form%d" % i)
        resp = From(attacker).login(email, "Summer2026!")
        assert resp.status == 200 and INCORRECT in resp.page_text, \
            "guess %d of %d: %s" % (limit - through_form + i + 1, limit,
                                    resp.describe())
        # counted against the address the request came from
        assert sql_int("SELECT COUNT(*) FROM signin_failures WHERE email = "
                       "%s AND ip = %s" % (sql_quote(email),
                                           sql_quote(attacker))) == 1
    assert _failures_from(attacker) == limit
    # the next guess, on staff or portal sign-in, even with a real
    # account's right password, is refused before any password check
    staff = state["staff"]
    b = From(attacker)
    resp = b.login(staff.email, staff.password)
    assert resp.status == 429, resp.describe()
    assert TOO_MANY in resp.page_text, resp.describe()
    assert "minute" in resp.page_text
    assert sql_int("SELECT COUNT(*) FROM auth_sessions WHERE user_kind = "
                   "'staff' AND user_id = %d" % staff.id) == 0
    _b, resp = portal_login(unique_email("guess-portal"), "Summer2026!",
                            browser=From(attacker))
    assert resp.status == 429, resp.describe()
    assert TOO_MANY in resp.page_text, resp.describe()
    # refused attempts are not counted, so knocking does not prolong it
    assert _failures_from(attacker) == limit
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action IN "
                   "('signin_throttled', 'portal_signin_throttled') AND ip = "
                   "%s" % sql_quote(attacker)) >= 2
    state["locked"] = attacker


def test_another_address_is_not_slowed():
    assert "locked" in state, "the run test did not run"
    staff = state["staff"]
    resp = From("127.0.0.3").login(unique_email("nobody"), "Summer2026!")
    assert resp.status == 200 and INCORRECT in resp.page_text, \
        resp.describe()
    b = From("127.0.0.3")
    resp = b.login(staff.email, staff.password)
    assert resp.status == 303, resp.describe()
    # and the locked address still is
    resp = From(state["locked"]).login(staff.email, staff.password)
    assert resp.status == 429, resp.describe()


def test_the_lock_ends_with_its_window():
    assert "locked" in state, "the run test did not run"
    address = state["locked"]
    # the failures age past the window (as if its minutes had gone by)
    sql("UPDATE signin_failures SET created_at = created_at - INTERVAL %d "
        "MINUTE - INTERVAL 1 SECOND WHERE ip = %s"
        % (_window_minutes(), sql_quote(address)))
    staff = state["staff"]
    resp = From(address).login(staff.email, staff.password)
    assert resp.status == 303, resp.describe()


def test_one_attacker_cannot_lock_a_user_out_from_elsewhere():
    staff = Staff()
    attacker, user = "127.0.0.5", "127.0.0.6"
    limit = int(config_value("Signin.MaxFailures", "5"))
    for i in range(limit):
        resp = From(attacker).login(staff.email, "guess-%d" % i)
        assert resp.status == 200 and INCORRECT in resp.page_text, \
            resp.describe()
    # the email is locked for the attacker's address...
    resp = From(attacker).login(staff.email, staff.password)
    assert resp.status == 429 and EMAIL_LOCKED in resp.page_text, \
        resp.describe()
    # ...not for the user elsewhere
    resp = From(user).login(staff.email, staff.password)
    assert resp.status == 303, resp.describe()
