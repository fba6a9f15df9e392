"""What keeps another web page, or another site's name, from driving the server (web/security.py), through HTTP
in process as tests/test_api.py sends it: the Host header check (DNS rebinding), cross-site state changes refused,
changes only as JSON, and the security headers on every reply. Local mode: no account exists.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from test_api import PARADE, Client, imported, open_workspace, runner
from typer.testing import CliRunner

from paradeplan.cli import app as cli
from paradeplan.web.security import HostCheck, SameOriginOnly, split_host

EVIL = "http://evil.example"
FORM = "application/x-www-form-urlencoded"
OWN = "http://localhost:8000"  # the test Client's own origin


@pytest.fixture
def client(tmp_path) -> Client:
    return open_workspace(tmp_path)


def everything(client: Client, scenario_id: int) -> tuple[list[dict], list[dict]]:
    """Every scenario (archived ones included) and the scenario's versions: what a refused change must leave."""
    return (client.get("/api/scenarios?archived=true").json(),
            client.get(f"/api/scenarios/{scenario_id}/versions").json())


def changes(scenario_id: int) -> list[str]:
    return [f"/api/scenarios/{scenario_id}/archive", f"/api/scenarios/{scenario_id}/unarchive",
            f"/api/scenarios/{scenario_id}/duplicate", f"/api/scenarios/{scenario_id}/versions/1/restore"]


# --- the Host header ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/scenarios", "/docs", "/static/js/api.js"])
def test_a_host_the_server_is_not_reached_by_is_refused(client, path):
    response = client.get(path, headers={"host": "evil.example"})
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert "evil.example" in response.json()["detail"]
    else:
        assert "<h1>Unknown host</h1>" in response.text


def test_a_refused_host_cannot_change_anything(client):
    scenario_id = imported(client)
    before = everything(client, scenario_id)
    response = client.post(f"/api/scenarios/{scenario_id}/duplicate", json={}, headers={"host": "evil.example:8000"})
    assert (response.status_code, everything(client, scenario_id)) == (400, before)


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:1234", "[::1]:8000",
                                  "LOCALHOST:8000"])
def test_loopback_names_are_served_at_any_port(client, host):
    assert client.get("/api/scenarios", headers={"host": host}).status_code == 200
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["", "localhost:", "localhost:abc", "localhost:8000:1", "[::1", "[::1]x", "::1",
                                  "127.0.0.2", "localhost.", "evil.localhost.example", "user@localhost"])
def test_a_host_header_that_names_no_served_host_is_refused(client, host):
    assert client.get("/api/scenarios", headers={"host": host}).status_code == 400


def test_the_allowed_hosts_are_served_too(tmp_path):
    client = open_workspace(tmp_path, allowed_hosts=["Parade.lan", "10.0.0.5", "[fd00::5]"])
    for host in ["parade.lan", "PARADE.LAN:8443", "10.0.0.5:8000", "[fd00::5]:8000", "localhost:8000"]:
        assert client.get("/api/scenarios", headers={"host": host}).status_code == 200, host
    assert client.get("/api/scenarios", headers={"host": "other.lan"}).status_code == 400


@pytest.mark.parametrize(("value", "parts"), [("localhost:8000", ("localhost", 8000)), ("[::1]", ("::1", None)),
                                              ("Example.ORG", ("example.org", None)), ("[::1]:80", ("::1", 80)),
                                              ("[nope]:80", None), ("x:99999999", None), ("x:٣", None)])
def test_a_host_header_is_read_as_name_and_port(value, parts):
    assert split_host(value) == parts


def test_serve_refuses_an_allowed_host_that_is_not_a_host_name_in_one_line():
    result = runner.invoke(cli, ["serve", "--allowed-host", "http://parade.lan/"])
    assert (result.exit_code, result.output.strip().splitlines()) == (2, [
        "--allowed-host http://parade.lan/: must be a host name or an address, with no scheme, port or path"])


