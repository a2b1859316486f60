"""Imported clients are found by every kind of search, before and after
their search keys are written.

An import writes each client's search row (client_search, with the words of
its names, address, phone and tags) with the client, and leaves the search
keys to a job the runner does after the import: until then the client is
listed in client_search_unkeyed, and the searches that read the keys also
read the words of the clients listed there.  These tests put imported
clients back in that state (their keys removed, the client listed, as the
import leaves them) and ask the directory every kind of search: one word
counted by the keys, a word of a tag's name, a word longer than the keys, two
words, a word so common the search reads every row, a word of two letters,
with a status filter and a clinician's scope; the lists and the counts must
be those of the same searches once the keys are written by the job.
script/test sets Search.IndexCandidates = 8: the narrow searches below go
through the keys' candidates, the wide one through the search table.
"""

import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, admin_password, client_ids,
                      clinician_password, letters, signed_in, sql, sql_int,
                      wait_until)
from importing import new_domain, run

QUIET = "bcdfghjkmpqrstvwxz"
NARROW = 3      # clients of the narrow word, left without keys
WIDE = 12       # clients of the wide word, more than the index checks

state = {}


def _unkeyed_count():
    return sql_int("SELECT COUNT(*) FROM client_search_unkeyed")


def _keys_written():
    wait_until(lambda: _unkeyed_count() == 0, timeout=60, interval=0.2,
               message="the search keys to be written")


def _counters():
    """The directory's count of unassigned Pending clients, and the clients
    tagged Imported by the counters and by the rows."""
    return (sql_int("SELECT COALESCE(SUM(n), 0) FROM client_counts WHERE "
                    "staff_id = 0 AND status = 'pending'"),
            sql_int("SELECT COUNT(*) FROM clients WHERE assigned_staff_id IS "
                    "NULL AND status = 'pending'"),
            sql_int("SELECT COALESCE(SUM(client_count), 0) FROM tags WHERE "
                    "name = 'Imported'"),
            sql_int("SELECT COUNT(*) FROM client_tags ct JOIN tags t ON "
                    "t.id = ct.tag_id WHERE t.name = 'Imported'"))


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    run_id = letters(6, QUIET)
    domain = new_domain()
    narrow, wide = "Qnarrow" + run_id, "Wwide" + run_id
    tag = "Tg" + run_id
    # a local part longer than the 16 characters a key holds
    long_part = "longaddress" + run_id + "x"
    lines = ["First Name,Last Name,Email,Phone,Tags"]
    for i in range(NARROW):
        lines.append('Ivo%d,%s,%s%d@%s,+44 20 7946 01%02d,"%s, Imported"'
                     % (i, narrow, long_part, i, domain, i, tag))
    for i in range(WIDE):
        lines.append("Ada%02d,%s,w%d@%s,," % (i, wide, i, domain))
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    before = _counters()
    iid = run(b, "unkeyed.csv", data)
    state["counters"] = (before, _counters(), tag)
    created = sql_int("SELECT created FROM imports WHERE id = %d" % iid)
    assert created == NARROW + WIDE
    _keys_written()
    rows = sql("SELECT id, last_name FROM clients WHERE email LIKE '%%@%s' "
               "ORDER BY id" % domain)
    state.update(admin=b, run=run_id, domain=domain, narrow=narrow, wide=wide,
                 tag=tag, long_part=long_part,
                 narrow_ids=[int(r[0]) for r in rows if r[1] == narrow],
                 wide_ids=[int(r[0]) for r in rows if r[1] == wide])
    assert len(state["narrow_ids"]) == NARROW
    # the clinician's scope: one narrow client assigned to them
    clinician = sql_int("SELECT id FROM staff WHERE email = '%s'"
                        % CLINICIAN_EMAIL)
    sql("UPDATE clients SET assigned_staff_id = %d WHERE id = %d"
        % (clinician, state["narrow_ids"][0]))
    state["clinician"] = signed_in(CLINICIAN_EMAIL, clinician_password())


def _id_list(ids):
    return ",".join(str(i) for i in ids)


def _keys_of(ids):
    return sql_int("SELECT COUNT(*) FROM client_search_keys WHERE client_id "
                   "IN (%s)" % _id_list(ids))


def _unkey(ids):
    """The state an import leaves its clients in until the job has run."""
    sql("DELETE FROM client_search_keys WHERE client_id IN (%s)"
        % _id_list(ids))
    sql("INSERT INTO client_search_unkeyed (client_id) SELECT id FROM clients "
        "WHERE id IN (%s)" % _id_list(ids))


def _queue_keys_job():
    sql("INSERT INTO jobs (kind, state, run_at, max_attempts, created_at, "
        "updated_at) VALUES ('search_keys', 'queued', UTC_TIMESTAMP(), 10, "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP())")


def _count_shown(markup_text):
    m = re.search(r"Clients [\d,]+\W+[\d,]+ of ([\d,]+)", markup_text)
    return int(m.group(1).replace(",", "")) if m else 0


def _search(browser, **params):
    params.setdefault("per_page", "100")
    resp = browser.get("/clients?" + urllib.parse.urlencode(params))
    assert resp.status == 200, resp.describe()
    return set(client_ids(resp.text)), _count_shown(resp.page_text)


