"""YAML (or JSON) text to a tree of dicts and lists that remembers the line of every key and item.

The tree is built here from ruamel's parser events, one event at a time and without recursion, instead of by
ruamel's composer and constructor: those recurse once per level of nesting (a RecursionError 500 levels down),
copy merge keys over and over (3,000 of them took 23 s), construct whatever a tag names, and raise ValueError
or KeyError for a date that does not exist. Here every limit is checked as the event that passes it arrives,
so a hostile file is refused at its line after reading no further than that:

- nesting deeper than MAX_DEPTH, counting what an alias brings in at the depth it is used;
- more than MAX_ANCHORS anchors or MAX_ALIASES aliases, or aliases (merge keys included) that repeat more
  than MAX_REPEATED_NODES values altogether: a "billion laughs" refers to a list of lists of ... nine times over;
- an alias to a value that contains it (a tree that would be infinite) or to an anchor not defined before;
- any tag (`!!float abc`, `!!python/object/apply:...`, `!custom`): a scenario needs none, so nothing a tag
  names is ever constructed;
- more than MAX_NODES values, or more than one document in the file.

Scalars resolve as YAML 1.2's core schema does (ruamel's spelling of it: `1_000` is a number): null, true and
false, integers (0x, 0o, 0b too) and floats (.inf, .nan too); everything else stays a string, timestamps
included, so that a date that does not exist (2025-02-30) reaches the model as text and fails there, at its
line, with the model's message. A `%YAML 1.1` directive does not change this.

The events come from libyaml (PyYAML's C extension) when it reads the text: 3 ms for the Astana example where
ruamel's pure-Python parser takes 39 ms, which is what lets the editor plan on every keystroke. A text libyaml
refuses, or that breaks a limit, is read again by ruamel's parser, so every problem is reported as it always
was, with ruamel's words and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NoReturn

import yaml
import yaml.events
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .problems import Problem, ScenarioError, key_path, line_and_column

MAX_DEPTH = 16
"""Levels of lists and mappings inside one another. The models go five deep (air, formations, a formation, its
hold), and refuse anything deeper as the wrong type; 16 leaves room for every mistake worth a precise message.
It is kept low because ruamel's scanner checks every open flow level at every token: 150,000 values nested 16
deep take 7 s to read, 64 deep 11 s; and 2,000 `[` are refused in under a second, whatever follows them."""

MAX_ALIASES = 1_000
"""Aliases (`*name`) in one file. A scenario needs none; a planner who writes a vehicle type once and refers to it
from each column uses one per column, and 1,000 is five times the columns of the largest parades."""

MAX_ANCHORS = 1_000
"""Anchors (`&name`) in one file: no more are of use than there may be aliases, and each costs the parser time
before the first alias comes (3,000 anchored mappings merged into one took 0.4 s to refuse at their aliases)."""

MAX_REPEATED_NODES = 100_000
"""Values that aliases repeat altogether, each alias counting every value under its anchor. The Astana example,
all of it, has about 1,700 values; 100,000 lets every alias of a file repeat a large section, while a billion
laughs, which repeats a billion, is refused after its fourth level."""

MAX_NODES = 150_000
"""Values in one file, keys included. The most the models take (2,000 ground elements with every key given, a
route of 10,000 points, 500 stretches, 200 formations) is about 100,000; the Astana example has 1,700. The
parser, pure Python, takes 25 to 35 microseconds a value, so this bounds the time to read a file of many short
values (`[1,1,1,...]`) to about 5 s, where the size limit alone would let through a million of them (30 s)."""

MAX_CHARACTERS = 2_000_000
"""The longest text read as a scenario, the web API's limit too (web/schemas.py, MAX_SCENARIO_CHARS). The largest
parade the models take, 2,000 ground elements, is about 1 MB of YAML written as the examples are (430 bytes an
element with its comments); the parser reads about a megabyte a second of the slowest text for it (one long
multi-line string, a million blank lines), so a file at the limit is read in at most 2.5 s, where 5 MB took 6 s."""

_TAG_PREFIX = "tag:yaml.org,2002:"

_INT = re.compile(
    r"[-+]?(?:0b[0-1_]*[01][0-1_]*|0o[0-7_]*[0-7][0-7_]*|0x[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*|[0-9_]*[0-9][0-9_]*)"
)
_FLOAT = re.compile(
    r"""[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]*[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)""",
    re.VERBOSE,
)
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not allow anywhere in a stream (ruamel's reader refuses it, but without a line)."""

# libyaml's parser through PyYAML's C extension gives the same events, with their lines, twenty times faster
# than ruamel's pure-Python parser: the editor's check of every keystroke reads the text with it
try:
    from yaml import _yaml as _libyaml
except ImportError:  # pragma: no cover - a PyYAML built without libyaml: ruamel's parser reads every text
    _libyaml = None  # type: ignore[assignment]

_KINDS: dict[type, type] = {kind: kind for kind in (
    AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
    SequenceStartEvent)}
_KINDS.update({getattr(yaml.events, kind.__name__): kind for kind in list(_KINDS)})


