"""The client list (/clients): status tabs with counts, tag and staff
filters, sorting by each column both ways, pages of 25/50/100 with the
total, all state in the URL, the empty states, and the CSV export (admins
only, audited, safe to open in a spreadsheet).

This run's 60 clients carry a tag of their own; every check looks at the
list filtered by it, so other clients in the database do not matter."""

import csv
import html
import io
import random
import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, Staff, add_client,
                      admin_password, anchors, assert_no_leak, client_ids,
                      clinician_password, forms, input_value, last_audit_id,
                      letters, select_options, signed_in, sql, sql_int,
                      sql_quote, staff_id, staff_name, submitted_fields,
                      visible_text)

COUNT = 60
FIRST_NAMES = ["Alma", "Bruno", "Celia", "Dmitri", "Elena", "Farid"]
state = {}


def _tag(name):
    return sql_int("SELECT id FROM tags WHERE name = %s" % sql_quote(name))


def _bulk(ids, action, **fields):
    data = [("ids", str(i)) for i in ids]
    data += [("action", action), ("csrf_token", state["token"])]
    data += list(fields.items())
    resp = state["admin"].post("/clients/bulk", data)
    assert resp.status == 303, "bulk %s: %s" % (action, resp.describe())


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
    state["token"] = token = b.csrf_from("/")
    second = Staff(name="Second Staff " + letters(6))
    staff = [staff_id(CLINICIAN_EMAIL), second.id, 0]
    state["staff_names"] = {staff[0]: staff_name(CLINICIAN_EMAIL),
                            second.id: second.name}
    state["clinician_id"], state["second_id"] = staff[0], second.id
    lasts = set()
    while len(lasts) < COUNT:
        lasts.add("L" + letters(7))
    clients = []
    for i, last in enumerate(sorted(lasts, key=lambda _: random.random())):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        who = staff[i % 3]
        cid = add_client(b, token, first_name=first, last_name=last,
                         staff_id=str(who))
        clients.append({"id": cid, "first": first, "last": last,
                        "staff": who, "status": "pending"})
    state["clients"] = clients
    ids = [c["id"] for c in clients]
    state["tag_name"] = "list-" + letters(10)
    _bulk(ids, "tag_add", tag_name=state["tag_name"])
    state["tag"] = _tag(state["tag_name"])
    assert state["tag"], "the run's tag was not created"
    shuffled = sorted(clients, key=lambda _: random.random())
    for c in shuffled[:20]:
        c["status"] = "active"
    for c in shuffled[20:30]:
        c["status"] = "inactive"
    _bulk([c["id"] for c in shuffled[:20]], "reactivate")
    _bulk([c["id"] for c in shuffled[20:30]], "deactivate")
    state["small_tag_name"] = "few-" + letters(10)
    state["few"] = {c["id"] for c in shuffled[25:32]}
    _bulk(sorted(state["few"]), "tag_add", tag_name=state["small_tag_name"])
    state["small_tag"] = _tag(state["small_tag_name"])
    # distinct join dates, in an order unrelated to names and ids
    days = list(range(COUNT))
    random.shuffle(days)
    cases = " ".join("WHEN %d THEN '2021-03-01 09:00:00' + INTERVAL %d DAY"
                     % (c["id"], d) for c, d in zip(clients, days))
    sql("UPDATE clients SET joined_at = CASE id %s END WHERE id IN (%s)"
        % (cases, ",".join(str(i) for i in ids)))
    for c, d in zip(clients, days):
        c["joined"] = d


def _get(**params):
    params.setdefault("tag", str(state["tag"]))
    resp = state["admin"].get("/clients?" + urllib.parse.urlencode(params))
    assert resp.status == 200, resp.describe()
    return resp


def _ids(status=None, staff=None):
    return {c["id"] for c in state["clients"]
            if (status is None or c["status"] == status)
            and (staff is None or c["staff"] == staff)}


def _tabs(markup):
    """{label: (count, current)} of the status tabs."""
    found = {}
    for m in re.finditer(r"<(a|span|strong|li)\b([^>]*)>(.*?)</\1>",
                         markup, re.S):
        text = re.sub(r"\s+", " ", html.unescape(
            re.sub(r"<[^>]+>", " ", m.group(3)))).strip()
        t = re.fullmatch(r"(All|Active|Pending|Inactive)\W*(\d+)\W*", text)
        if t and t.group(1) not in found:
            current = 'aria-current="page"' in m.group(0)
            found[t.group(1)] = (int(t.group(2)), current)
    return found


