"""A one-word search is counted from the search keys: the counts follow.

The keys (client_search_keys) hold each client's status and staff, so a
search of one word of 3 to 16 characters that no tag contains is counted
from them alone.  These tests change what the keys carry (a status, an
assignment, a name) and check the directory's counts and lists against what
the clients are; and the searches the keys cannot count alone (a word longer
than 16 characters, a word in a tag's name) against the same clients.
"""

import re
import urllib.parse

from casebook import (ADMIN_EMAIL, CLINICIAN_EMAIL, add_client, admin_password,
                      client_ids, clinician_password, letters, signed_in,
                      sql_int, staff_id)

QUIET = "bcdfghjkmpqrstvwxz"

state = {}


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    token = b.csrf_from("/")
    run = letters(6, QUIET)
    state.update(admin=b, token=token, run=run)
    # five clients sharing a word of their last name
    state["word"] = "Kyz" + run
    state["clients"] = [
        add_client(b, token, first_name="Ann%d" % i, last_name=state["word"],
                   email="k%s%d@test.invalid" % (run, i))
        for i in range(5)]
    # two addresses alike in their first 16 characters, apart after them
    state["long"] = "longdomain%sxx" % run
    state["long_a"] = add_client(b, token, first_name="Lou", last_name="Al",
                                 email="a@%sa.invalid" % state["long"])
    state["long_b"] = add_client(b, token, first_name="Lou", last_name="Be",
                                 email="a@%sb.invalid" % state["long"])


def _get(browser, **params):
    resp = browser.get("/clients?" + urllib.parse.urlencode(params))
    assert resp.status == 200, resp.describe()
    return resp


def _count_shown(resp):
    m = re.search(r"Clients [\d,]+\W+[\d,]+ of ([\d,]+)", resp.page_text)
    return int(m.group(1).replace(",", "")) if m else 0


def _tab(resp, label):
    m = re.search(r"\b%s\W*(\d+)" % label, resp.page_text)
    return int(m.group(1)) if m else None


def _bulk(ids, action, **fields):
    pairs = [("ids", str(cid)) for cid in ids] + [("action", action)]
    pairs += list(fields.items()) + [("csrf_token", state["token"])]
    resp = state["admin"].post("/clients/bulk", pairs)
    assert resp.status == 303, resp.describe()


def test_the_counts_follow_a_status_change():
    word, clients = state["word"], state["clients"]
    resp = _get(state["admin"], q=word.lower())
    assert set(client_ids(resp.text)) == set(clients)
    assert _tab(resp, "Pending") == 5 and _tab(resp, "Inactive") == 0, \
        resp.page_text[:400]
    _bulk(clients[:2], "deactivate")
    assert sql_int("SELECT COUNT(*) FROM client_search_keys WHERE client_id "
                   "IN (%d, %d) AND status <> 'inactive'" % tuple(clients[:2])) \
        == 0, "the keys kept the old status"
    resp = _get(state["admin"], q=word[1:])
    assert _tab(resp, "Pending") == 3, resp.page_text[:400]
    assert _tab(resp, "Inactive") == 2, resp.page_text[:400]
    resp = _get(state["admin"], q=word[1:], status="inactive")
    assert set(client_ids(resp.text)) == set(clients[:2])
    _bulk(clients[:1], "reactivate")
    resp = _get(state["admin"], q=word)
    assert _tab(resp, "Inactive") == 1, resp.page_text[:400]
    assert _count_shown(resp) == 5


def test_a_clinician_counts_only_the_clients_assigned_to_them():
    word, clients = state["word"], state["clients"][2:4]
    clinician = signed_in(CLINICIAN_EMAIL, clinician_password())
    resp = _get(clinician, q=word)
    before = set(client_ids(resp.text))
    assert not before & set(clients), "not assigned yet, but listed"
    _bulk(clients, "assign", staff_id=str(staff_id(CLINICIAN_EMAIL)))
    resp = _get(clinician, q=word.lower())
    assert set(client_ids(resp.text)) == before | set(clients)
    assert _count_shown(resp) == len(before | set(clients)), \
        resp.page_text[:400]
    # the administrator's staff filter counts the same clients
    resp = _get(state["admin"], q=word,
                staff=str(staff_id(CLINICIAN_EMAIL)))
    assert set(client_ids(resp.text)) == set(clients)
    assert _count_shown(resp) == len(clients), resp.page_text[:400]


def test_a_renamed_client_is_counted_by_the_new_word_only():
    word, cid = state["word"], state["clients"][4]
    new = "Qyx" + state["run"]
    resp = state["admin"].post("/clients/%d/edit" % cid, {
        "first_name": "Ann4", "last_name": new,
        "email": "k%s4@test.invalid" % state["run"], "phone": "",
        "phone_country": "", "csrf_token": state["token"]})
    assert resp.status == 303, resp.describe()
    resp = _get(state["admin"], q=new)
    assert client_ids(resp.text) == [cid] and _count_shown(resp) == 1
    resp = _get(state["admin"], q=word)
    assert cid not in client_ids(resp.text)
    assert _count_shown(resp) == 4, resp.page_text[:400]


def test_a_word_longer_than_the_keys_is_checked_to_its_end():
    long_a, long_b = state["long_a"], state["long_b"]
    resp = _get(state["admin"], q=state["long"])
    assert set(client_ids(resp.text)) == {long_a, long_b}
    assert _count_shown(resp) == 2
    resp = _get(state["admin"], q=state["long"] + "a.inv")
    assert client_ids(resp.text) == [long_a], "past 16 characters, not checked"
    assert _count_shown(resp) == 1, resp.page_text[:400]


def test_a_word_in_a_tag_name_counts_the_tagged_clients_too():
    word, clients = state["word"], state["clients"]
    tag = "Grp" + word
    other = add_client(state["admin"], state["token"], first_name="Tod",
                       last_name="Other" + state["run"],
                       email="t%s@test.invalid" % state["run"])
    _bulk([other, clients[0]], "tag_add", tag_name=tag)
    resp = _get(state["admin"], q=word)
    expected = set(clients[:4]) | {other}
    assert set(client_ids(resp.text)) == expected
    assert _count_shown(resp) == len(expected), resp.page_text[:400]
