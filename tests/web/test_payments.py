"""Payments (/clients/{id}/payments and /portal/payments): the sessions held
with their payment state, each payment and refund, totals exact to the cent
(billed, paid, outstanding) across refunds, the timeline picture as inline
SVG without script, the CSV export with quoting and a formula guard; a
negative amount or a refund above what was paid is refused; a requested
payment is marked manually paid; the client sees their own timeline."""

import csv
import io
import re

from casebook import field_error, sql, sql_int, sql_value
from filespay import (record_payment, record_session, totals, world,
                      world_end)

state = {}


def setup_module():
    state["w"] = world()
    state["currency"] = sql_value("SELECT currency FROM practice_settings "
                                  "WHERE id = 1")


def teardown_module():
    if "w" in state:
        world_end(state["w"])


def _w():
    return state["w"]


def _page(browser, client_id):
    page = browser.get("/clients/%d/payments" % client_id)
    assert page.status == 200, page.describe()
    return page


def _money(text):
    return "%s %s" % (text, state["currency"])


def test_totals_exact_across_payments_and_refunds():
    w = _w()
    tok = w.token["c1"]
    s1 = record_session(w.c1, tok, w.a, "80.10", held_on="2026-01-05")
    s2 = record_session(w.c1, tok, w.a, "0.20", held_on="2026-01-12",
                        kind="video")
    s3 = record_session(w.c1, tok, w.a, "1,000.00", held_on="2026-01-19",
                        kind="phone")
    # 0.1 + 0.2 and friends: nothing is floating point
    for sid, amount in ((s1, "80.10"), (s2, "0.10"), (s2, "0.10"),
                        (s3, "999.99")):
        resp = record_payment(w.c1, tok, w.a, sid, amount)
        assert resp.status == 303, resp.describe()
    resp = record_payment(w.c1, tok, w.a, s3, "0.33", kind="refund",
                          method="bank_transfer")
    assert resp.status == 303, resp.describe()
    page = _page(w.c1, w.a)
    # billed 1080.30; paid 80.10 + 0.20 + 999.99 - 0.33 = 1079.96
    assert totals(page.text) == (_money("1,080.30"), _money("1,079.96"),
                                 _money("0.34")), totals(page.text)
    rows = sql("SELECT amount_minor FROM payments WHERE client_id = %d "
               "ORDER BY id" % w.a)
    assert [int(r[0]) for r in rows] == [8010, 10, 10, 99999, 33]
    # states: s1 paid, s2 paid, s3 part-refunded: part paid, 0.34 to pay
    text = page.page_text
    assert "Paid" in text and "Unpaid" not in text
    assert "Part paid %s outstanding" % _money("0.34") in text, text
    # the picture: an inline SVG with a mark per session and entry, no script
    svg = re.search(r"<svg\b.*?</svg>", page.text, re.S).group(0)
    assert svg.count('class="timeline-session"') == 3
    assert svg.count("<polygon") == 5
    assert 'class="timeline-balance"' in svg
    assert "<script" not in svg.lower() and "onload" not in svg.lower()
    assert re.search(r'points="[0-9, ]+"', svg)


def test_negative_and_malformed_amounts_are_refused():
    w = _w()
    tok = w.token["admin"]
    sid = record_session(w.admin, tok, w.b, "50.00")
    before = sql_int("SELECT COUNT(*) FROM payments")
    for amount in ("-10.00", "-0.01", "0", "12.345", "1e3", "ten", ""):
        resp = record_payment(w.admin, tok, w.b, sid, amount)
        assert resp.status == 422, (amount, resp.describe())
        assert field_error(resp.text, "amount"), amount
    resp = w.admin.post("/clients/%d/sessions" % w.b, {
        "csrf_token": tok, "held_on": "2026-02-01", "start_time": "09:00",
        "minutes": "50", "session_kind": "in_person", "fee": "-80"})
    assert resp.status == 422 and field_error(resp.text, "fee")
    resp = w.admin.post("/clients/%d/sessions" % w.b, {
        "csrf_token": tok, "held_on": "31/02/2026", "start_time": "25:00",
        "minutes": "50", "session_kind": "spa", "fee": "80"})
    assert resp.status == 422
    for field in ("held_on", "start_time", "session_kind"):
        assert field_error(resp.text, field), field
    assert sql_int("SELECT COUNT(*) FROM payments") == before


def test_refund_cannot_exceed_what_was_paid():
    w = _w()
    tok = w.token["admin"]
    sid = record_session(w.admin, tok, w.b, "60.00")
    assert record_payment(w.admin, tok, w.b, sid, "60.00").status == 303
    # requested or failed payments are not money received
    assert record_payment(w.admin, tok, w.b, sid, "60.00",
                          state="requested").status == 303
    resp = record_payment(w.admin, tok, w.b, sid, "60.01", kind="refund")
    assert resp.status == 422, resp.describe()
    assert "cannot be more than" in field_error(resp.text, "amount")
    assert record_payment(w.admin, tok, w.b, sid, "40.00",
                          kind="refund").status == 303
    resp = record_payment(w.admin, tok, w.b, sid, "20.01", kind="refund")
    assert resp.status == 422, resp.describe()
    assert record_payment(w.admin, tok, w.b, sid, "20.00",
                          kind="refund").status == 303
    resp = record_payment(w.admin, tok, w.b, sid, "0.01", kind="refund")
    assert resp.status == 422
    net = sql_int("SELECT SUM(CASE WHEN kind = 'payment' AND state IN "
                  "('paid', 'manual') THEN amount_minor ELSE 0 END) - "
                  "SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 "
                  "END) FROM payments WHERE appointment_id = %d" % sid)
    assert net == 0
    page = _page(w.admin, w.b)
    assert "Refunded" in page.page_text


