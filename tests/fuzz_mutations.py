"""Hostile scenario files for the `paradeplan` command, each made from a seed and an index.

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

The choices' driver, the hostile values and the examples' trees are in tests/fuzz_values.py; running the commands
on a file and classifying what they did is tests/fuzz_runner.py.
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fuzz_values import (
    AIR_DONOR,
    ANY_HOSTILE,
    BOMBS,
    CALENDAR_EDGES,
    COUNT_KEYS,
    DATES,
    EXAMPLE_NAMES,
    HUGE_COUNTS,
    NESTING,
    NUMBERS,
    REFERENCE_KEYS,
    TAGGED,
    TIME_ZONES,
    TIMES,
    UNKNOWN_KEYS,
    Document,
    KeyPath,
    Picker,
    RandomPicker,
    RawYaml,
    at,
    degenerate_paths,
    entries,
    example_tree,
    extreme_paths,
    is_number,
    is_time,
    key_path_text,
    pick_weighted,
    set_value,
    show,
    walk,
)
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

Command = tuple[str, ...]
CHECK: Command = ("check",)
PLAN_JSON: Command = ("plan", "--json")
CARDS: Command = ("cards",)
SIMULATE: Command = ("simulate",)
REHEARSE: Command = ("rehearse", "--runs", "10")
EXPORT_BLUESKY: Command = ("export", "bluesky")
EVERY_FILE: tuple[Command, ...] = (CHECK, PLAN_JSON)
ALL_COMMANDS: tuple[Command, ...] = (CHECK, PLAN_JSON, CARDS, SIMULATE, REHEARSE, EXPORT_BLUESKY)


# --- tree steps: each changes the document and says what it did, or returns None when it does not apply -------

TreeStep = Callable[[Document, Picker], "str | None"]


def replace_number(document: Document, picker: Picker) -> str | None:
    """A number replaced by an extreme, non-finite or scaled one."""
    paths = [path for path, value in walk(document.tree) if path and is_number(value)]
    if not paths:
        return None
    path = picker.pick(paths)
    old = at(document.tree, path)
    factors = (10, 100, 1000, 1e6, 0.1, 0.01, 0.001, 1e-6, -1)
    if isinstance(old, int):
        scaled: tuple[Any, ...] = (*(int(old * factor) for factor in factors), int(old) + 1)
    else:
        scaled = (*(float(old) * factor for factor in factors), float(old) + 1e-9)
    return set_value(document, path, picker.pick(pick_weighted(picker, ((1, NUMBERS), (1, scaled)))))


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
             if path and isinstance(path[-1], str) and path[-1] in bounds and is_number(value)]
    if not paths:
        return None
    done = []
    for _ in range(picker.integer(1, 4)):
        path = picker.pick(paths)
        low, high, whole = picker.pick(bounds[str(path[-1])])
        done.append(set_value(document, path, picker.pick(_edges(low, high, whole, outside=outside))))
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
    paths = [path for path, value in walk(document.tree) if path and is_number(value)]
    if not paths:
        return None
    path = picker.pick(paths)
    old = at(document.tree, path)
    factor = picker.pick((0.5, 0.9, 1.1, 2, 10, 0.1))
    return set_value(document, path, int(old * factor) if isinstance(old, int) else float(old) * factor)


def replace_time(document: Document, picker: Picker) -> str | None:
    """A time of day replaced by an odd one."""
    paths = [path for path, value in walk(document.tree) if is_time(path, value)]
    return set_value(document, picker.pick(paths), picker.pick(TIMES)) if paths else None


def replace_date(document: Document, picker: Picker) -> str | None:
    """The parade day replaced by an odd date."""
    return set_value(document, ("date",), picker.pick(DATES)) if "date" in document.tree else None


def replace_time_zone(document: Document, picker: Picker) -> str | None:
    """The time zone replaced by an unknown, long or path-like name."""
    return set_value(document, ("timezone",), picker.pick(TIME_ZONES)) if "timezone" in document.tree else None


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
    return set_value(document, picker.pick(entries(document.tree)), picker.pick(ANY_HOSTILE))


def nest_deeply(document: Document, picker: Picker) -> str | None:
    """A value, or a new unknown key, nested deeply."""
    value = picker.pick(NESTING)
    if picker.integer(0, 1):
        return set_value(document, picker.pick(entries(document.tree)), value)
    mappings = [path for path, node in walk(document.tree) if isinstance(node, dict)]
    path = picker.pick(mappings)
    at(document.tree, path)["deep"] = document.value(value)
    return f"{key_path_text((*path, 'deep'))}: new key -> {show(value)}"


def plant_bomb(document: Document, picker: Picker) -> str | None:
    """A value replaced by a YAML bomb: a billion laughs, or thousands of merge keys."""
    return set_value(document, picker.pick(entries(document.tree)), picker.pick(BOMBS))


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
    paths = [path for path, value in walk(document.tree) if path and path[-1] in COUNT_KEYS and is_number(value)]
    return set_value(document, picker.pick(paths), picker.pick(HUGE_COUNTS)) if paths else None


def delete_entry(document: Document, picker: Picker) -> str | None:
    """A key or a list item deleted."""
    path = picker.pick(entries(document.tree))
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
        return set_value(document, (*path, "over_tribune"), after)
    if not references or not points:
        return None
    return set_value(document, picker.pick(references), picker.pick(points))


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

