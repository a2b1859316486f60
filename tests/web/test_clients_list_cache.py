"""The directory's pages (/clients) that each worker keeps are never stale
after a change and never anyone else's: a change made through one request
(a client edited, tagged, deactivated, assigned, invited; the date format;
an import; a bulk action) shows on the next list page every worker answers;
a clinician never gets an admin's or another clinician's kept page; a kept
page carries the CSRF token of the session asking (a bulk action with it
succeeds, another session's is refused); what time alone changes shows once
a page has been kept List.CacheSeconds."""

import re
import threading
import time
import urllib.parse

from casebook import (ADMIN_EMAIL, URL, Browser, Staff, add_client,
                      admin_password, client_ids, config_value, csrf,
                      flashes, input_value, letters,
                      save_settings, signed_in, sql, sql_quote)
from importing import new_domain, run
from portal import practice_settings, restore_practice, set_practice

state = {}
# Enough requests in parallel that every worker answers several of them.
THREADS = 8
PER_THREAD = 4


def setup_module():
    b = signed_in(ADMIN_EMAIL, admin_password())
    state["admin"] = b
    state["token"] = b.csrf_from("/")
    state["run"] = run_ = "Kept" + letters(8)
    state["clients"] = [add_client(b, state["token"], first_name="Cached",
                                   last_name="%s%s" % (run_, chr(97 + i)))
                        for i in range(3)]
    state["date_order"] = sql(
        "SELECT date_order FROM practice_settings WHERE id = 1")[0][0]
    state["practice"] = practice_settings()


def teardown_module():
    _save_settings({"date_order": state["date_order"]})
    restore_practice(state["practice"])


def _path(**params):
    params.setdefault("q", state["run"])
    return "/clients?" + urllib.parse.urlencode(params)


