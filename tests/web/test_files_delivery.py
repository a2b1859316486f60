"""Files.Delivery: who sends a stored file's bytes once the program has
checked the caller's right to it. nginx (the default) answers
X-Accel-Redirect; xsendfile names the stored file's absolute path in
X-Sendfile for Apache's mod_xsendfile; stream has the worker send the bytes
itself, in pieces, with Content-Length from the file: the same bytes, the
same headers, the same 404s and audit entries, memory flat for a 50 MB file,
and a browser that leaves mid-way leaves every worker alive and answering.

The running stack's configuration is switched (a line appended, then SIGHUP
to the master) and put back at the end. nginx does not pass X-Sendfile or
X-Accel-Redirect on, so those answers are read from the program's FastCGI
socket directly (hosts.py), as nginx or Apache would."""

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import urllib.parse

from casebook import (BIN, CONFIG, SECURITY_HEADERS, URL, VAR, Browser,
                      assert_no_leak, assert_security_headers, config_value,
                      input_value, master_pid, process_name, select_options,
                      sql, sql_int, sql_value, wait_until, worker_pids)
from filespay import (PDF, PNG, SVG, files_dir, sha256, upload_ok, world,
                      world_end)
from hosts import HostBrowser, fastcgi_send

state = {}

SANDBOX = re.compile(r"(^|;\s*)sandbox(;|$)")
BIG = 50 * 1024 * 1024
# room for the 50 MB file whatever else the stack's other tests stored
LIMITS = "Files.MaxBytes = %d\nFiles.QuotaBytes = %d\n" % (64 * 1024 * 1024,
                                                           8 << 30)


def _expected_workers():
    return int(config_value("Server.Workers", "4"))


def _reload(text):
    """Write TEXT as the stack's configuration, SIGHUP the master and wait
    for a whole new generation of workers."""
    old = set(worker_pids())
    with open(CONFIG, "w", encoding="utf-8") as f:
        f.write(text)
    os.kill(master_pid(), signal.SIGHUP)

    def new_generation():
        now = set(worker_pids())
        return (now and now.isdisjoint(old)
                and len(now) == _expected_workers())
    wait_until(new_generation, timeout=30,
               message="workers of the new configuration (old %r)"
               % sorted(old))


def _deliver(mode):
    _reload(state["config"] + "\n# tests/web/test_files_delivery.py\n"
            + LIMITS + "Files.Delivery = %s\n" % mode)


def _socket_path():
    return config_value("Server.Socket")


def _direct(browser):
    """A browser on the program's own socket, with BROWSER's session."""
    b = HostBrowser(_socket_path())
    b.cookies = dict(browser.cookies)
    return b


def _log():
    path = os.path.join(VAR, "log", "casebook.log")
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def _audits(client_id, since):
    return [d for (d,) in sql(
        "SELECT detail FROM audit_log WHERE action = 'file_downloaded' AND "
        "object_kind = 'client' AND object_id = %d AND id > %d ORDER BY id"
        % (client_id, since))]


def _last_audit():
    return sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")


def _key(file_id):
    return sql_value("SELECT storage_key FROM files WHERE id = %d" % file_id)


