"""Read scenario files (YAML, or JSON of the same shape) into models, with line numbers for errors.

Every problem names the file, the line and the key path, as a planner would look for it:
`astana.yaml:42: ground[3].cadence_spm: must be greater than 0`.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..model.scenario import Scenario

KeyLoc = tuple[str | int, ...]
"""Where a value sits in a scenario tree: ('ground', 3, 'cadence_spm')."""

M = TypeVar("M", bound=BaseModel)
ReferenceCheck = Callable[[M], Sequence[tuple[KeyLoc, str]]]
"""Checks a validated model can only make with the whole file at hand: each problem's location and message."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(Exception):
    """A file that cannot be read as a scenario; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ScenarioError naming file, line and key path."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(str(path), None, "", "is a folder, not a scenario file")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(str(path), None, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(str(path), None, "", exc.strerror or str(exc))]) from None
    return parse_scenario(text, filename=path.name)


def parse_scenario(text: str, *, filename: str = "<scenario>") -> Scenario:
    """Validate scenario text; the same errors as `load_scenario`, named after `filename`."""
    return validate_scenario(parse_yaml(text, filename=filename), filename=filename)


def validate_scenario(document: Any, *, filename: str) -> Scenario:
    """Validate a tree from `parse_yaml`; keep the tree to find lines later without parsing again."""
    return validate_document(Scenario, document, filename=filename, checks=_reference_problems)


def parse_yaml(text: str, *, filename: str) -> Any:
    """YAML (or JSON) text to a tree that remembers line numbers."""
    yaml = YAML(typ="rt")
    try:
        document = yaml.load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        key = re.search(r'duplicate key "(.*?)"', exc.problem or "")
        raise ScenarioError([Problem(filename, line, "", f"duplicate key {key.group(1) if key else ''!r}")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        raise ScenarioError([Problem(filename, line, "", f"YAML syntax error: {what}")]) from None
    except YAMLError as exc:
        raise ScenarioError([Problem(filename, None, "", f"YAML syntax error: {exc}")]) from None
    if not isinstance(document, dict):
        kind = "empty" if document is None else f"a {type(document).__name__}"
        message = f"a scenario is a mapping of keys (name, route, ...), this is {kind}"
        raise ScenarioError([Problem(filename, 1, "", message)])
    return document


def validate_document(
    model: type[M], document: Any, *, filename: str, checks: ReferenceCheck[M] | None = None
) -> M:
    """Validate a parsed tree against `model`, turning pydantic's errors into located problems."""
    try:
        result = model.model_validate(document)
    except ValidationError as exc:
        raise ScenarioError(_problems_from(exc, document, filename)) from None
    if checks is not None:
        problems = [
            Problem(filename, line_of(document, loc), key_path(loc), message) for loc, message in checks(result)
        ]
        if problems:
            raise ScenarioError(problems)
    return result


def _problems_from(exc: ValidationError, document: Any, filename: str) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = _data_loc(document, error["loc"])
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc += ("kind",)
        problems.append(Problem(filename, line_of(document, loc), key_path(loc), _message(error, loc)))
    return problems


def _data_loc(document: Any, loc: Sequence[str | int]) -> KeyLoc:
    """Drop the parts of pydantic's location that are not keys in the file (union branches, tags)."""
    node = document
    kept: list[str | int] = []
    for part in loc:
        if kept and isinstance(kept[-1], int) and isinstance(node, dict) and part == node.get("kind"):
            continue  # the discriminator's branch name, as in ground[3].vehicle.speed_kmh
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
            kept.append(part)
        elif isinstance(part, str) and (part in _BRANCH_NAMES or part.startswith(("function-", "tuple[", "list["))):
            continue
        else:
            kept.append(part)
            node = None
    return tuple(kept)


_BRANCH_NAMES = {"str", "int", "float", "InlineVehicle", "InlineAircraft", "After", "constrained-str"}


def line_of(document: Any, loc: Iterable[str | int]) -> int | None:
    """1-based line of the deepest key of `loc` that exists in the parsed document."""
    node, line = document, _start_line(document)
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def _start_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None


def key_path_parts(path: str) -> KeyLoc:
    """'ground[3].vehicle' -> ('ground', 3, 'vehicle'): the inverse of `key_path`."""
    return tuple(int(part[1:-1]) if part.startswith("[") else part for part in re.findall(r"\[\d+\]|[^.\[\]]+", path))


def key_path(loc: Iterable[str | int]) -> str:
    """('ground', 3, 'cadence_spm') -> 'ground[3].cadence_spm'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: ErrorDetails, loc: KeyLoc) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    if kind == "union_tag_invalid":
        return f"kind must be one of {ctx.get('expected_tags')} (got {ctx.get('tag')!r})"
    if kind == "union_tag_not_found":
        return "required key 'kind' is missing (foot, band, mounted or vehicle)"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not allowed here (lower-case letters, digits and '-', or HH:MM:SS for times)"
    message = error["msg"]
    for prefix, replacement in (("Input should be", "must be"), ("Value error, ", ""), ("Assertion failed, ", "")):
        if message.startswith(prefix):
            message = replacement + message[len(prefix) :]
    return message.strip()


def _unknown_key_message(loc: KeyLoc) -> str:
    key = str(loc[-1]) if loc else "?"
    hint = difflib.get_close_matches(key, _known_keys(), n=1, cutoff=0.6)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    return f"unknown key {key!r}{suggestion}"


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Every field name the scenario models know, found by walking them from Scenario down."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [Scenario]
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            names.add(name)
            pending.extend(_models_in(field.annotation))
    return tuple(sorted(names))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models a type annotation mentions (inside unions, lists, dicts and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def _reference_problems(scenario: Scenario) -> list[tuple[KeyLoc, str]]:
    """Names that must refer to something in the same file: route points."""
    points = scenario.route.points
    problems: list[tuple[KeyLoc, str]] = []

    def check(loc: KeyLoc, name: str | None) -> None:
        if name is not None and name not in points:
            problems.append((loc, f"no route point named {name!r} (points: {', '.join(points)})"))

    check(("timing", "anchor"), scenario.timing.anchor)
    for index, element in enumerate(scenario.ground):
        check(("ground", index, "enters_at"), element.enters_at)
        check(("ground", index, "leaves_at"), element.leaves_at)
    if scenario.air is not None:
        check(("air", "tribune"), scenario.air.tribune)
    return problems
