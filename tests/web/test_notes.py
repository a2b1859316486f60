"""Notes and shared reflections: a staff note is private until shared, its
formatting is rendered and everything else escaped, sharing shows it in the
portal and hiding removes it at once, "seen by client" appears once the
client opened it, only the author edits, shares or deletes (after a
confirmation), comment threads under shared notes where staff and the
client comment and edit or delete their own, the client's reflections are
private to the client until shared, search by title or content, newest
first, 20 a page, the audit of every view and change, and the notes going
with a deleted client."""

import re

from casebook import (field_error, flashes, input_value, last_audit_id, sql,
                      sql_int, sql_value)
from notes_world import (World, client_note, comment, last_comment_id,
                         staff_note, token)

state = {}


def setup_module():
    state["world"] = World()


def teardown_module():
    state["world"].close()


def _w():
    return state["world"]


def _note_path(nid):
    return "/clients/%d/notes/%d" % (_w().client_id, nid)


def _share(browser, path, shared):
    return browser.post(path + "/share", {"csrf_token": token(browser, path),
                                          "shared": "1" if shared else "0"})


def test_staff_note_is_private_by_default():
    w = _w()
    nid = staff_note(w.clinician, w.client_id, title="Private thoughts",
                     body="Only for staff")
    assert sql_value("SELECT shared FROM notes WHERE id = %d" % nid) == "0"
    page = w.clinician.get(_note_path(nid))
    assert page.status == 200, page.describe()
    assert "Private thoughts" in page.page_text
    assert "Private" in page.page_text
    assert "Only for staff" in page.page_text
    # other staff who may see the client see it too (the admin)
    assert w.admin.get(_note_path(nid)).status == 200
    # the client does not
    assert "Private thoughts" not in w.client.get("/portal/notes").text
    assert w.client.get("/portal/notes/%d" % nid).status == 404


def test_formatting_is_rendered_and_everything_else_escaped():
    w = _w()
    body = ("First **bold** and *italic*.\n\n- one\n- two\n\n1. first\n"
            "2. second\n\nSee [the guide](https://example.org/guide?a=1&b=2)"
            " or https://example.org/x.\n<script>alert('x')</script> "
            "[bad](javascript:alert(1)) <img src=x onerror=alert(1)>")
    nid = staff_note(w.clinician, w.client_id, title="<b>Format</b>",
                     body=body)
    page = w.clinician.get(_note_path(nid)).text
    assert "<strong>bold</strong>" in page
    assert "<em>italic</em>" in page
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in page
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in page
    assert ('<a href="https://example.org/guide?a=1&amp;b=2" rel="noopener '
            'noreferrer nofollow">the guide</a>') in page
    assert ('<a href="https://example.org/x" rel="noopener noreferrer '
            'nofollow">https://example.org/x</a>.') in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    assert "<img" not in page
    assert "<b>Format</b>" not in page and "&lt;b&gt;Format&lt;/b&gt;" in page


def test_share_shows_in_portal_and_hiding_removes_it_at_once():
    w = _w()
    nid = staff_note(w.clinician, w.client_id, title="Homework reflections",
                     body="Breathing **slowly**")
    path = _note_path(nid)
    resp = _share(w.clinician, path, True)
    assert resp.status == 303 and resp.location_path() == path, \
        resp.describe()
    after = w.clinician.get(path)
    assert ("success", "The note is shared: the client sees it in the "
            "portal.") in flashes(after.text)
    listing = w.client.get("/portal/notes")
    assert "Homework reflections" in listing.page_text
    page = w.client.get("/portal/notes/%d" % nid)
    assert page.status == 200, page.describe()
    assert "<strong>slowly</strong>" in page.text
    assert "Homework reflections" in w.client.get("/portal").page_text
    # hidden again: gone from every portal page at once
    resp = _share(w.clinician, path, False)
    assert resp.status == 303, resp.describe()
    assert "Homework reflections" not in w.client.get("/portal/notes").text
    assert "Homework reflections" not in w.client.get("/portal").text
    assert w.client.get("/portal/notes/%d" % nid).status == 404


