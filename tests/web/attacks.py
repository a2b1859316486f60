"""attacks.py: what the attack tests share: raw HTTP over a socket (for
requests http.client will not send: oversized, slow, malformed), and a
watch on the program's log that fails a test when a worker died or a
sanitizer spoke while it ran."""

import os
import re
import socket
import time
import urllib.parse

from casebook import URL, VAR, master_pid

HOST = urllib.parse.urlsplit(URL).hostname
PORT = urllib.parse.urlsplit(URL).port or 80


def connect(timeout=15):
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_response(s):
    """(status, raw bytes) of the answer on socket S, read to its end."""
    chunks = []
    while True:
        try:
            data = s.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not data:
            break
        chunks.append(data)
    raw = b"".join(chunks)
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return (int(m.group(1)) if m else None), raw


def raw_request(data, timeout=15):
    """Send DATA (bytes) as it is on a new connection; (status, raw)."""
    s = connect(timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass        # the server may close early: read what it said
        return read_response(s)
    finally:
        s.close()


def request_head(method, path, headers=(), body_length=None):
    """The request line and headers of an HTTP/1.1 request, as bytes."""
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s:%d" % (HOST, PORT),
             "Connection: close", "User-Agent: casebook-attack-tests"]
    lines += ["%s: %s" % kv for kv in headers]
    if body_length is not None:
        lines.append("Content-Length: %d" % body_length)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class LogWatch:
    """Marks the end of the program's log; check() fails when a worker died
    (the master restarts a child that exits on a signal or an error) or a
    sanitizer reported, after the mark."""

    def __init__(self):
        self.path = os.path.join(VAR, "log", "casebook.log")
        self.master = master_pid()
        try:
            self.offset = os.path.getsize(self.path)
        except OSError:
            self.offset = 0

    def new_lines(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                return f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return []

    def check(self):
        assert master_pid() == self.master, "the master was replaced"
        for line in self.new_lines():
            assert not re.search(r"cb-(worker|jobs) \d+ .*restarting", line), \
                "a child died: %s" % line
            assert "Sanitizer" not in line and "runtime error" not in line, \
                "sanitizer report: %s" % line


def timed(func):
    """(result of FUNC(), seconds it took)."""
    start = time.monotonic()
    result = func()
    return result, time.monotonic() - start
