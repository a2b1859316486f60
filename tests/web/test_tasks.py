"""Tasks: staff assign a task (title, description, optional due date), the
client sees it in the portal and marks it done with an optional comment,
staff reopen it; clients add their own to-dos (and may reopen those, not
staff's); open and completed lists, overdue tasks marked, the completion
rate on the profile, the portal home's summary, a small overdue count in
the client list, form errors next to the
field with the input kept, and the audit of every change."""

import re

from casebook import (add_client, field_error, flashes, input_value,
                      last_audit_id, letters, sql, sql_int, sql_value,
                      table_rows)
from notes_world import World, staff_task, token
from portal import registered_client

state = {}


def setup_module():
    w = World()
    state["world"] = w
    # a client of their own, so the counts are this file's alone
    state["cid"], _, state["client"] = registered_client(
        w.admin, staff_id=str(w.clinician_id))


def teardown_module():
    state["world"].close()


def _section(markup, heading):
    """The markup from heading HEADING up to the next h3 or section end."""
    m = re.search(r"<h3[^>]*>%s.*?</h3>(.*?)(?:<h3|</section>)"
                  % re.escape(heading), markup, re.S)
    assert m, "no %s list" % heading
    return m.group(1)


def test_assign_see_mark_done_and_reopen():
    w = state["world"]
    cid, client = state["cid"], state["client"]
    tid = staff_task(w.clinician, cid, title="Breathing practice",
                     description="Ten minutes, **twice** a day",
                     due_date="2099-01-31")
    assert sql_value("SELECT CONCAT(created_by_kind, '/', due_date) FROM "
                     "tasks WHERE id = %d" % tid) == "staff/2099-01-31"
    page = client.get("/portal/tasks")
    assert page.status == 200, page.describe()
    open_part = _section(page.text, "Open")
    assert "Breathing practice" in open_part
    assert "<strong>twice</strong>" in open_part
    assert "Due 31 Jan 2099" in page.page_text or "2099" in open_part
    # done, with a comment
    resp = client.post("/portal/tasks/%d/done" % tid, {
        "csrf_token": token(client, "/portal/tasks"),
        "comment": "Did it every morning"})
    assert resp.status == 303 and resp.location_path() == "/portal/tasks"
    after = client.get("/portal/tasks")
    assert ("success", "Well done: the task is marked as done.") in \
        flashes(after.text)
    assert "Breathing practice" in _section(after.text, "Completed")
    assert "Breathing practice" not in _section(after.text, "Open")
    assert sql_value("SELECT done_comment FROM tasks WHERE id = %d" % tid) \
        == "Did it every morning"
    staff_page = w.clinician.get("/clients/%d/tasks" % cid)
    done_part = _section(staff_page.text, "Completed")
    assert "Did it every morning" in done_part
    assert "1 of 1 done (100%)" in staff_page.page_text
    # the client cannot reopen what staff assigned; staff can
    resp = client.post("/portal/tasks/%d/reopen" % tid, {
        "csrf_token": token(client, "/portal/tasks")})
    assert resp.status == 403, resp.describe()
    resp = w.clinician.post("/clients/%d/tasks/%d/reopen" % (cid, tid), {
        "csrf_token": token(w.clinician, "/clients/%d/tasks" % cid)})
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT done_at IS NULL FROM tasks WHERE id = %d"
                     % tid) == "1"
    assert "Breathing practice" in _section(
        client.get("/portal/tasks").text, "Open")


