"""One client's profile (/clients/{id}): the header, the Overview with every
field after an edit, the empty tabs, tags added and removed on the
profile, single deactivate / reactivate, the audit of each view and each
change (field names only), the recent history for admins only, dates of
birth in the practice's day/month order or as YYYY-MM-DD with the age, and
ICD-10 codes checked."""

import re
from datetime import datetime, timezone

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, add_client,
                      admin_password, anchors, assert_no_leak, client_value,
                      clinician_password, field_error, find_form, flashes,
                      input_value, letters, signed_in, sql, sql_int,
                      sql_value, staff_id, staff_name, table_rows,
                      unique_email)

ALL_FIELDS = ["first_name", "last_name", "preferred_name", "email", "phone",
              "date_of_birth", "gender", "pronouns", "address", "occupation",
              "employment_status", "relationship_status",
              "living_arrangement", "emergency_name", "emergency_phone",
              "emergency_relation", "diagnosis", "icd10_codes", "symptoms"]

state = {}


def teardown_module():
    if "practice" in state:
        sql("UPDATE practice_settings SET time_zone = '%s', date_order = "
            "'%s' WHERE id = 1" % state["practice"])


def setup_module():
    # dates as this file expects them: UTC, day before month
    state["practice"] = sql("SELECT time_zone, date_order FROM "
                            "practice_settings WHERE id = 1")[0]
    sql("UPDATE practice_settings SET time_zone = 'UTC', date_order = "
        "'dmy' WHERE id = 1")
    b = signed_in(ADMIN_EMAIL, admin_password())
    state["admin"] = b
    state["token"] = b.csrf_from("/")
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["clinician_token"] = state["clinician"].csrf_from("/")
    state["clinician_id"] = staff_id(CLINICIAN_EMAIL)


def _age(year, month, day):
    today = datetime.now(timezone.utc).date()
    return today.year - year - ((today.month, today.day) < (month, day))


def _new(**fields):
    base = {"first_name": "Harriet", "last_name": "Prof" + letters(8),
            "email": unique_email("profile")}
    base.update(fields)
    cid = add_client(state["admin"], state["token"], **base)
    return cid, base


def _edit(cid, fields, who="admin"):
    data = {name: "" for name in ALL_FIELDS}
    data.update({"phone_country": "", "emergency_country": ""})
    data.update(fields)
    data["csrf_token"] = state["token" if who == "admin"
                               else "clinician_token"]
    return state[who].post("/clients/%d/edit" % cid, data)


def _full(base):
    return dict(base, preferred_name="Hattie", phone="+44 20 7946 0958",
                date_of_birth="31/12/1980", gender="Woman",
                pronouns="she/her",
                address="12 Harbour Road\r\nFlat 3\r\nBristol BS1 4QA",
                occupation="Librarian", employment_status="Employed part-time",
                relationship_status="Married",
                living_arrangement="With partner",
                emergency_name="Sam Partner",
                emergency_phone="555 010 9999", emergency_country="US",
                emergency_relation="Spouse",
                diagnosis="Generalised anxiety\r\nwith panic",
                icd10_codes="f41.1, F32.0",
                symptoms="Poor sleep\r\nRacing thoughts",
                staff_id=str(state["clinician_id"]))


def _audits(cid, action):
    return sql("SELECT actor_id, COALESCE(detail, '') FROM audit_log WHERE "
               "action = '%s' AND object_kind = 'client' AND object_id = %d "
               "ORDER BY id" % (action, cid))


