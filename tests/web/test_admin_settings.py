"""Practice settings (/admin/settings): the name shown in the header, a logo
(PNG, JPEG, GIF or WebP by content, at most 1 MB) served by nginx at
/practice/logo, the portal address, the time zone and date format every time
is shown in, the default phone country and the currency. Each mistake is
explained next to its field and changes nothing; each change is audited.
Clinicians are refused."""

import os
import re
import struct
import zlib

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, VAR, Browser,
                      admin_password, assert_no_leak, clinician_password,
                      config_value, csrf, field_error, flashes, input_value,
                      links, signed_in, sql, sql_int, sql_quote, sql_value,
                      staff_id, table_rows, unique)

EXPIRED = "This form has expired"
FIELDS = ("name", "base_url", "time_zone", "date_order", "phone_country",
          "currency")
state = {}


def png(width=1, height=1):
    """A valid PNG image, made here."""
    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body
                + struct.pack(">I", zlib.crc32(body) & 0xffffffff))
    rows = b"".join(b"\x00" + b"\x2b\x5f\x5c" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                         0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9"
       b"\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02"
       b"\x02D\x01\x00;")
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01"
WEBP_HEAD = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def files_dir():
    return config_value("Paths.Files") or os.path.join(VAR, "files")


def stored_files():
    """The documents' and logo's store: every name in the files directory but
    the import uploads' own store beside them (imports/, made by the first
    import)."""
    return sorted(n for n in os.listdir(files_dir()) if n != "imports")


def temp_files():
    tmp = config_value("Server.TmpDir") or os.path.join(VAR, "tmp")
    return sorted(os.listdir(tmp))


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["admin_id"] = staff_id(ADMIN_EMAIL)
    _reset()


def teardown_module():
    _reset()


def _reset():
    """Back to the settings a new installation has, without a logo."""
    if sql_value("SELECT logo_key FROM practice_settings WHERE id = 1"):
        b = state["admin"]
        resp = b.post("/admin/settings/logo/remove",
                      {"csrf_token": b.csrf_from("/admin/settings")})
        assert resp.status == 303, resp.describe()
    sql("UPDATE practice_settings SET name = '', base_url = '', time_zone = "
        "'UTC', date_order = 'dmy', phone_country = 'US', currency = 'USD' "
        "WHERE id = 1")


def _selected(markup, name):
    """The value of the selected option of <select name=NAME>, or None."""
    m = re.search(r'<select\b[^>]*\bname="%s"[^>]*>(.*?)</select>'
                  % re.escape(name), markup, re.S)
    if not m:
        return None
    for o in re.finditer(r"<option\b([^>]*)>", m.group(1)):
        if re.search(r"\bselected\b", o.group(1)):
            v = re.search(r'\bvalue="([^"]*)"', o.group(1))
            return v.group(1) if v else None
    return None


def _options(markup, name):
    m = re.search(r'<select\b[^>]*\bname="%s"[^>]*>(.*?)</select>'
                  % re.escape(name), markup, re.S)
    assert m, "no <select name=%s>" % name
    return re.findall(r'<option\b[^>]*\bvalue="([^"]*)"', m.group(1))


def _form_values(markup):
    values = {}
    for name in FIELDS:
        value = _selected(markup, name)
        if value is None:
            value = input_value(markup, name)
        values[name] = value or ""
    return values


def _save(changes=None, files=None, browser=None, token=True):
    """Submit the settings form as a browser would (multipart), with the
    current values changed by CHANGES and the file parts FILES."""
    b = browser or state["admin"]
    page = b.get("/admin/settings")
    assert page.status == 200, page.describe()
    fields = _form_values(page.text)
    fields.update(changes or {})
    if token:
        fields["csrf_token"] = csrf(page.text)
    return b.post("/admin/settings", fields, files=files or [])


