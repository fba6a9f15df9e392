"""Read scenario files (YAML, or JSON of the same shape) into models, with line numbers for errors.

Every problem names the file, the line and the key path, as a planner would look for it:
`astana.yaml:42: ground[3].cadence_spm: must be greater than 0`.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..model.scenario import Scenario
from .files import read_text
from .problems import Problem as Problem
from .problems import ScenarioError as ScenarioError
from .problems import key_path as key_path
from .yamltree import YamlMapping, YamlSequence, read_yaml

KeyLoc = tuple[str | int, ...]
"""Where a value sits in a scenario tree: ('ground', 3, 'cadence_spm')."""

M = TypeVar("M", bound=BaseModel)
ReferenceCheck = Callable[[M], Sequence[tuple[KeyLoc, str]]]
"""Checks a validated model can only make with the whole file at hand: each problem's location and message."""


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ScenarioError naming file, line and key path.

    Only a regular file of at most files.MAX_FILE_BYTES is read, and only UTF-8 text (load/files.py).
    """
    path = Path(path)
    return parse_scenario(read_text(path), filename=path.name)


def parse_scenario(text: str, *, filename: str = "<scenario>") -> Scenario:
    """Validate scenario text; the same errors as `load_scenario`, named after `filename`."""
    return validate_scenario(parse_yaml(text, filename=filename), filename=filename)


def validate_scenario(document: Any, *, filename: str) -> Scenario:
    """Validate a tree from `parse_yaml`; keep the tree to find lines later without parsing again."""
    return validate_document(Scenario, document, filename=filename, checks=_reference_problems)


def parse_yaml(text: str, *, filename: str) -> Any:
    """YAML (or JSON) text to a mapping that remembers line numbers (load/yamltree.py: what is refused and why)."""
    document = read_yaml(text, filename=filename)
    if not isinstance(document, dict):
        message = f"a scenario is a mapping of keys (name, route, ...), this is {_kind_of(document)}"
        raise ScenarioError([Problem(filename, _start_line(document) or 1, "", message)])
    return document


def validate_document(
    model: type[M], document: Any, *, filename: str, checks: ReferenceCheck[M] | None = None
) -> M:
    """Validate a parsed tree against `model`, turning pydantic's errors into located problems."""
    try:
        result = model.model_validate(document)
    except ValidationError as exc:
        raise ScenarioError(_problems_from(exc, document, filename, model)) from None
    if checks is not None:
        problems = [
            Problem(filename, line_of(document, loc), key_path(loc), message) for loc, message in checks(result)
        ]
        if problems:
            raise ScenarioError(problems)
    return result