def _query(href):
    parts = urllib.parse.urlsplit(href)
    return parts.path, dict(urllib.parse.parse_qsl(parts.query))


def test_status_tabs_count_each_status():
    resp = _get()
    tabs = _tabs(resp.text)
    expected = {"All": COUNT, "Active": 20, "Pending": 30, "Inactive": 10}
    assert {k: v[0] for k, v in tabs.items()} == expected, \
        "status tabs %r, expected %r" % (tabs, expected)
    assert tabs["All"][1], "the All tab is not marked current"
    for key, label, n in (("active", "Active", 20),
                          ("inactive", "Inactive", 10),
                          ("pending", "Pending", 30)):
        resp = _get(status=key, per="100")
        tabs = _tabs(resp.text)
        assert {k: v[0] for k, v in tabs.items()} == expected, \
            "with status=%s the tabs count %r" % (key, tabs)
        assert tabs[label][1] and not tabs["All"][1], \
            "the %s tab is not the current one: %r" % (label, tabs)
        assert set(client_ids(resp.text)) == _ids(status=key), \
            "status=%s lists other clients" % key
        assert "%d client" % n in resp.page_text, \
            "the total %d is not shown for status=%s" % (n, key)
    # the tab links keep the other filters
    for href, text, _ in anchors(_get().text):
        if re.match(r"(Active|Pending|Inactive)\W*\d", text):
            path, q = _query(href)
            assert path == "/clients" and q.get("tag") == str(state["tag"]), \
                "the tab %r drops the tag filter: %s" % (text, href)


def test_tab_counts_follow_the_other_filters():
    second = state["second_id"]
    tabs = _tabs(_get(staff=str(second)).text)
    expected = {"All": len(_ids(staff=second)),
                "Active": len(_ids("active", second)),
                "Pending": len(_ids("pending", second)),
                "Inactive": len(_ids("inactive", second))}
    assert {k: v[0] for k, v in tabs.items()} == expected, \
        "with a staff filter the tabs count %r, expected %r" % (tabs,
                                                                expected)


def test_tag_filter():
    resp = _get(tag=str(state["small_tag"]), per="100")
    assert set(client_ids(resp.text)) == state["few"], \
        "the tag filter lists %r, expected %r" % (client_ids(resp.text),
                                                  state["few"])
    options = select_options(resp.text, "tag")
    assert options is not None, "no tag filter on the page"
    assert options[0][0] == "0", "the first tag option is not 'All tags'"
    chosen = [(v, t) for v, t, s in options if s]
    assert len(chosen) == 1 and chosen[0][0] == str(state["small_tag"]), \
        "the chosen tag is not selected: %r" % chosen
    assert state["small_tag_name"] in chosen[0][1] and \
        "(%d)" % len(state["few"]) in chosen[0][1], \
        "the tag option does not show its name and count: %r" % chosen


def test_staff_filter():
    for who, key in ((state["clinician_id"], str(state["clinician_id"])),
                     (state["second_id"], str(state["second_id"])),
                     (0, "-1")):
        resp = _get(staff=key, per="100")
        assert set(client_ids(resp.text)) == _ids(staff=who), \
            "staff=%s lists the wrong clients" % key
        options = select_options(resp.text, "staff")
        assert options is not None, "no staff filter on the page"
        chosen = [v for v, _, s in options if s]
        assert chosen == [key], "staff=%s is not selected: %r" % (key,
                                                                 chosen)
        if who:
            rows = resp.page_text
            assert state["staff_names"][who] in rows
        else:
            assert "Unassigned" in resp.page_text


def _sorted_ids(key, reverse=False):
    return [c["id"] for c in sorted(state["clients"], key=key,
                                    reverse=reverse)]


def _by_id():
    return {c["id"]: c for c in state["clients"]}


def _groups(sequence):
    """The distinct values of SEQUENCE in order of their runs; fails when
    a value comes back after another."""
    runs = []
    for v in sequence:
        if not runs or runs[-1] != v:
            assert v not in runs, "not grouped: %r" % sequence
            runs.append(v)
    return runs


