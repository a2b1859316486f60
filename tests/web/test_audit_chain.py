"""The audit log is append-only by a chain of SHA-256 seals, not by
triggers: the job runner seals new entries within seconds; `casebook audit
verify` says the chain is whole, and once an entry is altered or removed (as
whoever holds the database could) it names that entry and fails; the program's
code never updates or deletes an audit entry or a seal."""

import os
import re
import subprocess

import contextlib

from casebook import (ADMIN_EMAIL, BIN, CONFIG, DB_NAME, DB_SOCKET, DB_USER,
                      admin_password, signed_in, sql, sql_int, sql_quote,
                      wait_until)

ROOT = os.environ.get("CASEBOOK_ROOT",
                      os.path.join(os.path.dirname(__file__), "..", ".."))


def _verify():
    proc = subprocess.run([BIN, "audit", "-c", CONFIG, "verify"],
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout + proc.stderr


@contextlib.contextmanager
def _sealing_held():
    """Hold the sealers' lock from a connection of the test's own, so no job
    runner (nor verify) seals while an entry or a seal is out of place."""
    client = subprocess.Popen(
        ["mariadb", "--no-defaults", "--socket=%s" % DB_SOCKET,
         "--user=%s" % DB_USER, "-N", "-B", "-n", DB_NAME],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        client.stdin.write("SELECT GET_LOCK('casebook_audit_seal', 30);\n")
        client.stdin.flush()
        assert client.stdout.readline().strip() == "1", "the lock was not had"
        yield
    finally:
        client.stdin.close()
        client.wait(30)


def _all_sealed():
    return sql_int("SELECT COUNT(*) FROM audit_log a WHERE NOT EXISTS "
                   "(SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)") == 0


def _entry(entry_id):
    return sql("SELECT at, actor_kind, COALESCE(actor_id, 'NULL'), action, "
               "COALESCE(object_kind, 'NULL'), COALESCE(object_id, 'NULL'), "
               "ip, COALESCE(detail, 'NULL') FROM audit_log WHERE id = %d"
               % entry_id)[0]


def _value(v):
    return "NULL" if v == "NULL" else sql_quote(v)


def setup_module():
    # a few fresh entries: sign-ins write one each
    for _ in range(3):
        signed_in(ADMIN_EMAIL, admin_password())
    wait_until(_all_sealed, timeout=30, interval=0.3,
               message="the job runner to seal the new audit entries")


def test_the_runner_seals_new_entries_and_the_chain_is_whole():
    newest = sql_int("SELECT MAX(id) FROM audit_log")
    assert sql_int("SELECT COUNT(*) FROM audit_seals WHERE audit_id = %d"
                   % newest) == 1
    status, out = _verify()
    assert status == 0, out
    assert "the chain is whole" in out, out


def test_an_altered_entry_is_named():
    target = sql_int("SELECT MIN(id) FROM audit_log WHERE action = 'signin'")
    before = _entry(target)
    sql("UPDATE audit_log SET ip = '203.0.113.9' WHERE id = %d" % target,
        publish=False)
    try:
        status, out = _verify()
        assert status == 1, out
        assert re.search(r"\bentry %d\b" % target, out), out
        assert "altered" in out, out
    finally:
        sql("UPDATE audit_log SET ip = %s WHERE id = %d"
            % (sql_quote(before[6]), target), publish=False)
    status, out = _verify()
    assert status == 0, "the chain is not whole once the entry is back: " + out


def test_a_removed_entry_is_named():
    target = sql_int("SELECT MAX(id) FROM audit_log WHERE action = 'signin'")
    row = _entry(target)
    sql("DELETE FROM audit_log WHERE id = %d" % target, publish=False)
    try:
        status, out = _verify()
        assert status == 1, out
        assert re.search(r"\bentry %d was removed\b" % target, out), out
    finally:
        sql("INSERT INTO audit_log (id, at, actor_kind, actor_id, action, "
            "object_kind, object_id, ip, detail) VALUES (%d, %s)"
            % (target, ", ".join(_value(v) for v in row)), publish=False)
    status, out = _verify()
    assert status == 0, out


def test_a_removed_seal_breaks_the_chain_at_the_next_entry():
    with _sealing_held():
        seals = sql("SELECT seq, audit_id, hash, sealed_at FROM audit_seals "
                    "ORDER BY seq DESC LIMIT 2")
        assert len(seals) == 2
        newer, older = seals
        sql("DELETE FROM audit_seals WHERE seq = %s" % older[0], publish=False)
        try:
            status, out = _verify()
            assert status == 1, out
            assert re.search(r"\bentry %s\b" % newer[1], out), out
        finally:
            sql("INSERT INTO audit_seals (seq, audit_id, hash, sealed_at) "
                "VALUES (%s, %s, %s, %s)" % (older[0], older[1],
                                             sql_quote(older[2]),
                                             sql_quote(older[3])),
                publish=False)
    status, out = _verify()
    assert status == 0, out


def test_an_entry_left_unsealed_is_reported_then_sealed():
    with _sealing_held():
        sql("INSERT INTO audit_log (at, actor_kind, action, ip) VALUES "
            "(UTC_TIMESTAMP() - INTERVAL 1 HOUR, 'system', 'test_backdated', "
            "'')", publish=False)
        entry = sql_int("SELECT MAX(id) FROM audit_log")
        status, out = _verify()
        assert status == 1, out
        assert "not sealed, the first %d" % entry in out, out
    # once a sealer can, the entry is sealed at the chain's end
    status, out = _verify()
    assert status == 0, out
    assert sql_int("SELECT COUNT(*) FROM audit_seals WHERE audit_id = %d"
                   % entry) == 1


def test_the_code_never_updates_or_deletes_audit_entries_or_seals():
    pattern = re.compile(r"(UPDATE\s+(IGNORE\s+)?|DELETE\s+FROM\s+|"
                         r"REPLACE\s+INTO\s+|TRUNCATE\s+(TABLE\s+)?)"
                         r"`?audit_(log|seals)\b", re.I)
    found = []
    for top in ("app", "lib"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if not name.endswith((".c", ".h", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for m in pattern.finditer(text):
                    found.append("%s: %s" % (os.path.relpath(path, ROOT),
                                             m.group(0)))
    assert not found, "code that changes audit entries or seals: %r" % found
