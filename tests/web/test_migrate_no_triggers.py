"""Casebook installs as an ordinary database account on a server with binary
logging on (where such an account cannot create a trigger or a procedure):
`casebook migrate` as the stack's migration account, which holds every right on
its database and nothing more, builds a new database with no trigger, procedure
or function.  A database made before, its triggers present, is upgraded up to
the migration that needs them gone; there, since MariaDB lets only an account
with SUPER drop a trigger while binary logging is on, the migration stops and
prints the statements for one that can, and once they are run (here by root)
it completes and nothing is left."""

import os
import subprocess

from casebook import (BIN, CONFIG, DB_SOCKET, DB_USER, letters, read_config)

state = {}


def _client(query, database="", user=None, password=None):
    cmd = ["mariadb", "--no-defaults", "--socket=%s" % DB_SOCKET,
           "--user=%s" % (user or DB_USER), "-N", "-B"]
    if password:
        cmd.append("--password=%s" % password)
    if database:
        cmd.append(database)
    return subprocess.run(cmd + ["-e", query], capture_output=True, text=True,
                          timeout=60)


def _root(query, database=""):
    proc = _client(query, database)
    assert proc.returncode == 0, "%s: %s" % (query, proc.stderr)
    return [line.split("\t") for line in proc.stdout.splitlines()]


def _migrate():
    return subprocess.run([BIN, "migrate", "-c", state["config"]],
                          capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def _rules_in_database():
    db = state["db"]
    triggers = _root("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE "
                     "TRIGGER_SCHEMA = '%s'" % db)[0][0]
    routines = _root("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE "
                     "ROUTINE_SCHEMA = '%s'" % db)[0][0]
    events = _root("SELECT COUNT(*) FROM information_schema.EVENTS WHERE "
                   "EVENT_SCHEMA = '%s'" % db)[0][0]
    return int(triggers), int(routines), int(events)


def setup_module():
    values = read_config()
    state["user"] = values.get("Database.MigrateUser") or ""
    state["password"] = values.get("Database.MigratePassword") or ""
    assert state["user"] and state["user"] != "root", \
        "the stack migrates as root, not as an ordinary account"
    assert _root("SELECT @@log_bin")[0][0] == "1", "binary logging is off"
    assert _root("SELECT @@log_bin_trust_function_creators")[0][0] == "0"
    state["db"] = "casebook_upgrade_" + letters(8)
    _root("CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
          % state["db"])
    _root("GRANT ALL ON %s.* TO '%s'@'localhost'" % (state["db"], state["user"]))
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    lines = [line for line in text.splitlines()
             if not line.strip().startswith("Database.Name")]
    lines.append("Database.Name = %s" % state["db"])
    state["config"] = os.path.join(os.path.dirname(CONFIG),
                                   "upgrade-%s.hdf" % state["db"])
    with open(state["config"], "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(state["config"], 0o600)


def teardown_module():
    if "db" in state:
        _root("DROP DATABASE IF EXISTS %s" % state["db"])
        _root("REVOKE ALL PRIVILEGES ON %s.* FROM '%s'@'localhost'"
              % (state["db"], state["user"]))
    if "config" in state and os.path.exists(state["config"]):
        os.remove(state["config"])


def test_the_migration_account_cannot_create_a_trigger():
    proc = _client("CREATE TABLE t_probe (id INT); CREATE TRIGGER t_probe_ins "
                   "BEFORE INSERT ON t_probe FOR EACH ROW SET NEW.id = 1",
                   state["db"], state["user"], state["password"])
    assert proc.returncode != 0, "an ordinary account created a trigger"
    assert "SUPER" in proc.stderr or "privilege" in proc.stderr, proc.stderr
    _root("DROP TABLE IF EXISTS t_probe", state["db"])


def test_a_new_database_is_built_with_no_trigger_or_procedure():
    proc = _migrate()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _rules_in_database() == (0, 0, 0)
    newest = _root("SELECT MAX(version) FROM schema_migrations",
                   state["db"])[0][0]
    assert int(newest) >= 21, newest


def test_a_database_made_before_is_upgraded_and_loses_its_triggers():
    db = state["db"]
    # as it was before: the triggers and the procedure of the old migrations,
    # made by root (an ordinary account could not), and the newer migrations
    # not applied yet (nor what they add: 020's table, 022's column)
    _root("DROP TABLE IF EXISTS audit_seals; "
          "ALTER TABLE imports DROP COLUMN invite_scope_staff_id; "
          "DELETE FROM schema_migrations WHERE version >= 19; "
          "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH "
          "ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'append-only'; "
          "CREATE TRIGGER clients_count_insert AFTER INSERT ON clients FOR EACH "
          "ROW INSERT INTO client_counts (staff_id, status, n) VALUES "
          "(COALESCE(NEW.assigned_staff_id, 0), NEW.status, 1) ON DUPLICATE KEY "
          "UPDATE n = n + 1; "
          "CREATE TRIGGER tasks_directory_insert AFTER INSERT ON tasks FOR EACH "
          "ROW SET @casebook_directory_changed = 1; "
          "CREATE PROCEDURE directory_changes_publish() "
          "UPDATE directory_version SET version = version + 1 WHERE id = 1",
          db)
    assert _rules_in_database() == (3, 1, 0)
    # the ordinary account: everything up to the migration that needs them gone
    proc = _migrate()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "SUPER" in proc.stderr, proc.stderr
    for name in ("audit_log_no_update", "clients_count_insert",
                 "tasks_directory_insert"):
        assert "DROP TRIGGER `%s`;" % name in proc.stderr, proc.stderr
    assert _root("SELECT MAX(version) FROM schema_migrations", db)[0][0] == "20"
    assert _rules_in_database() == (3, 0, 0), "the procedure is gone"
    # the program does not start on it: a migration is still to be applied
    assert "audit_seals" in {row[0] for row in _root("SHOW TABLES", db)}
    # an account that can drop triggers (root), as the message asks
    with open(state["config"], encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines()
                 if not line.strip().startswith("Database.Migrate")]
    root_config = state["config"] + ".root"
    with open(root_config, "w", encoding="utf-8") as f:
        f.write("\n".join(lines + ["Database.MigrateUser = root",
                                   "Database.MigratePassword ="]) + "\n")
    try:
        proc = subprocess.run([BIN, "migrate", "-c", root_config],
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
    finally:
        os.remove(root_config)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "dropped 3 triggers" in proc.stdout, proc.stdout
    assert _rules_in_database() == (0, 0, 0)
    assert int(_root("SELECT MAX(version) FROM schema_migrations", db)[0][0]) >= 21
    # and after that, the ordinary account finds the database up to date
    proc = _migrate()
    assert proc.returncode == 0, proc.stdout + proc.stderr
