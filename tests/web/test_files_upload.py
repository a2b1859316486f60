"""Files (/clients/{id}/files and /portal/files): staff upload one or many
files, typed by their content; clients upload theirs in the portal and they
appear on the profile; sharing decides what the client sees; downloads
come from nginx (X-Accel-Redirect) after the program checked and audited
them, as attachments with a safe name, byte for byte what was uploaded.
Limits: the size cap, the practice's quota, allowed types only (SVG only as
a sandboxed attachment). An interrupted upload leaves neither row nor file.
Only the uploader or an admin deletes a file, and its bytes go with it."""

import os
import re
import socket
import time
import urllib.parse

from casebook import (URL, Browser, config_value, csrf, sql, sql_int,
                      sql_value, wait_until, links)
from filespay import (ELF, PDF, PNG, SVG, docx, download_name, file_rows,
                      files_dir, plain_zip, refused, sha256, stored,
                      temp_files, upload, upload_ok, world, world_end)

state = {}


def setup_module():
    state["w"] = world()


def teardown_module():
    if "w" in state:
        world_end(state["w"])


def _w():
    return state["w"]


def _staff_path(w, client=None):
    return "/clients/%d/files" % (client or w.a)


def _audits(action, client_id, since):
    return [d for (d,) in sql(
        "SELECT detail FROM audit_log WHERE action = '%s' AND object_kind = "
        "'client' AND object_id = %d AND id > %d ORDER BY id"
        % (action, client_id, since))]


def _last_audit():
    return sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")


def test_staff_upload_many_at_once_and_download_same_bytes():
    w = _w()
    since = _last_audit()
    before = stored()
    big = os.urandom(3 * 1024 * 1024)
    files = [("report.pdf", PDF), ("scan.png", PNG), ("plan.docx", docx()),
             ("notes.txt", "Café – notes\r\n".encode("utf-8")),
             ("budget.csv", b"item,amount\r\nrent,900.00\r\n"),
             ("random.pdf", b"%PDF-1.7\n" + big)]
    ids = upload_ok(w.admin, w.token["admin"], _staff_path(w), files)
    rows = sql("SELECT original_name, size, content_type, sha256, "
               "uploaded_by_kind, shared, storage_key FROM files WHERE id IN "
               "(%s) ORDER BY id" % ",".join(map(str, ids)))
    kinds = [r[2] for r in rows]
    assert kinds == [
        "application/pdf", "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml."
        "document", "text/plain", "text/csv", "application/pdf"], kinds
    for (name, data), row in zip(files, rows):
        assert row[0] == name and int(row[1]) == len(data)
        assert row[3] == sha256(data)
        assert row[4] == "staff" and row[5] == "0"
    # the bytes are on disk under the random names, and nowhere else
    assert stored() - before == {r[6] for r in rows}
    for r in rows:
        assert re.fullmatch(r"[0-9a-f]{64}", r[6])
        mode = os.stat(os.path.join(files_dir(), r[6])).st_mode & 0o777
        assert mode & 0o007 == 0, "stored file readable by others: %o" % mode
    # each download is byte for byte the upload, sent by nginx
    for fid, (name, data) in zip(ids, files):
        resp = w.admin.get("/clients/%d/files/%d" % (w.a, fid))
        assert resp.status == 200, resp.describe()
        assert sha256(resp.body) == sha256(data), name
        assert resp.header("Content-Disposition").startswith("attachment;")
        assert resp.header("X-Accel-Redirect") is None
        assert resp.header("X-Content-Type-Options") == "nosniff"
        assert "sandbox" in " ".join(resp.header_all(
            "Content-Security-Policy"))
    assert len(_audits("file_uploaded", w.a, since)) == len(files)
    assert _audits("file_downloaded", w.a, since) == [
        "file %d" % i for i in ids]
    # the tab lists them with the practice's usage
    page = w.admin.get(_staff_path(w))
    assert page.status == 200, page.describe()
    for name, _ in files:
        assert name in page.text
    assert "The practice's files use" in page.page_text


def test_utf8_name_with_quotes_and_slashes():
    w = _w()
    # what a browser sends: the quote as %22; a path before the name is cut
    sent = "dir/sub\\Überweisung %22März%22 ‘2026’ résumé.pdf"
    kept = 'Überweisung "März" ‘2026’ résumé.pdf'
    (fid,) = upload_ok(w.c1, w.token["c1"], _staff_path(w), [(sent, PDF)])
    assert sql_value("SELECT original_name FROM files WHERE id = %d"
                     % fid) == kept
    resp = w.c1.get("/clients/%d/files/%d" % (w.a, fid))
    assert resp.status == 200, resp.describe()
    ascii_name, utf8_name = download_name(resp)
    assert utf8_name == kept
    assert ascii_name is not None and all(32 <= ord(c) < 127
                                          for c in ascii_name)
    assert '"' not in ascii_name and "/" not in ascii_name
    assert "\\" not in ascii_name
    assert ascii_name.endswith(".pdf")
    # the page shows the name escaped
    page = w.c1.get(_staff_path(w))
    assert "Überweisung &quot;März&quot;" in page.text


