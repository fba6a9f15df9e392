"""The API's request bodies and the replies that show stored records (scenarios, versions, problems).

The replies are the JSON contract of docs/web.md; the pages render the same shapes
(`model_dump()`), so a list on a page and `GET /api/scenarios` never differ. What a plan shows
is built in the views layer (views/plan_json.py, views/versions.py), not here.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from ..load.scenario import Problem
from ..load.yamltree import MAX_CHARACTERS
from .storage import MAX_ID, StoredScenario, Version

MAX_SCENARIO_CHARS = MAX_CHARACTERS  # the loader's own limit: a longer text would be refused there anyway
DEFAULT_FILENAME = "scenario.yaml"
DEFAULT_AUTHOR = "anonymous"  # until accounts land, an author is whatever the planner types


def storable(value: str) -> str:
    """Refuse the NUL character, which PostgreSQL's text cannot hold. (Pydantic refuses lone surrogates already.)"""
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain the NUL character (U+0000)")
    return value


# The loader refuses a NUL in a scenario text at its line, so ScenarioText needs no `storable`.
ScenarioText = Annotated[str, Field(max_length=MAX_SCENARIO_CHARS, description="The scenario's text, YAML or JSON.")]
FileName = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(storable)]
Author = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(storable)]
Message = Annotated[str, Field(max_length=10_000), AfterValidator(storable)]
ExampleName = Annotated[str, Field(max_length=255, description="An example's name, as GET /api/examples lists them."),
                        AfterValidator(storable)]


# Request bodies


class NewScenario(BaseModel):
    yaml: ScenarioText
    filename: FileName = DEFAULT_FILENAME
    message: Message = "imported"
    author: Author = DEFAULT_AUTHOR


class FromExample(BaseModel):
    example: ExampleName


class NewVersion(BaseModel):
    yaml: ScenarioText
    message: Message
    author: Author = DEFAULT_AUTHOR


class ByAuthor(BaseModel):
    author: Author = DEFAULT_AUTHOR
    message: Message | None = None


class ToValidate(BaseModel):
    yaml: ScenarioText
    filename: FileName = DEFAULT_FILENAME


class ToCompare(BaseModel):
    yaml: ScenarioText
    version: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None  # None: the latest


# Replies


class ProblemReply(BaseModel):
    """One thing wrong with a scenario text or a request; `text` is the command line's one-line form."""

    file: str
    line: int | None
    path: str
    message: str
    text: str

    @classmethod
    def of(cls, problem: Problem) -> ProblemReply:
        return cls(file=problem.file, line=problem.line, path=problem.path, message=problem.message,
                   text=str(problem))


class ScenarioFields(BaseModel):
    """What the list and the detail both show of a scenario; times ISO 8601 in UTC."""

    id: int
    name: str
    date: str
    timezone: str
    archived: bool
    filename: str
    last_saved: str
    latest_version: int


class ScenarioItem(ScenarioFields):
    """A scenario as the list shows it, with its latest version's counts."""

    elements: int
    vehicles: int
    personnel: int
    aircraft: int
    errors: int | None  # the latest version's findings; None when its plan can no longer be made
    warnings: int | None

    @classmethod
    def of(cls, stored: StoredScenario, findings: tuple[int, int] | None) -> ScenarioItem:
        """`findings`: the latest version's (errors, warnings)."""
        summary = stored.latest.summary
        errors, warnings = findings if findings is not None else (None, None)
        return cls(**_scenario_fields(stored), elements=summary.elements, vehicles=summary.vehicles,
                   personnel=summary.personnel, aircraft=summary.aircraft, errors=errors, warnings=warnings)


class ScenarioDetail(ScenarioFields):
    """A scenario with the text of its latest version."""

    yaml: str

    @classmethod
    def of(cls, stored: StoredScenario) -> ScenarioDetail:
        return cls(**_scenario_fields(stored), yaml=stored.latest.yaml)


class VersionItem(BaseModel):
    number: int
    author: str
    message: str
    created_at: str
    name: str

    @classmethod
    def of(cls, version: Version) -> VersionItem:
        return cls(**_version_fields(version))


class VersionDetail(VersionItem):
    yaml: str

    @classmethod
    def of(cls, version: Version) -> VersionDetail:
        return cls(**_version_fields(version), yaml=version.yaml)


class ExampleItem(BaseModel):
    name: str = Field(description="The file's stem, e.g. astana-2025.")
    title: str = Field(description="The scenario's name.")


class CreatedScenario(BaseModel):
    id: int
    version: int


class SavedVersion(BaseModel):
    number: int


class ArchivedScenario(BaseModel):
    id: int
    archived: bool


def _scenario_fields(stored: StoredScenario) -> dict[str, Any]:
    latest, summary = stored.latest, stored.latest.summary
    return {"id": stored.id, "name": summary.name, "date": summary.date.isoformat(), "timezone": summary.timezone,
            "archived": stored.archived, "filename": stored.filename, "last_saved": latest.created_at.isoformat(),
            "latest_version": latest.number}


def _version_fields(version: Version) -> dict[str, Any]:
    return {"number": version.number, "author": version.author, "message": version.message,
            "created_at": version.created_at.isoformat(), "name": version.summary.name}
