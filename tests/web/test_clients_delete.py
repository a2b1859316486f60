"""Deleting one client (/clients/{id}/delete): a confirmation page that names
the client and says it is permanent; the typed word DELETE and a valid form
token; then the client and everything of theirs is gone (tags, search
index, file rows and the files on disk, tokens, portal sessions), and the
audit log keeps only that client #id was deleted, by whom."""

import os
import secrets

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, VAR, add_client,
                      admin_password, anchors, assert_no_leak, client_exists,
                      clinician_password, config_value, field_error,
                      find_form, flashes, letters, portal_session,
                      portal_session_count, signed_in, sql, sql_int,
                      sql_quote, staff_id, submitted_fields, table_rows,
                      unique_email)

state = {}


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    state["admin"] = b
    state["token"] = b.csrf_from("/")


def _files_dir():
    return config_value("Paths.Files") or os.path.join(VAR, "files")


def _add_file(cid):
    """A file row for client CID and its bytes on disk; the path."""
    key = secrets.token_hex(32)
    path = os.path.join(_files_dir(), key)
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4 session notes of a test client\n")
    sql("INSERT INTO files (client_id, storage_key, original_name, size, "
        "content_type, sha256, uploaded_by_kind, uploaded_by_id, shared, "
        "created_at) VALUES (%d, '%s', 'notes.pdf', 41, 'application/pdf', "
        "SHA2('x', 256), 'staff', %d, 0, UTC_TIMESTAMP())"
        % (cid, key, staff_id(ADMIN_EMAIL)))
    return path


def _add_token(cid, kind, email):
    sql("INSERT INTO tokens (kind, token_hash, subject_id, email, "
        "created_at, expires_at) VALUES ('%s', UNHEX(SHA2(UUID(), 256)), "
        "%d, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 7 DAY)"
        % (kind, cid, sql_quote(email)))


def _counts(cid):
    return {
        "clients": sql_int("SELECT COUNT(*) FROM clients WHERE id = %d"
                           % cid),
        "tags": sql_int("SELECT COUNT(*) FROM client_tags WHERE "
                        "client_id = %d" % cid),
        "keys": sql_int("SELECT COUNT(*) FROM client_search_keys WHERE "
                            "client_id = %d" % cid),
        "files": sql_int("SELECT COUNT(*) FROM files WHERE client_id = %d"
                         % cid),
        "tokens": sql_int("SELECT COUNT(*) FROM tokens WHERE subject_id = "
                          "%d AND kind IN ('invite', 'verify_email')" % cid),
        "sessions": portal_session_count(cid),
    }


def _person(b=None, token=None):
    """A client with tags, a phone, files, tokens and portal sessions."""
    b = b or state["admin"]
    token = token or state["token"]
    p = {"first": "Delia", "last": "Gone" + letters(8),
         "email": unique_email("gone")}
    p["id"] = cid = add_client(b, token, first_name=p["first"],
                               last_name=p["last"], email=p["email"],
                               phone="+44 20 7946 0958", phone_country="")
    for name in ("grief-" + letters(5), "sleep-" + letters(5)):
        resp = b.post("/clients/%d/tags" % cid, {"name": name,
                                                 "csrf_token": token})
        assert resp.status == 303, resp.describe()
    p["files"] = [_add_file(cid), _add_file(cid)]
    _add_token(cid, "invite", p["email"])
    _add_token(cid, "verify_email", p["email"])
    portal_session(cid)
    portal_session(cid)
    return p


def _delete_page(cid):
    resp = state["admin"].get("/clients/%d/delete" % cid)
    assert resp.status == 200, resp.describe()
    return resp


def test_the_confirmation_names_the_client_and_says_it_is_permanent():
    b = state["admin"]
    last = "Confirm" + letters(8)
    cid = add_client(b, state["token"], first_name="Cora", last_name=last)
    resp = _delete_page(cid)
    text = resp.page_text
    assert "Cora %s" % last in text, "the page does not name the client"
    assert "permanent" in text, "the page does not say it is permanent"
    assert "Type DELETE to confirm" in text
    form = find_form(resp.text, "/clients/%d/delete" % cid)
    assert form["method"] == "post"
    names = [a.get("name") for a in form["inputs"]]
    assert "csrf_token" in names and "confirm" in names, names
    assert any(t == "Cancel" and h == "/clients/%d" % cid
               for h, t, _ in anchors(resp.text)), \
        "no Cancel link back to the profile"
    assert client_exists(cid), "showing the confirmation deleted the client"


def test_a_clinician_cannot_delete_even_their_own_client():
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    token = b.csrf_from("/")
    cid = add_client(b, token)
    resp = b.get("/clients/%d/delete" % cid)
    assert resp.status == 403, resp.describe()
    resp = b.post("/clients/%d/delete" % cid, {"confirm": "DELETE",
                                               "csrf_token": token})
    assert resp.status == 403, resp.describe()
    assert_no_leak(resp)
    assert client_exists(cid)


