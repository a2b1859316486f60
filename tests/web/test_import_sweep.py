"""The sweep of uploads left behind (run by the job runner with its purge):
an import uploaded but never started loses its file after
Import.AbandonHours and says so ("expired", audited as import_expired by
the system) and cannot be started any more, while a recent upload keeps its
file; temporary upload files an hour old in Server.TmpDir (what a worker
that died in the middle of an upload leaves) and files an hour old in the
imports directory that no import names are removed, and nothing else is.
Ages are reached by back-dating the rows and the files' times."""

import os
import secrets
import tempfile
import time

from casebook import (ADMIN_EMAIL, admin_password, config_value, csrf,
                      flashes, signed_in, sql, sql_int, sql_value,
                      wait_until)
from filespay import files_dir, tmp_dir
from importing import choose, fixture, import_id, new_domain, upload

state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())


def _upload(name):
    admin = state["admin"]
    resp = upload(admin, name, fixture("google-contacts.csv", new_domain()))
    return import_id(resp)


def _key(iid):
    return sql_value("SELECT COALESCE(storage_key, '') FROM imports "
                     "WHERE id = %d" % iid)


def _import_path(key):
    return os.path.join(files_dir(), "imports", key)


def _state(iid):
    return sql_value("SELECT state FROM imports WHERE id = %d" % iid)


def _age_rows(*iids):
    hours = int(config_value("Import.AbandonHours", "24"))
    sql("UPDATE imports SET created_at = created_at - INTERVAL %d HOUR, "
        "updated_at = updated_at - INTERVAL %d HOUR WHERE id IN (%s)"
        % (hours + 1, hours + 1, ", ".join(str(i) for i in iids)))


def _age_file(path, seconds=2 * 3600):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_upload_never_started_expires_and_loses_its_file():
    admin = state["admin"]
    old = _upload("left-behind.csv")
    mapped = _upload("mapped-then-left.csv")
    resp = choose(admin, mapped)
    assert resp.status == 303, resp.describe()
    assert _state(mapped) == "mapped"
    fresh = _upload("recent.csv")
    keys = {iid: _key(iid) for iid in (old, mapped, fresh)}
    for key in keys.values():
        assert key and os.path.exists(_import_path(key)), key
    since = sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")
    _age_rows(old, mapped)

    wait_until(lambda: _state(old) == "expired" and
               _state(mapped) == "expired", timeout=60, interval=0.5,
               message="the sweep to expire the old uploads")
    for iid in (old, mapped):
        assert not os.path.exists(_import_path(keys[iid])), iid
        assert _key(iid) == "", iid
    # the recent upload is untouched
    assert _state(fresh) == "uploaded"
    assert os.path.exists(_import_path(keys[fresh]))
    # audited, by the system, against each import
    rows = sql("SELECT actor_kind, object_kind, object_id, detail FROM "
               "audit_log WHERE id > %d AND action = 'import_expired' "
               "ORDER BY object_id" % since)
    assert [(r[0], r[1], int(r[2])) for r in rows] == [
        ("system", "import", old), ("system", "import", mapped)], rows
    assert "left-behind.csv" in rows[0][3]
    # the import says so, and cannot be started or mapped any more
    page = admin.get("/clients/import/%d" % old)
    assert page.status == 200, page.describe()
    assert "Upload expired" in page.page_text, page.describe()
    assert "Upload it again" in page.page_text, page.describe()
    token = csrf(admin.get("/clients/import").text)
    resp = admin.post("/clients/import/%d/start" % mapped,
                      {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    page = admin.get(resp.location_path())
    assert ("error", "The uploaded file was removed: upload it again to "
            "import it.") in flashes(page.text), flashes(page.text)
    assert _state(mapped) == "expired"
    assert sql_value("SELECT COALESCE(job_id, 0) FROM imports WHERE id = %d"
                     % mapped) == "0"
    resp = admin.get("/clients/import/%d/preview" % mapped)
    assert resp.status == 303, resp.describe()


def test_files_left_behind_are_removed_and_nothing_else():
    made = []

    def temp(prefix, old):
        fd, path = tempfile.mkstemp(prefix=prefix, dir=tmp_dir())
        os.write(fd, b"first,last\r\nAda,Lovelace\r\n")
        os.close(fd)
        if old:
            _age_file(path)
        made.append(path)
        return path

    def unnamed(old):
        path = _import_path(secrets.token_hex(32))
        with open(path, "wb") as f:
            f.write(b"email\r\nada@example.org\r\n")
        if old:
            _age_file(path)
        made.append(path)
        return path

    # what a worker that died in the middle of an upload leaves behind
    crashed = temp("casebook-upload-", old=True)
    # an upload in progress, and someone else's file in the same directory
    running = temp("casebook-upload-", old=False)
    other = temp("not-casebook-", old=True)
    # stored by a worker that stopped before it saved the import's row
    orphan = unnamed(old=True)
    # stored just now: its row may be on its way
    recent = unnamed(old=False)
    # an old upload that an import still names is kept
    named_iid = _upload("still-named.csv")
    named = _import_path(_key(named_iid))
    _age_file(named)
    try:
        wait_until(lambda: not os.path.exists(crashed) and
                   not os.path.exists(orphan), timeout=60, interval=0.5,
                   message="the sweep to remove the files left behind")
        for path in (running, other, recent, named):
            assert os.path.exists(path), "%s was removed" % path
    finally:
        for path in made:
            if os.path.exists(path):
                os.unlink(path)
