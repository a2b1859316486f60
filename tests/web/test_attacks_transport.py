"""Attacks on the transport: oversized request lines, headers and cookies
are refused by nginx (400, 414, 431 or 494) and never crash anything;
headers just under the limits reach the program and get a normal answer;
oversized bodies get 413 wherever the limit lies; slow bodies and slow
headers pin no worker (nginx holds them until complete): other requests are
answered at once meanwhile; and no worker dies through any of it."""

import os
import socket
import time

from casebook import (ADMIN_EMAIL, SESSION_COOKIE, Browser, admin_password,
                      assert_no_leak, csrf, letters, signed_in, sql_int,
                      sql_quote, unique_email)
from attacks import (LogWatch, connect, raw_request, read_response,
                     request_head, timed)

REFUSED = (400, 413, 414, 431, 494)
WORKERS = int(os.environ.get("CASEBOOK_WORKERS") or "4")

state = {}


def setup_module():
    state["watch"] = LogWatch()
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())


def _healthy():
    resp, took = timed(lambda: Browser().get("/login"))
    assert resp.status == 200, resp.describe()
    return took


# ---------------------------------------------------------------- headers

def test_an_oversized_request_line_is_refused():
    for path in ("/" + "a" * 9000, "/clients?q=" + "b" * 16000,
                 "/" + "%41" * 5000):
        status, raw = raw_request(request_head("GET", path))
        assert status in REFUSED, "request line of %d: %r" % (len(path),
                                                             raw[:200])
    _healthy()


def test_oversized_headers_are_refused():
    cases = {
        "one 9 KB header": [("X-Big", "x" * 9000)],
        "a 9 KB cookie": [("Cookie", "%s=%s" % (SESSION_COOKIE, "c" * 9000))],
        "40 headers of 1 KB": [("X-H%d" % i, "y" * 1000) for i in range(40)],
        "a 64 KB header": [("User-Agent", "u" * 65536)],
        "5000 tiny headers": [("X-%d" % i, "1") for i in range(5000)],
    }
    for what, headers in cases.items():
        status, raw = raw_request(request_head("GET", "/", headers))
        assert status in REFUSED, "%s: %r" % (what, raw[:200])
    _healthy()


def test_headers_under_the_limits_get_a_normal_answer():
    b = state["admin"]
    cookie = b.cookie()
    headers = [("Cookie", "%s=%s; %s" % (SESSION_COOKIE, cookie, "; ".join(
        "pad%d=%s" % (i, "p" * 60) for i in range(100))))]
    headers += [("X-Pad-%d" % i, "z" * 100) for i in range(10)]
    headers += [("User-Agent", "U" * 7000), ("Referer", "/" + "r" * 5000)]
    status, raw = raw_request(request_head("GET", "/clients", headers))
    assert status == 200, raw[:300]
    # odd but legal header shapes
    for extra in ([("X-Empty", "")], [("X-Tab", "\tvalue\t")],
                  [("Content-Type", "text/plain; charset=" + "x" * 4000)],
                  [("X-Latin", "caf\xe9")]):
        status, raw = raw_request(request_head("GET", "/login", extra))
        assert status == 200, "%r: %r" % (extra[0][0], raw[:200])
    state["watch"].check()


def test_malformed_requests_are_refused_by_nginx():
    for data in (b"GET\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n",
                 b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                 b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                 b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                 b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                 b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                 b"chunked\r\n\r\nzz\r\n"):
        status, raw = raw_request(data, timeout=10)
        assert status is None or status < 500 or status == 501 or \
            status == 505, "%r: %r" % (data[:60], raw[:200])
    _healthy()
    state["watch"].check()


# ---------------------------------------------------------------- bodies

def _login_token():
    b = Browser()
    page = b.get("/login")
    return b, csrf(page.text)


