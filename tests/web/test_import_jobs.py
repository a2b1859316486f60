"""An import runs as a job: the page shows its progress (rows done of total)
and can be left; two imports cannot run at once (the database refuses the
second); a failure half-way leaves whole batches saved, says which rows, and
nothing half-written; new clients can be invited through the mail queue."""

from casebook import (ADMIN_EMAIL, URL, admin_password, flashes, signed_in,
                      sql, sql_int, sql_quote, sql_value, staff_id,
                      wait_until)
from importing import (choose, client_count, import_id, new_domain, run,
                       start, state, upload, wait_finished)
from portal import practice_settings, restore_practice, set_practice

state_ = {}


def setup_module():
    state_["admin"] = signed_in(ADMIN_EMAIL, admin_password())


def _csv(domain, n, first=0):
    lines = ["First Name,Last Name,Email"]
    lines += ["Row%d,Batch,r%d@%s" % (i, i, domain)
              for i in range(first, first + n)]
    return ("\n".join(lines) + "\n").encode()


def _mapped(name, data):
    iid = import_id(upload(state_["admin"], name, data))
    resp = choose(state_["admin"], iid)
    assert resp.status == 303, resp.describe()
    return iid


def test_a_running_import_shows_its_progress_and_can_be_left():
    iid = _mapped("progress.csv", _csv(new_domain(), 3))
    # as the job runner leaves it between two batches
    sql("UPDATE imports SET state = 'running', done_rows = 2 WHERE id = %d"
        % iid)
    try:
        page = state_["admin"].get("/clients/import/%d" % iid)
        assert page.status == 200, page.describe()
        assert '<progress id="import-progress" max="3" value="2">' in \
            page.text, page.describe()
        assert "Rows done: 2 of 3" in page.page_text, page.describe()
        assert '<meta http-equiv="refresh" content="2">' in page.text, \
            "the progress page does not refresh itself"
        listing = state_["admin"].get("/clients/import")
        assert 'href="/clients/import/%d"' % iid in listing.text
        assert "Importing (2 of 3)" in listing.page_text, listing.describe()
    finally:
        sql("UPDATE imports SET state = 'failed' WHERE id = %d" % iid)


def test_two_imports_cannot_run_at_once():
    first = _mapped("first.csv", _csv(new_domain(), 2))
    second = _mapped("second.csv", _csv(new_domain(), 2))
    # the first is running (held there: its job is not queued yet)
    sql("UPDATE imports SET state = 'running', running = 1 WHERE id = %d"
        % first)
    try:
        resp = start(state_["admin"], second)
        assert resp.status == 303, resp.describe()
        page = state_["admin"].get(resp.location_path())
        assert any("Another import is running" in t
                   for _, t in flashes(page.text)), page.describe()
        assert state(second)[0] == "mapped", state(second)
        assert sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'import' AND "
                       "id = (SELECT COALESCE(job_id, 0) FROM imports "
                       "WHERE id = %d)" % second) == 0
        # the rule is the database's own, whoever writes
        try:
            sql("UPDATE imports SET running = 1 WHERE id = %d" % second)
            raise AssertionError("the database let a second import run")
        except AssertionError as e:
            assert "Duplicate entry" in str(e), e
    finally:
        sql("UPDATE imports SET state = 'failed', running = NULL WHERE "
            "id = %d" % first)
    # once the first is over, the second starts
    resp = start(state_["admin"], second)
    assert resp.status == 303, resp.describe()
    assert wait_finished(second)[:4] == ("done", "2", "2", "2")