def test_sort_by_name_both_ways():
    expected = _sorted_ids(lambda c: (c["last"].lower(), c["first"].lower()))
    for params in ({}, {"sort": "name"}, {"sort": "name", "dir": "asc"}):
        got = client_ids(_get(per="100", **params).text)
        assert got == expected, "name ascending (%r) is out of order" % (
            params)
    resp = _get(per="100", sort="name", dir="desc")
    assert client_ids(resp.text) == list(reversed(expected)), \
        "name descending is out of order"
    assert re.search(r'<th\b[^>]*aria-sort="descending"', resp.text), \
        "no column header says aria-sort=descending"
    assert re.search(r'<th\b[^>]*aria-sort="ascending"', _get().text), \
        "no column header says aria-sort=ascending by default"


def test_sort_by_join_date_both_ways():
    expected = _sorted_ids(lambda c: c["joined"])
    assert client_ids(_get(per="100", sort="joined").text) == expected, \
        "join date ascending is out of order"
    assert client_ids(_get(per="100", sort="joined", dir="desc").text) == \
        list(reversed(expected)), "join date descending is out of order"


def test_sort_by_status_both_ways():
    by_id = _by_id()
    up = [by_id[i]["status"] for i in
          client_ids(_get(per="100", sort="status").text)]
    down = [by_id[i]["status"] for i in
            client_ids(_get(per="100", sort="status", dir="desc").text)]
    assert len(up) == COUNT and len(down) == COUNT
    asc, desc = _groups(up), _groups(down)
    assert asc in (["pending", "active", "inactive"],
                   ["active", "inactive", "pending"]), \
        "status ascending groups %r" % asc
    assert desc == list(reversed(asc)), \
        "status descending %r is not the reverse of %r" % (desc, asc)


def test_sort_by_staff_both_ways():
    by_id, names = _by_id(), state["staff_names"]

    def staff_seq(params):
        return [names.get(by_id[i]["staff"], "") for i in
                client_ids(_get(per="100", sort="staff", **params).text)]
    up, down = staff_seq({}), staff_seq({"dir": "desc"})
    assigned = sorted(set(names.values()), key=str.lower)
    for seq, order, label in ((up, assigned, "ascending"),
                              (down, list(reversed(assigned)),
                               "descending")):
        assert len(seq) == COUNT, "staff sort lists %d rows" % len(seq)
        groups = _groups(seq)
        assert [g for g in groups if g] == order, \
            "staff %s groups %r, expected %r" % (label, groups, order)
        assert groups[0] == "" or groups[-1] == "", \
            "the unassigned clients are not at one end: %r" % groups


def test_header_links_turn_the_direction():
    def name_link(resp):
        for href, text, _ in anchors(resp.text):
            if text.startswith("Name"):
                return _query(href)
        raise AssertionError("no sortable Name header link")
    path, q = name_link(_get())
    assert path == "/clients" and q.get("dir") == "desc" and \
        q.get("tag") == str(state["tag"]), \
        "the Name header does not turn to descending: %r" % q
    path, q = name_link(_get(sort="name", dir="desc"))
    assert q.get("dir") != "desc" and q.get("sort", "name") == "name", \
        "the Name header does not turn back to ascending: %r" % q
    for href, text, _ in anchors(_get().text):
        if text.startswith("Joined") or text.startswith("Join"):
            path, q = _query(href)
            assert q.get("sort") == "joined" and \
                q.get("tag") == str(state["tag"]), \
                "the Joined header link is %r" % href
            break
    else:
        raise AssertionError("no sortable Joined header link")


def _pages(per):
    """Walk the list by its Next links; the ids of each page."""
    params = {"tag": str(state["tag"])}
    if per:
        params["per"] = str(per)
    href = "/clients?" + urllib.parse.urlencode(params)
    pages = []
    while href and len(pages) < 10:
        resp = state["admin"].get(href)
        assert resp.status == 200, resp.describe()
        pages.append((resp, client_ids(resp.text)))
        href = None
        for h, text, _ in anchors(resp.text):
            if text.startswith("Next"):
                href = h
                path, q = _query(h)
                assert q.get("tag") == str(state["tag"]), \
                    "the Next link drops the filter: %s" % h
                if per and per != 50:
                    assert q.get("per") == str(per), \
                        "the Next link drops per=%s: %s" % (per, h)
    return pages


