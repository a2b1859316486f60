"""filespay.py: what the Files and Payments tests share: a small practice
of two clients (A assigned to the fixture clinician, B to a second
clinician), each with a portal account, signed-in browsers for every kind
of caller, and helpers for uploads, the files directory and payments.

The world is made once per test module (world()); each module gets its own
clients, so modules never see each other's files or payments."""

import hashlib
import os
import re

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, URL, VAR, Browser, Staff,
                      admin_password, clinician_password, config_value, csrf,
                      flashes, signed_in, sql, sql_int, staff_id)
from portal import (practice_settings, registered_client, restore_practice,
                    set_practice)


class World:
    pass


def world():
    """A fresh practice corner: w.admin, w.c1 (assigned to A), w.c2
    (assigned to B), w.client_a / w.client_b (portal browsers), w.a / w.b
    (client ids), and each browser's csrf token in w.token[name]."""
    w = World()
    # invitations carry the practice's address
    w.saved_practice = practice_settings()
    set_practice(base_url=URL)
    w.admin = signed_in(ADMIN_EMAIL, admin_password())
    w.c1 = signed_in(CLINICIAN_EMAIL, clinician_password())
    w.c1_id = staff_id(CLINICIAN_EMAIL)
    w.c2_staff = Staff()
    w.c2 = w.c2_staff.browser()
    w.c2_id = w.c2_staff.id
    w.a, w.a_email, w.client_a = registered_client(
        w.admin, staff_id=str(w.c1_id), first_name="Ada")
    w.b, w.b_email, w.client_b = registered_client(
        w.admin, staff_id=str(w.c2_id), first_name="Bea")
    w.token = {
        "admin": w.admin.csrf_from("/"),
        "c1": w.c1.csrf_from("/"),
        "c2": w.c2.csrf_from("/"),
        "client_a": w.client_a.csrf_from("/portal"),
        "client_b": w.client_b.csrf_from("/portal"),
    }
    return w


def world_end(w):
    """Put the practice's settings back as world() found them."""
    restore_practice(w.saved_practice)


def files_dir():
    return config_value("Paths.Files") or os.path.join(VAR, "files")


def tmp_dir():
    return config_value("Server.TmpDir") or os.path.join(VAR, "tmp")


def stored():
    return set(os.listdir(files_dir()))


def temp_files():
    return set(os.listdir(tmp_dir()))


def file_rows(client_id):
    return sql_int("SELECT COUNT(*) FROM files WHERE client_id = %d"
                   % client_id)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def upload(browser, token, path, files, shared=None):
    """POST files ([(filename, bytes)]) to PATH's upload form; the
    response."""
    fields = {"csrf_token": token}
    if shared:
        fields["shared"] = "1"
    return browser.post(path, fields, files=[
        ("files", name, "application/octet-stream", data)
        for name, data in files])


def upload_ok(browser, token, path, files, shared=None):
    """Upload and check it worked; the ids of the new rows, in order."""
    before = sql_int("SELECT COALESCE(MAX(id), 0) FROM files")
    resp = upload(browser, token, path, files, shared)
    assert resp.status == 303, resp.describe()
    page = browser.get(resp.location_path())
    kinds = [k for k, _ in flashes(page.text)]
    assert kinds == ["success"], "upload refused: %r" % flashes(page.text)
    ids = [int(r[0]) for r in sql(
        "SELECT id FROM files WHERE id > %d ORDER BY id" % before)]
    assert len(ids) == len(files), ids
    return ids


def refused(browser, resp):
    """The flash message of a refused upload (a redirect to the form)."""
    assert resp.status == 303, resp.describe()
    page = browser.get(resp.location_path())
    found = flashes(page.text)
    assert found and found[0][0] == "error", \
        "no error message after a refused upload: %r" % found
    return found[0][1]


def download_name(resp):
    """(ascii fallback, decoded filename*) of a Content-Disposition."""
    import urllib.parse
    cd = resp.header("Content-Disposition") or ""
    m1 = re.search(r'filename="([^"]*)"', cd)
    m2 = re.search(r"filename\*=UTF-8''([^;\s]*)", cd)
    return (m1.group(1) if m1 else None,
            urllib.parse.unquote(m2.group(1)) if m2 else None)


# A PDF, a PNG, a DOCX (a real ZIP made here) and things that are not allowed.
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n"
       b"%%EOF\n")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00"
       b"\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8"
       b"\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x90" * 200
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
       b'<script>alert(document.cookie)</script></svg>\n')


def docx():
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip():
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    return out.getvalue()


# ---- payments

def record_session(browser, token, client_id, fee, held_on="2026-03-02",
                   start="10:00", minutes="50", kind="in_person"):
    """Record a session; its id."""
    before = sql_int("SELECT COALESCE(MAX(id), 0) FROM appointments")
    resp = browser.post("/clients/%d/sessions" % client_id, {
        "csrf_token": token, "held_on": held_on, "start_time": start,
        "minutes": minutes, "session_kind": kind, "fee": fee})
    assert resp.status == 303, resp.describe()
    sid = sql_int("SELECT COALESCE(MAX(id), 0) FROM appointments WHERE "
                  "client_id = %d" % client_id)
    assert sid > before, "no session recorded"
    return sid


def record_payment(browser, token, client_id, session_id, amount,
                   kind="payment", state="paid", method="card",
                   paid_on="2026-03-03", reference="", note=""):
    """POST a payment or refund; the response."""
    return browser.post("/clients/%d/payments" % client_id, {
        "csrf_token": token, "appointment_id": str(session_id),
        "payment_kind": kind, "state": state, "amount": amount,
        "method": method, "paid_on": paid_on, "reference": reference,
        "note": note})


def totals(markup):
    """(billed, paid, outstanding) as shown on a payments page."""
    out = []
    for name in ("billed", "paid", "outstanding"):
        m = re.search(r'id="total-%s"[^>]*>([^<]*)<' % name, markup)
        assert m, "no %s total on the page" % name
        out.append(m.group(1).strip())
    return tuple(out)