def test_disallowed_type_renamed_to_pdf_is_refused():
    w = _w()
    rows, before, tmp = file_rows(w.a), stored(), temp_files()
    for name, data in (("invoice.pdf", ELF), ("letter.docx", plain_zip()),
                       ("photo.png", b"MZ\x90\x00" + b"\x00" * 100)):
        message = refused(w.admin, upload(w.admin, w.token["admin"],
                                          _staff_path(w), [(name, data)]))
        assert "not a kind of file" in message, message
        for kind in ("JPG", "PNG", "GIF", "WEBP", "PDF", "DOC", "DOCX",
                     "XLS", "XLSX", "PPT", "PPTX", "CSV", "TXT"):
            assert kind in message, (kind, message)
    # one bad file in a batch refuses the batch
    refused(w.admin, upload(w.admin, w.token["admin"], _staff_path(w),
                            [("fine.pdf", PDF), ("bad.pdf", ELF)]))
    assert file_rows(w.a) == rows
    assert stored() == before
    assert temp_files() == tmp


def test_svg_is_served_only_as_sandboxed_attachment():
    w = _w()
    (fid,) = upload_ok(w.admin, w.token["admin"], _staff_path(w),
                       [("diagram.svg", SVG)])
    assert sql_value("SELECT content_type FROM files WHERE id = %d"
                     % fid) == "image/svg+xml"
    resp = w.admin.get("/clients/%d/files/%d" % (w.a, fid))
    assert resp.status == 200
    assert resp.header("Content-Disposition").startswith("attachment")
    assert resp.header("X-Content-Type-Options") == "nosniff"
    csp = resp.header_all("Content-Security-Policy")
    assert any(re.search(r"(^|;\s*)sandbox(;|$)", c) for c in csp), csp


def test_over_the_size_cap_is_refused():
    w = _w()
    cap = int(config_value("Files.MaxBytes", "10485760"))
    rows, before, tmp = file_rows(w.a), stored(), temp_files()
    data = b"%PDF-1.4\n" + b"0" * (cap + 1 - 9)
    resp = upload(w.admin, w.token["admin"], _staff_path(w),
                  [("huge.pdf", data)])
    body_cap = int(config_value("Server.MaxBodyBytes", "10485760"))
    if cap + 1 + 1024 > body_cap:
        # the request is over the server's body cap too (as with the default
        # configuration, where both are 10 MiB): refused before it is read
        assert resp.status == 413, resp.describe()
    else:
        message = refused(w.admin, resp)
        assert "larger than" in message, message
    assert file_rows(w.a) == rows
    assert stored() == before
    assert temp_files() == tmp


def test_over_the_quota_is_refused():
    w = _w()
    quota = int(config_value("Files.QuotaBytes", str(500 * 1024 * 1024)))
    usage = sql_int("SELECT COALESCE(SUM(size), 0) FROM files")
    # the practice is all but full: a row stands in for the rest
    filler = "f" * 64
    sql("INSERT INTO files (client_id, storage_key, original_name, size, "
        "content_type, sha256, uploaded_by_kind, uploaded_by_id, shared, "
        "created_at) VALUES (%d, '%s', 'filler', %d, 'application/pdf', "
        "'%s', 'staff', 1, 0, UTC_TIMESTAMP())"
        % (w.b, filler, quota - usage - 10, "0" * 64))
    try:
        rows, before = file_rows(w.a), stored()
        message = refused(w.admin, upload(w.admin, w.token["admin"],
                                          _staff_path(w),
                                          [("report.pdf", PDF)]))
        assert "not enough room" in message, message
        message = refused(w.client_a, upload(
            w.client_a, w.token["client_a"], "/portal/files",
            [("mine.pdf", PDF)]))
        assert "not enough room" in message, message
        assert file_rows(w.a) == rows and stored() == before
        # a file that fits still goes in
        upload_ok(w.admin, w.token["admin"], _staff_path(w),
                  [("tiny.txt", b"ok\n")])
        assert sql_int("SELECT SUM(size) FROM files") == quota - 7
    finally:
        sql("DELETE FROM files WHERE storage_key = '%s'" % filler)


