"""Who reaches what on the Files and Payments tabs and their portal pages:
for every route, a request as the admin, the assigned clinician, another
clinician, the client, another client and someone signed out, on the
client's own record and on another client's, gets exactly the expected
status. Client A is assigned to clinician 1, client B to clinician 2; a
record outside the caller's reach answers 404 whether or not it exists."""

from casebook import Browser, sql_int, sql_value
from filespay import (PDF, record_payment, record_session, upload_ok, world,
                      world_end)

state = {}

CALLERS = ("admin", "c1", "c2", "client_a", "client_b", "signed_out")


def setup_module():
    w = world()
    state["w"] = w
    w.signed_out = Browser()
    w.token["signed_out"] = "no-session"
    # on each record: a shared staff file, a payment that can be marked paid
    w.file = {}
    w.payment = {}
    w.session = {}
    for rec, clin in (("a", "c1"), ("b", "c2")):
        cid = getattr(w, rec)
        (w.file[rec],) = upload_ok(getattr(w, clin), w.token[clin],
                                   "/clients/%d/files" % cid,
                                   [("shared-%s.pdf" % rec, PDF)],
                                   shared=True)
        w.session[rec] = record_session(getattr(w, clin), w.token[clin], cid,
                                        "50.00")
        resp = record_payment(getattr(w, clin), w.token[clin], cid,
                              w.session[rec], "50.00", state="requested")
        assert resp.status == 303, resp.describe()
        w.payment[rec] = sql_int("SELECT MAX(id) FROM payments WHERE "
                                 "client_id = %d" % cid)


def teardown_module():
    if "w" in state:
        world_end(state["w"])


def _browser(w, caller):
    return getattr(w, caller)


def _fresh_staff_file(w, rec):
    """A file on REC uploaded by its assigned clinician: theirs to delete."""
    clin = "c1" if rec == "a" else "c2"
    (fid,) = upload_ok(getattr(w, clin), w.token[clin],
                       "/clients/%d/files" % getattr(w, rec),
                       [("fresh.pdf", PDF)])
    return fid


def _fresh_client_file(w, rec):
    """A file REC's client uploaded in the portal: theirs to delete."""
    who = "client_" + rec
    (fid,) = upload_ok(getattr(w, who), w.token[who], "/portal/files",
                       [("mine.pdf", PDF)])
    return fid


def _staff_expected(caller, rec, ok):
    """A staff route on record REC: OK for the admin and the clinician
    assigned to REC, 404 for other staff and any client, 303 to sign in."""
    if caller == "signed_out":
        return 303
    if caller == "admin" or (caller, rec) in (("c1", "a"), ("c2", "b")):
        return ok
    return 404


def _portal_expected(caller, rec, ok):
    """A portal route naming a record of REC's client: OK for that client,
    404 for the other, 303 to the portal's sign-in for staff and the signed
    out (a portal page is not theirs)."""
    if caller in ("admin", "c1", "c2", "signed_out"):
        return 303
    return ok if caller == "client_" + rec else 404


# Each route: (name, kind, ok status, build(w, rec) -> (method, path, fields,
# files)).  kind "staff" or "portal"; a portal route that names no record
# (list, upload) uses rec only for what it expects.
def _routes():
    return [
        ("files tab", "staff", 200, lambda w, rec: (
            "GET", "/clients/%d/files" % getattr(w, rec), None, None)),
        ("file download", "staff", 200, lambda w, rec: (
            "GET", "/clients/%d/files/%d" % (getattr(w, rec), w.file[rec]),
            None, None)),
        ("file upload", "staff", 303, lambda w, rec: (
            "POST", "/clients/%d/files" % getattr(w, rec), {},
            [("files", "up.pdf", "application/pdf", PDF)])),
        ("file share", "staff", 303, lambda w, rec: (
            "POST", "/clients/%d/files/%d/share" % (getattr(w, rec),
                                                     w.file[rec]),
            {"shared": "1"}, None)),
        ("file delete", "staff", 303, lambda w, rec: (
            "POST", "/clients/%d/files/%d/delete" % (
                getattr(w, rec), _fresh_staff_file(w, rec)), {}, None)),
        ("payments tab", "staff", 200, lambda w, rec: (
            "GET", "/clients/%d/payments" % getattr(w, rec), None, None)),
        ("payments csv", "staff", 200, lambda w, rec: (
            "GET", "/clients/%d/payments.csv" % getattr(w, rec), None,
            None)),
        ("record session", "staff", 303, lambda w, rec: (
            "POST", "/clients/%d/sessions" % getattr(w, rec), {
                "held_on": "2026-06-01", "start_time": "10:00",
                "minutes": "50", "session_kind": "video", "fee": "1.00"},
            None)),
        ("record payment", "staff", 303, lambda w, rec: (
            "POST", "/clients/%d/payments" % getattr(w, rec), {
                "appointment_id": str(w.session[rec]),
                "payment_kind": "payment", "state": "paid",
                "amount": "0.01", "method": "cash",
                "paid_on": "2026-06-02"}, None)),
        ("mark paid", "staff", 303, lambda w, rec: (
            "POST", "/clients/%d/payments/%d/paid" % (getattr(w, rec),
                                                       w.payment[rec]),
            {}, None)),
        ("portal file download", "portal", 200, lambda w, rec: (
            "GET", "/portal/files/%d" % w.file[rec], None, None)),
        ("portal file delete", "portal", 303, lambda w, rec: (
            "POST", "/portal/files/%d/delete" % _fresh_client_file(w, rec),
            {}, None)),
    ]


