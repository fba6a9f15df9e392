"""Accounts, roles, tokens and the audit, through HTTP as a script or a device would use them.

Every API route asks for one permission (web/auth.py ROUTE_PERMISSIONS); each role grants some
(web/roles.py). The matrix below tries every route as every role, with a token and with none.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from test_api import AIR, PARADE, Client, open_workspace

from paradeplan.web.accounts import AccountError, TokenRow
from paradeplan.web.auth import LIVE, ROUTE_PERMISSIONS
from paradeplan.web.roles import Role, may
from paradeplan.web.settings import development_examples_folder
from paradeplan.web.storage import SYSTEM, AuditRow

PASSWORD = "correct horse battery"
WITH_AIR = PARADE + AIR


def accounts_of(client: Client):
    return client.app.state.workspace.accounts


def token_for(client: Client, role: Role) -> str:
    """A token of a new account with this role (named after it)."""
    accounts = accounts_of(client)
    accounts.add(role.value, role.value, PASSWORD, SYSTEM)
    return accounts.create_token(role.value, SYSTEM)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in(login, csrf: bool = True) -> dict[str, str]:
    """The headers a signed-in page sends: both cookies of the login, and the CSRF token as a header."""
    session, token = login.cookies["paradeplan_session"], login.cookies["paradeplan_csrf"]
    headers = {"Cookie": f"paradeplan_session={session}; paradeplan_csrf={token}"}
    return {**headers, "X-CSRF-Token": token} if csrf else headers


@pytest.fixture(scope="module")
def staff(tmp_path_factory):
    """One workspace with the examples, a scenario with an air segment, and a token for every role."""
    client = open_workspace(tmp_path_factory.mktemp("staff"), development_examples_folder())
    tokens = {role: token_for(client, role) for role in Role}
    cookies = {}
    for role in Role:  # each account logged in through the login page as well: its session cookie
        login = client.post("/login", content=f"name={role.value}&password={PASSWORD}".encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        cookies[role] = signed_in(login)
    credentials = {"token": {role: bearer(token) for role, token in tokens.items()}, "cookie": cookies}
    created = client.post("/api/scenarios", json={"yaml": WITH_AIR, "filename": "parade.yaml"},
                          headers=bearer(tokens[Role.ADMIN]))
    assert created.status_code == 201, created.text
    return client, credentials, created.json()["id"]


# what each route answers when it is allowed: (status, JSON body); {id} is the scenario with air
ALLOWED = {
    ("GET", "/api/scenarios"): (200, None),
    ("POST", "/api/scenarios"): (201, {"yaml": PARADE}),
    ("POST", "/api/scenarios/from-example"): (201, {"example": "city-parade"}),
    ("GET", "/api/examples"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}"): (200, None),
    ("POST", "/api/scenarios/{scenario_id}/duplicate"): (201, {}),
    ("POST", "/api/scenarios/{scenario_id}/archive"): (200, {}),
    ("POST", "/api/scenarios/{scenario_id}/unarchive"): (200, {}),
    ("GET", "/api/scenarios/{scenario_id}/versions"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/versions/{number}"): (200, None),
    ("POST", "/api/scenarios/{scenario_id}/versions"): (201, {"yaml": WITH_AIR, "message": "again"}),
    ("POST", "/api/scenarios/{scenario_id}/versions/{number}/restore"): (201, {}),
    ("GET", "/api/scenarios/{scenario_id}/diff"): (200, None),
    ("POST", "/api/scenarios/{scenario_id}/compare"): (200, {"yaml": PARADE}),
    ("POST", "/api/validate"): (200, {"yaml": PARADE}),
    ("POST", "/api/trips"): (200, {"yaml": PARADE}),
    ("POST", "/api/fit"): (200, {"yaml": PARADE, "goals": {"duration": "1m"}}),  # fits, stores nothing
    ("GET", "/api/scenarios/{scenario_id}/plan"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/findings"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/trips"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/cards"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/export/csv"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/export/bluesky"): (200, None),
    ("GET", "/api/scenarios/{scenario_id}/handouts/{file}"): (200, None),  # route.gpx: the quickest to make
    ("GET", "/api/audit"): (200, None),
    ("GET", "/api/me"): (200, None),
}
CASES = [(route, role, kind) for route in ALLOWED for role in Role for kind in ("token", "cookie")] + [
    (route, None, "none") for route in ALLOWED]


def expected(route: tuple[str, str], role: Role | None) -> int:
    if role is None:
        return 401
    return ALLOWED[route][0] if may(role, ROUTE_PERMISSIONS[route]) else 403


@pytest.mark.parametrize(("route", "role", "kind"), CASES,
                         ids=[f"{m} {p} as {r or 'nobody'} by {k}" for (m, p), r, k in CASES])
def test_the_role_matrix(staff, route, role, kind):
    client, credentials, scenario_id = staff
    method, path = route
    body = ALLOWED[route][1]
    url = path.replace("{scenario_id}", str(scenario_id)).replace("{number}", "1").replace("{file}", "route.gpx")
    headers = credentials[kind][role] if role is not None else {}
    response = client.request(method, url, json=body, headers=headers) if method == "POST" else client.request(
        method, url, headers=headers)
    assert response.status_code == expected(route, role), response.text


def test_every_api_route_is_in_the_matrix(staff):
    client, _, _ = staff
    paths = client.get("/openapi.json").json()["paths"]
    routes = {(method.upper(), path) for path, methods in paths.items() for method in methods}
    # the day's routes have their own matrix, by element kind too: tests/test_live_roles.py
    outside_the_day = {r for r in ROUTE_PERMISSIONS if not r[1].startswith(LIVE)}
    assert (routes, set(ALLOWED)) == (set(ROUTE_PERMISSIONS), outside_the_day)


# --- local mode, tokens and passwords ----------------------------------------------------------------

def test_without_accounts_anyone_on_this_computer_may_edit(tmp_path):
    client = open_workspace(tmp_path)
    response = client.post("/api/scenarios", json={"yaml": PARADE})
    assert (response.status_code, client.get("/api/me").json()["local"]) == (201, True)


def test_once_an_account_exists_a_request_without_credentials_is_refused(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    response = client.get("/api/scenarios")
    assert (response.status_code, response.headers["www-authenticate"]) == (401, 'Bearer realm="paradeplan"')


def test_a_page_without_credentials_links_to_the_login_page(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    response = client.get("/scenarios/1/versions")
    assert (response.status_code, 'href="/login?next=/scenarios/1/versions"' in response.text) == (401, True)


# --- the login page ---------------------------------------------------------------------------------

def log_in(client: Client, name: str, password: str, **headers: str):
    return client.post("/login", content=f"name={name}&password={password}&next=/".encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded", **headers})


def test_logging_in_sets_a_strict_http_only_session_cookie(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    cookie = log_in(client, "planner", PASSWORD).headers["set-cookie"].lower()
    assert ("httponly" in cookie, "samesite=strict" in cookie) == (True, True)


def test_the_session_cookie_opens_the_pages_and_the_api(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    session = log_in(client, "planner", PASSWORD).cookies["paradeplan_session"]
    me = client.get("/api/me", headers={"Cookie": f"paradeplan_session={session}"}).json()
    assert (me["name"], me["role"]) == ("planner", "planner")


def test_a_wrong_password_shows_the_login_page_again(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    response = log_in(client, "planner", "wrong password")
    assert (response.status_code, "do not match" in response.text) == (401, True)


def test_logins_are_limited_per_account(tmp_path):
    # five failures in 15 minutes: the sixth attempt is refused even with the right password
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    for _ in range(5):
        log_in(client, "planner", "wrong password")
    response = log_in(client, "planner", PASSWORD)
    assert (response.status_code, "Retry-After" in response.headers) == (429, True)


def test_logging_out_closes_the_session(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    session = log_in(client, "planner", PASSWORD).cookies["paradeplan_session"]
    cookie = {"Cookie": f"paradeplan_session={session}"}
    client.post("/logout", headers={**cookie, "Content-Type": "application/x-www-form-urlencoded"}, content=b"")
    assert client.get("/api/me", headers=cookie).status_code == 401


def test_after_logging_in_the_page_asked_for_opens(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    response = client.post("/login", content=b"name=planner&password=correct+horse+battery&next=/scenarios/1/versions",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (response.status_code, response.headers["location"]) == (303, "/scenarios/1/versions")


def test_logging_in_never_sends_the_reader_to_another_site(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    response = client.post("/login", content=b"name=planner&password=correct+horse+battery&next=//evil.example/",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.headers["location"] == "/"


def test_an_unknown_token_is_refused(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    assert client.get("/api/scenarios", headers=bearer("not-a-token")).status_code == 401


def test_a_disabled_accounts_token_stops_working_at_once(tmp_path):
    client = open_workspace(tmp_path)
    token = token_for(client, Role.PLANNER)
    accounts_of(client).disable("planner", SYSTEM)
    assert client.get("/api/scenarios", headers=bearer(token)).status_code == 401


def test_a_token_is_stored_only_as_its_hash(tmp_path):
    client = open_workspace(tmp_path)
    token = token_for(client, Role.VIEWER)
    with client.app.state.workspace.storage.reading() as session:
        stored = session.scalar(select(TokenRow.token_hash))
    assert (len(stored), token in stored) == (64, False)


def test_a_password_is_stored_as_an_argon2_hash(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    with client.app.state.workspace.storage.reading() as session:
        stored = session.scalar(text("SELECT password_hash FROM accounts"))
    assert (stored.startswith("$argon2id$"), PASSWORD in stored) == (True, False)


def test_the_right_password_names_the_account(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    assert accounts_of(client).by_password("Viewer", PASSWORD).role == Role.VIEWER


def test_a_wrong_password_names_no_account(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    assert accounts_of(client).by_password("viewer", PASSWORD + "!") is None


@pytest.mark.parametrize(("name", "role", "password", "why"), [
    ("ann", "pilot", PASSWORD, "'pilot' is not a role"),
    ("Ann Smith", "viewer", PASSWORD, "is not an account name"),
    ("ann", "viewer", "short", "at least 10 characters"),
])
def test_an_account_the_server_refuses_says_why(tmp_path, name, role, password, why):
    client = open_workspace(tmp_path)
    with pytest.raises(AccountError, match=why):
        accounts_of(client).add(name, role, password, SYSTEM)


def test_two_accounts_cannot_share_a_name(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.VIEWER)
    with pytest.raises(AccountError, match="exists already"):
        accounts_of(client).add("VIEWER", "planner", PASSWORD, SYSTEM)


# --- the audit ----------------------------------------------------------------------------------------

def test_a_save_is_audited_under_the_account_that_made_it(tmp_path):
    client = open_workspace(tmp_path)
    token = token_for(client, Role.PLANNER)
    client.post("/api/scenarios", json={"yaml": PARADE, "message": "first"}, headers=bearer(token))
    admin = token_for(client, Role.ADMIN)
    created = [row for row in client.get("/api/audit", headers=bearer(admin)).json()
               if row["action"] == "scenario created"]
    assert [(row["actor"], row["address"], row["subject"]) for row in created] == [
        ("planner", "127.0.0.1", "scenario 1 version 1: first")]


def test_a_version_saved_as_an_account_has_the_account_as_author(tmp_path):
    client = open_workspace(tmp_path)
    token = token_for(client, Role.PLANNER)
    created = client.post("/api/scenarios", json={"yaml": PARADE, "author": "someone else"}, headers=bearer(token))
    versions = client.get(f"/api/scenarios/{created.json()['id']}/versions", headers=bearer(token)).json()
    assert versions[0]["author"] == "planner"


def test_a_save_that_fails_leaves_no_audit_row(tmp_path):
    client = open_workspace(tmp_path)
    before = len(client.app.state.workspace.storage.audit())
    client.post("/api/scenarios", json={"yaml": PARADE.replace("ranks: 4", "ranks: -4")})
    assert len(client.app.state.workspace.storage.audit()) == before


def test_an_audit_row_cannot_be_changed(tmp_path):
    client = open_workspace(tmp_path)
    client.post("/api/scenarios", json={"yaml": PARADE})
    storage = client.app.state.workspace.storage
    with pytest.raises(PermissionError), storage.writing() as session:
        session.scalar(select(AuditRow)).actor = "someone else"


def test_an_audit_row_cannot_be_deleted(tmp_path):
    client = open_workspace(tmp_path)
    client.post("/api/scenarios", json={"yaml": PARADE})
    storage = client.app.state.workspace.storage
    with pytest.raises(PermissionError), storage.writing() as session:
        session.delete(session.scalar(select(AuditRow)))


def test_every_page_says_when_the_server_is_in_local_mode(tmp_path):
    client = open_workspace(tmp_path)
    assert 'id="local-mode"' in client.get("/").text


def test_a_signed_in_page_names_the_account_and_offers_to_log_out(tmp_path):
    client = open_workspace(tmp_path)
    token = token_for(client, Role.VIEWER)
    page = client.get("/", headers=bearer(token)).text
    assert ('id="local-mode"' in page, "viewer · viewer" in page, 'id="logout"' in page) == (False, True, True)


def test_the_audit_page_lists_the_changes_for_an_admin(tmp_path):
    client = open_workspace(tmp_path)
    admin = token_for(client, Role.ADMIN)
    client.post("/api/scenarios", json={"yaml": PARADE, "message": "first"}, headers=bearer(admin))
    assert "scenario 1 version 1: first" in client.get("/audit", headers=bearer(admin)).text


def test_the_audit_page_is_refused_to_a_planner(tmp_path):
    client = open_workspace(tmp_path)
    planner = token_for(client, Role.PLANNER)
    assert client.get("/audit", headers=bearer(planner)).status_code == 403


# --- on both databases --------------------------------------------------------------------------------

@pytest.fixture
def either(database_url, tmp_path):
    """The app on a new SQLite file, and again on a new PostgreSQL database; its connections closed after, so
    that the database can be dropped."""
    from paradeplan.web.app import create_app
    from paradeplan.web.settings import settings

    client = Client(create_app(settings(db=database_url, examples=tmp_path / "no-examples")))
    yield client
    client.app.state.workspace.storage.engine.dispose()


def test_a_token_opens_the_api_on_either_database(either):
    client = either
    token = token_for(client, Role.PLANNER)
    response = client.post("/api/scenarios", json={"yaml": PARADE}, headers=bearer(token))
    assert (response.status_code, client.get("/api/me", headers=bearer(token)).json()["name"]) == (201, "planner")


def test_a_save_and_its_audit_row_are_one_transaction_on_either_database(either):
    client = either
    token = token_for(client, Role.PLANNER)
    client.post("/api/scenarios", json={"yaml": PARADE}, headers=bearer(token))
    client.post("/api/scenarios", json={"yaml": PARADE.replace("ranks: 4", "ranks: -4")}, headers=bearer(token))
    actions = [e.action for e in client.app.state.workspace.storage.audit()]
    assert actions == ["scenario created", "token created", "account created"]


def test_a_disabled_accounts_session_stops_working_at_once_on_either_database(either):
    client = either
    token_for(client, Role.PLANNER)
    session = log_in(client, "planner", PASSWORD).cookies["paradeplan_session"]
    accounts_of(client).disable("planner", SYSTEM)
    assert client.get("/api/me", headers={"Cookie": f"paradeplan_session={session}"}).status_code == 401


# --- CSRF ---------------------------------------------------------------------------------------------

def test_a_change_by_session_cookie_without_the_csrf_token_is_refused(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    headers = signed_in(log_in(client, "planner", PASSWORD), csrf=False)
    response = client.post("/api/scenarios", json={"yaml": PARADE}, headers=headers)
    assert (response.status_code, response.json()["detail"].startswith("missing or wrong CSRF token")) == (403, True)


def test_a_change_by_session_cookie_with_a_wrong_csrf_token_is_refused(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    headers = {**signed_in(log_in(client, "planner", PASSWORD)), "X-CSRF-Token": "guessed"}
    assert client.post("/api/scenarios", json={"yaml": PARADE}, headers=headers).status_code == 403


def test_a_change_by_session_cookie_with_its_csrf_token_is_made(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    headers = signed_in(log_in(client, "planner", PASSWORD))
    assert client.post("/api/scenarios", json={"yaml": PARADE}, headers=headers).status_code == 201


def test_the_csrf_cookie_is_readable_by_the_pages_script_and_strict(tmp_path):
    client = open_workspace(tmp_path)
    token_for(client, Role.PLANNER)
    cookies = log_in(client, "planner", PASSWORD).headers.get_list("set-cookie")
    csrf = next(c.lower() for c in cookies if c.startswith("paradeplan_csrf="))
    assert ("httponly" in csrf, "samesite=strict" in csrf) == (False, True)