def test_seen_by_client():
    w = _w()
    nid = staff_note(w.clinician, w.client_id, title="Seen check",
                     shared=True)
    path = _note_path(nid)
    assert "Not opened by the client yet" in w.clinician.get(path).page_text
    listing = w.clinician.get("/clients/%d/notes" % w.client_id)
    row = re.search(r'<li class="note-item">(?:(?!</li>).)*Seen check'
                    r'(?:(?!</li>).)*</li>', listing.text, re.S)
    assert row and "Seen by client" not in row.group(0)
    home = w.client.get("/portal")
    assert "Seen check" in home.page_text and "new" in home.page_text
    assert w.client.get("/portal/notes/%d" % nid).status == 200
    assert sql_value("SELECT seen_at IS NOT NULL FROM notes WHERE id = %d"
                     % nid) == "1"
    assert "Seen by client" in w.clinician.get(path).page_text
    listing = w.clinician.get("/clients/%d/notes" % w.client_id)
    row = re.search(r'<li class="note-item">(?:(?!</li>).)*Seen check'
                    r'(?:(?!</li>).)*</li>', listing.text, re.S)
    assert row and "Seen by client" in row.group(0)


def test_only_the_author_edits_shares_or_deletes():
    w = _w()
    nid = staff_note(w.clinician, w.client_id, title="Mine", body="Text")
    path = _note_path(nid)
    admin_token = token(w.admin, path)
    assert w.admin.get(path + "/edit").status == 403
    assert w.admin.get(path + "/delete").status == 403
    for suffix, fields in (("/edit", {"title": "Hijack", "body": "x"}),
                           ("/share", {"shared": "1"}),
                           ("/delete", {"confirm": "1"})):
        fields["csrf_token"] = admin_token
        resp = w.admin.post(path + suffix, fields)
        assert resp.status == 403, resp.describe()
    assert sql_value("SELECT CONCAT(title, '/', shared) FROM notes WHERE id "
                     "= %d" % nid) == "Mine/0"
    # the admin sees no edit controls; the author does
    assert 'href="%s/edit"' % path not in w.admin.get(path).text
    page = w.clinician.get(path + "/edit")
    assert page.status == 200
    assert input_value(page.text, "title") == "Mine"
    resp = w.clinician.post(path + "/edit", {
        "csrf_token": csrf_of(page), "title": "Mine, edited",
        "body": "New text", "note_date": "2026-01-15"})
    assert resp.status == 303 and resp.location_path() == path, \
        resp.describe()
    assert sql_value("SELECT CONCAT(title, '/', note_date) FROM notes WHERE "
                     "id = %d" % nid) == "Mine, edited/2026-01-15"
    assert "edited" in w.clinician.get(path).page_text


def csrf_of(page):
    from casebook import csrf
    return csrf(page.text)


def test_invalid_input_keeps_what_was_typed():
    w = _w()
    path = "/clients/%d/notes" % w.client_id
    resp = w.clinician.post(path, {"csrf_token": token(w.clinician, path),
                                   "title": "", "body": "Kept text here",
                                   "note_date": "31/31/2026"})
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "title")
    assert field_error(resp.text, "note_date")
    assert "Kept text here" in resp.text
    assert input_value(resp.text, "note_date") == "31/31/2026"


def test_delete_needs_confirmation_and_is_permanent():
    w = _w()
    nid = staff_note(w.clinician, w.client_id, title="To delete",
                     shared=True)
    path = _note_path(nid)
    assert comment(w.client, "/portal/notes/%d" % nid, "A comment").status \
        == 303
    confirm = w.clinician.get(path + "/delete")
    assert confirm.status == 200
    assert "cannot be undone" in confirm.page_text
    tok = csrf_of(confirm)
    # without the confirmation's field, back to the confirmation
    resp = w.clinician.post(path + "/delete", {"csrf_token": tok})
    assert resp.status == 303 and resp.location_path() == path + "/delete"
    assert sql_int("SELECT COUNT(*) FROM notes WHERE id = %d" % nid) == 1
    resp = w.clinician.post(path + "/delete", {"csrf_token": tok,
                                               "confirm": "1"})
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/clients/%d/notes" % w.client_id
    assert sql_int("SELECT COUNT(*) FROM notes WHERE id = %d" % nid) == 0
    assert sql_int("SELECT COUNT(*) FROM note_comments WHERE note_id = %d"
                   % nid) == 0
    assert w.clinician.get(path).status == 404
    assert w.client.get("/portal/notes/%d" % nid).status == 404


