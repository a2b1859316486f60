"""Who reaches which note: every notes route, staff side and portal side, as
the admin, the assigned clinician, another clinician, the client, another
client and someone signed out, on the assigned client's records and on
another client's, answers exactly the expected status (a record out of reach
is 404 whether it exists or not; a staff page sends the signed-out to
/login, a portal page sends staff and the signed-out to /portal/login). A
note id of one client under another client's path is 404, and a private note
never appears on any portal page."""

from casebook import sql_int
from notes_world import (Matrix, World, insert_comment, insert_note)

state = {}


def setup_module():
    state["world"] = World()


def teardown_module():
    state["world"].close()


def _staff_note(m, caller, owner, shared=True):
    kind, author = m.author(caller, "staff")
    return insert_note(m.client_of(owner), kind, author, shared)


def test_staff_routes():
    m = Matrix(state["world"])

    def base(caller, owner):
        return "/clients/%d/notes" % m.client_of(owner)

    def note(suffix, shared=True, with_comment=False):
        def build(caller, owner):
            nid = _staff_note(m, caller, owner, shared)
            path = "%s/%d%s" % (base(caller, owner), nid, suffix)
            if with_comment:
                kind, author = m.author(caller, "staff")
                cid = insert_comment(nid, kind, author)
                path = path.replace("{c}", str(cid))
            return path
        return build

    m.run("staff", "GET", base, 200)
    m.run("staff", "GET", lambda c, o: base(c, o) + "?q=matrix&page=1", 200)
    m.run("staff", "POST", base, 303, {"title": "T", "body": "B"})
    m.run("staff", "GET", note(""), 200)
    m.run("staff", "GET", note("/edit"), 200)
    m.run("staff", "POST", note("/edit"), 303, {"title": "T2", "body": "B2"})
    m.run("staff", "POST", note("/share", shared=False), 303, {"shared": "1"})
    m.run("staff", "POST", note("/share"), 303, {"shared": "0"})
    m.run("staff", "GET", note("/delete"), 200)
    m.run("staff", "POST", note("/delete"), 303, {"confirm": "1"})
    m.run("staff", "POST", note("/comments"), 303, {"body": "Hello"})
    m.run("staff", "POST", note("/comments/{c}/edit", with_comment=True),
          303, {"body": "Changed"})
    m.run("staff", "POST", note("/comments/{c}/delete", with_comment=True),
          303)
    m.check()


def test_portal_routes():
    m = Matrix(state["world"])

    def shared_note(suffix, with_comment=False):
        def build(caller, owner):
            cid = m.client_of(owner)
            nid = insert_note(cid, "staff", m.ids["admin"], True)
            path = "/portal/notes/%d%s" % (nid, suffix)
            if with_comment:
                path = path.replace("{c}", str(insert_comment(
                    nid, "client", cid)))
            return path
        return build

    def reflection(suffix, shared=False):
        def build(caller, owner):
            cid = m.client_of(owner)
            nid = insert_note(cid, "client", cid, shared)
            return "/portal/notes/%d%s" % (nid, suffix)
        return build

    m.run("portal", "GET", lambda c, o: "/portal/notes", 200,
          owners=["own"], anyone_own=True)
    m.run("portal", "GET", lambda c, o: "/portal/notes?q=matrix", 200,
          owners=["own"], anyone_own=True)
    m.run("portal", "POST", lambda c, o: "/portal/notes", 303,
          {"title": "Mine", "body": "Text"}, owners=["own"], anyone_own=True)
    m.run("portal", "GET", shared_note(""), 200)
    m.run("portal", "GET", reflection(""), 200)
    m.run("portal", "GET", reflection("/edit"), 200)
    m.run("portal", "POST", reflection("/edit"), 303,
          {"title": "T2", "body": "B2"})
    m.run("portal", "POST", reflection("/share"), 303, {"shared": "1"})
    m.run("portal", "POST", reflection("/share", shared=True), 303,
          {"shared": "0"})
    m.run("portal", "GET", reflection("/delete"), 200)
    m.run("portal", "POST", reflection("/delete"), 303, {"confirm": "1"})
    m.run("portal", "POST", shared_note("/comments"), 303, {"body": "Hi"})
    m.run("portal", "POST", shared_note("/comments/{c}/edit", True), 303,
          {"body": "Changed"})
    m.run("portal", "POST", shared_note("/comments/{c}/delete", True), 303)
    m.check()


def test_ids_of_another_client_under_a_path_are_404():
    w = state["world"]
    admin_id = Matrix(w).ids["admin"]
    other_note = insert_note(w.other_id, "staff", admin_id, True)
    own_note = insert_note(w.client_id, "staff", admin_id, True)
    comment_on_other = insert_comment(other_note, "staff", admin_id)
    token = Matrix(w).token("admin")
    for path in ("/clients/%d/notes/%d" % (w.client_id, other_note),
                 "/clients/%d/notes/%d/edit" % (w.client_id, other_note),
                 "/clients/%d/notes/%d/delete" % (w.client_id, other_note)):
        resp = w.admin.get(path)
        assert resp.status == 404, resp.describe()
    for path, fields in (
            ("/clients/%d/notes/%d/edit" % (w.client_id, other_note),
             {"title": "x", "body": "y"}),
            ("/clients/%d/notes/%d/delete" % (w.client_id, other_note),
             {"confirm": "1"}),
            ("/clients/%d/notes/%d/comments/%d/edit" % (
                w.client_id, own_note, comment_on_other), {"body": "x"}),
            ("/clients/%d/notes/%d/comments/%d/delete" % (
                w.client_id, own_note, comment_on_other), {})):
        fields["csrf_token"] = token
        resp = w.admin.post(path, fields)
        assert resp.status == 404, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM notes WHERE id = %d"
                   % other_note) == 1
    assert sql_int("SELECT COUNT(*) FROM note_comments WHERE id = %d"
                   % comment_on_other) == 1
    # a note that does not exist is the same 404
    missing = sql_int("SELECT COALESCE(MAX(id), 0) + 1000 FROM notes")
    for b, path in ((w.admin, "/clients/%d/notes/%d" % (w.client_id, missing)),
                    (w.client, "/portal/notes/%d" % missing)):
        resp = b.get(path)
        assert resp.status == 404, resp.describe()


def test_private_note_never_in_the_portal():
    w = state["world"]
    admin_id = Matrix(w).ids["admin"]
    marker = "privatemarker%d" % admin_id
    sql_note = insert_note(w.client_id, "staff", admin_id, False)
    from casebook import sql
    sql("UPDATE notes SET title = 'Title %s', body = 'Body %s' WHERE id = %d"
        % (marker, marker, sql_note))
    # searching for its words finds nothing (the search box shows the words)
    found = w.client.get("/portal/notes?q=" + marker)
    assert found.status == 200, found.describe()
    assert "No note matches" in found.page_text, found.describe()
    assert "/portal/notes/%d" % sql_note not in found.text
    assert "Title " + marker not in found.text
    pages = ["/portal", "/portal/notes", "/portal/tasks", "/portal/password"]
    listing = w.client.get("/portal/notes")
    import re
    pages += sorted(set(re.findall(r'href="(/portal/notes/\d+)"',
                                   listing.text)))
    for path in pages:
        resp = w.client.get(path)
        assert resp.status == 200, resp.describe()
        assert marker not in resp.text, path
    for suffix in ("", "/edit", "/delete"):
        resp = w.client.get("/portal/notes/%d%s" % (sql_note, suffix))
        assert resp.status == 404, resp.describe()
        assert marker not in resp.text
