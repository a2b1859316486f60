"""Who may delete a file (the rule the notes follow too: the one who made
the record, or an administrator): the uploader, or an admin. Other staff
who may see the client get 403 and keep the file; staff who may not see
the client get 404; a client deletes only their own uploads (403 for a
file staff shared, 404 for another client's). The Delete button appears
exactly where the delete is allowed."""

import re

from casebook import sql_int
from filespay import PDF, upload_ok, world, world_end

state = {}


def setup_module():
    state["w"] = world()


def teardown_module():
    if "w" in state:
        world_end(state["w"])


def _exists(fid):
    return sql_int("SELECT COUNT(*) FROM files WHERE id = %d" % fid) == 1


def _delete(w, who, path):
    return getattr(w, who).post(path, {"csrf_token": w.token[who]})


def _staff_file(w, who, shared=True):
    (fid,) = upload_ok(getattr(w, who), w.token[who],
                       "/clients/%d/files" % w.a,
                       [("by-%s.pdf" % who, PDF)], shared=shared)
    return fid


def _client_file(w):
    (fid,) = upload_ok(w.client_a, w.token["client_a"], "/portal/files",
                       [("from-client.pdf", PDF)])
    return fid


def _delete_buttons(browser, path):
    page = browser.get(path)
    assert page.status == 200, page.describe()
    return set(int(m) for m in re.findall(r'action="[^"]*/files/(\d+)/delete"',
                                          page.text))


def test_staff_delete_rules():
    w = state["w"]
    by_admin = _staff_file(w, "admin")
    by_c1 = _staff_file(w, "c1")
    by_client = _client_file(w)
    tab = "/clients/%d/files" % w.a
    # the buttons: the admin on every file, the clinician on their own
    assert {by_admin, by_c1, by_client} <= _delete_buttons(w.admin, tab)
    c1_buttons = _delete_buttons(w.c1, tab)
    assert by_c1 in c1_buttons
    assert by_admin not in c1_buttons and by_client not in c1_buttons
    # the assigned clinician may see them, did not upload them: 403
    for fid in (by_admin, by_client):
        resp = _delete(w, "c1", "%s/%d/delete" % (tab, fid))
        assert resp.status == 403, resp.describe()
        assert "Only the person who uploaded a file" in resp.page_text
        assert _exists(fid)
    # a clinician who may not see the client: 404, as for a file that
    # does not exist
    for fid in (by_admin, by_c1, by_client):
        resp = _delete(w, "c2", "%s/%d/delete" % (tab, fid))
        assert resp.status == 404, resp.describe()
        assert _exists(fid)
    # the uploader deletes their own; the admin deletes anyone's
    resp = _delete(w, "c1", "%s/%d/delete" % (tab, by_c1))
    assert resp.status == 303, resp.describe()
    assert not _exists(by_c1)
    for fid in (by_admin, by_client):
        resp = _delete(w, "admin", "%s/%d/delete" % (tab, fid))
        assert resp.status == 303, resp.describe()
        assert not _exists(fid)


def test_portal_delete_rules():
    w = state["w"]
    shared = _staff_file(w, "c1", shared=True)
    own = _client_file(w)
    buttons = _delete_buttons(w.client_a, "/portal/files")
    assert own in buttons and shared not in buttons, buttons
    resp = _delete(w, "client_a", "/portal/files/%d/delete" % shared)
    assert resp.status == 403, resp.describe()
    assert _exists(shared)
    resp = _delete(w, "client_b", "/portal/files/%d/delete" % own)
    assert resp.status == 404, resp.describe()
    assert _exists(own)
    resp = _delete(w, "client_a", "/portal/files/%d/delete" % own)
    assert resp.status == 303, resp.describe()
    assert not _exists(own)
