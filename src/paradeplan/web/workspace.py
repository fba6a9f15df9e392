"""What every request works with: one app's storage, settings, examples, vendored libraries and caches.

Nothing is planned here either: a text is checked (web/checking.py) before it is stored, and a
text is stored only when its plan and every output made from it can be made, so that a stored
version always answers its GETs. A stored version's plan, outputs and trips come from the app's
PlanCache, worked out once per version. Each app instance has its own Workspace; nothing is shared between two apps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import Depends, Request

from ..load.edit import copy_name, with_name
from ..load.scenario import ScenarioError
from ..plan.planner import Plan
from ..views.plan_json import JSON
from ..views.versions import PlannedVersion, version_diff
from .accounts import Accounts
from .caches import PlanCache, TextChecks
from .examples import Example, read_examples
from .schemas import ScenarioItem
from .settings import Settings
from .storage import SYSTEM, Actor, Storage, StoredScenario, Version

EXAMPLES_AUTHOR = "paradeplan"

log = logging.getLogger("paradeplan.web")


@dataclass(frozen=True)
class Workspace:
    """The storage, the settings, the examples offered, the vendored libraries' URLs and the caches."""

    storage: Storage
    settings: Settings
    examples: dict[str, Example]
    vendor: dict[str, str]  # package name in VERSIONS.json -> URL of its folder
    accounts: Accounts
    plans: PlanCache = field(default_factory=PlanCache)
    texts: TextChecks = field(default_factory=TextChecks)

    @classmethod
    def open(cls, settings: Settings, vendor: dict[str, str]) -> Workspace:
        """The settings' database, migrated, with the examples imported when it is empty.

        Raises storage.StorageError when the database cannot be opened.
        """
        storage = Storage(settings.db)
        storage.migrate()
        texts = TextChecks()
        workspace = cls(storage, settings, read_examples(settings.examples, texts.check), vendor, Accounts(storage),
                        texts=texts)
        if storage.is_empty():
            workspace.import_examples()
        return workspace

    def version(self, scenario_id: int, number: int | None) -> tuple[StoredScenario, Version]:
        """A scenario and one of its versions, the latest when `number` is None."""
        stored = self.storage.scenario(scenario_id)
        return stored, stored.latest if number is None else self.storage.version(scenario_id, number)

    def plan(self, stored: StoredScenario, version: Version) -> Plan:
        return self.plans.plan(version, stored.filename)

    def findings_count(self, stored: StoredScenario) -> tuple[int, int] | None:
        """The latest version's (errors, warnings): as saved, or from its plan for a version saved before they
        were kept; None when that plan can no longer be made."""
        summary = stored.latest.summary
        if summary.errors is not None and summary.warnings is not None:
            return summary.errors, summary.warnings
        try:
            counts = self.plan(stored, stored.latest).summary()
        except ScenarioError:
            return None
        return counts.errors, counts.warnings

    def listed(self, stored: StoredScenario) -> ScenarioItem:
        """A scenario as the list shows it."""
        return ScenarioItem.of(stored, self.findings_count(stored))

    def create_scenario(self, text: str, *, filename: str, author: str, message: str,
                        actor: Actor = SYSTEM) -> Version:
        """Check a text and store it as a new scenario's version 1; ScenarioError, and nothing stored, when it does
        not load or its plan cannot be shown."""
        checked = self.texts.check(text, filename)
        summary = checked.shown().summary
        version = self.storage.create_scenario(text, summary, filename=filename, author=author, message=message,
                                               actor=actor)
        self.plans.remember(version, checked)
        return version

    def create_copy(self, text: str, *, filename: str, author: str, message: str, actor: Actor) -> Version:
        """A new scenario from a text, its name made unique among every scenario stored, archived ones included:
        the first free of "name", "name (copy 2)", "name (copy 3)", ..., written into the text's `name`."""
        name = self.texts.check(text, filename).planned().scenario.name
        taken = {stored.latest.summary.name for stored in self.storage.scenarios(include_archived=True)}
        unique = copy_name(name, taken)
        if unique != name:
            text = with_name(text, unique)
        return self.create_scenario(text, filename=filename, author=author, message=message, actor=actor)

    def add_version(self, stored: StoredScenario, text: str, *, author: str, message: str, actor: Actor) -> Version:
        """Check a text and store it as a scenario's next version; ScenarioError, and nothing stored, when it does
        not load or its plan cannot be shown."""
        checked = self.texts.check(text, stored.filename)
        summary = checked.shown().summary
        version = self.storage.add_version(stored.id, text, summary, author=author, message=message, actor=actor)
        self.plans.remember(version, checked)
        return version

    def diff(self, scenario_id: int, from_number: int | None, to_number: int | None) -> JSON:
        """Two versions compared (views/versions.py): by default the latest and the one before it."""
        stored = self.storage.scenario(scenario_id)
        to_number = stored.latest.number if to_number is None else to_number
        from_number = max(to_number - 1, 1) if from_number is None else from_number
        before, after = self.storage.version(scenario_id, from_number), self.storage.version(scenario_id, to_number)
        return version_diff(stored.filename,
                            PlannedVersion(before.number, before.yaml, self.plan(stored, before)),
                            PlannedVersion(after.number, after.yaml, self.plan(stored, after)))

    def compare(self, scenario_id: int, number: int | None, text: str) -> JSON:
        """A saved version (the latest when `number` is None) against an unsaved text; ScenarioError when the text
        does not check."""
        stored, version = self.version(scenario_id, number)
        edited = self.texts.check(text, stored.filename).planned()
        return version_diff(stored.filename, PlannedVersion(version.number, version.yaml, self.plan(stored, version)),
                            PlannedVersion(None, text, edited))

    def import_examples(self) -> None:
        for example in self.examples.values():
            self.create_scenario(example.text, filename=example.filename, author=EXAMPLES_AUTHOR,
                                 message=f"imported from examples/{example.filename}")
            log.info("imported example %s", example.filename)


def workspace(request: Request) -> Workspace:
    """The request's app's workspace (a FastAPI dependency)."""
    return cast(Workspace, request.app.state.workspace)


WorkspaceDep = Annotated[Workspace, Depends(workspace)]
