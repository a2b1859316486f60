"""importing.py: what the import tests share: the fixture files (with their
addresses moved to a domain of this run), and the steps of an import through
HTTP: upload, choose columns, check, start, wait for the job, read the result.
"""

import os
import re

from casebook import (csrf, letters, select_options, sql, sql_int, sql_quote,
                      wait_until)

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "fixtures", "import")

TARGETS = ("first_name", "last_name", "preferred_name", "email", "phone",
           "date_of_birth", "gender", "pronouns", "address", "occupation",
           "employment_status", "relationship_status", "living_arrangement",
           "emergency_name", "emergency_phone", "emergency_relation",
           "diagnosis", "icd10_codes", "symptoms", "full_name", "tags",
           "staff")


def new_domain():
    """A mail domain no other test or run uses: the fixtures' example.org
    addresses move there."""
    return "%s.example.org" % letters(10)


def fixture(name, domain=None):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        data = f.read()
    if domain:
        data = data.replace(b"@example.org", b"@" + domain.encode("ascii"))
    return data


def upload(browser, name, data, token=None):
    """POST the file; the response (a redirect to the import on success)."""
    token = token or browser.csrf_from("/clients/import")
    return browser.post("/clients/import", {"csrf_token": token},
                        files=[("file", name, "text/csv", data)])


def import_id(resp):
    m = re.fullmatch(r"/clients/import/(\d+)", resp.location_path() or "")
    assert resp.status == 303 and m, \
        "the upload did not lead to its import: %s" % resp.describe()
    return int(m.group(1))


def chosen_columns(markup):
    """The mapping form's choice per target: {target: column number}."""
    chosen = {}
    for t in TARGETS:
        options = select_options(markup, t)
        assert options, "the mapping form has no choice for %s" % t
        selected = [v for v, _, s in options if s]
        chosen[t] = int(selected[0]) if selected else 0
    return chosen


def header_names(markup):
    """{column number: header name} from the mapping form's options."""
    names = {}
    for value, text, _ in select_options(markup, "email"):
        if value != "0":
            names[int(value)] = re.sub(r" \(column \d+\)$", "", text)
    return names


def choose(browser, iid, changes=None, existing="skip", invite=False):
    """Post the mapping form: the guessed columns with CHANGES applied
    ({target: column name or None}); the response."""
    page = browser.get("/clients/import/%d" % iid)
    assert page.status == 200, page.describe()
    columns = chosen_columns(page.text)
    names = header_names(page.text)
    for target, header in (changes or {}).items():
        if header is None:
            columns[target] = 0
        else:
            numbers = [n for n, h in names.items() if h == header]
            assert numbers, "no column %r in %r" % (header, names)
            columns[target] = numbers[0]
    fields = {t: str(c) for t, c in columns.items()}
    fields["existing"] = existing
    if invite:
        fields["invite"] = "1"
    fields["csrf_token"] = csrf(page.text)
    return browser.post("/clients/import/%d/mapping" % iid, fields)


def start(browser, iid):
    page = browser.get("/clients/import/%d/preview" % iid)
    assert page.status == 200, page.describe()
    return browser.post("/clients/import/%d/start" % iid,
                        {"csrf_token": csrf(page.text)})


def state(iid):
    return sql(
        "SELECT state, total, done_rows, created, updated, skipped, failed, "
        "invited, COALESCE(error, '') FROM imports WHERE id = %d" % iid)[0]


def wait_finished(iid, timeout=60):
    wait_until(lambda: state(iid)[0] in ("done", "failed"), timeout=timeout,
               interval=0.2, message="import %d to finish" % iid)
    return state(iid)


def run(browser, name, data, changes=None, existing="skip", invite=False):
    """The whole import of one file; its id once the job has finished."""
    iid = import_id(upload(browser, name, data))
    resp = choose(browser, iid, changes, existing, invite)
    assert resp.status == 303 and resp.location_path() == \
        "/clients/import/%d/preview" % iid, resp.describe()
    resp = start(browser, iid)
    assert resp.status == 303, resp.describe()
    wait_finished(iid)
    return iid


def page_counts(markup):
    """The numbers of a preview or result page, by their ids."""
    found = {}
    for key, value in re.findall(r'<dd id="count-([a-z]+)">([\d,]+)</dd>',
                                 markup):
        found[key] = int(value.replace(",", ""))
    return found


def clients_of(domain, columns="first_name, last_name"):
    return sql("SELECT %s FROM clients WHERE email LIKE %s ORDER BY id"
               % (columns, sql_quote("%@" + domain)))


def client_count(domain):
    return sql_int("SELECT COUNT(*) FROM clients WHERE email LIKE %s"
                   % sql_quote("%@" + domain))


def client_tags(email):
    return sorted(r[0] for r in sql(
        "SELECT t.name FROM tags t JOIN client_tags ct ON ct.tag_id = t.id "
        "JOIN clients c ON c.id = ct.client_id WHERE c.email = %s"
        % sql_quote(email)))