def test_pages_of_25_50_and_100_with_the_total():
    everyone = _ids()
    for per, sizes in ((25, [25, 25, 10]), (None, [50, 10]),
                       (50, [50, 10]), (100, [60])):
        pages = _pages(per)
        assert [len(ids) for _, ids in pages] == sizes, \
            "per=%s gives pages of %r, expected %r" % (
                per, [len(ids) for _, ids in pages], sizes)
        seen = [i for _, ids in pages for i in ids]
        assert len(seen) == len(set(seen)) and set(seen) == everyone, \
            "per=%s: pages repeat or miss clients" % per
        for n, (resp, _) in enumerate(pages, 1):
            text = resp.page_text
            assert "Page %d of %d" % (n, len(sizes)) in text, \
                "per=%s page %d does not say 'Page %d of %d': %s" % (
                    per, n, n, len(sizes), resp.describe())
            assert "%d clients" % COUNT in text, \
                "per=%s page %d does not show the total" % (per, n)
        last = pages[-1][0]
        assert not any(t.startswith("Next") for _, t, _ in
                       anchors(last.text)), "the last page links further"


def test_per_page_links_and_odd_values():
    resp = _get(per="25")
    texts = {t: h for h, t, _ in anchors(resp.text)}
    assert "25" not in texts, "the current page size is a link"
    for n in ("50", "100"):
        assert n in texts, "no link to %s a page" % n
        path, q = _query(texts[n])
        assert q.get("tag") == str(state["tag"]) and \
            q.get("per", "50") == n, "the %s link is %s" % (n, texts[n])
    for odd in ("7", "0", "1000", "abc", "-25"):
        resp = state["admin"].get("/clients?tag=%d&per=%s"
                                  % (state["tag"], odd))
        assert resp.status in (200, 400), resp.describe()
        if resp.status == 200:
            assert len(client_ids(resp.text)) == 50, \
                "per=%s shows %d rows, not the default 50" % (
                    odd, len(client_ids(resp.text)))
        assert_no_leak(resp)
    # a page past the end shows the last one
    resp = _get(per="25", page="99")
    assert len(client_ids(resp.text)) == 10, \
        "page=99 shows %d rows" % len(client_ids(resp.text))


def test_all_state_is_in_the_url():
    # Clients made for this combination of every filter: three match it
    # all, and each of the others misses it by one filter only.
    b, token = state["admin"], state["token"]
    common, who = "Mark" + letters(8), state["second_id"]
    made = {}
    for key, first, staff in (("a", common, who), ("b", common, who),
                              ("c", common, who),
                              ("inactive", common, who),
                              ("other_staff", common, state["clinician_id"]),
                              ("untagged", common, who),
                              ("other_name", "Other" + letters(8), who)):
        made[key] = add_client(b, token, first_name=first,
                               last_name="L" + letters(7),
                               staff_id=str(staff))
    tagged = [i for k, i in made.items() if k != "untagged"]
    _bulk(tagged, "tag_add", tag_name=state["tag_name"])
    try:
        _bulk([i for k, i in made.items() if k != "inactive"], "reactivate")
        _bulk([made["inactive"]], "deactivate")
        # join dates in an order unrelated to the ids
        days = {"a": 2, "b": 5, "c": 3, "inactive": 4, "other_staff": 6,
                "untagged": 7, "other_name": 1}
        cases = " ".join("WHEN %d THEN '2020-06-01 09:00:00' + INTERVAL %d "
                         "DAY" % (made[k], d) for k, d in days.items())
        sql("UPDATE clients SET joined_at = CASE id %s END WHERE id IN (%s)"
            % (cases, ",".join(str(i) for i in made.values())))
        _check_all_state_in_the_url(common, who,
                                    [made["b"], made["c"], made["a"]])
    finally:
        # the module's other tests count the clients with its tag
        _bulk(tagged, "tag_remove", tag_name=state["tag_name"])