def test_requested_payment_marked_manually_paid():
    w = _w()
    tok = w.token["c2"]
    sid = record_session(w.c2, tok, w.b, "75.00", held_on="2026-04-01")
    assert record_payment(w.c2, tok, w.b, sid, "75.00", state="requested",
                          paid_on="2026-04-01").status == 303
    pid = sql_int("SELECT MAX(id) FROM payments WHERE client_id = %d" % w.b)
    page = _page(w.c2, w.b)
    assert "Requested (pending)" in page.page_text
    assert ("/clients/%d/payments/%d/paid" % (w.b, pid)) in page.text
    resp = w.c2.post("/clients/%d/payments/%d/paid" % (w.b, pid),
                     {"csrf_token": tok})
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT state FROM payments WHERE id = %d"
                     % pid) == "manual"
    assert "Manually paid" in _page(w.c2, w.b).page_text
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'payment_marked_paid' AND object_id = %d" % w.b) == 1
    # a payment of another client through this client's URL: 404
    other = sql_int("SELECT MAX(id) FROM payments WHERE client_id = %d"
                    % w.a)
    if other:
        resp = w.admin.post("/clients/%d/payments/%d/paid" % (w.b, other),
                            {"csrf_token": w.token["admin"]})
        assert resp.status == 404


def test_a_session_of_another_client_is_404():
    w = _w()
    sid = record_session(w.admin, w.token["admin"], w.a, "10.00")
    resp = record_payment(w.admin, w.token["admin"], w.b, sid, "10.00")
    assert resp.status == 404, resp.describe()


def test_csv_export_quotes_and_guards_formulas():
    w = _w()
    tok = w.token["admin"]
    from portal import new_client
    cid, _ = new_client(w.admin)
    sid = record_session(w.admin, tok, cid, "90.00", held_on="2026-05-01")
    record_payment(w.admin, tok, cid, sid, "90.00", paid_on="2026-05-02",
                   reference='=HYPERLINK("http://x.example")',
                   note='said "thanks", then left\r\nlater')
    record_payment(w.admin, tok, cid, sid, "10.00", kind="refund",
                   paid_on="2026-05-03", reference="@SUM(A1)",
                   note="+1 -2")
    resp = w.admin.get("/clients/%d/payments.csv" % cid)
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/csv")
    assert resp.header("Content-Disposition").startswith("attachment")
    rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"),
                                       newline="")))
    assert rows[0][0] == "Date" and rows[0][-1] == "Balance"
    assert [r[2] for r in rows[1:]] == ["Session", "Payment", "Refund"]
    assert rows[1][6] == "90.00" and rows[1][-1] == "90.00"
    assert rows[2][8] == "'=HYPERLINK(\"http://x.example\")"
    assert rows[2][9] == 'said "thanks", then left\r\nlater'
    assert rows[2][-1] == "0.00"
    assert rows[3][8] == "'@SUM(A1)" and rows[3][9] == "'+1 -2"
    assert rows[3][6] == "-10.00", "a refund is negative, as on the tab"
    assert rows[3][-1] == "10.00"
    assert sql_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'client_exported' AND object_id = %d" % cid) == 1


def test_client_sees_own_timeline_and_balance():
    w = _w()
    page = w.client_a.get("/portal/payments")
    assert page.status == 200, page.describe()
    staff = _page(w.admin, w.a)
    assert totals(page.text) == totals(staff.text)
    assert "<svg" in page.text
    assert "/payments/" not in page.text    # no staff actions
    home = w.client_a.get("/portal")
    assert totals(staff.text)[2] in home.page_text
    assert "/portal/payments" in home.text
    # client B sees only B's
    page_b = w.client_b.get("/portal/payments")
    assert totals(page_b.text) == totals(_page(w.admin, w.b).text)
    assert totals(page_b.text) != totals(page.text)


def test_changes_are_audited():
    w = _w()
    since = sql_int("SELECT COALESCE(MAX(id), 0) FROM audit_log")
    sid = record_session(w.admin, w.token["admin"], w.a, "5.00")
    record_payment(w.admin, w.token["admin"], w.a, sid, "5.00")
    record_payment(w.admin, w.token["admin"], w.a, sid, "5.00",
                   kind="refund")
    actions = [a for (a,) in sql(
        "SELECT action FROM audit_log WHERE object_kind = 'client' AND "
        "object_id = %d AND id > %d ORDER BY id" % (w.a, since))]
    assert actions == ["session_recorded", "payment_recorded",
                       "refund_recorded"], actions


def test_two_refunds_at_once_cannot_exceed_what_was_paid():
    import threading
    w = _w()
    tok = w.token["admin"]
    sid = record_session(w.admin, tok, w.b, "40.00")
    assert record_payment(w.admin, tok, w.b, sid, "40.00").status == 303
    results = []

    def refund(browser, token):
        results.append(record_payment(browser, token, w.b, sid, "30.00",
                                      kind="refund").status)
    threads = [threading.Thread(target=refund, args=(w.admin, tok)),
               threading.Thread(target=refund, args=(w.c2, w.token["c2"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [303, 422], results
    assert sql_int("SELECT SUM(amount_minor) FROM payments WHERE "
                   "appointment_id = %d AND kind = 'refund'" % sid) == 3000