def _raw_post(path, cookie, head_fields, body, declared, close_after):
    """Send a POST over a raw socket with DECLARED as Content-Length but
    only BODY, then close: a browser gone half-way."""
    u = urllib.parse.urlsplit(URL)
    s = socket.create_connection((u.hostname, u.port or 80), timeout=10)
    try:
        s.sendall(("POST %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n"
                   "Content-Type: %s\r\nContent-Length: %d\r\n\r\n"
                   % (path, u.netloc, cookie, head_fields, declared)
                   ).encode("ascii"))
        s.sendall(body)
        if not close_after:
            return s.recv(4096)
        time.sleep(0.2)
    finally:
        s.close()
    return b""


def test_interrupted_upload_leaves_nothing():
    w = _w()
    rows, before, tmp = file_rows(w.a), stored(), temp_files()
    boundary = "----interrupted"
    head = ("--%s\r\nContent-Disposition: form-data; name=\"csrf_token\""
            "\r\n\r\n%s\r\n--%s\r\nContent-Disposition: form-data; "
            "name=\"files\"; filename=\"half.pdf\"\r\nContent-Type: "
            "application/pdf\r\n\r\n" % (boundary, w.token["admin"],
                                         boundary)).encode("ascii")
    data = b"%PDF-1.4\n" + os.urandom(2 * 1024 * 1024)
    cookie = "casebook_session=%s" % w.admin.cookie()
    ctype = "multipart/form-data; boundary=%s" % boundary
    # 1. the connection closes half-way through the announced body
    _raw_post(_staff_path(w), cookie, ctype, head + data[:1024 * 1024],
              len(head) + len(data) + 100, close_after=True)
    # 2. a body that ends without its closing boundary reaches the program
    answer = _raw_post(_staff_path(w), cookie, ctype, head + data,
                       len(head) + len(data), close_after=False)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    time.sleep(1)
    assert file_rows(w.a) == rows
    assert stored() == before
    wait_until(lambda: temp_files() == tmp, timeout=10,
               message="the temporary upload files to be removed")
    # the worker is fine afterwards
    assert w.admin.get(_staff_path(w)).status == 200


def test_sharing_and_the_client_side():
    w = _w()
    since = _last_audit()
    secret, shared = upload_ok(w.c1, w.token["c1"], _staff_path(w),
                               [("private.pdf", PDF), ("homework.pdf",
                                                       PDF + b"%x")])
    page = w.client_a.get("/portal/files")
    assert page.status == 200
    assert "homework.pdf" not in page.text and "private.pdf" not in page.text
    assert w.client_a.get("/portal/files/%d" % shared).status == 404
    # share one: the client sees it and downloads the same bytes
    resp = w.c1.post("/clients/%d/files/%d/share" % (w.a, shared),
                     {"csrf_token": w.token["c1"], "shared": "1"})
    assert resp.status == 303, resp.describe()
    page = w.client_a.get("/portal/files")
    assert "homework.pdf" in page.text and "private.pdf" not in page.text
    resp = w.client_a.get("/portal/files/%d" % shared)
    assert resp.status == 200 and resp.body == PDF + b"%x"
    assert w.client_a.get("/portal/files/%d" % secret).status == 404
    home = w.client_a.get("/portal")
    assert "homework.pdf" in home.text
    assert "/portal/files" in links(home.text)
    # the client uploads their own: on the staff tab, and theirs to see
    (mine,) = upload_ok(w.client_a, w.token["client_a"], "/portal/files",
                        [("my diary.txt", b"dear diary\n")])
    assert sql("SELECT uploaded_by_kind, uploaded_by_id, shared FROM files "
               "WHERE id = %d" % mine)[0] == ("client", str(w.a), "0")
    assert "my diary.txt" in w.c1.get(_staff_path(w)).text
    assert w.client_a.get("/portal/files/%d" % mine).body == b"dear diary\n"
    # unshare: gone from the portal again
    w.c1.post("/clients/%d/files/%d/share" % (w.a, shared),
              {"csrf_token": w.token["c1"], "shared": "0"})
    assert w.client_a.get("/portal/files/%d" % shared).status == 404
    actions = [a for (a,) in sql(
        "SELECT action FROM audit_log WHERE object_kind = 'client' AND "
        "object_id = %d AND id > %d AND action LIKE 'file%%' ORDER BY id"
        % (w.a, since))]
    assert actions == ["file_uploaded", "file_uploaded", "file_shared",
                       "file_downloaded", "file_uploaded",
                       "file_downloaded", "file_unshared"], actions