def test_without_the_typed_word_nothing_is_deleted():
    cid = add_client(state["admin"], state["token"])
    form = find_form(_delete_page(cid).text, "/clients/%d/delete" % cid)
    for typed in (None, "", "delete", "Delete", "DELETED", "no"):
        data = submitted_fields(form)
        if typed is not None:
            data.append(("confirm", typed))
        resp = state["admin"].post("/clients/%d/delete" % cid, data)
        assert resp.status == 422, "%r: %s" % (typed, resp.describe())
        assert field_error(resp.text, "confirm"), \
            "no error next to the confirmation for %r" % typed
        assert client_exists(cid), "deleted after typing %r" % typed


def test_without_a_valid_token_nothing_is_deleted():
    cid = add_client(state["admin"], state["token"])
    for data in ({"confirm": "DELETE"},
                 {"confirm": "DELETE", "csrf_token": ""},
                 {"confirm": "DELETE", "csrf_token": "f" * 64}):
        resp = state["admin"].post("/clients/%d/delete" % cid, data)
        assert resp.status == 403, resp.describe()
        assert "This form has expired" in resp.page_text
        assert client_exists(cid)


def test_deleting_removes_everything_that_belongs_to_the_client():
    b = state["admin"]
    victim, bystander = _person(), _person()
    cid = victim["id"]
    before = _counts(cid)
    assert before == {"clients": 1, "tags": 2, "keys": before["keys"],
                      "files": 2, "tokens": 2, "sessions": 2}, before
    assert before["keys"] > 0, "the client has no search index rows"
    assert all(os.path.exists(p) for p in victim["files"])
    kept = _counts(bystander["id"])

    form = find_form(_delete_page(cid).text, "/clients/%d/delete" % cid)
    resp = b.post("/clients/%d/delete" % cid,
                  submitted_fields(form) + [("confirm", "DELETE")])
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/clients", resp.location
    page = b.get("/clients")
    assert ("success", "%s %s was deleted." % (victim["first"],
                                               victim["last"])) in \
        flashes(page.text), "flash: %r" % flashes(page.text)

    after = _counts(cid)
    assert after == dict.fromkeys(after, 0), \
        "rows of the deleted client remain: %r" % after
    for path in victim["files"]:
        assert not os.path.exists(path), \
            "the file %s of the deleted client is still on disk" % path
    assert b.get("/clients/%d" % cid).status == 404
    # another client keeps everything
    assert _counts(bystander["id"]) == kept, "the other client lost rows"
    assert all(os.path.exists(p) for p in bystander["files"]), \
        "the other client's files were removed"


def test_the_audit_log_keeps_the_deletion_without_personal_data():
    b = state["admin"]
    p = _person()
    cid = p["id"]
    b.get("/clients/%d" % cid)          # a view, audited too
    form = find_form(_delete_page(cid).text, "/clients/%d/delete" % cid)
    resp = b.post("/clients/%d/delete" % cid,
                  submitted_fields(form) + [("confirm", "DELETE")])
    assert resp.status == 303, resp.describe()
    rows = sql("SELECT actor_kind, actor_id, object_kind FROM audit_log "
               "WHERE action = 'client_deleted' AND object_id = %d" % cid)
    assert rows == [("staff", str(staff_id(ADMIN_EMAIL)), "client")], \
        "client_deleted entries: %r" % rows
    details = [r[0] for r in sql(
        "SELECT COALESCE(detail, '') FROM audit_log WHERE object_kind = "
        "'client' AND object_id = %d" % cid)]
    assert len(details) >= 3, "the client's history is missing: %r" % (
        details)
    for secret in (p["first"] + " " + p["last"], p["last"], p["email"],
                   "+442079460958", "7946"):
        hits = sql_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s"
                       % sql_quote("%" + secret + "%"))
        assert hits == 0, "the audit log holds %r in %d entries" % (secret,
                                                                  hits)
    # the audit page shows the deletion by number, not by name
    b.get(resp.location_path())         # the flash, which names them
    log = b.get("/admin/audit")
    assert log.status == 200
    rows = table_rows(log.text)
    assert any("client_deleted" in r and str(cid) in r for r in rows), \
        "the audit page does not show the deletion of #%d" % cid
    assert not any(p["last"] in r or p["email"] in r for r in rows), \
        "the audit page names the deleted client"


def test_a_bulk_delete_removes_the_files_too():
    b, token = state["admin"], state["token"]
    people = [_person(), _person()]
    ids = [p["id"] for p in people]
    resp = b.post("/clients/bulk", [("ids", str(i)) for i in ids] + [
        ("action", "delete"), ("csrf_token", token)])
    assert resp.status == 200, resp.describe()
    form = find_form(resp.text, "/clients/bulk")
    resp = b.post("/clients/bulk", submitted_fields(form) +
                  [("confirm", "DELETE")])
    assert resp.status == 303, resp.describe()
    for p in people:
        assert _counts(p["id"]) == dict.fromkeys(_counts(p["id"]), 0)
        for path in p["files"]:
            assert not os.path.exists(path), "%s remains on disk" % path
