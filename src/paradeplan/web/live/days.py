"""The live days in this process's memory: each day's baseline plan, its records in seq order, and its forecast
worked out once per seq.

The database is the record; memory follows it. A day is loaded on first use (after a restart too)
from its records alone, and brought up to date from the database whenever a record arrives that is
not the next one (another process stored some in between), when a screen connects, and once a
second while screens watch it (hub.py). A record is kept in memory as read back from its stored
form, so the forecast after a restart is the forecast before it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

from ...live.forecast import Forecast, forecast
from ...live.records import Record, record_from_json, record_json
from ...live.replan import Replan, replan
from ...plan.planner import Plan
from ...views.live_json import live_state
from ..outputs import strict_json
from ..storage import Actor, NotFound, utc_now
from ..workspace import Workspace
from .hub import Hub, sse
from .store import Day, LiveStore, NoDayRunning, StoredRecord

DAYS_KEPT = 8  # days held in memory; one further is loaded again from the database when asked for
# one forecast worked out at a time in this process, each day's once per seq (live.baseline keeps its plans in a
# module-level cache)
_FORECASTING = threading.Lock()


def iso_ms(moment: dt.datetime) -> str:
    """An aware moment as ISO 8601, to the millisecond, at its own offset."""
    return moment.isoformat(timespec="milliseconds")


class LiveDay:
    """One day: its plan, its records (seqs without a gap, in order) and its last forecast. Safe across threads."""

    def __init__(self, day: Day, plan: Plan):
        self.day = day
        self.plan = plan
        self._lock = threading.Lock()  # the records; held only for list operations, never across the database
        self._stored: list[StoredRecord] = []
        self._records: list[Record] = []
        self._events: list[bytes] = []  # each record's SSE event, encoded once
        self._by_id: dict[str, int] = {}  # client id -> index
        self._forecast: tuple[int, Forecast] | None = None
        self._forecast_event: tuple[int, bytes] | None = None
        self._replan: tuple[int, Replan | None] | None = None
        self._replanning = threading.Lock()  # one re-plan at a time per day, outside the forecasts' lock

    @property
    def last_seq(self) -> int:
        """The seq of the day's last record in memory, 0 without one."""
        with self._lock:
            return self._stored[-1].seq if self._stored else 0

    def take(self, stored: list[StoredRecord], *, complete: bool = False) -> bool:
        """Add the records that follow the last one held (those held already are skipped); False, adding nothing
        further, at one that would leave a gap. `complete`: every record of the day after the last one held, as the
        database lists them, so the first may start the day's list."""
        with self._lock:
            for s in stored:
                last = self._stored[-1].seq if self._stored else None
                if last is not None and s.seq <= last:
                    continue
                if (last is None and not complete) or (last is not None and s.seq != last + 1):
                    return False
                self._by_id[s.id] = len(self._stored)
                self._stored.append(s)
                self._records.append(record_from_json(self.plan, s.data))
                self._events.append(sse("record", strict_json(self.stored_json(s)), s.seq))
        return True

    def get(self, record_id: object) -> StoredRecord | None:
        with self._lock:
            index = self._by_id.get(record_id) if isinstance(record_id, str) else None
            return None if index is None else self._stored[index]

    def stored(self, after_seq: int = 0) -> list[StoredRecord]:
        with self._lock:
            return [s for s in self._stored if s.seq > after_seq]

    def events(self, after_seq: int, upto_seq: int | None = None) -> list[tuple[int, bytes]]:
        """The record events with seq above `after_seq` (and at most `upto_seq`), as (seq, bytes)."""
        with self._lock:
            return [(s.seq, e) for s, e in zip(self._stored, self._events, strict=True)
                    if s.seq > after_seq and (upto_seq is None or s.seq <= upto_seq)]

    def stored_json(self, stored: StoredRecord) -> dict[str, Any]:
        """A stored record as the API shows it: seq, its record_json form, who recorded it and when it came."""
        return {"seq": stored.seq, **stored.data, "recorded_by": stored.recorded_by, "arrived": iso_ms(stored.arrived)}

    def forecast(self, upto_seq: int | None = None) -> tuple[int, Forecast]:
        """(seq, the forecast from the records up to seq, by default all): seq is the last record's in it, 0 for
        none."""
        with self._lock:
            taken = [(s.seq, r) for s, r in zip(self._stored, self._records, strict=True)
                     if upto_seq is None or s.seq <= upto_seq]
        seq = taken[-1][0] if taken else 0
        with _FORECASTING:
            if self._forecast is None or self._forecast[0] != seq:
                self._forecast = (seq, forecast(self.plan, [r for _, r in taken]))
            return self._forecast

    def forecast_event(self, upto_seq: int | None = None) -> bytes:
        """The forecast event (seq and live_state) of the records up to `upto_seq`, encoded once per seq."""
        seq, found = self.forecast(upto_seq)
        with _FORECASTING:
            if self._forecast_event is None or self._forecast_event[0] != seq:
                state = strict_json({"seq": seq, **live_state(self.plan, found)})
                self._forecast_event = (seq, sse("forecast", state, seq))
            return self._forecast_event[1]

    def replan(self) -> tuple[int, Replan | None]:
        """(seq, the re-plan of the forecast of every record), worked out once per seq when a screen asks: its integer
        program takes milliseconds to tens of milliseconds, too long to add to every pushed forecast."""
        seq, found = self.forecast()
        with self._replanning:
            if self._replan is None or self._replan[0] != seq:
                self._replan = (seq, replan(self.plan, found))
            return self._replan

    def day_json(self) -> dict[str, Any]:
        """The day as the API shows it; without a clock set, its clock is the wall clock in the parade's zone."""
        day, tz = self.day, self.plan.scenario.day.tz
        if day.clock is None:
            wall = utc_now()
            clock = {"time": iso_ms(wall.astimezone(tz)), "at": iso_ms(wall), "rate": 1.0}
        else:
            clock = {"time": iso_ms(day.clock.time.astimezone(tz)), "at": iso_ms(day.clock.at),
                     "rate": day.clock.rate}
        with self._lock:
            count, last = len(self._stored), (self._stored[-1].seq if self._stored else 0)
        return {"scenario_id": day.scenario_id, "day": day.id, "version": day.version, "started": iso_ms(day.started),
                "started_by": day.started_by, "ended": None if day.ended is None else iso_ms(day.ended),
                "ended_by": day.ended_by, "clock": clock, "records": count, "last_seq": last, "live": day.live}

    def now(self) -> dt.datetime:
        """The day's now in the parade's time zone."""
        return self.day.now().astimezone(self.plan.scenario.day.tz)


