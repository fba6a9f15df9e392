"""Scenarios and their versions in a database (SQLAlchemy 2; SQLite by default, any SQLAlchemy URL).

A scenario is a row of metadata and a list of versions. A version holds the YAML text exactly as
the planner wrote it (comments kept), its author, time and message, and a few figures for the
scenario list. Versions are immutable: a save or a restore adds one, nothing updates or deletes
one, and every write is committed before the call returns. The schema is made and migrated with
Alembic (web/migrations), run in code when the storage opens.

Every change is also written to the audit table in the same transaction (who, when, from where, what),
so that no change is ever without its audit row nor an audit row without its change; audit rows are
never updated or deleted either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
MAX_ID = 2**31 - 1  # the largest id or version number the Integer columns hold everywhere (PostgreSQL: 32 bits)


class StorageError(Exception):
    """The database cannot be opened or migrated; the message says why in one line."""


class NotFound(LookupError):
    """No scenario or version with that id or number."""


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class VersionRow(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    yaml: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    name: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    elements: Mapped[int] = mapped_column(Integer)
    personnel: Mapped[int] = mapped_column(Integer)
    vehicles: Mapped[int] = mapped_column(Integer)
    aircraft: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: saved before revision 0002
    warnings: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AuditRow(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(Text)


class LiveDayRow(Base):
    """One live day of a scenario on one saved version (web/live/): who started and ended it, and its clock."""

    __tablename__ = "live_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started_by: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # the day's clock: the parade time it showed at the wall time `clock_at`, and how fast it runs; None: the wall
    clock_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    clock_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    clock_rate: Mapped[float] = mapped_column(Float, default=1.0)


class LiveRecordRow(Base):
    """One record of a live day (a passing, a void or a decision), never changed or deleted. `record_id` is the
    client's id, unique in its day, so that a record sent twice is stored once; `seq` numbers the scenario's records
    in the order they were stored, across its days; `fields` is the record's own fields as JSON."""

    __tablename__ = "live_records"
    __table_args__ = (UniqueConstraint("day_id", "record_id", name="uq_live_records_day_record"),
                      UniqueConstraint("day_id", "seq", name="uq_live_records_day_seq"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("live_days.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    fields: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    arrived: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


@event.listens_for(VersionRow, "before_update")
@event.listens_for(VersionRow, "before_delete")
def _versions_are_immutable(mapper, connection, target) -> None:
    raise PermissionError(f"version {target.number} of scenario {target.scenario_id} is immutable")


@event.listens_for(AuditRow, "before_update")
@event.listens_for(AuditRow, "before_delete")
def _audit_is_append_only(mapper, connection, target) -> None:
    raise PermissionError(f"audit row {target.id} is append-only")


@event.listens_for(LiveRecordRow, "before_update")
@event.listens_for(LiveRecordRow, "before_delete")
def _live_records_are_append_only(mapper, connection, target) -> None:
    raise PermissionError(f"live record {target.seq} of day {target.day_id} is append-only: void it instead")


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and from where: an account's name (or the author typed in local mode) and the
    client's address."""

    name: str
    address: str


SYSTEM = Actor("paradeplan", "-")  # the server itself: the examples imported into a new database


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    address: str
    action: str
    subject: str


def record(session: Session, actor: Actor, action: str, subject: str) -> None:
    """Add an audit row to the transaction of the change it records."""
    session.add(AuditRow(at=utc_now(), actor=actor.name[:200], address=actor.address[:100], action=action,
                         subject=subject))


@dataclass(frozen=True)
class Summary:
    """What the scenario list shows of a version, taken from its plan when it is saved."""

    name: str
    date: dt.date
    timezone: str
    elements: int
    personnel: int
    vehicles: int
    aircraft: int
    errors: int | None = None  # the plan's findings; None for a version saved before they were kept
    warnings: int | None = None


@dataclass(frozen=True)
class Version:
    scenario_id: int
    number: int
    yaml: str
    author: str
    message: str
    created_at: dt.datetime
    summary: Summary


@dataclass(frozen=True)
class StoredScenario:
    """A scenario's metadata and its latest version."""

    id: int
    filename: str
    archived: bool
    latest: Version


class Storage:
    """Every read and write of scenarios and versions; one instance per database URL."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _engine(url)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as exc:
            reason = _first_line(exc.orig or exc)
            raise StorageError(f"cannot open the database {self._shown_url()}: {reason}") from None

    def _shown_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that writes, committed on leaving. SQLite takes its write lock before the first
        read, so that no other save can add a version between reading the latest number and writing."""
        with self._session() as session, session.begin():
            if self.engine.dialect.name == "sqlite":
                session.execute(text("BEGIN IMMEDIATE"))
            yield session

    def reading(self) -> Session:
        """A session to read with (a context manager)."""
        return self._session()

    def is_empty(self) -> bool:
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(ScenarioRow)) == 0

    def create_scenario(self, text: str, summary: Summary, *, filename: str, author: str, message: str,
                        actor: Actor = SYSTEM) -> Version:
        """A new scenario whose version 1 is `text`; committed, with its audit row, when this returns."""
        with self.writing() as session:
            row = ScenarioRow(filename=filename, created_at=utc_now(), archived=False)
            session.add(row)
            session.flush()
            version = _version_row(row.id, 1, text, summary, author, message)
            session.add(version)
            record(session, actor, "scenario created", f"scenario {row.id} version 1: {message}")
        return _version(version)

    def add_version(self, scenario_id: int, text: str, summary: Summary, *, author: str, message: str,
                    actor: Actor = SYSTEM) -> Version:
        """The next version of a scenario; committed, with its audit row, when this returns."""
        with self.writing() as session:
            self._scenario_row(session, scenario_id, lock=True)
            latest = self._latest_row(session, scenario_id)
            version = _version_row(scenario_id, latest.number + 1, text, summary, author, message)
            session.add(version)
            record(session, actor, "version saved", f"scenario {scenario_id} version {version.number}: {message}")
        return _version(version)

    def set_archived(self, scenario_id: int, archived: bool, actor: Actor = SYSTEM) -> None:
        with self.writing() as session:
            self._scenario_row(session, scenario_id).archived = archived
            action = "scenario archived" if archived else "scenario unarchived"
            record(session, actor, action, f"scenario {scenario_id}")

    def audit(self, *, limit: int = 200, before_id: int | None = None) -> list[AuditEntry]:
        """The newest audit rows first, at most `limit`, older than row `before_id` when given."""
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(AuditRow.id < before_id)
        with self._session() as session:
            return [AuditEntry(r.id, as_utc(r.at), r.actor, r.address, r.action, r.subject)
                    for r in session.scalars(query)]

    def scenarios(self, *, include_archived: bool = False) -> list[StoredScenario]:
        """Every scenario with its latest version, the most recently saved first."""
        latest = (
            select(VersionRow.scenario_id, func.max(VersionRow.number).label("number"))
            .group_by(VersionRow.scenario_id)
            .subquery()
        )
        query = (
            select(ScenarioRow, VersionRow)
            .join(latest, latest.c.scenario_id == ScenarioRow.id)
            .join(VersionRow, (VersionRow.scenario_id == ScenarioRow.id) & (VersionRow.number == latest.c.number))
            .order_by(VersionRow.created_at.desc(), ScenarioRow.id.desc())
        )
        if not include_archived:
            query = query.where(ScenarioRow.archived.is_(False))
        with self._session() as session:
            return [_stored(scenario, version) for scenario, version in session.execute(query)]

    def scenario(self, scenario_id: int) -> StoredScenario:
        with self._session() as session:
            return _stored(self._scenario_row(session, scenario_id), self._latest_row(session, scenario_id))

    def versions(self, scenario_id: int) -> list[Version]:
        """Every version of a scenario, the newest first."""
        with self._session() as session:
            self._scenario_row(session, scenario_id)
            rows = session.scalars(
                select(VersionRow).where(VersionRow.scenario_id == scenario_id).order_by(VersionRow.number.desc())
            )
            return [_version(v) for v in rows]

    def version(self, scenario_id: int, number: int) -> Version:
        with self._session() as session:
            self._scenario_row(session, scenario_id)
            if not _storable(number):
                raise NotFound(f"scenario {scenario_id} has no version {number}")
            row = session.scalar(
                select(VersionRow).where(VersionRow.scenario_id == scenario_id, VersionRow.number == number)
            )
            if row is None:
                raise NotFound(f"scenario {scenario_id} has no version {number}")
            return _version(row)

    @staticmethod
    def _latest_row(session: Session, scenario_id: int) -> VersionRow:
        """The newest version of a scenario known to exist."""
        return session.scalars(
            select(VersionRow).where(VersionRow.scenario_id == scenario_id).order_by(VersionRow.number.desc()).limit(1)
        ).one()

    @staticmethod
    def _scenario_row(session: Session, scenario_id: int, *, lock: bool = False) -> ScenarioRow:
        """The scenario's row; `lock` holds it until commit (PostgreSQL), so saves to it take turns.

        An id no database column can hold names nothing, and is not sent to the database."""
        row = session.get(ScenarioRow, scenario_id, with_for_update=lock) if _storable(scenario_id) else None
        if row is None:
            raise NotFound(f"no scenario with id {scenario_id}")
        return row


def _storable(number: int) -> bool:
    """Whether an id or version number fits the database's columns (1 to MAX_ID)."""
    return 1 <= number <= MAX_ID


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StorageError(f"not a usable database URL {url!r}: {_first_line(exc)}") from None
    except ImportError as exc:
        hint = "for PostgreSQL: pip install 'paradeplan[postgres]'"
        raise StorageError(f"no driver for {url!r}: {exc} ({hint})") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection, record) -> None:
    """Write-ahead log (readers do not wait for a save), full sync (a commit is on disk), foreign keys on."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def utc_now() -> dt.datetime:
    """Now, in UTC: every time stored is."""
    return dt.datetime.now(dt.UTC)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _version_row(scenario_id: int, number: int, text: str, summary: Summary, author: str, message: str) -> VersionRow:
    return VersionRow(scenario_id=scenario_id, number=number, yaml=text, author=author, message=message,
                      created_at=utc_now(), name=summary.name, date=summary.date, timezone=summary.timezone,
                      elements=summary.elements, personnel=summary.personnel, vehicles=summary.vehicles,
                      aircraft=summary.aircraft, errors=summary.errors, warnings=summary.warnings)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive times; every time stored is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _version(row: VersionRow) -> Version:
    summary = Summary(row.name, row.date, row.timezone, row.elements, row.personnel, row.vehicles, row.aircraft,
                      row.errors, row.warnings)
    return Version(row.scenario_id, row.number, row.yaml, row.author, row.message, as_utc(row.created_at), summary)


def _stored(scenario: ScenarioRow, latest: VersionRow) -> StoredScenario:
    return StoredScenario(scenario.id, scenario.filename, scenario.archived, _version(latest))
