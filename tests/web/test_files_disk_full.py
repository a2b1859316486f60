"""Uploads when there is no room: the files directory on a full disk (a
small tmpfs mounted over it, where mounting is allowed), and a file size
limit (RLIMIT_FSIZE) on the workers. Either way the person uploading reads
that there is no room, no row is left without its file, no file without its
row, no temporary file stays behind, and no worker dies."""

import os
import subprocess

from casebook import assert_no_leak, sql, sql_int, worker_pids
from filespay import (file_rows, files_dir, refused, stored, temp_files,
                      upload, world, world_end)

NO_ROOM = "no room left on the server"
state = {}


def setup_module():
    state["w"] = world()


def teardown_module():
    _unmount()
    _unlimit()
    if "w" in state:
        world_end(state["w"])


def _mount_full(room):
    """A tmpfs over the files directory with about ROOM bytes free (the
    rest taken by a filler file); False when mounting is not allowed."""
    d = files_dir()
    st = os.stat(d)
    size = 1024 * 1024
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=%d,mode=2750,gid=%d"
         % (size, st.st_gid), "casebook-test-full", d],
        capture_output=True, text=True)
    if proc.returncode != 0:
        return False
    state["mounted"] = d
    with open(os.path.join(d, "filler"), "wb") as f:
        f.write(b"\0" * (size - room))
    return True


def _unmount():
    d = state.pop("mounted", None)
    if d is not None:
        subprocess.run(["umount", d], check=True)


def _limit(size):
    """Let each worker write no file larger than SIZE bytes: the soft limit
    only, which the workers' owner may raise again (raising a hard limit
    needs CAP_SYS_RESOURCE, which a container may not grant)."""
    state["limited"] = worker_pids()
    for pid in state["limited"]:
        subprocess.run(["prlimit", "--pid", str(pid), "--fsize=%d:" % size],
                       check=True)


def _unlimit():
    for pid in state.pop("limited", []):
        if os.path.exists("/proc/%d" % pid):
            subprocess.run(["prlimit", "--pid", str(pid),
                            "--fsize=unlimited:"], check=True)


def _text(size, seed):
    line = b"a line of plain text for the full disk, %d\n" % seed
    return (line * (size // len(line) + 1))[:size]


def test_a_batch_that_does_not_fit_leaves_nothing():
    w = state["w"]
    path = "/clients/%d/files" % w.a
    rows, temps, workers = file_rows(w.a), temp_files(), worker_pids()
    all_rows = sql_int("SELECT COUNT(*) FROM files")
    if _mount_full(room=250 * 1024):
        try:
            # the first file fits, the second does not: neither stays
            resp = upload(w.admin, w.token["admin"], path,
                          [("fits.txt", _text(100 * 1024, 1)),
                           ("too-big.txt", _text(300 * 1024, 2))])
            message = refused(w.admin, resp)
            assert NO_ROOM in message, message
            assert "Nothing was uploaded" in message, message
            assert stored() == {"filler"}, \
                "files left in the store: %r" % (stored() - {"filler"})
        finally:
            _unmount()
    else:
        # no mount in this container: the file size limit instead, so the
        # upload's temporary file is cut short
        _limit(200 * 1024)
        try:
            resp = upload(w.admin, w.token["admin"], path,
                          [("fits.txt", _text(100 * 1024, 1)),
                           ("too-big.txt", _text(300 * 1024, 2))])
            assert resp.status == 507, resp.describe()
            assert NO_ROOM in resp.page_text, resp.describe()
        finally:
            _unlimit()
    assert file_rows(w.a) == rows, "a row was saved"
    assert sql_int("SELECT COUNT(*) FROM files") == all_rows
    assert temp_files() == temps, "temporary files left: %r" % (
        temp_files() - temps)
    assert worker_pids() == workers, "a worker died: %r -> %r" % (
        workers, worker_pids())


def test_an_upload_over_the_file_size_limit_answers_507():
    w = state["w"]
    path = "/clients/%d/files" % w.a
    rows, temps, before = file_rows(w.a), temp_files(), stored()
    workers = worker_pids()
    _limit(200 * 1024)
    try:
        resp = upload(w.admin, w.token["admin"], path,
                      [("large.txt", _text(300 * 1024, 3))])
        assert resp.status == 507, resp.describe()
        assert NO_ROOM in resp.page_text, resp.describe()
        assert_no_leak(resp)
        # what fits still goes in, on the same workers
        small = upload(w.admin, w.token["admin"], path,
                       [("small.txt", _text(50 * 1024, 4))])
        assert small.status == 303, small.describe()
    finally:
        _unlimit()
    assert file_rows(w.a) == rows + 1, "rows: %d, then %d" % (
        rows, file_rows(w.a))
    new = stored() - before
    assert len(new) == 1, "stored files: %r" % new
    key = sql("SELECT storage_key FROM files WHERE client_id = %d "
              "ORDER BY id DESC LIMIT 1" % w.a)[0][0]
    assert new == {key}, "%r is not the new row's file %s" % (new, key)
    assert temp_files() == temps, "temporary files left: %r" % (
        temp_files() - temps)
    assert worker_pids() == workers, "a worker died: %r -> %r" % (
        workers, worker_pids())