def _saved(resp):
    assert resp.status == 303, resp.describe()
    assert resp.location_path() == "/admin/settings", resp.describe()
    messages = flashes(state["admin"].get("/admin/settings").text)
    assert ("success", "The settings were saved.") in messages, messages


def _row():
    return sql("SELECT name, base_url, time_zone, date_order, "
               "phone_country, currency FROM practice_settings WHERE id = 1"
               )[0]


def _last_change():
    return sql_value("SELECT detail FROM audit_log WHERE action = "
                     "'settings_changed' ORDER BY id DESC LIMIT 1")


def _changes_since(audit_id):
    return sql("SELECT actor_id, detail FROM audit_log WHERE id > %d AND "
               "action = 'settings_changed' ORDER BY id" % audit_id)


def _last_audit_id():
    return sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")


def _site_name(markup):
    m = re.search(r'<a class="site-name"[^>]*>(.*?)</a>', markup, re.S)
    assert m, "no practice name in the header"
    return m.group(1)


def _header_logo(markup):
    return re.search(r'<img\b[^>]*\bsrc="/practice/logo"[^>]*>',
                     _site_name(markup))


def test_clinician_is_refused():
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    resp = b.get("/admin/settings")
    assert resp.status == 403, resp.describe()
    assert_no_leak(resp)
    assert "/admin/settings" not in links(b.get("/").text)
    before = _row()
    token = b.csrf_from("/")
    resp = b.post("/admin/settings", {"csrf_token": token, "name": "Taken",
                                      "time_zone": "UTC", "date_order": "dmy",
                                      "phone_country": "US",
                                      "currency": "USD"}, files=[])
    assert resp.status == 403, resp.describe()
    resp = b.post("/admin/settings/logo/remove", {"csrf_token": token})
    assert resp.status == 403, resp.describe()
    assert _row() == before


def test_signed_out_visitor_is_sent_to_sign_in():
    resp = Browser().get("/admin/settings")
    assert resp.status == 303, resp.describe()
    assert (resp.location_path() or "").startswith("/login?next="), \
        resp.describe()


def test_form_offers_the_lists():
    page = state["admin"].get("/admin/settings")
    assert page.status == 200, page.describe()
    assert page.content_type.startswith("text/html")
    zones = _options(page.text, "time_zone")
    assert zones[0] == "UTC", zones[:3]
    for zone in ("Europe/London", "America/New_York", "Asia/Tokyo",
                 "Australia/Sydney", "Africa/Nairobi", "Pacific/Auckland",
                 "America/Sao_Paulo", "Asia/Kolkata"):
        assert zone in zones, "%s is not offered" % zone
    assert len(zones) >= 50, "only %d zones" % len(zones)
    assert sorted(_options(page.text, "date_order")) == ["dmy", "mdy", "ymd"]
    for label in ("31/12/2026", "12/31/2026", "2026-12-31"):
        assert label in page.page_text, "no %s example" % label
    currencies = _options(page.text, "currency")
    assert len(currencies) >= 30 and {"USD", "EUR", "GBP", "JPY", "AUD",
                                      "CAD", "INR"} <= set(currencies)
    assert {"US", "GB", "DE", "IN", "AU"} <= set(
        _options(page.text, "phone_country"))
    values = _form_values(page.text)
    assert values == {"name": "", "base_url": "", "time_zone": "UTC",
                      "date_order": "dmy", "phone_country": "US",
                      "currency": "USD"}, values
    assert re.search(r'<form\b[^>]*action="/admin/settings"[^>]*'
                     r'enctype="multipart/form-data"', page.text), \
        "the form cannot carry a file"


