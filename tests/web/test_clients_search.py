"""Searching the client list (q): any part of the first, last, full or
preferred name, the email, the phone's digits or a tag's name; case- and
accent-insensitive; what is typed is text, never a pattern or SQL; one- and
two-character fragments work too.

The clients of this run carry a tag of their own and most searches are
made within it, so each answer can be checked exactly against a model of
the rule: every word of the search is part of the client's names, email,
phone digits or one of their tags, ignoring case and accents.
"""

import unicodedata
import urllib.parse

from casebook import (ADMIN_EMAIL, add_client, admin_password,
                      assert_no_leak, client_ids, input_value, letters,
                      signed_in, sql_int, sql_quote)

# Letters for the run's tag and emails: none of them is in a search below,
# so the shared parts of the records never decide a result.
QUIET = "bcfghjkmpwxy"

state = {}


def _quiet_email():
    return "s%s@test.invalid" % letters(10, QUIET)


# (key, first, last, preferred, phone, more tags); a preferred name or
# phone of None is left out.
PEOPLE = [
    ("ann_lee", "Ann", "Lee", None, None),
    ("ann_park", "Ann", "Park", None, None),
    ("marta", "Marta", "Leeroy", None, None),
    ("joanne", "Joanne", "Leeson", None, None),
    ("bobbie", "Robert", "Fenwick", "Bobbie", None),
    ("phil", "Phil", "Numbers", None, "+1 (555) 123-4567"),
    ("dora", "Dora", "Dial", None, "+1 (556) 512-3000"),
    ("zoe_umlaut", "Zoë", "Ålund", None, None),
    ("zoe_plain", "Zoe", "Plain", None, None),
    ("renee", "Renée", "Müller", None, None),
    ("pct", "Percy", "Cent100%Off", None, None),
    ("pct_decoy", "Percy", "Cent100XOff", None, None),
    ("under", "Uma", "Under_Score", None, None),
    ("under_decoy", "Uma", "UnderXScore", None, None),
    ("back", "Bea", "Back\\Slash", None, None),
    ("back_decoy", "Bea", "BackSlash", None, None),
    ("quote", "Quinn", "O'Quote\"Dbl", None, None),
    ("quote_decoy", "Quinn", "OQuoteDbl", None, None),
    ("tables", "Bobby", "Tables'); DROP TABLE clients;--", None, None),
    ("five", "Five", "Alpha Beta Gamma Delta", None, None),
    ("nine", "Nine", "Alpha Beta Gamma Delta Epsilon Zeta Eta", None, None),
    ("tagged", "Tina", "Tagged", None, None),
    ("mailer", "Eve", "Mailer", None, None),
]


def _fold(text):
    """Lower case without accents, as the search compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed
                   if not unicodedata.combining(c)).casefold()


def _words(query):
    """The words of a search; a phone-like search is its digits."""
    if any(c.isdigit() for c in query) and \
            all(c.isdigit() or c in " +()-./" for c in query):
        return ["".join(c for c in query if c.isdigit())]
    return query.split()


def _expected(query):
    """The ids of this run's clients the search must find."""
    found = set()
    for key, person in state["people"].items():
        digits = "".join(c for c in person["phone"] if c.isdigit())
        text = _fold(" ".join([person["first"], person["last"],
                               person["preferred"], person["email"],
                               digits]))
        tags = [_fold(t) for t in person["tags"]]
        if all(_fold(w) in text or any(_fold(w) in t for t in tags)
               for w in _words(query)):
            found.add(person["id"])
    return found


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    state["admin"] = b
    token = b.csrf_from("/")
    state["token"] = token
    run_tag = "z" + letters(10, QUIET)      # 'z' keeps it a word apart
    state["mail_part"] = letters(9, QUIET)
    state["tag_word"] = "Bereave" + letters(5, QUIET)
    people = {}
    for key, first, last, preferred, phone in PEOPLE:
        email = _quiet_email()
        if key == "mailer":
            email = "eve.%s@example.org" % state["mail_part"]
        fields = {"first_name": first, "last_name": last, "email": email}
        person = {"first": first, "last": last, "preferred": "",
                  "email": email, "phone": "", "tags": [run_tag]}
        cid = add_client(b, token, **fields)
        if preferred or phone:
            # the Overview fields come with the edit form
            edit = dict(fields, preferred_name=preferred or "",
                        phone=phone or "", phone_country="",
                        csrf_token=token)
            resp = b.post("/clients/%d/edit" % cid, edit)
            assert resp.status == 303, resp.describe()
            person["preferred"] = preferred or ""
            person["phone"] = phone or ""
        person["id"] = cid
        people[key] = person
    state["people"] = people
    ids = [("ids", str(p["id"])) for p in people.values()]
    resp = b.post("/clients/bulk", ids + [
        ("action", "tag_add"), ("tag_name", run_tag),
        ("csrf_token", token)])
    assert resp.status == 303, resp.describe()
    state["tag"] = sql_int("SELECT id FROM tags WHERE name = %s"
                           % sql_quote(run_tag))
    assert state["tag"], "the run's tag was not created"
    resp = b.post("/clients/%d/tags" % people["tagged"]["id"],
                  {"name": state["tag_word"], "csrf_token": token})
    assert resp.status == 303, resp.describe()
    people["tagged"]["tags"].append(state["tag_word"])