def test_overview_shows_every_field_after_an_edit():
    cid, base = _new()
    fields = _full(base)
    resp = _edit(cid, fields)
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/clients/%d" % cid
    page = state["admin"].get(resp.location_path())
    assert page.status == 200, page.describe()
    assert ("success", "The client's details were saved.") in \
        flashes(page.text), flashes(page.text)
    text = page.page_text
    shown = ["Harriet " + base["last_name"], "Hattie", base["email"],
             "+44 20 7946 0958", "31 Dec 1980", "(%d years)"
             % _age(1980, 12, 31), "Woman", "she/her", "12 Harbour Road",
             "Flat 3", "Bristol BS1 4QA", "Librarian", "Employed part-time",
             "Married", "With partner", "Sam Partner", "+1 (555) 010-9999",
             "Spouse", "Generalised anxiety", "with panic", "F41.1, F32.0",
             "Poor sleep", "Racing thoughts",
             staff_name(CLINICIAN_EMAIL)]
    missing = [s for s in shown if s not in text]
    assert not missing, "the Overview does not show %r" % missing
    assert re.search(r"12 Harbour Road\r?\n\s*Flat 3", page.text), \
        "the address loses its line breaks"
    assert re.search(r'class="[^"]*\bpre-line\b[^"]*"[^>]*>\s*Poor sleep',
                     page.text), "the symptoms keep no line breaks"
    stored = dict(zip(["phone", "date_of_birth", "emergency_phone",
                       "icd10_codes"], sql(
        "SELECT phone, date_of_birth, emergency_phone, icd10_codes FROM "
        "clients WHERE id = %d" % cid)[0]))
    assert stored == {"phone": "+442079460958",
                      "date_of_birth": "1980-12-31",
                      "emergency_phone": "+15550109999",
                      "icd10_codes": "F41.1, F32.0"}, stored
    # the edit form shows them again
    form = state["admin"].get("/clients/%d/edit" % cid)
    assert form.status == 200, form.describe()
    assert input_value(form.text, "preferred_name") == "Hattie"
    assert input_value(form.text, "phone") == "+44 20 7946 0958"
    assert input_value(form.text, "date_of_birth") in ("1980-12-31",
                                                       "31/12/1980")
    assert input_value(form.text, "icd10_codes") == "F41.1, F32.0"
    assert "Flat 3" in form.text and "Racing thoughts" in form.text


def test_the_header():
    cid, base = _new(first_name="Élodie", phone="+1 555 123 4567")
    resp = state["admin"].get("/clients/%d" % cid)
    assert resp.status == 200, resp.describe()
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", resp.text, re.S)
    assert h1 and "Élodie " + base["last_name"] in h1.group(1), \
        "the heading does not name the client"
    assert "ÉP" in resp.page_text, "no initials"
    assert "badge-pending" in resp.text
    hrefs = [h for h, _, _ in anchors(resp.text)]
    assert "mailto:" + base["email"] in hrefs, "no mailto link"
    assert "tel:+15551234567" in hrefs, "no tel link"
    assert "/clients/%d/edit" % cid in hrefs, "no Edit link"
    assert "/clients/%d/delete" % cid in hrefs, "no Delete link for admins"
    assert "<details" in resp.text and "More" in resp.page_text
    find_form(resp.text, "/clients/%d/reactivate" % cid)
    assert "Unassigned" in resp.page_text


def test_edit_changes_are_audited_with_field_names_only():
    cid, base = _new()
    resp = _edit(cid, _full(base))
    assert resp.status == 303, resp.describe()
    entries = _audits(cid, "client_updated")
    assert len(entries) == 1, entries
    actor, detail = entries[0]
    assert actor == str(staff_id(ADMIN_EMAIL))
    changed = set(detail.split(", "))
    expected = set(ALL_FIELDS) - {"first_name", "last_name", "email"}
    expected.add("assigned_staff")
    assert changed == expected, \
        "the audit names %r, expected %r" % (sorted(changed),
                                            sorted(expected))
    for value in ("Hattie", "Librarian", "anxiety", "7946", "1980", "F41",
                  "Married", "she/her"):
        assert value not in detail, "the audit holds the value %r" % value
    # saving again without changes writes nothing new
    resp = _edit(cid, _full(base))
    assert resp.status == 303
    assert len(_audits(cid, "client_updated")) == 1
    # one changed field is named alone
    resp = _edit(cid, dict(_full(base), occupation="Archivist"))
    assert resp.status == 303
    assert _audits(cid, "client_updated")[-1][1] == "occupation"


