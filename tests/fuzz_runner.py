"""Running `paradeplan` commands on a scenario file and classifying what each did, for the fuzz harness
(tests/fuzz_mutations.py makes the files).

`run_commands` runs commands on a file in this process through typer's CliRunner and classifies each run;
`CommandWorker` does the same in a child process under a memory cap, and kills it when a file takes too long.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import resource
import signal
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fuzz_mutations import CHECK, PLAN_JSON, Command

LOADING_COMMANDS = {CHECK, PLAN_JSON}  # their exit 2 can only come from the loader
CLEAN_EXITS = {0, 1, 2}

MEMORY_CAP_BYTES = 4 * 2**30
COMMAND_TIME_LIMIT_S = 20.0
WORKER_START_LIMIT_S = 120.0


# --- running commands and classifying what they did ---------------------------------------------------------


@dataclass(frozen=True)
class Crash:
    """An exception the command let escape: a traceback where an error message should be."""

    kind: str
    message: str
    where: str  # the innermost frame in paradeplan: module:line (function)
    raised_at: str  # the innermost frame of all
    traceback: str

    @property
    def key(self) -> str:
        """What tells crash classes apart: the exception and the paradeplan frame it left."""
        return f"{self.kind} at {self.where}"


@dataclass(frozen=True)
class Outcome:
    """How one command took one file."""

    command: Command
    exit_code: int | None  # None: it never exited (timed out, or the worker died)
    seconds: float
    crash: Crash | None = None
    timed_out: bool = False
    unlocated: tuple[str, ...] = ()  # on exit 2, lines that do not name the file and a line
    json_error: str | None = None  # plan --json: why its output is not strict JSON
    warnings: tuple[str, ...] = ()  # warnings a terminal would have shown
    output: str = ""  # the start of what it printed, for reports

    @property
    def crashed(self) -> bool:
        """Whether an exception escaped the command."""
        return self.crash is not None

    @property
    def located(self) -> bool:
        """Whether every problem line named the file (and a line, where the problem has one)."""
        return not self.unlocated

    @property
    def json_valid(self) -> bool:
        """Whether the JSON output (if it was asked for) is strict JSON."""
        return self.json_error is None

    def problems(self, time_limit_s: float = COMMAND_TIME_LIMIT_S) -> list[str]:
        """What issue 9 does not allow in this run, each a sentence."""
        name = " ".join(self.command)
        found = []
        if self.crash is not None:
            found.append(f"{name}: crashed with {self.crash.kind}: {self.crash.message[:200]} at {self.crash.where}")
        if self.timed_out or self.seconds > time_limit_s:
            found.append(f"{name}: took {self.seconds:.1f} s (limit {time_limit_s:g} s)")
        if self.exit_code is not None and self.exit_code not in CLEAN_EXITS:
            found.append(f"{name}: exit code {self.exit_code}")
        found += [f"{name}: unlocated line: {line[:200]!r}" for line in self.unlocated[:5]]
        if self.json_error is not None:
            found.append(f"{name}: output is not strict JSON: {self.json_error}")
        found += [f"{name}: printed a warning: {warning[:200]}" for warning in self.warnings[:3]]
        return found


class CommandTimedOut(BaseException):
    """Raised in a command that ran past its time limit; not an Exception, so the CliRunner does not catch it."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise CommandTimedOut in the main thread after `seconds` (no limit elsewhere, or for None)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise CommandTimedOut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def frame_name(frame: traceback.FrameSummary) -> str:
    """A frame as module:line (function); paradeplan's by module name, others by file name."""
    parts = Path(frame.filename).parts
    if "paradeplan" in parts:
        start = len(parts) - 1 - parts[::-1].index("paradeplan")
        module = ".".join((*parts[start:-1], Path(parts[-1]).stem))
    else:
        module = Path(frame.filename).name
    return f"{module}:{frame.lineno} ({frame.name})"