def test_comment_thread():
    w = _w()
    nid = staff_note(w.clinician, w.client_id, title="Thread", shared=True)
    staff_path = _note_path(nid)
    portal_path = "/portal/notes/%d" % nid
    resp = comment(w.client, portal_path, "Client **says** <hi>")
    assert resp.status == 303, resp.describe()
    client_comment = last_comment_id(nid)
    resp = comment(w.clinician, staff_path, "Staff answers")
    assert resp.status == 303, resp.describe()
    staff_comment = last_comment_id(nid)
    for b, path in ((w.client, portal_path), (w.clinician, staff_path),
                    (w.admin, staff_path)):
        page = b.get(path)
        assert "Client <strong>says</strong> &lt;hi&gt;" in page.text
        assert "Staff answers" in page.page_text
    # each edits their own
    tok = token(w.client, portal_path)
    resp = w.client.post("%s/comments/%d/edit" % (portal_path, client_comment),
                         {"csrf_token": tok, "body": "Client changed"})
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT body FROM note_comments WHERE id = %d"
                     % client_comment) == "Client changed"
    assert "edited" in w.clinician.get(staff_path).page_text
    # nobody edits or deletes another's comment
    for action in ("edit", "delete"):
        resp = w.client.post("%s/comments/%d/%s" % (
            portal_path, staff_comment, action),
            {"csrf_token": tok, "body": "x"})
        assert resp.status == 403, resp.describe()
        resp = w.admin.post("%s/comments/%d/%s" % (
            staff_path, client_comment, action),
            {"csrf_token": token(w.admin, staff_path), "body": "x"})
        assert resp.status == 403, resp.describe()
    # an empty comment is refused with a message
    resp = w.client.post(portal_path + "/comments",
                         {"csrf_token": tok, "body": "   "})
    assert resp.status == 303
    assert flashes(w.client.get(portal_path).text)[0][0] == "error"
    # delete own
    resp = w.client.post("%s/comments/%d/delete" % (portal_path,
                                                    client_comment),
                         {"csrf_token": tok})
    assert resp.status == 303, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM note_comments WHERE id = %d"
                   % client_comment) == 0
    assert "Client changed" not in w.clinician.get(staff_path).text
    # a private note has no thread
    private = staff_note(w.clinician, w.client_id, title="No thread")
    resp = comment(w.clinician, _note_path(private), "x")
    assert resp.status == 404, resp.describe()


def test_client_reflections_private_until_shared():
    w = _w()
    nid = client_note(w.client, title="My journal", body="Dear *diary*")
    assert sql_value("SELECT CONCAT(author_kind, '/', shared) FROM notes "
                     "WHERE id = %d" % nid) == "client/0"
    own = w.client.get("/portal/notes")
    assert "My journal" in own.page_text and "Private" in own.page_text
    page = w.client.get("/portal/notes/%d" % nid)
    assert "<em>diary</em>" in page.text
    # staff do not see an unshared reflection at all
    for b in (w.admin, w.clinician):
        assert "My journal" not in b.get("/clients/%d/notes"
                                         % w.client_id).text
        assert b.get(_note_path(nid)).status == 404
    resp = _share(w.client, "/portal/notes/%d" % nid, True)
    assert resp.status == 303, resp.describe()
    listing = w.clinician.get("/clients/%d/notes" % w.client_id)
    assert "My journal" in listing.page_text
    page = w.clinician.get(_note_path(nid))
    assert page.status == 200 and "<em>diary</em>" in page.text
    # staff may comment, not edit
    assert comment(w.clinician, _note_path(nid), "Thank you").status == 303
    assert w.clinician.get(_note_path(nid) + "/edit").status == 403
    # the client edits and makes it private again: gone from the profile
    tok = token(w.client, "/portal/notes/%d" % nid)
    resp = w.client.post("/portal/notes/%d/edit" % nid, {
        "csrf_token": tok, "title": "My journal, edited", "body": "More",
        "note_date": ""})
    assert resp.status == 303, resp.describe()
    assert _share(w.client, "/portal/notes/%d" % nid, False).status == 303
    assert w.clinician.get(_note_path(nid)).status == 404
    # another client never sees it
    assert w.other_client.get("/portal/notes/%d" % nid).status == 404