def test_practice_name_shows_in_the_header():
    name = "Harbour Counselling " + unique("p")[-6:]
    since = _last_audit_id()
    _saved(_save({"name": name}))
    assert _row()[0] == name
    home = state["admin"].get("/")
    assert name in _site_name(home.text), _site_name(home.text)
    assert name in home.text.split("</title>")[0], "not in the page title"
    login = Browser().get("/login")
    assert name in _site_name(login.text), \
        "the sign-in page shows another name"
    assert _changes_since(since) == [(str(state["admin_id"]), "name")]
    # escaped like any text, and whole however long its characters are
    _saved(_save({"name": '<b>Smith & "Jones"</b>'}))
    header = _site_name(state["admin"].get("/").text)
    assert "&lt;b&gt;Smith &amp; &quot;Jones&quot;&lt;/b&gt;" in header, header
    wide = "\u03a8" * 200
    _saved(_save({"name": wide}))
    assert _row()[0] == wide
    assert wide in _site_name(state["admin"].get("/").text)
    assert input_value(state["admin"].get("/admin/settings").text,
                       "name") == wide
    _saved(_save({"name": ""}))
    default = config_value("Practice.Name")
    assert default in _site_name(state["admin"].get("/").text), \
        "clearing the name does not bring the configured name back"


def test_nothing_changed():
    since = _last_audit_id()
    resp = _save()
    assert resp.status == 303, resp.describe()
    messages = flashes(state["admin"].get("/admin/settings").text)
    assert ("info", "Nothing was changed.") in messages, messages
    assert _changes_since(since) == []


def test_base_url_must_be_an_absolute_web_address():
    before = _row()
    for bad in ("portal.example.org", "ftp://portal.example.org",
                "https://", "https:///path", "https://portal.example.org/?a=1",
                "https://portal.example.org/#top", "https://user@example.org",
                "https://exa mple.org", "javascript:alert(1)",
                "https://example.org:99999", "https://-example.org",
                "//example.org"):
        resp = _save({"base_url": bad})
        assert resp.status == 422, "%r: %s" % (bad, resp.describe())
        assert field_error(resp.text, "base_url"), \
            "no message next to the address for %r" % bad
        assert input_value(resp.text, "base_url") == bad, \
            "the form lost what was typed"
        assert _row() == before, "%r changed the settings" % bad


def test_base_url_is_stored_without_the_trailing_slash():
    _saved(_save({"base_url": "HTTPS://Portal.Example.ORG/casebook/"}))
    assert _row()[1] == "https://portal.example.org/casebook"
    assert _last_change() == "base_url"
    _saved(_save({"base_url": "http://localhost:8080/"}))
    assert _row()[1] == "http://localhost:8080"
    page = state["admin"].get("/admin/settings")
    assert input_value(page.text, "base_url") == "http://localhost:8080"
    _saved(_save({"base_url": ""}))
    assert _row()[1] == ""


def test_choices_outside_the_lists_are_refused():
    before = _row()
    for field, bad in (("time_zone", "Mars/Olympus_Mons"),
                       ("time_zone", "../../../etc/passwd"),
                       ("time_zone", ""),
                       ("date_order", "ddd"), ("phone_country", "ZZ"),
                       ("currency", "XXX"), ("currency", "usd")):
        resp = _save({field: bad})
        assert resp.status in (400, 422), "%s=%r: %s" % (field, bad,
                                                          resp.describe())
        if resp.status == 422:
            assert field_error(resp.text, field), \
                "no message next to %s for %r" % (field, bad)
        assert _row() == before, "%s=%r changed the settings" % (field, bad)


def test_phone_country_and_currency_are_saved():
    since = _last_audit_id()
    _saved(_save({"phone_country": "GB", "currency": "EUR",
                  "time_zone": "Europe/London"}))
    assert _row()[2:] == ("Europe/London", "dmy", "GB", "EUR")
    page = state["admin"].get("/admin/settings")
    assert _selected(page.text, "phone_country") == "GB"
    assert _selected(page.text, "currency") == "EUR"
    assert _selected(page.text, "time_zone") == "Europe/London"
    assert _changes_since(since) == [
        (str(state["admin_id"]), "time_zone, phone_country, currency")]
    _saved(_save({"phone_country": "US", "currency": "USD",
                  "time_zone": "UTC"}))


