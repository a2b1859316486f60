"""portal.py: what the portal tests share: the SMTP sink's messages (read
with the email module), the links in them, clients made for a test, the
practice's portal settings, and a portal sign-in."""

import email
import email.policy
import os
import re
import urllib.parse

from casebook import (ADMIN_EMAIL, URL, VAR, Browser, admin_password, csrf,
                      add_client, letters, signed_in, sql, sql_int,
                      sql_quote, sql_value, unique_email, wait_until)

MAIL_DIR = os.environ.get("CASEBOOK_MAIL_DIR") or os.path.join(VAR, "mail")
PASSWORD = "a sturdy portal passphrase"


def messages_to(address):
    """Every message in the sink's Maildir addressed to ADDRESS, oldest
    first, parsed."""
    found = []
    new = os.path.join(MAIL_DIR, "new")
    names = sorted(os.listdir(new),
                   key=lambda n: os.stat(os.path.join(new, n)).st_mtime_ns)
    for name in names:
        with open(os.path.join(new, name), "rb") as f:
            msg = email.message_from_bytes(f.read(),
                                           policy=email.policy.default)
        to = msg["To"]
        if to is not None and any(a.addr_spec.lower() == address.lower()
                                  for a in to.addresses):
            found.append(msg)
    return found


def wait_for_messages(address, count=1, timeout=20):
    """The messages to ADDRESS once there are COUNT of them."""
    return wait_until(lambda: (lambda m: m if len(m) >= count else None)(
        messages_to(address)), timeout=timeout,
        message="%d message(s) to %s in %s/new" % (count, address, MAIL_DIR))


def bodies(msg):
    """(text, html) of a multipart/alternative message."""
    text = msg.get_body(preferencelist=("plain",)).get_content()
    markup = msg.get_body(preferencelist=("html",)).get_content()
    return text, markup


def link_in(msg, kind):
    """The portal link of KIND ("invite", "reset", "verify") in a message,
    as a local path; both alternatives must carry the same one."""
    text, markup = bodies(msg)
    pattern = r"(https?://[^\s\"<>]+/portal/%s/[0-9a-f]{64})" % kind
    in_text = re.findall(pattern, text)
    in_html = re.findall(pattern, markup)
    assert in_text, "no %s link in the text part:\n%s" % (kind, text)
    assert in_html and in_html[0] == in_text[0], \
        "the HTML part carries another link: %r / %r" % (in_html, in_text)
    base = urllib.parse.urlsplit(URL)
    link = urllib.parse.urlsplit(in_text[0])
    assert (link.scheme, link.netloc) == (base.scheme, base.netloc), \
        "the link does not lead to the practice's address: %s" % in_text[0]
    return link.path


def latest_link(address, kind, count=1):
    return link_in(wait_for_messages(address, count)[-1], kind)


def set_practice(base_url=None, registration=None, verification=None,
                 name=None):
    """Change the practice's settings row directly."""
    parts = []
    if base_url is not None:
        parts.append("base_url = %s" % sql_quote(base_url))
    if registration is not None:
        parts.append("self_registration = %s" % sql_quote(registration))
    if verification is not None:
        parts.append("email_verification = %s" % sql_quote(verification))
    if name is not None:
        parts.append("name = %s" % sql_quote(name))
    sql("SET NAMES utf8mb4; UPDATE practice_settings SET %s WHERE id = 1"
        % ", ".join(parts))


def practice_settings():
    return sql("SELECT base_url, self_registration, email_verification, "
               "name FROM practice_settings WHERE id = 1")[0]


def restore_practice(saved):
    set_practice(base_url=saved[0], registration=saved[1],
                 verification=saved[2], name=saved[3])


def admin():
    return signed_in(ADMIN_EMAIL, admin_password())


def new_client(browser, **fields):
    """A Pending client with a unique address; (id, email)."""
    address = fields.pop("email", None) or unique_email("portal")
    fields.setdefault("first_name", "Pat")
    fields.setdefault("last_name", "Portal " + letters(6))
    cid = add_client(browser, email=address, **fields)
    return cid, address


def invite(browser, client_id, back=None):
    """Press Invite on the profile; the response (a redirect)."""
    token = browser.csrf_from("/clients/%d" % client_id)
    fields = {"csrf_token": token}
    if back:
        fields["back"] = back
    return browser.post("/clients/%d/invite" % client_id, fields)


def client_status(client_id):
    return sql_value("SELECT status FROM clients WHERE id = %d" % client_id)


def has_account(client_id):
    return sql_int("SELECT COUNT(*) FROM portal_accounts WHERE client_id = "
                   "%d" % client_id) == 1


def choose_password(path, password=PASSWORD, confirm=None, browser=None):
    """Open a link page and submit its password form; (browser, page,
    response)."""
    b = browser or Browser()
    page = b.get(path)
    assert page.status == 200, page.describe()
    resp = b.post(path, {"csrf_token": csrf(page.text), "password": password,
                         "confirm_password": confirm or password})
    return b, page, resp


def portal_login(address, password=PASSWORD, browser=None):
    """Sign in on /portal/login; (browser, response)."""
    b = browser or Browser()
    page = b.get("/portal/login")
    assert page.status == 200, page.describe()
    resp = b.post("/portal/login", {"csrf_token": csrf(page.text),
                                    "email": address, "password": password})
    return b, resp


def audit_actions(client_id, since=0):
    """[(action, actor_kind)] of the audit entries about a client."""
    return [(a, k) for a, k in sql(
        "SELECT action, actor_kind FROM audit_log WHERE object_kind = "
        "'client' AND object_id = %d AND id > %d ORDER BY id"
        % (client_id, since))]


def registered_client(browser, **fields):
    """A client who accepted an invitation: (id, email, signed-in Browser)."""
    cid, address = new_client(browser, **fields)
    resp = invite(browser, cid)
    assert resp.status == 303, resp.describe()
    b, _, resp = choose_password(latest_link(address, "invite"))
    assert resp.status == 303 and resp.location_path() == "/portal", \
        resp.describe()
    return cid, address, b


def mail_job(address):
    """The id of the latest mail job to ADDRESS."""
    return sql_int("SELECT MAX(id) FROM jobs WHERE kind = 'mail' AND payload "
                   "LIKE %s" % sql_quote("%%Rcpt-To: %s\n%%" % address))


def forget_registration_addresses():
    """Forget where earlier registrations came from: every test request
    comes from one address, and a module's registrations must not count
    against another's limit of registrations per network address a day."""
    sql("UPDATE portal_registrations SET ip = ''")


def register(address, first="Robin", last="Selfreg", extra=None,
             browser=None):
    """Fill in /portal/register (FIELDS added to the form's own); (browser,
    response)."""
    b = browser or Browser()
    page = b.get("/portal/register")
    assert page.status == 200, page.describe()
    fields = {"csrf_token": csrf(page.text), "first_name": first,
              "last_name": last, "email": address}
    fields.update(extra or {})
    return b, b.post("/portal/register", fields)
