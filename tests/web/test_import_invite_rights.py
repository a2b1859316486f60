"""An import invites its new clients with the rights it was started with:
the start records the importer's reach (every client for an administrator,
a clinician's own clients for a clinician) and the job applies that reach,
not the importer's role or state when it runs. An administrator demoted or
deactivated after the start still has every new client invited, in their
name; each invitation reaches the mail sink."""

from casebook import (ADMIN_EMAIL, URL, admin_password, create_staff, signed_in, sql, sql_int, sql_quote,
                      sql_value)
from importing import (choose, import_id, new_domain, start, state, upload,
                       wait_finished)
from portal import (link_in, messages_to, practice_settings,
                    restore_practice, set_practice, wait_for_messages)

state_ = {}


def setup_module():
    state_["practice"] = practice_settings()
    set_practice(base_url=URL)
    state_["first"] = create_staff(role="clinician")
    state_["second"] = create_staff(role="clinician")


def teardown_module():
    restore_practice(state_["practice"])


def _importer():
    """A fresh administrator (demoted or deactivated by some tests) and a
    browser signed in as them; (id, browser)."""
    email, password, sid = create_staff(role="admin")
    return sid, signed_in(email, password)


def _csv(domain):
    """Two new clients assigned to the first clinician, one to the second;
    (file, first's addresses, second's addresses)."""
    first, second = state_["first"][0], state_["second"][0]
    mine = ["ada@" + domain, "ben@" + domain]
    theirs = ["cy@" + domain]
    data = ("First Name,Last Name,Email,Staff\n"
            "Ada,Reach,{0},{3}\nBen,Reach,{1},{3}\nCy,Reach,{2},{4}\n"
            ).format(mine[0], mine[1], theirs[0], first, second)
    return data.encode(), mine, theirs


def _held_start(browser, data):
    """Upload DATA with "invite", start it, and hold its job (not due) before
    the runner can take it; the import's id."""
    iid = import_id(upload(browser, "reach.csv", data))
    resp = choose(browser, iid, invite=True)
    assert resp.status == 303, resp.describe()
    # the job the start queues is due tomorrow, so nothing runs it yet
    sql("CREATE TRIGGER import_test_hold BEFORE INSERT ON jobs FOR EACH ROW "
        "SET NEW.run_at = IF(NEW.kind = 'import', NEW.run_at + INTERVAL 1 DAY, "
        "NEW.run_at)")
    try:
        resp = start(browser, iid)
    finally:
        sql("DROP TRIGGER import_test_hold")
    assert resp.status == 303, resp.describe()
    assert state(iid)[0] == "running", state(iid)
    assert sql_int("SELECT COUNT(*) FROM jobs j JOIN imports i ON i.job_id = "
                   "j.id WHERE i.id = %d AND j.state = 'queued' AND j.run_at > "
                   "UTC_TIMESTAMP() + INTERVAL 1 HOUR" % iid) == 1, \
        "the import's job is not held"
    return iid


def _release(iid):
    sql("UPDATE jobs SET run_at = UTC_TIMESTAMP() WHERE id = (SELECT job_id "
        "FROM imports WHERE id = %d)" % iid)
    return wait_finished(iid)


def _tokens(address):
    return sql_int("SELECT COUNT(*) FROM tokens t JOIN clients c ON c.id = "
                   "t.subject_id WHERE t.kind = 'invite' AND c.email = %s"
                   % sql_quote(address))


def _invited_by(addresses):
    """The actors of the invitation_sent entries of ADDRESSES' clients."""
    return sorted(set(sql(
        "SELECT a.actor_kind, a.actor_id FROM audit_log a JOIN clients c ON "
        "c.id = a.object_id WHERE a.action = 'invitation_sent' AND "
        "a.object_kind = 'client' AND c.email IN (%s)"
        % ", ".join(sql_quote(a) for a in addresses))))


def _assert_mailed(addresses):
    """One invitation each in the sink, with its portal link."""
    for address in addresses:
        msgs = wait_for_messages(address)
        assert len(msgs) == 1, (address, len(msgs))
        assert link_in(msgs[0], "invite")
        assert _tokens(address) == 1, address


def test_the_start_records_an_administrators_reach_as_every_client():
    sid, browser = _importer()
    data, _, _ = _csv(new_domain())
    iid = _held_start(browser, data)
    try:
        assert sql_value("SELECT invite_scope_staff_id FROM imports WHERE "
                         "id = %d" % iid) == "0"
    finally:
        st = _release(iid)
    assert st[0] == "done" and st[7] == "3", st


def test_an_administrator_demoted_after_the_start_still_invites_everyone():
    sid, browser = _importer()
    data, mine, theirs = _csv(new_domain())
    iid = _held_start(browser, data)
    # demoted to clinician before the job runs: no new client is theirs
    sql("UPDATE staff SET role = 'clinician' WHERE id = %d" % sid)
    st = _release(iid)
    assert st[:8] == ("done", "3", "3", "3", "0", "0", "0", "3"), st
    _assert_mailed(mine + theirs)
    assert _invited_by(mine + theirs) == [("staff", str(sid))]


def test_a_deactivated_importer_still_has_the_invitations_sent():
    sid, browser = _importer()
    data, mine, theirs = _csv(new_domain())
    iid = _held_start(browser, data)
    sql("UPDATE staff SET active = 0 WHERE id = %d" % sid)
    st = _release(iid)
    assert st[:8] == ("done", "3", "3", "3", "0", "0", "0", "3"), st
    _assert_mailed(mine + theirs)
    assert _invited_by(mine + theirs) == [("staff", str(sid))]
    page = signed_in(ADMIN_EMAIL, admin_password()).get(
        "/clients/import/%d" % iid)
    assert '<dd id="count-invited">3</dd>' in page.text, page.describe()


def test_a_clinicians_recorded_reach_invites_only_their_own_clients():
    # Only administrators start imports, so the start records every client;
    # the reach a clinician's start would record (their own id) is written
    # here while the job is held. The importer is an administrator now: the
    # job must apply the recorded reach, not the importer's current one.
    sid, browser = _importer()
    data, mine, theirs = _csv(new_domain())
    iid = _held_start(browser, data)
    sql("UPDATE imports SET invite_scope_staff_id = %d WHERE id = %d"
        % (state_["first"][2], iid))
    st = _release(iid)
    # all three are imported; only the first clinician's two are invited
    assert st[:8] == ("done", "3", "3", "3", "0", "0", "0", "2"), st
    _assert_mailed(mine)
    assert _invited_by(mine) == [("staff", str(sid))]
    assert _tokens(theirs[0]) == 0, "a client out of reach was invited"
    assert _invited_by(theirs) == []
    # their invitations were queued with the others: by now any would be in
    assert sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND payload "
                   "LIKE %s" % sql_quote("%%Rcpt-To: %s\n%%" % theirs[0])) == 0
    assert messages_to(theirs[0]) == []