class Live:
    """One app's live days: the store, the days in memory and the hub that pushes them to the screens."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.store = LiveStore(workspace.storage)
        self.hub = Hub(self)
        self._days: OrderedDict[int, LiveDay] = OrderedDict()
        self._latest: dict[int, LiveDay] = {}  # scenario id -> its latest day loaded (what the hub pushes)
        self._lock = threading.Lock()

    def latest(self, scenario_id: int) -> LiveDay | None:
        """The scenario's running day, else its last one, up to date with the database; None when it never ran one."""
        day = self.store.latest_day(scenario_id)
        return None if day is None else self.loaded(day)

    def last(self, scenario_id: int) -> LiveDay:
        """The latest day; NotFound when the scenario never ran one."""
        found = self.latest(scenario_id)
        if found is None:
            self.workspace.storage.scenario(scenario_id)  # NotFound for a scenario that does not exist
            raise NotFound(f"scenario {scenario_id} has never run a live day: start one with POST "
                           f"/api/scenarios/{scenario_id}/live")
        return found

    def running(self, scenario_id: int) -> LiveDay:
        """The running day, as far as this process holds its records (a record reaches memory as it is stored, and
        append brings in what another process stored); NoDayRunning without one."""
        day = self.store.latest_day(scenario_id)
        if day is None:
            self.workspace.storage.scenario(scenario_id)  # NotFound for a scenario that does not exist
        found = None if day is None else self.loaded(day, sync=False)
        if found is None or not found.day.live:
            raise NoDayRunning(f"no day of scenario {scenario_id} is running: start one with POST "
                               f"/api/scenarios/{scenario_id}/live")
        return found

    def in_memory(self, scenario_id: int) -> LiveDay | None:
        """The scenario's latest day as this process last loaded it, without asking the database."""
        with self._lock:
            return self._latest.get(scenario_id)

    def plan(self, scenario_id: int, version: int) -> Plan:
        """The baseline: a saved version's plan, from the app's PlanCache."""
        stored, chosen = self.workspace.version(scenario_id, version)
        return self.workspace.plan(stored, chosen)

    def loaded(self, day: Day, *, sync: bool = True) -> LiveDay:
        """The day in memory, loaded from its records on first use, with the newest state of its row and (`sync`)
        every record stored since it was last brought up to date."""
        with self._lock:
            found = self._days.get(day.id)
        if found is None:
            made = LiveDay(day, self.plan(day.scenario_id, day.version))
            with self._lock:
                found = self._days.setdefault(day.id, made)
                while len(self._days) > DAYS_KEPT:
                    self._days.popitem(last=False)
        with self._lock:
            self._days.move_to_end(day.id)
            found.day = day
            latest = self._latest.get(day.scenario_id)
            if latest is None or latest.day.id <= day.id:
                self._latest[day.scenario_id] = found
        if sync or found.last_seq == 0:
            self.sync(found)
        return found

    def sync(self, live_day: LiveDay) -> None:
        """Bring a day's records in memory up to the database's."""
        live_day.take(self.store.records(live_day.day.id, live_day.last_seq), complete=True)

    def refresh(self, scenario_id: int) -> bool:
        """Reload the scenario's latest day and its new records (what other processes stored); whether its row
        changed (started, ended, clock)."""
        before = self.in_memory(scenario_id)
        shown = None if before is None else before.day
        after = self.latest(scenario_id)
        return after is not None and after.day != shown

    def start(self, scenario_id: int, version: int, actor: Actor) -> LiveDay:
        self.plan(scenario_id, version)  # NotFound for no such version, ScenarioError for one that cannot be planned
        started = self.loaded(self.store.start(scenario_id, version, actor))
        self.hub.day_changed(scenario_id)
        return started

    def end(self, scenario_id: int, actor: Actor) -> LiveDay:
        ended = self.loaded(self.store.end(scenario_id, actor))
        self.hub.day_changed(scenario_id)
        return ended

    def set_clock(self, scenario_id: int, time: dt.datetime, rate: float, actor: Actor) -> LiveDay:
        clocked = self.loaded(self.store.set_clock(scenario_id, time, rate, actor))
        self.hub.day_changed(scenario_id)
        return clocked

    def append(self, live_day: LiveDay, record: Record, actor: Actor, action: str,
               subject: str) -> tuple[StoredRecord, bool]:
        """Store a record in the running day, committed with its audit row, then take it into memory and wake the
        screens; (stored, True), or (the record stored before under its id, False)."""
        data = record_json(live_day.plan, record)
        stored, created = self.store.append(live_day.day.id, data, actor, action, subject)
        if not live_day.take([stored]):
            self.sync(live_day)
        self.hub.records_added(live_day.day.scenario_id)
        return stored, created
