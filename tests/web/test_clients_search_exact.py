"""A search's counts (the status tabs and the total) are exact at every moment.

For a word many clients share the counts may be kept in a table, corrected
by a log of changes the job runner folds in, and rebuilt by `casebook
search-counts`.  Clients of this run (a random prefix) share fragments of 3,
4, 8 and 17+ characters in names (accented too), addresses, phones and tags:
one both in a tag's name and in clients' own words, one twice in a client,
one holding a LIKE wildcard; some shared by three clients or more, some by
fewer.  After each kind of change (through the web, and once in SQL) every
fragment's tabs, total and ids over all pages must be those of
client_search.words LIKE the fragment in the same scope: at once, once the
job runner has folded the change into the kept counts, and after
refresh_search_counts() has built them again; as the administrator, a
clinician, and under the staff filter (that clinician, another, unassigned),
with and without a status filter.
"""

import html
import random
import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, CONFIG, add_client,
                      admin_password, client_ids, clinician_password,
                      create_staff, find_form, letters, run_casebook,
                      select_options, signed_in, sql, sql_int, sql_quote,
                      sql_value, staff_id, wait_until)
from importing import run as run_import

QUIET = "bcdfghjkmpqrstvwxz"
STATUSES = ("active", "pending", "inactive")
# Each check asks in another order than the one before: no page a worker
# kept from it can answer, and each order's plan is taken in turn.
ORDERS = [(order, direction) for direction in ("asc", "desc")
          for order in ("name", "joined", "status", "staff")]
PER_PAGE = 25   # the prefix's clients fill two pages

state = {"checks": 0}


def refresh_search_counts():
    """Fold the log of changes into the kept counts and rebuild them."""
    proc = run_casebook(["search-counts", "-c", CONFIG])
    assert proc.returncode == 0, "casebook search-counts failed (%d): %s %s" \
        % (proc.returncode, proc.stdout.strip(), proc.stderr.strip())


def setup_module():
    admin = signed_in(ADMIN_EMAIL, admin_password())
    clinician = signed_in(CLINICIAN_EMAIL, clinician_password())
    run = letters(4, QUIET)
    cap = run.capitalize()
    digits = str(random.randint(100000, 999999))
    state.update(admin=admin, token=admin.csrf_from("/"), run=run, cap=cap,
                 digits=digits, clinician=clinician,
                 clinician_token=clinician.csrf_from("/"),
                 mine=staff_id(CLINICIAN_EMAIL), other=create_staff()[2],
                 domain="%s.invalid" % run, tide_tag="Tide%s Circle" % cap,
                 duo_tag="Duo%s Pair" % cap)
    # name: (as typed in the search box, as folded in the words)
    state["fragments"] = {
        "prefix, 3": (run[1:], run[1:]),
        "prefix, 4": (run.upper(), run),
        "name, 8": (cap + "Wren", run + "wren"),
        "accented": ("zoe" + run, "zoe" + run),  # finds Zoë and ZOË
        "accented, 3": ("zoë", "zoe"),  # typed with its accent
        "address, 19": (run + "LongAddressLine", run + "longaddressline"),
        "address, 20": (run + "longaddressline2", run + "longaddressline2"),
        "tag and own, 8": ("tide" + run, "tide" + run),
        "few, 7": ("Duo" + cap, "duo" + run),
        "none yet, 7": ("ebb" + run, "ebb" + run),
        "phone, 6": (digits[:3] + " " + digits[3:], digits),
        "phone, 8": (digits + "01", digits + "01"),
        "wildcard, 7": (run + "_ab", run + "_ab"),
    }
    mine, other = state["mine"], state["other"]
    zoe, tide, duo = "Zoë" + cap, "Tide" + cap, "Duo" + cap
    line = "longaddressline"
    specs = [  # first, last, preferred, address before @, phone, staff, status
        (zoe, cap + "Wren", "", run + "wren.a", "00", mine, "active"),
        ("Ann", cap + "wren", tide, run + line + "1", "01", mine, "pending"),
        (zoe.upper(), "Bo", "", run + line + "2", "02", other, "inactive"),
        ("Zoe" + cap, "Marsh", duo, run + "_ab3", "03", 0, "pending"),
        ("Cy", cap + "wren", "", run + "_ab4", "", other, "active"),
        ("Dee", "Stone", tide, run + "_ab5", "", 0, "inactive"),
        # "_" matches any one character in LIKE: this one must not match
        ("Eli", "Rowe", duo, run + "zab6", "", mine, "pending"),
        ("Fay", "Quill", "", run + line + "3", "", 0, "active"),
        ("Gus", "Moss", "", run + line + "4", "", mine, "inactive"),
    ]
    specs += [("Fil%d" % i, "Ler", "", "f%d.%s" % (i, run), "",
               (0, mine, other)[i % 3], STATUSES[i % 3]) for i in range(18)]
    ids = []
    for first, last, preferred, local, phone, staff, _ in specs:
        ids.append(add_client(
            admin, state["token"], first_name=first, last_name=last,
            preferred_name=preferred, email="%s@%s" % (local, state["domain"]),
            phone=_phone(phone), phone_country="", staff_id=str(staff)))
    state["ids"] = ids
    for status, action in (("active", "reactivate"),
                           ("inactive", "deactivate")):
        _bulk([c for c, s in zip(ids, specs) if s[6] == status], action)
    _bulk([ids[1], ids[4]], "tag_add", tag_name=state["tide_tag"])
    assert [_client(c) for c in ids] == [(s[6], s[5]) for s in specs]


