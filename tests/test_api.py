"""The web workspace's JSON API and pages, in process (httpx over ASGI), on an SQLite file in tmp_path.

A scenario here is a small parade on a straight avenue (as in test_cli); the Astana example is
used where the real examples matter: the import on first start and new-from-example.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
import logging
import re
import socket
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from paradeplan import cli as cli_module
from paradeplan import make_plan, parse_scenario
from paradeplan.cli import app as cli
from paradeplan.simulate.run import simulate
from paradeplan.views.plan_json import plan_dict
from paradeplan.web import caches, checking, outputs, pages
from paradeplan.web.app import create_app
from paradeplan.web.limits import MAX_BODY_BYTES
from paradeplan.web.schemas import MAX_SCENARIO_CHARS
from paradeplan.web.settings import SETTINGS, SETTINGS_BY_NAME, development_examples_folder, settings

PARADE = """\
# A small parade: every comment here must survive a save.
name: Small parade
date: 2025-05-07
timezone: Asia/Almaty
route:
  path: [[10.0, 50.0], [10.0, 50.03]]  # due north
  width_m: 40
  points:
    start: {at_m: 0}
    tribune: {at_m: 1000, label: Tribune}
    release: {at_m: 2000}
timing:
  anchor: tribune
  time: "10:05:00"
ground:
  - id: colour-guard
    kind: foot
    ranks: 4
    files: 3
  - id: floats
    kind: vehicle
    vehicle: {length_m: 9.0, width_m: 3.0}
    count: 2
    speed_kmh: 5.4
"""

AIR = """\
air:
  formations:
    - id: falcons
      aircraft: {category: fixed-wing, min_kt: 100, max_kt: 350}
      tas_kt: 200
      altitude_ft: 1000
      over_tribune: "10:40:00"
      run_in: {heading_deg: 0, ip_distance_km: 20}
"""

EXAMPLES = sorted(p.stem for p in development_examples_folder().glob("*.yaml"))


class Client:
    """Requests to the app in this process, as a browser sends them (httpx over ASGI, no network)."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """A change sent with no body goes as `{}` in JSON, as the pages' postJSON sends it."""
        if method not in ("GET", "HEAD") and kwargs.get("json") is None and not kwargs.keys() & {"content", "data"}:
            kwargs["json"] = {}

        async def send():
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8000") as client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(send())

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def open_workspace(tmp_path, examples=None, **values) -> Client:
    """The app on tmp_path/paradeplan.db; `examples` None: a folder with none in it."""
    folder = examples if examples is not None else tmp_path / "no-examples"
    return Client(create_app(settings(db=f"sqlite:///{tmp_path / 'paradeplan.db'}", examples=folder, **values)))


@pytest.fixture
def client(tmp_path) -> Client:
    return open_workspace(tmp_path)


@pytest.fixture
def with_examples(tmp_path) -> Client:
    return open_workspace(tmp_path, development_examples_folder())


def imported(client: Client, text: str = PARADE) -> int:
    response = client.post("/api/scenarios", json={"yaml": text, "filename": "parade.yaml"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def saved(client: Client, scenario_id: int, text: str, message: str = "changed") -> int:
    response = client.post(f"/api/scenarios/{scenario_id}/versions", json={"yaml": text, "message": message})
    assert response.status_code == 201, response.text
    return response.json()["number"]


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


LONGER_GUARD = PARADE.replace("ranks: 4", "ranks: 8")  # 4 more ranks at 1.5 m, 1.5 m/s: 4 s longer to pass


# --- first start --------------------------------------------------------------------------------

def test_first_start_with_an_empty_database_imports_every_example(with_examples):
    names = sorted(s["filename"].removesuffix(".yaml") for s in with_examples.get("/api/scenarios").json())
    assert names == EXAMPLES


def test_a_database_with_scenarios_gets_no_examples_on_the_next_start(tmp_path, with_examples):
    again = open_workspace(tmp_path, development_examples_folder())
    assert len(again.get("/api/scenarios").json()) == len(EXAMPLES)


def test_an_example_that_does_not_load_is_left_out(tmp_path):
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "good.yaml").write_text(PARADE, encoding="utf-8")
    (folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    client = open_workspace(tmp_path, folder)
    assert [s["filename"] for s in client.get("/api/scenarios").json()] == ["good.yaml"]


def test_an_example_that_is_not_utf8_is_left_out(tmp_path):
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "good.yaml").write_text(PARADE, encoding="utf-8")
    (folder / "latin1.yaml").write_bytes(PARADE.replace("Small", "Sm\xe5ll").encode("latin-1"))
    client = open_workspace(tmp_path, folder)
    assert [e["name"] for e in client.get("/api/examples").json()] == ["good"]


def test_the_examples_are_listed_by_name_and_title(with_examples):
    astana = {"name": "astana-2025", "title": "Defender of the Fatherland Day parade, Astana 2025"}
    assert astana in with_examples.get("/api/examples").json()


# --- scenarios -----------------------------------------------------------------------------------

def test_importing_a_file_makes_a_scenario_at_version_1(client):
    response = client.post("/api/scenarios", json={"yaml": PARADE})
    assert (response.status_code, response.json()["version"]) == (201, 1)


def test_an_imported_file_keeps_its_text_comments_and_all(client):
    scenario_id = imported(client)
    assert client.get(f"/api/scenarios/{scenario_id}").json()["yaml"] == PARADE


def test_the_list_shows_name_date_and_counts(client):
    imported(client)
    row = client.get("/api/scenarios").json()[0]
    keys = ("name", "date", "elements", "personnel", "vehicles", "aircraft", "latest_version")
    shown = {key: row[key] for key in keys}
    assert shown == {"name": "Small parade", "date": "2025-05-07", "elements": 2, "personnel": 12, "vehicles": 2,
                     "aircraft": 0, "latest_version": 1}


def test_a_scenario_says_its_time_zone(client):
    assert client.get(f"/api/scenarios/{imported(client)}").json()["timezone"] == "Asia/Almaty"


def test_a_file_that_does_not_load_is_refused_with_file_line_and_key_path(client):
    broken = PARADE.replace("files: 3", "files: 0")
    response = client.post("/api/scenarios", json={"yaml": broken, "filename": "parade.yaml"})
    expected = f"parade.yaml:{line_of(broken, 'files: 0')}: ground[0].files: must be greater than 0"
    assert (response.status_code, [p["text"] for p in response.json()["problems"]]) == (422, [expected])


def test_a_problem_names_its_file_line_and_key_path_apart(client):
    broken = PARADE.replace("files: 3", "files: 0")
    problem = client.post("/api/scenarios", json={"yaml": broken, "filename": "parade.yaml"}).json()["problems"][0]
    assert (problem["file"], problem["line"], problem["path"]) == (
        "parade.yaml", line_of(broken, "files: 0"), "ground[0].files")


def test_a_yaml_syntax_error_is_refused_at_its_line(client):
    response = client.post("/api/scenarios", json={"yaml": "name: [unclosed\ndate: x\n", "filename": "parade.yaml"})
    assert response.json()["problems"][0]["text"] == (
        "parade.yaml:2: YAML syntax error: expected ',' or ']', but got ':'")


def test_a_request_without_yaml_is_refused_naming_the_missing_key(client):
    response = client.post("/api/scenarios", json={"message": "no text"})
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, ["body.yaml"])


