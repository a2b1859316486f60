"""Security headers on every answer nginx gives, its own error pages included
(a malformed request line, a request line or a header too long, the program
not answering), and each header exactly once: on a static file, on the
program's pages (which send their own copy, hidden by nginx) and on those
errors."""

import socket
import urllib.parse

from casebook import (ADMIN_EMAIL, SECURITY_HEADERS, Browser, admin_password,
                      assert_security_headers, signed_in, stack, URL,
                      wait_until)

TARGET = urllib.parse.urlsplit(URL)


def _raw(request, timeout=10):
    """Send REQUEST (bytes) as is to nginx; (status, [(name, value)])."""
    with socket.create_connection((TARGET.hostname, TARGET.port),
                                  timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n")
    assert lines[0].startswith("HTTP/1."), "no HTTP answer: %r" % data[:200]
    status = int(lines[0].split()[1])
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return status, headers


def _assert_each_once(status, headers, what):
    for name, value in SECURITY_HEADERS.items():
        got = [v for n, v in headers if n.lower() == name.lower()]
        assert got == [value], "%s on %s (%d): %r" % (name, what, status, got)
    assert not [v for n, v in headers if n.lower() == "server" and "/" in v], \
        "nginx's version on %s: %r" % (what, headers)


def test_malformed_request_line():
    status, headers = _raw(b"GE\x01T / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert status == 400, (status, headers)
    _assert_each_once(status, headers, "a malformed request line")


def test_request_line_too_long():
    status, headers = _raw(b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n"
                           b"Host: localhost\r\nConnection: close\r\n\r\n")
    assert status == 414, (status, headers)
    _assert_each_once(status, headers, "a request line too long")


def test_header_too_long():
    """nginx's 494 (a header past its buffers), sent as 400."""
    status, headers = _raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n"
                           b"X-Long: " + b"a" * 20000 + b"\r\n"
                           b"Connection: close\r\n\r\n")
    assert status == 400, (status, headers)
    _assert_each_once(status, headers, "a header too long")


def test_static_file_has_each_header_once():
    resp = Browser().get("/static/casebook.css")
    assert resp.status == 200, resp.describe()
    assert_security_headers(resp, no_store=False)


def test_dynamic_pages_have_each_header_once():
    resp = Browser().get("/login")
    assert resp.status == 200, resp.describe()
    assert_security_headers(resp)
    b = signed_in(ADMIN_EMAIL, admin_password())
    for path in ("/", "/clients", "/no/such/page"):
        resp = b.get(path)
        assert resp.status in (200, 404), resp.describe()
        assert_security_headers(resp)
    for name in ("Permissions-Policy", "Cache-Control"):
        assert len(resp.header_all(name)) == 1, resp.describe()


def test_program_down_gives_502_with_the_headers():
    """The program stopped: nginx answers 502 itself. Last in this file: the
    program is started again after."""
    stack("stop-app")
    try:
        status, headers = _raw(b"GET /login HTTP/1.1\r\nHost: localhost\r\n"
                               b"Connection: close\r\n\r\n")
        assert status == 502, (status, headers)
        _assert_each_once(status, headers, "a 502")
    finally:
        stack("start-app")
        wait_until(lambda: Browser().get("/healthz").status == 200,
                   timeout=30, message="the program answering again")
