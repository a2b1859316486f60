"""A read replica: this file starts a second MariaDB as a replica of the
stack's (which listens on 127.0.0.1 at CASEBOOK_DB_PORT for it), seeded from
a consistent dump and replicating by GTID, and a second Casebook master
(tests/web/hosts.py) whose Database.Read* point at it. The directory's list
and a search through that host are read from the replica; with replication
stopped, a change made on the primary is shown at once (the replica is
behind the versions the request read, so the page is read from the primary)
and never a page of older data; a client saved through that host shows in
its list straight after; with the replica stopped the list still answers
200, from the primary; the program writes nothing there. Everything started
here is stopped by pid."""

import os
import shutil
import signal
import subprocess
import time
import urllib.parse

from casebook import (ADMIN_EMAIL, DB_SOCKET, VAR, add_client, client_ids,
                      admin_password, config_value, letters, sql,
                      sql_quote, wait_until)
from hosts import Host, HostBrowser

REPLICA_DIR = os.path.join(VAR, "replica-db")
REPLICA_SOCKET = os.path.join(VAR, "run", "replica.sock")
REPLICA_PID = os.path.join(VAR, "run", "replica.pid")
REPLICA_LOG = os.path.join(VAR, "log", "replica.log")
REPLICATION_USER = "casebook_replication"
state_ = {}