def test_an_edit_of_every_field_names_each_one():
    cid, base = _new()
    assert _edit(cid, _full(base)).status == 303
    other = dict(_full(base), first_name="Henrietta", last_name="Renamed" +
                 letters(6), preferred_name="Etta",
                 email=unique_email("renamed"), phone="+44 20 7946 0959",
                 date_of_birth="1981-01-02", gender="Female",
                 pronouns="they/them", address="1 Other Street",
                 occupation="Teacher", employment_status="Self-employed",
                 relationship_status="Divorced", living_arrangement="Alone",
                 emergency_name="Kim Friend", emergency_phone="555 010 8888",
                 emergency_relation="Friend", diagnosis="Low mood",
                 icd10_codes="F32.1", symptoms="Fatigue", staff_id="0")
    resp = _edit(cid, other)
    assert resp.status == 303, resp.describe()
    detail = _audits(cid, "client_updated")[-1][1]
    named = set(detail.split(", "))
    expected = set(ALL_FIELDS) | {"assigned_staff"}
    assert named == expected, \
        "the audit of a full edit names %r; missing %r" % (
            detail, sorted(expected - named))


def test_each_view_of_a_profile_is_audited():
    cid, _ = _new(staff_id=str(state["clinician_id"]))
    before = len(_audits(cid, "client_viewed"))
    assert state["admin"].get("/clients/%d" % cid).status == 200
    assert state["admin"].get("/clients/%d" % cid).status == 200
    assert state["clinician"].get("/clients/%d/files" % cid).status == 200
    views = _audits(cid, "client_viewed")[before:]
    assert [v[0] for v in views] == [str(staff_id(ADMIN_EMAIL))] * 2 + \
        [str(state["clinician_id"])], "views audited: %r" % views
    assert views[-1][1] == "files", views


TABS = {"notes": "No notes yet.",
        "tasks": "No tasks yet.",
        "files": "Documents shared with this client will appear here.",
        "payments": "The payment timeline of this client's sessions will "
                    "appear here."}


def test_tabs_show_their_empty_state():
    cid, base = _new()
    for tab in [None] + list(TABS):
        path = "/clients/%d" % cid + ("/" + tab if tab else "")
        resp = state["admin"].get(path)
        assert resp.status == 200, resp.describe()
        assert "Harriet " + base["last_name"] in resp.page_text, \
            "the %s tab lacks the header" % tab
        nav = re.search(r'<nav\b[^>]*aria-label="Client record"[^>]*>(.*?)'
                        r'</nav>', resp.text, re.S)
        assert nav, "no tab navigation labelled 'Client record'"
        tabs = anchors(nav.group(1))
        assert [t for _, t, _ in tabs] == ["Overview", "Notes", "Tasks",
                                           "Files", "Payments"], tabs
        current = [h for h, _, a in tabs if a.get("aria-current") == "page"]
        assert current == [path], "the open tab is %r, not %s" % (current,
                                                                 path)
        for other, text in TABS.items():
            if other == tab:
                assert text in resp.page_text, \
                    "the %s tab lacks its empty state" % tab
            else:
                assert text not in resp.page_text
    resp = state["admin"].get("/clients/%d/secrets" % cid)
    assert resp.status == 404, resp.describe()


