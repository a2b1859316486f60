"""A file with every kind of row error: the preview reports each row and
saves nothing, the import saves exactly the valid rows, the result page and
the database agree on every count, the rows not imported come back as a CSV
(row number and reason) that uploads again, existing clients are skipped or
have their empty fields filled, and every import is audited."""

import csv
import io

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, add_client,
                      admin_password, signed_in, sql, sql_int, sql_quote,
                      staff_id)
from importing import (choose, client_count, client_tags, clients_of,
                       fixture, import_id, new_domain, page_counts, run,
                       state, upload)

state_ = {}

# row number -> the start of its reason, for the rows of row-errors.csv that
# are not imported
FAILED = {
    3: "First name: This field is required.",
    4: "Last name: This field is required.",
    5: "Email: This field is required.",
    6: "Email: Enter an email address like name@example.org.",
    7: "Date of birth: Enter a date like 31/12/1980 or 1980-12-31.",
    8: "Date of birth: The date of birth is in the future.",
    9: "Phone: This does not look like a phone number.",
    11: "Email: the same address is on row 10 of the file.",
    13: "Assigned staff: no active staff member has this email or name.",
    14: "ICD-10 codes: Use ICD-10 codes like F41.1, separated by commas.",
    15: "Tags: a tag is longer than 64 characters.",
}
SKIPPED = {12: "Email: a client with this address exists already (skipped)."}
CREATED = ["good.row", "dup", "national", "quoted", "short.row", "by.name"]


def setup_module():
    state_["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state_["order"] = sql_int("SELECT date_order = 'mdy' FROM "
                              "practice_settings WHERE id = 1")
    state_["country"] = sql("SELECT phone_country FROM practice_settings "
                            "WHERE id = 1")[0][0]
    sql("UPDATE practice_settings SET date_order = 'dmy', phone_country = "
        "'US' WHERE id = 1")
    domain = new_domain()
    state_["domain"] = domain
    state_["existing"] = add_client(state_["admin"], first_name="Already",
                                    last_name="Here",
                                    email="existing@" + domain)
    state_["data"] = fixture("row-errors.csv", domain)


def teardown_module():
    sql("UPDATE practice_settings SET date_order = '%s', phone_country = %s "
        "WHERE id = 1" % ("mdy" if state_["order"] else "dmy",
                          sql_quote(state_["country"])))


