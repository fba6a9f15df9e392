"""The workspace's handouts through HTTP (httpx over ASGI): every file of the download menu is the file the command
writes, named after the scenario and its version, and the day's after-action report once a day has records.

The parade is test_api's small one with test_live_api's falcons: the colour guard's head at the tribune at
10:05:00.0 (the anchor time), the falcons over it at 10:40:00.0.
"""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from lxml import etree
from pdfs import pdf_text
from test_api import AIR, PARADE, Client, imported, open_workspace
from test_live_api import LIVE_PARADE, ON_DAY, live_url
from typer.testing import CliRunner

from paradeplan.cli import app as cli
from paradeplan.export.handouts import HANDOUTS

ALL_FILES = [h.file for h in HANDOUTS]


@pytest.fixture
def client(tmp_path) -> Client:
    return open_workspace(tmp_path)


def handout(client: Client, scenario_id: int, file: str, version: int | None = None):
    query = "" if version is None else f"?version={version}"
    return client.get(f"/api/scenarios/{scenario_id}/handouts/{file}{query}")


@pytest.mark.slow
@pytest.mark.parametrize("file", ALL_FILES)
def test_every_handout_of_the_menu_downloads_with_its_media_type_and_name(client, file):
    scenario_id = imported(client, PARADE + AIR)
    response = handout(client, scenario_id, file)
    wanted = next(h for h in HANDOUTS if h.file == file)
    assert (response.status_code, response.headers["content-type"].split(";")[0],
            response.headers["content-disposition"]) == (
        200, wanted.media_type, f"attachment; filename*=UTF-8''parade-v1-{file}")


def test_the_downloaded_run_sheet_is_the_one_the_command_writes(client, tmp_path):
    scenario_id = imported(client, PARADE + AIR)
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(PARADE + AIR, encoding="utf-8")
    out = tmp_path / "run-sheet.pdf"
    CliRunner().invoke(cli, ["export", "run-sheet", str(scenario), "-o", str(out)])
    served = pdf_text(handout(client, scenario_id, "run-sheet.pdf").content)
    # the same pages after the cover, whose version line only the served one has: it names the stored version
    assert served.split("\f")[1:] == pdf_text(out.read_bytes()).split("\f")[1:]


def test_the_run_sheet_names_the_version_it_was_made_from(client):
    scenario_id = imported(client, PARADE + AIR)
    assert "version 1" in pdf_text(handout(client, scenario_id, "run-sheet.pdf").content)


def test_a_handout_of_an_older_version_is_of_that_version(client):
    scenario_id = imported(client, PARADE + AIR)
    later = (PARADE + AIR).replace('time: "10:05:00"', 'time: "10:15:00"')
    saved = client.post(f"/api/scenarios/{scenario_id}/versions", json={"yaml": later, "message": "later"})
    assert saved.status_code == 201, saved.text
    # version 1 has the colour guard's head at the tribune at 10:05:00.0, version 2 ten minutes later
    texts = [pdf_text(handout(client, scenario_id, "cue-sheet.pdf", version).content) for version in (1, 2)]
    assert ("10:05:00.0" in texts[0], "10:15:00.0" in texts[1], "10:05:00.0" in texts[1]) == (True, True, False)


def test_the_strip_map_downloads_as_svg_too(client):
    scenario_id = imported(client, PARADE)
    root = etree.fromstring(handout(client, scenario_id, "strip-map.svg").content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_a_handout_that_does_not_exist_is_not_found_and_the_answer_lists_them(client):
    scenario_id = imported(client, PARADE)
    response = handout(client, scenario_id, "run-sheet.docx")
    assert (response.status_code, "run-sheet.pdf" in response.json()["detail"]) == (404, True)


def test_timing_cards_of_a_parade_without_formations_are_not_found(client):
    scenario_id = imported(client, PARADE)
    response = handout(client, scenario_id, "timing-cards.pdf")
    assert (response.status_code, response.json()["detail"]) == (
        404, f"scenario {scenario_id} version 1 has no formation that could be timed")


def test_a_handout_of_a_scenario_that_does_not_exist_is_not_found(client):
    assert handout(client, 99, "run-sheet.pdf").status_code == 404


def test_the_workspace_menu_links_every_handout_of_the_shown_version(client):
    scenario_id = imported(client, PARADE + AIR)
    page = client.get(f"/scenarios/{scenario_id}/versions/1").text
    links = [f'href="/api/scenarios/{scenario_id}/handouts/{file}?version=1"' for file in ALL_FILES]
    assert [link in page for link in links] == [True] * len(ALL_FILES)


# --- the day's after-action report -------------------------------------------------------------------

def day_with_a_late_guard(client: Client) -> int:
    """A day whose one record has the colour guard's head at the tribune at 10:05:30.0: 30 s late."""
    scenario_id = imported(client, LIVE_PARADE)
    assert client.post(live_url(scenario_id), json={"version": 1}).status_code == 201
    body = {"id": str(uuid.uuid4()), "element": "colour-guard", "point": "tribune", "edge": "head",
            "time": ON_DAY.format("10:05:30.0")}
    assert client.post(live_url(scenario_id, "/events"), json=body).status_code == 201
    return scenario_id


def test_before_any_day_there_is_no_after_action_report(client):
    scenario_id = imported(client, LIVE_PARADE)
    assert client.get(live_url(scenario_id, "/after-action.pdf")).status_code == 404


def test_the_after_action_pdf_holds_the_recorded_time(client):
    scenario_id = day_with_a_late_guard(client)
    response = client.get(live_url(scenario_id, "/after-action.pdf"))
    assert (response.status_code, response.headers["content-disposition"], "10:05:30.0" in pdf_text(response.content)
            ) == (200, "attachment; filename*=UTF-8''parade-day1-after-action.pdf", True)


def test_the_after_action_workbook_holds_the_30_s_the_guard_was_late(client):
    scenario_id = day_with_a_late_guard(client)
    response = client.get(live_url(scenario_id, "/after-action.xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert 30.0 in cells
