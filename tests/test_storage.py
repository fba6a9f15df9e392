"""Scenario storage: immutable versions, committed saves, Alembic migrations, SQLite and PostgreSQL.

Every test that takes `database_url` or `storage` runs twice: on a fresh SQLite file in tmp_path,
and on a fresh database of a throwaway PostgreSQL cluster that the session starts (tests/postgres.py;
`make test` installs Debian's postgresql). PARADEPLAN_TEST_POSTGRES set to a server URL uses that
server instead (docs/web.md, Testing).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session

from paradeplan.web.app import create_app
from paradeplan.web.settings import development_examples_folder, settings
from paradeplan.web.storage import (
    MAX_ID,
    Base,
    NotFound,
    Storage,
    StorageError,
    Summary,
    VersionRow,
)

SUMMARY = Summary("Small parade", dt.date(2025, 5, 7), "Asia/Almaty", elements=2, personnel=12, vehicles=2, aircraft=0)
TEXT = "# the planner's comment\nname: Small parade  # kept too\n"


@pytest.fixture
def storage(database_url):
    store = Storage(database_url)
    store.migrate()
    yield store
    store.engine.dispose()


def new_scenario(storage: Storage, text: str = TEXT) -> int:
    return storage.create_scenario(text, SUMMARY, filename="parade.yaml", author="planner", message="first").scenario_id


def save(storage: Storage, scenario_id: int, text: str, message: str = "changed") -> int:
    return storage.add_version(scenario_id, text, SUMMARY, author="planner", message=message).number


# --- the schema ------------------------------------------------------------------------------

def test_a_new_database_has_no_scenarios(storage):
    assert storage.is_empty()


def test_the_migrations_build_the_schema_the_models_describe(storage):
    with storage.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrating_again_keeps_what_is_stored(storage):
    scenario_id = new_scenario(storage)
    storage.migrate()
    assert storage.version(scenario_id, 1).yaml == TEXT


def test_sqlite_runs_with_a_write_ahead_log(tmp_path):
    store = Storage(f"sqlite:///{tmp_path / 'wal.db'}")
    store.migrate()
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_string_that_is_no_database_url_is_refused_in_one_line():
    with pytest.raises(StorageError, match=r"^not a usable database URL 'paradeplan\.db': [^\n]*$"):
        Storage("paradeplan.db")


def test_a_database_that_cannot_be_opened_is_refused_in_one_line(tmp_path):
    store = Storage(f"sqlite:///{tmp_path / 'no-such-folder' / 'paradeplan.db'}")
    with pytest.raises(StorageError, match=r"^cannot open the database sqlite:///[^\n]*$"):
        store.migrate()


# --- versions --------------------------------------------------------------------------------

def test_a_new_scenario_starts_at_version_1(storage):
    assert storage.scenario(new_scenario(storage)).latest.number == 1


def test_the_text_is_stored_exactly_comments_and_all(storage):
    assert storage.version(new_scenario(storage), 1).yaml == TEXT


def test_each_save_adds_the_next_version(storage):
    scenario_id = new_scenario(storage)
    assert [save(storage, scenario_id, f"name: take {n}\n") for n in (2, 3)] == [2, 3]


def test_a_save_keeps_every_earlier_version_unchanged(storage):
    scenario_id = new_scenario(storage)
    save(storage, scenario_id, "name: second\n")
    assert storage.version(scenario_id, 1).yaml == TEXT


def test_a_save_is_committed_when_it_returns(storage, database_url):
    scenario_id = new_scenario(storage)
    save(storage, scenario_id, "name: second\n")
    another_process = Storage(database_url)
    assert another_process.scenario(scenario_id).latest.yaml == "name: second\n"
    another_process.engine.dispose()


def test_a_version_records_its_author_and_message(storage):
    scenario_id = new_scenario(storage)
    version = storage.add_version(scenario_id, "name: x\n", SUMMARY, author="Maj. Sadykova", message="band moved up")
    assert (version.author, version.message) == ("Maj. Sadykova", "band moved up")


def test_a_version_records_when_it_was_saved_in_utc(storage):
    before = dt.datetime.now(dt.UTC)
    version = storage.version(new_scenario(storage), 1)
    assert before <= version.created_at <= dt.datetime.now(dt.UTC)


def test_a_stored_version_cannot_be_changed(storage):
    new_scenario(storage)
    with Session(storage.engine) as session:
        row = session.get(VersionRow, 1)
        row.yaml = "overwritten"
        with pytest.raises(PermissionError, match="immutable"):
            session.commit()


def test_a_stored_version_cannot_be_deleted(storage):
    new_scenario(storage)
    with Session(storage.engine) as session:
        session.delete(session.get(VersionRow, 1))
        with pytest.raises(PermissionError, match="immutable"):
            session.commit()


def test_saves_that_race_each_get_their_own_number(storage):
    scenario_id = new_scenario(storage)
    threads = [threading.Thread(target=save, args=(storage, scenario_id, f"name: take {n}\n")) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(v.number for v in storage.versions(scenario_id)) == list(range(1, 10))


def test_versions_are_listed_newest_first(storage):
    scenario_id = new_scenario(storage)
    save(storage, scenario_id, "name: second\n", message="second")
    assert [v.message for v in storage.versions(scenario_id)] == ["second", "first"]


# --- scenarios -------------------------------------------------------------------------------

def test_the_list_shows_each_scenario_with_its_latest_version(storage):
    scenario_id = new_scenario(storage)
    save(storage, scenario_id, "name: second\n")
    assert [(s.id, s.latest.number) for s in storage.scenarios()] == [(scenario_id, 2)]


def test_the_list_puts_the_most_recently_saved_first(storage):
    older, newer = new_scenario(storage), new_scenario(storage)
    save(storage, older, "name: saved last\n")
    assert [s.id for s in storage.scenarios()] == [older, newer]


def test_an_archived_scenario_is_left_out_of_the_list(storage):
    storage.set_archived(new_scenario(storage), True)
    assert storage.scenarios() == []


def test_an_archived_scenario_is_listed_when_asked_for(storage):
    scenario_id = new_scenario(storage)
    storage.set_archived(scenario_id, True)
    assert [s.id for s in storage.scenarios(include_archived=True)] == [scenario_id]


def test_an_archived_scenario_keeps_its_versions(storage):
    scenario_id = new_scenario(storage)
    storage.set_archived(scenario_id, True)
    assert storage.version(scenario_id, 1).yaml == TEXT


def test_an_unknown_scenario_is_not_found(storage):
    with pytest.raises(NotFound, match="no scenario with id 42"):
        storage.scenario(42)


def test_an_unknown_version_is_not_found(storage):
    scenario_id = new_scenario(storage)
    with pytest.raises(NotFound, match=f"scenario {scenario_id} has no version 7"):
        storage.version(scenario_id, 7)


def test_saving_to_an_unknown_scenario_is_not_found(storage):
    with pytest.raises(NotFound):
        save(storage, 42, "name: x\n")



@pytest.mark.parametrize("scenario_id", [MAX_ID + 1, 2**64, 0, -1])
def test_a_scenario_id_no_column_holds_is_not_found(storage, scenario_id):
    with pytest.raises(NotFound, match=f"no scenario with id {scenario_id}"):
        storage.scenario(scenario_id)


@pytest.mark.parametrize("number", [MAX_ID + 1, 2**64, 0, -1])
def test_a_version_number_no_column_holds_is_not_found(storage, number):
    scenario_id = new_scenario(storage)
    with pytest.raises(NotFound, match=f"scenario {scenario_id} has no version {number}"):
        storage.version(scenario_id, number)


def test_saving_to_a_scenario_id_no_column_holds_is_not_found(storage):
    with pytest.raises(NotFound):
        save(storage, MAX_ID + 1, "name: x\n")


def test_the_largest_id_a_column_holds_is_looked_up(storage):
    with pytest.raises(NotFound, match=f"no scenario with id {MAX_ID}"):
        storage.scenario(MAX_ID)


# --- the app on each database ----------------------------------------------------------------

def test_the_app_migrates_an_empty_database_imports_the_examples_and_lists_them(database_url):
    app = create_app(settings(db=database_url, examples=development_examples_folder()))

    async def scenarios() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/api/scenarios")

    try:
        response = asyncio.run(scenarios())
    finally:
        app.state.workspace.storage.engine.dispose()
    assert response.status_code == 200, response.text
    listed = response.json()
    assert sorted(s["filename"] for s in listed) == sorted(p.name for p in development_examples_folder().glob("*.yaml"))
    assert all(isinstance(s["errors"], int) and isinstance(s["warnings"], int) for s in listed)  # migration 0002
