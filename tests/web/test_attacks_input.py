"""Hostile input in every kind of field: NUL bytes and invalid UTF-8 (url-
encoded and multipart) get a 400, never a 5xx, never a record, and no worker
dies; odd but valid Unicode gets an answer below 500. ClearSilver syntax
typed into fields is shown literally, in pages and in e-mail. Path traversal
in URLs and upload file names reaches nothing outside the file store.
Header injection into e-mail through names and the practice's name sends no
header of the attacker's."""

import os
import re
import urllib.parse

from casebook import (CLINICIAN_EMAIL, REPO, URL, VAR, Browser, Staff,
                      add_client, assert_no_leak, clinician_password, csrf,
                      input_value, letters, signed_in, sql,
                      sql_int, sql_quote, unique_email)
from attacks import LogWatch
from portal import (admin, bodies, invite, practice_settings,
                    restore_practice, set_practice, wait_for_messages)
from test_admin_settings import (_form_values, files_dir, png, stored_files,
                                 temp_files)

state = {}

# Bytes no form of ours can send: what the parsers must refuse (400).
BAD_BYTES = [
    ("NUL", b"a\x00b"),
    ("a lone NUL", b"\x00"),
    ("an invalid byte", b"a\xffb"),
    ("an overlong '/'", b"\xc0\xaf"),
    ("a lone continuation byte", b"a\x80b"),
    ("a UTF-16 surrogate", b"\xed\xa0\x80"),
    ("a code point past U+10FFFF", b"\xf4\x90\x80\x80"),
    ("a cut sequence", b"x\xe2\x82"),
]

# Valid UTF-8 that is still unfriendly: an answer, never a server error.
ODD_TEXT = ["\u0085next line", "line\u2028separator", "\u202eright-to-left",
            "\ufeffbom", "zero\u200bwidth", "\U0001F600 emoji", "\uffff",
            "tab\there", "x" * 3]


def setup_module():
    state["saved"] = practice_settings()
    set_practice(base_url=URL)
    state["admin"] = admin()
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    # the password form is tried with a wrong current password: on an
    # account of its own
    state["pw"] = Staff().browser()
    state["watch"] = LogWatch()


def teardown_module():
    restore_practice(state["saved"])


def assert_workers_alive():
    """No worker died and no sanitizer spoke since the module started."""
    state["watch"].check()


# ---------------------------------------------------------------- fields

def _quote(raw):
    return urllib.parse.quote_from_bytes(raw, safe="")


# The kinds of field, each on a form that reads it: (kind, path of the page
# with the form, where it posts, its fields filled with good values, the
# field under attack). Each good set is accepted as it is.
def _kinds():
    run = letters(6)
    client = {"first_name": "Good", "last_name": "Input " + run,
              "email": unique_email("input")}
    return [
        ("text (one line)", "/clients/new", "/clients/new", client,
         "first_name"),
        ("text (several lines)", "/clients/new", "/clients/new", client,
         "address"),
        ("email", "/clients/new", "/clients/new", client, "email"),
        ("phone", "/clients/new", "/clients/new", client, "phone"),
        ("date", "/clients/new", "/clients/new", client, "date_of_birth"),
        ("choice", "/clients/new", "/clients/new", client, "phone_country"),
        ("number", "/clients/new", "/clients/new", client, "staff_id"),
        ("id list", "/clients", "/clients/bulk",
         {"action": "tag_add", "tag_name": "input-" + run, "ids": "1"},
         "ids"),
        ("password", "/account/password", "/account/password",
         {"current_password": "wrong", "new_password": "x" * 12,
          "confirm_password": "x" * 12}, "new_password"),
    ]


def _urlencoded(fields, name, raw):
    parts = ["%s=%s" % (urllib.parse.quote(k), urllib.parse.quote(v))
             for k, v in fields.items() if k != name]
    parts.append("%s=%s" % (name, _quote(raw)))
    return "&".join(parts)


def _multipart(fields, name, raw):
    boundary = "----attack-" + letters(12)
    out = []
    for k, v in fields.items():
        if k == name:
            continue
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n"
                    "\r\n%s\r\n" % (boundary, k, v)).encode("utf-8"))
    out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                % (boundary, name)).encode("utf-8") + raw + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(out), "multipart/form-data; boundary=%s" % boundary


def _clients_named(last_name):
    return sql_int("SELECT COUNT(*) FROM clients WHERE last_name = %s"
                   % sql_quote(last_name))


def _browser_for(action):
    return state["pw"] if action == "/account/password" else state["admin"]