def test_client_todos_overdue_and_completion_rate():
    w = state["world"]
    cid, client = state["cid"], state["client"]
    tid = staff_task(w.clinician, cid, title="Late homework",
                     due_date="2020-02-02")
    page = w.clinician.get("/clients/%d/tasks" % cid)
    item = re.search(r'<li class="task task-overdue" id="task-%d">(.*?)</li>'
                     % tid, page.text, re.S)
    assert item and "Overdue" in item.group(1), page.text
    assert re.search(r"\d+ overdue", page.page_text)
    home = client.get("/portal")
    assert "overdue" in home.page_text and "Late homework" in home.page_text
    # a to-do of the client's own
    resp = client.post("/portal/tasks", {
        "csrf_token": token(client, "/portal/tasks"), "title": "Call mum",
        "description": "", "due_date": ""})
    assert resp.status == 303, resp.describe()
    own = sql_int("SELECT MAX(id) FROM tasks WHERE client_id = %d AND "
                  "created_by_kind = 'client'" % cid)
    staff_page = w.clinician.get("/clients/%d/tasks" % cid)
    assert "Call mum" in staff_page.page_text
    assert "The client's own to-do" in staff_page.page_text
    tok = token(client, "/portal/tasks")
    assert client.post("/portal/tasks/%d/done" % own,
                       {"csrf_token": tok, "comment": ""}).status == 303
    assert client.post("/portal/tasks/%d/done" % own,
                       {"csrf_token": tok, "comment": ""}).status == 303
    assert ("info", "The task was already done.") in flashes(
        client.get("/portal/tasks").text)
    total = sql_int("SELECT COUNT(*) FROM tasks WHERE client_id = %d" % cid)
    done = sql_int("SELECT COUNT(*) FROM tasks WHERE client_id = %d AND "
                   "done_at IS NOT NULL" % cid)
    rate = (done * 100 + total // 2) // total
    assert "%d of %d done (%d%%)" % (done, total, rate) in \
        w.clinician.get("/clients/%d/tasks" % cid).page_text
    # the client may reopen their own to-do
    resp = client.post("/portal/tasks/%d/reopen" % own, {"csrf_token": tok})
    assert resp.status == 303, resp.describe()
    assert sql_value("SELECT done_at IS NULL FROM tasks WHERE id = %d"
                     % own) == "1"


def test_invalid_task_keeps_input():
    w = state["world"]
    cid = state["cid"]
    path = "/clients/%d/tasks" % cid
    before = sql_int("SELECT COUNT(*) FROM tasks WHERE client_id = %d" % cid)
    resp = w.clinician.post(path, {"csrf_token": token(w.clinician, path),
                                   "title": "", "description": "Keep me",
                                   "due_date": "not a date"})
    assert resp.status == 422, resp.describe()
    assert field_error(resp.text, "title")
    assert field_error(resp.text, "due_date")
    assert "Keep me" in resp.text
    assert input_value(resp.text, "due_date") == "not a date"
    assert sql_int("SELECT COUNT(*) FROM tasks WHERE client_id = %d"
                   % cid) == before


def test_audit_of_changes():
    w = state["world"]
    cid, client = state["cid"], state["client"]
    since = last_audit_id()
    tid = staff_task(w.clinician, cid, title="Audited task")
    client.post("/portal/tasks/%d/done" % tid, {
        "csrf_token": token(client, "/portal/tasks"), "comment": "secret"})
    w.clinician.post("/clients/%d/tasks/%d/reopen" % (cid, tid), {
        "csrf_token": token(w.clinician, "/clients/%d/tasks" % cid)})
    rows = sql("SELECT action, actor_kind FROM audit_log WHERE id > %d AND "
               "object_kind = 'client' AND object_id = %d AND detail = "
               "'task %d' ORDER BY id" % (since, cid, tid))
    assert [tuple(r) for r in rows] == [("task_created", "staff"),
                                        ("task_done", "client"),
                                        ("task_reopened", "staff")], rows


def test_tasks_go_with_a_deleted_client():
    w = state["world"]
    cid = add_client(w.admin)
    tid = staff_task(w.admin, cid, title="Goes away")
    resp = w.admin.post("/clients/%d/delete" % cid, {
        "csrf_token": token(w.admin, "/clients/%d/delete" % cid),
        "confirm": "DELETE"})
    assert resp.status == 303, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM tasks WHERE id = %d" % tid) == 0


def test_client_list_shows_a_small_overdue_count():
    w = state["world"]
    last = "Overdue" + letters(8)
    cid = add_client(w.admin, last_name=last)
    staff_task(w.admin, cid, title="Late one", due_date="2020-01-01")
    staff_task(w.admin, cid, title="Late two", due_date="2021-01-01")
    staff_task(w.admin, cid, title="Not late", due_date="2099-01-01")
    done = staff_task(w.admin, cid, title="Late but done",
                      due_date="2020-01-01")
    sql("UPDATE tasks SET done_at = UTC_TIMESTAMP() WHERE id = %d" % done)
    listing = w.admin.get("/clients?q=" + last)
    assert listing.status == 200, listing.describe()
    row = [r for r in table_rows(listing.text) if last in r]
    assert len(row) == 1 and "2 overdue" in row[0], row
    assert 'href="/clients/%d/tasks"' % cid in listing.text
    # a client without overdue tasks shows no count
    quiet = "Quiet" + letters(8)
    add_client(w.admin, last_name=quiet)
    listing = w.admin.get("/clients?q=" + quiet)
    row = [r for r in table_rows(listing.text) if quiet in r]
    assert len(row) == 1 and "overdue" not in row[0], row
