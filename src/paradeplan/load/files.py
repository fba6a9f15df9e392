"""A scenario file's text: only a regular file is read, only up to a size, and a byte that is not UTF-8 is named
at its line and column.

A named pipe would block the read until something writes to it (for ever, from a command line), and a device
such as /dev/zero or /dev/urandom never ends: both are refused from `os.stat` before the file is opened, and
the file is opened without blocking and checked again from its descriptor, in case it was swapped meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NoReturn

from .problems import Problem, ScenarioError, line_and_column
from .yamltree import MAX_CHARACTERS

MAX_FILE_BYTES = MAX_CHARACTERS
"""The largest scenario file read, 2 MB (and a text passed in, `parse_scenario`, is held to as many characters).
The Astana example, 59 ground elements and formations with comments on most of them, is 25 KB (430 bytes each);
the largest parade the models take, 2,000 ground elements, is about 1 MB written that way. Twice that is read in
at most 2.5 s whatever it holds (yamltree.MAX_CHARACTERS), while a larger file, or /dev/zero, is refused at once
instead of taking minutes and gigabytes (50 MB of elements had not loaded after 280 s)."""


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_text(path: Path) -> str:
    """The UTF-8 text of the regular file at `path`; ScenarioError naming the file (and line) when it cannot be."""
    try:
        _check_kind(path, os.stat(path))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as file:
            _check_kind(path, os.fstat(file.fileno()))
            data = file.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise ScenarioError([Problem(str(path), None, "", "no such file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(str(path), None, "", exc.strerror or str(exc))]) from None
    if len(data) > MAX_FILE_BYTES:
        _refuse(path, f"is larger than {MAX_FILE_BYTES:,} bytes, the most a scenario file may have")
    return decode(data, filename=path.name)


def decode(data: bytes, *, filename: str) -> str:
    """UTF-8 bytes to text; ScenarioError at the line and column of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ScenarioError([Problem(filename, 1, "", "the file is UTF-16 text; save it as UTF-8")]) from None
        good = data[: exc.start].decode("utf-8")
        line, column = line_and_column(good, len(good))
        message = f"byte 0x{data[exc.start]:02X} at column {column} is not UTF-8 text (save the file as UTF-8)"
        raise ScenarioError([Problem(filename, line, "", message)]) from None


def _check_kind(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        _refuse(path, "is a folder, not a scenario file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        _refuse(path, f"is {kind}, not a scenario file: only regular files are read")
    if info.st_size > MAX_FILE_BYTES:
        _refuse(path, f"is {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} a scenario file may have")


def _refuse(path: Path, message: str) -> NoReturn:
    raise ScenarioError([Problem(str(path), None, "", message)])