def _libyaml_events(text: str) -> Iterable[Any]:
    """libyaml's parser events for a text (a YAML 1.1 parser: the tree is resolved by the 1.2 rules below all
    the same, and a text it refuses is read again by ruamel's for the message)."""
    parser = _libyaml.CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


class YamlMapping(dict[Any, Any]):
    """A mapping read from YAML, with its own line and each key's line (1-based)."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class YamlSequence(list[Any]):
    """A list read from YAML, with its own line and each item's line (1-based)."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


_MERGE = object()
"""The key `<<`: its value's keys are merged into the mapping that holds it."""


class _Open:
    """A list or mapping whose end event has not come yet."""

    __slots__ = ("anchor", "height", "key", "key_line", "merges", "node", "size")

    def __init__(self, node: YamlMapping | YamlSequence, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.size = 1  # values in it, itself included, each alias counting what it repeats
        self.height = 1  # levels of lists and mappings, itself included
        self.key: Any = _NO_KEY if isinstance(node, YamlMapping) else None  # in a mapping, the key whose value
        # comes next, or _NO_KEY when a key comes next
        self.key_line = 0
        self.merges: list[YamlMapping] | None = None


_NO_KEY = object()


def read_yaml(text: str, *, filename: str) -> Any:
    """YAML (or JSON) text to a tree of YamlMapping, YamlSequence and scalars; None for a file with no document.

    Raises ScenarioError with a located problem for anything the text cannot be read as.
    """
    if len(text) > MAX_CHARACTERS:
        message = f"the text is {len(text):,} characters long, more than the {MAX_CHARACTERS:,} a scenario may have"
        raise ScenarioError([Problem(filename, None, "", message)])
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = line_and_column(text, bad.start())
        character = bad.group()
        what = "a lone surrogate" if "\ud800" <= character <= "\udfff" else "a control character"
        message = f"character U+{ord(character):04X} ({what}) at column {column} is not allowed in YAML"
        raise ScenarioError([Problem(filename, line, "", message)])
    if _libyaml is not None:
        try:
            return _Builder(filename).build(_libyaml_events(text))
        except (ScenarioError, yaml.YAMLError, ValueError, LookupError, TypeError, AttributeError, RecursionError):
            pass  # read again below: ruamel's parser says what is wrong, and where, as the error messages always have
    builder = _Builder(filename)
    try:
        return builder.build(YAML(typ="safe", pure=True).parse(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else builder.line
        what = exc.problem or exc.context or "malformed YAML"
        raise ScenarioError([Problem(filename, line, "", f"YAML syntax error: {what}")]) from None
    except (YAMLError, ValueError, LookupError, TypeError, AssertionError, AttributeError, RecursionError) as exc:
        # not expected from the parser of a text that passed the checks above, but it must not escape as a crash
        message = f"YAML the loader cannot read ({type(exc).__name__}: {exc})"
        raise ScenarioError([Problem(filename, builder.line, "", message)]) from None


class _Builder:
    """The tree from parser events; `line` is that of the last event, for an error the parser gives no line."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.line = 1
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> value, its size and height
        self.anchor_count = self.aliases = self.repeated = 0

    def build(self, events: Iterable[Any]) -> Any:
        """The document's root value from ruamel's parser events (typed Any: ruamel's events declare no fields)."""
        root: Any = None
        documents = nodes = 0
        stack = self.stack
        for event in events:
            kind = _KINDS.get(type(event))
            self.line = line = event.start_mark.line + 1
            if kind is ScalarEvent:
                nodes += 1
                if nodes > MAX_NODES:
                    self._too_many()
                if event.tag is not None:
                    self._tag_refused(event.tag)
                value: Any = event.value if event.style else _plain(event.value)  # plain: None (ruamel), "" (libyaml)
                size, height = 1, 0
                if event.anchor is not None:
                    self._anchor(event.anchor)
                    self.anchors[event.anchor] = (value, 1, 0)
                if stack and stack[-1].key is _NO_KEY:
                    self._key(stack[-1], _MERGE if value == "<<" and not event.style else value)
                    continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                if done.merges is not None and isinstance(done.node, YamlMapping):
                    _merge(done.node, done.merges)
                value, size, height, line = done.node, done.size, done.height, done.node.line
                if done.anchor is not None:
                    self.anchors[done.anchor] = (value, size, height)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                nodes += 1
                if nodes > MAX_NODES:
                    self._too_many()
                if event.tag is not None:
                    self._tag_refused(event.tag)
                if stack and stack[-1].key is _NO_KEY:
                    self._refuse("a key must be a single value, not a list or a mapping", at_key=True)
                if len(stack) >= MAX_DEPTH:
                    self._refuse(f"nested more than {MAX_DEPTH} levels deep (a scenario needs about 6)")
                node = YamlMapping(line) if kind is MappingStartEvent else YamlSequence(line)
                if event.anchor is not None:
                    self._anchor(event.anchor)
                    self.anchors.pop(event.anchor, None)  # an alias to it from inside it is refused
                stack.append(_Open(node, event.anchor))
                continue
            elif kind is AliasEvent:
                nodes += 1
                if nodes > MAX_NODES:
                    self._too_many()
                value, size, height = self._alias(event.anchor)
                if stack and stack[-1].key is _NO_KEY:
                    if isinstance(value, (YamlMapping, YamlSequence)):
                        self._refuse("a key must be a single value, not a list or a mapping", at_key=True)
                    self._key(stack[-1], value)
                    continue
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._refuse("a second YAML document ('---'): a scenario file holds one")
                continue
            else:  # the stream's start and end, a document's end
                continue
            if not stack:
                root = value
                continue
            parent = stack[-1]
            parent.size += size
            if height >= parent.height:  # a merge key's mapping adds its keys, not a level: one too many is safe
                parent.height = height if parent.key is _MERGE else height + 1
            if type(parent.node) is YamlSequence:
                parent.node.append(value)
                parent.node.item_lines.append(line)
            else:
                self._value(parent, value)
        return root

    def _key(self, mapping: _Open, key: Any) -> None:
        if key is _MERGE:
            if mapping.merges is not None:
                self._refuse("duplicate key '<<'", at_key=True)
        elif key in mapping.node:
            self._refuse(f"duplicate key {key!r}", at_key=True)
        mapping.key, mapping.key_line = key, self.line

    def _value(self, mapping: _Open, value: Any) -> None:
        key, mapping.key = mapping.key, _NO_KEY
        node = mapping.node
        assert isinstance(node, YamlMapping)
        if key is _MERGE:
            sources = value if isinstance(value, YamlSequence) else [value]
            if not all(isinstance(source, YamlMapping) for source in sources):
                self.line = mapping.key_line
                self._refuse("'<<' (a merge key) takes a mapping or a list of mappings")
            mapping.merges = sources
        else:
            node[key] = value
            node.key_lines[key] = mapping.key_line

    def _anchor(self, name: str) -> None:
        self.anchor_count += 1
        if self.anchor_count > MAX_ANCHORS:
            self._refuse(f"more than {MAX_ANCHORS:,} anchors (&name) in one file")

    def _alias(self, name: str) -> tuple[Any, int, int]:
        if name not in self.anchors:
            if any(frame.anchor == name for frame in self.stack):
                self._refuse(f"alias *{name} refers to the value that contains it")
            self._refuse(f"alias *{name} has no anchor &{name} before it")
        value, size, height = self.anchors[name]
        self.aliases += 1
        self.repeated += size
        if self.aliases > MAX_ALIASES:
            self._refuse(f"more than {MAX_ALIASES:,} aliases (*name) in one file")
        if self.repeated > MAX_REPEATED_NODES:
            self._refuse(f"aliases repeat more than {MAX_REPEATED_NODES:,} values altogether (a YAML bomb?)")
        if len(self.stack) + height > MAX_DEPTH:
            self._refuse(f"alias *{name} nests its value more than {MAX_DEPTH} levels deep")
        return value, size, height

    def _too_many(self) -> NoReturn:
        message = f"more than {MAX_NODES:,} values (keys included): the largest parade needs fewer than 100,000"
        raise ScenarioError([Problem(self.filename, self.line, "", message)])

    def _tag_refused(self, tag: str) -> NoReturn:
        shown = "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
        self._refuse(f"YAML tags are not allowed here ({shown})")

    def _refuse(self, message: str, *, at_key: bool = False) -> NoReturn:
        """Stop with a problem at the current line; its key path is that of the value being read (none at a key)."""
        parts: list[str | int] = []
        for frame in self.stack:
            if isinstance(frame.node, YamlSequence):
                parts.append(len(frame.node))
            elif frame.key is not _NO_KEY and frame.key is not _MERGE:
                parts.append(frame.key if isinstance(frame.key, str) else str(frame.key))
            else:
                break
        path = "" if at_key else key_path(parts[:8]) + ("..." if len(parts) > 8 else "")
        raise ScenarioError([Problem(self.filename, self.line, path, message)])


def _merge(node: YamlMapping, sources: list[YamlMapping]) -> None:
    """Merge keys' values in: the mapping's own keys win, then the earlier of the sources."""
    for source in sources:
        for key, value in source.items():
            if key not in node:
                node[key] = value
                node.key_lines[key] = source.key_lines[key]


def _plain(text: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it; timestamps stay text."""
    if not text:
        return None
    first = text[0]
    if first in "-+.0123456789":
        try:
            if _INT.fullmatch(text):
                return _integer(text)
            if _FLOAT.fullmatch(text):
                return _floating(text)
        except ValueError:  # an integer of more than 4,300 digits: Python will not read it, so it stays text
            return text
        return text
    if first in "nN~" and text in _NULLS:
        return None
    if first in "tT" and text in _TRUES:
        return True
    if first in "fF" and text in _FALSES:
        return False
    return text


def _integer(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    base = {"0b": 2, "0o": 8, "0x": 16}.get(digits[:2], 10)
    return sign * int(digits[2:] if base != 10 else digits, base)


def _floating(text: str) -> float:
    digits = text.replace("_", "").lower()
    if digits.endswith(("inf", "nan")):
        return float(digits.replace(".", "", 1))  # '-.inf' -> '-inf', as Python spells it
    return float(digits)
