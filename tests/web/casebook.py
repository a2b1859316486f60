"""casebook.py: what the web tests need to talk to a running Casebook.

An HTTP client with its own cookie jar (Browser), page inspection (forms,
flash messages, field errors, visible text), the test database (sql), the
staff command line (create_staff), the private stack (stack) and the
master's processes (master_pid, worker_pids).

Everything comes from the environment that script/test sets:
CASEBOOK_URL, CASEBOOK_VAR, CASEBOOK_BIN, CASEBOOK_CONFIG, CASEBOOK_DB_SOCKET,
CASEBOOK_DB_NAME, CASEBOOK_STACK, CASEBOOK_TEST_ADMIN_PASSWORD and
CASEBOOK_TEST_CLINICIAN_PASSWORD. Missing ones are derived from
CASEBOOK_VAR, CASEBOOK_PORT and CASEBOOK_BUILD where the contract allows.
"""

import email.utils
import html
import html.parser
import http.client
import os
import random
import re
import shlex
import string
import subprocess
import time
import urllib.parse
import uuid
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def _env(name, default=None):
    value = os.environ.get(name, "")
    return value if value else default


VAR = _env("CASEBOOK_VAR", "")
URL = _env("CASEBOOK_URL",
           "http://127.0.0.1:%s" % _env("CASEBOOK_PORT", "8080"))
BIN = _env("CASEBOOK_BIN",
           os.path.join(_env("CASEBOOK_BUILD", os.path.join(REPO, "build")),
                        "casebook"))
CONFIG = _env("CASEBOOK_CONFIG", os.path.join(VAR, "casebook.hdf"))
DB_SOCKET = _env("CASEBOOK_DB_SOCKET", os.path.join(VAR, "run", "mysqld.sock"))
DB_NAME = _env("CASEBOOK_DB_NAME", "casebook")
DB_USER = _env("CASEBOOK_DB_USER", "root")
STACK = _env("CASEBOOK_STACK", os.path.join(REPO, "script", "stack"))

ADMIN_EMAIL = "admin@test.invalid"
CLINICIAN_EMAIL = "clinician@test.invalid"
SESSION_COOKIE = "casebook_session"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'self'; "
                               "object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

HTTP_TIMEOUT = 30

# A form shown again with messages: 200, or 422 when the input was invalid.
FORM_AGAIN = (200, 422)
# A sign-in refused by the throttle: the form again, or 429.
THROTTLED = (200, 429)


def admin_password():
    return _required("CASEBOOK_TEST_ADMIN_PASSWORD")


def clinician_password():
    return _required("CASEBOOK_TEST_CLINICIAN_PASSWORD")


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise AssertionError("environment variable %s is not set" % name)
    return value


def unique(prefix="t"):
    """A short string no other test run will produce."""
    alphabet = string.ascii_lowercase + string.digits
    return "%s-%s-%s" % (prefix, time.strftime("%H%M%S"),
                         "".join(random.choice(alphabet) for _ in range(8)))


def unique_email(prefix="staff"):
    return "%s@test.invalid" % unique(prefix)


# ---------------------------------------------------------------- cookies

class SetCookie:
    """One Set-Cookie header: name, value and its attributes.

    attrs maps lower-cased attribute names to values ("" for flags such as
    HttpOnly); original keeps the header as sent.
    """

    def __init__(self, header):
        self.original = header
        parts = header.split(";")
        name, _, value = parts[0].partition("=")
        self.name = name.strip()
        self.value = value.strip()
        self.attrs = {}
        for part in parts[1:]:
            key, _, val = part.partition("=")
            key = key.strip().lower()
            if key:
                self.attrs[key] = val.strip()

    def has(self, attr):
        return attr.lower() in self.attrs

    def get(self, attr):
        return self.attrs.get(attr.lower())

    def expires_now(self):
        """True when this header removes the cookie from the browser."""
        if self.value == "":
            return True
        max_age = self.get("max-age")
        if max_age is not None:
            try:
                return int(max_age) <= 0
            except ValueError:
                return False
        expires = self.get("expires")
        if expires:
            try:
                when = email.utils.parsedate_to_datetime(expires)
            except (TypeError, ValueError):
                return False
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            return when <= datetime.now(timezone.utc)
        return False

    def __repr__(self):
        return "SetCookie(%r)" % self.original


