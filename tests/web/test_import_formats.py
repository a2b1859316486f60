"""Importing the files the usual tools write: a Google Contacts export, an
Outlook export, an Excel "CSV UTF-8" file with semicolons and a byte-order
mark, and an Excel file in Windows-1252. Their columns map by themselves, and
what is saved is what the file says, normalised like a client typed by hand
(E.164 phones with the practice's country, ISO dates in its day/month
order), as Pending clients with their tags."""

from urllib.parse import urlencode

from casebook import (ADMIN_EMAIL, admin_password, client_ids, flashes,
                      signed_in, sql, sql_value, wait_until)
from importing import (choose, chosen_columns, client_count, client_tags,
                       clients_of, fixture, header_names, import_id,
                       new_domain, page_counts, run, state, upload)

state_ = {}


def setup_module():
    state_["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state_["settings"] = sql("SELECT phone_country, date_order FROM "
                             "practice_settings WHERE id = 1")[0]


def teardown_module():
    country, order = state_["settings"]
    sql("UPDATE practice_settings SET phone_country = '%s', date_order = '%s' "
        "WHERE id = 1" % (country, order))


def _settings(country, order):
    sql("UPDATE practice_settings SET phone_country = '%s', date_order = '%s' "
        "WHERE id = 1" % (country, order))


def _guessed(data, name):
    iid = import_id(upload(state_["admin"], name, data))
    page = state_["admin"].get("/clients/import/%d" % iid)
    assert page.status == 200, page.describe()
    names = header_names(page.text)
    return iid, {t: names.get(c) for t, c in chosen_columns(page.text).items()
                 if c}


def test_google_contacts_columns_map_by_themselves():
    _, guessed = _guessed(fixture("google-contacts.csv"), "contacts.csv")
    assert guessed == {
        "first_name": "First Name", "last_name": "Last Name",
        "preferred_name": "Nickname", "email": "E-mail 1 - Value",
        "phone": "Phone 1 - Value", "date_of_birth": "Birthday",
        "address": "Address 1 - Formatted", "tags": "Labels",
    }, guessed


def test_a_google_contacts_export_imports():
    _settings("US", "dmy")
    domain = new_domain()
    iid = run(state_["admin"], "contacts.csv",
              fixture("google-contacts.csv", domain))
    st = state(iid)
    assert st[:8] == ("done", "3", "3", "3", "0", "0", "0", "0"), st
    rows = clients_of(domain, "first_name, last_name, preferred_name, phone, "
                      "COALESCE(date_of_birth, ''), address, status")
    assert rows == [
        ("Amara", "Okafor", "Ami", "+447700900123", "1988-04-12",
         "1 High St\\nLeeds", "pending"),
        ("Björn", "Larsson", "", "+46701234567", "1979-11-30", "", "pending"),
        ("Chen", "Wei", "", "+15550104477", "", "", "pending"),
    ], rows
    # Google's own groups are not tags; ":::" separates the others
    assert client_tags("amara.okafor@" + domain) == ["Referrals"]
    assert client_tags("bjorn.larsson@" + domain) == []
    assert client_tags("chen.wei@" + domain) == ["Couples", "Referrals"]
    # the search index knows the new clients (their keys written by the job
    # the import queued when it ended)
    wait_until(lambda: sql_value(
        "SELECT COUNT(*) FROM client_search_keys t JOIN clients c "
        "ON c.id = t.client_id WHERE c.email = 'chen.wei@%s'" % domain) != "0",
        timeout=60, interval=0.2, message="the search keys")


