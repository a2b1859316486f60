"""A session paid in part: its state is "Part paid" with the amount still
to pay beside it, on the staff Payments tab, in the client's portal and in
the CSV export; an unpaid session stays "Unpaid", a paid one "Paid", and a
paid session refunded in part is part paid again."""

import csv
import io

from casebook import sql_value, table_rows
from filespay import record_payment, record_session, world, world_end

state = {}


def setup_module():
    state["w"] = world()
    state["currency"] = sql_value("SELECT currency FROM practice_settings "
                                  "WHERE id = 1")


def teardown_module():
    if "w" in state:
        world_end(state["w"])


def _money(text):
    return "%s %s" % (text, state["currency"])


def _session_rows(browser, path):
    """The rows of the Sessions table on PATH, as visible text."""
    page = browser.get(path)
    assert page.status == 200, page.describe()
    return [r for r in table_rows(page.text) if " min " in r]


def test_part_paid_session_shows_what_is_outstanding():
    w = state["w"]
    tok = w.token["c1"]
    part = record_session(w.c1, tok, w.a, "120.00", held_on="2026-02-02")
    none = record_session(w.c1, tok, w.a, "60.00", held_on="2026-02-09")
    full = record_session(w.c1, tok, w.a, "80.00", held_on="2026-02-16")
    refunded = record_session(w.c1, tok, w.a, "90.00", held_on="2026-02-23")
    for sid, amount, kind in ((part, "45.50", "payment"),
                              (full, "80.00", "payment"),
                              (refunded, "90.00", "payment"),
                              (refunded, "15.25", "refund")):
        resp = record_payment(w.c1, tok, w.a, sid, amount, kind=kind)
        assert resp.status == 303, resp.describe()
    # a requested payment does not count as paid
    resp = record_payment(w.c1, tok, w.a, none, "60.00", state="requested")
    assert resp.status == 303, resp.describe()
    state["sessions"] = (part, none, full, refunded)

    for browser, path in ((w.c1, "/clients/%d/payments" % w.a),
                          (w.admin, "/clients/%d/payments" % w.a),
                          (w.client_a, "/portal/payments")):
        rows = _session_rows(browser, path)
        assert len(rows) == 4, rows
        by_fee = {}
        for r in rows:
            for fee in ("120.00", "60.00", "80.00", "90.00"):
                if _money(fee) in r:
                    by_fee[fee] = r
        assert len(by_fee) == 4, rows
        row = by_fee["120.00"]
        assert row.endswith("Part paid %s outstanding" % _money("74.50")), \
            "%s: %r" % (path, row)
        assert "Unpaid" not in row
        row = by_fee["60.00"]
        assert row.endswith("Requested (pending)"), "%s: %r" % (path, row)
        assert "outstanding" not in row
        row = by_fee["80.00"]
        assert row.endswith("Paid"), "%s: %r" % (path, row)
        assert "outstanding" not in row
        row = by_fee["90.00"]
        assert row.endswith("Part paid %s outstanding" % _money("15.25")), \
            "%s: %r" % (path, row)


def test_part_paid_is_in_the_export():
    w = state["w"]
    assert "sessions" in state, "the part-paid test did not run"
    resp = w.c1.get("/clients/%d/payments.csv" % w.a)
    assert resp.status == 200, resp.describe()
    rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
    sessions = {r[6]: r[5] for r in rows[1:] if r[2] == "Session"}
    assert sessions == {"120.00": "Part paid", "60.00": "Requested (pending)",
                        "80.00": "Paid", "90.00": "Part paid"}, sessions


def test_paying_the_rest_makes_it_paid():
    w = state["w"]
    assert "sessions" in state, "the part-paid test did not run"
    part = state["sessions"][0]
    resp = record_payment(w.c1, w.token["c1"], w.a, part, "74.50")
    assert resp.status == 303, resp.describe()
    rows = _session_rows(w.client_a, "/portal/payments")
    row = [r for r in rows if _money("120.00") in r][0]
    assert row.endswith("Paid") and "outstanding" not in row, row
