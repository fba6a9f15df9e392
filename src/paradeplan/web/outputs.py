"""What a version stores and serves from its plan, made once when its text is checked: a version is stored only if
all of it can be made.

A saved version must answer every later GET: the plan JSON and the timing cards as strict JSON
(JSON has no NaN or infinity), the march table and the BlueSky scenario. The simulation's trips
are the exception: they are worked out when first asked for. The summary the scenario list
keeps must fit any database (PostgreSQL's text holds no NUL character). What cannot be made
for a reason the text explains becomes a problem located as the loader's are: a number in the
text that is not finite (`parade.yaml:31: air.elevation_ft: must be a finite number, not nan`),
times that run past the calendar (`parade.yaml:2: date: ...`), a NUL in the name. A number the
planner works out as not finite from finite inputs is a problem of the whole file, naming where
in the plan it is. Anything else that fails is unexpected: it is raised, and nothing is stored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load.scenario import KeyLoc, Problem, ScenarioError, key_path, line_of
from ..plan.planner import Plan
from ..views.bluesky import bluesky_scenario
from ..views.cards import cards_dict
from ..views.march_table import march_table_csv
from ..views.plan_json import JSON, plan_dict
from .storage import Summary


@dataclass(frozen=True)
class Outputs:
    """What a version stores for the scenario list, and everything its GETs serve but its trips, each made once."""

    summary: Summary
    plan_json: JSON  # the plan JSON of `paradeplan plan --json`, each finding with its line in the text
    plan_bytes: bytes  # plan_json as GET /plan sends it
    cards_bytes: bytes  # the timing cards as GET /cards sends them
    csv: str  # the march table
    bluesky: str | None  # the BlueSky scenario, its notes first; None when no formation could be timed


def make_outputs(plan: Plan, *, lines: dict[str, int | None], document: Any, filename: str) -> Outputs:
    """Every output of a plan, or ScenarioError when the text explains why one cannot be made.

    `lines` maps a finding's key path to its line; `document` is the parsed text the problems are located in.
    """
    summary = storable_summary(plan, document, filename)
    try:
        plan_json = plan_dict(plan, lines=lines)
        cards = cards_dict(plan)
        csv = march_table_csv(plan)
        bluesky = bluesky_text(plan) if plan.air else None
    except (OverflowError, ValueError) as exc:
        problem = explained(exc, document, filename)
        if problem is None:
            raise
        raise ScenarioError([problem]) from None
    plan_bytes = encoded("plan", plan_json, document, filename)
    cards_bytes = encoded("cards", cards, document, filename)
    return Outputs(summary, plan_json, plan_bytes, cards_bytes, csv, bluesky)


def storable_summary(plan: Plan, document: Any, filename: str) -> Summary:
    """What the scenario list shows of a version, from its plan; ScenarioError when a database cannot store it."""
    scenario, counts = plan.scenario, plan.summary()
    for key, value in (("name", scenario.name), ("timezone", scenario.timezone)):
        if "\x00" in value:
            raise ScenarioError([Problem(filename, line_of(document, (key,)), key,
                                         "must not contain the NUL character (U+0000), which no database stores")])
    return Summary(scenario.name, scenario.date, scenario.timezone, counts.elements, counts.personnel,
                   counts.vehicles, counts.aircraft, counts.errors, counts.warnings)


def encoded(name: str, data: JSON, document: Any, filename: str) -> bytes:
    """`data` as strict JSON, or ScenarioError locating the number that is not finite in it."""
    try:
        return strict_json(data)
    except ValueError:
        found = first_non_finite(data)
        if found is None:
            raise
        raise ScenarioError([not_finite(document, filename) or planned_not_finite(name, *found, filename)]) from None


def bluesky_text(plan: Plan) -> str:
    """The BlueSky scenario as downloaded: each note as a `# note:` line, then the .scn text."""
    scn = bluesky_scenario(plan)
    return "".join(f"# note: {note}\n" for note in scn.notes) + scn.text


def strict_json(data: JSON) -> bytes:
    """JSON as the API's replies encode it (FastAPI's JSONResponse), refusing NaN and infinity."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


def explained(exc: OverflowError | ValueError, document: Any, filename: str) -> Problem | None:
    """The located problem behind an output that failed, when the text explains it; None when it does not."""
    problem = not_finite(document, filename)
    if problem is not None:
        return problem
    if isinstance(exc, OverflowError) and ("date" in str(exc) or "year" in str(exc)):
        return Problem(filename, line_of(document, ("date",)), "date",
                       "the parade's times run outside the calendar's years 1 to 9999: move the date or the times")
    return None


def not_finite(document: Any, filename: str) -> Problem | None:
    """The first number in the text that is not finite (.nan, .inf), at its line and key path; None when none is."""
    found = first_non_finite(document)
    if found is None:
        return None
    loc, value = found
    return Problem(filename, line_of(document, loc), key_path(loc), f"must be a finite number, not {value}")


def planned_not_finite(name: str, loc: KeyLoc, value: float, filename: str) -> Problem:
    """A number the planner worked out as not finite from a text whose numbers all are: where it is in the output."""
    return Problem(filename, None, "", f"the {name} cannot be shown: {key_path(loc)} comes out as {value}; "
                                       "check the values it is worked out from")


def first_non_finite(tree: Any) -> tuple[KeyLoc, float] | None:
    """The key path and value of the first float that is not finite in a tree of dicts and lists, or None."""
    for loc, value in _leaves(tree):
        if isinstance(value, float) and not math.isfinite(value):
            return loc, value
    return None


def _leaves(tree: Any) -> Iterator[tuple[KeyLoc, Any]]:
    """Every value that is not a list or dict, with its key path, depth first, without recursion (a tree may be
    deep); a list or dict met again (a YAML alias, a cycle included) is walked once."""
    seen: set[int] = set()
    stack: list[tuple[KeyLoc, Any]] = [((), tree)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                continue
            seen.add(id(value))
            items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
            stack.extend(((*loc, _key(key)), child) for key, child in reversed(items))
        else:
            yield loc, value


def _key(key: Any) -> str | int:
    return key if isinstance(key, str | int) else str(key)