def test_an_outlook_export_imports():
    _settings("US", "dmy")
    _, guessed = _guessed(fixture("outlook.csv"), "outlook.csv")
    assert guessed == {
        "first_name": "First Name", "last_name": "Last Name",
        "preferred_name": "Nickname", "email": "E-mail Address",
        "phone": "Mobile Phone", "address": "Home Street",
        "date_of_birth": "Birthday", "tags": "Categories",
    }, guessed
    domain = new_domain()
    iid = run(state_["admin"], "outlook.csv", fixture("outlook.csv", domain))
    assert state(iid)[:7] == ("done", "2", "2", "2", "0", "0", "0"), state(iid)
    rows = clients_of(domain, "first_name, last_name, phone, "
                      "COALESCE(date_of_birth, ''), address")
    # "0/0/00" is Outlook's empty birthday; 7/4/1990 is 7 April under dmy
    assert rows == [
        ("Dana", "Fischer", "+12125550147", "", "5 Elm Road"),
        ("Elliot", "Grant", "+16175550198", "1990-04-07", ""),
    ], rows
    assert client_tags("elliot.grant@" + domain) == ["Intake",
                                                     "Sliding scale"]


def test_an_excel_semicolon_file_with_a_byte_order_mark_imports():
    _settings("DE", "dmy")
    domain = new_domain()
    data = fixture("excel-semicolon-bom.csv", domain)
    assert data.startswith(b"\xef\xbb\xbf")
    iid, guessed = _guessed(data, "kunden.csv")
    assert guessed == {"first_name": "Vorname", "last_name": "Nachname",
                       "email": "E-Mail", "phone": "Telefon",
                       "date_of_birth": "Geburtsdatum", "tags": "Tags"}, \
        "the first column lost its name to the byte-order mark? %r" % guessed
    page = state_["admin"].get("/clients/import/%d" % iid)
    assert "separated by semicolons" in page.page_text, page.describe()
    assert "read as UTF-8" in page.page_text, page.describe()
    resp = choose(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    preview = state_["admin"].get("/clients/import/%d/preview" % iid)
    assert page_counts(preview.text) == {"new": 2, "existing": 0,
                                         "failed": 0}, preview.describe()
    # the preview shows the rows as they will be saved
    assert "+49 30 1234567" in preview.page_text or \
        "+49 301 234 567" in preview.page_text or \
        "+49 30 123 4567" in preview.page_text, preview.describe()
    iid = run(state_["admin"], "kunden.csv", data)
    assert state(iid)[:4] == ("done", "2", "2", "2"), state(iid)
    rows = clients_of(domain, "first_name, last_name, phone, "
                      "COALESCE(date_of_birth, '')")
    assert rows == [("Jürgen", "Müller", "+49301234567", "1975-02-03"),
                    ("Zoë", "Ångström", "+491712345678", "1984-02-29")], rows
    assert client_tags("zoe.angstrom@" + domain) == ["Online", "Paar"]
    # imported clients are found like any other: by a folded name, by the
    # domain they share, by their phone's digits and by a tag's name
    zoe = int(sql_value("SELECT id FROM clients WHERE email = 'zoe.angstrom@%s'"
                        % domain))
    for q in ("zoe angstrom", "ÅNGSTRÖM", domain, "2345678", "paar " + domain):
        found = client_ids(state_["admin"].get(
            "/clients?" + urlencode({"q": q, "per": "100"})).text)
        assert zoe in found, "search %r does not find an imported client" % q


def test_a_windows_1252_file_is_read_as_such_and_the_page_says_so():
    domain = new_domain()
    data = fixture("excel-windows-1252.csv", domain)
    resp = upload(state_["admin"], "excel.csv", data)
    iid = import_id(resp)
    page = state_["admin"].get("/clients/import/%d" % iid)
    assert any("Windows-1252" in text for _, text in flashes(page.text)), \
        "no word that the file was read as Windows-1252: %s" % page.describe()
    assert "read as Windows-1252" in page.page_text, page.describe()
    iid = run(state_["admin"], "excel.csv", data)
    assert state(iid)[:4] == ("done", "1", "1", "1"), state(iid)
    assert clients_of(domain) == [("René", "Côté")]
    assert client_count(domain) == 1
