"""Health checks: /healthz answers without the database, /readyz with it."""

from casebook import Browser


def test_healthz_says_ok_as_plain_text():
    resp = Browser().get("/healthz")
    assert resp.status == 200, resp.describe()
    assert resp.body == b"ok\n", "body %r" % resp.body
    assert resp.content_type.startswith("text/plain"), resp.content_type


def test_healthz_starts_no_session():
    # sessions live in the database: a health check that sets the session
    # cookie has used it
    resp = Browser().get("/healthz")
    assert resp.status == 200, resp.describe()
    assert resp.set_cookie() is None, \
        "healthz set a session cookie: %r" % resp.set_cookies


def test_readyz_says_ready_while_database_is_up():
    resp = Browser().get("/readyz")
    assert resp.status == 200, resp.describe()
    assert resp.body == b"ready\n", "body %r" % resp.body
    assert resp.content_type.startswith("text/plain"), resp.content_type
    assert resp.set_cookie() is None, \
        "readyz set a session cookie: %r" % resp.set_cookies


def test_health_checks_ignore_a_query_string():
    # load balancers append cache-busters
    resp = Browser().get("/healthz?probe=1")
    assert resp.status == 200, resp.describe()
    assert resp.body == b"ok\n", "body %r" % resp.body
