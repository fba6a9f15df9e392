"""Changes written into a scenario's text, keeping everything else of it: comments, order, spacing.

The usual case is edited in place, on the line the located reader (load/yamltree.py) says the key is on;
anything else (a name written over several lines, a JSON file on one line) goes through ruamel's round-trip
writer, which keeps the comments and the order but may respace the file.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML

from .yamltree import YamlMapping, read_yaml

COPY_SUFFIX = re.compile(r" \(copy(?: \d+)?\)$")
_NAME_LINE = re.compile(r"""^(?P<key>name\s*:[ \t]*)(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"\s][^#]*?)"""
                        r"""(?P<rest>[ \t]+#.*)?[ \t]*$""")
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][\w .,()'/&+-]*")


def with_name(text: str, name: str) -> str:
    """The text with its top-level `name` set to `name` (added first when it has none)."""
    document = read_yaml(text, filename="<text>")
    lines = text.splitlines(keepends=True)
    if isinstance(document, YamlMapping) and "name" in document:
        index = document.key_lines["name"] - 1
        match = _NAME_LINE.match(lines[index].rstrip("\r\n"))
        if match is not None:
            ending = lines[index][len(lines[index].rstrip("\r\n")):]
            lines[index] = f"{match['key']}{_scalar(name)}{match['rest'] or ''}{ending}"
            return "".join(lines)
    return _round_trip_with_name(text, name)


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back as the same string, else double-quoted."""
    plain = _PLAIN_SAFE.fullmatch(value) and ": " not in value and " #" not in value
    return value if plain else json.dumps(value, ensure_ascii=False)


def _round_trip_with_name(text: str, name: str) -> str:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the planner wrote on one
    document = yaml.load(text)
    if "name" in document:
        document["name"] = name
    else:
        document.insert(0, "name", name)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


KeyPath = tuple[str | int, ...]


def with_values(text: str, values: Sequence[tuple[KeyPath, Any]]) -> str:
    """The text with each key path set to its value (None: the key removed), everything else kept: ruamel's
    round-trip writer keeps the comments and the order, and every line the change did not touch is then
    taken back from the input as it was written (ruamel would respace an aligned `key:   value`).
    A JSON file stays JSON."""
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        for path, value in values:
            _set(data, path, value)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = yaml.load(text)
    for path, value in values:
        _set(document, path, value)
    out = io.StringIO()
    yaml.dump(document, out)
    return _as_written(text, out.getvalue())


def _set(node: Any, path: KeyPath, value: Any) -> None:
    *parents, key = path
    for part in parents:
        node = node[part]
    if value is None:
        if key in node:
            del node[key]
    else:
        node[key] = value


def _as_written(original: str, written: str) -> str:
    """`written` with every line that differs from the original only in its spacing put back as it was."""
    before, after = original.splitlines(keepends=True), written.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=[" ".join(line.split()) for line in before],
                                      b=[" ".join(line.split()) for line in after], autojunk=False)
    lines: list[str] = []
    for tag, a_from, a_to, b_from, b_to in matcher.get_opcodes():
        lines += before[a_from:a_to] if tag == "equal" else after[b_from:b_to]
    return "".join(lines)


def copy_name(name: str, taken: set[str]) -> str:
    """`name` when no scenario has it, else the first of "name (copy 2)", "name (copy 3)", ... that is free;
    a copy of a copy counts on from the original's name."""
    if name not in taken:
        return name
    base = COPY_SUFFIX.sub("", name)
    number = 2
    while f"{base} (copy {number})" in taken:
        number += 1
    return f"{base} (copy {number})"