def _request(w, caller, method, path, fields, files):
    b = _browser(w, caller)
    if method == "GET":
        return b.get(path)
    data = dict(fields or {})
    data["csrf_token"] = w.token[caller]
    if files:
        return b.post(path, data, files=files)
    return b.post(path, data)


def test_access_matrix_on_own_and_other_records():
    w = state["w"]
    wrong = []
    count = 0
    for name, kind, ok, build in _routes():
        for rec in ("a", "b"):
            for caller in CALLERS:
                method, path, fields, files = build(w, rec)
                want = (_staff_expected if kind == "staff" else
                        _portal_expected)(caller, rec, ok)
                resp = _request(w, caller, method, path, fields, files)
                count += 1
                if resp.status != want:
                    wrong.append("%s on %s's record as %s: %s %s -> %d, "
                                 "want %d" % (name, rec.upper(), caller,
                                              method, path, resp.status,
                                              want))
    assert count == 12 * 2 * 6
    assert not wrong, "\n".join(wrong)


def test_portal_lists_and_uploads():
    """The pages that name no record: each client gets their own, staff and
    the signed out go to the portal's sign-in."""
    w = state["w"]
    for path in ("/portal/files", "/portal/payments"):
        for caller in CALLERS:
            resp = _browser(w, caller).get(path)
            want = 200 if caller.startswith("client_") else 303
            assert resp.status == want, (path, caller, resp.describe())
            if want == 303:
                assert resp.location_path().startswith("/portal/login")
    own = w.client_a.get("/portal/files").text
    assert "shared-a.pdf" in own and "shared-b.pdf" not in own
    for caller in CALLERS:
        before = sql_int("SELECT COUNT(*) FROM files")
        resp = _request(w, caller, "POST", "/portal/files", {},
                        [("files", "p.pdf", "application/pdf", PDF)])
        assert resp.status == 303, (caller, resp.describe())
        after = sql_int("SELECT COUNT(*) FROM files")
        assert after == before + (1 if caller.startswith("client_") else 0)
    # what a client uploads lands on their own record
    assert sql_value("SELECT client_id FROM files ORDER BY id DESC "
                     "LIMIT 1") == str(w.b)


def test_ids_that_do_not_exist_answer_like_other_peoples():
    w = state["w"]
    missing = sql_int("SELECT COALESCE(MAX(id), 0) FROM files") + 1000
    for path in ("/clients/%d/files/%d" % (w.a, missing),
                 "/clients/%d/files/%d" % (w.a, w.file["b"]),
                 "/clients/%d/files/%d" % (w.b, w.file["a"])):
        assert w.admin.get(path).status == 404, path
    for fid in (missing, w.file["b"]):
        resp = w.client_a.get("/portal/files/%d" % fid)
        assert resp.status == 404
        assert resp.text == w.client_a.get(
            "/portal/files/%d" % (missing + 1)).text
    resp = w.admin.post("/clients/%d/payments/%d/paid" % (w.a, missing),
                        {"csrf_token": w.token["admin"]})
    assert resp.status == 404
