"""The example scenarios: the files of the examples folder that load, offered as 'new from example'
and imported into an empty database on the first start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .checking import Checked

EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json")

log = logging.getLogger("paradeplan.web")


@dataclass(frozen=True)
class Example:
    name: str  # the file's stem, e.g. "astana-2025"
    title: str  # the scenario's name
    filename: str
    text: str


def read_examples(folder: Path, check: Callable[[str, str], Checked]) -> dict[str, Example]:
    """The scenario files of a folder that load, by name; one that does not is logged and left out.
    `check(text, filename)` loads and plans a text."""
    examples = {}
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    for path in files:
        if path.suffix not in EXAMPLE_SUFFIXES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("example %s left out: %s", path, exc)
            continue
        checked = check(text, path.name)
        if checked.plan is None:
            log.warning("example %s left out: %s", path, "; ".join(str(p) for p in checked.problems))
            continue
        examples[path.stem] = Example(path.stem, checked.plan.scenario.name, path.name, text)
    return examples
