"""Who reaches which task: every tasks route, staff side and portal side, as
the admin, the assigned clinician, another clinician, the client, another
client and someone signed out, on the assigned client's tasks and on another
client's, answers exactly the expected status."""

from casebook import sql_int
from notes_world import Matrix, World, insert_task

state = {}


def setup_module():
    state["world"] = World()


def teardown_module():
    state["world"].close()


def test_staff_routes():
    m = Matrix(state["world"])

    def base(caller, owner):
        return "/clients/%d/tasks" % m.client_of(owner)

    def reopen(caller, owner):
        tid = insert_task(m.client_of(owner), "staff", m.ids["admin"], True)
        return "%s/%d/reopen" % (base(caller, owner), tid)

    m.run("staff", "GET", base, 200)
    m.run("staff", "POST", base, 303, {"title": "Read", "due_date": ""})
    m.run("staff", "POST", reopen, 303)
    m.check()


def test_portal_routes():
    m = Matrix(state["world"])

    def task(suffix, kind="staff", done=False):
        def build(caller, owner):
            cid = m.client_of(owner)
            tid = insert_task(cid, kind, m.ids["admin"] if kind == "staff"
                              else cid, done)
            return "/portal/tasks/%d%s" % (tid, suffix)
        return build

    m.run("portal", "GET", lambda c, o: "/portal/tasks", 200,
          owners=["own"], anyone_own=True)
    m.run("portal", "POST", lambda c, o: "/portal/tasks", 303,
          {"title": "My to-do"}, owners=["own"], anyone_own=True)
    m.run("portal", "POST", task("/done"), 303, {"comment": "Done it"})
    m.run("portal", "POST", task("/reopen", kind="client", done=True), 303)
    m.check()


def test_task_of_another_client_is_404():
    w = state["world"]
    m = Matrix(w)
    other = insert_task(w.other_id, "staff", m.ids["admin"])
    resp = w.admin.post("/clients/%d/tasks/%d/reopen" % (w.client_id, other),
                        {"csrf_token": m.token("admin")})
    assert resp.status == 404, resp.describe()
    resp = w.client.post("/portal/tasks/%d/done" % other,
                         {"csrf_token": m.token("client"), "comment": ""})
    assert resp.status == 404, resp.describe()
    assert sql_int("SELECT COUNT(*) FROM tasks WHERE id = %d AND done_at IS "
                   "NULL" % other) == 1
