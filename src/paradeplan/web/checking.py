"""Checking a scenario text: the command line's loader and planner, giving a plan and everything a version serves
from it, or the problems that stop them.

Nothing is planned here; the problems read as the command line's do
(`astana-2025.yaml:42: ground[3].cadence_spm: ...`), and each finding's key path gets its line in
the text, so that the editor can mark it. A text checks only when every output a stored version
serves can be made from its plan (web/outputs.py), so a version that was saved always plans.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.scenario import Problem, ScenarioError, key_path_parts, line_of, parse_yaml, validate_scenario
from ..plan.planner import Plan, make_plan
from ..views.plan_json import JSON
from .outputs import Outputs, make_outputs


@dataclass(frozen=True)
class Checked:
    """A scenario text after the loader, the planner and the outputs: a plan with them, or the problems."""

    plan: Plan | None
    problems: list[Problem]
    outputs: Outputs | None

    def planned(self) -> Plan:
        """The plan, or ScenarioError with the problems."""
        if self.plan is None:
            raise ScenarioError(self.problems)
        return self.plan

    def shown(self) -> Outputs:
        """The outputs, or ScenarioError with the problems."""
        if self.outputs is None:
            raise ScenarioError(self.problems)
        return self.outputs

    def plan_json(self) -> JSON:
        """The plan JSON of `paradeplan plan --json`, each finding with the line of its key path."""
        return self.shown().plan_json


def check_text(text: str, filename: str) -> Checked:
    """Load and plan a scenario text and make its outputs; `filename` is the name its problems are reported under."""
    try:
        document = parse_yaml(text, filename=filename)
        scenario = validate_scenario(document, filename=filename)
    except ScenarioError as exc:
        return Checked(None, list(exc.problems), None)
    plan = make_plan(scenario)
    lines = {f.path: line_of(document, key_path_parts(f.path)) for f in plan.findings if f.path}
    try:
        outputs = make_outputs(plan, lines=lines, document=document, filename=filename)
    except ScenarioError as exc:
        return Checked(None, list(exc.problems), None)
    return Checked(plan, [], outputs)