def _pages(browser, path):
    """PATH fetched THREADS x PER_THREAD times in parallel with BROWSER's
    session (so every worker answers some); the pages' texts."""
    texts, failures = [], []
    lock = threading.Lock()

    def fetch():
        b = Browser()
        b.set_cookie_value(browser.cookie())
        for _ in range(PER_THREAD):
            resp = b.get(path)
            with lock:
                if resp.status != 200:
                    failures.append(resp.describe())
                else:
                    texts.append(resp.text)
    threads = [threading.Thread(target=fetch) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures, failures[:3]
    assert len(texts) == THREADS * PER_THREAD
    return texts


def _every_page(browser, path, check, what):
    pages = _pages(browser, path)
    wrong = [p for p in pages if not check(p)]
    assert not wrong, "%d of %d pages of %s do not show %s" % (
        len(wrong), len(pages), path, what)


def _row_of(markup, cid):
    """The text of the list's row of client CID."""
    m = re.search(r'<tr[^>]*>(?:(?!</tr>).)*?/clients/%d"(?:(?!</tr>).)*</tr>'
                  % cid, markup, re.S)
    assert m, "client %d is not on the page" % cid
    return re.sub(r"<[^>]+>", " ", m.group(0))


def _change_shows(path, change, check, what):
    """Every worker keeps PATH as it is, CHANGE() is made through one
    request, then every worker's page of PATH shows it."""
    b = state["admin"]
    _every_page(b, path, lambda p: not check(p), "the state before " + what)
    change()
    _every_page(b, path, check, what)


def _post(path, fields, browser=None):
    b = browser or state["admin"]
    fields = dict(fields)
    fields.setdefault("csrf_token", state["token"] if browser is None
                      else browser.csrf_from("/"))
    resp = b.post(path, fields)
    assert resp.status == 303, resp.describe()
    return resp


def _save_settings(changes):
    save_settings(state["admin"], changes)


def test_a_renamed_client_shows_on_every_worker():
    cid = state["clients"][0]
    new = "Renamed" + letters(6)
    path = _path()

    def change():
        page = state["admin"].get("/clients/%d/edit" % cid)
        fields = {"csrf_token": csrf(page.text)}
        for name in ("first_name", "last_name", "email"):
            fields[name] = input_value(page.text, name) or ""
        fields["preferred_name"] = new
        resp = state["admin"].post("/clients/%d/edit" % cid, fields)
        assert resp.status == 303, resp.describe()
    _change_shows(path, change, lambda p: new in _row_of(p, cid),
                  "the new preferred name")


def test_a_tag_added_and_a_status_changed_show_on_every_worker():
    cid = state["clients"][1]
    tag = "kept-" + letters(6)
    path = _path()
    _change_shows(path, lambda: _post("/clients/%d/tags" % cid, {"name": tag}),
                  lambda p: tag in _row_of(p, cid), "the new tag")
    _change_shows(path, lambda: _post("/clients/bulk", {
        "action": "deactivate", "ids": str(cid)}),
        lambda p: "Inactive" in _row_of(p, cid), "the client inactive")


def test_an_assignment_and_an_invitation_show_on_every_worker():
    cid = state["clients"][2]
    clinician = Staff(name="Kept Clinician " + letters(6))
    path = _path()
    _change_shows(path, lambda: _post("/clients/bulk", {
        "action": "assign", "ids": str(cid), "staff_id": str(clinician.id)}),
        lambda p: clinician.name in _row_of(p, cid), "the assigned clinician")
    set_practice(base_url=URL)     # invitations need the portal's address
    _change_shows(path, lambda: _post("/clients/%d/invite" % cid, {}),
                  lambda p: re.search(r"\bInvited\b", _row_of(p, cid)),
                  "the invitation sent")


def test_the_date_format_shows_on_every_worker():
    cid = state["clients"][0]
    path = _path()
    _save_settings({"date_order": "dmy"})
    # "28 Nov 2026" (day first) against "2026-11-28" (year first)
    _change_shows(path, lambda: _save_settings({"date_order": "ymd"}),
                  lambda p: re.search(r"\b\d{4}-\d\d-\d\d\b", _row_of(p, cid)),
                  "the date as year-month-day")


def test_an_import_shows_on_every_worker():
    domain = new_domain()
    word = "Imported" + letters(6)
    data = ("First Name,Last Name,Email\n" + "".join(
        "%s,Row%d,r%d@%s\n" % (word, i, i, domain) for i in range(3))).encode()
    path = _path(q=word)
    _every_page(state["admin"], path, lambda p: "Row0" not in p,
                "no imported client yet")
    run(state["admin"], "kept.csv", data)
    _every_page(state["admin"], path,
                lambda p: all("Row%d" % i in p for i in range(3)),
                "the three imported clients")


def test_a_clinician_never_gets_an_admins_or_another_clinicians_page():
    admin = state["admin"]
    one, two = Staff(), Staff()
    mine = add_client(admin, state["token"], first_name="Own",
                      last_name=state["run"] + "own")
    _post("/clients/bulk", {"action": "assign", "ids": str(mine),
                            "staff_id": str(one.id)})
    path = _path()
    # The admin's page (all of this run's clients) is kept by every worker.
    _every_page(admin, path, lambda p: len(client_ids(p)) >= 4,
                "every client of the run")
    b1, b2 = one.browser(), two.browser()
    _every_page(b1, path, lambda p: client_ids(p) == [mine] and
                one.name in p and "Cached" not in p,
                "only the clinician's own client")
    _every_page(b2, path, lambda p: client_ids(p) == [] and two.name in p
                and one.name not in p, "no client, and their own name")


def test_a_kept_page_carries_the_csrf_token_of_the_session_asking():
    cid = state["clients"][1]
    path = _path()
    other = signed_in(ADMIN_EMAIL, admin_password())
    # Kept by every worker from the first session's requests...
    first = _pages(state["admin"], path)
    assert {csrf(p) for p in first} == {state["token"]}
    # ...and answered to another session with that session's token.
    theirs = _pages(other, path)
    own = other.csrf_from("/")
    assert own != state["token"]
    assert {csrf(p) for p in theirs} == {own}
    assert all(state["token"] not in p for p in theirs)
    resp = other.post("/clients/bulk", {"action": "reactivate",
                                        "ids": str(cid),
                                        "csrf_token": csrf(theirs[-1])})
    assert resp.status == 303, resp.describe()
    resp = other.post("/clients/bulk", {"action": "reactivate",
                                        "ids": str(cid),
                                        "csrf_token": csrf(first[-1])})
    assert resp.status == 403, resp.describe()


def test_a_page_with_a_flash_message_is_not_kept():
    cid = state["clients"][1]
    path = _path()
    _pages(state["admin"], path)
    resp = _post("/clients/bulk", {"action": "reactivate", "ids": str(cid),
                                   "back": path})
    page = state["admin"].get(resp.location_path())
    assert flashes(page.text), "no message after the bulk action"
    _every_page(state["admin"], path, lambda p: not flashes(p),
                "no message: it was shown once")


def test_a_change_nobody_published_shows_after_the_cache_seconds():
    cid = state["clients"][2]
    seconds = int(config_value("List.CacheSeconds", "30"))
    path = _path()
    name = "Unpublished" + letters(6)
    _pages(state["admin"], path)
    # Straight in the database, without the raise the program makes: only
    # time brings it to the kept pages.
    sql("UPDATE clients SET preferred_name = %s WHERE id = %d"
        % (sql_quote(name), cid), publish=False)
    stale = _pages(state["admin"], path)
    assert any(name not in _row_of(p, cid) for p in stale), \
        "no worker kept the page: nothing was cached"
    time.sleep(seconds + 1)
    _every_page(state["admin"], path, lambda p: name in _row_of(p, cid),
                "the change after %d s" % seconds)