def _check_all_state_in_the_url(common, who, expected):
    params = {"q": common, "status": "active", "tag": str(state["tag"]),
              "staff": str(who or -1), "sort": "joined",
              "dir": "desc", "per": "25"}
    resp = _get(**params)
    assert client_ids(resp.text) == expected, \
        "the bookmarked search lists %r, expected %r" % (
            client_ids(resp.text), expected)
    assert input_value(resp.text, "q") == common
    assert [v for v, _, s in select_options(resp.text, "tag") if s] == \
        [str(state["tag"])], "the tag is not selected"
    assert [v for v, _, s in select_options(resp.text, "staff") if s] == \
        [params["staff"]], "the staff member is not selected"
    search = [f for f in forms(resp.text) if f["method"] == "get"
              and f["action"] == "/clients"]
    assert search, "no GET search form with action /clients"
    hidden = dict(submitted_fields(search[0]))
    for name in ("status", "sort", "dir", "per"):
        assert hidden.get(name) == params[name], \
            "the search form does not carry %s=%s: %r" % (
                name, params[name], hidden)
    bulk = [f for f in forms(resp.text) if f["action"] == "/clients/bulk"]
    assert bulk, "no bulk form"
    back = dict(submitted_fields(bulk[0])).get("back")
    assert back, "the bulk form has no back address"
    path, q = _query(back)
    assert path == "/clients" and q == params, \
        "the bulk form returns to %r, not this list" % back
    # every link to another view of the list keeps the search
    for href, text, _ in anchors(resp.text):
        path, q = _query(href)
        if path == "/clients" and q:
            assert q.get("q") == common and \
                q.get("tag") == str(state["tag"]), \
                "the link %r (%s) loses the search" % (text, href)


def test_empty_states():
    fresh = Staff()
    resp = fresh.browser().get("/clients")
    assert resp.status == 200, resp.describe()
    # a clinician adds clients one by one; importing is for administrators
    assert "No clients yet — add one." in resp.page_text, \
        "no 'No clients yet' text: %s" % resp.describe()
    hrefs = [h for h, _, _ in anchors(resp.text)]
    assert "/clients/new" in hrefs, \
        "the empty list does not link to adding a client: %r" % hrefs
    assert "/clients/import" not in hrefs, \
        "a clinician is offered the import, which is for admins: %r" % hrefs
    assert client_ids(resp.text) == []
    resp = _get(q="nothing" + letters(12))
    assert "No clients match this search." in resp.page_text, \
        "no 'No clients match' text: %s" % resp.describe()
    assert "No clients yet" not in resp.page_text
    assert any(t == "Clear the search" and _query(h)[0] == "/clients"
               for h, t, _ in anchors(resp.text)), \
        "no 'Clear the search' link"
    assert client_ids(resp.text) == []


def _csv(resp):
    body = resp.body.decode("utf-8")
    assert body.startswith("\ufeff"), "the CSV does not start with a BOM"
    return list(csv.reader(io.StringIO(body[1:], newline="")))


def test_export_as_admin_is_the_filtered_list_and_audited():
    listing = _get()
    export = [h for h, t, _ in anchors(listing.text) if "Export" in t]
    assert export, "no Export CSV link for an admin"
    path, q = _query(export[0])
    assert path == "/clients/export.csv" and \
        q.get("tag") == str(state["tag"]), "the export link is %r" % export
    before = last_audit_id()
    resp = state["admin"].get(export[0])
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/csv"), resp.content_type
    assert "attachment" in (resp.header("Content-Disposition") or ""), \
        "the CSV is not offered as a download"
    rows = _csv(resp)
    header = rows[0]
    for column in ("First name", "Last name", "Email", "Phone", "Status",
                   "Assigned staff", "Tags"):
        assert column in header, "no %r column: %r" % (column, header)
    data = rows[1:]
    assert len(data) == COUNT, "the export holds %d rows, not %d" % (
        len(data), COUNT)
    col = {name: i for i, name in enumerate(header)}
    by_last = {r[col["Last name"]]: r for r in data}
    for c in state["clients"]:
        row = by_last.get(c["last"])
        assert row is not None, "%s is not exported" % c["last"]
        assert row[col["First name"]] == c["first"]
        assert row[col["Status"]].lower() == c["status"], row
        assert row[col["Assigned staff"]] == \
            state["staff_names"].get(c["staff"], ""), row
        assert state["tag_name"] in row[col["Tags"]], row
    entries = sql("SELECT actor_id, COALESCE(detail, '') FROM audit_log "
                  "WHERE id > %d AND action = 'clients_exported'" % before)
    assert entries and entries[0][0] == str(staff_id(ADMIN_EMAIL)), \
        "the export is not audited: %r" % entries
    for c in state["clients"][:5]:
        assert c["last"] not in entries[0][1]
    # the filters apply
    resp = state["admin"].get("/clients/export.csv?tag=%d&status=inactive"
                              % state["tag"])
    assert resp.status == 200, resp.describe()
    assert len(_csv(resp)) - 1 == 10, "status=inactive exports %d rows" % (
        len(_csv(resp)) - 1)