def test_serve_reads_the_allowed_hosts_from_the_environment_too():
    result = CliRunner().invoke(cli, ["serve"], env={"PARADEPLAN_ALLOWED_HOSTS": "parade.lan, bad_host"})
    assert (result.exit_code, result.output.strip().splitlines()) == (2, [
        "--allowed-host bad_host: must be a host name or an address, with no scheme, port or path"])


# --- cross-site changes -------------------------------------------------------------------------------


def test_a_cross_site_form_post_with_no_body_changes_nothing(client):
    """What the issue saw accepted: a form on another site posting to each change that takes no body."""
    scenario_id = imported(client)
    client.post("/api/scenarios", json={"yaml": PARADE.replace("Small parade", "Other"), "filename": "other.yaml"})
    before = everything(client, scenario_id)
    for url in changes(scenario_id):
        response = client.post(url, content=b"", headers={"origin": EVIL, "content-type": FORM})
        assert (response.status_code, response.json()) == (403, {"detail": "cross-site request refused"}), url
    assert everything(client, scenario_id) == before


@pytest.mark.parametrize("site", ["cross-site", "same-site", "CROSS-SITE", "anything"])
def test_a_change_the_browser_says_comes_from_another_site_is_refused(client, site):
    scenario_id = imported(client)
    before = everything(client, scenario_id)
    for url in changes(scenario_id):
        response = client.post(url, json={}, headers={"sec-fetch-site": site})
        assert (response.status_code, response.json()) == (403, {"detail": "cross-site request refused"}), url
    assert everything(client, scenario_id) == before


@pytest.mark.parametrize("origin", [EVIL, "null", "http://localhost:9999", "https://localhost:8000",
                                    "http://127.0.0.1:8000", "http://localhost:8000.evil.example", "not an origin"])
def test_a_change_from_another_origin_is_refused_even_as_json(client, origin):
    scenario_id = imported(client)
    before = everything(client, scenario_id)
    response = client.post(f"/api/scenarios/{scenario_id}/duplicate", json={}, headers={"origin": origin})
    assert (response.status_code, everything(client, scenario_id)) == (403, before)


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_method_that_changes_something_is_checked(client, method):
    response = client.request(method, "/api/scenarios/1", json={}, headers={"origin": EVIL})
    assert response.status_code == 403


def test_a_page_refuses_a_cross_site_post_too(client):
    response = client.post("/", content=b"a=1", headers={"origin": EVIL, "content-type": FORM})
    assert response.status_code == 403
    assert "<h1>Refused</h1>" in response.text


@pytest.mark.parametrize("content_type", [FORM, "multipart/form-data; boundary=x", "text/plain", None,
                                          "application/vnd.example+json", "text/json"])
def test_a_change_not_sent_as_json_is_refused_without_any_origin_header(client, content_type):
    """A browser too old to send Origin or Sec-Fetch-Site still cannot send JSON across sites without asking."""
    scenario_id = imported(client)
    before = everything(client, scenario_id)
    headers = {"content-type": content_type} if content_type else {}
    for url in changes(scenario_id):
        response = client.post(url, content=b"", headers=headers)
        assert response.status_code == 415, url
        assert "Content-Type: application/json" in response.json()["detail"]
    assert everything(client, scenario_id) == before


@pytest.mark.parametrize("headers", [{}, {"origin": OWN}, {"origin": OWN.upper()}, {"sec-fetch-site": "same-origin"},
                                     {"sec-fetch-site": "none"}, {"origin": OWN, "sec-fetch-site": "same-origin"}])
def test_a_same_origin_json_change_is_made(client, headers):
    scenario_id = imported(client)
    response = client.post(f"/api/scenarios/{scenario_id}/duplicate", json={}, headers=headers)
    assert response.status_code == 201
    response = client.post(f"/api/scenarios/{scenario_id}/archive", content=b"",
                           headers={**headers, "content-type": "application/json; charset=utf-8"})
    assert response.json() == {"id": scenario_id, "archived": True}


