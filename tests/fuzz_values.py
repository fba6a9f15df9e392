"""What the fuzz harness's mutations (tests/fuzz_mutations.py) are made of: what drives the choices, the hostile
values a step puts into a scenario file, and the examples as round-trip trees to change.

Every choice goes through a `Picker` (a `RandomPicker`: the same seed, the same choices). A `RawYaml` is YAML
written into the file as it is, for what a Python value cannot say (tags, anchors, bombs, nesting deeper than
the writer can recurse); a `Document` is an example's tree being mutated, written back with its raw YAML in place,
and the helpers after it find, read and replace the values in a tree by key path.
"""

from __future__ import annotations

import functools
import io
import math
import pickle
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ruamel.yaml import YAML

T = TypeVar("T")

EXAMPLES_FOLDER = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_NAMES = ("astana-2025.yaml", "red-square-2025.yaml", "city-parade.yaml")
AIR_DONOR = "astana-2025.yaml"  # the one example with an air section


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


def is_number(value: Any) -> bool:
    """Whether a value is a number (a bool is not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_time(path: KeyPath, value: Any) -> bool:
    """Whether a value is a time of day: under a time key, or written HH:MM[:SS]."""
    return bool(path) and (path[-1] in TIME_KEYS or (isinstance(value, str) and CLOCK_TEXT.fullmatch(value)))


def entries(tree: Any) -> list[KeyPath]:
    """Every key path below the root."""
    return [path for path, _ in walk(tree) if path]


def set_value(document: Document, path: KeyPath, value: Any) -> str:
    """Replace the value at `path`; the step's description."""
    parent = at(document.tree, path[:-1])
    old = parent[path[-1]] if isinstance(parent, list) or path[-1] in parent else "(new key)"
    parent[path[-1]] = document.value(value)
    return f"{key_path_text(path)}: {show(old, 30)} -> {show(value)}"

