"""notes_world.py: the people the notes and tasks tests need: the admin, the
assigned clinician, another clinician, a client of that clinician with a
portal account and another registered client, each with a signed-in
Browser; and small helpers to write notes, comments and tasks through the
real forms."""

import re

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, URL, Browser, Staff,
                      admin_password, clinician_password, csrf, signed_in,
                      sql, sql_int, staff_id)
from portal import (practice_settings, registered_client, restore_practice,
                    set_practice)


class World:
    """Everyone, signed in. Call close() in teardown_module."""

    def __init__(self):
        self.saved = practice_settings()
        set_practice(base_url=URL)
        self.admin = signed_in(ADMIN_EMAIL, admin_password())
        self.clinician = signed_in(CLINICIAN_EMAIL, clinician_password())
        self.clinician_id = staff_id(CLINICIAN_EMAIL)
        other = Staff(role="clinician")
        self.other_clinician = other.browser()
        self.other_clinician_staff_id = other.id
        self.client_id, self.client_email, self.client = registered_client(
            self.admin, staff_id=str(self.clinician_id))
        self.other_id, self.other_email, self.other_client = \
            registered_client(self.admin)

    def close(self):
        restore_practice(self.saved)

    def browser(self, who):
        return {"admin": self.admin, "clinician": self.clinician,
                "other_clinician": self.other_clinician,
                "client": self.client, "other_client": self.other_client
                }[who]


def token(browser, path):
    """The csrf token of a page of BROWSER's session."""
    resp = browser.get(path)
    assert resp.status == 200, resp.describe()
    return csrf(resp.text)


def staff_note(browser, client_id, title="Session", body="Text",
               shared=False, note_date=""):
    """Write a note on the profile through the form; its id."""
    path = "/clients/%d/notes" % client_id
    fields = {"csrf_token": token(browser, path), "title": title,
              "body": body, "note_date": note_date}
    if shared:
        fields["shared"] = "1"
    resp = browser.post(path, fields)
    assert resp.status == 303, resp.describe()
    m = re.fullmatch(r"/clients/%d/notes/(\d+)" % client_id,
                     resp.location_path() or "")
    assert m, resp.describe()
    return int(m.group(1))


def client_note(browser, title="Reflection", body="Text", shared=False):
    """Write a reflection in the portal through the form; its id."""
    fields = {"csrf_token": token(browser, "/portal/notes"), "title": title,
              "body": body, "note_date": ""}
    if shared:
        fields["shared"] = "1"
    resp = browser.post("/portal/notes", fields)
    assert resp.status == 303, resp.describe()
    m = re.fullmatch(r"/portal/notes/(\d+)", resp.location_path() or "")
    assert m, resp.describe()
    return int(m.group(1))


def comment(browser, note_path, body):
    """Comment on the note at NOTE_PATH; the response."""
    return browser.post(note_path + "/comments", {
        "csrf_token": token(browser, note_path), "body": body})


def last_comment_id(note_id):
    return sql_int("SELECT MAX(id) FROM note_comments WHERE note_id = %d"
                   % note_id)


def staff_task(browser, client_id, title="Homework", description="",
               due_date=""):
    path = "/clients/%d/tasks" % client_id
    resp = browser.post(path, {"csrf_token": token(browser, path),
                               "title": title, "description": description,
                               "due_date": due_date})
    assert resp.status == 303, resp.describe()
    return sql_int("SELECT MAX(id) FROM tasks WHERE client_id = %d"
                   % client_id)


# ---------------------------------------------------------------- the access matrix

CALLERS = ["admin", "clinician", "other_clinician", "client", "other_client",
           "signed_out"]
OWNERS = ["own", "other"]   # the assigned client's records, another client's


def insert_note(client_id, author_kind, author_id, shared=True):
    sql("INSERT INTO notes (client_id, author_kind, author_id, title, body, "
        "note_date, shared, created_at, updated_at) VALUES (%d, '%s', %d, "
        "'Matrix note', 'Matrix body', UTC_DATE(), %d, UTC_TIMESTAMP(), "
        "UTC_TIMESTAMP())" % (client_id, author_kind, author_id,
                              1 if shared else 0))
    return sql_int("SELECT MAX(id) FROM notes WHERE client_id = %d"
                   % client_id)