def test_the_default_port_may_be_left_out_of_the_origin(client):
    scenario_id = imported(client)
    response = client.post(f"/api/scenarios/{scenario_id}/duplicate", json={},
                           headers={"host": "localhost", "origin": "http://localhost:80"})
    assert response.status_code == 201


def test_reading_is_never_refused_for_its_origin(client):
    """Another site's page may link to or load a page (a GET); CORS keeps it from reading the reply."""
    assert client.get("/api/scenarios", headers={"origin": EVIL, "sec-fetch-site": "cross-site"}).status_code == 200


def websocket_opening(headers: dict[str, str]) -> list[dict]:
    """What the checks send back to a websocket's opening handshake, around an app that accepts it."""
    async def accepting(scope, receive, send) -> None:
        await receive()
        await send({"type": "websocket.accept"})

    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "websocket.connect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "websocket", "scheme": "ws", "path": "/ws", "query_string": b"",
             "headers": [(k.encode(), v.encode()) for k, v in {"host": "localhost:8000", **headers}.items()]}
    asyncio.run(SameOriginOnly(HostCheck(accepting, hosts={"localhost"}))(scope, receive, send))
    return sent


@pytest.mark.parametrize("headers", [{"origin": EVIL}, {"host": "evil.example"}])
def test_a_websocket_from_another_site_is_closed_before_it_opens(headers):
    assert [message["type"] for message in websocket_opening(headers)] == ["websocket.close"]


def test_a_websocket_from_this_origin_opens():
    assert websocket_opening({"origin": OWN}) == [{"type": "websocket.accept"}]


# --- the headers ----------------------------------------------------------------------------------------


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy's directives: name -> its sources."""
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in response.headers["content-security-policy"].split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/api/scenarios", "/docs", "/static/js/api.js", "/openapi.json",
                                  "/api/scenarios/999"])
def test_every_reply_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert policy(response)["frame-ancestors"] == "'none'"
    assert policy(response)["default-src"] == "'self'"


def test_refusals_carry_the_security_headers_too(client):
    for response in [client.get("/", headers={"host": "evil.example"}),
                     client.post("/api/validate", json={}, headers={"origin": EVIL})]:
        assert response.headers["x-frame-options"] == "DENY"
        assert "content-security-policy" in response.headers


def test_no_inline_script_runs_but_the_import_map_with_this_replys_nonce(client):
    scenario_id = imported(client)
    for path in ["/", f"/scenarios/{scenario_id}", f"/scenarios/{scenario_id}/versions",
                 f"/scenarios/{scenario_id}/tribune", f"/scenarios/{scenario_id}/diff?from=1&to=1"]:
        response = client.get(path)
        script_src = policy(response)["script-src"].split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        nonces = [s.removeprefix("'nonce-").removesuffix("'") for s in script_src if s.startswith("'nonce-")]
        assert len(nonces) == 1 and len(nonces[0]) >= 22
        inline = [tag for tag in re.findall(r"<script[^>]*>", response.text)
                  if "src=" not in tag and 'type="application/json"' not in tag]
        assert inline == [f'<script type="importmap" nonce="{nonces[0]}">'], path


def test_each_reply_has_a_nonce_of_its_own(client):
    assert policy(client.get("/"))["script-src"] != policy(client.get("/"))["script-src"]


def test_the_api_docs_run_no_inline_script(client):
    page = client.get("/docs").text
    assert [tag for tag in re.findall(r"<script[^>]*>", page)
            if "src=" not in tag and 'type="application/json"' not in tag] == []


def test_the_map_may_load_the_tiles_it_is_given_and_nothing_else(tmp_path):
    client = open_workspace(tmp_path, tiles="https://tile.example.org/{z}/{x}/{y}.png")
    directives = policy(client.get("/"))
    assert directives["img-src"] == "'self' data: blob: https://tile.example.org"
    assert directives["connect-src"] == "'self' https://tile.example.org"
    (tmp_path / "plain").mkdir()
    assert policy(open_workspace(tmp_path / "plain").get("/"))["connect-src"] == "'self'"
