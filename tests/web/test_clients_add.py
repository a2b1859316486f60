"""Adding a client by hand (/clients/new): required fields, errors next to
each field with the input kept, one client per email address whatever its
case, phones stored as E.164 and shown formatted, saved as Pending, and a
clinician's new client is theirs."""

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, Staff, add_client,
                      admin_password, assert_no_leak, client_ids,
                      client_value, clinician_password, field_error,
                      find_form, flashes, input_attrs, input_value, letters,
                      select_options, signed_in, sql, sql_int, sql_quote,
                      sql_value, staff_id, unique_email)

state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())
    state["admin_token"] = state["admin"].csrf_from("/")
    state["clinician_token"] = state["clinician"].csrf_from("/")


def _post(who, fields):
    data = dict(fields)
    data["csrf_token"] = state[who + "_token"]
    return state[who].post("/clients/new", data)


def _count():
    return sql_int("SELECT COUNT(*) FROM clients")


def _fields(**more):
    data = {"first_name": "Nadia", "last_name": "Add" + letters(7),
            "email": unique_email("add"), "phone": "", "phone_country": ""}
    data.update(more)
    return data


def test_form_shows_the_fields_of_a_new_client():
    resp = state["admin"].get("/clients/new")
    assert resp.status == 200, resp.describe()
    form = find_form(resp.text, "/clients/new")
    assert form["method"] == "post", form
    names = [a.get("name") for a in form["inputs"]]
    for name in ("csrf_token", "first_name", "last_name", "email", "phone",
                 "phone_country", "staff_id"):
        assert name in names, "the new client form lacks %s: %r" % (
            name, names)
    # only the short form: the Overview fields come with Edit
    for name in ("date_of_birth", "diagnosis", "icd10_codes"):
        assert name not in names, "the new client form asks for %s" % name
    countries = select_options(resp.text, "phone_country")
    assert countries and countries[0][0] == "", \
        "the country list does not start with an empty choice: %r" % (
            countries[:3] if countries else countries)
    assert ("GB", "United Kingdom") in [(v, t) for v, t, _ in countries], \
        "United Kingdom is not among the countries"
    default = sql_value("SELECT phone_country FROM practice_settings "
                        "WHERE id = 1")
    selected = [v for v, _, s in countries if s]
    assert selected == [default], \
        "the practice's default country (%s) is not preselected: %r" % (
            default, selected)
    assert "saved as Pending" in resp.page_text, \
        "no note that the client is saved as Pending: %s" % resp.describe()


def test_a_clinician_does_not_choose_the_staff_member():
    resp = state["clinician"].get("/clients/new")
    assert resp.status == 200, resp.describe()
    names = [a.get("name") for a in
             find_form(resp.text, "/clients/new")["inputs"]]
    assert "first_name" in names, names
    assert "staff_id" not in names, \
        "a clinician is offered to assign the client: %r" % names


def test_required_fields_are_required():
    before = _count()
    resp = _post("admin", {"first_name": "", "last_name": "", "email": "",
                           "phone": "", "phone_country": "US"})
    assert resp.status == 422, resp.describe()
    for name in ("first_name", "last_name", "email"):
        assert field_error(resp.text, name), \
            "no error next to %s: %s" % (name, resp.describe())
    assert field_error(resp.text, "phone") is None, \
        "an empty phone is refused, but it is optional"
    assert _count() == before, "a client was saved from an empty form"
    assert_no_leak(resp)