def _memory(pid, field):
    """FIELD (VmRSS, VmHWM) of PID's /proc status in kB, or None when gone."""
    try:
        with open("/proc/%d/status" % pid, encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _file_headers_as_sent_by_the_program(resp):
    """The headers the program itself puts on a stored file (nothing in
    front of it): the page's security headers once, the file's sandbox as a
    second policy, no-store."""
    for name, value in SECURITY_HEADERS.items():
        if name != "Content-Security-Policy":
            assert resp.header_all(name) == [value], (name, resp.headers)
    policies = resp.header_all("Content-Security-Policy")
    assert SECURITY_HEADERS["Content-Security-Policy"] in policies, policies
    assert any(SANDBOX.search(p) for p in policies), policies
    assert "no-store" in (resp.header("Cache-Control") or ""), resp.headers
    assert resp.header("X-Accel-Redirect") is None, resp.headers


def _save_logo(admin, image):
    """Upload IMAGE as the practice's logo through the settings form."""
    page = admin.get("/admin/settings")
    assert page.status == 200, page.describe()
    fields = {}
    for field in ("name", "base_url", "time_zone", "date_order",
                  "phone_country", "currency"):
        options = select_options(page.text, field)
        if options is None:
            fields[field] = input_value(page.text, field) or ""
        else:
            fields[field] = next((v for v, _, on in options if on), "")
    fields["csrf_token"] = input_value(page.text, "csrf_token")
    resp = admin.post("/admin/settings", fields,
                      files=[("logo", "logo.png", "image/png", image)])
    assert resp.status == 303, resp.describe()


def setup_module():
    with open(CONFIG, encoding="utf-8") as f:
        state["config"] = f.read()
    state["tmp"] = tempfile.mkdtemp(prefix="delivery-",
                                    dir=os.path.join(VAR, "tmp")
                                    if os.path.isdir(os.path.join(VAR, "tmp"))
                                    else None)
    w = state["w"] = world()
    state["logo_before"] = sql_value(
        "SELECT logo_key FROM practice_settings WHERE id = 1")
    files = [("report.pdf", PDF), ("scan.png", PNG), ("drawing.svg", SVG),
             ("Überweisung März ‘2026’.pdf",
              b"%PDF-1.7\n" + os.urandom(300000))]
    # shared: the client sees them in the portal too
    state["ids"] = upload_ok(w.c1, w.token["c1"], "/clients/%d/files" % w.a,
                             files, shared=True)
    state["files"] = files
    (state["gone"],) = upload_ok(w.c1, w.token["c1"],
                                 "/clients/%d/files" % w.a,
                                 [("gone.pdf", PDF)])
    os.unlink(os.path.join(files_dir(), _key(state["gone"])))


def teardown_module():
    try:
        if "config" in state:
            with open(CONFIG, encoding="utf-8") as f:
                now = f.read()
            if now != state["config"]:
                _reload(state["config"])
        if "big" in state:
            key = _key(state["big"])
            sql("DELETE FROM files WHERE id = %d" % state["big"])
            if key:
                try:
                    os.unlink(os.path.join(files_dir(), key))
                except FileNotFoundError:
                    pass
        if "w" in state and not state.get("logo_before") and sql_value(
                "SELECT logo_key FROM practice_settings WHERE id = 1"):
            admin = state["w"].admin
            admin.post("/admin/settings/logo/remove",
                       {"csrf_token": admin.csrf_from("/admin/settings")})
    finally:
        if "tmp" in state:
            shutil.rmtree(state["tmp"], ignore_errors=True)
        if "w" in state:
            world_end(state["w"])


def test_a_delivery_other_than_the_three_is_refused():
    path = os.path.join(state["tmp"], "casebook.hdf")

    def check(extra):
        with open(path, "w", encoding="utf-8") as f:
            f.write(state["config"] + "\n" + extra + "\n")
        return subprocess.run([BIN, "check-config", "-c", path],
                              capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)

    for mode in ("nginx", "xsendfile", "stream"):
        proc = check("Files.Delivery = %s" % mode)
        assert proc.returncode == 0, (mode, proc.stderr)
    for bad in ("apache", "Stream", "sendfile", "nginx stream"):
        proc = check("Files.Delivery = %s" % bad)
        assert proc.returncode != 0, "Files.Delivery = %s was taken" % bad
        assert 'Files.Delivery = "%s"' % bad in proc.stderr, proc.stderr
        for name in ("nginx", "xsendfile", "stream"):
            assert name in proc.stderr, proc.stderr
    # the web server opens the file by the path it is given
    proc = check("Files.Delivery = xsendfile\nPaths.Files = .")
    assert proc.returncode != 0 and "absolute" in proc.stderr, proc.stderr


def test_nginx_is_the_default_and_hands_over_the_file():
    w = state["w"]
    assert "Files.Delivery" not in state["config"]
    fid, (name, data) = state["ids"][0], state["files"][0]
    resp = _direct(w.c1).get("/clients/%d/files/%d" % (w.a, fid))
    assert resp.status == 200, resp.describe()
    assert resp.header("X-Accel-Redirect") == "/_files/%s" % _key(fid)
    assert resp.body == b""
    resp = w.c1.get("/clients/%d/files/%d" % (w.a, fid))
    assert resp.status == 200 and resp.body == data, resp.describe()
    # bytes gone from the store: nginx's 404
    resp = w.c1.get("/clients/%d/files/%d" % (w.a, state["gone"]))
    state["gone_status"] = resp.status
    assert resp.status == 404, resp.describe()


def test_stream_sends_the_same_bytes_and_headers_through_nginx():
    w = state["w"]
    _deliver("stream")
    since = _last_audit()
    for fid, (name, data) in zip(state["ids"], state["files"]):
        resp = w.c1.get("/clients/%d/files/%d" % (w.a, fid))
        assert resp.status == 200, resp.describe()
        assert sha256(resp.body) == sha256(data), name
        assert resp.header("Content-Length") == str(len(data)), resp.headers
        assert resp.header("X-Accel-Redirect") is None
        assert resp.header("Content-Type") == sql_value(
            "SELECT content_type FROM files WHERE id = %d" % fid)
        disposition = resp.header("Content-Disposition") or ""
        assert disposition.startswith('attachment; filename="'), disposition
        assert "filename*=UTF-8''" + urllib.parse.quote(
            name, safe="!#$&+-.^_`|~") in disposition, disposition
        assert_security_headers(resp)
    # the client's own download, in the portal
    resp = w.client_a.get("/portal/files/%d" % state["ids"][0])
    assert resp.status == 200 and resp.body == state["files"][0][1], \
        resp.describe()
    assert _audits(w.a, since) == ["file %d" % i for i in state["ids"]] + [
        "file %d" % state["ids"][0]]


def test_stream_from_the_program_itself():
    w = state["w"]
    direct = _direct(w.c1)
    for fid, (name, data) in zip(state["ids"], state["files"]):
        resp = direct.get("/clients/%d/files/%d" % (w.a, fid))
        assert resp.status == 200, resp.describe()
        assert resp.body == data, name
        assert resp.header("Content-Length") == str(len(data))
        assert resp.header("Content-Disposition").startswith("attachment;")
        # the SVG's sandbox comes from the program when nginx sends nothing
        _file_headers_as_sent_by_the_program(resp)
    # HEAD: the headers, the length, no bytes
    resp = direct.request("HEAD", "/clients/%d/files/%d"
                          % (w.a, state["ids"][3]))
    assert resp.status == 200 and resp.body == b"", resp.describe()
    assert resp.header("Content-Length") == str(len(state["files"][3][1]))


def test_stream_keeps_the_access_rules():
    w = state["w"]
    since = _last_audit()
    fid = state["ids"][0]
    # staff who may not see the client, a client who is not this one
    # (signed out: to the portal's sign-in)
    for browser, path, status in (
            (w.c2, "/clients/%d/files/%d" % (w.a, fid), 404),
            (w.client_b, "/portal/files/%d" % fid, 404),
            (w.c1, "/clients/%d/files/%d" % (w.b, fid), 404),
            (Browser(), "/portal/files/%d" % fid, 303)):
        resp = browser.get(path)
        assert resp.status == status, resp.describe()
        assert sha256(resp.body) != sha256(state["files"][0][1])
        resp = _direct(browser).get(path)
        assert resp.status == status, resp.describe()
        assert resp.header("Content-Disposition") is None, resp.headers
    assert _audits(w.a, since) == [] and _audits(w.b, since) == []


def test_stream_answers_as_before_when_the_bytes_are_gone():
    w = state["w"]
    since = _last_audit()
    path = "/clients/%d/files/%d" % (w.a, state["gone"])
    resp = w.c1.get(path)
    assert resp.status == state["gone_status"] == 404, resp.describe()
    assert resp.header("Content-Disposition") is None, resp.headers
    assert_no_leak(resp)
    assert_security_headers(resp)
    # audited as nginx's download was: the program cannot tell beforehand
    assert _audits(w.a, since) == ["file %d" % state["gone"]]
    # and the worker goes on
    resp = w.c1.get("/clients/%d/files/%d" % (w.a, state["ids"][0]))
    assert resp.status == 200 and resp.body == state["files"][0][1]


def test_stream_sends_the_logo():
    w = state["w"]
    _save_logo(w.admin, PNG)
    resp = Browser().get("/practice/logo")
    assert resp.status == 200, resp.describe()
    assert resp.body == PNG and resp.content_type == "image/png"
    assert resp.header("Content-Length") == str(len(PNG))
    assert_security_headers(resp)
    resp = HostBrowser(_socket_path()).get("/practice/logo")
    assert resp.status == 200 and resp.body == PNG, resp.describe()
    _file_headers_as_sent_by_the_program(resp)


def test_stream_of_50_mb_keeps_the_worker_memory_flat():
    w = state["w"]
    path = os.path.join(state["tmp"], "large.pdf")
    with open(path, "wb") as f:
        f.write(b"%PDF-1.7\n")
        for _ in range(BIG // (1 << 20)):
            f.write(os.urandom(1 << 20))
    with open(path, "rb") as f:
        data = f.read()
    state["big_sha"] = sha256(data)
    state["big_size"] = len(data)
    (state["big"],) = upload_ok(w.c1, w.token["c1"],
                                "/clients/%d/files" % w.a,
                                [("large.pdf", data)])
    del data
    # every worker has answered a download and pages before the measure
    for _ in range(3 * _expected_workers()):
        assert w.c1.get("/clients/%d/files/%d"
                        % (w.a, state["ids"][3])).status == 200
    before = {pid: (_memory(pid, "VmRSS"), _memory(pid, "VmHWM"))
              for pid in worker_pids()}
    resp = w.c1.get("/clients/%d/files/%d" % (w.a, state["big"]))
    assert resp.status == 200, resp.describe()
    assert resp.header("Content-Length") == str(state["big_size"])
    assert len(resp.body) == state["big_size"]
    assert sha256(resp.body) == state["big_sha"]
    del resp
    grew = {}
    for pid, (rss, peak) in before.items():
        rss_now, peak_now = _memory(pid, "VmRSS"), _memory(pid, "VmHWM")
        assert rss_now is not None, "worker %d is gone" % pid
        grew[pid] = (rss_now - rss, peak_now - peak)
    # the peak too: a worker that read the file whole would have grown by
    # 50 MB at its height, whatever it freed afterwards
    for pid, (rss, peak) in grew.items():
        assert rss < 4096 and peak < 4096, \
            "worker %d grew by %d kB (peak %d kB): %r" % (pid, rss, peak,
                                                          grew)


def _cut_through_nginx(path, cookie, keep):
    """GET PATH over HTTP, read KEEP bytes, then close: a browser gone."""
    u = urllib.parse.urlsplit(URL)
    s = socket.create_connection((u.hostname, u.port or 80), timeout=30)
    got = 0
    try:
        s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n\r\n"
                   % (path, u.netloc, cookie)).encode("ascii"))
        while got < keep:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += len(chunk)
    finally:
        s.close()
    return got