def _problems_from(exc: ValidationError, document: Any, filename: str, model: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, at its line and key path, but only from the union member that takes the
    type of value given: an inline `vehicle: {...}` is told what is wrong with it as a vehicle, not that it is not
    a string; a value of a type no member takes (a list for a name or a mapping) gets one problem naming them."""
    models = _model_names(model)
    errors = [(error, *_data_loc(document, error["loc"], models)) for error in exc.errors(include_url=False)]
    members: dict[KeyLoc, dict[str, str]] = {}  # where a union's value is -> what each member wants -> what it takes
    for _, _, branches in errors:
        for branch in branches:
            members.setdefault(branch.at, {})[branch.wanted] = branch.takes
    problems: dict[Problem, None] = {}  # in order, each once
    for error, loc, branches in errors:
        found = _in_union(error, loc, branches, members)
        if found is None:
            continue
        loc, message = found
        if message is None:
            if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc += ("kind",)
            message = problem_message(error, loc)
        problems[Problem(filename, line_of(document, loc), key_path(loc), message)] = None
    return list(problems)


def _in_union(
    error: ErrorDetails, loc: KeyLoc, branches: list[_Branch], members: dict[KeyLoc, dict[str, str]]
) -> tuple[KeyLoc, str | None] | None:
    """An error's location and message when it passed through unions whose members take different types of value
    (a name or a mapping): None to drop it, when it comes from a member that does not take the type given; one
    message naming every member's type when none takes it, or the one that does finds it has the wrong type;
    no message (None) to report the error as pydantic gives it."""
    for branch in branches:
        union = members[branch.at]
        takes = set(union.values())
        if len(takes) == 1:
            continue
        given = _takes(branch.value)
        if given in takes and branch.takes != given:
            return None
        if given not in takes or (loc == branch.at and error["type"].endswith("_type")):
            return branch.at, f"must be {' or '.join(union)} (this is {_kind_of(branch.value)})"
    return loc, None


@dataclass(frozen=True)
class _Branch:
    """A union member in a pydantic error's location: where the union's value is, what it is, which member."""

    at: KeyLoc
    value: Any
    takes: str  # the type of value the member takes: 'mapping', 'list' or 'scalar'
    wanted: str  # that, in a planner's words: 'a mapping', 'a string', ...


def _data_loc(document: Any, loc: Sequence[str | int], models: frozenset[str]) -> tuple[KeyLoc, list[_Branch]]:
    """Drop the parts of pydantic's location that are not keys in the file (union members, tags): the key path,
    and the union members it went through."""
    node = document
    kept: list[str | int] = []
    branches: list[_Branch] = []
    tag_dropped_at = -1
    for part in loc:
        at_item = bool(kept) and isinstance(kept[-1], int) and isinstance(node, dict)
        if at_item and part == node.get("kind") and tag_dropped_at != len(kept):
            # the discriminator's value, as in ground[3].vehicle.speed_kmh, dropped once: in
            # ground[3].vehicle.vehicle.width_m the second 'vehicle' is the key
            tag_dropped_at = len(kept)
            continue
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
            kept.append(part)
        elif isinstance(part, str) and (part in models or part in _SCALAR_MEMBERS or part.startswith(_MEMBER_PREFIXES)):
            branches.append(_branch(tuple(kept), node, part, models))
        else:
            kept.append(part)
            node = None
    return tuple(kept), branches


_SCALAR_MEMBERS = frozenset(
    f"{constrained}{name}" for constrained in ("", "constrained-") for name in ("str", "int", "float", "bool", "date")
)
_MEMBER_PREFIXES = ("function-", "tuple[", "list[", "dict[", "literal[", "nullable[", "lax-or-strict[", "is-instance[")


def _branch(at: KeyLoc, value: Any, member: str, models: frozenset[str]) -> _Branch:
    validated = re.fullmatch(r"function-[a-z]+\[.*, ([\w-]+)\]", member)  # a model's with its validator
    member = validated.group(1) if validated else member
    if member in models or member.startswith("dict["):
        return _Branch(at, value, "mapping", "a mapping")
    if member.startswith(("list[", "tuple[")):
        return _Branch(at, value, "list", "a list")
    scalar = member.removeprefix("constrained-")
    return _Branch(at, value, "scalar", _SCALAR_WORDS.get(scalar, "a single value"))


_SCALAR_WORDS = {"str": "a string", "int": "a whole number", "float": "a number", "bool": "true or false",
                 "date": "a date (YYYY-MM-DD)"}


def _takes(value: Any) -> str:
    return "mapping" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"


def _kind_of(value: Any) -> str:
    """What a value from the file is, in a planner's words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a mapping" if isinstance(value, dict) else "a list"


def line_of(document: Any, loc: Iterable[str | int]) -> int | None:
    """1-based line of the deepest key of `loc` that exists in the parsed document."""
    node, line = document, _start_line(document)
    for part in loc:
        if isinstance(node, YamlMapping) and part in node:
            line = node.key_lines[part]
            node = node[part]
        elif isinstance(node, YamlSequence) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def _start_line(node: Any) -> int | None:
    return node.line if isinstance(node, (YamlMapping, YamlSequence)) else None


def key_path_parts(path: str) -> KeyLoc:
    """'ground[3].vehicle' -> ('ground', 3, 'vehicle'): the inverse of `key_path`."""
    return tuple(int(part[1:-1]) if part.startswith("[") else part for part in re.findall(r"\[\d+\]|[^.\[\]]+", path))


def problem_message(error: ErrorDetails, loc: KeyLoc) -> str:
    """What is wrong with one value, in words (the loader's, and the fit's goals given outside a file)."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    if kind == "union_tag_invalid":
        return f"kind must be one of {ctx.get('expected_tags')} (got {ctx.get('tag')!r})"
    if kind == "union_tag_not_found":
        return "required key 'kind' is missing (foot, band, mounted or vehicle)"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        given = error["input"]
        if isinstance(given, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):
            return f"{given!r} is not a date that exists"
        return f"{given!r} is not a date: write it as YYYY-MM-DD"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not allowed here (lower-case letters, digits and '-', or HH:MM:SS for times)"
    message = error["msg"]
    for prefix, replacement in (("Input should be", "must be"), ("Value error, ", ""), ("Assertion failed, ", "")):
        if message.startswith(prefix):
            message = replacement + message[len(prefix) :]
    return message.strip()


def _unknown_key_message(loc: KeyLoc) -> str:
    """What to say of a key no model takes where it is written: where it belongs, when it is a key of the format
    elsewhere (a hold written in timing), or else the known key it is closest to (cadence for cadence_spm)."""
    key = str(loc[-1]) if loc else "?"
    places = _places_of_key(key, written=loc[:-1])
    if places:
        return f"unknown key {key!r} here; {key!r} is a key of {_join(places)}"
    hint = difflib.get_close_matches(key, [known for known in _known_keys() if known != key], n=1, cutoff=0.6)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    return f"unknown key {key!r}{suggestion}"


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Every field name the scenario models know."""
    return tuple(sorted({name for model in _models_under(Scenario) for name in model.model_fields}))


Place = tuple[str, ...]
"""Where a mapping of a model's keys is written, as a key path with a list's items as '[]' and a mapping's values
as '<name>': ('air', 'formations', '[]'), ('route', 'points', '<name>'); () is the top level."""
_ITEM, _VALUE = "[]", "<name>"


def _places_of_key(key: str, *, written: KeyLoc) -> list[str]:
    """The places whose models take `key`, in the planner's words, leaving out the place it was written in unless
    only some of the models there take it (`ground[] (kind vehicle)` for a count in a foot block)."""
    found = []
    for place, models in _model_places().items():
        takers = [model for model in models if key in model.model_fields]
        if not takers:
            continue
        kinds = _kinds(takers) if len(takers) < len(models) else []
        if _is_place(written, place) and not kinds:
            continue
        found.append(_place_text(place) + (f" (kind {_join(kinds, 'or')})" if kinds else ""))
    return found


@functools.cache
def _model_places() -> dict[Place, tuple[type[BaseModel], ...]]:
    """Every place in a scenario file that holds a model's keys, with the models it may be (a ground element is a
    marching block or a vehicle column), walking down from Scenario, the top level first."""
    places: dict[Place, list[type[BaseModel]]] = {}
    pending: list[tuple[Place, type[BaseModel], tuple[type[BaseModel], ...]]] = [((), Scenario, ())]
    while pending:
        place, model, above = pending.pop(0)
        if model in above or model in places.setdefault(place, []):
            continue  # a model inside itself would make places without end
        places[place].append(model)
        for name, field in model.model_fields.items():
            inside = _models_at(field.annotation, (*place, name))
            pending += [(where, inner, (*above, model)) for where, inner in inside]
    return {place: tuple(models) for place, models in places.items()}


def _models_at(annotation: Any, place: Place) -> list[tuple[Place, type[BaseModel]]]:
    """The models a field's annotation holds, each at its place: a list's items at `name[]`, a mapping's values
    at `name.<name>`, through unions, optional values and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(place, annotation)]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return _models_at(args[-1], (*place, _VALUE)) if args else []
    if isinstance(origin, type) and issubclass(origin, Iterable) and not issubclass(origin, str):
        return [found for arg in args if arg is not Ellipsis for found in _models_at(arg, (*place, _ITEM))]
    return [found for arg in args for found in _models_at(arg, place)]


def _is_place(loc: KeyLoc, place: Place) -> bool:
    """Whether a key path in a file is at the place: ('air', 'formations', 2) is at air.formations[]."""
    return len(loc) == len(place) and all(
        isinstance(part, int) if step == _ITEM else step == _VALUE or part == step
        for part, step in zip(loc, place, strict=True)
    )


def _place_text(place: Place) -> str:
    """('air', 'formations', '[]') -> 'air.formations[]'; () -> 'the top level'."""
    text = ""
    for step in place:
        text += step if step == _ITEM or not text else f".{step}"
    return text or "the top level"


def _kinds(models: Iterable[type[BaseModel]]) -> list[str]:
    """The values of the models' `kind` keys (foot, band, mounted), where they have one."""
    return [str(value) for model in models if "kind" in model.model_fields
            for value in typing.get_args(model.model_fields["kind"].annotation)]


def _join(words: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or 'a, b or c')."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


@functools.cache
def _model_names(root: type[BaseModel]) -> frozenset[str]:
    """The class names of `root` and every model under it: pydantic's names of union members that are models."""
    return frozenset(model.__name__ for model in _models_under(root))


def _models_under(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model its fields mention, walking down from it."""
    pending: list[type[BaseModel]] = [root]
    seen: list[type[BaseModel]] = []
    while pending:
        model = pending.pop()
        if model not in seen:
            seen.append(model)
            for field in model.model_fields.values():
                pending.extend(_models_in(field.annotation))
    return seen


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