def test_nul_and_invalid_utf8_in_every_field_kind_are_refused():
    for kind, page, action, good, name in _kinds():
        b = _browser_for(action)
        token = b.csrf_from(page)
        fields = dict(good, csrf_token=token)
        for what, raw in BAD_BYTES:
            body = _urlencoded(fields, name, raw)
            resp = b.post(action, body=body)
            assert resp.status == 400, "%s with %s (url-encoded): %s" % (
                kind, what, resp.describe())
            assert_no_leak(resp)
            payload, ctype = _multipart(fields, name, raw)
            resp = b.post(action, body=payload, content_type=ctype)
            assert resp.status == 400, "%s with %s (multipart): %s" % (
                kind, what, resp.describe())
            assert_no_leak(resp)
        if "last_name" in good:
            assert _clients_named(good["last_name"]) == 0, \
                "%s: a refused form added a client" % kind
    assert_workers_alive()


def test_nul_and_invalid_utf8_in_names_and_query_strings_are_refused():
    b = state["admin"]
    for what, raw in BAD_BYTES:
        # in a field's name, in the query string, in the path
        token = b.csrf_from("/clients/new")
        resp = b.post("/clients/new", body="csrf_token=%s&%s=x" % (
            token, _quote(raw)))
        assert resp.status == 400, "%s in a field name: %s" % (
            what, resp.describe())
        resp = b.get("/clients?q=" + _quote(raw))
        assert resp.status == 400, "%s in a query: %s" % (
            what, resp.describe())
        resp = b.get("/clients/" + _quote(raw))
        assert resp.status in (400, 404), "%s in a path: %s" % (
            what, resp.describe())
        # in a multipart part's headers and file name
        boundary = "b" + letters(10)
        payload = (("--%s\r\nContent-Disposition: form-data; name=\"csrf_"
                    "token\"\r\n\r\n%s\r\n--%s\r\nContent-Disposition: "
                    "form-data; name=\"logo\"; filename=\"" % (
                        boundary, b.csrf_from("/admin/settings"), boundary)
                    ).encode() + raw + b".png\"\r\n\r\nx\r\n--" +
                   boundary.encode() + b"--\r\n")
        resp = b.post("/admin/settings", body=payload,
                      content_type="multipart/form-data; boundary=" +
                      boundary)
        assert resp.status == 400, "%s in a file name: %s" % (
            what, resp.describe())
    assert_workers_alive()


def test_odd_but_valid_text_gets_an_answer():
    for kind, page, action, good, name in _kinds():
        b = _browser_for(action)
        for text in ODD_TEXT:
            fields = dict(good, csrf_token=b.csrf_from(page))
            fields[name] = text
            if "email" in fields and name != "email":
                fields["email"] = unique_email("odd")
            resp = b.post(action, fields)
            assert resp.status < 500, "%s with %r: %s" % (kind, text,
                                                          resp.describe())
            assert_no_leak(resp)
            if resp.status == 303 and action == "/clients/new":
                follow = b.get(resp.location_path())
                assert follow.status == 200, follow.describe()
    assert_workers_alive()


def test_a_one_line_field_refuses_c1_control_characters():
    # U+0080..U+009F are control characters as much as CR and LF: a name
    # holding one could never be put in a mail header (the invitation
    # would fail with a misleading message)
    b = state["admin"]
    last = "Cone " + letters(6)
    for text in ("Eve\u0085", "Eve\u009bX", "\u0080"):
        resp = b.post("/clients/new", {
            "first_name": text, "last_name": last,
            "email": unique_email("c1"),
            "csrf_token": b.csrf_from("/clients/new")})
        assert resp.status in (400, 422), "%r: %s" % (text, resp.describe())
    assert _clients_named(last) == 0


# ---------------------------------------------------------------- templates

INJECTIONS = [
    '<?cs var:Config.VarEscapeMode ?>',
    '<?cs include:"/etc/passwd" ?>',
    '<?cs set:Page.Title = "pwned" ?>pwned-marker',
    '<?cs uvar:Session.Csrf ?>',
    '<?cs evar:"<b>x</b>" ?>',
    '<?cs linclude:"layout.cs" ?>',
    '{{7*7}} ${7*7} #{7*7} <%= 7*7 %>',
    '<script>alert(1)</script>',
]


def _assert_literal(resp, text, where):
    assert resp.status == 200, "%s: %s" % (where, resp.describe())
    assert text in resp.page_text, "%s does not show %r literally: %s" % (
        where, text, resp.describe())
    # the markup holds it escaped: no template tag and no raw element
    assert "<?cs" not in resp.text, "%s holds raw ClearSilver: %r" % (
        where, text)
    assert "<script>alert(1)" not in resp.text, where
    assert "root:x:0:0" not in resp.text, "%s included a file" % where
    assert "<title>pwned" not in resp.text, where