def _marker_time(marker):
    """The time the audit page shows for the entry with detail MARKER."""
    resp = state["admin"].get("/admin/audit")
    assert resp.status == 200, resp.describe()
    rows = [r for r in table_rows(resp.text) if marker in r]
    assert rows, "the marker entry is not on the audit page"
    return rows[0]


def test_time_zone_and_date_format_move_the_audit_times():
    marker = unique("tz")
    sql("INSERT INTO audit_log (at, actor_kind, action, object_kind, ip, "
        "detail) VALUES ('2026-01-15 12:00:00', 'system', 'test_marker', "
        "'practice', '', %s)" % sql_quote(marker))
    assert "15 Jan 2026, 12:00" in _marker_time(marker)
    expected = (("Asia/Tokyo", "dmy", "15 Jan 2026, 21:00"),
                ("America/New_York", "dmy", "15 Jan 2026, 07:00"),
                ("Australia/Adelaide", "dmy", "15 Jan 2026, 22:30"),
                ("Pacific/Auckland", "dmy", "16 Jan 2026, 01:00"),
                ("UTC", "mdy", "Jan 15, 2026, 12:00"),
                ("UTC", "ymd", "2026-01-15, 12:00"),
                ("UTC", "dmy", "15 Jan 2026, 12:00"))
    for zone, order, shown in expected:
        _saved(_save({"time_zone": zone, "date_order": order}))
        # every worker reads the settings anew: ask several of them
        for _ in range(6):
            row = _marker_time(marker)
            assert shown in row, "%s/%s: expected %r in %r" % (zone, order,
                                                               shown, row)


def test_logo_round_trip_through_nginx():
    image = png(3, 2)
    before = stored_files()
    since = _last_audit_id()
    assert Browser().get("/practice/logo").status == 404
    _saved(_save(files=[("logo", "logo.png", "image/png", image)]))
    key, kind = sql("SELECT logo_key, logo_type FROM practice_settings "
                    "WHERE id = 1")[0]
    assert kind == "image/png" and re.fullmatch(r"[0-9a-f]{64}", key), \
        (key, kind)
    assert stored_files() == sorted(before + [key])
    with open(os.path.join(files_dir(), key), "rb") as f:
        assert f.read() == image
    assert _changes_since(since) == [(str(state["admin_id"]), "logo")]
    # anyone may fetch it: the sign-in page shows it
    resp = Browser().get("/practice/logo")
    assert resp.status == 200, resp.describe()
    assert resp.body == image, "other bytes came back"
    assert resp.content_type == "image/png", resp.content_type
    assert (resp.header("X-Content-Type-Options") or "") == "nosniff"
    assert resp.header("X-Accel-Redirect") is None, "nginx leaked the redirect"
    for page in (state["admin"].get("/"), Browser().get("/login")):
        img = _header_logo(page.text)
        assert img, "no logo in the header: %s" % page.describe()
        assert 'alt=""' in img.group(0) and 'height="32"' in img.group(0), \
            img.group(0)
    # a new logo replaces the old one, bytes and all
    _saved(_save(files=[("logo", "logo.gif", "image/gif", GIF)]))
    key2, kind2 = sql("SELECT logo_key, logo_type FROM practice_settings "
                      "WHERE id = 1")[0]
    assert kind2 == "image/gif" and key2 != key
    assert key not in stored_files(), "the old logo's bytes are left behind"
    resp = Browser().get("/practice/logo")
    assert resp.status == 200 and resp.body == GIF, resp.describe()
    assert resp.content_type == "image/gif", resp.content_type
    state["logo_key"] = key2


