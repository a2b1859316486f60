"""Policies an attack pass found unevenly applied, each now one rule on every
path.

Tags: a tag is the practice's. A clinician attaches existing tags to their
clients; creating one (typing a name no tag has, on a client's profile or in
the directory's bulk action) needs the admin setting "Clinicians may create
tags", off in a new installation. A refused name is explained next to the
field and kept in it.

Passwords: staff passwords pass the same policy as clients' (length, not
the e-mail address or the name, not a common password), on the account's
own password change, on staff creation by an admin, and in `casebook staff
add`."""

import os
import re

from casebook import (ADMIN_EMAIL, REPO, Browser, CONFIG, Staff, add_client,
                      admin_password, config_value, field_error, flashes,
                      input_value, password_hash, run_casebook,
                      save_settings, signed_in, sql_int, sql_quote, sql_value,
                      staff_id, unique, unique_email)

state = {}


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["clinician"] = Staff("clinician")
    state["cb"] = state["clinician"].browser()
    state["client"] = add_client(state["cb"])
    _clinician_tags("off")


def teardown_module():
    _clinician_tags("off")


def _clinician_tags(value):
    save_settings(state["admin"], {"clinician_tags": value})
    assert sql_value("SELECT clinician_tags FROM practice_settings "
                     "WHERE id = 1") == value


def _tag_id(name):
    return sql_int("SELECT id FROM tags WHERE name = %s" % sql_quote(name))


def _has_tag(client_id, name):
    return sql_int("SELECT COUNT(*) FROM client_tags ct JOIN tags t ON "
                   "t.id = ct.tag_id WHERE ct.client_id = %d AND t.name = %s"
                   % (client_id, sql_quote(name))) == 1


def _profile_add(b, client_id, name):
    return b.post("/clients/%d/tags" % client_id,
                  {"name": name,
                   "csrf_token": b.csrf_from("/clients/%d" % client_id)})


def _bulk_add(b, client_id, name):
    return b.post("/clients/bulk", [("ids", str(client_id)),
                                    ("action", "tag_add"),
                                    ("tag_name", name),
                                    ("csrf_token", b.csrf_from("/clients"))])


def test_setting_is_off_in_a_new_installation():
    assert sql_value("SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS "
                     "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = "
                     "'practice_settings' AND COLUMN_NAME = "
                     "'clinician_tags'").strip("'") == "off"


def test_clinician_cannot_reach_the_tags_page():
    b = state["cb"]
    assert b.get("/admin/tags").status == 403
    resp = b.post("/admin/tags", {"name": "t-" + unique(),
                                  "csrf_token": b.csrf_from("/")})
    assert resp.status == 403, resp.describe()


def test_clinician_new_tag_on_profile_refused_when_off():
    name = unique("newtag")
    resp = _profile_add(state["cb"], state["client"], name)
    assert resp.status == 422, resp.describe()
    assert _tag_id(name) is None
    assert not _has_tag(state["client"], name)
    error = field_error(resp.text, "tag-add-name")
    assert error and "administrator" in error, resp.text
    # nothing lost: what was typed is still in the field
    assert input_value(resp.text, "name") == name


def test_clinician_new_tag_in_bulk_refused_when_off():
    name = unique("bulktag")
    b = state["cb"]
    resp = _bulk_add(b, state["client"], name)
    assert resp.status == 303, resp.describe()
    assert _tag_id(name) is None
    page = b.get(resp.location_path())
    assert any(kind == "error" and name in text and "administrator" in text
               for kind, text in flashes(page.text)), flashes(page.text)


def test_clinician_attaches_existing_tag_when_off():
    name = unique("existing")
    admin = state["admin"]
    resp = admin.post("/admin/tags", {"name": name,
                                      "csrf_token": admin.csrf_from(
                                          "/admin/tags")})
    assert resp.status == 303, resp.describe()
    tag = _tag_id(name)
    assert tag
    resp = _profile_add(state["cb"], state["client"], name)
    assert resp.status == 303, resp.describe()
    assert _has_tag(state["client"], name)
    other = add_client(state["cb"])
    resp = _bulk_add(state["cb"], other, name)
    assert resp.status == 303, resp.describe()
    assert _has_tag(other, name)
    assert _tag_id(name) == tag


def test_admin_creates_tags_from_a_profile_when_off():
    name = unique("admintag")
    resp = _profile_add(state["admin"], state["client"], name)
    assert resp.status == 303, resp.describe()
    assert _has_tag(state["client"], name)


