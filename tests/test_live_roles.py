"""Who may do what on the live day: every live route as every role (by token) and with no credentials, through a
real server (the stream route streams, so it cannot be read in process).

Recording asks for one of two permissions, and the handler asks which: a ground element's passing (or
its void) needs record-passings, a formation's needs air. A correction is the controller's (run-day);
an air-* one the air liaison's too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from test_live_api import LIVE_PARADE, passing
from test_live_stream import serving_app

from paradeplan.web.app import create_app
from paradeplan.web.auth import LIVE, ROUTE_PERMISSIONS
from paradeplan.web.roles import Permission, Role, may
from paradeplan.web.settings import settings
from paradeplan.web.storage import SYSTEM

PASSWORD = "correct horse battery"
P = Permission


class Staff:
    """A server with an account and token for every role, and one scenario whose day the cases set up as admin."""

    def __init__(self, url: str, tokens: dict[Role, str]):
        self.http = httpx.Client(base_url=url, timeout=30)
        self.tokens = tokens
        self.scenario_id = self.call("POST", "/api/scenarios", {"yaml": LIVE_PARADE}).json()["id"]

    def call(self, method: str, path: str, body: dict | None = None, role: Role | None = Role.ADMIN) -> httpx.Response:
        headers = {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}
        if method == "GET":
            with self.http.stream("GET", path, headers=headers) as response:  # a stream: its status, then closed
                if not response.headers.get("content-type", "").startswith("text/event-stream"):
                    response.read()
                return response
        return self.http.request(method, path, json=body or {}, headers=headers)

    def live(self, tail: str = "") -> str:
        return f"/api/scenarios/{self.scenario_id}/live{tail}"

    def record(self, body: dict) -> None:
        assert self.call("POST", self.live("/events"), body).status_code == 201

    def running(self) -> None:
        """A running day where the colour guard is 60 s late at the start and the falcons 20 s late at the IP, so
        that a ground-speed and an air-speed correction are offered."""
        shown = self.call("GET", self.live())
        if shown.status_code == 404 or not shown.json()["live"]:
            assert self.call("POST", self.live(), {"version": 1}).status_code == 201
        if self.call("GET", self.live()).json()["records"] == 0:
            self.record(passing(str(uuid.uuid4())))
            self.record(passing(str(uuid.uuid4()), element="falcons", point="ip", time="10:37:05.6"))

    def no_day(self) -> None:
        shown = self.call("GET", self.live())
        if shown.status_code == 200 and shown.json()["live"]:
            assert self.call("POST", self.live("/end")).status_code == 200

    def voidable(self, element: str, point: str, time: str) -> dict:
        self.running()
        target = str(uuid.uuid4())
        self.record(passing(target, element=element, point=point, time=time))
        return {"id": str(uuid.uuid4()), "void": target, "reason": "wrong element"}


def fresh(make: Callable[[], dict]) -> Callable[[Staff], dict]:
    """A case whose body is new each time (a new client id), on a running day."""
    def setup(staff: Staff) -> dict:
        staff.running()
        return make()
    return setup


def on_running(body: dict) -> Callable[[Staff], dict]:
    def setup(staff: Staff) -> dict:
        staff.running()
        return body
    return setup


def with_no_day(staff: Staff) -> dict:
    staff.no_day()
    return {"version": 1}


def new_id() -> str:
    return str(uuid.uuid4())


# (name, method, tail, setup -> body, the permissions any one of which allows it, its status when allowed)
CASES: list[tuple[str, str, str, Callable[[Staff], dict], tuple[Permission, ...], int]] = [
    ("the day", "GET", "", on_running({}), (P.READ,), 200),
    ("start", "POST", "", with_no_day, (P.RUN_DAY,), 201),
    ("end", "POST", "/end", on_running({}), (P.RUN_DAY,), 200),
    ("clock", "POST", "/clock", on_running({"time": "2025-05-07T10:00:00+05:00", "rate": 10}), (P.RUN_DAY,), 200),
    ("ground passing", "POST", "/events", fresh(lambda: passing(new_id(), element="floats", time="09:55:00")),
     (P.RECORD_PASSINGS,), 201),
    ("formation passing", "POST", "/events",
     fresh(lambda: passing(new_id(), element="falcons", point="ip", time="10:37:05.6")), (P.AIR,), 201),
    ("void of a ground passing", "POST", "/events", lambda s: s.voidable("floats", "start", "09:55:00"),
     (P.RECORD_PASSINGS,), 201),
    ("void of a formation passing", "POST", "/events", lambda s: s.voidable("falcons", "ip", "10:37:05.6"),
     (P.AIR,), 201),
    ("records", "GET", "/events", on_running({}), (P.READ,), 200),
    ("forecast", "GET", "/forecast", on_running({}), (P.READ,), 200),
    ("re-plan", "GET", "/replan", on_running({}), (P.READ,), 200),
    ("ground correction", "POST", "/corrections",
     fresh(lambda: {"id": new_id(), "correction": "ground-speed:colour-guard", "action": "issue"}), (P.RUN_DAY,), 201),
    ("air correction", "POST", "/corrections",
     fresh(lambda: {"id": new_id(), "correction": "air-speed:falcons", "action": "dismiss"}), (P.RUN_DAY, P.AIR), 201),
    ("stream", "GET", "/stream", on_running({}), (P.READ,), 200),
    ("report", "GET", "/report.csv", on_running({}), (P.READ,), 200),
    ("after-action pdf", "GET", "/after-action.pdf", on_running({}), (P.READ,), 200),
    ("after-action xlsx", "GET", "/after-action.xlsx", on_running({}), (P.READ,), 200),
]
MATRIX = [(case, role) for case in CASES for role in [*Role, None]]


@pytest.fixture(scope="module")
def staff(tmp_path_factory) -> Iterator[Staff]:
    folder = tmp_path_factory.mktemp("live-roles")
    app = create_app(settings(db=f"sqlite:///{folder / 'paradeplan.db'}", examples=folder / "no-examples"))
    accounts = app.state.workspace.accounts
    tokens = {}
    for role in Role:
        accounts.add(role.value, role.value, PASSWORD, SYSTEM)
        tokens[role] = accounts.create_token(role.value, SYSTEM)
    with serving_app(app) as url:
        served = Staff(url, tokens)
        yield served
        served.http.close()


@pytest.mark.parametrize(("case", "role"), MATRIX, ids=[f"{c[0]} as {r or 'nobody'}" for c, r in MATRIX])
def test_the_live_role_matrix(staff, case, role):
    _, method, tail, setup, allowed_by, allowed_status = case
    body = setup(staff)
    response = staff.call(method, staff.live(tail), body, role)
    allowed = role is not None and any(may(role, p) for p in allowed_by)
    wanted = 401 if role is None else allowed_status if allowed else 403
    assert response.status_code == wanted, response.text


def test_every_live_route_is_in_the_matrix():
    live_routes = {route for route in ROUTE_PERMISSIONS if route[1].startswith(LIVE)}
    assert live_routes == {(method, LIVE + tail) for _, method, tail, *_ in CASES}


def test_a_marshal_is_told_why_a_formation_is_not_theirs(staff):
    staff.running()
    response = staff.call("POST", staff.live("/events"), passing(new_id(), element="falcons", point="ip",
                                                                  time="10:37:05.6"), Role.MARSHAL)
    assert response.json()["detail"] == "the marshal role may not record a formation (it needs the air permission)"


def test_a_viewer_is_told_which_permissions_record(staff):
    staff.running()
    response = staff.call("POST", staff.live("/events"), passing(new_id()), Role.VIEWER)
    assert response.json()["detail"] == ("the viewer role may not do this (it needs the air or record-passings "
                                         "permission)")


def test_an_air_liaison_may_not_decide_on_a_ground_correction(staff):
    staff.running()
    body = {"id": new_id(), "correction": "ground-speed:colour-guard", "action": "issue"}
    response = staff.call("POST", staff.live("/corrections"), body, Role.AIR_LIAISON)
    assert response.json()["detail"] == ("the air-liaison role may not decide on a ground-speed correction (it needs "
                                         "the run-day permission)")


def test_a_marshals_phone_records_with_its_session_cookie(staff):
    staff.running()
    login = staff.http.post("/login", content=f"name=marshal&password={PASSWORD}".encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    session, csrf = login.cookies["paradeplan_session"], login.cookies["paradeplan_csrf"]
    staff.http.cookies.clear()
    response = staff.http.post(staff.live("/events"), json=passing(new_id(), element="floats", time="09:55:00"),
                               headers={"Cookie": f"paradeplan_session={session}; paradeplan_csrf={csrf}",
                                        "X-CSRF-Token": csrf})
    assert response.json()["recorded_by"] == "marshal"


@pytest.mark.parametrize(("role", "linked"), [(Role.CONTROLLER, True), (Role.ADMIN, True), (Role.PLANNER, False),
                                               (Role.MARSHAL, False), (Role.VIEWER, False)])
def test_the_workspace_links_the_control_board_only_for_who_may_run_the_day(staff, role, linked):
    page = staff.call("GET", f"/scenarios/{staff.scenario_id}", role=role).text
    assert ('id="day-link"' in page, 'id="report-link"' in page) == (linked, True)