def test_errors_appear_next_to_each_field_with_the_input_kept():
    before = _count()
    fields = _fields(first_name="Kept O'Name", last_name="",
                     email="not-an-email", phone="12ab", phone_country="GB")
    resp = _post("admin", fields)
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "last_name"), \
        "no error next to the last name: %s" % resp.describe()
    assert field_error(resp.text, "email"), \
        "no error next to the email: %s" % resp.describe()
    assert field_error(resp.text, "phone"), \
        "no error next to the phone: %s" % resp.describe()
    assert field_error(resp.text, "first_name") is None, \
        "an error next to a good first name"
    email = input_attrs(resp.text, "email")
    assert email is not None and email.get("aria-invalid") == "true", \
        "the email input is not marked invalid: %r" % email
    assert input_value(resp.text, "first_name") == "Kept O'Name", \
        "first name not kept: %r" % input_value(resp.text, "first_name")
    assert input_value(resp.text, "email") == "not-an-email", \
        "email not kept: %r" % input_value(resp.text, "email")
    assert input_value(resp.text, "phone") == "12ab", \
        "phone not kept: %r" % input_value(resp.text, "phone")
    chosen = [v for v, _, s in select_options(resp.text, "phone_country")
              if s]
    assert chosen == ["GB"], "the chosen country was not kept: %r" % chosen
    assert _count() == before, "a client was saved from an invalid form"


def test_a_duplicate_email_in_any_case_is_refused():
    email = "Dup.%s@Test.Invalid" % letters(8)
    first = add_client(state["admin"], state["admin_token"], email=email)
    for variant in (email, email.lower(), email.upper()):
        resp = _post("admin", _fields(email=variant))
        assert resp.status == 422, "%s: %s" % (variant, resp.describe())
        error = field_error(resp.text, "email")
        assert error and "already" in error.lower(), \
            "no 'already used' message next to the email for %s: %r" % (
                variant, error)
        assert input_value(resp.text, "email") == variant, \
            "the email typed was not kept"
    n = sql_int("SELECT COUNT(*) FROM clients WHERE LOWER(email) = %s"
                % sql_quote(email.lower()))
    assert n == 1, "%d clients use %s" % (n, email)
    # a clinician is refused too, even though the other client is not theirs
    resp = _post("clinician", _fields(email=email.swapcase()))
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "email"), resp.describe()
    assert client_value(first, "email") == email


def test_a_phone_needs_a_country_code_when_no_country_is_chosen():
    before = _count()
    resp = _post("admin", _fields(phone="555 123 4567", phone_country=""))
    assert resp.status == 422, resp.describe()
    error = field_error(resp.text, "phone")
    assert error and "country" in error.lower(), \
        "no message asking for the country code: %r" % error
    assert input_value(resp.text, "phone") == "555 123 4567"
    assert _count() == before
    # an unknown country counts as none
    resp = _post("admin", _fields(phone="555 123 4567", phone_country="ZZ"))
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "phone"), resp.describe()
    # with the code it is fine
    cid = add_client(state["admin"], state["admin_token"],
                     phone="+1 555 123 4567", phone_country="")
    assert client_value(cid, "phone") == "+15551234567"


def test_a_phone_that_is_no_number_is_refused():
    for phone in ("12ab", "+1 555 12", "+999 1234 5678", "call me"):
        resp = _post("admin", _fields(phone=phone, phone_country="US"))
        assert resp.status == 422, "%r: %s" % (phone, resp.describe())
        assert field_error(resp.text, "phone"), \
            "no error for the phone %r" % phone


def test_phones_are_stored_as_e164_and_shown_formatted():
    b = state["admin"]
    cases = [("(555) 123-4567", "US", "+15551234567", "+1 (555) 123-4567"),
             ("020 7946 0958", "GB", "+442079460958", "+44 20 7946 0958"),
             ("+44 (0)20 7946 0958", "", "+442079460958", "+44 20 7946 0958"),
             ("0049 30 1234567", "", "+49301234567", "+49 30 123 4567")]
    for typed, country, e164, shown in cases:
        email = unique_email("phone")
        cid = add_client(b, state["admin_token"], email=email, phone=typed,
                         phone_country=country)
        assert client_value(cid, "phone") == e164, \
            "%r (%s) stored as %r, not %r" % (
                typed, country, client_value(cid, "phone"), e164)
        profile = b.get("/clients/%d" % cid)
        assert profile.status == 200, profile.describe()
        assert shown in profile.page_text, \
            "the profile does not show %r: %s" % (shown, profile.describe())
        assert 'href="tel:%s"' % e164 in profile.text, \
            "the profile has no tel: link to %s" % e164
        listing = b.get("/clients?q=%s" % email.split("@")[0])
        assert listing.status == 200, listing.describe()
        assert client_ids(listing.text) == [cid], \
            "the list does not find the client by email: %r" % (
                client_ids(listing.text))
        assert shown in listing.page_text, \
            "the list does not show %r: %s" % (shown, listing.describe())


