"""The files an import refuses, and why, with the line: an unclosed quote,
a row with more fields than the header, an empty file, a header alone, too
many rows; the template to start from; and who may import (administrators:
a bulk write of personal data)."""

import csv
import io
import os
import stat

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, admin_password,
                      clinician_password, config_value, signed_in, sql_int,
                      sql_value)
from importing import (choose, fixture, import_id, new_domain, start, upload,
                       wait_finished)

state_ = {}


def setup_module():
    state_["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state_["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())


def _refused(name, data):
    before = sql_int("SELECT COUNT(*) FROM imports")
    resp = upload(state_["admin"], name, data)
    assert resp.status == 422, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM imports") == before, \
        "a refused file was kept"
    return resp.page_text


def test_an_unclosed_quote_is_reported_with_its_line():
    text = _refused("broken.csv", fixture("unclosed-quote.csv"))
    assert "line 3: a quoted field is not closed" in text, text


def test_a_row_with_more_fields_than_the_header_is_reported_with_its_line():
    text = _refused("wide.csv", fixture("too-many-fields.csv"))
    # the record of lines 3 and 4 is one row; the wide row is on line 5
    assert "line 5: the row has 4 fields, the header only 3." in text, text


def test_an_empty_file_and_a_header_alone_are_refused():
    assert "The file is empty." in _refused("empty.csv", fixture("empty.csv"))
    assert "a header row but no clients" in _refused(
        "header.csv", fixture("header-only.csv"))


def test_no_file_is_refused():
    token = state_["admin"].csrf_from("/clients/import")
    resp = state_["admin"].post("/clients/import", {"csrf_token": token},
                                files=[])
    assert resp.status == 422, resp.describe()
    assert "Choose a CSV file" in resp.page_text


def test_more_rows_than_an_import_takes_are_refused():
    rows = ["First Name,Last Name,Email"]
    rows += ["A,B,r%d@rows.example.org" % i for i in range(50001)]
    text = _refused("big.csv", ("\n".join(rows) + "\n").encode())
    assert "more than 50000 rows" in text, text


def test_the_template_has_every_supported_column():
    resp = state_["admin"].get("/clients/import/template.csv")
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/csv")
    assert "attachment" in resp.header("Content-Disposition")
    rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
    assert rows[0] == [
        "First name", "Last name", "Preferred name", "Email", "Phone",
        "Date of birth", "Gender", "Pronouns", "Address", "Occupation",
        "Employment status", "Relationship status", "Living arrangement",
        "Emergency contact", "Emergency contact phone",
        "Relationship to client", "Diagnosis", "ICD-10 codes", "Symptoms",
        "Tags", "Assigned staff"], rows[0]
    assert len(rows) == 2 and len(rows[1]) == len(rows[0]), rows
    page = state_["admin"].get("/clients/import")
    assert 'href="/clients/import/template.csv"' in page.text


def test_the_template_uploads_and_maps_every_column():
    resp = upload(state_["admin"], "template.csv", state_["admin"].get(
        "/clients/import/template.csv").body)
    assert resp.status == 303, resp.describe()
    page = state_["admin"].get(resp.location_path())
    from importing import chosen_columns
    chosen = chosen_columns(page.text)
    unmapped = [t for t, c in chosen.items() if c == 0]
    assert unmapped == ["full_name"], unmapped


def test_importing_is_for_administrators():
    for path in ("/clients/import", "/clients/import/template.csv"):
        resp = state_["clinician"].get(path)
        assert resp.status == 403, resp.describe()
    page = state_["clinician"].get("/clients")
    assert 'href="/clients/import"' not in page.text, \
        "a clinician is offered the import"
    page = state_["admin"].get("/clients")
    assert 'href="/clients/import"' in page.text


def test_an_import_that_does_not_exist_is_404():
    resp = state_["admin"].get("/clients/import/999999999")
    assert resp.status == 404, resp.describe()
    resp = state_["admin"].get("/clients/import/999999999/problems.csv")
    assert resp.status == 404, resp.describe()


def test_the_file_waits_under_a_random_name_readable_by_casebook_only():
    data = fixture("google-contacts.csv", new_domain())
    iid = import_id(upload(state_["admin"], "contacts.csv", data))
    key = sql_value("SELECT storage_key FROM imports WHERE id = %d" % iid)
    assert key and len(key) == 64 and "contacts" not in key, key
    path = os.path.join(config_value("Paths.Files"), "imports", key)
    with open(path, "rb") as f:
        assert f.read() == data, "the stored file is not the uploaded one"
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode == 0o600, "the uploaded file has mode %o" % mode


def test_the_file_is_removed_once_imported():
    data = fixture("outlook.csv", new_domain())
    iid = import_id(upload(state_["admin"], "outlook.csv", data))
    key = sql_value("SELECT storage_key FROM imports WHERE id = %d" % iid)
    path = os.path.join(config_value("Paths.Files"), "imports", key)
    assert os.path.exists(path)
    resp = choose(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    resp = start(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    assert wait_finished(iid)[0] == "done"
    assert not os.path.exists(path), "the imported file is still there"
    assert sql_value("SELECT COALESCE(storage_key, 'none') FROM imports "
                     "WHERE id = %d" % iid) == "none"
    left = os.listdir(os.path.join(config_value("Paths.Files"), "imports"))
    assert all(sql_int("SELECT COUNT(*) FROM imports WHERE storage_key = "
                       "'%s'" % name) == 1 for name in left), \
        "files of finished imports are left behind: %r" % left
