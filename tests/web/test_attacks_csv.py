"""Spreadsheet cells (CSV injection, OWASP): every CSV the program gives out
(the directory's export, a client's payments, an import's template and its
rows not imported) is opened in a spreadsheet by someone. Through the real
exports: text a spreadsheet would evaluate (a leading = + - @, a name
"=1+1", "@SUM(A1)", "-2+3", a tag "+cmd", an uploaded header) comes back
guarded with a quote and quoted; a cell with ';' is quoted, and what follows
a ';' or a line break inside a cell is guarded too, so a spreadsheet
splitting the file on ';' (a European locale) finds no formula either;
numbers stay numbers (a negative balance, a refund, written bare, the refund
negative as on the tab, so the amounts add up to the tab's totals) and a
phone opens as "(+44) 20 7946 0958", readable and uploadable again, with no
quote before it."""

import csv
import io
import re
from decimal import Decimal

from casebook import (ADMIN_EMAIL, add_client, admin_password, letters,
                      signed_in, sql, sql_int, sql_quote)
from filespay import record_payment, record_session, totals
from importing import new_domain, run

state = {}

FORMULA_START = ("=", "+", "-", "@")


def setup_module():
    state["admin"] = signed_in(ADMIN_EMAIL, admin_password())
    state["token"] = state["admin"].csrf_from("/")


def _text(resp):
    assert resp.status == 200, resp.describe()
    assert resp.content_type.startswith("text/csv"), resp.content_type
    body = resp.body.decode("utf-8")
    assert body.startswith("\ufeff"), "the CSV does not start with a BOM"
    return body[1:]


def _rows(text, delimiter=","):
    return list(csv.reader(io.StringIO(text, newline=""),
                           delimiter=delimiter))


def _evaluated(cell):
    """Would a spreadsheet, even one trimming white space, take the cell for
    a formula? (A number such as -20.00 is read as a number.)"""
    if re.fullmatch(r"-?\d+(\.\d+)?", cell):
        return False
    return cell.lstrip(" \t\r\n").startswith(FORMULA_START)


def _no_formula_either_way(text):
    """No cell is a formula, read as written (split on ',') or by a
    spreadsheet that splits the same file on ';' and knows nothing of its
    quotes around a ';'."""
    for delimiter in (",", ";"):
        cells = [c for r in _rows(text, delimiter) for c in r]
        bad = [c for c in cells if _evaluated(c)]
        assert not bad, "split on %r, cells a spreadsheet evaluates: %r" % (
            delimiter, bad)


def _bulk_tag(ids, name):
    data = [("ids", str(i)) for i in ids]
    data += [("action", "tag_add"), ("csrf_token", state["token"]),
             ("tag_name", name)]
    resp = state["admin"].post("/clients/bulk", data)
    assert resp.status == 303, resp.describe()
    return sql_int("SELECT id FROM tags WHERE name = %s" % sql_quote(name))


def _money(text):
    """A total as the tab shows it ("1,234.50 EUR", "-20.00 EUR")."""
    return Decimal(text.split()[0].replace(",", "").replace("\u2212", "-"))


# ---- the directory's export