def _phone(last_digits):
    d = state["digits"]
    return last_digits and "+44 20 %s %s%s" % (d[:4], d[4:], last_digits)


# ------------------------------------------------------------ the reference

def _like_contains(fragment):
    """'%fragment%' for LIKE, its own '%', '_' and '\\' escaped."""
    return sql_quote("%" + fragment.replace("\\", "\\\\").replace(
        "%", "\\%").replace("_", "\\_") + "%")


def _reference():
    """Per fragment, {client id: (status, staff id)} of the clients whose
    search words contain it (staff 0: unassigned)."""
    names = list(state["fragments"])
    likes = ["words LIKE " + _like_contains(state["fragments"][n][1])
             for n in names]
    rows = sql("SELECT id, status, staff_id, %s FROM client_search WHERE %s"
               % (", ".join(likes), " OR ".join(likes)))
    found = {n: {} for n in names}
    for row in rows:
        for name, hit in zip(names, row[3:]):
            if hit == "1":
                found[name][int(row[0])] = (row[1], int(row[2]))
    return found


# ------------------------------------------------------------ the pages

def _page_counts(resp):
    """The status tabs' counts, the total and the number of pages."""
    nav = re.search(r'<nav class="status-tabs".*?</nav>', resp.text, re.S)
    assert nav, "no status tabs: %s" % resp.describe()
    tabs = {label.lower(): int(n) for label, n in re.findall(
        r">(All|Active|Pending|Inactive) <span class=\"tab-count\">(\d+)<",
        nav.group(0))}
    assert len(tabs) == 4, "tabs %r: %s" % (tabs, resp.describe())
    m = re.search(r"Page (\d+) of (\d+) · (\d+) clients?\b", resp.page_text)
    if m is None:
        assert "No clients match this search" in resp.page_text, \
            resp.describe()
        return tabs, 0, 1
    return tabs, int(m.group(3)), int(m.group(2))


def _listed(browser, query):
    """The counts of the first page, and the ids of every page."""
    ids, page, pages, first = [], 1, 1, None
    while page <= pages:
        resp = browser.get("/clients?" + urllib.parse.urlencode(
            dict(query, page=page)))
        assert resp.status == 200, resp.describe()
        tabs, total, pages = _page_counts(resp)
        assert first in (None, (tabs, total)), "%r: page %d counts %r, " \
            "page 1 %r" % (query, page, (tabs, total), first)
        first = first or (tabs, total)
        ids += client_ids(resp.text)
        page += 1
    return first[0], first[1], ids