# ---------------------------------------------------------------- responses

class Response:
    def __init__(self, method, url, status, reason, headers, body):
        self.method = method
        self.url = url
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (name, value), as sent
        self.body = body                # bytes
        self.history = []               # earlier responses when following
        self._text = None

    def header(self, name):
        """The first value of header NAME, or None."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        if self._text is None:
            self._text = self.body.decode("utf-8", "replace")
        return self._text

    @property
    def page_text(self):
        """Visible text: tags removed, entities decoded, spaces collapsed."""
        return visible_text(self.text)

    @property
    def content_type(self):
        return (self.header("Content-Type") or "").lower()

    @property
    def location(self):
        return self.header("Location")

    def location_path(self):
        """Location as a local path+query, or the full URL when off-site."""
        loc = self.location
        if loc is None:
            return None
        parts = urllib.parse.urlsplit(loc)
        base = urllib.parse.urlsplit(URL)
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                return loc
        path = parts.path or "/"
        return path + ("?" + parts.query if parts.query else "")

    @property
    def set_cookies(self):
        return [SetCookie(h) for h in self.header_all("Set-Cookie")]

    def set_cookie(self, name=SESSION_COOKIE):
        """The last Set-Cookie header for NAME in this response, or None."""
        found = None
        for c in self.set_cookies:
            if c.name == name:
                found = c
        return found

    def describe(self):
        """A short account of the response for assertion messages."""
        head = "%s %s -> %s %s" % (self.method, self.url, self.status,
                                   self.reason)
        if self.location:
            head += " Location: %s" % self.location
        text = self.page_text
        if len(text) > 400:
            text = text[:400] + "..."
        return "%s\n      body: %s" % (head, text)

    def __repr__(self):
        return "<Response %s %s %s>" % (self.method, self.url, self.status)


# ---------------------------------------------------------------- pages

class _PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.inputs = []
        self.text = []
        self._skip = 0
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "form":
            self._form = {"action": a.get("action"),
                          "method": (a.get("method") or "get").lower(),
                          "attrs": a, "inputs": []}
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select", "button"):
            a["_tag"] = tag
            self.inputs.append(a)
            if self._form is not None:
                self._form["inputs"].append(a)
        if tag in ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2",
                   "h3", "title", "option", "label", "main"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag == "form":
            self._form = None
        if tag in ("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3",
                   "title", "label"):
            self.text.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse_page(markup):
    p = _PageParser()
    p.feed(markup)
    p.close()
    return p


def visible_text(markup):
    text = "".join(parse_page(markup).text)
    return re.sub(r"\s+", " ", text).strip()


def forms(markup):
    """Every <form> as {"action", "method", "attrs", "inputs": [attrs...]}."""
    return parse_page(markup).forms


def find_form(markup, action):
    for f in forms(markup):
        if f["action"] == action:
            return f
    raise AssertionError("no form with action %r in page; forms: %r"
                         % (action, [f["action"] for f in forms(markup)]))


def inputs(markup):
    return parse_page(markup).inputs


def input_attrs(markup, name):
    for a in inputs(markup):
        if a.get("name") == name:
            return a
    return None


def input_value(markup, name):
    a = input_attrs(markup, name)
    return None if a is None else a.get("value", "")


SETTINGS_FIELDS = ("name", "base_url", "time_zone", "date_order",
                   "phone_country", "currency")


def save_settings(browser, changes):
    """Change some of the practice's settings through the admin form (a
    request like any other, on whichever worker takes it), keeping the rest as
    the form shows them."""
    page = browser.get("/admin/settings")
    assert page.status == 200, page.describe()
    fields = {}
    for field in SETTINGS_FIELDS:
        options = select_options(page.text, field)
        if options is None:
            fields[field] = input_value(page.text, field) or ""
        else:
            fields[field] = next((v for v, _, on in options if on), "")
    fields.update(changes)
    fields["csrf_token"] = csrf(page.text)
    resp = browser.post("/admin/settings", fields, files=[])
    assert resp.status == 303, resp.describe()


def csrf(markup):
    """The value of the page's first csrf_token field."""
    value = input_value(markup, "csrf_token")
    if not value:
        raise AssertionError("no csrf_token field in the page")
    return value