def test_tags_are_added_and_removed_on_the_profile():
    b, token = state["admin"], state["token"]
    cid, _ = _new()
    page = b.get("/clients/%d" % cid)
    form = find_form(page.text, "/clients/%d/tags" % cid)
    box = [a for a in form["inputs"] if a.get("name") == "name"]
    assert box and box[0].get("maxlength") == "64", box
    name = "Anxiety " + letters(6)
    resp = b.post("/clients/%d/tags" % cid, {"name": name,
                                             "csrf_token": token})
    assert resp.status == 303, resp.describe()
    page = b.get(resp.location_path())
    assert ("success", 'Tag "%s" added.' % name) in flashes(page.text)
    tag = sql_int("SELECT id FROM tags WHERE name = '%s'" % name)
    assert tag and name in page.page_text
    remove = find_form(page.text, "/clients/%d/tags/%d/remove" % (cid, tag))
    labels = [a.get("aria-label") for a in remove["inputs"]
              if a["_tag"] == "button"]
    assert "Remove tag %s" % name in labels, labels
    # the same tag again: nothing changes
    resp = b.post("/clients/%d/tags" % cid, {"name": name.lower(),
                                             "csrf_token": token})
    page = b.get(resp.location_path())
    assert [k for k, _ in flashes(page.text)] == ["info"]
    assert sql_int("SELECT COUNT(*) FROM client_tags WHERE client_id = %d"
                   % cid) == 1
    resp = b.post("/clients/%d/tags" % cid, {"name": "  ",
                                             "csrf_token": token})
    page = b.get(resp.location_path())
    assert [k for k, _ in flashes(page.text)] == ["error"]
    assert len(_audits(cid, "client_tag_added")) == 1
    resp = b.post("/clients/%d/tags/%d/remove" % (cid, tag),
                  {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    page = b.get(resp.location_path())
    assert ("success", "Tag removed.") in flashes(page.text)
    assert sql_int("SELECT COUNT(*) FROM client_tags WHERE client_id = %d"
                   % cid) == 0
    assert len(_audits(cid, "client_tag_removed")) == 1
    resp = b.post("/clients/%d/tags/%d/remove" % (cid, tag),
                  {"csrf_token": token})
    assert resp.status == 404, resp.describe()


def test_history_is_shown_to_admins_only():
    cid, base = _new(staff_id=str(state["clinician_id"]))
    assert _edit(cid, dict(base, occupation="Pilot",
                           staff_id=str(state["clinician_id"]))).status == 303
    page = state["admin"].get("/clients/%d" % cid)
    assert "Recent history" in page.page_text, \
        "no history on the admin's profile"
    rows = table_rows(page.text)
    admin = staff_name(ADMIN_EMAIL)
    assert any(admin in r and "occupation" in r for r in rows), \
        "the history does not show who changed what: %r" % rows
    assert not any("Pilot" in r for r in rows), "the history shows a value"
    page = state["clinician"].get("/clients/%d" % cid)
    assert page.status == 200, page.describe()
    assert "Pilot" in page.page_text
    assert "Recent history" not in page.page_text, \
        "a clinician sees the history"
    assert not any(admin in r for r in table_rows(page.text))


def test_deactivate_and_reactivate_one_client():
    b, token = state["admin"], state["token"]
    cid, base = _new()
    name = "Harriet " + base["last_name"]
    page = b.get("/clients/%d" % cid)
    assert "Activate" in page.page_text, "a pending client has no Activate"
    resp = b.post("/clients/%d/reactivate" % cid, {"csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert client_value(cid, "status") == "active", \
        "reactivate does not activate a pending client"
    page = b.get(resp.location_path())
    assert [k for k, _ in flashes(page.text)] == ["success"]
    find_form(page.text, "/clients/%d/deactivate" % cid)
    resp = b.post("/clients/%d/deactivate" % cid, {"csrf_token": token})
    page = b.get(resp.location_path())
    assert ("success", "%s was deactivated." % name) in flashes(page.text)
    assert client_value(cid, "status") == "inactive"
    assert "badge-inactive" in page.text
    find_form(page.text, "/clients/%d/reactivate" % cid)
    resp = b.post("/clients/%d/deactivate" % cid, {"csrf_token": token})
    page = b.get(resp.location_path())
    assert [k for k, _ in flashes(page.text)] == ["info"]
    resp = b.post("/clients/%d/reactivate" % cid, {})
    assert resp.status == 403, "reactivated without a form token"
    assert client_value(cid, "status") == "inactive"


def test_date_of_birth_in_day_month_order_or_iso():
    cid, base = _new()
    for typed, iso in (("31/12/1980", "1980-12-31"),
                       ("1980-12-31", "1980-12-31"),
                       ("5.6.1990", "1990-06-05"),
                       ("05/06/1990", "1990-06-05"),
                       ("29/02/2000", "2000-02-29")):
        resp = _edit(cid, dict(base, date_of_birth=typed))
        assert resp.status == 303, "%r: %s" % (typed, resp.describe())
        assert client_value(cid, "date_of_birth") == iso, \
            "%r stored as %r" % (typed, client_value(cid, "date_of_birth"))
    page = state["admin"].get("/clients/%d" % cid)
    assert "29 Feb 2000" in page.page_text
    assert "(%d years)" % _age(2000, 2, 29) in page.page_text, \
        "no age next to the date of birth"
    for typed in ("12/31/1980", "31/02/1980", "2999-01-01", "yesterday",
                  "1980-13-01", "31/12/80"):
        resp = _edit(cid, dict(base, date_of_birth=typed))
        assert resp.status == 422, "%r: %s" % (typed, resp.describe())
        assert field_error(resp.text, "date_of_birth"), \
            "no error for the date %r" % typed
        assert input_value(resp.text, "date_of_birth") == typed
    assert client_value(cid, "date_of_birth") == "2000-02-29"


def test_date_of_birth_in_month_day_order():
    original = "dmy"
    cid, base = _new()
    sql("UPDATE practice_settings SET date_order = 'mdy' WHERE id = 1")
    try:
        resp = _edit(cid, dict(base, date_of_birth="12/31/1980"))
        assert resp.status == 303, resp.describe()
        assert client_value(cid, "date_of_birth") == "1980-12-31"
        page = state["admin"].get("/clients/%d" % cid)
        assert "Dec 31, 1980" in page.page_text, page.describe()
        resp = _edit(cid, dict(base, date_of_birth="31/12/1980"))
        assert resp.status == 422, resp.describe()
        assert field_error(resp.text, "date_of_birth")
        resp = _edit(cid, dict(base, date_of_birth="1975-07-04"))
        assert resp.status == 303, resp.describe()
        assert client_value(cid, "date_of_birth") == "1975-07-04"
    finally:
        sql("UPDATE practice_settings SET date_order = '%s' WHERE id = 1"
            % original)


def test_icd10_codes_are_checked():
    cid, base = _new()
    for typed, stored in (("F41.1", "F41.1"),
                          ("f41.1; f32", "F41.1, F32"),
                          ("F41.1,F32.0 , Z63.0", "F41.1, F32.0, Z63.0"),
                          ("", "")):
        resp = _edit(cid, dict(base, icd10_codes=typed))
        assert resp.status == 303, "%r: %s" % (typed, resp.describe())
        assert client_value(cid, "icd10_codes") == stored, \
            "%r stored as %r" % (typed, client_value(cid, "icd10_codes"))
    for typed in ("XYZ", "F4", "41.1", "F41.12345", "F41-1", "anxiety",
                  "F41.1, nonsense"):
        resp = _edit(cid, dict(base, icd10_codes=typed))
        assert resp.status == 422, "%r: %s" % (typed, resp.describe())
        assert field_error(resp.text, "icd10_codes"), \
            "no error for the codes %r" % typed
        assert input_value(resp.text, "icd10_codes") == typed
        assert_no_leak(resp)
    assert client_value(cid, "icd10_codes") == ""


def test_an_email_used_by_another_client_is_refused_on_edit():
    _, first = _new()
    cid, base = _new()
    resp = _edit(cid, dict(base, email=first["email"].upper()))
    assert resp.status == 422, resp.describe()
    error = field_error(resp.text, "email")
    assert error and "already" in error.lower(), error
    assert client_value(cid, "email") == base["email"]
    # keeping one's own address in another case is fine
    resp = _edit(cid, dict(base, email=base["email"].upper()))
    assert resp.status == 303, resp.describe()


def test_a_clinician_cannot_reassign_their_client():
    b = state["clinician"]
    cid = add_client(b, state["clinician_token"])
    email = sql_value("SELECT email FROM clients WHERE id = %d" % cid)
    resp = _edit(cid, {"first_name": "Still", "last_name": "Mine",
                       "email": email,
                       "staff_id": str(staff_id(ADMIN_EMAIL))},
                 who="clinician")
    assert resp.status == 303, resp.describe()
    assert client_value(cid, "assigned_staff_id") == \
        str(state["clinician_id"]), "a clinician reassigned a client"
    assert client_value(cid, "first_name") == "Still"