def _root(socket_path, query, database=None):
    """QUERY as MariaDB's root on SOCKET_PATH: rows of strings."""
    cmd = ["mariadb", "--no-defaults", "--socket=%s" % socket_path,
           "--user=root", "-N", "-B"]
    if database:
        cmd.append(database)
    proc = subprocess.run(cmd + ["-e", query], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, "%s: %s" % (query, proc.stderr.strip())
    return [tuple(line.split("\t")) for line in proc.stdout.splitlines()]


def replica(query):
    return _root(REPLICA_SOCKET, query, "casebook")


def primary(query):
    return _root(DB_SOCKET, query, "casebook")


def _replica_start():
    user = ["--user=root"] if os.geteuid() == 0 else []
    with open(REPLICA_LOG, "ab") as out:
        proc = subprocess.Popen(
            ["mariadbd", "--no-defaults", "--datadir=%s" % REPLICA_DIR,
             "--socket=%s" % REPLICA_SOCKET, "--pid-file=%s" % REPLICA_PID,
             "--skip-networking", "--server-id=2", "--read-only=1",
             "--innodb-buffer-pool-size=128M",
             "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci",
             "--log-output=TABLE", "--general-log=1"] + user,
            stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            start_new_session=True)
    state_["replica"] = proc

    def up():
        assert proc.poll() is None, "the replica's MariaDB exited"
        return subprocess.run(
            ["mariadb-admin", "--no-defaults", "--socket=%s" % REPLICA_SOCKET,
             "--user=root", "ping"], capture_output=True,
            timeout=10).returncode == 0

    wait_until(up, timeout=60, message="the replica's MariaDB up")


def _replica_stop():
    proc = state_.get("replica")
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def setup_module():
    port = os.environ.get("CASEBOOK_DB_PORT", "")
    assert port, "the stack's MariaDB listens on no TCP port (CASEBOOK_DB_PORT)"
    shutil.rmtree(REPLICA_DIR, ignore_errors=True)
    user = ["--user=root"] if os.geteuid() == 0 else []
    proc = subprocess.run(
        ["mariadb-install-db", "--no-defaults", "--datadir=%s" % REPLICA_DIR,
         "--auth-root-authentication-method=normal", "--skip-test-db"] + user,
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    _replica_start()

    # the replication account, on the primary as root
    password = letters(20)
    _root(DB_SOCKET, "CREATE USER IF NOT EXISTS '{0}'@'127.0.0.1'; "
          "ALTER USER '{0}'@'127.0.0.1' IDENTIFIED BY '{1}'; "
          "GRANT REPLICATION SLAVE ON *.* TO '{0}'@'127.0.0.1'".format(
              REPLICATION_USER, password))
    # a consistent copy, with the GTID position it was taken at
    dump = subprocess.run(
        ["mariadb-dump", "--no-defaults", "--socket=%s" % DB_SOCKET,
         "--user=root", "--single-transaction", "--master-data=1", "--gtid",
         "--databases", "casebook"], capture_output=True, timeout=300,
        stdin=subprocess.DEVNULL)
    assert dump.returncode == 0, dump.stderr.decode(errors="replace")
    load = subprocess.run(
        ["mariadb", "--no-defaults", "--socket=%s" % REPLICA_SOCKET,
         "--user=root"], input=dump.stdout, capture_output=True, timeout=300)
    assert load.returncode == 0, load.stderr.decode(errors="replace")
    # the program's account there may only read
    app_user = config_value("Database.User")
    app_password = config_value("Database.Password")
    _root(REPLICA_SOCKET, "CREATE USER '{0}'@'localhost' IDENTIFIED BY {1}; "
          "GRANT SELECT ON casebook.* TO '{0}'@'localhost'; "
          "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={2}, "
          "MASTER_USER='{3}', MASTER_PASSWORD='{4}', "
          "MASTER_USE_GTID=slave_pos; START SLAVE".format(
              app_user, sql_quote(app_password), int(port), REPLICATION_USER,
              password))
    state_["app_user"] = app_user
    _wait_caught_up()

    state_["host"] = Host("r", workers=2, jobs=False, extra={
        "Database.ReadSocket": REPLICA_SOCKET}).start()
    admin = HostBrowser(state_["host"].socket)
    resp = admin.login(ADMIN_EMAIL, admin_password())
    assert resp.status == 303, resp.describe()
    state_["admin"] = admin


def teardown_module():
    host = state_.get("host")
    if host is not None:
        host.close()
    _replica_stop()
    proc = state_.get("replica")
    if proc is None or proc.poll() is not None:
        shutil.rmtree(REPLICA_DIR, ignore_errors=True)
    try:
        _root(DB_SOCKET, "DROP USER IF EXISTS '%s'@'127.0.0.1'"
              % REPLICATION_USER)
    except AssertionError:
        pass


def _versions(query):
    rows = query("SELECT p.version, COALESCE(d.version, 0) "
                 "FROM practice_settings p LEFT JOIN directory_version d "
                 "ON d.id = 1 WHERE p.id = 1")
    return tuple(int(v) for v in rows[0])


def _wait_caught_up():
    """Until the replica holds the primary's versions."""
    try:
        wait_until(lambda: _versions(replica) == _versions(primary),
                   timeout=60, message="the replica caught up")
    except AssertionError:
        status = _root(REPLICA_SOCKET, "SHOW SLAVE STATUS\\G")
        raise AssertionError("the replica did not catch up:\n" + "\n".join(
            "\t".join(row) for row in status))


def _add(browser, **fields):
    """A client added through BROWSER, its profile (and the flash message
    of its adding) seen: its id."""
    client = add_client(browser, **fields)
    page = browser.get("/clients/%d" % client)
    assert page.status == 200, page.describe()
    return client


def _list(browser, search):
    path = "/clients?" + urllib.parse.urlencode({"q": search})
    page = browser.get(path)
    assert page.status == 200, page.describe()
    return page


def _general_log_clear():
    _root(REPLICA_SOCKET, "SET GLOBAL general_log = 0; "
          "TRUNCATE mysql.general_log; SET GLOBAL general_log = 1")


def _program_statements():
    """What the program's account ran on the replica since the log was
    cleared."""
    rows = _root(REPLICA_SOCKET,
                 "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log "
                 "WHERE user_host LIKE '%s[%%' AND command_type IN "
                 "('Query', 'Execute', 'Prepare')" % state_["app_user"])
    return [row[0] for row in rows]


def test_the_list_and_a_search_are_read_from_the_replica():
    admin = state_["admin"]
    run = "Replica" + letters(8)
    client = _add(admin, first_name="Primaryname", last_name=run)
    _wait_caught_up()
    # a name only the replica holds (its search words unchanged): the page
    # showing it was read there
    replica("UPDATE clients SET first_name = 'Replicaonly' WHERE id = %d"
            % client)
    _general_log_clear()
    for _ in range(4):
        page = _list(admin, run)
        assert "Replicaonly" in page.text, \
            "the search was not read from the replica"
        assert "Primaryname" not in page.text
    statements = _program_statements()
    assert any(run.lower() in s.lower() for s in statements), \
        "the search's statements did not reach the replica: %r" % statements[:20]
    # the list without a search (a page no worker of this host kept yet)
    _general_log_clear()
    whole = admin.get("/clients?per=100")
    assert whole.status == 200, whole.describe()
    assert any("directory_version" in s for s in _program_statements()), \
        "the list was not read from the replica"
    assert any("LIMIT" in s.upper() for s in _program_statements())
    # put back as the primary has it
    replica("UPDATE clients SET first_name = 'Primaryname' WHERE id = %d"
            % client)


def test_a_replica_behind_never_gives_a_page_older_than_its_version():
    admin = state_["admin"]
    run = "Lagging" + letters(8)
    client = _add(admin, first_name="Oldname", last_name=run)
    _wait_caught_up()
    # both workers keep the page as it is, read from the replica
    for _ in range(4):
        assert "Oldname" in _list(admin, run).text
    replica("STOP SLAVE")
    try:
        # a change on the primary (published, as the program does) that the
        # replica does not get
        sql("UPDATE clients SET first_name = 'Newname' WHERE id = %d"
            % client)
        assert _versions(replica) < _versions(primary)
        assert replica("SELECT first_name FROM clients WHERE id = %d"
                       % client) == [("Oldname",)]
        for _ in range(6):
            page = _list(admin, run)
            assert "Newname" in page.text and "Oldname" not in page.text, \
                "a page of data older than the directory's version was shown"
    finally:
        replica("START SLAVE")
    _wait_caught_up()
    for _ in range(4):
        page = _list(admin, run)
        assert "Newname" in page.text and "Oldname" not in page.text


def test_a_client_saved_shows_to_the_one_who_saved_it_while_replication_is_stopped():
    admin = state_["admin"]
    run = "Mine" + letters(8)
    replica("STOP SLAVE")
    try:
        for _ in range(2):
            assert "Savedname" not in _list(admin, run).text
        # saved, then its profile (which the save leads to), then the list
        client = _add(admin, first_name="Savedname", last_name=run)
        assert replica("SELECT COUNT(*) FROM clients WHERE id = %d"
                       % client) == [("0",)]
        for _ in range(4):
            page = _list(admin, run)
            assert client in client_ids(page.text), \
                "the client just saved is missing from its saver's list"
    finally:
        replica("START SLAVE")
    _wait_caught_up()


def test_the_program_writes_nothing_on_the_replica():
    admin = state_["admin"]
    run = "Writes" + letters(8)
    _general_log_clear()
    # the list shows the adding's flash message, and clears it (a write,
    # which goes to the primary)
    client = add_client(admin, first_name="Writer", last_name=run)
    page = _list(admin, run)
    assert client in client_ids(page.text)
    assert "Writer" in page.text
    assert sql("SELECT COUNT(*) FROM auth_sessions WHERE flash_text <> '' "
               "AND flash_text LIKE '%%%s%%'" % run) == [("0",)], \
        "the flash message shown on the list was not cleared"
    export = admin.get("/clients/export.csv?" + urllib.parse.urlencode(
        {"q": run}))
    assert export.status == 200, export.describe()
    assert "Writer" in export.text
    _wait_caught_up()
    assert replica("SELECT COUNT(*) FROM clients WHERE id = %d"
                   % client) == [("1",)]
    statements = _program_statements()
    assert statements, "the program read nothing from the replica"
    writes = [s for s in statements if s.lstrip().split(None, 1)[0].upper()
              in ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP",
                  "ALTER", "TRUNCATE")]
    assert writes == [], writes
    assert replica("SELECT @@read_only") == [("1",)]


def test_with_the_replica_down_the_list_answers_from_the_primary():
    admin = state_["admin"]
    run = "Down" + letters(8)
    _add(admin, first_name="Stillhere", last_name=run)
    _wait_caught_up()
    _replica_stop()
    assert state_["replica"].poll() is not None
    started = time.monotonic()
    for _ in range(4):
        page = _list(admin, run)
        assert "Stillhere" in page.text
    whole = admin.get("/clients")
    assert whole.status == 200, whole.describe()
    export = admin.get("/clients/export.csv?" + urllib.parse.urlencode(
        {"q": run}))
    assert export.status == 200, export.describe()
    assert "Stillhere" in export.text
    assert time.monotonic() - started < 30
    with open(state_["host"].log, encoding="utf-8", errors="replace") as f:
        assert "read replica" in f.read(), \
            "no warning logged for the replica out of reach"
