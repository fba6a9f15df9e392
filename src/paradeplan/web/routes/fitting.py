"""The workspace's Fit panel: POST /api/fit fits an unsaved text to its slot, as `paradeplan fit` does, and answers
the revised text with what changed; nothing is stored (the panel offers the text as an unsaved edit, saved as a
new version with the editor's save bar).

The text is checked as the editor's check does (web/checking.py, so a text that does not load answers the loader's
located problems, 422); the goals given override the text's own `fit:` block as the command line's options do;
the solve runs in the threadpool (a sync route): 0.2 to 0.4 s for Astana once scipy is loaded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...fit.solve import Fitted, fit
from ...load.edit import with_values
from ...load.scenario import problem_message
from ...model.fit import FitGoals
from ...views.fit import fit_json
from ..schemas import ToValidate
from ..workspace import WorkspaceDep

router = APIRouter()

GoalText = Annotated[str, Field(max_length=100)]


class GoalsAsked(BaseModel):
    """The panel's goals, each as the command line's option takes it; one left out keeps the text's `fit:` block's."""

    model_config = ConfigDict(extra="forbid")

    duration: GoalText | float | None = Field(None, description="First head to last tail at the anchor: 24m, 1h5m, "
                                              "90s, mm:ss.")
    finish_by: GoalText | None = Field(None, description="The last tail clear of the release point by HH:MM:SS.")
    tribune_window: GoalText | None = Field(None, description="FROM-TO at the anchor, e.g. 11:20-11:50.")
    flypast_after_ground: GoalText | float | None = Field(None, description="The first formation over the tribune "
                                                          "this long after the last ground tail, e.g. 30s.")
    speeds: bool | None = Field(None, description="Cadences and vehicle speeds may change within their limits.")
    move_fixed: bool | None = Field(None, description="timing.time and every anchor_time may move.")


class ToFit(ToValidate):
    goals: GoalsAsked = Field(default_factory=GoalsAsked)


def goal_problems(exc: ValidationError) -> list[str]:
    """Each bad goal as one sentence: "goals.duration: 'abc' is not a duration: write it as 26m, ..."."""
    sentences = []
    for problem in exc.errors():
        where = ".".join(["goals", *(str(part) for part in problem["loc"][:1])])
        sentences.append(f"{where}: {problem_message(problem, tuple(problem['loc']))}")
    return sentences


@router.post("/fit", summary="Fit an unsaved text to its slot: the revised text and what changed, or why not")
def post_fit(ws: WorkspaceDep, body: ToFit) -> JSONResponse:
    """200 `{fitted: true, yaml, changes, air, summary_before, summary_after, edits}`; 422 `{detail, problems,
    fitted: false}` when the goals cannot be met or a goal is not understood; 422 with the loader's located problems
    when the text does not load."""
    plan = ws.texts.check(body.yaml, body.filename).planned()
    scenario = plan.scenario
    block = scenario.fit.model_dump(exclude_unset=True) if scenario.fit else {}
    try:
        goals = FitGoals.overridden(block, body.goals.model_dump(exclude_none=True))
    except ValidationError as exc:
        problems = goal_problems(exc)
        return _refused(problems)
    result = fit(scenario, goals, plan)
    if not isinstance(result, Fitted):
        return _refused(result.problems)
    revised = with_values(body.yaml, [(edit.path, edit.value) for edit in result.edits])
    return JSONResponse({"fitted": True, "yaml": revised, **fit_json(result)})


def _refused(problems: list[str]) -> JSONResponse:
    return JSONResponse({"detail": problems[0], "problems": problems, "fitted": False}, status_code=422)