def test_export_guards_against_formulas():
    b, token = state["admin"], state["token"]
    tag = "formula-" + letters(8)
    ids = [add_client(b, token, first_name="=SUM(1+1)", last_name="+Plus"),
           add_client(b, token, first_name="-Minus", last_name="@At"),
           add_client(b, token, first_name="Plain", last_name="Safe=Name")]
    _bulk(ids, "tag_add", tag_name=tag)
    resp = b.get("/clients/export.csv?tag=%d" % _tag(tag))
    assert resp.status == 200, resp.describe()
    rows = _csv(resp)
    col = {name: i for i, name in enumerate(rows[0])}
    cells = {(r[col["First name"]], r[col["Last name"]]) for r in rows[1:]}
    assert cells == {("'=SUM(1+1)", "'+Plus"), ("'-Minus", "'@At"),
                     ("Plain", "Safe=Name")}, \
        "formula cells are not guarded: %r" % cells


def test_a_clinician_cannot_export():
    b = signed_in(CLINICIAN_EMAIL, clinician_password())
    before = last_audit_id()
    for path in ("/clients/export.csv",
                 "/clients/export.csv?tag=%d" % state["tag"]):
        resp = b.get(path)
        assert resp.status == 403, resp.describe()
        assert not resp.content_type.startswith("text/csv")
        assert state["clients"][0]["last"] not in resp.text
        assert_no_leak(resp)
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE id > %d AND "
                   "action = 'clients_exported'" % before) == 0
    listing = b.get("/clients")
    assert listing.status == 200, listing.describe()
    assert not any("export" in h for h, _, _ in anchors(listing.text)), \
        "a clinician's list links to the export"


def _row_html(markup, cid):
    for m in re.finditer(r"<tr\b[^>]*>(.*?)</tr>", markup, re.S):
        if re.search(r'name="ids"[^>]*value="%d"' % cid, m.group(1)):
            return m.group(1)
    raise AssertionError("no row for client %d" % cid)


def test_each_row_shows_the_client_and_its_actions():
    b, token = state["admin"], state["token"]
    last = "Row" + letters(8)
    email = "row.%s@test.invalid" % letters(8)
    cid = add_client(b, token, first_name="Rowena", last_name=last,
                     email=email, staff_id=str(state["clinician_id"]))
    resp = b.post("/clients/%d/edit" % cid, {
        "first_name": "Rowena", "last_name": last, "email": email,
        "preferred_name": "Ro", "phone": "+1 555 123 4567",
        "staff_id": str(state["clinician_id"]), "csrf_token": token})
    assert resp.status == 303, resp.describe()
    tag = "rowtag-" + letters(6)
    assert b.post("/clients/%d/tags" % cid, {"name": tag, "csrf_token":
                                             token}).status == 303
    joined = sql("SELECT DATE_FORMAT(joined_at, '%%e %%b %%Y') FROM clients "
                 "WHERE id = %d" % cid)[0][0]
    listing = state["admin"].get("/clients?q=" + last)
    assert client_ids(listing.text) == [cid], listing.describe()
    row = _row_html(listing.text, cid)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ",
                                                    row))).strip()
    hrefs = [h for h, _, _ in anchors(row)]
    assert ("/clients/%d" % cid, "Rowena " + last) in \
        [(h, t) for h, t, _ in anchors(row)], "the name does not link " \
        "to the profile: %r" % anchors(row)
    for part in ("(Ro)", email, "+1 (555) 123-4567", joined, tag,
                 "Pending", staff_name(CLINICIAN_EMAIL), "Not invited",
                 "Invite Rowena"):
        assert part in text, "the row lacks %r: %s" % (part, text)
    assert 'class="badge badge-pending"' in row, "no pending badge"
    assert "/clients/%d/edit" % cid in hrefs, "no Edit link"
    assert "/clients/%d/delete" % cid in hrefs, "no Delete link for admins"
    actions = re.findall(r'formaction="([^"]*)"', row)
    assert sorted(actions) == sorted(["/clients/%d/reactivate" % cid,
                                      "/clients/%d/deactivate" % cid,
                                      "/clients/%d/invite" % cid]), \
        "a pending client's row offers %r" % actions
    # an inactive client: Reactivate only, and a distinct badge
    b.post("/clients/%d/deactivate" % cid, {"csrf_token": token})
    row = _row_html(state["admin"].get("/clients?q=" + last).text, cid)
    assert 'class="badge badge-inactive"' in row and "Inactive" in row
    assert re.findall(r'formaction="([^"]*)"', row) == \
        ["/clients/%d/reactivate" % cid], "an inactive row's actions"
    b.post("/clients/%d/reactivate" % cid, {"csrf_token": token})
    row = _row_html(state["admin"].get("/clients?q=" + last).text, cid)
    assert 'class="badge badge-active"' in row
    assert re.findall(r'formaction="([^"]*)"', row) == \
        ["/clients/%d/deactivate" % cid, "/clients/%d/invite" % cid], \
        "an active row's actions"
    # a clinician: no Delete
    clinician = signed_in(CLINICIAN_EMAIL, clinician_password())
    row = _row_html(clinician.get("/clients?q=" + last).text, cid)
    assert "/clients/%d/delete" % cid not in \
        [h for h, _, _ in anchors(row)], "a clinician is offered Delete"
    assert "/clients/%d/edit" % cid in [h for h, _, _ in anchors(row)]


