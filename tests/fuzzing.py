"""Hostile scenario files for the `paradeplan` command, and a runner that says how the command took each one.

A mutation starts from one of the three examples (the other two get Astana's air section one time in three),
then takes one of two paths:

- edge steps, two files in five: numbers set at the very ends of their ranges in the JSON Schema or scaled,
  calendar edges, extreme routes that are still routes, thousands of elements; most of these files load, so
  the planner, the simulation, the rehearsal and the exports meet the extremes;
- hostile steps, one to three: on the tree loaded with ruamel, a value replaced by a wrong type, an extreme or
  non-finite number, an odd date, time or time zone, deep nesting or a YAML bomb, a route that is not a route,
  huge counts, a key deleted, renamed or unknown; on the written text, lines deleted, duplicated, swapped or
  re-indented, characters inserted (control characters, tabs, NUL, YAML indicators), a value replaced by a
  YAML tag, directives, line endings; on the encoded bytes, bytes that are not UTF-8, other encodings, an
  empty file.

Every step is driven by a `Picker`, here a `RandomPicker` seeded from a seed and an index: the script
(scripts/fuzz_cli.py) counts the index up from its --seed, hypothesis (tests/test_fuzz_cli.py) draws both, and
either way the same seed and index give the same file, so any case found is reproduced by its two numbers.

`run_commands` runs commands on a file in this process through typer's CliRunner and classifies each run;
`CommandWorker` does the same in a child process under a memory cap, and kills it when a file takes too long.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import multiprocessing
import os
import pickle
import random
import re
import resource
import signal
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

T = TypeVar("T")

EXAMPLES_FOLDER = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_NAMES = ("astana-2025.yaml", "red-square-2025.yaml", "city-parade.yaml")
AIR_DONOR = "astana-2025.yaml"  # the one example with an air section

Command = tuple[str, ...]
CHECK: Command = ("check",)
PLAN_JSON: Command = ("plan", "--json")
CARDS: Command = ("cards",)
SIMULATE: Command = ("simulate",)
REHEARSE: Command = ("rehearse", "--runs", "10")
EXPORT_BLUESKY: Command = ("export", "bluesky")
EVERY_FILE: tuple[Command, ...] = (CHECK, PLAN_JSON)
ALL_COMMANDS: tuple[Command, ...] = (CHECK, PLAN_JSON, CARDS, SIMULATE, REHEARSE, EXPORT_BLUESKY)
LOADING_COMMANDS = {CHECK, PLAN_JSON}  # their exit 2 can only come from the loader
CLEAN_EXITS = {0, 1, 2}

MEMORY_CAP_BYTES = 4 * 2**30
COMMAND_TIME_LIMIT_S = 20.0
WORKER_START_LIMIT_S = 120.0


# --- what drives the choices -------------------------------------------------------------------------


class Picker(Protocol):
    """The two choices every mutation is made of."""

    def integer(self, low: int, high: int) -> int:
        """A whole number from low to high, both included."""
        ...

    def pick(self, options: Sequence[T]) -> T:
        """One of the options."""
        ...


class RandomPicker:
    """Choices from a seeded `random.Random`: the same seed, the same choices."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        """A whole number from low to high, both included."""
        return int(self.rng.randint(low, high))

    def pick(self, options: Sequence[T]) -> T:
        """One of the options."""
        return options[self.rng.randrange(len(options))]


def pick_weighted(picker: Picker, weighted: Sequence[tuple[int, T]]) -> T:
    """One of the options, each as likely as its weight."""
    roll = picker.integer(0, sum(weight for weight, _ in weighted) - 1)
    for weight, option in weighted:
        if roll < weight:
            return option
        roll -= weight
    raise AssertionError("unreachable: the roll is below the total weight")


# --- hostile values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawYaml:
    """One line of flow YAML written into the file as it is: what a Python value cannot say (tags, anchors,
    unquoted timestamps, nesting deeper than the writer can recurse)."""

    text: str


def _nested(depth: int, style: str) -> RawYaml:
    """A value nested `depth` levels deep: lists or mappings."""
    if style == "list":
        return RawYaml("[" * depth + "1" + "]" * depth)
    return RawYaml("{a: " * depth + "1" + "}" * depth)


def _billion_laughs(levels: int = 9, width: int = 9) -> RawYaml:
    """A flow list whose last item, expanded, holds width**levels strings."""
    items = ["&l0 [" + ", ".join(["lol"] * width) + "]"]
    items += [f"&l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]" for level in range(1, levels)]
    return RawYaml("[" + ", ".join(items) + "]")


def _merge_chain(length: int) -> RawYaml:
    """A flow list of mappings, each merging the one before it: quadratic work for a loader that copies merges."""
    items = ["&m0 {k0: 0}"] + [f"&m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, length)]
    return RawYaml("[" + ", ".join(items) + "]")


def _merge_fan(width: int) -> RawYaml:
    """A flow list of `width` anchored mappings, then one mapping that merges them all."""
    anchors = ", ".join(f"&a{i} {{k{i}: {i}}}" for i in range(width))
    return RawYaml(f"[{anchors}, {{<<: [{', '.join(f'*a{i}' for i in range(width))}]}}]")


NUMBERS: tuple[Any, ...] = (
    0, -0.0, -1, 1e-9, -1e-9, 5e-324, 0.00504, 0.5, 1.5, 1e18, -1e18, 1e308, -1e308, math.inf, -math.inf, math.nan,
    10**30, -(10**30), 2**63, 2**64, 10**5, 10**9, 200_000, 360, 720, -360, 91, 181,
)
HUGE_COUNTS: tuple[int, ...] = (100, 1000, 2000, 10_000, 100_000, 200_000, 10**6, 10**9, 10**12, 2**63)
WRONG_TYPES: tuple[Any, ...] = (
    "", "abc", "1e3", "NaN", "Infinity", "0x1F", "\u0661\u0662\u0663", [], [1, 2], [[1, 2]], {}, {"a": 1},
    True, False, None,
)
DATES: tuple[Any, ...] = (
    RawYaml("2025-02-30"), RawYaml("0000-00-00"), RawYaml("9999-12-31"), RawYaml("0001-01-01"), RawYaml("2025-13-01"),
    RawYaml("2025-06-14 25:00:00"), RawYaml("2025-06-14 10:00:00 +99:00"), RawYaml("2025-06-14T10:00:00+99:00"),
    RawYaml("2025-06-14T23:59:60Z"), RawYaml("1970-01-01"), RawYaml("1900-01-01"), RawYaml("2100-12-31"),
    "2025-02-30", "0000-00-00", "9999-12-31", "2025-6-14", "14.06.2025", 20250614,
)
TIMES: tuple[Any, ...] = (
    "25:00:00", "24:00:00", "23:59:59", "23:59:59.99", "00:00:00", "-01:00:00", "99:99:99", "10:00",
    "10:00:00.000000001", "10:00:00+05:00", "23:59:60", " 11:00:00", "11:00:00\n", "1e9", 36000, 1e18,
    RawYaml("10:00:00"), RawYaml("2025-06-14 25:00:00"),
)
TIME_ZONES: tuple[str, ...] = (
    "Mars/Olympus_Mons", "", "UTC", "Etc/GMT+14", "Etc/GMT-14", "A" * 1000, "Europe/" + "x" * 1000, "../etc/passwd",
    "/etc/passwd", "Asia/Almaty\x00", "posix/Asia/Almaty", "right/UTC", "Factory", "localtime", "Asia", "..", ".",
    "\\", "Europe/Moscow ", "asia/almaty", "+05:00", "EST5EDT", "zone1970.tab", "Asia/Almaty/../../../../etc/passwd",
)
TAGS: tuple[str, ...] = (
    "!!float abc", "!!bool maybe", "!!omap [a, b]", "!!omap {a: 1}", "!!omap [{a: 1}, {a: 2}]", "!!omap 1",
    "!!set 1", "!!pairs 1", "!!python/object:os.system",
    "!!python/object/apply:os.system [echo fuzz]", "!!python/name:os.system", "!!binary AAAA", "!!binary '*'",
    "!!int 0x", "!!int abc", "!!timestamp 2025-13-45", "!!timestamp 2025-02-30", "!!timestamp 0000-00-00",
    "!!set {a, b}", "!!null x", "!custom x", "!!map [1]", "!!seq {a: 1}", "!<tag:yaml.org,2002:int> abc",
    "!!pairs [a]", "!!float .nan", "!!int 99999999999999999999999999999999", "!!merge x", "!!value x", "!!str",
    "*undefined",
)
TAGGED: tuple[RawYaml, ...] = tuple(RawYaml(tag) for tag in TAGS)
NESTING: tuple[RawYaml, ...] = tuple(
    _nested(depth, style) for depth in (10, 100, 500, 1000, 2000, 10_000) for style in ("list", "mapping")
)
BOMBS: tuple[RawYaml, ...] = (_billion_laughs(), _merge_chain(300), _merge_chain(3000), _merge_fan(3000))
ANY_HOSTILE: tuple[Any, ...] = NUMBERS + WRONG_TYPES + DATES + TIMES + TIME_ZONES + TAGGED + NESTING + BOMBS
UNKNOWN_KEYS: tuple[str, ...] = (
    "colour", "x", "speed", "Speed_kmh", "__proto__", "__class__", "<<", "?", "", "null", "true", "1", "kind",
    "a" * 1000, "\u043a\u043b\u044e\u0447", "id ", "ground", "air", "uncertainty", "wind", "hold", "note",
)
COUNT_KEYS = ("count", "ranks", "files", "abreast", "personnel", "crew")
TIME_KEYS = ("time", "entry_time", "anchor_time", "over_tribune")
REFERENCE_KEYS = ("after", "anchor", "tribune", "enters_at", "leaves_at")
CLOCK_TEXT = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?")
CALENDAR_EDGES: tuple[tuple[Any, str, str | None], ...] = (
    (RawYaml("9999-12-31"), "23:59:59", None),
    (RawYaml("9999-12-31"), "23:59:59.99", "Etc/GMT+12"),
    (RawYaml("0001-01-01"), "00:00:00", "Etc/GMT-14"),
    (RawYaml("2025-12-31"), "23:59:59.99", None),
    (RawYaml("2100-12-31"), "23:59:59.99", "Etc/GMT+12"),
    (RawYaml("1900-01-01"), "00:00:00", "Etc/GMT-14"),
    (RawYaml("1970-01-01"), "00:00:00", "UTC"),
    (RawYaml("2025-03-30"), "02:30:00", "Europe/Berlin"),  # a time the clocks skip
    (RawYaml("2025-10-26"), "02:30:00", "Europe/Berlin"),  # a time the clocks pass twice
)


def show(value: Any, limit: int = 60) -> str:
    """A value as a mutation step names it, cut to `limit` characters."""
    text = value.text if isinstance(value, RawYaml) else repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def flow_number(value: float) -> str:
    """A number as YAML writes it: .inf, -.inf, .nan or its repr."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def flow_points(points: Sequence[Sequence[float]]) -> RawYaml:
    """A route path as one line of flow YAML."""
    return RawYaml("[" + ", ".join("[" + ", ".join(flow_number(c) for c in point) + "]" for point in points) + "]")


