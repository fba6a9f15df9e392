"""Checking a scenario text: the command line's loader and planner, giving a plan or the problems that stop one.

Nothing is planned here; the problems read as the command line's do
(`astana-2025.yaml:42: ground[3].cadence_spm: ...`), and each finding's key path gets its line in
the text, so that the editor can mark it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.scenario import Problem, ScenarioError, key_path_parts, line_of, parse_yaml, validate_scenario
from ..plan.planner import Plan, make_plan
from ..views.plan_json import JSON, plan_dict


@dataclass(frozen=True)
class Checked:
    """A scenario text after the loader and the planner: a plan, or the problems that stop one."""

    plan: Plan | None
    problems: list[Problem]
    lines: dict[str, int | None]  # a finding's key path -> its 1-based line in the text

    def planned(self) -> Plan:
        """The plan, or ScenarioError with the problems."""
        if self.plan is None:
            raise ScenarioError(self.problems)
        return self.plan

    def plan_json(self) -> JSON:
        """The plan JSON of `paradeplan plan --json`, each finding with the line of its key path."""
        return plan_dict(self.planned(), lines=self.lines)


def check_text(text: str, filename: str) -> Checked:
    """Load and plan a scenario text; `filename` is the name its problems are reported under."""
    try:
        document = parse_yaml(text, filename=filename)
        scenario = validate_scenario(document, filename=filename)
    except ScenarioError as exc:
        return Checked(None, list(exc.problems), {})
    plan = make_plan(scenario)
    lines = {f.path: line_of(document, key_path_parts(f.path)) for f in plan.findings if f.path}
    return Checked(plan, [], lines)