def test_directory_export_guards_formulas_and_keeps_phones_readable():
    b, token = state["admin"], state["token"]
    run_tag = "csv-" + letters(8)
    formula = add_client(b, token, first_name="=1+1", last_name="@SUM(A1)",
                         preferred_name="-2+3", phone="+44 20 7946 0958",
                         phone_country="")
    semi = add_client(b, token, first_name="Semi",
                      last_name="Colon;=1+1", phone="+1 202 555 0143",
                      phone_country="")
    plain = add_client(b, token, first_name="Plain", last_name="Safe=Name")
    tag = _bulk_tag([formula, semi, plain], run_tag)
    _bulk_tag([formula], "+cmd")
    text = _text(b.get("/clients/export.csv?tag=%d" % tag))
    rows = _rows(text)
    header = rows[0]
    col = {name: i for i, name in enumerate(header)}
    by_first = {r[col["First name"]]: r for r in rows[1:]}
    assert sorted(by_first) == ["'=1+1", "Plain", "Semi"], by_first

    row = by_first["'=1+1"]
    assert row[col["Last name"]] == "'@SUM(A1)", row
    assert row[col["Preferred name"]] == "'-2+3", row
    # the tags cell "+cmd;csv-..." is guarded at its start, and each tag in
    # it after a ';' as well
    tags = row[col["Tags"]].split(";")
    assert not [t for t in tags if _evaluated(t)], tags
    assert sorted(t[1:] if t.startswith("'") else t for t in tags) == \
        sorted(["+cmd", run_tag]), tags
    # a phone opens as itself, its calling code in brackets, no quote
    assert row[col["Phone"]] == "(+44) 20 7946 0958", row
    assert by_first["Semi"][col["Phone"]] == "(+1) (202) 555-0143", \
        by_first["Semi"]

    # a ';' in a name: the cell is quoted, the formula after it guarded
    assert by_first["Semi"][col["Last name"]] == "Colon;'=1+1"
    assert '"Colon;\'=1+1"' in text, "a cell with ';' is not quoted"
    assert by_first["Plain"][col["Last name"]] == "Safe=Name"
    # guarded cells are quoted, as OWASP advises; phones are not
    assert "\"'=1+1\",\"'@SUM(A1)\",\"'-2+3\"," in text, text
    assert ",(+44) 20 7946 0958," in text and ",(+1) (202) 555-0143," in text
    _no_formula_either_way(text)


# ---- a client's payments

def test_payments_export_has_numbers_and_the_tabs_signs():
    b, token = state["admin"], state["token"]
    cid = add_client(b, token, first_name="Pay", last_name="Csv " + letters(6))
    sid = record_session(b, token, cid, "50.00", held_on="2026-05-01")
    # paid more than the fee: the balance goes negative (in credit)
    assert record_payment(b, token, cid, sid, "80.00", paid_on="2026-05-02",
                          reference="-2+3",
                          note="=1+1;@SUM(A1)\nthen\n+cmd").status == 303
    assert record_payment(b, token, cid, sid, "10.00", kind="refund",
                          paid_on="2026-05-03",
                          reference="@SUM(A1)").status == 303
    assert record_payment(b, token, cid, sid, "5.00", state="requested",
                          paid_on="2026-05-04").status == 303
    text = _text(b.get("/clients/%d/payments.csv" % cid))
    rows = _rows(text)
    col = {name: i for i, name in enumerate(rows[0])}
    entries = [(r[col["Entry"]], r[col["State"]], r[col["Amount"]],
                r[col["Balance"]]) for r in rows[1:]]
    assert entries == [
        ("Session", "Paid", "50.00", "50.00"),
        ("Payment", "Paid", "80.00", "-30.00"),
        ("Refund", "Refunded", "-10.00", "-20.00"),
        ("Payment", "Requested (pending)", "5.00", "-20.00"),
    ], entries
    # numbers are bare: no quote a spreadsheet would show, nothing to guard
    for cell in (",50.00,", ",80.00,", ",-10.00,", ",5.00,", ",-30.00\r\n",
                 ",-20.00\r\n"):
        assert cell in text, "%r is not in the file: %r" % (cell, text)
    as_text = [c for r in rows for c in r
               if re.fullmatch(r"'-?\d+(\.\d+)?", c)]
    assert not as_text, "numbers written as text: %r" % as_text
    payment = rows[2]
    assert payment[col["Reference"]] == "'-2+3", payment
    assert payment[col["Note"]].replace("\r\n", "\n") == \
        "'=1+1;'@SUM(A1)\nthen\n'+cmd", payment

    # the refund has the tab's sign, so the amounts add up to its totals
    page = b.get("/clients/%d/payments" % cid)
    assert page.status == 200, page.describe()
    assert "\u221210.00" in page.page_text, "the tab shows the refund negative"
    billed, paid, outstanding = (_money(t) for t in totals(page.text))
    counted = ("Paid", "Manually paid", "Refunded")
    csv_billed = sum(Decimal(e[2]) for e in entries if e[0] == "Session")
    csv_paid = sum(Decimal(e[2]) for e in entries
                   if e[0] != "Session" and e[1] in counted)
    assert (csv_billed, csv_paid) == (billed, paid), \
        (csv_billed, csv_paid, billed, paid)
    assert Decimal(entries[-1][3]) == billed - paid == outstanding
    _no_formula_either_way(text)