def test_a_failure_half_way_leaves_whole_batches_and_says_which():
    domain = new_domain()
    # row 901 (the 900th client) cannot be saved: the second batch of 500
    # (rows 502 to 1001) fails whole, the first stays
    sql("CREATE TRIGGER import_test_refuse BEFORE INSERT ON clients FOR EACH "
        "ROW SET NEW.first_name = IF(NEW.email = 'r899@%s', NULL, "
        "NEW.first_name)" % domain)
    try:
        iid = run(state_["admin"], "half.csv", _csv(domain, 1200))
    finally:
        sql("DROP TRIGGER import_test_refuse")
    st = state(iid)
    assert st[0] == "failed", st
    assert st[1:7] == ("1200", "500", "500", "0", "0", "0"), st
    assert "Rows 2 to 501 (500 rows) were handled and saved" in st[8], st
    assert client_count(domain) == 500
    assert sql_int("SELECT MAX(CAST(SUBSTRING(email, 2, LOCATE('@', email) "
                   "- 2) AS UNSIGNED)) FROM clients WHERE email LIKE %s"
                   % sql_quote("%@" + domain)) == 499
    # the search index and the directory's counts follow the saved rows only
    # (their search keys once the job the import queued as it stopped is done)
    wait_until(lambda: sql_int(
        "SELECT COUNT(*) FROM client_search_unkeyed u JOIN clients c ON "
        "c.id = u.client_id WHERE c.email LIKE %s" % sql_quote("%@" + domain))
        == 0, timeout=60, interval=0.2, message="the search keys")
    assert sql_int("SELECT COUNT(DISTINCT t.client_id) FROM client_search_keys t "
                   "JOIN clients c ON c.id = t.client_id WHERE c.email LIKE "
                   "%s" % sql_quote("%@" + domain)) == 500
    page = state_["admin"].get("/clients/import/%d" % iid)
    assert "Import stopped" in page.page_text, page.describe()
    assert "Rows 2 to 501 (500 rows) were handled and saved" in \
        page.page_text, page.describe()
    assert sql_int("SELECT COUNT(*) FROM imports WHERE running = 1") == 0
    # the file is not kept: the rows not imported are known by number
    assert sql_value("SELECT COALESCE(storage_key, 'none') FROM imports "
                     "WHERE id = %d" % iid) == "none"
    audit = sql("SELECT detail FROM audit_log WHERE action = 'import_failed' "
                "AND object_id = %d" % iid)
    assert audit and audit[0][0].startswith("half.csv: "), audit


def test_new_clients_can_be_invited_through_the_mail_queue():
    saved = practice_settings()
    set_practice(base_url=URL)
    try:
        domain = new_domain()
        existing = sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail'")
        data = ("First Name,Last Name,Email\nIna,Vite,ina@{d}\n"
                "Otto,Vite,otto@{d}\n").format(d=domain).encode()
        iid = run(state_["admin"], "invite.csv", data, invite=True)
        st = state(iid)
        assert st[:8] == ("done", "2", "2", "2", "0", "0", "0", "2"), st
        assert sql_int("SELECT COUNT(*) FROM jobs WHERE kind = 'mail'") == \
            existing + 2
        tokens = sql_int("SELECT COUNT(*) FROM tokens t JOIN clients c ON "
                         "c.id = t.subject_id WHERE t.kind = 'invite' AND "
                         "c.email LIKE %s" % sql_quote("%@" + domain))
        assert tokens == 2, tokens
        # sent in the name of the admin who started the import
        who = sql("SELECT DISTINCT a.actor_kind, a.actor_id FROM audit_log a "
                  "JOIN clients c ON c.id = a.object_id WHERE a.action = "
                  "'invitation_sent' AND c.email LIKE %s"
                  % sql_quote("%@" + domain))
        assert who == [("staff", str(staff_id(ADMIN_EMAIL)))], who
        page = state_["admin"].get("/clients/import/%d" % iid)
        assert '<dd id="count-invited">2</dd>' in page.text, page.describe()
    finally:
        restore_practice(saved)


def test_after_a_restart_the_job_goes_on_after_the_last_saved_batch():
    domain = new_domain()
    data = ("First Name,Last Name,Email\nA,Saved,a@{d}\nB,Saved,b@{d}\n"
            "C,New,c@{d}\nD,New,d@{d}\nE,Again,A@{d}\n").format(d=domain).encode()
    iid = _mapped("resume.csv", data)
    # as a job runner that stopped after the batch of rows 2 and 3 leaves it
    # (those rows are in: the runner requeues its job when it starts again)
    sql("UPDATE imports SET state = 'running', running = 1, done_rows = 2, "
        "created = 2, started_at = UTC_TIMESTAMP() WHERE id = %d" % iid)
    # the job and the import's link to it in one transaction: the runner must
    # not take the job before the import names it (it would take the import
    # for deleted and leave it running, holding every later import back)
    sql("START TRANSACTION; INSERT INTO jobs (kind, state, run_at, "
        "max_attempts, created_at, updated_at) VALUES ('import', 'queued', "
        "UTC_TIMESTAMP(), 3, UTC_TIMESTAMP(), UTC_TIMESTAMP()); "
        "UPDATE imports SET job_id = LAST_INSERT_ID() WHERE id = %d; COMMIT"
        % iid)
    st = wait_finished(iid)
    # rows 4 and 5 saved now; row 6 repeats row 2's address (a row passed
    # over, still remembered)
    assert st[:7] == ("done", "5", "5", "4", "0", "0", "1"), st
    assert sorted(e for (e,) in sql("SELECT email FROM clients WHERE email "
                                    "LIKE %s" % sql_quote("%@" + domain))) \
        == ["c@" + domain, "d@" + domain], "rows passed over were saved again"
    assert sql_value("SELECT reason FROM import_problems WHERE import_id = %d "
                     "AND file_row = 6" % iid) == \
        "Email: the same address is on row 2 of the file."