def test_clearsilver_syntax_in_fields_is_shown_literally():
    b = state["admin"]
    for text in INJECTIONS:
        last = "Tpl " + letters(6)
        cid = add_client(b, first_name=text[:100], last_name=last,
                         address=text, occupation=text[:100])
        _assert_literal(b.get("/clients/%d" % cid), text[:100],
                        "the profile")
        edit = b.get("/clients/%d/edit" % cid)
        assert edit.status == 200, edit.describe()
        assert input_value(edit.text, "first_name") == text[:100], \
            "the edit form changed %r" % text
        assert "<?cs" not in edit.text and "<script>alert" not in edit.text
        resp = b.get("/clients?q=" + urllib.parse.quote(text[:100]))
        assert resp.status == 200, resp.describe()
        assert "<?cs" not in resp.text and "root:x:0:0" not in resp.text
        # a tag by that name, shown on the profile
        resp = b.post("/clients/%d/tags" % cid, {
            "name": text[:64], "csrf_token": b.csrf_from("/clients/%d"
                                                          % cid)})
        assert resp.status in (303, 422), resp.describe()
        if resp.status == 303:
            _assert_literal(b.get("/clients/%d" % cid), text[:64],
                            "the tags")
    # a form shown again with what was typed
    resp = Browser().login(INJECTIONS[0] + "@x.y", "x")
    assert resp.status in (200, 422), resp.describe()
    assert "<?cs" not in resp.text


def test_clearsilver_syntax_in_names_is_literal_in_mail():
    b = state["admin"]
    saved = practice_settings()
    try:
        set_practice(name='Practice <?cs var:Invite.Link ?>')
        address = unique_email("tplmail")
        cid = add_client(b, first_name="<?cs var:Invite.Link ?>",
                         last_name="Mail " + letters(6), email=address)
        resp = invite(b, cid)
        assert resp.status == 303, resp.describe()
        msg = wait_for_messages(address)[-1]
        text, markup = bodies(msg)
        assert "Hello <?cs var:Invite.Link ?>," in text, text
        assert "Practice <?cs var:Invite.Link ?>" in text, text
        assert "&lt;?cs var:Invite.Link ?&gt;" in markup, markup
        assert "Practice <?cs var:Invite.Link ?>" in str(msg["Subject"]), \
            msg["Subject"]
    finally:
        restore_practice(saved)
        set_practice(base_url=URL)


# ---------------------------------------------------------------- traversal

SECRETS = ["#include", "Database.Password", "root:x:0:0", "[mysqld]",
           "Paths.Files"]


def test_path_traversal_in_urls_reaches_nothing():
    b = state["admin"]
    paths = ["/static/../app/main.c", "/static/..%2f..%2fapp%2fmain.c",
             "/static/%2e%2e/%2e%2e/README.md", "/static/..%5c..%5cREADME.md",
             "/_files/../casebook.hdf", "/_files/%2e%2e/casebook.hdf",
             "/practice/logo/../../etc/passwd", "/practice/logo%2f..%2f..",
             "/clients/1/..%2f..%2fadmin%2fstaff", "/..%2f..%2fetc/passwd",
             "/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
             "/favicon.ico/..%2f..%2fapp/routes.c", "//etc/passwd",
             "/portal/reset/..%2f..%2fadmin"]
    for path in paths:
        for who in (b, Browser()):
            resp = who.get(path)
            assert resp.status in (400, 403, 404) or (
                resp.status in (301, 302, 303) and (
                    resp.location_path() or "").startswith(("/login",
                                                            "/portal"))), \
                "%s: %s" % (path, resp.describe())
            for secret in SECRETS:
                assert secret not in resp.text, "%s shows %r" % (path, secret)
    assert_workers_alive()


