"""Live days and their records in the database: every write committed, with its audit row, before it returns.

A day is one scenario run on one saved version; at most one day of a scenario runs at a time. Its
records (passings, voids, decisions) are appended, never changed or deleted (storage.LiveRecordRow).
A record is stored once per client id and day: the same id sent again returns the stored record,
so a device that resends after a lost reply never doubles it. Each record gets the next `seq` of
its scenario, counted across its days, so a screen's last seq names one record for good.

Writes take turns per scenario: SQLite takes its write lock before the first read (BEGIN
IMMEDIATE, storage.Storage.writing), PostgreSQL locks the scenario's or the day's row (SELECT ...
FOR UPDATE). So a seq is read and used by one writer at a time, and seqs are committed in order
with no gap; the unique constraints on (day, id) and (day, seq) hold it in the schema too.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..storage import Actor, LiveDayRow, LiveRecordRow, NotFound, ScenarioRow, Storage, as_utc, record, utc_now

MAX_CLOCK_RATE = 600.0  # a drill or a replay at 600 times plays an hour in six seconds


class DayRunning(Exception):
    """A day of the scenario runs already (409)."""


class NoDayRunning(Exception):
    """No day of the scenario runs (409)."""


@dataclass(frozen=True)
class Clock:
    """The day's clock: it showed parade time `time` at wall time `at` and runs `rate` times as fast."""

    time: dt.datetime  # aware
    at: dt.datetime  # UTC
    rate: float

    def now(self, wall: dt.datetime) -> dt.datetime:
        """The parade time it shows at the wall time `wall`."""
        return self.time + (wall - self.at) * self.rate