def _scopes():
    admin, mine, other = state["admin"], state["mine"], state["other"]
    return (("the administrator", admin, {}, None),
            ("the clinician", state["clinician"], {}, mine),
            ("the filter for the clinician", admin, {"staff": mine}, mine),
            ("the filter for another", admin, {"staff": other}, other),
            ("the filter for unassigned", admin, {"staff": -1}, 0))


def _folded():
    return sql_int("SELECT COUNT(*) FROM search_changes") == 0


def _check_at_once_and_refreshed(when):
    _check(when + ", at once")
    wait_until(_folded, timeout=20,
               message="the job runner folds the changes into the kept counts")
    _check(when + ", folded by the job runner")
    refresh_search_counts()
    _check(when + ", after search-counts")


def _check(when):
    """Every fragment in every scope, with no status filter and with one;
    the fragments the change touched first, before the log is folded."""
    order, direction = ORDERS[state["checks"] % len(ORDERS)]
    state["checks"] += 1
    found, before = _reference(), state.get("found", {})
    state["found"] = found
    problems = []
    for i, name in sorted(enumerate(state["fragments"]),
                          key=lambda f: found[f[1]] == before.get(f[1])):
        typed = state["fragments"][name][0]
        for j, (scope, browser, params, staff) in enumerate(_scopes()):
            matching = {c: st for c, (st, sid) in found[name].items()
                        if staff is None or sid == staff}
            want = {s: list(matching.values()).count(s) for s in STATUSES}
            want["all"] = len(matching)
            query = dict(params, q=typed, sort=order, dir=direction,
                         per=PER_PAGE)
            for status in (None, STATUSES[(i + j + state["checks"]) % 3]):
                if status:
                    query["status"] = status
                tabs, total, ids = _listed(browser, query)
                want_ids = sorted(c for c, st in matching.items()
                                  if status in (None, st))
                if (tabs, total, sorted(ids)) != (want, len(want_ids),
                                                  want_ids):
                    problems.append(
                        "%s, %s (q=%r, status=%s, %s %s): tabs %r, total %d, "
                        "ids %r; the words: %r, ids %r" % (
                            name, scope, typed, status, order, direction,
                            tabs, total, sorted(ids), want, want_ids))
    assert not problems, "%s: %d of the counts differ:\n      %s" % (
        when, len(problems), "\n      ".join(problems[:10]))


# ------------------------------------------------------------ the changes