def test_jpeg_and_webp_are_accepted():
    for data, kind in ((JPEG_HEAD + b"\x00" * 64, "image/jpeg"),
                       (WEBP_HEAD + b"\x00" * 24, "image/webp")):
        _saved(_save(files=[("logo", "logo", "application/octet-stream",
                             data)]))
        assert sql_value("SELECT logo_type FROM practice_settings WHERE "
                         "id = 1") == kind
        resp = Browser().get("/practice/logo")
        assert resp.status == 200 and resp.body == data, resp.describe()
        assert resp.content_type == kind, resp.content_type


def test_other_files_are_refused_with_a_message():
    key = sql_value("SELECT logo_key FROM practice_settings WHERE id = 1")
    before, row = stored_files(), _row()
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024)
    for name, kind, data in (
            ("report.pdf", "application/pdf", PDF),
            ("report.png", "image/png", PDF),
            ("wrong.png", "image/png", b"\x89PNX\r\n\x1a\n" + png()[8:]),
            ("page.svg", "image/svg+xml",
             b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            ("big.png", "image/png", too_big),
            ("empty.png", "image/png", b"")):
        resp = _save({"name": "Not Saved"}, files=[("logo", name, kind,
                                                    data)])
        assert resp.status == 422, "%s: %s" % (name, resp.describe())
        error = field_error(resp.text, "logo")
        assert error, "no message next to the logo for %s" % name
        if data is too_big:
            assert "1 MB" in error, error
        elif data == b"":
            assert "empty" in error, error
        else:
            assert "PNG" in error, error
        assert input_value(resp.text, "name") == "Not Saved"
        assert sql_value("SELECT logo_key FROM practice_settings WHERE "
                         "id = 1") == key, "%s replaced the logo" % name
        assert _row() == row, "%s: the other settings were saved" % name
    assert stored_files() == before, "a refused file was kept"
    assert temp_files() == [], "temporary files are left: %r" % temp_files()
    # a file input left empty sends no file: the rest is saved, the logo kept
    _saved(_save({"name": "Saved"}, files=[("logo", "",
                                            "application/octet-stream",
                                            b"")]))
    assert _row()[0] == "Saved"
    assert sql_value("SELECT logo_key FROM practice_settings WHERE "
                     "id = 1") == key
    _saved(_save({"name": ""}))


def test_settings_without_csrf_token_are_refused():
    before = _row()
    resp = _save({"name": "Forged"}, token=False)
    assert resp.status == 403 and EXPIRED in resp.page_text, resp.describe()
    resp = state["admin"].post("/admin/settings/logo/remove", {})
    assert resp.status == 403 and EXPIRED in resp.page_text, resp.describe()
    assert _row() == before
    assert sql_value("SELECT logo_key FROM practice_settings WHERE id = 1")


def test_remove_logo():
    key = sql_value("SELECT logo_key FROM practice_settings WHERE id = 1")
    assert key, "no logo to remove"
    since = _last_audit_id()
    b = state["admin"]
    page = b.get("/admin/settings")
    assert re.search(r'<form\b[^>]*action="/admin/settings/logo/remove"',
                     page.text), "no Remove logo button"
    resp = b.post("/admin/settings/logo/remove", {"csrf_token":
                                                  csrf(page.text)})
    assert resp.status == 303, resp.describe()
    messages = flashes(b.get("/admin/settings").text)
    assert ("success", "The logo was removed.") in messages, messages
    assert sql("SELECT logo_key, logo_type FROM practice_settings WHERE "
               "id = 1") == [("", "")]
    assert key not in stored_files(), "the logo's bytes are left behind"
    assert _changes_since(since) == [(str(state["admin_id"]), "logo")]
    resp = Browser().get("/practice/logo")
    assert resp.status == 404, resp.describe()
    assert_no_leak(resp)
    assert not _header_logo(b.get("/").text), "the header still shows a logo"
    resp = b.post("/admin/settings/logo/remove",
                  {"csrf_token": b.csrf_from("/admin/settings")})
    assert resp.status == 303, resp.describe()
    assert any(k == "info" for k, _ in flashes(b.get("/admin/settings").text))