def test_search_newest_first_and_pages():
    w = _w()
    cid = w.other_id
    word = "zebrafinch"
    for i in range(22):
        staff_note(w.admin, cid, title="Paged %02d" % i,
                   body="entry %d %s" % (i, word if i == 7 else ""),
                   note_date="2025-03-%02d" % (i + 1))
    base = "/clients/%d/notes" % cid
    first = w.admin.get(base)
    titles = re.findall(r'class="note-title"[^>]*>([^<]*)<', first.text)
    assert len(titles) == 20, titles
    assert titles[0] == "Paged 21" and titles[-1] == "Paged 02", titles
    assert "Page 1 of 2" in first.page_text
    second = w.admin.get(base + "?page=2")
    titles = re.findall(r'class="note-title"[^>]*>([^<]*)<', second.text)
    assert titles == ["Paged 01", "Paged 00"], titles
    assert w.admin.get(base + "?page=3").status == 404
    # by content and by title
    found = w.admin.get(base + "?q=" + word)
    assert re.findall(r'class="note-title"[^>]*>([^<]*)<', found.text) == \
        ["Paged 07"]
    found = w.admin.get(base + "?q=Paged+1")
    assert len(re.findall(r'class="note-title"', found.text)) == 10
    # LIKE wildcards are plain characters
    found = w.admin.get(base + "?q=%25")
    assert "No note matches" in found.page_text


def test_audit_of_views_and_changes():
    w = _w()
    since = last_audit_id()
    nid = staff_note(w.clinician, w.client_id, title="Audited",
                     body="clinical secret words")
    path = _note_path(nid)
    w.clinician.get(path)
    _share(w.clinician, path, True)
    w.client.get("/portal/notes/%d" % nid)
    comment(w.client, "/portal/notes/%d" % nid, "ok")
    rows = sql("SELECT action, actor_kind, object_kind, object_id, detail "
               "FROM audit_log WHERE id > %d AND detail LIKE 'note %d%%' OR "
               "id > %d AND detail LIKE 'comment %%on note %d' ORDER BY id"
               % (since, nid, since, nid))
    actions = [(r[0], r[1]) for r in rows]
    for want in (("note_created", "staff"), ("note_viewed", "staff"),
                 ("note_shared", "staff"), ("note_viewed", "client"),
                 ("note_comment_added", "client")):
        assert want in actions, (want, actions)
    assert all(r[2] == "client" and int(r[3]) == w.client_id for r in rows)
    text = sql_value("SELECT GROUP_CONCAT(COALESCE(detail, '')) FROM "
                     "audit_log WHERE id > %d" % since)
    assert "secret" not in text and "Audited" not in text


def test_notes_go_with_a_deleted_client():
    w = _w()
    from casebook import add_client
    cid = add_client(w.admin)
    nid = staff_note(w.admin, cid, title="Goes away", shared=True)
    comment(w.admin, "/clients/%d/notes/%d" % (cid, nid), "also")
    resp = w.admin.post("/clients/%d/delete" % cid, {
        "csrf_token": token(w.admin, "/clients/%d/delete" % cid),
        "confirm": "DELETE"})
    assert resp.status == 303, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM notes WHERE id = %d" % nid) == 0
    assert sql_int("SELECT COUNT(*) FROM note_comments WHERE note_id = %d"
                   % nid) == 0
