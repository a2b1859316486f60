"""attacks.py: what the attack tests share: raw HTTP over a socket (for
requests http.client will not send: oversized, slow, malformed), and a
watch on the program's log that fails a test when a worker died or a
sanitizer spoke while it ran."""

import os
import re
import socket
import time
import urllib.parse

from casebook import REPO, URL, VAR, master_pid

ROUTES_C = os.path.join(REPO, "app", "routes.c")
# A route: method, pattern, role, handler, and the name of its form_field array (or NULL).
ROUTE = re.compile(r'\{\s*HTTP_(GET|POST)\s*,\s*"([^"]*)"\s*,\s*(ROLE_\w+)\s*,'
                   r'\s*(\w+)\s*,\s*(\w+)')
FIELD_ARRAY = re.compile(r'const struct form_field (\w+)\[[^\]]*\]\s*=\s*\{(.*?)\n\};',
                         re.S)
# A field: name, FORM_ type, and its most bytes.
FIELD = re.compile(r'\{\s*"(\w+)"\s*,\s*(FORM_\w+)\s*,\s*[^,]+,\s*([^,]+),')


def route_table():
    """[(method, pattern, role, handler, [(field, FORM_TYPE, max)])]: the route table of
    app/routes.c with the fields each route declares (the form_field arrays of app/*.c), so
    what reads it covers routes added later. Raises ValueError when it cannot be read."""
    arrays = {}
    app_dir = os.path.join(REPO, "app")
    for name in sorted(os.listdir(app_dir)):
        if name.endswith(".c"):
            with open(os.path.join(app_dir, name), encoding="utf-8") as f:
                for array, body in FIELD_ARRAY.findall(f.read()):
                    arrays[array] = FIELD.findall(body)
    with open(ROUTES_C, encoding="utf-8") as f:
        found = ROUTE.findall(f.read())
    if len(found) < 20:
        raise ValueError("could not read the route table from %s" % ROUTES_C)
    table = []
    for method, pattern, role, handler, array in found:
        if array != "NULL" and array not in arrays:
            raise ValueError("%s %s declares %s, which is not in app/*.c"
                             % (method, pattern, array))
        table.append((method, pattern, role, handler, arrays.get(array, [])))
    return table


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
