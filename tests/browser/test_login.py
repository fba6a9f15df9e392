"""A planner on a shared server: logs in, edits and saves, and is refused the admin's audit page."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import paradeplan_command

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def add_account(server, name: str, role: str) -> None:
    subprocess.run([*paradeplan_command(), "users", "add", name, "--role", role, "--db", f"sqlite:///{server.db}"],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)


def test_a_planner_logs_in_saves_and_is_refused_the_audit(ui_on, fresh_server):
    scenario = fresh_server.scenario_id("Riverside")  # read while the server is still in local mode
    add_account(fresh_server, "pat", "planner")
    ui = ui_on(fresh_server)
    ui.goto(f"/scenarios/{scenario}")
    ui.page.click("#login-link")
    ui.page.fill("#login-name", "pat")
    ui.page.fill("#login-password", PASSWORD)
    ui.shot("login")
    ui.page.click("#login-submit")
    ui.wait_for("window.paradeplan && window.paradeplan.planLoaded")
    assert ui.page.inner_text("#signed-in-as") == "pat · planner"
    ui.page.fill("#save-message", "saved by pat")
    ui.page.click("#save")
    ui.wait_for("window.paradeplan.version === 2")
    ui.shot("saved")
    response = ui.page.goto(fresh_server.url + "/audit")
    assert (response.status, "the planner role may not read the audit" in ui.page.content()) == (403, True)
    ui.shot("audit-refused")