def _searches():
    """Every kind of search, each with the clients it must find among this
    run's."""
    n, w = set(state["narrow_ids"]), set(state["wide_ids"])
    mine = {state["narrow_ids"][0]}
    admin, clinician = state["admin"], state["clinician"]
    return [
        ("one word, counted by the keys", admin, {"q": state["narrow"]}, n),
        ("part of a word", admin, {"q": state["narrow"][2:9]}, n),
        ("a word of a tag's name", admin, {"q": state["tag"]}, n),
        ("a word longer than a key", admin, {"q": state["long_part"]}, n),
        ("two words", admin, {"q": "ivo1 " + state["narrow"]},
         {state["narrow_ids"][1]}),
        ("a word of every client of the run", admin,
         {"q": state["domain"].split(".")[0]}, n | w),
        ("two letters", admin, {"q": "%s %s" % (state["narrow"], "iv")}, n),
        ("with a status filter", admin,
         {"q": state["narrow"], "status": "pending"}, n),
        ("with an inactive status filter", admin,
         {"q": state["narrow"], "status": "inactive"}, set()),
        ("a clinician's scope", clinician, {"q": state["narrow"]}, mine),
        ("a clinician's scope, two words", clinician,
         {"q": "ivo0 " + state["narrow"]}, mine),
    ]


def _check_every_search(when):
    for label, browser, params, expected in _searches():
        found, shown = _search(browser, **params)
        run_ids = set(state["narrow_ids"]) | set(state["wide_ids"])
        assert found & run_ids == expected, \
            "%s (%s): found %r, expected %r" % (label, when, found & run_ids,
                                                expected)
        if expected:
            assert shown == len(expected), \
                "%s (%s): counted %d, expected %d" % (label, when, shown,
                                                      len(expected))


def test_an_import_leaves_every_client_keyed_once_its_job_has_run():
    ids = state["narrow_ids"] + state["wide_ids"]
    assert _unkeyed_count() == 0
    per_client = sql("SELECT client_id, COUNT(*) FROM client_search_keys "
                     "WHERE client_id IN (%s) GROUP BY client_id"
                     % _id_list(ids))
    assert len(per_client) == len(ids)
    assert all(int(n) >= 3 for _, n in per_client)
    # the keys carry each client's status and staff as their search row does
    assert sql_int("SELECT COUNT(*) FROM client_search_keys k JOIN "
                   "client_search cs ON cs.id = k.client_id WHERE k.client_id "
                   "IN (%s) AND NOT (k.status = cs.status AND k.staff_id = "
                   "cs.staff_id)" % _id_list(ids)) == 0


def test_an_imported_clients_words_are_its_own_and_its_tags_names():
    ids = state["narrow_ids"] + state["wide_ids"]
    wrong = sql(
        "SELECT cs.id FROM client_search cs WHERE cs.id IN (%s) AND "
        "cs.own_words = '' OR (cs.id IN (%s) AND BINARY cs.words <> BINARY "
        "LEFT(CONCAT(cs.own_words, COALESCE((SELECT GROUP_CONCAT(CONCAT(' ', "
        "t.search_name) ORDER BY t.id SEPARATOR '') FROM client_tags ct JOIN "
        "tags t ON t.id = ct.tag_id WHERE ct.client_id = cs.id), '')), 2000))"
        % (_id_list(ids), _id_list(ids)))
    assert wrong == []
    words = sql("SELECT words FROM client_search WHERE id = %d"
                % state["narrow_ids"][0])[0][0]
    assert state["narrow"].lower() in words and state["tag"].lower() in words
    assert "imported" in words and "442079460100" in words


def test_the_counters_are_exact_after_an_import():
    before, after, tag = state["counters"]
    n = NARROW + WIDE
    # what the counters say grew as the rows did, by the clients imported
    assert after[0] - before[0] == after[1] - before[1] == n
    assert after[2] - before[2] == after[3] - before[3] == NARROW
    assert sql("SELECT client_count FROM tags WHERE name = '%s'" % tag) == \
        [(str(NARROW),)]


def test_a_client_imported_but_not_yet_keyed_is_found_by_every_search():
    _check_every_search("keyed")
    keys = _keys_of(state["narrow_ids"])
    _unkey(state["narrow_ids"])
    try:
        assert _keys_of(state["narrow_ids"]) == 0
        _check_every_search("not yet keyed")
    finally:
        _queue_keys_job()
        _keys_written()
    assert _keys_of(state["narrow_ids"]) == keys
    _check_every_search("keyed again by the job")


def test_a_client_whose_status_changes_before_its_keys_is_keyed_with_it():
    cid = state["wide_ids"][0]
    keys = sql("SELECT search_key FROM client_search_keys WHERE client_id = "
               "%d ORDER BY search_key" % cid)
    _unkey([cid])
    b = state["admin"]
    token = b.csrf_from("/clients/%d" % cid)
    resp = b.post("/clients/bulk", [("ids", str(cid)),
                                    ("action", "deactivate"),
                                    ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    found, shown = _search(b, q=state["wide"], status="inactive")
    assert found & set(state["wide_ids"]) == {cid} and shown == 1
    _queue_keys_job()
    _keys_written()
    assert sql("SELECT search_key FROM client_search_keys WHERE client_id = "
               "%d ORDER BY search_key" % cid) == keys
    assert sql_int("SELECT COUNT(*) FROM client_search_keys WHERE client_id "
                   "= %d AND status <> 'inactive'" % cid) == 0