def _post(path, fields, browser=None):
    browser = browser or state["admin"]
    token = state["token" if browser is state["admin"] else "clinician_token"]
    resp = browser.post(path, list(fields) + [("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    return resp


def _bulk(ids, action, **fields):
    _post("/clients/bulk", [("ids", str(c)) for c in ids]
          + [("action", action)] + list(fields.items()))


def _client(cid):
    """(status, staff id or 0) of a client, as the clients table has it."""
    row = sql("SELECT status, COALESCE(assigned_staff_id, 0) FROM clients "
              "WHERE id = %d" % cid)
    return (row[0][0], int(row[0][1])) if row else None


def _edit(cid, **changes):
    """Save the edit form as it is shown, with CHANGES."""
    path = "/clients/%d/edit" % cid
    page = state["admin"].get(path)
    assert page.status == 200, page.describe()
    fields = {}
    for a in find_form(page.text, path)["inputs"]:
        name = a.get("name")
        if not name or name == "csrf_token":
            continue
        if a["_tag"] == "select":
            options = select_options(page.text, name)
            fields[name] = next((v for v, _, on in options if on),
                                options[0][0])
        elif a["_tag"] == "textarea":
            m = re.search(r'<textarea\b[^>]*\bname="%s"[^>]*>(.*?)</textarea>'
                          % re.escape(name), page.text, re.S)
            fields[name] = html.unescape(m.group(1)) if m else ""
        elif a["_tag"] == "input" and a.get("type", "text") not in (
                "checkbox", "radio", "submit"):
            fields[name] = a.get("value", "")
    fields.update(changes)
    _post(path, fields.items())


def _tag_id(name):
    return int(sql_value("SELECT id FROM tags WHERE name = %s"
                         % sql_quote(name)))


def _mine(fragment_name):
    """This run's clients whose words contain the fragment."""
    ids = set(state["ids"])
    return {c for c in _reference()[fragment_name] if c in ids}


# ------------------------------------------------------------ the tests

def test_the_counts_are_exact_as_the_clients_were_added():
    sizes = {name: len(_mine(name)) for name in state["fragments"]}
    assert sizes == {
        "prefix, 3": 27, "prefix, 4": 27, "name, 8": 3, "accented": 3,
        "accented, 3": 3, "address, 19": 4, "address, 20": 1,
        "tag and own, 8": 3, "few, 7": 2, "none yet, 7": 0, "phone, 6": 4,
        "phone, 8": 1, "wildcard, 7": 3}, "the clients are not as planned"
    _check_at_once_and_refreshed("as added")


def test_a_status_change_a_deactivation_and_a_reactivation():
    c = state["ids"]
    _post("/clients/%d/reactivate" % c[3], [])     # Pending: activated
    assert _client(c[3])[0] == "active"
    _check_at_once_and_refreshed("after a pending client was activated")
    _post("/clients/%d/deactivate" % c[0], [])
    assert _client(c[0])[0] == "inactive"
    _check_at_once_and_refreshed("after a deactivation")
    _bulk([c[0], c[5], c[8]], "reactivate")
    assert {_client(x)[0] for x in (c[0], c[5], c[8])} == {"active"}
    _check_at_once_and_refreshed("after a bulk reactivation")


def test_an_assignment_an_unassignment_and_a_bulk_assignment():
    c, mine, other = state["ids"], state["mine"], state["other"]
    _edit(c[3], staff_id=str(mine))
    _edit(c[0], staff_id="0")
    assert (_client(c[3])[1], _client(c[0])[1]) == (mine, 0)
    _check_at_once_and_refreshed("after an assignment and an unassignment")
    _bulk([c[4], c[5], c[6], c[10]], "assign", staff_id=str(other))
    _bulk([c[2]], "assign", staff_id="0")
    assert [_client(x)[1] for x in (c[4], c[5], c[6], c[10], c[2])] == \
        [other] * 4 + [0]
    _check_at_once_and_refreshed("after a bulk assignment")


def test_a_rename_and_a_new_email_address():
    c, cap, run = state["ids"], state["cap"], state["run"]
    # out of the 8-character fragment (below three), into the accented one
    _edit(c[4], first_name="Zoé" + cap, last_name="Stone")
    assert (len(_mine("name, 8")), len(_mine("accented"))) == (2, 4)
    _check_at_once_and_refreshed("after a rename")
    # out of both address fragments, back into the 8-character one
    _edit(c[2], email="%swren.b@%s" % (run, state["domain"]))
    assert (len(_mine("name, 8")), len(_mine("address, 20"))) == (3, 0)
    _check_at_once_and_refreshed("after an email address changed")


def test_tags_added_and_removed_on_profiles():
    c, tag = state["ids"], state["tide_tag"]
    _post("/clients/%d/tags" % c[6], [("name", tag)])
    assert _mine("tag and own, 8") == {c[1], c[4], c[5], c[6]}
    _check_at_once_and_refreshed("after a tag added on a profile")
    # the first keeps the fragment in its own words, the second loses it
    for cid in (c[1], c[4]):
        _post("/clients/%d/tags/%d/remove" % (cid, _tag_id(tag)), [])
    assert _mine("tag and own, 8") == {c[1], c[5], c[6]}
    assert sql_value("SELECT client_count FROM tags WHERE id = %d"
                     % _tag_id(tag)) == "1"
    _check_at_once_and_refreshed("after tags removed on profiles")


def test_a_tag_added_and_removed_in_bulk():
    c, tag = state["ids"], state["duo_tag"]
    # two clients have the fragment of their own: the tag makes it five
    _bulk([c[7], c[8], c[0], c[6]], "tag_add", tag_name=tag)
    assert len(_mine("few, 7")) == 5
    _check_at_once_and_refreshed("after a tag added in bulk")
    _bulk([c[8], c[6]], "tag_remove", tag_name=tag)
    assert _mine("few, 7") == {c[3], c[6], c[7], c[0]}
    _check_at_once_and_refreshed("after a tag removed in bulk")


def test_a_tag_renamed_merged_and_deleted_on_the_tags_page():
    c, cap = state["ids"], state["cap"]
    ebb = "Ebb%s Pair" % cap
    _post("/admin/tags/%d/rename" % _tag_id(state["duo_tag"]),
          [("name", ebb)])
    assert _mine("none yet, 7") == {c[7], c[0]}
    _check_at_once_and_refreshed("after a tag renamed")
    _post("/admin/tags/%d/merge" % _tag_id(state["tide_tag"]),
          [("into", ebb)])
    assert _mine("none yet, 7") == {c[7], c[0], c[6]}
    assert _mine("tag and own, 8") == {c[1], c[5]}
    _check_at_once_and_refreshed("after a tag merged into another")
    _post("/admin/tags/%d/delete" % _tag_id(ebb), [("confirm", "yes")])
    assert not _mine("none yet, 7")
    _check_at_once_and_refreshed("after a tag deleted")


def test_clients_deleted():
    c = state["ids"]
    _bulk([c[1]], "delete_confirmed", confirm="DELETE")
    _post("/clients/%d/delete" % c[5], [("confirm", "DELETE")])
    assert _client(c[1]) is None and _client(c[5]) is None
    _check_at_once_and_refreshed("after clients deleted")


def test_new_clients_by_an_administrator_and_a_clinician():
    run, cap = state["run"], state["cap"]
    new = add_client(state["admin"], state["token"], first_name="Hal",
                     last_name=cap + "wren", preferred_name="Tide" + cap,
                     email="%s_ab9@%s" % (run, state["domain"]),
                     phone=_phone("09"), staff_id=str(state["other"]))
    theirs = add_client(state["clinician"], state["clinician_token"],
                        first_name="Zoë" + cap, last_name="Duo" + cap,
                        email="%slongaddressline9@%s" % (run, state["domain"]))
    state["ids"] += [new, theirs]
    assert (_client(new), _client(theirs)) == (
        ("pending", state["other"]), ("pending", state["mine"]))
    _check_at_once_and_refreshed("after new clients")


def test_a_csv_import_of_a_few_rows():
    run, cap, domain = state["run"], state["cap"], state["domain"]
    rows = ["First Name,Last Name,Email,Phone,Tags"]
    for i, (first, last, tag) in enumerate((
            ("Zoë" + cap, cap + "Wren", "Tide%s Again" % cap),
            ("Ida", "Duo" + cap, "Tide%s Again" % cap),
            ("Jo", "Lake", "Ebb" + cap),
            ("ZOE" + run.upper(), "Nash", ""))):
        rows.append('%s,%s,%simp%d@%s,%s,"%s"' % (
            first, last, run, i, domain, _phone("1%d" % i), tag))
    data = ("\r\n".join(rows) + "\r\n").encode("utf-8")
    iid = run_import(state["admin"], "counts.csv", data)
    assert sql_value("SELECT created FROM imports WHERE id = %d" % iid) == "4"
    state["ids"] += [int(r[0]) for r in sql(
        "SELECT id FROM clients WHERE email LIKE %s"
        % sql_quote(run + "imp%@" + domain))]
    assert len(_mine("none yet, 7")) == 1
    _check_at_once_and_refreshed("after a CSV import")


def test_a_change_made_straight_in_sql():
    c = state["ids"]
    sql("UPDATE clients SET status = 'inactive' WHERE id IN (%d, %d, %d)"
        % (c[0], c[3], c[7]))
    sql("UPDATE clients SET assigned_staff_id = %d WHERE id = %d"
        % (state["other"], c[8]))
    assert _client(c[8]) == ("active", state["other"])
    _check_at_once_and_refreshed("after an UPDATE in SQL")
