"""The job runner's sweep of the file store (Jobs.StoreSweepSeconds; the
test stack sweeps at every purge): a stored file that no file row and no
logo names, an hour old, is what a worker stopped between storing an upload
and committing its row (or between deleting a client's rows and removing
their files) leaves behind, and is removed. A file a row names, the
practice's logo, a file stored just now and anything the store did not name
stay, however old. Ages are reached by back-dating the files' times."""

import os
import secrets
import time

from casebook import sql, sql_value, wait_until
from filespay import PDF, files_dir, upload_ok, world, world_end

state = {}


def setup_module():
    state["w"] = world()


def teardown_module():
    if "w" in state:
        world_end(state["w"])


def _age(path, seconds=2 * 3600):
    then = time.time() - seconds
    os.utime(path, (then, then))


def _stray(name=None, old=True):
    path = os.path.join(files_dir(), name or secrets.token_hex(32))
    with open(path, "wb") as f:
        f.write(PDF)
    if old:
        _age(path)
    return path


def test_only_files_nothing_names_are_swept():
    w = state["w"]
    (fid,) = upload_ok(w.admin, w.token["admin"], "/clients/%d/files" % w.a,
                       [("kept.pdf", PDF)])
    key = sql_value("SELECT storage_key FROM files WHERE id = %d" % fid)
    named = os.path.join(files_dir(), key)
    assert os.path.exists(named), named
    _age(named)
    # The logo is named before its file is stored: a sweep in between would
    # rightly take an old file nothing names.
    logo_key = secrets.token_hex(32)
    old_logo = sql("SELECT logo_key, logo_type FROM practice_settings "
                   "WHERE id = 1")[0]
    sql("UPDATE practice_settings SET logo_key = '%s', logo_type = "
        "'image/png' WHERE id = 1" % logo_key)
    logo = _stray(name=logo_key)
    orphans = [_stray(), _stray()]
    recent = _stray(old=False)
    not_a_key = _stray(name="README-not-a-key")
    try:
        wait_until(lambda: not any(os.path.exists(p) for p in orphans),
                   timeout=60, interval=0.5,
                   message="the sweep to remove the stored files nothing names")
        for path in (named, recent, not_a_key, logo):
            assert os.path.exists(path), "%s was removed" % path
        # the file's page still serves it
        resp = w.admin.get("/clients/%d/files/%d" % (w.a, fid))
        assert resp.status == 200, resp.describe()
    finally:
        sql("UPDATE practice_settings SET logo_key = '%s', logo_type = '%s' "
            "WHERE id = 1" % (old_logo[0], old_logo[1]))
        for path in (recent, not_a_key, logo):
            if os.path.exists(path):
                os.unlink(path)