def insert_comment(note_id, author_kind, author_id):
    sql("INSERT INTO note_comments (note_id, author_kind, author_id, body, "
        "created_at, updated_at) VALUES (%d, '%s', %d, 'Matrix comment', "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP())" % (note_id, author_kind,
                                               author_id))
    return last_comment_id(note_id)


def insert_task(client_id, kind, author_id, done=False):
    sql("INSERT INTO tasks (client_id, created_by_kind, created_by_id, title, "
        "description, due_date, done_at, created_at, updated_at) VALUES "
        "(%d, '%s', %d, 'Matrix task', '', NULL, %s, UTC_TIMESTAMP(), "
        "UTC_TIMESTAMP())" % (client_id, kind, author_id,
                              "UTC_TIMESTAMP()" if done else "NULL"))
    return sql_int("SELECT MAX(id) FROM tasks WHERE client_id = %d"
                   % client_id)


class Matrix:
    """Requests every route as every caller on both owners' records and
    compares the status with the expected one."""

    def __init__(self, world):
        self.w = world
        self.ids = {"admin": staff_id(ADMIN_EMAIL),
                    "clinician": world.clinician_id,
                    "other_clinician": world.other_clinician_staff_id,
                    "client": world.client_id,
                    "other_client": world.other_id}
        self.tokens = {}
        self.anonymous = Browser()
        self.failures = []
        self.count = 0

    def browser(self, caller):
        if caller == "signed_out":
            return self.anonymous
        return self.w.browser(caller)

    def token(self, caller):
        if caller == "signed_out":
            return "x" * 64
        if caller not in self.tokens:
            home = "/portal" if caller.endswith("client") and \
                "clinician" not in caller else "/"
            self.tokens[caller] = token(self.w.browser(caller), home)
        return self.tokens[caller]

    def client_of(self, owner):
        return self.w.client_id if owner == "own" else self.w.other_id

    def author(self, caller, side):
        """Who writes the record a caller acts on: the caller when it may
        (so only reach decides), else someone who may."""
        if side == "staff":
            if caller in ("admin", "clinician", "other_clinician"):
                return "staff", self.ids[caller]
            return "staff", self.ids["admin"]
        return "client", None

    def expected(self, side, caller, owner, success):
        """(status, sign-in page it must lead to or None)."""
        signin = "/portal/login" if side == "portal" else "/login"
        if caller == "signed_out":
            return 303, signin
        if side == "staff":
            if caller == "admin":
                return success, None
            if caller == "clinician" and owner == "own":
                return success, None
            return 404, None
        if caller in ("admin", "clinician", "other_clinician"):
            return 303, signin
        if (caller == "client") == (owner == "own"):
            return success, None
        return 404, None

    def run(self, side, method, build, success, fields=None, owners=OWNERS,
            anyone_own=False):
        """BUILD(caller, owner) gives the path (making the records it
        needs)."""
        for owner in owners:
            for caller in CALLERS:
                path = build(caller, owner)
                b = self.browser(caller)
                if method == "GET":
                    resp = b.get(path)
                else:
                    data = dict(fields or {})
                    data["csrf_token"] = self.token(caller)
                    resp = b.post(path, data)
                want, signin = self.expected(side, caller, owner, success)
                if anyone_own and caller in ("client", "other_client"):
                    # a page of the caller's own (no id in the path)
                    want, signin = success, None
                self.count += 1
                where = (resp.location_path() or "") if resp.status == 303 \
                    else ""
                bad = resp.status != want
                if not bad and want == 303:
                    at_signin = where.startswith(("/login", "/portal/login"))
                    bad = (not where.startswith(signin)) if signin \
                        else at_signin
                if bad:
                    self.failures.append("%s %s as %s (%s record): %s, "
                                         "expected %d %s" % (
                                             method, path, caller, owner,
                                             resp.status, want,
                                             where or ""))

    def check(self):
        assert not self.failures, "%d of %d requests wrong:\n      %s" % (
            len(self.failures), self.count, "\n      ".join(self.failures))