def flashes(markup):
    """[(kind, text)] for every flash message on the page."""
    found = []
    for m in re.finditer(r'<div\b[^>]*class="flash flash-([\w-]+)"[^>]*>'
                         r'(.*?)</div>', markup, re.S):
        found.append((m.group(1), visible_text(m.group(2))))
    return found


def field_error(markup, field):
    """The text of the error shown next to FIELD, or None."""
    m = re.search(r'<(\w+)\b[^>]*\bid="%s-error"[^>]*>(.*?)</\1>'
                  % re.escape(field), markup, re.S)
    if not m:
        return None
    return visible_text(m.group(2))


def table_rows(markup):
    """The visible text of each <tr> that holds <td> cells."""
    rows = []
    for m in re.finditer(r"<tr\b[^>]*>(.*?)</tr>", markup, re.S):
        if re.search(r"<td\b", m.group(1)):
            rows.append(visible_text(m.group(1)))
    return rows


def links(markup):
    return [html.unescape(m.group(1))
            for m in re.finditer(r'<a\b[^>]*\bhref="([^"]*)"', markup)]


# ---------------------------------------------------------------- requests

def urlencode(fields):
    if fields is None:
        return b""
    if isinstance(fields, dict):
        fields = list(fields.items())
    return urllib.parse.urlencode(fields).encode("ascii")


def multipart(fields=None, files=None):
    """(body, content_type) for a multipart/form-data request.

    fields: dict or list of (name, value); files: list of
    (name, filename, content_type, bytes).
    """
    boundary = "----casebook-test-" + uuid.uuid4().hex
    out = []
    if isinstance(fields, dict):
        fields = list(fields.items())
    for name, value in fields or []:
        if isinstance(value, str):
            value = value.encode("utf-8")
        out.append(("--%s\r\nContent-Disposition: form-data; "
                    "name=\"%s\"\r\n\r\n" % (boundary, name)
                    ).encode("utf-8") + value + b"\r\n")
    for name, filename, ctype, data in files or []:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                    % (boundary, name, filename, ctype)).encode("utf-8")
                   + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(out), "multipart/form-data; boundary=%s" % boundary