# ---- an import's template and its rows not imported

def test_the_template_phones_are_readable_and_import_again():
    b = state["admin"]
    raw = _text(b.get("/clients/import/template.csv"))
    rows = _rows(raw)
    col = {name: i for i, name in enumerate(rows[0])}
    assert rows[1][col["Phone"]] == "(+44) 20 7946 0958", rows[1]
    assert rows[1][col["Emergency contact phone"]] == "(+44) 20 7946 0000"
    _no_formula_either_way(raw)
    domain = new_domain()
    data = ("\ufeff" + raw).encode().replace(b"@example.org",
                                             b"@" + domain.encode())
    iid = run(b, "template.csv", data)
    assert sql("SELECT created, failed FROM imports WHERE id = %d" % iid) == \
        [("1", "0")]
    assert sql("SELECT phone, emergency_phone FROM clients WHERE email = %s"
               % sql_quote("ada@" + domain)) == \
        [("+442079460958", "+442079460000")]


def test_an_uploaded_header_and_row_come_back_guarded():
    b = state["admin"]
    domain = new_domain()
    data = ('First Name,Last Name,Email,"=HYPERLINK(""http://x.example"";'
            '""y"")",@cmd,-2+3,\t=1+1\r\n'
            "Good,Row,good@{d},a,b,c,d\r\n"
            'Bad,,bad@{d},=1+1,"x;+cmd",@SUM(A1),"line\n-1"\r\n'
            "=Eve,-Smith,not-an-email,,,,\r\n"
            ).format(d=domain).encode()
    iid = run(b, "hostile.csv", data)
    assert sql("SELECT created, failed FROM imports WHERE id = %d" % iid) == \
        [("1", "2")]
    text = _text(b.get("/clients/import/%d/problems.csv" % iid))
    rows = _rows(text)
    # (a control character in a header is stored as a space: "\t=1+1" is
    # " =1+1", which a spreadsheet trimming spaces would evaluate)
    assert rows[0] == ["First Name", "Last Name", "Email",
                       "'=HYPERLINK(\"http://x.example\";\"y\")", "'@cmd",
                       "'-2+3", "' =1+1", "Import row", "Import outcome",
                       "Import problem"], rows[0]
    assert len(rows) == 3, rows
    assert rows[2][:8] == ["'=Eve", "'-Smith", "not-an-email", "", "", "", "",
                           "4"], rows[2]
    assert rows[1][:9] == ["Bad", "", "bad@" + domain, "'=1+1", "x;'+cmd",
                           "'@SUM(A1)", "line\n'-1", "3", "failed"], rows[1]
    assert rows[1][9].startswith("Last name:"), rows[1]
    # guarded cells are quoted; the row number is a bare number
    assert text.startswith("First Name,Last Name,Email,\"'=HYPERLINK(\"\""
                           "http://x.example\"\";\"\"y\"\")\",\"'@cmd\","
                           "\"'-2+3\",\"' =1+1\",Import row,"), text
    assert ",3,failed," in text, text
    _no_formula_either_way(text)

    # the report, corrected, uploads again: the guard's quote comes off
    fixed = text.replace("not-an-email", "eve@" + domain)
    iid = run(b, "again.csv", fixed.encode("utf-8-sig"))
    assert sql("SELECT created, failed FROM imports WHERE id = %d" % iid) == \
        [("1", "1")]
    assert sql("SELECT first_name, last_name FROM clients WHERE email = %s"
               % sql_quote("eve@" + domain)) == [("=Eve", "-Smith")]