@dataclass(frozen=True)
class Day:
    id: int
    scenario_id: int
    version: int
    started: dt.datetime
    started_by: str
    ended: dt.datetime | None
    ended_by: str | None
    clock: Clock | None  # None: the wall clock

    @property
    def live(self) -> bool:
        return self.ended is None

    def now(self, wall: dt.datetime | None = None) -> dt.datetime:
        """The day's now: its clock's time at this wall time (now when None), else the wall time; aware."""
        wall = wall or utc_now()
        return wall if self.clock is None else self.clock.now(wall)


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored: its seq, its `record_json` form (kind and id included), who sent it and when it came."""

    seq: int
    id: str
    kind: str
    data: dict[str, Any]
    recorded_by: str
    arrived: dt.datetime


class LiveStore:
    """Every read and write of live days and records, on the app's storage."""

    def __init__(self, storage: Storage):
        self.storage = storage

    def latest_day(self, scenario_id: int) -> Day | None:
        """The scenario's running day, else its last one; None when it never ran a day."""
        with self.storage.reading() as session:
            row = _latest_row(session, scenario_id)
            return None if row is None else _day(row)

    def start(self, scenario_id: int, version: int, actor: Actor) -> Day:
        """A new running day on `version` (known to exist); DayRunning when one runs."""
        with self.storage.writing() as session:
            _lock_scenario(session, scenario_id)
            latest = _latest_row(session, scenario_id)
            if latest is not None and latest.ended_at is None:
                raise DayRunning(f"a day of scenario {scenario_id} is running (day {latest.id}, version "
                                 f"{latest.version}): end it first")
            row = LiveDayRow(scenario_id=scenario_id, version=version, started_at=utc_now(),
                             started_by=actor.name[:200], clock_rate=1.0)
            session.add(row)
            session.flush()
            record(session, actor, "live.start", f"scenario {scenario_id} day {row.id} on version {version}")
        return _day(row)

    def end(self, scenario_id: int, actor: Actor) -> Day:
        with self.storage.writing() as session:
            row = _running_row(session, scenario_id)
            row.ended_at, row.ended_by = utc_now(), actor.name[:200]
            record(session, actor, "live.end", f"scenario {scenario_id} day {row.id}")
        return _day(row)

    def set_clock(self, scenario_id: int, time: dt.datetime, rate: float, actor: Actor) -> Day:
        """The running day's clock shows `time` now and runs `rate` times as fast."""
        with self.storage.writing() as session:
            row = _running_row(session, scenario_id)
            row.clock_time, row.clock_at, row.clock_rate = time.astimezone(dt.UTC), utc_now(), rate
            record(session, actor, "live.clock",
                   f"scenario {scenario_id} day {row.id}: {time.isoformat()} at x{rate:g}")
        return _day(row)

    def find(self, day_id: int, record_id: str) -> StoredRecord | None:
        with self.storage.reading() as session:
            row = session.scalar(select(LiveRecordRow).where(LiveRecordRow.day_id == day_id,
                                                             LiveRecordRow.record_id == record_id))
            return None if row is None else _stored(row)

    def append(self, day_id: int, data: dict[str, Any], actor: Actor, action: str,
               subject: str) -> tuple[StoredRecord, bool]:
        """Store a record (its `record_json` form) in the running day `day_id`, with its audit row; (stored, True)
        once committed, or (the record stored before under the same id, False). NoDayRunning when the day ended."""
        try:
            with self.storage.writing() as session:
                day = session.get(LiveDayRow, day_id, with_for_update=True)
                if day is None or day.ended_at is not None:
                    raise NoDayRunning(f"day {day_id} has ended: start a day first")
                known = session.scalar(select(LiveRecordRow).where(LiveRecordRow.day_id == day_id,
                                                                   LiveRecordRow.record_id == data["id"]))
                if known is not None:
                    return _stored(known), False
                last = session.scalar(select(func.max(LiveRecordRow.seq)).select_from(LiveRecordRow)
                                      .join(LiveDayRow, LiveDayRow.id == LiveRecordRow.day_id)
                                      .where(LiveDayRow.scenario_id == day.scenario_id))
                row = LiveRecordRow(day_id=day_id, seq=(last or 0) + 1, record_id=data["id"], kind=data["kind"],
                                    fields=json.dumps(data, ensure_ascii=False, allow_nan=False),
                                    recorded_by=actor.name[:200], arrived=utc_now())
                session.add(row)
                record(session, actor, action, f"scenario {day.scenario_id} day {day_id} seq {row.seq}: {subject}")
        except IntegrityError:  # the same id committed by another process between the look-up and the insert
            known_record = self.find(day_id, data["id"])
            if known_record is None:
                raise
            return known_record, False
        return _stored(row), True

    def records(self, day_id: int, after_seq: int = 0) -> list[StoredRecord]:
        """The day's records with seq above `after_seq`, in seq order."""
        with self.storage.reading() as session:
            rows = session.scalars(select(LiveRecordRow).where(LiveRecordRow.day_id == day_id,
                                                               LiveRecordRow.seq > after_seq)
                                   .order_by(LiveRecordRow.seq))
            return [_stored(row) for row in rows]


def _lock_scenario(session: Session, scenario_id: int) -> None:
    """Hold the scenario's row until commit (PostgreSQL), so that two starts take turns; NotFound without it."""
    if session.get(ScenarioRow, scenario_id, with_for_update=True) is None:
        raise NotFound(f"no scenario with id {scenario_id}")


def _latest_row(session: Session, scenario_id: int) -> LiveDayRow | None:
    return session.scalar(select(LiveDayRow).where(LiveDayRow.scenario_id == scenario_id)
                          .order_by(LiveDayRow.id.desc()).limit(1))


def _running_row(session: Session, scenario_id: int) -> LiveDayRow:
    """The running day's row, held until commit; NoDayRunning without one."""
    _lock_scenario(session, scenario_id)
    row = _latest_row(session, scenario_id)
    if row is None or row.ended_at is not None:
        raise NoDayRunning(f"no day of scenario {scenario_id} is running: start one with POST "
                           f"/api/scenarios/{scenario_id}/live")
    return row


def _day(row: LiveDayRow) -> Day:
    clock = None
    if row.clock_time is not None and row.clock_at is not None:
        clock = Clock(as_utc(row.clock_time), as_utc(row.clock_at), row.clock_rate)
    return Day(row.id, row.scenario_id, row.version, as_utc(row.started_at), row.started_by,
               None if row.ended_at is None else as_utc(row.ended_at), row.ended_by, clock)


def _stored(row: LiveRecordRow) -> StoredRecord:
    return StoredRecord(row.seq, row.record_id, row.kind, json.loads(row.fields), row.recorded_by,
                        as_utc(row.arrived))
