"""`paradeplan users` and `paradeplan tokens`, through the command line as an admin's script runs them."""

from __future__ import annotations

from test_api import Client
from typer.testing import CliRunner

from paradeplan.cli import app
from paradeplan.web.app import create_app
from paradeplan.web.settings import settings

runner = CliRunner()
PASSWORD = "correct horse battery\n"


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def db_of(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'staff.db'}"


def test_an_account_added_with_a_piped_password_is_listed_with_its_role(tmp_path):
    run("users", "add", "ann", "--role", "planner", "--db", db_of(tmp_path), input=PASSWORD)
    listed = run("users", "list", "--db", db_of(tmp_path)).output
    assert "ann" in listed and "planner" in listed


def test_a_token_printed_by_the_command_opens_the_api(tmp_path):
    run("users", "add", "ann", "--role", "viewer", "--db", db_of(tmp_path), input=PASSWORD)
    token = run("tokens", "create", "ann", "--db", db_of(tmp_path)).output.strip()
    client = Client(create_app(settings(db=db_of(tmp_path), examples=tmp_path / "none")))
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["role"] == "viewer"


def test_disabling_an_account_closes_its_token(tmp_path):
    run("users", "add", "ann", "--role", "viewer", "--db", db_of(tmp_path), input=PASSWORD)
    token = run("tokens", "create", "ann", "--db", db_of(tmp_path)).output.strip()
    run("users", "disable", "ann", "--db", db_of(tmp_path))
    client = Client(create_app(settings(db=db_of(tmp_path), examples=tmp_path / "none")))
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_set_role_changes_what_the_account_may_do(tmp_path):
    run("users", "add", "ann", "--role", "viewer", "--db", db_of(tmp_path), input=PASSWORD)
    result = run("users", "set-role", "ann", "controller", "--db", db_of(tmp_path))
    assert (result.exit_code, result.output.strip()) == (0, "ann is now controller")


def test_an_unknown_role_is_refused_with_the_roles_there_are(tmp_path):
    result = run("users", "add", "ann", "--role", "pilot", "--db", db_of(tmp_path), input=PASSWORD)
    assert (result.exit_code, result.output.strip()) == (
        2, "'pilot' is not a role: one of admin, planner, controller, marshal, air-liaison, viewer")


def test_a_short_password_is_refused(tmp_path):
    result = run("users", "add", "ann", "--role", "viewer", "--db", db_of(tmp_path), input="short\n")
    assert (result.exit_code, result.output.strip()) == (2, "the password must have at least 10 characters")


def test_the_password_is_never_printed(tmp_path):
    result = run("users", "add", "ann", "--role", "viewer", "--db", db_of(tmp_path), input=PASSWORD)
    assert "horse" not in result.output


def test_a_token_for_no_account_is_refused(tmp_path):
    result = run("tokens", "create", "zed", "--db", db_of(tmp_path))
    assert (result.exit_code, result.output.strip()) == (2, "no account named 'zed'")


def test_without_accounts_the_list_says_local_mode(tmp_path):
    assert "local mode" in run("users", "list", "--db", db_of(tmp_path)).output