def crash_of(exc_info: Any) -> Crash:
    """The crash an escaped exception makes, with its innermost paradeplan frame."""
    kind, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    ours = [frame for frame in frames if "paradeplan" in Path(frame.filename).parts]
    where = frame_name(ours[-1]) if ours else "outside paradeplan"
    raised_at = frame_name(frames[-1]) if frames else "?"
    text = "".join(traceback.format_exception(kind, value, tb))
    return Crash(kind.__name__, str(value)[:500], where, raised_at, text[-6000:])


def strict_json_error(text: str) -> str | None:
    """Why `text` is not strict JSON (NaN and Infinity are not JSON), or None when it is."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError as exc:
        return str(exc)[:200]
    return None


WHOLE_FILE_PROBLEM = re.compile(
    r"no such file|is a folder|not a regular file|not a scenario file|permission denied"
    r"|\b(bytes|characters)\b.*\b(more|larger) than\b|\b(more|larger) than\b.*\b(bytes|characters)\b",
    re.IGNORECASE,
)
"""Problems of the file as a whole (its size, its kind), which have no line to name."""
OUTPUT_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def unlocated_lines(output: str, path: Path, *, lines_in_file: int, needs_line: bool) -> tuple[str, ...]:
    """The non-empty lines of an exit-2 output that do not start with the file's name (as given, or its base
    name) and a line number within the file, `name.yaml:42: ...`. A line with the name alone passes when its
    problem is the whole file (WHOLE_FILE_PROBLEM), or anything when not `needs_line` (a refusal of the whole
    plan, once the file loaded)."""
    names = "|".join(re.escape(name) for name in {str(path), path.name})
    located = re.compile(rf"(?:{names}):(\d+): ")
    named = re.compile(rf"(?:{names}): (.*)")
    bad = []
    for line in OUTPUT_LINE_BREAK.split(output):
        if not line.strip():
            continue
        match = located.match(line)
        if match and 1 <= int(match.group(1)) <= lines_in_file:
            continue
        whole = named.match(line)
        if not match and whole and (not needs_line or WHOLE_FILE_PROBLEM.search(whole.group(1))):
            continue
        bad.append(line)
    return tuple(bad)


IGNORED_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def run_commands(
    path: Path,
    commands: Sequence[Command],
    *,
    time_limit_s: float | None = COMMAND_TIME_LIMIT_S,
) -> list[Outcome]:
    """Run each command on the file in this process with typer's CliRunner, timed and classified.

    A command past `time_limit_s` is stopped (in the main thread only) and marked timed out. On exit 2 every
    line must name the file, and a line number too unless a loading command already accepted the file (then
    the exit 2 is a refusal of the whole plan, such as a simulation too long).
    """
    return list(iter_outcomes(path, commands, time_limit_s=time_limit_s))


def iter_outcomes(
    path: Path,
    commands: Sequence[Command],
    *,
    time_limit_s: float | None = COMMAND_TIME_LIMIT_S,
    on_start: Callable[[Command], None] | None = None,
) -> Iterator[Outcome]:
    """`run_commands` one command at a time: each outcome as soon as its command ends."""
    from typer.testing import CliRunner

    from paradeplan.cli import app

    path = Path(path)
    lines_in_file = len(path.read_bytes().decode("utf-8", errors="replace").splitlines()) + 1  # every kind of break
    loaded: bool | None = None
    for command in commands:
        if on_start is not None:
            on_start(command)
        outcome = _run_one(CliRunner(), app, path, command, time_limit_s, lines_in_file, loaded)
        if command in LOADING_COMMANDS and outcome.exit_code in CLEAN_EXITS:
            loaded = outcome.exit_code != 2
        yield outcome


def _run_one(runner: Any, app: Any, path: Path, command: Command, time_limit_s: float | None, lines_in_file: int,
             loaded: bool | None) -> Outcome:
    """One command on one file, classified."""
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with time_limit(time_limit_s):
                result = runner.invoke(app, [*command, str(path)])
        except CommandTimedOut:
            return Outcome(command, None, time.perf_counter() - started, timed_out=True)
    seconds = time.perf_counter() - started
    shown = tuple(f"{w.category.__name__}: {w.message} ({Path(w.filename).name}:{w.lineno})"
                  for w in caught if not issubclass(w.category, IGNORED_WARNINGS))
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = crash_of(result.exc_info)
    stdout, stderr = result.stdout, result.stderr
    unlocated: tuple[str, ...] = ()
    if result.exit_code == 2 and crash is None:
        needs_line = command in LOADING_COMMANDS or not loaded
        unlocated = unlocated_lines(stdout + "\n" + stderr, path, lines_in_file=lines_in_file, needs_line=needs_line)
    json_error = None
    if command == PLAN_JSON and result.exit_code in (0, 1) and crash is None:
        json_error = strict_json_error(stdout)
    return Outcome(command, result.exit_code, seconds, crash, False, unlocated, json_error, shown,
                   (stderr[:600] + "\n" + stdout[:400]).strip())


# --- the worker process ---------------------------------------------------------------------------------------


def _serve(connection: Connection, memory_bytes: int) -> None:
    """The worker: cap its memory, load the command, then run what the parent sends until the pipe closes."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    import paradeplan.cli  # noqa: F401  (loaded before the first file, so no file pays for it)

    connection.send(("ready",))
    while True:
        try:
            path, commands, time_limit_s = connection.recv()
        except EOFError:
            return
        for outcome in iter_outcomes(Path(path), commands, time_limit_s=time_limit_s,
                                     on_start=lambda command: connection.send(("started", command))):
            connection.send(("outcome", outcome))
        connection.send(("done",))