def _cut_on_the_socket(path, cookie, keep):
    """The same on the program's FastCGI socket: nginx or Apache gone."""
    s = fastcgi_send(_socket_path(), "GET", path, {"Cookie": cookie})
    got = 0
    try:
        while got < keep:
            head = s.recv(8, socket.MSG_WAITALL)
            if len(head) < 8:
                break
            _, kind, _, length, padding = struct.unpack(">BBHHBx", head)
            body = s.recv(length + padding, socket.MSG_WAITALL)
            got += len(body)
    finally:
        s.close()
    return got


def test_a_download_cut_off_midway_leaves_every_worker_answering():
    assert "big" in state, "the 50 MB file was not uploaded"
    w = state["w"]
    path = "/clients/%d/files/%d" % (w.a, state["big"])
    cookie = "casebook_session=%s" % w.c1.cookie()
    workers = sorted(worker_pids())
    left = _log().count("the browser left")
    assert _cut_through_nginx(path, cookie, 1 << 20) >= 1 << 20
    assert _cut_on_the_socket(path, cookie, 1 << 20) >= 1 << 20
    # the worker saw its write fail and said so
    wait_until(lambda: _log().count("the browser left") > left, timeout=15,
               message="the worker to notice the browser left")
    for _ in range(2):
        assert _cut_on_the_socket(path, cookie, 200000) >= 200000
    time.sleep(0.5)
    assert sorted(worker_pids()) == workers, \
        "workers died or were replaced: %r, before %r" % (worker_pids(),
                                                          workers)
    for pid in workers:
        assert process_name(pid) == "cb-worker", "worker %d is gone" % pid
    # every worker answers: more requests than workers, in a row and at once
    for _ in range(3 * len(workers)):
        resp = w.c1.get("/clients/%d/files/%d" % (w.a, state["ids"][0]))
        assert resp.status == 200 and resp.body == state["files"][0][1], \
            resp.describe()
    resp = w.c1.get(path)
    assert resp.status == 200 and sha256(resp.body) == state["big_sha"]


