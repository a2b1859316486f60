"""hosts.py: a second Casebook host for the tests of several hosts: a master
of its own, started from the stack's configuration with its own socket, pid
file, log and temporary directory (the same database and files directory),
under a hostname of its own where the system allows it; and a Browser that
talks FastCGI straight to one host's socket, as nginx would."""

import atexit
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.parse

from casebook import (BIN, CONFIG, VAR, Browser, Response, children,
                      process_name, wait_until)

# FastCGI record types (the FastCGI 1.0 specification)
_BEGIN_REQUEST, _END_REQUEST, _PARAMS, _STDIN, _STDOUT, _STDERR = \
    1, 3, 4, 5, 6, 7
_RESPONDER = 1


def _record(kind, content, request_id=1):
    return struct.pack(">BBHHBx", 1, kind, request_id, len(content), 0) \
        + content


def _length(n):
    return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 1 << 31)


def _params(pairs):
    out = b""
    for name, value in pairs.items():
        name, value = name.encode(), value.encode()
        out += _length(len(name)) + _length(len(value)) + name + value
    return out


def _stream(kind, data):
    """DATA as records of KIND, then the empty record that ends the stream."""
    out = b""
    for i in range(0, len(data), 32768):
        out += _record(kind, data[i:i + 32768])
    return out + _record(kind, b"")


def _read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the FastCGI connection closed early")
        data += chunk
    return data