def test_the_heading_and_its_buttons():
    resp = _get()
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", resp.text, re.S)
    assert h1 and "Clients" in h1.group(1), "no Clients heading"
    hrefs = {h: t for h, t, _ in anchors(resp.text)}
    assert hrefs.get("/clients/new", "").startswith("New client"), hrefs
    assert "Import" in hrefs.get("/clients/import", ""), \
        "no Import CSV link"
    nav = re.search(r'<nav\b[^>]*aria-label="Main"[^>]*>(.*?)</nav>',
                    resp.text, re.S)
    assert nav and re.search(r'<a href="/clients" aria-current="page">'
                             r'Clients</a>', nav.group(1)), \
        "the main navigation does not mark Clients as current"


def test_join_dates_are_shown_in_the_practice_time_zone_and_format():
    c = state["clients"][0]
    original = ("UTC", "dmy")
    sql("UPDATE clients SET joined_at = '2021-03-01 20:30:00' WHERE id = %d"
        % c["id"])
    c["joined"] = -1000        # still the earliest for the sort tests
    try:
        for zone, order, shown in (("UTC", "dmy", "1 Mar 2021"),
                                   ("Pacific/Auckland", "dmy", "2 Mar 2021"),
                                   ("Pacific/Auckland", "mdy", "Mar 2, 2021"),
                                   ("America/Los_Angeles", "ymd",
                                    "2021-03-01")):
            sql("UPDATE practice_settings SET time_zone = '%s', date_order "
                "= '%s' WHERE id = 1" % (zone, order))
            resp = _get(q=c["last"])
            assert client_ids(resp.text) == [c["id"]], resp.describe()
            row = _row_html(resp.text, c["id"])
            assert shown in row, "joined 2021-03-01 20:30 UTC is not " \
                "shown as %r in %s (%s): %s" % (shown, zone, order,
                                                visible_text(row))
    finally:
        sql("UPDATE practice_settings SET time_zone = '%s', date_order = "
            "'%s' WHERE id = 1" % original)


def test_links_keep_an_odd_search_exactly():
    query = "100% & co #1 ?x=y+z \"q\" <b> " + letters(8)
    cid = add_client(state["admin"], state["token"], first_name="Odd",
                     last_name=query)
    resp = _get(q=query, per="25", sort="staff", tag="0")
    assert client_ids(resp.text) == [cid], \
        "the odd search does not find exactly its client: %r" % (
            client_ids(resp.text))
    assert input_value(resp.text, "q") == query, \
        "the search box shows %r" % input_value(resp.text, "q")
    assert "<b>" not in resp.text.replace("&lt;b&gt;", ""), \
        "the search is rendered as markup"
    checked = 0
    for href, text, _ in anchors(resp.text):
        path, q = _query(href)
        if path in ("/clients", "/clients/export.csv") and "q" in q:
            assert q["q"] == query, \
                "the link %r carries q=%r" % (text, q["q"])
            checked += 1
    # status tabs, sort headers, page sizes and the export at least
    assert checked >= 10, "only %d links carry the search" % checked
