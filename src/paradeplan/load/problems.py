"""What is wrong with a scenario file, one line per problem: `astana.yaml:42: ground[3].cadence_spm: message`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_LINE_BREAKS = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")
"""What `str.splitlines` splits on, with the blanks around it: a message keeps to one printed line."""

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
"""Control characters and lone surrogates (a terminal cannot print those): shown as escapes."""


def one_line(text: str) -> str:
    """`text` on one line: line breaks become a blank, other control characters and lone surrogates escapes."""
    text = _LINE_BREAKS.sub(" ", text)
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file: `line` is None only for a problem with the whole file.

    Every field is kept to one line (`one_line`), so each printed problem is one line that starts with
    its file and line, however odd the keys and values it quotes.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __post_init__(self) -> None:
        for name in ("file", "path", "message"):
            value = getattr(self, name)
            if _LINE_BREAKS.search(value) or _UNPRINTABLE.search(value):
                object.__setattr__(self, name, one_line(value))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(Exception):
    """A file that cannot be read as a scenario; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of the character at `offset`, counting lines as YAML does (LF, CRLF or a lone CR)."""
    before = text[:offset]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, offset - line_start + 1



def key_path(loc: Iterable[str | int]) -> str:
    """('ground', 3, 'cadence_spm') -> 'ground[3].cadence_spm'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