def _search(query, scoped=True):
    params = {"q": query, "per": "100", "sort": "joined", "dir": "desc"}
    if scoped:
        params["tag"] = str(state["tag"])
    resp = state["admin"].get("/clients?" + urllib.parse.urlencode(params))
    assert resp.status == 200, "search %r: %s" % (query, resp.describe())
    assert input_value(resp.text, "q") == query, \
        "the search box does not keep %r: %r" % (
            query, input_value(resp.text, "q"))
    return resp


def _names(ids):
    by_id = {p["id"]: "%s %s" % (p["first"], p["last"])
             for p in state["people"].values()}
    return sorted(by_id.get(i, "#%d" % i) for i in ids)


def _check(query, must=(), must_not=()):
    """Search within the run's clients; the result must be exactly what
    the rule says, include the clients MUST and none of MUST_NOT."""
    resp = _search(query)
    got = set(client_ids(resp.text))
    people = state["people"]
    for key in must:
        assert people[key]["id"] in got, \
            "search %r does not find %s %s; found %r" % (
                query, people[key]["first"], people[key]["last"],
                _names(got))
    for key in must_not:
        assert people[key]["id"] not in got, \
            "search %r finds %s %s, which does not contain it" % (
                query, people[key]["first"], people[key]["last"])
    expected = _expected(query)
    assert got == expected, \
        "search %r found %r, expected %r" % (query, _names(got),
                                            _names(expected))
    assert_no_leak(resp)
    return resp


def test_first_name():
    _check("robert", must=["bobbie"], must_not=["ann_lee"])
    _check("Marta", must=["marta"])


def test_last_name():
    _check("fenwick", must=["bobbie"])
    _check("leeroy", must=["marta"], must_not=["ann_lee", "joanne"])


def test_full_name():
    _check("ann lee", must=["ann_lee", "joanne"],
           must_not=["ann_park", "marta"])
    _check("ANN LEE", must=["ann_lee"])
    _check("lee ann", must=["ann_lee"])


def test_preferred_name():
    _check("bobbi", must=["bobbie"], must_not=["tables"])


def test_email_part():
    part = state["mail_part"]
    _check(part, must=["mailer"])
    _check("eve.%s@exam" % part, must=["mailer"])
    _check("@example.org", must=["mailer"])


def test_phone_digits():
    _check("555 12", must=["phil"], must_not=["dora"])
    _check("(555) 123-45", must=["phil"])
    _check("+1 555 123 4567", must=["phil"])
    _check("5551234567", must=["phil"])
    _check("4567", must=["phil"])


def test_tag_name():
    word = state["tag_word"]
    _check(word, must=["tagged"], must_not=["ann_lee"])
    _check(word[:7].lower(), must=["tagged"])


def test_case_and_accent_insensitive():
    _check("zoe", must=["zoe_umlaut", "zoe_plain"])
    _check("ZOE", must=["zoe_umlaut", "zoe_plain"])
    _check("zoë", must=["zoe_umlaut", "zoe_plain"])
    _check("alund", must=["zoe_umlaut"])
    _check("renee muller", must=["renee"])
    _check("RENÉE", must=["renee"])


def test_percent_sign_is_text():
    _check("100%o", must=["pct"], must_not=["pct_decoy"])
    _check("%", must=["pct"], must_not=["pct_decoy", "ann_lee"])
    _check("%off", must=["pct"], must_not=["pct_decoy"])


def test_underscore_is_text():
    _check("r_s", must=["under"], must_not=["under_decoy"])
    _check("_", must=["under"], must_not=["under_decoy", "ann_lee"])


def test_backslash_is_text():
    _check("k\\s", must=["back"], must_not=["back_decoy"])
    _check("\\", must=["back"], must_not=["back_decoy", "ann_lee"])
    _check("back\\", must=["back"], must_not=["back_decoy"])