class CommandWorker:
    """A child process that runs commands on files under a memory cap; killed, and started afresh, when a file
    runs past its time, when a command timed out or ran out of memory, or when it died."""

    def __init__(self, *, memory_bytes: int = MEMORY_CAP_BYTES, command_time_limit_s: float = COMMAND_TIME_LIMIT_S):
        self.memory_bytes = memory_bytes
        self.command_time_limit_s = command_time_limit_s
        self._process: Any = None
        self._connection: Connection | None = None

    def __enter__(self) -> CommandWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Connection:
        """A fresh worker, ready to run."""
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, self.memory_bytes), daemon=True)
        self._process.start()
        child_end.close()
        self._connection = parent_end
        if not parent_end.poll(WORKER_START_LIMIT_S):
            self.close()
            raise RuntimeError("the fuzzing worker did not start")
        parent_end.recv()
        return parent_end

    def close(self) -> None:
        """Stop the worker, if one runs."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(10)
            self._process = None

    def run(self, path: Path, commands: Sequence[Command], *, file_time_limit_s: float) -> list[Outcome]:
        """The outcomes of the commands on the file; a command still running at `file_time_limit_s` is killed
        with the worker and marked timed out, and the commands after it are not run."""
        if self._process is None or not self._process.is_alive():
            self.close()
        connection = self._connection or self._start()
        connection.send((str(path), tuple(commands), self.command_time_limit_s))
        deadline = time.monotonic() + file_time_limit_s
        outcomes: list[Outcome] = []
        current, started = commands[0], time.monotonic()
        while True:
            remaining = deadline - time.monotonic()
            try:
                ready = remaining > 0 and connection.poll(remaining)
                message = connection.recv() if ready else None
            except (EOFError, OSError):
                outcomes.append(Outcome(current, None, time.monotonic() - started, self._death()))
                self.close()
                return outcomes
            if message is None:
                self.close()
                outcomes.append(Outcome(current, None, time.monotonic() - started, timed_out=True))
                return outcomes
            if message[0] == "started":
                current, started = message[1], time.monotonic()
            elif message[0] == "outcome":
                outcomes.append(message[1])
            else:
                if any(o.timed_out or (o.crash is not None and "MemoryError" in o.crash.kind) for o in outcomes):
                    self.close()  # a command stopped half-way may leave the process in any state
                return outcomes

    def _death(self) -> Crash:
        """The crash a worker that died mid-command makes."""
        self._process.join(5)
        code = self._process.exitcode
        how = f"killed by signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit {code}"
        return Crash("WorkerDied", f"the worker process ended: {how}", "?", "?", "")