def test_the_preview_reports_every_row_and_saves_nothing():
    domain = state_["domain"]
    iid = import_id(upload(state_["admin"], "errors.csv", state_["data"]))
    resp = choose(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    before = sql_int("SELECT COUNT(*) FROM clients")
    page = state_["admin"].get("/clients/import/%d/preview" % iid)
    assert page.status == 200, page.describe()
    assert page_counts(page.text) == {"new": 6, "existing": 1,
                                      "failed": 11}, page.describe()
    text = page.page_text
    for number, reason in FAILED.items():
        assert reason in text, "row %d's problem (%s) is not reported: %s" % (
            number, reason, page.describe())
    # the first rows as they will be saved: E.164 phone shown readable
    assert "+44 20 7946 0958" in text, page.describe()
    assert sql_int("SELECT COUNT(*) FROM clients") == before, \
        "the preview saved something"
    assert client_count(domain) == 1
    assert state(iid)[0] == "mapped"


def test_the_import_saves_exactly_the_valid_rows():
    domain = state_["domain"]
    iid = run(state_["admin"], "errors.csv", state_["data"])
    state_["iid"] = iid
    st = state(iid)
    # total, done, created, updated, skipped, failed
    assert st[:7] == ("done", "18", "18", "6", "0", "1", "11"), st
    page = state_["admin"].get("/clients/import/%d" % iid)
    assert page.status == 200, page.describe()
    assert page_counts(page.text) == {"created": 6, "updated": 0,
                                      "skipped": 1, "failed": 11}, \
        page.describe()
    saved = sorted(e.split("@")[0] for (e,) in
                   clients_of(domain, "email") if not e.startswith("existing"))
    assert saved == sorted(CREATED), saved
    assert client_count(domain) == 7
    # staff are matched by e-mail or by name, whatever the case
    assert sql_int("SELECT assigned_staff_id FROM clients WHERE email = %s"
                   % sql_quote("by.name@" + domain)) == staff_id(CLINICIAN_EMAIL)
    rows = sql("SELECT first_name, phone, COALESCE(date_of_birth, ''), "
               "icd10_codes, status, COALESCE(assigned_staff_id, 0) FROM "
               "clients WHERE email IN ('good.row@%s', 'national@%s', "
               "'quoted@%s') ORDER BY id" % (domain, domain, domain))
    assert rows == [
        ("Good", "+442079460958", "1980-01-31", "F41.1", "pending",
         str(staff_id(CLINICIAN_EMAIL))),
        ("National", "+12025550143", "", "", "pending", "0"),
        ("Quoted, Name", "", "", "", "pending", "0"),
    ], rows
    assert client_tags("good.row@" + domain) == ["Imported"]
    # the existing client is untouched
    assert sql("SELECT first_name, last_name FROM clients WHERE id = %d"
               % state_["existing"]) == [("Already", "Here")]


def test_the_rows_not_imported_download_with_their_row_and_reason():
    iid = state_["iid"]
    resp = state_["admin"].get("/clients/import/%d/problems.csv" % iid)
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/csv"), resp.content_type
    assert "attachment" in (resp.header("Content-Disposition") or "")
    rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
    header = rows[0]
    assert header == ["First Name", "Last Name", "Email", "Phone",
                      "Date of Birth", "Tags", "Assigned staff", "ICD-10",
                      "Import row", "Import outcome", "Import problem"], header
    got = {int(r[8]): (r[9], r[10]) for r in rows[1:]}
    want = {n: ("failed", why) for n, why in FAILED.items()}
    want.update({n: ("skipped", why) for n, why in SKIPPED.items()})
    assert sorted(got) == sorted(want), sorted(got)
    for n, (outcome, why) in want.items():
        assert got[n][0] == outcome and got[n][1].startswith(why), \
            "row %d: %r, want %r" % (n, got[n], (outcome, why))
    # every row keeps its fields, in the header's columns
    assert all(len(r) == len(header) for r in rows), rows
    bad_phone = [r for r in rows[1:] if r[8] == "9"][0]
    assert bad_phone[:4] == ["Bad", "Phone", "bad.phone@" + state_["domain"],
                             "12"], bad_phone
    state_["report"] = resp.body


def test_the_report_uploads_again_with_the_same_columns():
    resp = upload(state_["admin"], "fixed.csv", state_["report"])
    iid = import_id(resp)
    page = state_["admin"].get("/clients/import/%d" % iid)
    from importing import chosen_columns, header_names
    names = header_names(page.text)
    chosen = {t: names.get(c) for t, c in chosen_columns(page.text).items()
              if c}
    assert chosen == {"first_name": "First Name", "last_name": "Last Name",
                      "email": "Email", "phone": "Phone",
                      "date_of_birth": "Date of Birth", "tags": "Tags",
                      "staff": "Assigned staff", "icd10_codes": "ICD-10"}, \
        chosen
    assert state(iid)[1] == "12", state(iid)


def test_existing_clients_can_have_their_empty_fields_filled():
    domain = new_domain()
    cid = add_client(state_["admin"], first_name="Fill", last_name="Me",
                     email="fill.me@" + domain)
    full = add_client(state_["admin"], first_name="Full", last_name="Up",
                      email="full.up@" + domain, phone="+44 20 7946 0001",
                      phone_country="")
    data = ("First Name,Last Name,Email,Phone,Tags\n"
            "Other,Name,FILL.ME@{d},+44 20 7946 0958,Returning\n"
            "Full,Up,full.up@{d},+44 20 7946 0002,\n"
            "New,Person,new.person@{d},,\n").format(d=domain).encode()
    iid = run(state_["admin"], "update.csv", data, existing="update")
    st = state(iid)
    assert st[:7] == ("done", "3", "3", "1", "1", "1", "0"), st
    # names were not empty: kept; the empty phone is filled; the tag added
    assert sql("SELECT first_name, last_name, phone FROM clients WHERE id = %d"
               % cid) == [("Fill", "Me", "+442079460958")]
    assert client_tags("fill.me@" + domain) == ["Returning"]
    # nothing to fill: skipped and left alone
    assert sql("SELECT phone FROM clients WHERE id = %d" % full) == \
        [("+442079460001",)]
    page = state_["admin"].get("/clients/import/%d" % iid)
    assert page_counts(page.text) == {"created": 1, "updated": 1,
                                      "skipped": 1, "failed": 0}, \
        page.describe()


def test_every_import_is_audited():
    iid = state_["iid"]
    rows = sql("SELECT a.actor_kind, COALESCE(a.actor_id, 0), a.action, "
               "a.detail FROM audit_log a WHERE a.object_kind = 'import' AND "
               "a.object_id = %d ORDER BY a.id" % iid)
    admin = str(staff_id(ADMIN_EMAIL))
    actions = [(r[0], r[1], r[2]) for r in rows]
    assert ("staff", admin, "import_uploaded") in actions, rows
    assert ("staff", admin, "import_started") in actions, rows
    assert ("staff", admin, "import_problems_exported") in actions, rows
    finished = [r for r in rows if r[2] == "import_finished"]
    assert finished and finished[0][3] == ("errors.csv: 6 created, 0 updated, "
                                           "1 skipped, 11 failed, 0 invited"), \
        rows
    started = [r for r in rows if r[2] == "import_started"][0]
    assert started[3].startswith("errors.csv: 18 rows"), started