def test_quotes_are_text():
    _check("o'q", must=["quote"], must_not=["quote_decoy"])
    _check('"dbl', must=["quote"], must_not=["quote_decoy"])
    _check("'", must=["quote", "tables"], must_not=["quote_decoy"])


def test_sql_keywords_are_text():
    _check("Tables'); DROP TABLE clients;--", must=["tables"],
           must_not=["ann_lee"])
    _check("drop", must=["tables"])
    _check("' OR '1'='1", must_not=["tables", "quote"])
    _check("x' OR 1=1 --")
    _check("1; UNION SELECT password_hash")
    # and outside the run's clients too: nothing contains these
    for query in ("' OR '1'='1", "%' OR 1=1 #", "\\' OR 1 --"):
        resp = _search(query, scoped=False)
        assert client_ids(resp.text) == [], \
            "search %r finds clients: %r" % (query, client_ids(resp.text))
    assert sql_int("SELECT COUNT(*) FROM clients WHERE id = %d"
                   % state["people"]["tables"]["id"]) == 1


def test_every_word_of_a_search_counts():
    # five words: the fifth is in no record, so nothing is found
    _check("alpha beta gamma delta omega", must_not=["five"])
    _check("alpha beta gamma delta", must=["five"])
    _check("five alpha beta gamma delta", must=["five"])


def test_a_search_of_many_words_uses_them_all_or_says_so():
    # nine words; the record holds the first eight, not "omega"
    query = "nine alpha beta gamma delta epsilon zeta eta omega"
    resp = _search(query)
    if state["people"]["nine"]["id"] in client_ids(resp.text):
        assert "words" in resp.page_text.replace(query, ""), \
            "a word of the search was ignored without a word said: %s" % (
                resp.describe())
    _check("nine alpha beta gamma delta epsilon zeta eta", must=["nine"])


def test_short_fragments():
    _check("zo", must=["zoe_umlaut", "zoe_plain"], must_not=["ann_lee"])
    _check("Lé", must=["ann_lee", "marta", "joanne"])
    _check("q", must=["quote", "quote_decoy"])
    _check("ö", must=["zoe_plain", "zoe_umlaut", "bobbie"])
    _check("pa", must=["ann_park"])


def test_search_finds_beyond_this_run_filter():
    # the same searches without the tag filter still find the clients
    people = state["people"]
    for query, key in (("ann lee", "ann_lee"), ("555 12", "phil"),
                       ("zoe", "zoe_umlaut"), ("100%o", "pct"),
                       (state["tag_word"], "tagged")):
        resp = _search(query, scoped=False)
        assert people[key]["id"] in client_ids(resp.text), \
            "unfiltered search %r misses %s" % (query, key)
    resp = _search("100%o", scoped=False)
    assert people["pct_decoy"]["id"] not in client_ids(resp.text), \
        "unfiltered search '100%o' finds Cent100XOff"


def test_a_long_record_is_searchable_everywhere():
    # names and email long enough to hold hundreds of different windows:
    # the end of the email must be found as well as the start of the name
    b = state["admin"]
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    first, last, preferred = (letters(90, alphabet) for _ in range(3))
    local = letters(60, alphabet)
    email = "%s@test.invalid" % local
    cid = add_client(b, state["token"], first_name=first, last_name=last,
                     email=email)
    resp = b.post("/clients/%d/edit" % cid, {
        "first_name": first, "last_name": last, "email": email,
        "preferred_name": preferred, "phone": "", "phone_country": "",
        "csrf_token": state["token"]})
    assert resp.status == 303, resp.describe()
    for label, fragment in (("first name", first[:8]),
                            ("last name", last[40:48]),
                            ("preferred name", preferred[-8:]),
                            ("email", local[-10:])):
        resp = _search(fragment, scoped=False)
        assert cid in client_ids(resp.text), \
            "a search for the %s fragment %r does not find the client" % (
                label, fragment)


def test_a_removed_tag_no_longer_finds_the_client():
    # last: it changes the run's records
    person = state["people"]["tagged"]
    tag = sql_int("SELECT id FROM tags WHERE name = %s"
                  % sql_quote(state["tag_word"]))
    resp = state["admin"].post("/clients/%d/tags/%d/remove"
                               % (person["id"], tag),
                               {"csrf_token": state["token"]})
    assert resp.status == 303, resp.describe()
    person["tags"].remove(state["tag_word"])
    _check(state["tag_word"], must_not=["tagged"])
    _check("tina", must=["tagged"])