def test_path_traversal_in_upload_file_names_stays_in_the_store():
    b = state["admin"]
    image = png(2, 2)
    root = os.path.dirname(files_dir())
    names = ["../../../../tmp/casebook-evil.png", "..\\..\\casebook-evil.png",
             "/etc/casebook-evil.png", "%2e%2e%2fcasebook-evil.png",
             "....//....//casebook-evil.png", ".htaccess", "..", "logo.png/.",
             "C:\\Windows\\casebook-evil.png", "casebook-evil.png\r\nX: y"]
    try:
        for name in names:
            page = b.get("/admin/settings")
            fields = dict(_form_values(page.text), csrf_token=csrf(page.text))
            before = set(stored_files())
            resp = b.post("/admin/settings", fields,
                          files=[("logo", name, "image/png", image)])
            assert resp.status in (303, 400, 422), "%r: %s" % (
                name, resp.describe())
            for stored in set(stored_files()) - before:
                assert re.fullmatch(r"[0-9a-f]{64}", stored), \
                    "%r stored as %r" % (name, stored)
            assert temp_files() == [], "upload temp files left: %r" % (
                temp_files(),)
        for where in ("/tmp", "/etc", root, VAR, os.path.dirname(VAR), REPO,
                      files_dir()):
            path = os.path.join(where, "casebook-evil.png")
            assert not os.path.exists(path), "an upload landed at %s" % path
        # everything in the store has a storage name of ours
        for stored in stored_files():
            assert re.fullmatch(r"[0-9a-f]{64}", stored), stored
    finally:
        if sql_int("SELECT COUNT(*) FROM practice_settings WHERE id = 1 AND "
                   "logo_key IS NOT NULL AND logo_key <> ''"):
            resp = b.post("/admin/settings/logo/remove",
                          {"csrf_token": b.csrf_from("/admin/settings")})
            assert resp.status == 303, resp.describe()
    assert_workers_alive()


# ---------------------------------------------------------------- e-mail

VICTIM = "victim-%s@test.invalid"


def _mail_jobs_to(address):
    return sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND "
                   "payload LIKE %s" % sql_quote("%%Rcpt-To: %s\n%%"
                                                 % address))


def _no_mail_to(address):
    return sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND "
                   "payload LIKE %s" % sql_quote("%%%s%%" % address)) == 0


def test_line_breaks_in_names_are_refused_by_the_forms():
    b = state["admin"]
    victim = VICTIM % letters(8)
    last = "Inject " + letters(6)
    for first in ("Eve\r\nBcc: %s" % victim, "Eve\nBcc: %s" % victim,
                  "Eve\rBcc: %s" % victim):
        resp = b.post("/clients/new", {
            "first_name": first, "last_name": last,
            "email": unique_email("inject"),
            "csrf_token": b.csrf_from("/clients/new")})
        assert resp.status in (400, 422), resp.describe()
    resp = b.post("/clients/new", {
        "first_name": "Eve", "last_name": last,
        "email": "eve@test.invalid\r\nBcc: %s" % victim,
        "csrf_token": b.csrf_from("/clients/new")})
    assert resp.status in (400, 422), resp.describe()
    assert _clients_named(last) == 0
    # the practice's name, which goes into From and Subject
    page = b.get("/admin/settings")
    fields = dict(_form_values(page.text), csrf_token=csrf(page.text))
    fields["name"] = "Harbour\r\nBcc: %s" % victim
    resp = b.post("/admin/settings", fields, files=[])
    assert resp.status in (400, 422), resp.describe()
    assert "Bcc" not in (sql("SELECT name FROM practice_settings WHERE id = 1"
                             )[0][0])
    assert _no_mail_to(victim)


def test_line_breaks_already_in_the_database_never_reach_a_header():
    # data that did not come through our forms (an import, an older
    # version): the invitation is refused rather than sent with a header of
    # the attacker's
    b = state["admin"]
    victim = VICTIM % letters(8)
    address = unique_email("planted")
    cid = add_client(b, first_name="Eve", last_name="Planted " + letters(6),
                     email=address)
    sql("UPDATE clients SET first_name = %s WHERE id = %d"
        % (sql_quote("Eve\r\nBcc: %s" % victim), cid))
    resp = invite(b, cid)
    assert resp.status == 303, resp.describe()
    assert _mail_jobs_to(address) == 0, "a message was queued"
    assert _no_mail_to(victim)
    # the same with the practice's name
    sql("UPDATE clients SET first_name = 'Eve' WHERE id = %d" % cid)
    saved = practice_settings()
    try:
        set_practice(name="Harbour\r\nBcc: %s" % victim)
        resp = invite(b, cid)
        assert resp.status == 303, resp.describe()
        assert _mail_jobs_to(address) == 0, "a message was queued"
        assert _no_mail_to(victim)
    finally:
        restore_practice(saved)
        set_practice(base_url=URL)
    # and with clean names it goes out, with none of the attacker's headers
    resp = invite(b, cid)
    assert resp.status == 303, resp.describe()
    msg = wait_for_messages(address)[-1]
    assert msg["Bcc"] is None and msg["Cc"] is None
    assert_workers_alive()