def test_a_new_client_is_saved_as_pending():
    b = state["admin"]
    last = "Pend" + letters(7)
    resp = _post("admin", _fields(first_name="Paula", last_name=last))
    assert resp.status == 303, resp.describe()
    path = resp.location_path()
    cid = int(path.rsplit("/", 1)[1])
    assert client_value(cid, "status") == "pending"
    page = b.get(path)
    assert page.status == 200, page.describe()
    assert ("success", "Paula %s was added as Pending." % last) in \
        flashes(page.text), "flash: %r" % flashes(page.text)
    assert "badge-pending" in page.text and "Pending" in page.page_text, \
        "the profile does not show the Pending status"
    assert client_value(cid, "assigned_staff_id") == "NULL", \
        "an admin's client without a chosen staff member is assigned"


def test_a_clinicians_new_client_is_assigned_to_them():
    me = staff_id(CLINICIAN_EMAIL)
    email = unique_email("mine")
    # a staff_id sent anyway is ignored: a clinician cannot assign
    cid = add_client(state["clinician"], state["clinician_token"],
                     email=email, staff_id=str(staff_id(ADMIN_EMAIL)))
    assert client_value(cid, "assigned_staff_id") == str(me), \
        "the clinician's client is assigned to %r, not %d" % (
            client_value(cid, "assigned_staff_id"), me)
    assert client_value(cid, "status") == "pending"
    listing = state["clinician"].get("/clients?q=%s" % email.split("@")[0])
    assert client_ids(listing.text) == [cid], \
        "the clinician does not see their new client: %s" % (
            listing.describe())
    assert state["clinician"].get("/clients/%d" % cid).status == 200


def test_an_admin_chooses_the_staff_member():
    b = state["admin"]
    clinician = staff_id(CLINICIAN_EMAIL)
    cid = add_client(b, state["admin_token"], staff_id=str(clinician))
    assert client_value(cid, "assigned_staff_id") == str(clinician)
    cid = add_client(b, state["admin_token"], staff_id="0")
    assert client_value(cid, "assigned_staff_id") == "NULL"
    gone = Staff()
    sql("UPDATE staff SET active = 0 WHERE id = %d" % gone.id)
    before = _count()
    resp = _post("admin", _fields(staff_id=str(gone.id)))
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "staff_id"), \
        "no error for a deactivated staff member: %s" % resp.describe()
    assert _count() == before


def test_adding_a_client_is_audited_without_personal_data():
    last = "Aud" + letters(8)
    email = unique_email("audit")
    cid = add_client(state["admin"], state["admin_token"],
                     first_name="Audrey", last_name=last, email=email)
    rows = sql("SELECT actor_kind, actor_id, COALESCE(detail, '') FROM "
               "audit_log WHERE action = 'client_created' AND object_kind = "
               "'client' AND object_id = %d" % cid)
    assert len(rows) == 1, "client_created entries: %r" % rows
    assert rows[0][:2] == ("staff", str(staff_id(ADMIN_EMAIL))), \
        "the entry does not name the admin: %r" % rows
    for _, _, detail in rows:
        assert last not in detail and email not in detail, \
            "the audit detail holds personal data: %r" % detail


def test_markup_in_a_name_is_shown_as_text():
    b = state["admin"]
    name = "<b>Bold</b>&amp;" + letters(5)
    resp = _post("admin", _fields(first_name=name))
    assert resp.status == 303, resp.describe()
    page = b.get(resp.location_path())
    assert page.status == 200, page.describe()
    assert "<b>Bold</b>" not in page.text, "the name is rendered as markup"
    assert name in page.page_text, "the name is not shown as typed"