@functools.cache
def extreme_paths(lon: float, lat: float) -> tuple[tuple[str, RawYaml], ...]:
    """Routes a planner may not expect that still are routes, starting at (lon, lat)."""
    zigzag = [[lon + 1e-4 * i, lat + 1e-4 * (i % 2)] for i in range(10_000)]
    hairpins = [[lon + 1e-5 * (i // 2), lat + 1e-4 * ((i + 1) // 2 % 2)] for i in range(2000)]
    circle = [[lon + 1e-4 * math.cos(i / 10), lat + 1e-4 * math.sin(i / 10)] for i in range(63)]
    return (
        ("a straight line of 99 km", flow_points([[lon, lat], [lon, lat + 0.89]])),
        ("a hairpin every metre", flow_points(hairpins)),
        ("a tight circle", flow_points(circle)),
        ("out and back", flow_points([[lon, lat], [lon + 0.01, lat], [lon, lat]])),
        ("a metre long", flow_points([[lon, lat], [lon, lat + 1e-5]])),
        ("10,000 vertices", flow_points(zigzag)),
        ("round the north pole", flow_points([[0, 89.999], [120, 89.999], [-120, 89.999]])),
    )


@functools.cache
def degenerate_paths(lon: float, lat: float) -> tuple[tuple[str, RawYaml], ...]:
    """Routes that are not routes, near (lon, lat) where they have a place."""
    long_zigzag = [[lon + 1e-5 * i, lat + 1e-5 * (i % 2)] for i in range(100_000)]
    nan, inf = math.nan, math.inf
    return (
        ("two identical points", flow_points([[lon, lat], [lon, lat]])),
        ("one point", flow_points([[lon, lat]])),
        ("five identical points", flow_points([[lon, lat]] * 5)),
        ("no points", flow_points([])),
        ("around the equator", flow_points([[0, 0], [90, 0], [180, 0], [-90, 0], [0, 0]])),
        ("across the antimeridian", flow_points([[179.9, 0], [-179.9, 0]])),
        ("pole to pole", flow_points([[0, -90], [0, 90]])),
        ("a millimetre long", flow_points([[lon, lat], [lon, lat + 1e-8]])),
        ("100,000 vertices", flow_points(long_zigzag)),
        ("non-finite coordinates", flow_points([[nan, nan], [lon, lat]])),
        ("infinite coordinates", flow_points([[lon, lat], [inf, -inf]])),
        ("off the globe", flow_points([[lon, 91], [lon + 400, lat]])),
        ("huge coordinates", flow_points([[1e308, 0], [0, 1e308]])),
        ("three coordinates a point", flow_points([[lon, lat, 100], [lon, lat + 0.01, 100]])),
    )


# --- the documents ------------------------------------------------------------------------------------

KeyPath = tuple[str | int, ...]


def _yaml() -> YAML:
    """A round-trip YAML reader and writer that keeps comments and does not fold long lines."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


@functools.cache
def _pickled_example(name: str) -> bytes:
    """An example, parsed once per process and pickled: unpickling copies it six times faster than deepcopy."""
    return pickle.dumps(_yaml().load((EXAMPLES_FOLDER / name).read_text(encoding="utf-8")))


def example_tree(name: str) -> Any:
    """A fresh copy of an example's round-trip tree, to change at will."""
    return pickle.loads(_pickled_example(name))


@dataclass
class Document:
    """A tree being mutated, and the raw YAML its placeholder strings stand for."""

    tree: Any
    raw: dict[str, str] = field(default_factory=dict)

    def value(self, value: Any) -> Any:
        """What to put in the tree for `value`: itself, or a placeholder for raw YAML."""
        if not isinstance(value, RawYaml):
            return value
        token = f"fuzz-raw-{len(self.raw)}-end"
        self.raw[token] = value.text
        return token

    def text(self) -> str:
        """The tree written as YAML, with the raw YAML in place of its placeholders."""
        buffer = io.StringIO()
        _yaml().dump(self.tree, buffer)
        text = buffer.getvalue()
        for token, raw in self.raw.items():
            text = text.replace(token, raw)
        return text


def walk(node: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every (key path, value) under node, node itself first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def at(tree: Any, path: KeyPath) -> Any:
    """The value at a key path."""
    for part in path:
        tree = tree[part]
    return tree


def key_path_text(path: KeyPath) -> str:
    """('ground', 3, 'count') -> 'ground[3].count', as the loader names places."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the document)"


def _is_number(value: Any) -> bool:
    """Whether a value is a number (a bool is not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_time(path: KeyPath, value: Any) -> bool:
    """Whether a value is a time of day: under a time key, or written HH:MM[:SS]."""
    return bool(path) and (path[-1] in TIME_KEYS or (isinstance(value, str) and CLOCK_TEXT.fullmatch(value)))


def _entries(tree: Any) -> list[KeyPath]:
    """Every key path below the root."""
    return [path for path, _ in walk(tree) if path]


def _set(document: Document, path: KeyPath, value: Any) -> str:
    """Replace the value at `path`; the step's description."""
    parent = at(document.tree, path[:-1])
    old = parent[path[-1]] if isinstance(parent, list) or path[-1] in parent else "(new key)"
    parent[path[-1]] = document.value(value)
    return f"{key_path_text(path)}: {show(old, 30)} -> {show(value)}"


# --- tree steps: each changes the document and says what it did, or returns None when it does not apply -------

TreeStep = Callable[[Document, Picker], "str | None"]


def replace_number(document: Document, picker: Picker) -> str | None:
    """A number replaced by an extreme, non-finite or scaled one."""
    paths = [path for path, value in walk(document.tree) if path and _is_number(value)]
    if not paths:
        return None
    path = picker.pick(paths)
    old = at(document.tree, path)
    factors = (10, 100, 1000, 1e6, 0.1, 0.01, 0.001, 1e-6, -1)
    if isinstance(old, int):
        scaled: tuple[Any, ...] = (*(int(old * factor) for factor in factors), int(old) + 1)
    else:
        scaled = (*(float(old) * factor for factor in factors), float(old) + 1e-9)
    return _set(document, path, picker.pick(pick_weighted(picker, ((1, NUMBERS), (1, scaled)))))


@functools.cache
def schema_bounds() -> dict[str, tuple[tuple[float | None, float | None, bool], ...]]:
    """Each key's ranges in the scenario's JSON Schema, (low, high, whole numbers), one per model that has the key;
    empty when the schema cannot be had."""
    try:
        from paradeplan.model.scenario import json_schema
    except ImportError:
        return {}
    found: dict[str, list[tuple[float | None, float | None, bool]]] = {}

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                low, high, whole = _range_of(prop)
                if low is not None or high is not None:
                    found.setdefault(key, []).append((low, high, whole))
            for value in node.values():
                visit(value)

    visit(json_schema())
    return {key: tuple(ranges) for key, ranges in found.items()}


def _range_of(prop: Any) -> tuple[float | None, float | None, bool]:
    """A property's (low, high, whole numbers), looking inside anyOf for an optional number."""
    for option in [prop, *prop.get("anyOf", [])]:
        low = option.get("minimum", option.get("exclusiveMinimum"))
        high = option.get("maximum", option.get("exclusiveMaximum"))
        if low is not None or high is not None:
            return low, high, option.get("type") == "integer"
    return None, None, False


def _edges(low: float | None, high: float | None, whole: bool, *, outside: bool) -> tuple[Any, ...]:
    """Values at and just inside the ends of a range, and just outside too when `outside`."""
    values: list[Any] = []
    for end, inward in ((low, 1), (high, -1)):
        if end is None:
            continue
        nudge = 1 if whole else max(abs(end) * 1e-9, 1e-9)
        values += [end, end, end + inward * nudge] + ([end - inward * nudge] if outside else [])
    return tuple(int(value) for value in values) if whole else tuple(values)


def _numbers_at_edges(document: Document, picker: Picker, *, outside: bool) -> str | None:
    """One to four numbers set at the ends of their ranges in the JSON Schema."""
    bounds = schema_bounds()
    paths = [path for path, value in walk(document.tree)
             if path and isinstance(path[-1], str) and path[-1] in bounds and _is_number(value)]
    if not paths:
        return None
    done = []
    for _ in range(picker.integer(1, 4)):
        path = picker.pick(paths)
        low, high, whole = picker.pick(bounds[str(path[-1])])
        done.append(_set(document, path, picker.pick(_edges(low, high, whole, outside=outside))))
    return "; ".join(done)


def boundary_numbers(document: Document, picker: Picker) -> str | None:
    """One to four numbers set at, just inside or just outside the ends of their ranges in the JSON Schema."""
    return _numbers_at_edges(document, picker, outside=True)


def edge_numbers(document: Document, picker: Picker) -> str | None:
    """One to four numbers set at or just inside the ends of their ranges: values that pass validation at its
    very edge, where a planner meets its extremes."""
    return _numbers_at_edges(document, picker, outside=False)


def scale_number(document: Document, picker: Picker) -> str | None:
    """A number scaled by a factor a planner might type: a half, a tenth, twice, ten times."""
    paths = [path for path, value in walk(document.tree) if path and _is_number(value)]
    if not paths:
        return None
    path = picker.pick(paths)
    old = at(document.tree, path)
    factor = picker.pick((0.5, 0.9, 1.1, 2, 10, 0.1))
    return _set(document, path, int(old * factor) if isinstance(old, int) else float(old) * factor)


def replace_time(document: Document, picker: Picker) -> str | None:
    """A time of day replaced by an odd one."""
    paths = [path for path, value in walk(document.tree) if _is_time(path, value)]
    return _set(document, picker.pick(paths), picker.pick(TIMES)) if paths else None


def replace_date(document: Document, picker: Picker) -> str | None:
    """The parade day replaced by an odd date."""
    return _set(document, ("date",), picker.pick(DATES)) if "date" in document.tree else None


def replace_time_zone(document: Document, picker: Picker) -> str | None:
    """The time zone replaced by an unknown, long or path-like name."""
    return _set(document, ("timezone",), picker.pick(TIME_ZONES)) if "timezone" in document.tree else None


def calendar_edge(document: Document, picker: Picker) -> str | None:
    """The day, the anchor time and maybe the zone set at an edge of the calendar or of a clock change."""
    timing = document.tree.get("timing")
    if not isinstance(timing, dict):
        return None
    day, clock_time, zone = picker.pick(CALENDAR_EDGES)
    document.tree["date"] = document.value(day)
    timing["time"] = clock_time
    if zone is not None:
        document.tree["timezone"] = zone
    return f"calendar edge: date {show(day)}, timing.time {clock_time!r}, timezone {zone or 'kept'}"


def replace_anything(document: Document, picker: Picker) -> str | None:
    """Any value, leaf or section, replaced by any hostile value."""
    return _set(document, picker.pick(_entries(document.tree)), picker.pick(ANY_HOSTILE))


def nest_deeply(document: Document, picker: Picker) -> str | None:
    """A value, or a new unknown key, nested deeply."""
    value = picker.pick(NESTING)
    if picker.integer(0, 1):
        return _set(document, picker.pick(_entries(document.tree)), value)
    mappings = [path for path, node in walk(document.tree) if isinstance(node, dict)]
    path = picker.pick(mappings)
    at(document.tree, path)["deep"] = document.value(value)
    return f"{key_path_text((*path, 'deep'))}: new key -> {show(value)}"


def plant_bomb(document: Document, picker: Picker) -> str | None:
    """A value replaced by a YAML bomb: a billion laughs, or thousands of merge keys."""
    return _set(document, picker.pick(_entries(document.tree)), picker.pick(BOMBS))


def _route_start(document: Document) -> tuple[float, float] | None:
    """Where the route starts, (lon, lat); None when there is no route section."""
    route = document.tree.get("route")
    if not isinstance(route, dict):
        return None
    try:
        lon, lat = (float(c) for c in route["path"][0][:2])
    except (KeyError, IndexError, TypeError, ValueError):
        return 37.62, 55.75
    return lon, lat


def degenerate_route(document: Document, picker: Picker) -> str | None:
    """The route's path replaced by one that is not a route, or by an extreme one."""
    start = _route_start(document)
    if start is None:
        return None
    label, path = picker.pick(degenerate_paths(*start) + extreme_paths(*start))
    document.tree["route"]["path"] = document.value(path)
    return f"route.path: {label}"


def extreme_route(document: Document, picker: Picker) -> str | None:
    """The route's path replaced by an extreme one that is still a route."""
    start = _route_start(document)
    if start is None:
        return None
    label, path = picker.pick(extreme_paths(*start))
    document.tree["route"]["path"] = document.value(path)
    return f"route.path: {label}"


def huge_count(document: Document, picker: Picker) -> str | None:
    """A count of vehicles, aircraft, ranks, files or people made huge."""
    paths = [path for path, value in walk(document.tree) if path and path[-1] in COUNT_KEYS and _is_number(value)]
    return _set(document, picker.pick(paths), picker.pick(HUGE_COUNTS)) if paths else None


def delete_entry(document: Document, picker: Picker) -> str | None:
    """A key or a list item deleted."""
    path = picker.pick(_entries(document.tree))
    del at(document.tree, path[:-1])[path[-1]]
    return f"{key_path_text(path)}: deleted"


def add_unknown_key(document: Document, picker: Picker) -> str | None:
    """A key the format does not know (or one from elsewhere), with a hostile value, in some mapping."""
    mappings = [path for path, node in walk(document.tree) if isinstance(node, dict)]
    path, key, value = picker.pick(mappings), picker.pick(UNKNOWN_KEYS), picker.pick(ANY_HOSTILE)
    at(document.tree, path)[key] = document.value(value)
    return f"{key_path_text((*path, key))}: new key -> {show(value)}"


def rename_key(document: Document, picker: Picker) -> str | None:
    """A key renamed: a typo, another case, a dash, or a key of another section."""
    keys = [path for path, _ in walk(document.tree) if path and isinstance(path[-1], str)]
    path = picker.pick(keys)
    old = str(path[-1])
    new = picker.pick((old.upper(), old + "_x", old[:-1], old.replace("_", "-"), old + " ", "", *COUNT_KEYS))
    mapping = at(document.tree, path[:-1])
    position = list(mapping).index(old)
    value = mapping.pop(old)
    if isinstance(mapping, CommentedMap) and new not in mapping:
        mapping.insert(position, new, value)
    else:
        mapping[new] = value
    return f"{key_path_text(path)}: renamed to {new!r}"


def many_elements(document: Document, picker: Picker) -> str | None:
    """The ground column, or the formations, replaced by thousands of copies of one of them."""
    sections = [path for path in (("ground",), ("air", "formations")) if _has_list(document.tree, path)]
    if not sections:
        return None
    path = picker.pick(sections)
    model = json.loads(json.dumps(picker.pick(at(document.tree, path)), default=str))
    copies = picker.pick((100, 1000, 2000, 10_000, 100_000) if path == ("ground",) else (10, 100, 200, 1000))
    if not isinstance(model, dict):
        return None
    items = (json.dumps({**model, "id": f"{model.get('id', 'copy')}-{i}"}, ensure_ascii=False) for i in range(copies))
    raw = RawYaml("[" + ", ".join(items) + "]")
    at(document.tree, path[:-1])[path[-1]] = document.value(raw)
    return f"{key_path_text(path)}: {copies:,} copies of {model.get('id')!r} ({len(raw.text):,} characters)"


def _point_names(tree: Any) -> list[str]:
    """The route's named points."""
    route = tree.get("route")
    points = route.get("points") if isinstance(route, dict) else None
    return [str(name) for name in points] if isinstance(points, dict) else []


def _formation_ids(tree: Any) -> list[str]:
    """The formations' ids."""
    return [value for path, value in walk(tree)
            if len(path) == 4 and path[:2] == ("air", "formations") and path[3] == "id" and isinstance(value, str)]


def cross_reference(document: Document, picker: Picker) -> str | None:
    """A reference pointed elsewhere: an anchor, a tribune, where an element joins or leaves (a point behind
    another, the same point), or a formation timed after another (itself, one behind it, one timed after it)."""
    points, formations = _point_names(document.tree), _formation_ids(document.tree)
    references = [path for path, value in walk(document.tree)
                  if path and path[-1] in REFERENCE_KEYS and path[-1] != "after" and isinstance(value, str)]
    if formations and (not references or not points or picker.integer(0, 1)):
        path = picker.pick([path for path, value in walk(document.tree)
                            if len(path) == 3 and path[:2] == ("air", "formations") and isinstance(value, dict)])
        after = {"after": picker.pick(formations), "gap_s": picker.pick((0, 1, 30, 3600))}
        return _set(document, (*path, "over_tribune"), after)
    if not references or not points:
        return None
    return _set(document, picker.pick(references), picker.pick(points))


def _has_list(tree: Any, path: KeyPath) -> bool:
    """Whether a non-empty list sits at the key path."""
    try:
        value = at(tree, path)
    except (KeyError, IndexError, TypeError):
        return False
    return isinstance(value, list) and len(value) > 0


TREE_STEPS: tuple[tuple[int, TreeStep], ...] = (
    (12, replace_number), (20, boundary_numbers), (6, replace_time), (4, replace_date), (4, replace_time_zone),
    (4, calendar_edge), (12, replace_anything), (3, nest_deeply), (2, plant_bomb), (8, degenerate_route),
    (6, huge_count), (6, delete_entry), (6, add_unknown_key), (4, rename_key), (3, many_elements),
    (3, cross_reference),
)
EDGE_STEPS: tuple[tuple[int, TreeStep], ...] = (
    (10, edge_numbers), (6, scale_number), (3, calendar_edge), (3, extreme_route), (2, many_elements),
    (2, delete_entry), (4, cross_reference),
)
"""Steps that mostly leave a file the loader accepts, so the planner and the other commands get extremes too."""


# --- text steps: on the YAML text, each returns the new text and what it did ---------------------------------

TextStep = Callable[[str, Picker], "tuple[str, str]"]
CHARACTERS = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ud800",
    "\t", "\r", ":", "-", "#", "[", "]", "{", "}", "&", "*", "!", "%", "@", "`", "'", '"', "|", ">", "?", ",", "\\",
    " ", "\u00e9", "\u5b57", "\U0001f396",
)
DIRECTIVES = (
    "---", "...", "%YAML 1.1", "%YAML 2.0", "%TAG ! tag:fuzz,2025:", "--- !!omap", "? complex key", "&anchor",
    "*alias", "- item", "<<: *nothing",
)
VALUE_LINE = re.compile(r"^(\s*(?:- )?[\w-]+:)[ \t]*\S.*$")


def _lines(text: str) -> list[str]:
    """The text's lines with their endings; one empty line for an empty text."""
    return text.splitlines(keepends=True) or [""]


def delete_line(text: str, picker: Picker) -> tuple[str, str]:
    """A line deleted."""
    lines = _lines(text)
    index = picker.integer(0, len(lines) - 1)
    del lines[index]
    return "".join(lines), f"line {index + 1} deleted"


def duplicate_line(text: str, picker: Picker) -> tuple[str, str]:
    """A line written twice (a duplicate key, most often)."""
    lines = _lines(text)
    index = picker.integer(0, len(lines) - 1)
    lines.insert(index, lines[index])
    return "".join(lines), f"line {index + 1} duplicated"


def swap_lines(text: str, picker: Picker) -> tuple[str, str]:
    """Two lines swapped."""
    lines = _lines(text)
    first, second = picker.integer(0, len(lines) - 1), picker.integer(0, len(lines) - 1)
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines), f"lines {first + 1} and {second + 1} swapped"


def reindent_line(text: str, picker: Picker) -> tuple[str, str]:
    """A line's indentation changed: a space more or less, or a tab."""
    lines = _lines(text)
    index = picker.integer(0, len(lines) - 1)
    line = lines[index]
    lines[index] = picker.pick((" " + line, line[1:] if line.startswith(" ") else line, "\t" + line.lstrip(" ")))
    return "".join(lines), f"line {index + 1} re-indented"


def insert_characters(text: str, picker: Picker) -> tuple[str, str]:
    """One to five odd characters (control characters, NUL, tabs, YAML indicators) inserted somewhere."""
    position = picker.integer(0, len(text))
    inserted = "".join(picker.pick(CHARACTERS) for _ in range(picker.integer(1, 5)))
    line = text.count("\n", 0, position) + 1
    return text[:position] + inserted + text[position:], f"{inserted!r} inserted on line {line}"


def truncate(text: str, picker: Picker) -> tuple[str, str]:
    """The text cut short."""
    position = picker.integer(0, len(text))
    return text[:position], f"cut after {position:,} characters (line {text.count(chr(10), 0, position) + 1})"


def tag_value(text: str, picker: Picker) -> tuple[str, str]:
    """A `key: value` line's value replaced by a YAML tag, an alias or a bomb."""
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if VALUE_LINE.match(line)]
    if not candidates:
        return text, "no key: value line to tag"
    index = picker.pick(candidates)
    value = picker.pick(TAGGED + BOMBS)
    match = VALUE_LINE.match(lines[index])
    assert match is not None
    lines[index] = f"{match.group(1)} {value.text}\n"
    return "".join(lines), f"line {index + 1}: value -> {show(value)}"


def insert_directive(text: str, picker: Picker) -> tuple[str, str]:
    """A document marker, a directive or a stray node put on a line of its own."""
    lines = _lines(text)
    index = picker.integer(0, len(lines))
    directive = picker.pick(DIRECTIVES)
    lines.insert(index, directive + "\n")
    return "".join(lines), f"{directive!r} inserted as line {index + 1}"


def change_line_endings(text: str, picker: Picker) -> tuple[str, str]:
    """Every line ending changed to CR LF, a bare CR, or a Unicode line separator."""
    ending = picker.pick(("\r\n", "\r", "\u2028", "\x85"))
    return text.replace("\n", ending), f"line endings -> {ending!r}"


TEXT_STEPS: tuple[tuple[int, TextStep], ...] = (
    (4, delete_line), (4, duplicate_line), (3, swap_lines), (3, reindent_line), (8, insert_characters),
    (2, truncate), (6, tag_value), (2, insert_directive), (1, change_line_endings),
)


# --- byte steps: on the encoded file ----------------------------------------------------------------------

ByteStep = Callable[[bytes, Picker], "tuple[bytes, str]"]
NOT_UTF8 = (b"\xff", b"\xfe", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xf5\x80\x80\x80", b"\xc0\xaf", b"\xe2\x82")
ENCODINGS = ("utf-16", "utf-16-le", "utf-32", "latin-1", "cp1251", "utf-8-sig")
WHOLE_FILES = (b"", b"\n", b"   \n\t\n", b"\x00", b"~\n", b"---\n", b"[]\n", b"'a'\n", b"\xef\xbb\xbf", b"\xff\xfe")


def insert_bytes(data: bytes, picker: Picker) -> tuple[bytes, str]:
    """Bytes that are not UTF-8 inserted somewhere."""
    position = picker.integer(0, len(data))
    inserted = picker.pick(NOT_UTF8)
    line = data.count(b"\n", 0, position) + 1
    return data[:position] + inserted + data[position:], f"bytes {inserted!r} inserted on line {line}"


def re_encode(data: bytes, picker: Picker) -> tuple[bytes, str]:
    """The whole file written in another encoding."""
    encoding = picker.pick(ENCODINGS)
    text = data.decode("utf-8", errors="replace")
    return text.encode(encoding, errors="replace"), f"encoded as {encoding}"


def replace_file(data: bytes, picker: Picker) -> tuple[bytes, str]:
    """The whole file replaced: empty, blank, a NUL, a scalar, a list, a bare byte order mark."""
    whole = picker.pick(WHOLE_FILES)
    return whole, f"whole file -> {whole!r}"


BYTE_STEPS: tuple[tuple[int, ByteStep], ...] = ((6, insert_bytes), (2, re_encode), (1, replace_file))
PHASES = ((75, "tree"), (17, "text"), (8, "bytes"))
STEP_COUNTS = ((5, 1), (3, 2), (2, 3))


# --- mutations ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Mutation:
    """A hostile scenario file: the example it started from, the steps taken, and its bytes."""

    example: str
    steps: tuple[str, ...]
    data: bytes

    def describe(self) -> str:
        """The example and the steps, one line."""
        return f"{self.example}: " + "; ".join(self.steps) + f" ({len(self.data):,} bytes)"

    def __repr__(self) -> str:
        """The description, not the bytes: hypothesis prints a failing case, and a file may be 40 MB."""
        return f"Mutation({self.describe()!r})"


def mutate(picker: Picker) -> Mutation:
    """A mutation of one of the examples: maybe the air section grafted on, then either one to three edge steps
    (two files in five) or one to three hostile steps on the tree, the text and the bytes."""
    example = picker.pick(EXAMPLE_NAMES)
    document = Document(example_tree(example))
    steps: list[str] = []
    if example != AIR_DONOR and picker.integer(0, 2) == 0:
        document.tree["air"] = example_tree(AIR_DONOR)["air"]
        steps.append(f"air section of {AIR_DONOR} grafted on")
    if picker.integer(0, 4) < 2:
        for _ in range(picker.integer(1, 3)):
            step = pick_weighted(picker, EDGE_STEPS)
            steps.append(step(document, picker) or f"{step.__name__}: nothing to change")
        return Mutation(example, tuple(steps), document.text().encode("utf-8"))
    phases = sorted((pick_weighted(picker, PHASES) for _ in range(pick_weighted(picker, STEP_COUNTS))),
                    key=("tree", "text", "bytes").index)
    for _ in range(phases.count("tree")):
        step = pick_weighted(picker, TREE_STEPS)
        steps.append(step(document, picker) or f"{step.__name__}: nothing to change")
    text = document.text()
    for _ in range(phases.count("text")):
        text, done = pick_weighted(picker, TEXT_STEPS)(text, picker)
        steps.append(done)
    data = text.encode("utf-8", errors="surrogatepass")
    for _ in range(phases.count("bytes")):
        data, done = pick_weighted(picker, BYTE_STEPS)(data, picker)
        steps.append(done)
    return Mutation(example, tuple(steps), data)


def choose_commands(picker: Picker) -> tuple[Command, ...]:
    """check and plan --json on every file; cards, simulate, rehearse and export too on about one in six."""
    return ALL_COMMANDS if picker.integer(0, 5) == 0 else EVERY_FILE


@dataclass(frozen=True)
class FuzzCase:
    """A mutated file and the commands to run on it, from a seed and an index."""

    seed: int
    index: int
    mutation: Mutation
    commands: tuple[Command, ...]

    def reproduce(self) -> str:
        """The command line that runs this case again and shows it in detail."""
        return f"python scripts/fuzz_cli.py --seed {self.seed} --index {self.index} --keep fuzz-out"


def seeded_case(seed: int, index: int) -> FuzzCase:
    """The case a seed and an index always give, whatever ran before it."""
    picker = RandomPicker(random.Random(f"paradeplan-fuzz:{seed}:{index}"))
    return FuzzCase(seed, index, mutate(picker), choose_commands(picker))


def fuzz_cases() -> st.SearchStrategy[FuzzCase]:
    """Hypothesis' cases: it draws the seed and the index, the mutation functions do the rest, so a failing case
    is one `reproduce()` command away (drawing every choice through hypothesis instead gave half the files twice)."""
    return st.builds(seeded_case, st.integers(0, 2**31 - 1), st.integers(0, 10**6))


# --- running commands and classifying what they did ---------------------------------------------------------


@dataclass(frozen=True)
class Crash:
    """An exception the command let escape: a traceback where an error message should be."""

    kind: str
    message: str
    where: str  # the innermost frame in paradeplan: module:line (function)
    raised_at: str  # the innermost frame of all
    traceback: str

    @property
    def key(self) -> str:
        """What tells crash classes apart: the exception and the paradeplan frame it left."""
        return f"{self.kind} at {self.where}"


@dataclass(frozen=True)
class Outcome:
    """How one command took one file."""

    command: Command
    exit_code: int | None  # None: it never exited (timed out, or the worker died)
    seconds: float
    crash: Crash | None = None
    timed_out: bool = False
    unlocated: tuple[str, ...] = ()  # on exit 2, lines that do not name the file and a line
    json_error: str | None = None  # plan --json: why its output is not strict JSON
    warnings: tuple[str, ...] = ()  # warnings a terminal would have shown
    output: str = ""  # the start of what it printed, for reports

    @property
    def crashed(self) -> bool:
        """Whether an exception escaped the command."""
        return self.crash is not None

    @property
    def located(self) -> bool:
        """Whether every problem line named the file (and a line, where the problem has one)."""
        return not self.unlocated

    @property
    def json_valid(self) -> bool:
        """Whether the JSON output (if it was asked for) is strict JSON."""
        return self.json_error is None

    def problems(self, time_limit_s: float = COMMAND_TIME_LIMIT_S) -> list[str]:
        """What issue 9 does not allow in this run, each a sentence."""
        name = " ".join(self.command)
        found = []
        if self.crash is not None:
            found.append(f"{name}: crashed with {self.crash.kind}: {self.crash.message[:200]} at {self.crash.where}")
        if self.timed_out or self.seconds > time_limit_s:
            found.append(f"{name}: took {self.seconds:.1f} s (limit {time_limit_s:g} s)")
        if self.exit_code is not None and self.exit_code not in CLEAN_EXITS:
            found.append(f"{name}: exit code {self.exit_code}")
        found += [f"{name}: unlocated line: {line[:200]!r}" for line in self.unlocated[:5]]
        if self.json_error is not None:
            found.append(f"{name}: output is not strict JSON: {self.json_error}")
        found += [f"{name}: printed a warning: {warning[:200]}" for warning in self.warnings[:3]]
        return found


class CommandTimedOut(BaseException):
    """Raised in a command that ran past its time limit; not an Exception, so the CliRunner does not catch it."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise CommandTimedOut in the main thread after `seconds` (no limit elsewhere, or for None)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise CommandTimedOut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def frame_name(frame: traceback.FrameSummary) -> str:
    """A frame as module:line (function); paradeplan's by module name, others by file name."""
    parts = Path(frame.filename).parts
    if "paradeplan" in parts:
        start = len(parts) - 1 - parts[::-1].index("paradeplan")
        module = ".".join((*parts[start:-1], Path(parts[-1]).stem))
    else:
        module = Path(frame.filename).name
    return f"{module}:{frame.lineno} ({frame.name})"


def crash_of(exc_info: Any) -> Crash:
    """The crash an escaped exception makes, with its innermost paradeplan frame."""
    kind, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    ours = [frame for frame in frames if "paradeplan" in Path(frame.filename).parts]
    where = frame_name(ours[-1]) if ours else "outside paradeplan"
    raised_at = frame_name(frames[-1]) if frames else "?"
    text = "".join(traceback.format_exception(kind, value, tb))
    return Crash(kind.__name__, str(value)[:500], where, raised_at, text[-6000:])


def strict_json_error(text: str) -> str | None:
    """Why `text` is not strict JSON (NaN and Infinity are not JSON), or None when it is."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError as exc:
        return str(exc)[:200]
    return None


WHOLE_FILE_PROBLEM = re.compile(
    r"no such file|is a folder|not a regular file|not a scenario file|permission denied"
    r"|\b(bytes|characters)\b.*\b(more|larger) than\b|\b(more|larger) than\b.*\b(bytes|characters)\b",
    re.IGNORECASE,
)
"""Problems of the file as a whole (its size, its kind), which have no line to name."""
OUTPUT_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def unlocated_lines(output: str, path: Path, *, lines_in_file: int, needs_line: bool) -> tuple[str, ...]:
    """The non-empty lines of an exit-2 output that do not start with the file's name (as given, or its base
    name) and a line number within the file, `name.yaml:42: ...`. A line with the name alone passes when its
    problem is the whole file (WHOLE_FILE_PROBLEM), or anything when not `needs_line` (a refusal of the whole
    plan, once the file loaded)."""
    names = "|".join(re.escape(name) for name in {str(path), path.name})
    located = re.compile(rf"(?:{names}):(\d+): ")
    named = re.compile(rf"(?:{names}): (.*)")
    bad = []
    for line in OUTPUT_LINE_BREAK.split(output):
        if not line.strip():
            continue
        match = located.match(line)
        if match and 1 <= int(match.group(1)) <= lines_in_file:
            continue
        whole = named.match(line)
        if not match and whole and (not needs_line or WHOLE_FILE_PROBLEM.search(whole.group(1))):
            continue
        bad.append(line)
    return tuple(bad)


IGNORED_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def run_commands(
    path: Path,
    commands: Sequence[Command],
    *,
    time_limit_s: float | None = COMMAND_TIME_LIMIT_S,
) -> list[Outcome]:
    """Run each command on the file in this process with typer's CliRunner, timed and classified.

    A command past `time_limit_s` is stopped (in the main thread only) and marked timed out. On exit 2 every
    line must name the file, and a line number too unless a loading command already accepted the file (then
    the exit 2 is a refusal of the whole plan, such as a simulation too long).
    """
    return list(iter_outcomes(path, commands, time_limit_s=time_limit_s))


def iter_outcomes(
    path: Path,
    commands: Sequence[Command],
    *,
    time_limit_s: float | None = COMMAND_TIME_LIMIT_S,
    on_start: Callable[[Command], None] | None = None,
) -> Iterator[Outcome]:
    """`run_commands` one command at a time: each outcome as soon as its command ends."""
    from typer.testing import CliRunner

    from paradeplan.cli import app

    path = Path(path)
    lines_in_file = len(path.read_bytes().decode("utf-8", errors="replace").splitlines()) + 1  # every kind of break
    loaded: bool | None = None
    for command in commands:
        if on_start is not None:
            on_start(command)
        outcome = _run_one(CliRunner(), app, path, command, time_limit_s, lines_in_file, loaded)
        if command in LOADING_COMMANDS and outcome.exit_code in CLEAN_EXITS:
            loaded = outcome.exit_code != 2
        yield outcome


def _run_one(runner: Any, app: Any, path: Path, command: Command, time_limit_s: float | None, lines_in_file: int,
             loaded: bool | None) -> Outcome:
    """One command on one file, classified."""
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with time_limit(time_limit_s):
                result = runner.invoke(app, [*command, str(path)])
        except CommandTimedOut:
            return Outcome(command, None, time.perf_counter() - started, timed_out=True)
    seconds = time.perf_counter() - started
    shown = tuple(f"{w.category.__name__}: {w.message} ({Path(w.filename).name}:{w.lineno})"
                  for w in caught if not issubclass(w.category, IGNORED_WARNINGS))
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = crash_of(result.exc_info)
    stdout, stderr = result.stdout, result.stderr
    unlocated: tuple[str, ...] = ()
    if result.exit_code == 2 and crash is None:
        needs_line = command in LOADING_COMMANDS or not loaded
        unlocated = unlocated_lines(stdout + "\n" + stderr, path, lines_in_file=lines_in_file, needs_line=needs_line)
    json_error = None
    if command == PLAN_JSON and result.exit_code in (0, 1) and crash is None:
        json_error = strict_json_error(stdout)
    return Outcome(command, result.exit_code, seconds, crash, False, unlocated, json_error, shown,
                   (stderr[:600] + "\n" + stdout[:400]).strip())


# --- the worker process ---------------------------------------------------------------------------------------


def _serve(connection: Connection, memory_bytes: int) -> None:
    """The worker: cap its memory, load the command, then run what the parent sends until the pipe closes."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    import paradeplan.cli  # noqa: F401  (loaded before the first file, so no file pays for it)

    connection.send(("ready",))
    while True:
        try:
            path, commands, time_limit_s = connection.recv()
        except EOFError:
            return
        for outcome in iter_outcomes(Path(path), commands, time_limit_s=time_limit_s,
                                     on_start=lambda command: connection.send(("started", command))):
            connection.send(("outcome", outcome))
        connection.send(("done",))


class CommandWorker:
    """A child process that runs commands on files under a memory cap; killed, and started afresh, when a file
    runs past its time, when a command timed out or ran out of memory, or when it died."""

    def __init__(self, *, memory_bytes: int = MEMORY_CAP_BYTES, command_time_limit_s: float = COMMAND_TIME_LIMIT_S):
        self.memory_bytes = memory_bytes
        self.command_time_limit_s = command_time_limit_s
        self._process: Any = None
        self._connection: Connection | None = None

    def __enter__(self) -> CommandWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Connection:
        """A fresh worker, ready to run."""
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, self.memory_bytes), daemon=True)
        self._process.start()
        child_end.close()
        self._connection = parent_end
        if not parent_end.poll(WORKER_START_LIMIT_S):
            self.close()
            raise RuntimeError("the fuzzing worker did not start")
        parent_end.recv()
        return parent_end

    def close(self) -> None:
        """Stop the worker, if one runs."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(10)
            self._process = None

    def run(self, path: Path, commands: Sequence[Command], *, file_time_limit_s: float) -> list[Outcome]:
        """The outcomes of the commands on the file; a command still running at `file_time_limit_s` is killed
        with the worker and marked timed out, and the commands after it are not run."""
        if self._process is None or not self._process.is_alive():
            self.close()
        connection = self._connection or self._start()
        connection.send((str(path), tuple(commands), self.command_time_limit_s))
        deadline = time.monotonic() + file_time_limit_s
        outcomes: list[Outcome] = []
        current, started = commands[0], time.monotonic()
        while True:
            remaining = deadline - time.monotonic()
            try:
                ready = remaining > 0 and connection.poll(remaining)
                message = connection.recv() if ready else None
            except (EOFError, OSError):
                outcomes.append(Outcome(current, None, time.monotonic() - started, self._death()))
                self.close()
                return outcomes
            if message is None:
                self.close()
                outcomes.append(Outcome(current, None, time.monotonic() - started, timed_out=True))
                return outcomes
            if message[0] == "started":
                current, started = message[1], time.monotonic()
            elif message[0] == "outcome":
                outcomes.append(message[1])
            else:
                if any(o.timed_out or (o.crash is not None and "MemoryError" in o.crash.kind) for o in outcomes):
                    self.close()  # a command stopped half-way may leave the process in any state
                return outcomes

    def _death(self) -> Crash:
        """The crash a worker that died mid-command makes."""
        self._process.join(5)
        code = self._process.exitcode
        how = f"killed by signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit {code}"
        return Crash("WorkerDied", f"the worker process ended: {how}", "?", "?", "")