def test_oversized_bodies_get_413():
    b = state["admin"]
    token = b.csrf_from("/clients/new")
    # a url-encoded form past what any form of ours sends (1 MB)
    body = "csrf_token=%s&first_name=%s" % (token, "a" * (1024 * 1024 + 10))
    resp = b.post("/clients/new", body=body)
    assert resp.status == 413, resp.describe()
    assert_no_leak(resp)
    # one multipart field past its cap (256 KB): refused, not stored
    last = "Big " + letters(6)
    resp = b.post("/clients/new", {"csrf_token": token, "first_name": "x",
                                   "last_name": last,
                                   "email": unique_email("big"),
                                   "address": "a" * (300 * 1024)},
                  files=[])
    assert resp.status in (400, 413), resp.describe()
    # too many parts
    fields = [("csrf_token", token)] + [("f%d" % i, "v") for i in range(400)]
    resp = b.post("/clients/new", fields, files=[])
    assert resp.status == 413, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM clients WHERE last_name = %s"
                   % sql_quote(last)) == 0
    # a chunked body past nginx's cap, with no length announced
    s = connect(30)
    try:
        s.sendall(request_head("POST", "/login", [
            ("Transfer-Encoding", "chunked"),
            ("Content-Type", "application/x-www-form-urlencoded")]))
        chunk = b"a" * 65536
        status = None
        try:
            for _ in range(13 * 16 + 1):        # 13 MB
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass                                # refused before the end
        status, raw = read_response(s)
        assert status == 413, raw[:300]
    finally:
        s.close()
    _healthy()
    state["watch"].check()


def _slow_socket(path, length, content_type, first=b"x"):
    """A connection that announced a body of LENGTH bytes and sent FIRST."""
    s = connect(30)
    s.sendall(request_head("POST", path, [("Content-Type", content_type)],
                           body_length=length))
    s.sendall(first)
    return s


def test_slow_bodies_pin_no_worker():
    slow = []
    try:
        # more stalled uploads than there are workers
        for i in range(WORKERS * 2 + 2):
            if i % 2:
                slow.append(_slow_socket("/login", 100000,
                                         "application/x-www-form-urlencoded",
                                         b"email=a"))
            else:
                slow.append(_slow_socket(
                    "/admin/settings", 100000,
                    "multipart/form-data; boundary=zzz", b"--zzz\r\n"))
        # and headers that trickle in (slowloris)
        for _ in range(WORKERS + 1):
            s = connect(30)
            s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nX-a: b")
            slow.append(s)
        time.sleep(1.0)
        for s in slow[:WORKERS]:
            s.sendall(b"x")
        # every worker is still free for real visitors
        for _ in range(WORKERS * 3):
            took = _healthy()
            assert took < 5, "a request took %.1f s while bodies were " \
                "pending" % took
        b = state["admin"]
        resp = b.get("/clients")
        assert resp.status == 200, resp.describe()
    finally:
        for s in slow:
            s.close()
    state["watch"].check()


def test_a_body_sent_byte_by_byte_is_answered():
    b, token = _login_token()
    body = ("csrf_token=%s&email=%s&password=wrong-password-123"
            % (token, unique_email("slow"))).encode()
    s = connect(60)
    try:
        head = request_head("POST", "/login", [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", "%s=%s" % (SESSION_COOKIE, b.cookie()))],
            body_length=len(body))
        s.sendall(head)
        start = time.monotonic()
        # about three seconds in all, in small pieces
        step = max(1, len(body) // 30)
        for i in range(0, len(body), step):
            s.sendall(body[i:i + step])
            time.sleep(0.1)
            # meanwhile another visitor is served
            if i == step * 10:
                _healthy()
        status, raw = read_response(s)
        assert status == 200, raw[:300]
        assert b"Incorrect email or password" in raw, raw[:2000]
        assert time.monotonic() - start < 20
    finally:
        s.close()


def test_a_body_shorter_than_announced_is_not_a_crash():
    # the client gives up halfway: nginx times out or the connection closes;
    # nothing reaches the program half-read
    s = _slow_socket("/login", 5000, "application/x-www-form-urlencoded",
                     b"email=a%40b.c&password=")
    s.shutdown(socket.SHUT_WR)
    status, _raw = read_response(s)
    s.close()
    assert status is None or status in (400, 408), status
    _healthy()
    state["watch"].check()