def test_clinician_creates_tags_when_on():
    _clinician_tags("on")
    try:
        name = unique("allowed")
        resp = _profile_add(state["cb"], state["client"], name)
        assert resp.status == 303, resp.describe()
        assert _has_tag(state["client"], name)
        name = unique("allowedbulk")
        resp = _bulk_add(state["cb"], state["client"], name)
        assert resp.status == 303, resp.describe()
        assert _has_tag(state["client"], name)
    finally:
        _clinician_tags("off")


def test_settings_page_offers_the_choice():
    page = state["admin"].get("/admin/settings")
    assert page.status == 200
    assert re.search(r'<select id="clinician_tags" name="clinician_tags"',
                     page.text)


# ---------------------------------------------------------------- passwords

# On sql/common-passwords.txt, and 10 characters long: only the list refuses it.
COMMON = "qwertyuiop"


def _common_list():
    path = os.path.join(config_value("Paths.Sql") or os.path.join(REPO, "sql"),
                        "common-passwords.txt")
    with open(path, encoding="utf-8") as f:
        return {line.strip().lower() for line in f
                if line.strip() and not line.startswith("#")}


def test_the_common_password_is_on_the_list():
    assert COMMON in _common_list()


def test_account_password_change_refuses_a_common_password():
    staff = Staff("clinician")
    b = staff.browser()
    before = password_hash(staff.email)
    resp = b.submit("/account/password", {
        "current_password": staff.password, "new_password": COMMON.upper(),
        "confirm_password": COMMON.upper()})
    assert resp.status == 422, resp.describe()
    error = field_error(resp.text, "new_password")
    assert error and "common" in error, resp.describe()
    assert password_hash(staff.email) == before
    # and the email address as the password, as before
    resp = b.submit("/account/password", {
        "current_password": staff.password, "new_password": staff.email,
        "confirm_password": staff.email})
    assert resp.status == 422, resp.describe()
    assert "email" in (field_error(resp.text, "new_password") or "")
    assert password_hash(staff.email) == before


def test_admin_adding_staff_cannot_set_a_common_password():
    """The admin's form takes no password: a common one sent along is
    dropped, and the temporary password shown passes the policy."""
    b = state["admin"]
    email = unique_email("policy")
    resp = b.post("/admin/staff", {"name": "Policy " + unique("n")[-6:],
                                   "email": email, "role": "clinician",
                                   "password": COMMON,
                                   "csrf_token": b.csrf_from("/admin/staff")})
    assert resp.status == 303, resp.describe()
    page = b.get(resp.location_path())
    texts = [t for kind, t in flashes(page.text) if kind == "success"]
    m = re.search(r"temporary password is: ([A-Za-z0-9]+)", texts[0])
    assert m, texts
    temporary = m.group(1)
    assert len(temporary) >= 10 and temporary.lower() not in _common_list()
    assert staff_id(email)
    refused = Browser().login(email, COMMON)
    assert refused.status != 303, refused.describe()


def test_staff_add_command_refuses_a_common_password():
    email = unique_email("cli")
    proc = run_casebook(["staff", "add", "-c", CONFIG, "--clinician",
                         "--email", email, "--name", "Cli Policy",
                         "--password-stdin"], input=COMMON + "\n")
    assert proc.returncode != 0, proc.stderr
    assert "common" in proc.stderr, proc.stderr
    assert staff_id(email) is None
    proc = run_casebook(["staff", "add", "-c", CONFIG, "--clinician",
                         "--email", email, "--name", "Cli Policy",
                         "--password-stdin"], input=email.upper() + "\n")
    assert proc.returncode != 0 and "email" in proc.stderr, proc.stderr
    assert staff_id(email) is None
    proc = run_casebook(["staff", "add", "-c", CONFIG, "--clinician",
                         "--email", email, "--name", "Cli Policy",
                         "--password-stdin"], input="short\n")
    assert proc.returncode != 0 and "10 characters" in proc.stderr
    assert staff_id(email) is None
    proc = run_casebook(["staff", "add", "-c", CONFIG, "--clinician",
                         "--email", email, "--name", "Cli Policy",
                         "--password-stdin"], input="pw-" + unique("ok") + "\n")
    assert proc.returncode == 0, proc.stderr
    assert staff_id(email)