def test_xsendfile_names_the_stored_file():
    w = state["w"]
    _deliver("xsendfile")
    since = _last_audit()
    direct = _direct(w.c1)
    for fid, (name, data) in zip(state["ids"], state["files"]):
        resp = direct.get("/clients/%d/files/%d" % (w.a, fid))
        assert resp.status == 200, resp.describe()
        sent = resp.header("X-Sendfile")
        assert sent is not None, resp.headers
        assert os.path.isabs(sent), sent
        assert sent == os.path.join(files_dir(), _key(fid)), sent
        with open(sent, "rb") as f:
            assert sha256(f.read()) == sha256(data), name
        assert resp.body == b"", "a body came with X-Sendfile"
        assert resp.header("Content-Type") == sql_value(
            "SELECT content_type FROM files WHERE id = %d" % fid)
        assert resp.header("Content-Disposition").startswith(
            'attachment; filename="'), resp.headers
        _file_headers_as_sent_by_the_program(resp)
    resp = HostBrowser(_socket_path()).get("/practice/logo")
    assert resp.status == 200 and resp.body == b"", resp.describe()
    assert resp.header("X-Sendfile") == os.path.join(
        files_dir(), sql_value("SELECT logo_key FROM practice_settings "
                               "WHERE id = 1"))
    # the same rules: nothing named for those who may not have it
    resp = _direct(w.c2).get("/clients/%d/files/%d" % (w.a, state["ids"][0]))
    assert resp.status == 404 and resp.header("X-Sendfile") is None, \
        resp.describe()
    assert _audits(w.a, since) == ["file %d" % i for i in state["ids"]]