def fastcgi_send(socket_path, method, path, headers=None, body=b""):
    """Connect to SOCKET_PATH and send one request, nginx's way (the CGI
    variables of fastcgi_params); the connected socket, to read the answer
    from with fastcgi_answer."""
    target = urllib.parse.urlsplit(path)
    env = {
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": method,
        "REQUEST_URI": path,
        "DOCUMENT_URI": target.path,
        "QUERY_STRING": target.query,
        "CONTENT_TYPE": "",
        "CONTENT_LENGTH": str(len(body)) if body else "",
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            env[key] = value
        else:
            env["HTTP_" + key] = value
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(60)
    sock.connect(socket_path)
    sock.sendall(_record(_BEGIN_REQUEST, struct.pack(">HB5x", _RESPONDER, 0))
                 + _stream(_PARAMS, _params(env)) + _stream(_STDIN, body))
    return sock


def fastcgi_answer(sock, method="GET", path="/"):
    """Read the answer to the request sent on SOCK and close it: a
    Response."""
    out = b""
    try:
        while True:
            version, kind, _, length, padding = struct.unpack(
                ">BBHHBx", _read_exactly(sock, 8))
            content = _read_exactly(sock, length)
            _read_exactly(sock, padding)
            if kind == _STDOUT:
                out += content
            elif kind == _END_REQUEST:
                break
    finally:
        sock.close()
    head, _, data = out.partition(b"\r\n\r\n")
    status, reason, headers = 200, "OK", []
    for line in head.decode("latin-1").split("\r\n"):
        name, _, value = line.partition(":")
        value = value.strip()
        if name.lower() == "status":
            code, _, reason = value.partition(" ")
            status = int(code)
        elif name:
            headers.append((name, value))
    return Response(method, path, status, reason, headers, data)


def _start_time(pid):
    """When PID started (clock ticks after boot), or None when it is gone or
    a zombie: with the pid, it names one process."""
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else int(fields[19])


def _family(master):
    """(pid, start time) of MASTER's children."""
    return [(pid, _start_time(pid)) for pid in children(master)]


class HostBrowser(Browser):
    """A Browser that talks FastCGI to one host's socket, not HTTP to
    nginx: the host answering is the one chosen."""

    def __init__(self, socket_path):
        super().__init__()
        self.socket_path = socket_path

    def _exchange(self, method, path, body, headers):
        if isinstance(body, str):
            body = body.encode("utf-8")
        sock = fastcgi_send(self.socket_path, method, path, headers,
                            body or b"")
        return fastcgi_answer(sock, method, path)


def _can_name_a_host():
    try:
        return subprocess.run(["unshare", "--uts", "true"],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Host:
    """A second casebook master beside the stack's, named NAME: started by
    start(), ended by stop() (SIGTERM) or kill() (SIGKILL to the master and
    all its children), always by pid."""

    def __init__(self, name="b", workers=2, jobs=True, extra=None):
        self.name = name
        self.config = os.path.join(VAR, "casebook-%s.hdf" % name)
        self.socket = os.path.join(VAR, "run", "casebook-%s.sock" % name)
        self.pid_file = os.path.join(VAR, "run", "casebook-%s.pid" % name)
        self.log = os.path.join(VAR, "log", "casebook-%s.log" % name)
        self.tmp_dir = os.path.join(VAR, "tmp-%s" % name)
        self.hostname = "casebook-%s" % name
        self.workers = workers
        self.jobs = jobs
        self.extra = dict(extra or {})  # more settings of this host's own
        self.proc = None

    def _write_config(self):
        with open(CONFIG, encoding="utf-8") as f:
            text = f.read()
        # later lines win: what is this host's own
        text += "\n# Host %s's own (tests/web/hosts.py)\n" % self.name
        text += "Server.Socket = %s\n" % self.socket
        text += "Server.PidFile = %s\n" % self.pid_file
        text += "Server.LogFile = %s\n" % self.log
        text += "Server.TmpDir = %s\n" % self.tmp_dir
        text += "Server.Workers = %d\n" % self.workers
        text += "Jobs.Enabled = %s\n" % ("yes" if self.jobs else "no")
        for key, value in self.extra.items():
            text += "%s = %s\n" % (key, value)
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(text)

    def start(self):
        # stopped even when the test run is cut short (run.py killed on its
        # time limit gets SIGTERM: exit, so atexit runs)
        atexit.register(self.close)
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        os.makedirs(self.tmp_dir, mode=0o700, exist_ok=True)
        self._write_config()
        command = [BIN, "serve", "-c", self.config]
        if _can_name_a_host():
            # the same pid all along: unshare and sh exec what follows
            command = ["unshare", "--uts", "sh", "-c",
                       'hostname "$0" && exec "$@"', self.hostname] + command
        with open(self.log + ".out", "ab") as out:
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=out,
                                         start_new_session=True)
        wait_until(lambda: os.path.exists(self.socket) and
                   self.proc.poll() is None and
                   len(self.worker_pids()) == self.workers,
                   timeout=30, message="host %s serving" % self.name)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def worker_pids(self):
        return children(self.pid, "cb-worker")

    def job_runner_pids(self):
        return children(self.pid, "cb-jobs")

    def browser(self):
        return HostBrowser(self.socket)

    def stop(self, timeout=30):
        """SIGTERM, as an operator's stop; its exit status."""
        if not self.alive():
            return self.proc.returncode if self.proc else None
        family = _family(self.pid)
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self._kill_left(family)

    def kill(self):
        """SIGKILL to the master and every child of it, as a host that
        dies."""
        if not self.alive():
            return
        # stopped first, so it starts no child between the count and the kill
        os.kill(self.pid, signal.SIGSTOP)
        family = _family(self.pid)
        os.kill(self.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._kill_left(family)
        # what a dead host leaves: a socket nobody answers, a stale pid file

    def _kill_left(self, family):
        """SIGKILL what is left of FAMILY ((pid, start time) of this master's
        children, taken while they were its own): a pid since reused by
        another process has another start time and is left alone."""
        for pid, started in family:
            if _start_time(pid) == started:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        wait_until(lambda: all(_start_time(p) != t for p, t in family),
                   timeout=10, message="host %s's children gone" % self.name)

    def close(self):
        """Stop it if it runs, and remove what it left."""
        if self.alive():
            try:
                self.stop()
            except subprocess.TimeoutExpired:
                self.kill()
        for path in (self.socket, self.pid_file, self.config):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass


def wait_gone(pid, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process_name(pid) is None:
            return True
        time.sleep(0.05)
    return False