def test_a_body_that_is_not_json_is_refused(client):
    response = client.post("/api/scenarios", content=b"name: x", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_an_uploaded_file_is_reported_under_its_own_name_without_folders(client):
    broken = PARADE.replace("files: 3", "files: 0")
    response = client.post("/api/scenarios", json={"yaml": broken, "filename": "C:\\plans\\astana.yaml"})
    assert response.json()["problems"][0]["file"] == "astana.yaml"


def test_a_new_scenario_from_an_example_has_its_text_under_a_name_of_its_own(with_examples):
    # the examples were imported when the database was new: the copy's name, and only its name, differs
    response = with_examples.post("/api/scenarios/from-example", json={"example": "astana-2025"})
    text = (development_examples_folder() / "astana-2025.yaml").read_text(encoding="utf-8")
    renamed = text.replace("name: Defender of the Fatherland Day parade, Astana 2025\n",
                           "name: Defender of the Fatherland Day parade, Astana 2025 (copy 2)\n", 1)
    assert with_examples.get(f"/api/scenarios/{response.json()['id']}").json()["yaml"] == renamed


def test_each_copy_gets_the_next_free_name(client):
    scenario_id = imported(client)
    first = client.post(f"/api/scenarios/{scenario_id}/duplicate").json()["id"]
    client.post(f"/api/scenarios/{first}/duplicate")  # a copy of the copy counts on from the original's name
    names = sorted(s["name"] for s in client.get("/api/scenarios").json())
    assert names == ["Small parade", "Small parade (copy 2)", "Small parade (copy 3)"]


def test_an_archived_scenario_keeps_its_name_taken(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/archive")
    copy = client.post(f"/api/scenarios/{scenario_id}/duplicate").json()["id"]
    assert client.get(f"/api/scenarios/{copy}").json()["name"] == "Small parade (copy 2)"


def test_an_unknown_example_is_not_found(client):
    response = client.post("/api/scenarios/from-example", json={"example": "atlantis-2025"})
    assert (response.status_code, response.json()["detail"]) == (
        404, "no example named 'atlantis-2025' (examples: none)")


def test_a_duplicate_is_a_new_scenario_with_the_latest_text(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    copy = client.post(f"/api/scenarios/{scenario_id}/duplicate").json()
    text = LONGER_GUARD.replace("name: Small parade\n", "name: Small parade (copy 2)\n", 1)
    assert (copy["version"], client.get(f"/api/scenarios/{copy['id']}").json()["yaml"]) == (1, text)


def test_archiving_hides_a_scenario_from_the_list(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/archive")
    assert client.get("/api/scenarios").json() == []


def test_an_archived_scenario_is_listed_when_asked_for(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/archive")
    assert [s["archived"] for s in client.get("/api/scenarios?archived=true").json()] == [True]


def test_unarchiving_shows_a_scenario_again(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/archive")
    response = client.post(f"/api/scenarios/{scenario_id}/unarchive")
    assert (response.json(), len(client.get("/api/scenarios").json())) == ({"id": scenario_id, "archived": False}, 1)


# --- versions ------------------------------------------------------------------------------------

def test_a_save_adds_version_2(client):
    assert saved(client, imported(client), LONGER_GUARD) == 2


def test_a_save_is_stored_when_the_reply_says_so(tmp_path, client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    restarted = open_workspace(tmp_path)
    assert restarted.get(f"/api/scenarios/{scenario_id}").json()["yaml"] == LONGER_GUARD


def test_a_save_keeps_the_earlier_version(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    assert client.get(f"/api/scenarios/{scenario_id}/versions/1").json()["yaml"] == PARADE


def test_a_text_that_does_not_load_is_not_saved(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/versions", json={"yaml": "name: 1\n", "message": "broken"})
    assert len(client.get(f"/api/scenarios/{scenario_id}/versions").json()) == 1


def test_a_refused_save_names_the_scenario_file(client):
    scenario_id = imported(client)
    broken = PARADE.replace("speed_kmh: 5.4", "speed_kmh: -1")
    response = client.post(f"/api/scenarios/{scenario_id}/versions", json={"yaml": broken, "message": "oops"})
    assert [p["text"] for p in response.json()["problems"]] == [
        f"parade.yaml:{line_of(broken, 'speed_kmh')}: ground[1].speed_kmh: must be greater than 0"]


def test_a_save_needs_a_message(client):
    response = client.post(f"/api/scenarios/{imported(client)}/versions", json={"yaml": PARADE})
    assert [p["path"] for p in response.json()["problems"]] == ["body.message"]


def test_the_versions_list_author_message_and_time(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/versions",
                json={"yaml": LONGER_GUARD, "message": "guard doubled", "author": "Maj. Sadykova"})
    latest = client.get(f"/api/scenarios/{scenario_id}/versions").json()[0]
    assert ({k: latest[k] for k in ("number", "author", "message")}, latest["created_at"].endswith("+00:00")) == (
        {"number": 2, "author": "Maj. Sadykova", "message": "guard doubled"}, True)


def test_a_restore_saves_the_old_text_as_a_new_version(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    number = client.post(f"/api/scenarios/{scenario_id}/versions/1/restore").json()["number"]
    assert (number, client.get(f"/api/scenarios/{scenario_id}").json()["yaml"]) == (3, PARADE)


def test_a_restore_keeps_every_version(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    client.post(f"/api/scenarios/{scenario_id}/versions/1/restore")
    messages = [v["message"] for v in client.get(f"/api/scenarios/{scenario_id}/versions").json()]
    assert messages == ["restore of version 1", "changed", "imported"]


def test_the_diff_shows_the_changed_line(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    diff = client.get(f"/api/scenarios/{scenario_id}/diff?from=1&to=2").json()["text_diff"]
    assert [line for line in diff.splitlines() if line.startswith(("-  ", "+  "))] == ["-    ranks: 4", "+    ranks: 8"]


def test_the_diff_lists_the_elements_whose_tribune_time_moved(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    moved = client.get(f"/api/scenarios/{scenario_id}/diff?from=1&to=2").json()["moved"]
    assert [(m["id"], m["from_time"], m["to_time"], m["delta_s"]) for m in moved] == [
        ("floats", "2025-05-07T10:05:18.0+05:00", "2025-05-07T10:05:22.0+05:00", 4.0)]


def test_the_diff_lists_an_element_only_one_version_has_without_a_delta(client):
    scenario_id = imported(client)
    saved(client, scenario_id, PARADE.replace("id: floats", "id: tractors"))
    moved = client.get(f"/api/scenarios/{scenario_id}/diff").json()["moved"]
    assert [(m["id"], m["from_time"] is None, m["to_time"] is None, m["delta_s"]) for m in moved] == [
        ("tractors", True, False, None), ("floats", False, True, None)]


def test_the_diff_compares_the_last_two_versions_by_default(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    diff = client.get(f"/api/scenarios/{scenario_id}/diff").json()
    assert (diff["from"], diff["to"]) == (1, 2)


TIGHT_FLOATS = PARADE.replace("    speed_kmh: 5.4\n", "    speed_kmh: 5.4\n    gap_before_s: 1\n")  # 1.5 m behind


def test_the_diff_counts_the_findings_on_each_side(client):
    scenario_id = imported(client)
    saved(client, scenario_id, TIGHT_FLOATS)
    findings = client.get(f"/api/scenarios/{scenario_id}/diff").json()["findings"]
    assert (findings["from"], findings["to"]) == ({"errors": 0, "warnings": 0}, {"errors": 1, "warnings": 0})


def test_the_diff_lists_the_findings_only_the_newer_version_has(client):
    scenario_id = imported(client)
    saved(client, scenario_id, TIGHT_FLOATS)
    findings = client.get(f"/api/scenarios/{scenario_id}/diff").json()["findings"]
    assert ([(f["code"], f["elements"]) for f in findings["added"]], findings["removed"]) == (
        [("gap-too-small", ["colour-guard", "floats"])], [])


def test_the_diff_gives_the_change_in_the_span_at_the_tribune(client):
    # 4 more ranks: the guard 4 s longer, the floats' tail 4 s later, the first head unmoved
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    tribune = client.get(f"/api/scenarios/{scenario_id}/diff").json()["spans"]["tribune"]
    assert tribune["delta_s"] == 4.0


def test_an_unsaved_text_is_compared_with_the_latest_version(client):
    scenario_id = imported(client)
    diff = client.post(f"/api/scenarios/{scenario_id}/compare", json={"yaml": LONGER_GUARD}).json()
    assert (diff["from"], diff["to"], [(m["id"], m["delta_s"]) for m in diff["moved"]]) == (1, None, [("floats", 4.0)])


def test_the_compared_text_diff_says_the_text_is_not_saved(client):
    scenario_id = imported(client)
    diff = client.post(f"/api/scenarios/{scenario_id}/compare", json={"yaml": LONGER_GUARD}).json()
    assert "+++ parade.yaml (edited, not saved)" in diff["text_diff"]


def test_an_unsaved_text_is_compared_with_the_version_asked_for(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    diff = client.post(f"/api/scenarios/{scenario_id}/compare", json={"yaml": LONGER_GUARD, "version": 1}).json()
    assert (diff["from"], [m["id"] for m in diff["moved"]]) == (1, ["floats"])


def test_comparing_a_text_that_does_not_load_answers_its_problems(client):
    scenario_id = imported(client)
    response = client.post(f"/api/scenarios/{scenario_id}/compare",
                           json={"yaml": PARADE.replace("ranks: 4", "ranks: -4")})
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, ["ground[0].ranks"])


# --- the editor's check and its what-if -----------------------------------------------------------

def test_the_check_of_a_text_gives_the_plan_a_save_of_it_would_serve(client):
    scenario_id = imported(client)
    checked = client.post("/api/validate", json={"yaml": PARADE, "filename": "parade.yaml"}).json()
    assert checked["plan"] == client.get(f"/api/scenarios/{scenario_id}/plan").json()


def test_the_check_says_how_long_it_took_on_the_server(client):
    response = client.post("/api/validate", json={"yaml": PARADE})
    assert re.fullmatch(r"check;dur=\d+\.\d", response.headers["server-timing"])


def test_an_unsaved_text_is_simulated_as_its_saved_version_would_be(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    trips = client.post("/api/trips", json={"yaml": LONGER_GUARD, "filename": "parade.yaml"})
    assert trips.content == client.get(f"/api/scenarios/{scenario_id}/trips").content


def test_simulating_a_text_that_does_not_load_answers_its_problems(client):
    response = client.post("/api/trips", json={"yaml": PARADE.replace("ranks: 4", "ranks: -4")})
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, ["ground[0].ranks"])


# --- the list's findings ----------------------------------------------------------------------------

def test_the_list_gives_the_latest_versions_findings(client):
    scenario_id = imported(client)
    saved(client, scenario_id, TIGHT_FLOATS)
    item = client.get("/api/scenarios").json()[0]
    assert (item["errors"], item["warnings"]) == (1, 0)


def test_the_list_works_out_the_findings_of_a_version_saved_without_them(client):
    # a version stored before its counts were kept (NULL in the database) is planned for the list
    scenario_id = imported(client)
    storage = client.app.state.workspace.storage
    old_summary = dataclasses.replace(storage.scenario(scenario_id).latest.summary, errors=None, warnings=None)
    storage.add_version(scenario_id, TIGHT_FLOATS, old_summary, author="old", message="saved before the counts")
    item = client.get("/api/scenarios").json()[0]
    assert (item["errors"], item["warnings"]) == (1, 0)


# --- plans, findings and exports -----------------------------------------------------------------

def test_the_plan_is_the_plan_json_of_the_command_line(client):
    plan = client.get(f"/api/scenarios/{imported(client)}/plan").json()
    expected = plan_dict(make_plan(parse_scenario(PARADE, filename="parade.yaml")))
    assert plan["ground"] == expected["ground"]


def features(plan: dict, kind: str) -> list[dict]:
    """The plan's GeoJSON features of one kind."""
    return [f for f in plan["geometry"]["features"] if f["properties"]["kind"] == kind]


def test_the_plan_gives_the_named_points_in_lon_lat(client):
    points = features(client.get(f"/api/scenarios/{imported(client)}/plan").json(), "point")
    lon, lat = next(p["geometry"]["coordinates"] for p in points if p["properties"]["name"] == "tribune")
    assert (round(lon, 7), round(lat, 3)) == (10.0, 50.009)  # 1,000 m north of 50.000


def test_the_plan_gives_the_route_as_drawn(client):
    route = features(client.get(f"/api/scenarios/{imported(client)}/plan").json(), "route")[0]
    assert route["geometry"]["coordinates"] == [[10.0, 50.0], [10.0, 50.03]]


def test_the_plan_gives_the_road_at_its_width(client):
    # a 40 m road due north at 50 deg N: its edges 20 m either side, 20 / 71,700 m a degree = 0.000279 deg
    road = features(client.get(f"/api/scenarios/{imported(client)}/plan").json(), "road")[0]
    lons = sorted({round(lon, 6) for lon, _ in road["geometry"]["coordinates"][0]})
    assert lons == [9.999721, 10.000279]


def test_the_plan_of_an_older_version(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    ranks = client.get(f"/api/scenarios/{scenario_id}/plan?version=1").json()["ground"][0]["length_m"]
    assert ranks == 4.5  # front of the first rank to front of the fourth: 3 x 1.5 m


def test_the_plan_gives_each_formation_its_run_in_from_the_ip_to_the_tribune(client):
    run_ins = features(client.get(f"/api/scenarios/{imported(client, PARADE + AIR)}/plan").json(), "run-in")
    assert [(f["properties"]["formation"], f["properties"]["track_deg"],
             round(f["geometry"]["coordinates"][0][1] - f["geometry"]["coordinates"][1][1], 2)) for f in run_ins] == [
        ("falcons", 0.0, -0.18)]  # the IP 20 km south of the tribune


def test_a_finding_carries_the_line_to_change(client):
    unknown_type = PARADE.replace("vehicle: {length_m: 9.0, width_m: 3.0}", "vehicle: no-such-tank")
    findings = client.get(f"/api/scenarios/{imported(client, unknown_type)}/findings").json()
    assert [(f["code"], f["path"], f["line"]) for f in findings] == [
        ("unknown-vehicle", "ground[1].vehicle", line_of(unknown_type, "no-such-tank"))]


def test_the_findings_of_a_clean_plan_are_empty(client):
    assert client.get(f"/api/scenarios/{imported(client)}/findings").json() == []


def test_validate_returns_the_problems_of_a_text_that_does_not_load(client):
    response = client.post("/api/validate", json={"yaml": PARADE.replace("files: 3", "files: 0")})
    assert ([p["path"] for p in response.json()["problems"]], response.json()["plan"]) == (["ground[0].files"], None)


def test_validate_returns_the_plan_of_a_text_that_loads(client):
    response = client.post("/api/validate", json={"yaml": PARADE}).json()
    assert (response["problems"], [g["id"] for g in response["plan"]["ground"]]) == ([], ["colour-guard", "floats"])


def test_validate_names_problems_after_the_file_it_is_told(client):
    response = client.post("/api/validate", json={"yaml": "name: x\n", "filename": "astana-2025.yaml"})
    assert {p["file"] for p in response.json()["problems"]} == {"astana-2025.yaml"}


def test_the_march_table_downloads_as_csv(client):
    response = client.get(f"/api/scenarios/{imported(client)}/export/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert ([r["id"] for r in rows], response.headers["content-type"]) == (
        ["colour-guard", "floats"], "text/csv; charset=utf-8")


def test_a_download_is_named_after_the_file_and_version(client):
    response = client.get(f"/api/scenarios/{imported(client)}/export/csv")
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''parade-v1.csv"


def test_the_air_segment_downloads_as_a_bluesky_scenario(client):
    response = client.get(f"/api/scenarios/{imported(client, PARADE + AIR)}/export/bluesky")
    assert ">CRE FALCONS," in response.text


def test_a_bluesky_export_without_formations_is_not_found(client):
    response = client.get(f"/api/scenarios/{imported(client)}/export/bluesky")
    assert (response.status_code, response.json()["detail"]) == (
        404, "scenario 1 version 1 has no formation that could be timed")


def test_the_timing_cards_carry_each_formations_correction_table(client):
    cards = client.get(f"/api/scenarios/{imported(client, PARADE + AIR)}/cards").json()["cards"]
    assert [(c["id"], len(c["corrections"])) for c in cards] == [("falcons", 8)]


def test_the_trips_give_every_rank_and_vehicle_a_path(client):
    trips = client.get(f"/api/scenarios/{imported(client)}/trips").json()
    assert [a["id"] for a in trips["agents"]] == [
        "colour-guard/rank-1", "colour-guard/rank-2", "colour-guard/rank-3", "colour-guard/rank-4",
        "floats/vehicle-1", "floats/vehicle-2"]


def test_each_trip_position_has_its_timestamp(client):
    agents = client.get(f"/api/scenarios/{imported(client)}/trips").json()["agents"]
    assert all(len(a["path"]) == len(a["timestamps"]) > 1 for a in agents)


def test_the_trips_of_an_older_version(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    agents = client.get(f"/api/scenarios/{scenario_id}/trips?version=1").json()["agents"]
    assert sum(a["element"] == "colour-guard" for a in agents) == 4


def test_the_trips_fly_each_aircraft_at_its_height(client):
    agents = client.get(f"/api/scenarios/{imported(client, PARADE + AIR)}/trips").json()["agents"]
    assert {a["path"][-1][2] for a in agents if a["element"] == "falcons"} == {304.8}  # 1,000 ft


@pytest.fixture
def simulations_run(monkeypatch) -> list[str]:
    """The name of every scenario the web layer simulates, in order."""
    runs: list[str] = []
    monkeypatch.setattr(caches, "simulate", lambda plan: runs.append(plan.scenario.name) or simulate(plan))
    return runs


def test_a_versions_trips_are_simulated_once(client, simulations_run):
    scenario_id = imported(client)
    for _ in range(2):
        client.get(f"/api/scenarios/{scenario_id}/trips")
    assert len(simulations_run) == 1


# --- each app plans a version once ----------------------------------------------------------------

@pytest.fixture
def plans_made(monkeypatch) -> list[str]:
    """The name of every scenario the web layer plans, in order."""
    made: list[str] = []

    def counted(scenario, *args, **kwargs):
        made.append(scenario.name)
        return make_plan(scenario, *args, **kwargs)

    monkeypatch.setattr(checking, "make_plan", counted)
    return made


def test_a_saved_version_is_planned_once_whatever_is_asked_of_it(client, plans_made):
    scenario_id = imported(client)
    for what in ("plan", "findings", "cards", "export/csv", "plan"):
        client.get(f"/api/scenarios/{scenario_id}/{what}")
    assert len(plans_made) == 1  # when it was saved


def test_a_text_the_editor_checked_is_not_planned_again_when_saved(client, plans_made):
    client.post("/api/validate", json={"yaml": PARADE, "filename": "parade.yaml"})
    imported(client)
    assert len(plans_made) == 1


def test_the_editor_sending_the_same_text_again_plans_nothing(client, plans_made):
    for _ in range(2):
        client.post("/api/validate", json={"yaml": PARADE})
    assert len(plans_made) == 1


def test_a_new_version_gets_its_own_plan(client):
    scenario_id = imported(client)
    client.get(f"/api/scenarios/{scenario_id}/plan")
    saved(client, scenario_id, LONGER_GUARD)
    assert client.get(f"/api/scenarios/{scenario_id}/plan").json()["ground"][0]["length_m"] == 10.5  # 7 x 1.5 m


def test_two_apps_on_one_database_plan_each_on_their_own(tmp_path, plans_made):
    first = open_workspace(tmp_path)
    scenario_id = imported(first)
    first.get(f"/api/scenarios/{scenario_id}/plan")
    second = open_workspace(tmp_path)
    plans_made.clear()
    second.get(f"/api/scenarios/{scenario_id}/plan")
    assert len(plans_made) == 1


def test_invalidating_a_scenario_plans_it_again(client, plans_made):
    scenario_id = imported(client)
    client.get(f"/api/scenarios/{scenario_id}/plan")
    client.app.state.workspace.plans.invalidate(scenario_id)
    client.get(f"/api/scenarios/{scenario_id}/plan")
    assert len(plans_made) == 2


def test_invalidating_a_scenario_simulates_it_again(client, simulations_run):
    scenario_id = imported(client)
    client.get(f"/api/scenarios/{scenario_id}/trips")
    client.app.state.workspace.plans.invalidate(scenario_id)
    client.get(f"/api/scenarios/{scenario_id}/trips")
    assert len(simulations_run) == 2


def test_invalidating_a_scenario_keeps_the_plans_of_the_others(client, plans_made):
    kept = imported(client)
    other = imported(client, PARADE.replace("Small parade", "Other parade"))
    client.app.state.workspace.plans.invalidate(other)
    client.get(f"/api/scenarios/{kept}/plan")
    assert plans_made == ["Small parade", "Other parade"]  # both when they were saved, nothing since


# --- pages --------------------------------------------------------------------------------------

def html_of(response: httpx.Response) -> str:
    assert (response.status_code, response.headers["content-type"]) == (200, "text/html; charset=utf-8")
    return response.text


def test_the_scenarios_page_lists_the_scenarios(client):
    imported(client)
    assert "Small parade" in html_of(client.get("/"))


def test_the_scenarios_page_offers_the_examples(with_examples):
    assert '<option value="astana-2025">' in html_of(with_examples.get("/"))


def test_the_workspace_page_opens_the_latest_version(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    assert '<span class="crumb version">v2</span>' in html_of(client.get(f"/scenarios/{scenario_id}"))


def test_an_old_version_opens_read_only_with_its_own_text(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    page = html_of(client.get(f"/scenarios/{scenario_id}/versions/1"))
    assert ("version 1 · read-only" in page, "ranks: 4" in page, "ranks: 8" in page) == (True, True, False)


def test_the_versions_page_lists_the_latest_first(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    page = html_of(client.get(f"/scenarios/{scenario_id}/versions"))
    assert page.index("<strong>v2</strong>") < page.index("<strong>v1</strong>")


def test_the_diff_page_shows_the_elements_that_moved(client):
    scenario_id = imported(client)
    saved(client, scenario_id, LONGER_GUARD)
    assert "+4.0 s" in html_of(client.get(f"/scenarios/{scenario_id}/diff?from=1&to=2"))


def test_the_tribune_page_names_the_scenario(client):
    assert '<span class="crumb">Small parade</span>' in html_of(client.get(f"/scenarios/{imported(client)}/tribune"))


def test_the_workspace_page_gets_the_tile_url(tmp_path):
    client = open_workspace(tmp_path, tiles="https://tiles.example/{z}/{x}/{y}.png")
    page = html_of(client.get(f"/scenarios/{imported(client)}"))
    assert '"tiles_url": "https://tiles.example/{z}/{x}/{y}.png"' in page


VENDORED = json.loads((pages.STATIC / "vendor" / "VERSIONS.json").read_text(encoding="utf-8"))


@pytest.fixture
def template_contexts(monkeypatch) -> list[dict]:
    """The context of every template the pages render, in order."""
    contexts: list[dict] = []
    render = pages.templates.TemplateResponse

    def recording(request, name, context, *args, **kwargs):
        contexts.append(context)
        return render(request, name, context, *args, **kwargs)

    monkeypatch.setattr(pages.templates, "TemplateResponse", recording)
    return contexts


def test_every_page_gets_the_folder_url_of_each_vendored_library(client, template_contexts):
    client.get("/")
    vendor = template_contexts[0]["vendor"]
    assert vendor == {name: f"/static/vendor/{package['folder']}" for name, package in VENDORED.items()}


def test_the_vendored_libraries_are_served_at_their_folder_urls(client, template_contexts):
    client.get(f"/scenarios/{imported(client)}")
    vendor = template_contexts[0]["vendor"]
    statuses = {name: client.get(f"{vendor[name]}/{package['files'][0]}").status_code
                for name, package in VENDORED.items()}
    assert statuses == {name: 200 for name in VENDORED}


# --- unknown ids, bad requests, unexpected errors ------------------------------------------------

UNKNOWN = [
    ("GET", "/api/scenarios/999", None),
    ("POST", "/api/scenarios/999/duplicate", None),
    ("POST", "/api/scenarios/999/archive", None),
    ("POST", "/api/scenarios/999/unarchive", None),
    ("GET", "/api/scenarios/999/versions", None),
    ("GET", "/api/scenarios/1/versions/9", None),
    ("POST", "/api/scenarios/999/versions", {"yaml": PARADE, "message": "lost?"}),
    ("POST", "/api/scenarios/1/versions/9/restore", None),
    ("GET", "/api/scenarios/1/diff?from=1&to=9", None),
    ("GET", "/api/scenarios/999/plan", None),
    ("GET", "/api/scenarios/1/plan?version=9", None),
    ("GET", "/api/scenarios/999/findings", None),
    ("GET", "/api/scenarios/999/trips", None),
    ("GET", "/api/scenarios/1/trips?version=9", None),
    ("GET", "/api/scenarios/999/export/csv", None),
    ("GET", "/api/scenarios/999/export/bluesky", None),
    ("GET", "/api/scenarios/999/cards", None),
    ("GET", "/api/scenarios/not-a-number", None),
    ("GET", "/scenarios/999", None),
    ("GET", "/scenarios/1/versions/9", None),
    ("GET", "/scenarios/999/versions", None),
    ("GET", "/scenarios/1/diff?from=1&to=9", None),
    ("GET", "/scenarios/999/tribune", None),
]


@pytest.mark.parametrize(("method", "url", "body"), UNKNOWN, ids=[f"{m} {u}" for m, u, _ in UNKNOWN])
def test_an_unknown_id_or_version_is_not_found(client, method, url, body):
    imported(client)
    assert client.request(method, url, json=body).status_code == 404


def test_a_version_number_below_1_is_refused(client):
    response = client.get(f"/api/scenarios/{imported(client)}/plan?version=0")
    assert [p["path"] for p in response.json()["problems"]] == ["query.version"]


OUT_OF_RANGE = [str(2**31), str(2**63), str(2**64), str(10**30), "0", "-1"]  # ids: 1 to 2**31 - 1 (storage.MAX_ID)


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_a_scenario_id_no_database_holds_is_not_found(client, number):
    response = client.get(f"/api/scenarios/{number}/plan")
    assert (response.status_code, response.json()) == (404, {"detail": f"nothing at /api/scenarios/{number}/plan"})


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_a_version_number_no_database_holds_is_not_found(client, number):
    response = client.post(f"/api/scenarios/{imported(client)}/versions/{number}/restore")
    assert response.status_code == 404


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_a_page_for_an_id_no_database_holds_is_not_found(client, number):
    assert client.get(f"/scenarios/{number}/tribune").status_code == 404


def test_the_largest_id_a_database_holds_is_looked_up(client):
    response = client.get(f"/api/scenarios/{2**31 - 1}")
    assert (response.status_code, response.json()) == (404, {"detail": f"no scenario with id {2**31 - 1}"})


@pytest.mark.parametrize("query", ["version", "from", "to"])
def test_a_version_query_past_what_a_database_holds_is_refused(client, query):
    what = "diff" if query in ("from", "to") else "plan"
    response = client.get(f"/api/scenarios/{imported(client)}/{what}?{query}={2**31}")
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, [f"query.{query}"])


@pytest.mark.parametrize("key", ["author", "message", "filename"])
def test_a_nul_character_no_database_stores_is_refused_naming_the_key(client, key):
    response = client.post("/api/scenarios", json={"yaml": PARADE, key: "nul\u0000"})
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, [f"body.{key}"])


def test_a_scenario_name_with_a_nul_character_is_refused_at_its_line(client):
    text = PARADE.replace("name: Small parade", 'name: "Small\\0parade"')
    response = client.post("/api/scenarios", json={"yaml": text, "filename": "parade.yaml"})
    assert [p["text"] for p in response.json()["problems"]] == [
        f"parade.yaml:{line_of(text, 'name:')}: name: must not contain the NUL character (U+0000), which no "
        "database stores"]


# --- the request body size limit -------------------------------------------------------------------

def test_a_body_declared_past_the_limit_is_refused_before_it_is_read(client):
    pulled: list[bytes] = []

    async def body():
        pulled.append(b"{}")
        yield b"{}"

    response = client.post("/api/validate", content=body(), headers={"content-type": "application/json",
                                                                    "content-length": str(MAX_BODY_BYTES + 1)})
    assert (response.status_code, response.json(), pulled) == (
        413, {"detail": f"the request body is larger than {MAX_BODY_BYTES:,} bytes"}, [])


def test_a_streamed_body_is_refused_at_the_chunk_that_passes_the_limit(client):
    chunk = b" " * 65_536
    pulled: list[int] = []

    async def body():  # 1,000 chunks of 64 KiB, 62.5 MiB in all, sent without a Content-Length
        for _ in range(1000):
            pulled.append(len(chunk))
            yield chunk

    response = client.post("/api/validate", content=body(), headers={"content-type": "application/json"})
    assert (response.status_code, len(pulled)) == (413, MAX_BODY_BYTES // len(chunk) + 1)


def test_a_text_over_the_character_cap_but_under_the_byte_limit_is_refused_naming_the_key(client):
    response = client.post("/api/validate", json={"yaml": "#" * (MAX_SCENARIO_CHARS + 1)})
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, ["body.yaml"])


# --- a version that saved always plans ------------------------------------------------------------

NAN_ELEVATION = PARADE + AIR.replace("air:\n", "air:\n  elevation_ft: .nan\n")
LAST_DAY = PARADE.replace("2025-05-07", "9999-12-31").replace('"10:05:00"', '"23:59:50"') + AIR.replace(
    '"10:40:00"', '"23:59:50"')


def versions_of(client: Client, scenario_id: int) -> list[int]:
    return [v["number"] for v in client.get(f"/api/scenarios/{scenario_id}/versions").json()]


def test_a_number_that_is_not_finite_is_refused_at_its_line(client):
    response = client.post("/api/scenarios", json={"yaml": NAN_ELEVATION, "filename": "parade.yaml"})
    assert (response.status_code, [(p["line"], p["path"]) for p in response.json()["problems"]]) == (
        422, [(line_of(NAN_ELEVATION, "elevation_ft"), "air.elevation_ft")])


def test_a_text_whose_plan_cannot_be_shown_is_not_saved(client):
    scenario_id = imported(client)
    client.post(f"/api/scenarios/{scenario_id}/versions", json={"yaml": NAN_ELEVATION, "message": "nan"})
    assert versions_of(client, scenario_id) == [1]


def test_a_parade_running_past_the_calendar_is_refused_with_its_line(client):
    response = client.post("/api/scenarios", json={"yaml": LAST_DAY, "filename": "parade.yaml"})
    assert (response.status_code, all(p["line"] for p in response.json()["problems"])) == (422, True)


def test_a_parade_running_past_the_calendar_is_not_saved(client):
    client.post("/api/scenarios", json={"yaml": LAST_DAY})
    assert client.get("/api/scenarios").json() == []


def test_validate_gives_the_problem_of_a_plan_that_cannot_be_shown(client):
    response = client.post("/api/validate", json={"yaml": NAN_ELEVATION, "filename": "parade.yaml"})
    assert (response.status_code, [p["path"] for p in response.json()["problems"]], response.json()["plan"]) == (
        200, ["air.elevation_ft"], None)


@pytest.fixture
def cards_with_a_nan(monkeypatch):
    """Timing cards with a number JSON cannot carry, whatever the text."""
    monkeypatch.setattr(outputs, "cards_dict", lambda plan: {"cards": [{"tas_kt": float("nan")}]})


def test_a_plan_whose_cards_cannot_be_encoded_is_refused_naming_where(client, cards_with_a_nan):
    response = client.post("/api/scenarios", json={"yaml": PARADE, "filename": "parade.yaml"})
    assert (response.status_code, [p["text"] for p in response.json()["problems"]]) == (422, [
        "parade.yaml: the cards cannot be shown: cards[0].tas_kt comes out as nan; "
        "check the values it is worked out from"])


@pytest.fixture
def dates_overflowing(monkeypatch):
    """The plan JSON failing as a time past 9999-12-31 makes it fail."""
    def overflow(plan, lines=None):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(outputs, "plan_dict", overflow)


def test_times_past_the_calendar_are_refused_at_the_date(client, dates_overflowing):
    response = client.post("/api/scenarios", json={"yaml": PARADE, "filename": "parade.yaml"})
    assert [p["text"] for p in response.json()["problems"]] == [
        f"parade.yaml:{line_of(PARADE, 'date:')}: date: the parade's times run outside the calendar's years 1 to "
        "9999: move the date or the times"]


@pytest.fixture
def march_table_failing(monkeypatch):
    def fail(plan):
        raise RuntimeError("the march table failed in a way nobody foresaw")

    monkeypatch.setattr(outputs, "march_table_csv", fail)


def test_a_save_that_fails_unexpectedly_answers_500_in_one_line(client, march_table_failing):
    response = client.post("/api/scenarios", json={"yaml": PARADE})
    assert (response.status_code, response.json()) == (
        500, {"detail": "internal error: the server log has the details"})


def test_a_save_that_fails_unexpectedly_stores_nothing(client, march_table_failing):
    client.post("/api/scenarios", json={"yaml": PARADE})
    assert client.get("/api/scenarios").json() == []


def stored_unchecked(client: Client, scenario_id: int, text: str) -> int:
    """Store a text as the next version without checking it, as a version saved before a check existed."""
    storage = client.app.state.workspace.storage
    summary = storage.scenario(scenario_id).latest.summary
    return storage.add_version(scenario_id, text, summary, author="old", message="saved unchecked").number


def test_a_stored_version_that_no_longer_checks_answers_its_problems(client):
    scenario_id = imported(client)
    number = stored_unchecked(client, scenario_id, NAN_ELEVATION)
    response = client.get(f"/api/scenarios/{scenario_id}/cards?version={number}")
    assert (response.status_code, [p["path"] for p in response.json()["problems"]]) == (422, ["air.elevation_ft"])


def test_restoring_a_version_that_no_longer_checks_stores_nothing(client):
    scenario_id = imported(client)
    number = stored_unchecked(client, scenario_id, NAN_ELEVATION)
    response = client.post(f"/api/scenarios/{scenario_id}/versions/{number}/restore")
    assert (response.status_code, versions_of(client, scenario_id)) == (422, [2, 1])


def test_duplicating_a_scenario_whose_latest_version_no_longer_checks_stores_nothing(client):
    scenario_id = imported(client)
    stored_unchecked(client, scenario_id, NAN_ELEVATION)
    response = client.post(f"/api/scenarios/{scenario_id}/duplicate")
    assert (response.status_code, len(client.get("/api/scenarios").json())) == (422, 1)


@pytest.fixture
def planner_failing(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("planner failed in a way nobody foresaw")

    monkeypatch.setattr(checking, "make_plan", fail)


def test_an_unexpected_error_answers_500_in_one_line(client, planner_failing):
    response = client.post("/api/validate", json={"yaml": PARADE})
    assert (response.status_code, response.json()) == (
        500, {"detail": "internal error: the server log has the details"})


def test_an_unexpected_error_on_a_page_answers_a_short_page(client, monkeypatch):
    def fail(ws, scenario_id):
        raise RuntimeError("the page failed in a way nobody foresaw")

    monkeypatch.setattr(pages, "scenario_shown", fail)
    response = client.get(f"/scenarios/{imported(client)}/tribune")
    assert (response.status_code, "Traceback" in response.text, "the server log has the details" in response.text) == (
        500, False, True)


def test_an_unexpected_error_goes_to_the_server_log_with_its_traceback(client, planner_failing, caplog):
    with caplog.at_level(logging.ERROR, logger="paradeplan.web"):
        client.post("/api/validate", json={"yaml": PARADE})
    assert "RuntimeError: planner failed in a way nobody foresaw" in caplog.text


# --- the OpenAPI description ---------------------------------------------------------------------

def test_the_openapi_schema_lists_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert sorted(paths) == sorted({
        "/api/scenarios", "/api/scenarios/from-example", "/api/examples", "/api/scenarios/{scenario_id}",
        "/api/scenarios/{scenario_id}/duplicate", "/api/scenarios/{scenario_id}/archive",
        "/api/scenarios/{scenario_id}/unarchive", "/api/scenarios/{scenario_id}/versions",
        "/api/scenarios/{scenario_id}/versions/{number}", "/api/scenarios/{scenario_id}/versions/{number}/restore",
        "/api/scenarios/{scenario_id}/diff", "/api/validate", "/api/scenarios/{scenario_id}/plan",
        "/api/scenarios/{scenario_id}/findings", "/api/scenarios/{scenario_id}/trips",
        "/api/scenarios/{scenario_id}/export/csv", "/api/scenarios/{scenario_id}/export/bluesky",
        "/api/scenarios/{scenario_id}/cards", "/api/trips", "/api/scenarios/{scenario_id}/compare", "/api/me",
        "/api/audit", "/api/scenarios/{scenario_id}/live", "/api/scenarios/{scenario_id}/live/end",
        "/api/scenarios/{scenario_id}/live/clock", "/api/scenarios/{scenario_id}/live/events",
        "/api/scenarios/{scenario_id}/live/forecast", "/api/scenarios/{scenario_id}/live/corrections",
        "/api/scenarios/{scenario_id}/live/stream", "/api/scenarios/{scenario_id}/live/report.csv",
        "/api/scenarios/{scenario_id}/handouts/{file}", "/api/scenarios/{scenario_id}/live/after-action.pdf",
        "/api/scenarios/{scenario_id}/live/after-action.xlsx", "/api/fit", "/api/scenarios/{scenario_id}/live/replan"})


def test_the_api_docs_load_nothing_from_another_origin(client):
    page = client.get("/docs").text
    addresses = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page)
    assert [a for a in addresses if not a.startswith(("/", "data:"))] == []


def test_the_api_docs_use_the_vendored_swagger_ui(client):
    for address in re.findall(r"""(?:src|href)=['"](/static/[^'"]+)['"]""", client.get("/docs").text):
        assert client.get(address).status_code == 200, address


# --- paradeplan serve ----------------------------------------------------------------------------

runner = CliRunner()


def test_serve_refuses_a_host_beyond_loopback_without_https_in_one_line():
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert (result.exit_code, result.output.strip().splitlines()) == (2, [
        "--host 0.0.0.0: beyond loopback the server needs HTTPS: give --certfile and --keyfile, or "
        "--behind-proxy ADDRESS when a reverse proxy ends TLS"])


def test_serve_refuses_a_host_beyond_loopback_without_an_admin(tmp_path, served):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--behind-proxy", "127.0.0.1", "--db", db])
    assert (result.exit_code, result.output.strip()) == (
        2, f"--host 0.0.0.0: beyond loopback the server needs an admin account first: "
           f"paradeplan users add NAME --role admin --db {db}")


def test_serve_goes_beyond_loopback_behind_a_proxy_once_an_admin_exists(tmp_path, served):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner.invoke(cli, ["users", "add", "ann", "--role", "admin", "--db", db], input="correct horse battery\n")
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--behind-proxy", "127.0.0.1", "--db", db,
                                 "--examples", str(tmp_path)])
    assert (result.exit_code, served["host"], served["behind_proxy"]) == (0, "0.0.0.0", "127.0.0.1")


def test_serve_with_a_certificate_gives_an_https_url(tmp_path, served):
    for name in ("cert.pem", "key.pem"):
        (tmp_path / name).write_text("checked by the TLS library when it serves, not here")
    result = runner.invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--examples", str(tmp_path),
                                 "--certfile", str(tmp_path / "cert.pem"), "--keyfile", str(tmp_path / "key.pem")])
    assert f"open https://127.0.0.1:{served['port']}/" in result.output


def test_serve_refuses_a_certificate_without_its_key(tmp_path):
    (tmp_path / "cert.pem").write_text("-")
    result = runner.invoke(cli, ["serve", "--certfile", str(tmp_path / "cert.pem")])
    assert (result.exit_code, result.output.strip()) == (2, "--certfile and --keyfile go together")


def test_serve_refuses_a_database_it_cannot_open_in_one_line(tmp_path):
    result = runner.invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'missing' / 'x.db'}"])
    assert (result.exit_code, len(result.output.strip().splitlines())) == (2, 1)


def test_serve_refuses_a_tile_url_without_its_placeholders(tmp_path):
    result = runner.invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--tiles", "https://tiles.example/"])
    assert result.exit_code == 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(monkeypatch) -> dict:
    """Where `paradeplan serve` would serve: the socket's address, filled in instead of running the server."""
    address: dict = {}

    def remember(web, sock, chosen):
        address.update(host=sock.getsockname()[0], port=sock.getsockname()[1], behind_proxy=chosen.behind_proxy)
        sock.close()

    monkeypatch.setattr(cli_module, "run_server", remember)
    return address


@pytest.fixture
def busy_port():
    """A port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_serve_prints_the_url_to_open_once_it_listens(tmp_path, served):
    port = free_port()
    result = runner.invoke(cli, ["serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert (result.output.strip(), served) == (f"paradeplan workspace: open http://127.0.0.1:{port}/",
                                               {"host": "127.0.0.1", "port": port, "behind_proxy": None})


def test_serve_takes_the_next_free_port_when_the_default_is_busy(tmp_path, served, busy_port, monkeypatch):
    monkeypatch.setitem(SETTINGS_BY_NAME, "port", dataclasses.replace(SETTINGS_BY_NAME["port"], default=busy_port))
    result = runner.invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert f"port {busy_port} is in use: listening on {served['port']}" in result.output


def test_serve_refuses_a_busy_port_it_was_given_in_one_line(tmp_path, served, busy_port):
    result = runner.invoke(cli, ["serve", "--port", str(busy_port), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert (result.exit_code, len(result.output.strip().splitlines())) == (2, 1)


def test_serve_takes_a_plain_path_as_a_sqlite_file(tmp_path, served, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(cli, ["serve", "--db", "parade.db", "--port", str(free_port())])
    assert (tmp_path / "parade.db").exists()


def test_the_docs_give_every_setting_with_its_help():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "web.md").read_text(encoding="utf-8")
    assert [s.name for s in SETTINGS if f"| `{s.option}` |" in docs and s.help in docs] == [s.name for s in SETTINGS]


def test_trips_too_long_to_simulate_answer_422_with_the_figures(client, monkeypatch):
    # a step limit of 10 against the small parade's thousands of half-second steps
    monkeypatch.setattr(caches, "simulate", lambda plan: simulate(plan, max_steps=10))
    response = client.get(f"/api/scenarios/{imported(client)}/trips")
    assert (response.status_code, "more than the limit of 10 (--max-steps)" in response.json()["detail"]) == (422, True)
