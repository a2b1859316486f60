"""Least privilege of the running program: its database account changes
rows, never the schema (migrations run as another account, whose password the
running processes drop), and the SMTP password lives only in the job runner:
the workers, which read every request, wipe their copy right after the
fork."""

import os
import re
import subprocess

from casebook import (ADMIN_EMAIL, DB_NAME, DB_SOCKET, Browser,
                      admin_password, job_runner_pids, master_pid,
                      read_config, signed_in, sql, worker_pids)


def _as_program(query):
    """Run QUERY as the program's own database account."""
    cfg = read_config()
    env = dict(os.environ, MYSQL_PWD=cfg.get("Database.Password", ""))
    return subprocess.run(
        ["mariadb", "--no-defaults", "--socket=%s" % DB_SOCKET,
         "--user=%s" % cfg["Database.User"], "-N", "-B",
         cfg.get("Database.Name", DB_NAME), "-e", query],
        capture_output=True, text=True, timeout=60, env=env)


def test_the_stack_uses_two_accounts():
    cfg = read_config()
    assert cfg.get("Database.User") not in (None, "", "root"), cfg
    assert cfg.get("Database.MigrateUser") not in (None, "", "root"), cfg
    assert cfg["Database.User"] != cfg["Database.MigrateUser"]
    # the migrations leave no trigger or procedure (an account like the
    # migration one could not create them on this binary-logging server)
    assert sql("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE "
               "TRIGGER_SCHEMA = DATABASE()") == [("0",)]
    assert sql("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE "
               "ROUTINE_SCHEMA = DATABASE()") == [("0",)]


def test_program_account_has_row_rights_only():
    proc = _as_program("SHOW GRANTS")
    assert proc.returncode == 0, proc.stderr
    rights, tables = set(), {}
    for line in proc.stdout.splitlines():
        m = re.match(r"GRANT (.+?) ON `?%s`?\.\* TO" % DB_NAME, line)
        t = re.match(r"GRANT (.+?) ON `?%s`?\.`?(\w+)`? TO" % DB_NAME, line)
        if m:
            rights |= {r.strip() for r in m.group(1).split(",")}
        elif t:
            tables[t.group(2)] = {r.strip() for r in t.group(1).split(",")}
        else:
            assert line.startswith("GRANT USAGE ON *.*"), line
    # rows only: reading and adding everywhere, changing and removing
    # everywhere but in the append-only audit log and its seals
    assert rights == {"SELECT", "INSERT"}, rights
    assert all(v == {"UPDATE", "DELETE"} for v in tables.values()), tables
    assert "clients" in tables and "jobs" in tables, sorted(tables)
    assert "audit_log" not in tables and "audit_seals" not in tables, tables
    proc = _as_program("SELECT COUNT(*) FROM clients")
    assert proc.returncode == 0, proc.stderr


def test_program_account_cannot_change_the_schema():
    for statement in (
            "CREATE TABLE intruder (id INT)",
            "DROP TABLE audit_log",
            "TRUNCATE TABLE audit_log",
            "ALTER TABLE clients ADD COLUMN intruder INT",
            "CREATE INDEX intruder ON tags (created_at)",
            "DROP TRIGGER IF EXISTS clients_directory_insert",
            "UPDATE audit_log SET detail = 'x' WHERE id = 1",
            "DELETE FROM audit_log WHERE id = 1",
            "DELETE FROM audit_seals WHERE seq = 1",
            "CREATE TRIGGER intruder BEFORE INSERT ON tags FOR EACH ROW "
            "SET NEW.name = 'x'",
            "CREATE TEMPORARY TABLE intruder (id INT)",
            "CREATE PROCEDURE intruder() SELECT 1",
            "GRANT SELECT ON %s.* TO CURRENT_USER" % DB_NAME):
        proc = _as_program(statement)
        assert proc.returncode != 0, "allowed: %s" % statement
        assert re.search(r"denied|ERROR 1044|ERROR 1142|ERROR 1227|ERROR 1419",
                         proc.stderr), (statement, proc.stderr)
    tables = {row[0] for row in sql("SHOW TABLES")}
    assert {"audit_log", "clients", "tags"} <= tables
    assert "intruder" not in tables


# Mappings larger than this are not read: none of a plain build's is, and
# AddressSanitizer's shadow memory (terabytes, holding no data of the
# program's) would take forever.
REGION_MAX = 1 << 30


def _memory_holds(pid, needle):
    """Whether the readable memory of process PID holds NEEDLE (bytes); read
    through /proc/PID/mem (as root)."""
    found = False
    with open("/proc/%d/maps" % pid, encoding="ascii") as maps, \
            open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if fields[1][0] != "r" or (len(fields) > 5 and fields[5] in (
                    "[vvar]", "[vsyscall]", "[vvar_vclock]")):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if end - start > REGION_MAX:
                continue
            try:
                mem.seek(start)
                data = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            if data and needle in data:
                found = True
                break
    return found


def test_smtp_password_only_in_the_job_runner():
    cfg = read_config()
    password = cfg.get("Mail.Password", "")
    assert len(password) >= 16, "the stack's Mail.Password is not set"
    migrate_password = cfg.get("Database.MigratePassword", "")
    assert migrate_password
    # the workers have been busy: pages, a sign-in
    b = signed_in(ADMIN_EMAIL, admin_password())
    for path in ("/", "/clients", "/admin/settings", "/admin/jobs"):
        assert b.get(path).status == 200
    assert Browser().get("/login").status == 200
    workers = worker_pids()
    assert workers, "no workers found"
    for pid in workers:
        assert not _memory_holds(pid, password.encode()), \
            "worker %d holds the SMTP password" % pid
        assert not _memory_holds(pid, migrate_password.encode()), \
            "worker %d holds the migration account's password" % pid
    # the same search finds it where it belongs: the scan sees what is there
    runners = job_runner_pids()
    assert runners, "no job runner found"
    assert _memory_holds(runners[0], password.encode()), \
        "the job runner does not hold the SMTP password: the scan is blind"
    assert not _memory_holds(runners[0], migrate_password.encode())
    # nor does the master, which only forks: the running program never
    # migrates
    assert not _memory_holds(master_pid(), migrate_password.encode())