class Browser:
    """A user agent with its own cookie jar; redirects only when asked."""

    def __init__(self, base=URL):
        self.base = base
        parts = urllib.parse.urlsplit(base)
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.cookies = {}        # name -> value
        self.last = None         # last Response

    # cookie jar
    def cookie(self, name=SESSION_COOKIE):
        return self.cookies.get(name)

    def set_cookie_value(self, value, name=SESSION_COOKIE):
        self.cookies[name] = value

    def _store_cookies(self, response):
        for c in response.set_cookies:
            if c.expires_now():
                self.cookies.pop(c.name, None)
            else:
                self.cookies[c.name] = c.value

    def _connection(self):
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port,
                                               timeout=HTTP_TIMEOUT)
        return http.client.HTTPConnection(self.host, self.port,
                                          timeout=HTTP_TIMEOUT)

    def _headers(self, extra):
        headers = {"User-Agent": "casebook-web-tests",
                   "Accept": "text/html,*/*",
                   "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv
                                          for kv in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _exchange(self, method, path, body, headers):
        """One request and its answer, not followed (over HTTP here; a
        subclass may carry it another way)."""
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            data = raw.read()
            return Response(method, path, raw.status, raw.reason,
                            raw.getheaders(), data)
        finally:
            conn.close()

    def request(self, method, path, body=None, headers=None, follow=False):
        history = []
        for _ in range(10):
            resp = self._exchange(method, path, body, self._headers(headers))
            self._store_cookies(resp)
            self.last = resp
            if not follow or resp.status not in (301, 302, 303, 307, 308):
                resp.history = history
                return resp
            history.append(resp)
            target = resp.location_path()
            if target is None or not target.startswith("/"):
                raise AssertionError("redirect leaves the site: %s"
                                     % resp.describe())
            path = target
            if resp.status in (301, 302, 303):
                method, body = "GET", None
                headers = {k: v for k, v in (headers or {}).items()
                           if k.lower() != "content-type"}
        raise AssertionError("too many redirects from %s" % path)

    def get(self, path, headers=None, follow=False):
        return self.request("GET", path, headers=headers, follow=follow)

    def post(self, path, fields=None, files=None, body=None,
             content_type=None, headers=None, follow=False):
        """POST url-encoded FIELDS, or multipart when FILES are given, or a
        raw BODY with CONTENT_TYPE."""
        extra = dict(headers or {})
        if body is not None:
            payload = body if isinstance(body, bytes) else body.encode("utf-8")
            ctype = content_type or "application/x-www-form-urlencoded"
        elif files is not None:
            payload, ctype = multipart(fields, files)
        else:
            payload = urlencode(fields)
            ctype = content_type or "application/x-www-form-urlencoded"
        extra.setdefault("Content-Type", ctype)
        return self.request("POST", path, body=payload, headers=extra,
                            follow=follow)

    def post_declared_length(self, path, length, sent=b"x=1",
                             content_type="application/x-www-form-urlencoded"):
        """Announce a body of LENGTH bytes but send only SENT, then read the
        answer: how a server refuses an over-size body before reading it."""
        conn = self._connection()
        try:
            conn.putrequest("POST", path, skip_accept_encoding=True)
            for key, value in self._headers({"Content-Type": content_type,
                                             "Content-Length": str(length)
                                             }).items():
                conn.putheader(key, value)
            conn.endheaders()
            try:
                conn.send(sent)
            except OSError:
                pass
            raw = conn.getresponse()
            data = raw.read()
            return Response("POST", path, raw.status, raw.reason,
                            raw.getheaders(), data)
        finally:
            conn.close()

    def csrf_from(self, path="/"):
        """GET PATH and return the page's csrf_token."""
        resp = self.get(path)
        assert resp.status == 200, resp.describe()
        return csrf(resp.text)

    def submit(self, form_path, fields, action=None, follow=False):
        """Open the page holding a form, then post FIELDS with its token."""
        token = self.csrf_from(form_path)
        data = dict(fields)
        data["csrf_token"] = token
        return self.post(action or form_path, data, follow=follow)

    def login(self, email, password, next=None):
        """Sign in through the form: GET /login, POST with its token and its
        next field (or NEXT when given). Returns the POST's response."""
        path = "/login"
        if next is not None:
            path += "?" + urllib.parse.urlencode({"next": next})
        page = self.get(path)
        assert page.status == 200, page.describe()
        fields = {"email": email, "password": password,
                  "csrf_token": csrf(page.text)}
        form_next = input_value(page.text, "next")
        if next is not None:
            fields["next"] = next
        elif form_next:
            fields["next"] = form_next
        return self.post("/login", fields)

    def logout(self):
        token = self.csrf_from("/")
        return self.post("/logout", {"csrf_token": token})


def signed_in(email, password, next=None):
    """A Browser signed in as EMAIL (asserting the sign-in worked)."""
    b = Browser()
    resp = b.login(email, password, next=next)
    assert resp.status == 303, "sign-in as %s failed: %s" % (
        email, resp.describe())
    assert b.cookie(), "no session cookie after sign-in: %s" % resp.describe()
    return b


def assert_signed_in(browser, name=None):
    resp = browser.get("/")
    assert resp.status == 200, "expected to be signed in: %s" % resp.describe()
    assert "Signed in as" in resp.page_text, resp.describe()
    if name is not None:
        assert name in resp.page_text, resp.describe()
    return resp


def assert_signed_out(browser, path="/"):
    resp = browser.get(path)
    assert resp.status == 303, "expected a redirect to sign-in: %s" % (
        resp.describe())
    assert (resp.location_path() or "").startswith("/login"), resp.describe()
    return resp


def assert_security_headers(resp, no_store=True):
    for name, value in SECURITY_HEADERS.items():
        got = resp.header_all(name)
        assert got, "%s missing on %s" % (name, resp.describe())
        assert len(got) == 1, "%s sent %d times on %s: %r" % (
            name, len(got), resp.describe(), got)
        assert got[0].strip() == value, "%s is %r, expected %r on %s" % (
            name, got[0], value, resp.describe())
    if no_store:
        cache = resp.header("Cache-Control") or ""
        assert "no-store" in cache.lower(), \
            "Cache-Control %r lacks no-store on %s" % (cache, resp.describe())


LEAK_PATTERNS = [
    # SQL as a program sends it: upper-case keywords
    re.compile(r"\bSELECT\b[^<]*\bFROM\b"), re.compile(r"\bINSERT\s+INTO\b"),
    re.compile(r"\bUPDATE\s+\w+\s+SET\b"), re.compile(r"\bDELETE\s+FROM\b"),
    re.compile(r"error in your SQL syntax", re.I),
    re.compile(r"\bmysql_\w+", re.I), re.compile(r"\bmariadb\b", re.I),
    re.compile(r"MySQL server", re.I), re.compile(r"Traceback", re.I),
    re.compile(r"\b\w+\.[ch]:\d+"), re.compile(r"stack trace", re.I),
    re.compile(r"segmentation fault", re.I), re.compile(r"Sanitizer"),
    re.compile(r"\b(cs|hdf|FCGX)_\w+\("), re.compile(r"NEOERR"),
    re.compile(r"(/work/|/tmp/|/usr/|/var/lib/)"),
]


def assert_no_leak(resp):
    """No SQL, source locations or internals in an error page."""
    for pattern in LEAK_PATTERNS:
        m = pattern.search(resp.text)
        assert not m, "error page shows internals (%r): %s" % (
            m.group(0), resp.describe())


# ---------------------------------------------------------------- database

def sql_quote(value):
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


# A change by hand to what the clients' search rows and counts are made of.
_CLIENT_RECORDS = re.compile(
    r"\b(INSERT\s+(IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"
    r"(clients|client_tags|tags)\b", re.I)

# What the program runs once a change is over (listcache_publish).
_PUBLISH_DIRECTORY = \
    "UPDATE directory_version SET version = version + 1 WHERE id = 1"
_PUBLISH_SETTINGS = \
    "UPDATE practice_settings SET version = version + 1 WHERE id = 1"


def sql(query, publish=True):
    """Run QUERY with the mariadb client on the test socket; list of row
    tuples of strings (NULL as the string "NULL").  A change is then
    published as the program publishes its own (listcache_publish): the
    workers' kept directory pages, and their practice settings and staff
    after a change to those, are out of date at once (unless PUBLISH is
    false)."""
    if publish and not query.lstrip().upper().startswith("SELECT"):
        query = query.rstrip().rstrip(";") + "; " + _PUBLISH_DIRECTORY
        # as the program marks a staff member added, renamed, given another
        # role, (de)activated or removed (not a password change)
        if re.search(r"\bUPDATE\s+practice_settings\b|"
                     r"\b(INSERT\s+INTO|DELETE\s+FROM)\s+staff\b|"
                     r"\bUPDATE\s+staff\s+SET\b.*\b(name|role|active)\s*=",
                     query, re.I | re.S):
            query += "; " + _PUBLISH_SETTINGS
    cmd = ["mariadb", "--no-defaults", "--socket=%s" % DB_SOCKET,
           "--user=%s" % DB_USER, "-N", "-B", DB_NAME, "-e", query]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError("sql failed (%d): %s\n      %s" % (
            proc.returncode, query, proc.stderr.strip()))
    # the clients' derived rows follow a change made by hand, as the README says:
    # casebook sync (which publishes too; a change nobody publishes is not synced
    # either, until the next one is)
    if publish and _CLIENT_RECORDS.search(query):
        sync = subprocess.run([BIN, "sync", "-c", CONFIG], capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)
        if sync.returncode != 0:
            raise AssertionError("casebook sync failed (%d) after %s: %s" % (
                sync.returncode, query, sync.stderr.strip()))
    rows = []
    for line in proc.stdout.splitlines():
        rows.append(tuple(line.split("\t")))
    return rows


def sql_value(query):
    """The first column of the first row, or None."""
    rows = sql(query)
    return rows[0][0] if rows else None


def sql_int(query):
    value = sql_value(query)
    return int(value) if value not in (None, "NULL") else None


def staff_id(email):
    return sql_int("SELECT id FROM staff WHERE email = %s" % sql_quote(email))


def staff_name(email):
    return sql_value("SELECT name FROM staff WHERE email = %s"
                     % sql_quote(email))


def password_hash(email):
    return sql_value("SELECT password_hash FROM staff WHERE email = %s"
                     % sql_quote(email))


def session_count(user_id):
    return sql_int("SELECT COUNT(*) FROM auth_sessions WHERE user_kind = "
                   "'staff' AND user_id = %d" % user_id)


def last_audit_id():
    return sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")


# ---------------------------------------------------------------- programs

def run_casebook(args, input=None):
    proc = subprocess.run([BIN] + list(args), input=input,
                          capture_output=True, text=True, timeout=60)
    return proc


def create_staff(email=None, name=None, role="clinician", password=None):
    """Add a staff member through `casebook staff add`; returns
    (email, password, id)."""
    email = email or unique_email(role)
    name = name or "Test %s %s" % (role.capitalize(), unique("n")[-8:])
    password = password or "pw-" + unique("p")
    proc = run_casebook(["staff", "add", "-c", CONFIG, "--" + role,
                         "--email", email, "--name", name,
                         "--password-stdin"], input=password + "\n")
    if proc.returncode != 0:
        raise AssertionError("casebook staff add failed (%d): %s" % (
            proc.returncode, proc.stderr.strip()))
    sid = staff_id(email)
    assert sid, "staff %s not in the database after staff add" % email
    return email, password, sid


class Staff:
    """A fresh staff member, for tests that change passwords or lock
    accounts."""

    def __init__(self, role="clinician", name=None):
        self.role = role
        self.name = name or "Test %s %s" % (role.capitalize(),
                                            unique("n")[-8:])
        self.email, self.password, self.id = create_staff(
            name=self.name, role=role)

    def browser(self, next=None):
        return signed_in(self.email, self.password, next=next)


def stack(cmd, check=True, timeout=120):
    """Run `$CASEBOOK_STACK CMD` with this environment; CompletedProcess."""
    proc = subprocess.run([STACK] + shlex.split(cmd), env=os.environ.copy(),
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError("%s %s failed (%d): %s %s" % (
            STACK, cmd, proc.returncode, proc.stdout.strip(),
            proc.stderr.strip()))
    return proc


def read_config(path=None):
    """The config file's `Key = value` lines as a dict."""
    values = {}
    with open(path or CONFIG, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, _, value = line.partition("=")
            value = value.strip()
            if " #" in value:
                value = value.split(" #", 1)[0].rstrip()
            values[key.strip()] = value
    return values


def config_value(key, default=None):
    return read_config().get(key, default)


def pid_file():
    return config_value("Server.PidFile") or os.path.join(VAR, "run",
                                                          "casebook.pid")


def master_pid():
    with open(pid_file(), encoding="ascii") as f:
        return int(f.read().strip())


def process_name(pid):
    try:
        with open("/proc/%d/comm" % pid, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return None


def _parent_pid(pid):
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as f:
            stat = f.read()
    except OSError:
        return None
    # the command name is in parentheses and may hold spaces
    fields = stat[stat.rindex(")") + 2:].split()
    state, ppid = fields[0], int(fields[1])
    if state == "Z":
        return None
    return ppid


def children(pid, name=None):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        child = int(entry)
        if _parent_pid(child) == pid:
            if name is None or process_name(child) == name:
                found.append(child)
    return sorted(found)


def worker_pids():
    return children(master_pid(), "cb-worker")


def job_runner_pids():
    return children(master_pid(), "cb-jobs")


def wait_until(predicate, timeout=10, interval=0.1, message=None):
    """Call PREDICATE until it returns something true; return that value.
    Fails the test after TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, AssertionError, http.client.HTTPException) as e:
            last_error = e
        if time.monotonic() >= deadline:
            detail = message or getattr(predicate, "__name__", "condition")
            if last_error is not None:
                detail += " (last error: %s)" % last_error
            raise AssertionError("timed out after %ss waiting for %s"
                                 % (timeout, detail))
        time.sleep(interval)


# ---------------------------------------------------------------- clients

def letters(n=8, alphabet=string.ascii_lowercase):
    """N random letters: a name part no other run will produce."""
    return "".join(random.choice(alphabet) for _ in range(n))


def add_client(browser, token=None, **fields):
    """Add a client through POST /clients/new as BROWSER's user; its id.

    FIELDS are the form's fields; first_name, last_name and email default
    to unique values. TOKEN is the session's csrf token (fetched when not
    given). Fails the test unless the program answers with a redirect to
    the new profile.
    """
    data = {"first_name": "Test", "last_name": "Client " + letters(6),
            "email": unique_email("client")}
    data.update(fields)
    data["csrf_token"] = token or browser.csrf_from("/")
    resp = browser.post("/clients/new", data)
    assert resp.status == 303, "adding a client failed: %s" % resp.describe()
    m = re.fullmatch(r"/clients/(\d+)", resp.location_path() or "")
    assert m, "adding a client does not lead to its profile: %s" % (
        resp.describe())
    return int(m.group(1))


def client_value(client_id, column):
    """One column of a client's row (None when the client is gone)."""
    return sql_value("SELECT %s FROM clients WHERE id = %d"
                     % (column, client_id))


def client_exists(client_id):
    return sql_int("SELECT COUNT(*) FROM clients WHERE id = %d"
                   % client_id) == 1


def client_ids(markup):
    """The ids of the client rows of a list page, in order: the values of
    its name="ids" checkboxes."""
    found = []
    for a in inputs(markup):
        if a.get("name") == "ids" and a.get("type") == "checkbox":
            value = int(a.get("value", "0"))
            if value not in found:
                found.append(value)
    return found


def anchors(markup):
    """[(href, visible text, attrs)] of every <a href> in the page."""
    found = []
    for m in re.finditer(r"<a\b([^>]*)>(.*?)</a>", markup, re.S):
        attrs = dict((k.lower(), html.unescape(v)) for k, v in re.findall(
            r'([\w:-]+)="([^"]*)"', m.group(1)))
        if "href" in attrs:
            found.append((attrs["href"], visible_text(m.group(2)), attrs))
    return found


def select_options(markup, name):
    """[(value, text, selected)] of the options of <select name=NAME>, or
    None when the page has no such select."""
    m = re.search(r'<select\b[^>]*\bname="%s"[^>]*>(.*?)</select>'
                  % re.escape(name), markup, re.S)
    if not m:
        return None
    found = []
    for o in re.finditer(r"<option\b([^>]*)>(.*?)</option>", m.group(1),
                         re.S):
        value = re.search(r'\bvalue="([^"]*)"', o.group(1))
        text = visible_text(o.group(2))
        found.append((html.unescape(value.group(1)) if value else text,
                      text, re.search(r"\bselected\b", o.group(1))
                      is not None))
    return found


def submitted_fields(form):
    """What a browser sends of FORM (from forms()) before anyone types:
    hidden inputs and checked boxes that are not disabled, as
    [(name, value)]."""
    fields = []
    for a in form["inputs"]:
        name = a.get("name")
        if not name or a["_tag"] != "input" or "disabled" in a:
            continue
        kind = a.get("type", "text").lower()
        if kind == "hidden" or (kind in ("checkbox", "radio")
                                and "checked" in a):
            fields.append((name, a.get("value", "on")))
    return fields


def portal_session(client_id):
    """Give a client a portal sign-in session row; its id."""
    sql("INSERT INTO auth_sessions (token_hash, user_kind, user_id, "
        "csrf_token, created_at, last_seen_at) VALUES (UNHEX(SHA2(UUID(), "
        "256)), 'client', %d, SHA2(UUID(), 256), UTC_TIMESTAMP(), "
        "UTC_TIMESTAMP())" % client_id)
    return sql_int("SELECT MAX(id) FROM auth_sessions WHERE user_kind = "
                   "'client' AND user_id = %d" % client_id)


def portal_session_count(client_id):
    return sql_int("SELECT COUNT(*) FROM auth_sessions WHERE user_kind = "
                   "'client' AND user_id = %d" % client_id)