def test_only_the_uploader_or_an_admin_deletes():
    w = _w()
    (by_c1,) = upload_ok(w.c1, w.token["c1"], _staff_path(w),
                         [("c1.pdf", PDF)])
    (by_client,) = upload_ok(w.client_a, w.token["client_a"],
                             "/portal/files", [("client.pdf", PDF)])
    (by_admin,) = upload_ok(w.admin, w.token["admin"], _staff_path(w),
                            [("admin.pdf", PDF)], shared=True)
    key = {i: sql_value("SELECT storage_key FROM files WHERE id = %d" % i)
           for i in (by_c1, by_client, by_admin)}
    path = "/clients/%d/files/%%d/delete" % w.a
    # the clinician may not delete the admin's or the client's file
    for fid in (by_admin, by_client):
        resp = w.c1.post(path % fid, {"csrf_token": w.token["c1"]})
        assert resp.status == 403, resp.describe()
    # the client may not delete a staff file shared with them
    resp = w.client_a.post("/portal/files/%d/delete" % by_admin,
                           {"csrf_token": w.token["client_a"]})
    assert resp.status == 403, resp.describe()
    # the uploader deletes their own; the bytes go with the row
    resp = w.c1.post(path % by_c1, {"csrf_token": w.token["c1"]})
    assert resp.status == 303, resp.describe()
    resp = w.client_a.post("/portal/files/%d/delete" % by_client,
                           {"csrf_token": w.token["client_a"]})
    assert resp.status == 303, resp.describe()
    # an admin deletes anyone's
    resp = w.admin.post(path % by_admin, {"csrf_token": w.token["admin"]})
    assert resp.status == 303, resp.describe()
    for fid in (by_c1, by_client, by_admin):
        assert sql_int("SELECT COUNT(*) FROM files WHERE id = %d" % fid) == 0
        assert key[fid] not in stored()
    assert w.admin.get("/clients/%d/files/%d" % (w.a, by_admin)).status == 404


def test_upload_needs_the_csrf_token_and_a_file():
    w = _w()
    rows = file_rows(w.a)
    resp = w.admin.post(_staff_path(w), {"csrf_token": "wrong"},
                        files=[("files", "x.pdf", "application/pdf", PDF)])
    assert resp.status == 403
    message = refused(w.admin, w.admin.post(
        _staff_path(w), {"csrf_token": w.token["admin"]},
        files=[("files", "", "application/octet-stream", b"")]))
    assert "Choose one or more files" in message
    message = refused(w.admin, upload(w.admin, w.token["admin"],
                                      _staff_path(w), [("empty.pdf", b"")]))
    assert "empty" in message
    assert file_rows(w.a) == rows


def test_deleting_a_client_removes_their_files():
    w = _w()
    from portal import new_client
    cid, _ = new_client(w.admin)
    upload_ok(w.admin, w.token["admin"], "/clients/%d/files" % cid,
              [("gone.pdf", PDF)])
    key = sql_value("SELECT storage_key FROM files WHERE client_id = %d"
                    % cid)
    assert key in stored()
    resp = w.admin.post("/clients/%d/delete" % cid,
                        {"csrf_token": w.token["admin"], "confirm": "DELETE"})
    assert resp.status == 303, resp.describe()
    assert file_rows(cid) == 0
    assert key not in stored()


def test_two_uploads_at_once_cannot_both_pass_the_quota():
    import threading
    w = _w()
    quota = int(config_value("Files.QuotaBytes", str(500 * 1024 * 1024)))
    usage = sql_int("SELECT COALESCE(SUM(size), 0) FROM files")
    size = 64 * 1024
    filler = "e" * 64
    # room for one of the two files, not both
    sql("INSERT INTO files (client_id, storage_key, original_name, size, "
        "content_type, sha256, uploaded_by_kind, uploaded_by_id, shared, "
        "created_at) VALUES (%d, '%s', 'filler', %d, 'application/pdf', "
        "'%s', 'staff', 1, 0, UTC_TIMESTAMP())"
        % (w.b, filler, quota - usage - size - size // 2, "0" * 64))
    try:
        rows, before = file_rows(w.a), stored()
        results = []
        data = [b"%PDF-1.4\n" + os.urandom(size - 9) for _ in range(2)]

        def send(i, browser, token):
            results.append(upload(browser, token, _staff_path(w),
                                  [("race-%d.pdf" % i, data[i])]))
        threads = [threading.Thread(target=send, args=(0, w.admin,
                                                       w.token["admin"])),
                   threading.Thread(target=send, args=(1, w.c1,
                                                       w.token["c1"]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [r.status for r in results] == [303, 303]
        assert file_rows(w.a) == rows + 1
        assert len(stored() - before) == 1
        assert sql_int("SELECT SUM(size) FROM files") <= quota
    finally:
        sql("DELETE FROM files WHERE storage_key = '%s'" % filler)
