"""One app's caches: stored versions planned once, and the editor's unsaved texts checked once.

A version never changes, so its plan with its outputs (web/outputs.py) and its trips are kept
by (scenario id, version number); `PlanCache.invalidate` drops a scenario's entries when
something outside the text changes its plans. The editor sends the same unsaved text again and
again while the planner looks at it; those checks are kept by a hash of the text. Every cache belongs to one app
instance and is safe across the server's threads.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..export.handouts import Handout
from ..plan.planner import Plan
from ..simulate.run import simulate
from ..views.plan_json import JSON
from ..views.trips import trips_json
from .checking import Checked, check_text
from .outputs import Outputs
from .storage import Version

PLANNED_VERSIONS = 32  # plans and their outputs kept (Astana's plan JSON: 0.1 MB)
SIMULATED_VERSIONS = 8  # trips kept (Astana's: 0.2 MB)
HANDOUT_FILES = 16  # printed handouts kept (Astana's run sheet: about 0.3 MB)
CHECKED_TEXTS = 32  # unsaved texts the editor sent
SIMULATED_TEXTS = 4  # of them, the ones whose trips the what-if map asked for

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `size` values, the least recently used dropped first.

    Each value is made once: a thread asking for a key another thread is making waits for it
    rather than making it again (the workspace asks for a version's plan and trips at once).
    A value made while `drop` ran is handed back but not kept, since it may be stale.
    """

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._making: dict[K, threading.Lock] = {}
        self._lock = threading.Lock()
        self._drops = 0  # how many times `drop` ran

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value of `key`, made with `make` when it is not kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._values:
                    return self._values[key]
                drops = self._drops
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:
                self._making.pop(key, None)
                if drops == self._drops:
                    self._keep(key, value)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._keep(key, value)

    def drop(self, where: Callable[[K], bool]) -> None:
        """Forget every value whose key matches."""
        with self._lock:
            self._drops += 1
            for key in [k for k in self._values if where(k)]:
                del self._values[key]

    def _keep(self, key: K, value: V) -> None:
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.size:
            self._values.popitem(last=False)


@dataclass(frozen=True)
class VersionKey:
    scenario_id: int
    number: int

    @classmethod
    def of(cls, version: Version) -> VersionKey:
        return cls(version.scenario_id, version.number)


class PlanCache:
    """Stored versions checked (planned, with their outputs) and simulated, each once per app."""

    def __init__(self, versions: int = PLANNED_VERSIONS, trips: int = SIMULATED_VERSIONS,
                 handouts: int = HANDOUT_FILES):
        self._checked: LruCache[VersionKey, Checked] = LruCache(versions)
        self._trips: LruCache[VersionKey, bytes] = LruCache(trips)
        self._handouts: LruCache[tuple[VersionKey, str], bytes] = LruCache(handouts)

    def checked(self, version: Version, filename: str) -> Checked:
        """The version's text checked under its scenario's file name."""
        return self._checked.get(VersionKey.of(version), lambda: check_text(version.yaml, filename))

    def plan(self, version: Version, filename: str) -> Plan:
        """The version's plan, or ScenarioError when its text no longer loads."""
        return self.checked(version, filename).planned()

    def outputs(self, version: Version, filename: str) -> Outputs:
        """The version's plan JSON, cards and downloads, or ScenarioError when its text no longer checks."""
        return self.checked(version, filename).shown()

    def plan_json(self, version: Version, filename: str) -> JSON:
        return self.outputs(version, filename).plan_json

    def trips_bytes(self, version: Version, filename: str) -> bytes:
        """The simulation's compact trips JSON (docs/simulation.md), encoded."""

        return self._trips.get(VersionKey.of(version), lambda: _trips_bytes(self.plan(version, filename)))

    def handout(self, version: Version, filename: str, handout: Handout) -> bytes:
        """One of the version's printed handouts (export/handouts.py), built once, "version n" on its cover."""
        return self._handouts.get((VersionKey.of(version), handout.file),
                                  lambda: handout.build(self.plan(version, filename), f"version {version.number}"))

    def remember(self, version: Version, checked: Checked) -> None:
        """Keep what a save already worked out, so that opening the new version plans nothing."""
        self._checked.put(VersionKey.of(version), checked)

    def invalidate(self, scenario_id: int) -> None:
        """Forget every version of a scenario: the next request plans it again."""
        self._checked.drop(lambda key: key.scenario_id == scenario_id)
        self._trips.drop(lambda key: key.scenario_id == scenario_id)
        self._handouts.drop(lambda key: key[0].scenario_id == scenario_id)


class TextChecks:
    """Unsaved texts checked (planned, with their outputs) once, and simulated once when asked, by a hash of the
    file name and the text."""

    def __init__(self, size: int = CHECKED_TEXTS, trips: int = SIMULATED_TEXTS):
        self._checked: LruCache[str, Checked] = LruCache(size)
        self._trips: LruCache[str, bytes] = LruCache(trips)

    def check(self, text: str, filename: str) -> Checked:
        return self._checked.get(_text_key(text, filename), lambda: check_text(text, filename))

    def trips_bytes(self, text: str, filename: str) -> bytes:
        """The text's trips JSON, encoded; ScenarioError with its problems when it does not check."""
        return self._trips.get(_text_key(text, filename), lambda: _trips_bytes(self.check(text, filename).planned()))

    def plan_json(self, text: str, filename: str) -> JSON:
        """The text's plan JSON, or ScenarioError with its problems."""
        return self.check(text, filename).plan_json()


def _trips_bytes(plan: Plan) -> bytes:
    return json.dumps(trips_json(simulate(plan)), separators=(",", ":"), allow_nan=False).encode("utf-8")


def _text_key(text: str, filename: str) -> str:
    return hashlib.sha256(f"{filename}\0{text}".encode()).hexdigest()
