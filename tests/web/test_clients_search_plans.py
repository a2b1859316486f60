"""The two ways a search is answered give the same answers.

A search whose longest word picks few clients through the search keys is
answered by checking those; one that matches widely reads the narrow search
table (client_search), walking the index of the page's order or sorting the
matches.  script/test sets Search.IndexCandidates = 8, so in this run a
word shared by 30 clients takes the wide way and a word of 2 clients the
index.  Both must agree with the records on: who matches, the counts of
each status, every order in both directions, pages, and the tags' names
after a tag is renamed, merged or deleted (the triggers keep the search
table's words in step).
"""

import re
import urllib.parse

from casebook import (ADMIN_EMAIL, add_client, admin_password, client_ids,
                      config_value, letters, signed_in, sql_int, sql_quote)

QUIET = "bcdfghjkmpqrstvwxz"
WIDE = 30       # clients sharing the wide word: more than the index checks
NARROW = 2      # clients sharing the narrow word: fewer

state = {}


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    token = b.csrf_from("/")
    state.update(admin=b, token=token)
    run = letters(7, QUIET)
    state["wide"] = "Wyde" + run
    state["narrow"] = "Nerro" + run
    state["tag_a"] = "Alfa" + run
    state["tag_b"] = "Bravo" + run
    wide, narrow = [], []
    # first names in a known order, added in another, so name order and
    # join order differ
    firsts = ["P%s%02d" % (letters(3, QUIET), i) for i in range(WIDE)]
    order = sorted(range(WIDE), key=lambda i: (i * 7) % WIDE)
    for i in order:
        cid = add_client(b, token, first_name=firsts[i],
                         last_name=state["wide"],
                         email="w%s%02d@test.invalid" % (run, i))
        wide.append((cid, firsts[i]))
    for i in range(NARROW):
        cid = add_client(b, token, first_name="Solo%d" % i,
                         last_name=state["narrow"],
                         email="n%s%d@test.invalid" % (run, i))
        narrow.append((cid, "Solo%d" % i))
    state["wide_clients"], state["narrow_clients"] = wide, narrow
    # some inactive, to count and order by status
    state["inactive"] = {cid for cid, _ in wide[::5]}
    ids = [("ids", str(cid)) for cid in state["inactive"]]
    resp = b.post("/clients/bulk", ids + [("action", "deactivate"),
                                          ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    for tag, clients in ((state["tag_a"], wide), (state["tag_b"], narrow)):
        ids = [("ids", str(cid)) for cid, _ in clients]
        resp = b.post("/clients/bulk", ids + [("action", "tag_add"),
                                              ("tag_name", tag),
                                              ("csrf_token", token)])
        assert resp.status == 303, resp.describe()


def _get(**params):
    resp = state["admin"].get("/clients?" + urllib.parse.urlencode(params))
    assert resp.status == 200, resp.describe()
    return resp


def _count_shown(resp):
    m = re.search(r"Clients [\d,]+\W+[\d,]+ of ([\d,]+)", resp.page_text)
    return int(m.group(1).replace(",", "")) if m else 0


def _tab(resp, label):
    m = re.search(r"\b%s\W*(\d+)" % label, resp.page_text)
    return int(m.group(1)) if m else None


def test_the_run_reaches_both_ways():
    limit = int(config_value("Search.IndexCandidates", "4000"))
    assert NARROW <= limit < WIDE, \
        "Search.IndexCandidates = %d: this file needs it between %d and %d" % (
            limit, NARROW, WIDE - 1)


def test_both_ways_find_exactly_their_clients_and_count_them():
    for word, clients in ((state["wide"], state["wide_clients"]),
                          (state["narrow"], state["narrow_clients"])):
        for q in (word, word.lower(), word.upper()[2:-1]):
            resp = _get(q=q, per="100")
            assert set(client_ids(resp.text)) == {c for c, _ in clients}, \
                "search %r lists the wrong clients" % q
            assert _count_shown(resp) == len(clients), \
                "search %r says %d clients" % (q, _count_shown(resp))
    inactive = len(state["inactive"])
    resp = _get(q=state["wide"], per="100")
    assert _tab(resp, "Inactive") == inactive, resp.page_text[:400]
    assert _tab(resp, "Pending") == WIDE - inactive
    resp = _get(q=state["wide"], status="inactive", per="100")
    assert set(client_ids(resp.text)) == state["inactive"]
    assert _tab(resp, "Pending") == WIDE - inactive, \
        "the status filter changed the other tabs' counts"


def test_every_order_both_ways_and_pages():
    wide = state["wide_clients"]
    by_name = [c for c, _ in sorted(wide, key=lambda x: x[1].lower())]
    by_joined = [c for c, _ in sorted(wide, key=lambda x: x[0])]
    inactive = state["inactive"]
    by_status = [c for c in by_name if c not in inactive] + \
        [c for c in by_name if c in inactive]      # pending before inactive
    by_status_desc = [c for c in by_name if c in inactive] + \
        [c for c in by_name if c not in inactive]
    cases = (("name", "asc", by_name), ("name", "desc", by_name[::-1]),
             ("joined", "asc", by_joined), ("joined", "desc", by_joined[::-1]),
             ("status", "asc", by_status), ("status", "desc", by_status_desc),
             ("staff", "asc", by_name), ("staff", "desc", by_name))
    for sort, direction, expected in cases:
        got = client_ids(_get(q=state["wide"], sort=sort, dir=direction,
                              per="100").text)
        assert got == expected, "sort=%s dir=%s: %r, expected %r" % (
            sort, direction, got, expected)
        # 25 a page: the second page holds the rest, in the same order
        first = client_ids(_get(q=state["wide"], sort=sort, dir=direction,
                                per="25").text)
        second = client_ids(_get(q=state["wide"], sort=sort, dir=direction,
                                 per="25", page="2").text)
        assert first + second == expected, \
            "sort=%s dir=%s: the pages do not follow each other" % (
                sort, direction)


def test_a_search_with_a_filter_and_a_rare_second_word():
    # the longest word (the wide one) chooses the way; the other word,
    # one client's first name, still has to match
    cid, first = state["wide_clients"][3]
    resp = _get(q="%s %s" % (state["wide"], first), per="100")
    assert client_ids(resp.text) == [cid]
    tag = sql_int("SELECT id FROM tags WHERE name = %s"
                  % sql_quote(state["tag_a"]))
    resp = _get(q=state["wide"], tag=str(tag), status="inactive", per="100")
    assert set(client_ids(resp.text)) == state["inactive"]


def _tag_id(name):
    return sql_int("SELECT id FROM tags WHERE name = %s" % sql_quote(name))


def _finds(q):
    return set(client_ids(_get(q=q, per="100").text))


def test_tags_renamed_merged_and_deleted_follow_in_both_ways():
    b, token = state["admin"], state["token"]
    wide = {c for c, _ in state["wide_clients"]}
    narrow = {c for c, _ in state["narrow_clients"]}
    assert _finds(state["tag_a"]) == wide
    assert _finds(state["tag_b"]) == narrow
    # renamed: the new name finds them, the old one nobody
    renamed_a, renamed_b = state["tag_a"] + "Zö", state["tag_b"] + "Ré"
    for old, new in ((state["tag_a"], renamed_a), (state["tag_b"], renamed_b)):
        resp = b.post("/admin/tags/%d/rename" % _tag_id(old),
                      {"name": new, "csrf_token": token})
        assert resp.status == 303, resp.describe()
    assert _finds(state["tag_a"] + "zo") == wide, "a renamed tag is not found"
    assert _finds(state["tag_b"] + "re") == narrow
    assert _finds(state["tag_a"] + " nobody") == set()
    # merged: the clients of the narrow tag carry the wide one's name too
    resp = b.post("/admin/tags/%d/merge" % _tag_id(renamed_b),
                  {"into": renamed_a, "csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert _finds(renamed_a) == wide | narrow, "a merged tag's clients are not found"
    assert _finds(state["tag_b"] + "re") == set(), \
        "the merged-away tag's name still finds clients"
    # deleted: its name finds nobody; the clients' own words still work
    resp = b.post("/admin/tags/%d/delete" % _tag_id(renamed_a),
                  {"confirm": "yes", "csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert _finds(renamed_a) == set(), "a deleted tag's name still finds clients"
    assert _finds(state["wide"]) == wide
    assert _finds(state["narrow"]) == narrow


def test_a_client_renamed_is_found_by_the_new_name_only():
    b, token = state["admin"], state["token"]
    cid, _ = state["narrow_clients"][0]
    new_last = "Renamed" + letters(6, QUIET)
    row_email = "n-renamed-%s@test.invalid" % letters(6, QUIET)
    resp = b.post("/clients/%d/edit" % cid, {
        "first_name": "Solo0", "last_name": new_last, "email": row_email,
        "phone": "", "phone_country": "", "csrf_token": token})
    assert resp.status == 303, resp.describe()
    assert _finds(new_last) == {cid}
    assert cid not in _finds(state["narrow"])
    assert sql_int("SELECT COUNT(*) FROM client_search WHERE id = %d AND "
                   "BINARY sort_name = BINARY %s"
                   % (cid, sql_quote(new_last + " Solo0"))) == 1, \
        "the search table's name did not follow the edit"
