"""Fuzz the `paradeplan` command: mutate the examples, run the commands on each mutation, report what broke.

    python scripts/fuzz_cli.py --count 10000 --seed 1 --workers 2 --keep fuzz-out
    python scripts/fuzz_cli.py --seed 1 --index 123 --keep fuzz-out     # one case again, in detail

Each case is the file that (seed, index) always gives (tests/fuzz_mutations.py has the mutations), with check and
plan --json, and on about one file in six cards, simulate, rehearse --runs 10 and export bluesky too. The
commands run in worker processes capped in memory (RLIMIT_AS); a command past --command-timeout is stopped,
a file past --file-timeout has its worker killed, and both count as hangs. The report gives exits by code,
crashes by exception and innermost paradeplan frame, hangs, messages without a file and line, output that is
not strict JSON, warnings, and the slowest case. --keep writes the slowest file, every file that crashed, hung,
printed a warning or invalid JSON, the first file of each unlocated message, and report.json. Exit 1 when
anything was found.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import queue
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_mutations import seeded_case  # the harness lives with the tests
from fuzz_runner import CLEAN_EXITS, CommandWorker, Outcome

MAX_WORKERS = os.cpu_count() or 1


@dataclass(frozen=True)
class Record:
    """One case: where it came from, what it was, how the commands took it."""

    index: int
    description: str
    outcomes: tuple[Outcome, ...]

    @property
    def seconds(self) -> float:
        """The whole file's time, all commands together."""
        return sum(outcome.seconds for outcome in self.outcomes)


def run_case(index: int, seed: int, folder: Path, workers: queue.Queue[CommandWorker], file_timeout_s: float) -> Record:
    """Make case `index`, run its commands on a worker from the pool, and forget the file."""
    case = seeded_case(seed, index)
    path = folder / f"fuzz-s{seed}-{index:05d}.yaml"
    path.write_bytes(case.mutation.data)
    worker = workers.get()
    try:
        outcomes = worker.run(path, case.commands, file_time_limit_s=file_timeout_s)
    finally:
        workers.put(worker)
        path.unlink()
    return Record(index, case.mutation.describe(), tuple(outcomes))


def run_all(indexes: range, args: argparse.Namespace) -> list[Record]:
    """Every case, on `args.workers` workers, with a progress line on stderr every 100 files."""
    workers: queue.Queue[CommandWorker] = queue.Queue()
    pool = [CommandWorker(memory_bytes=int(args.memory_gib * 2**30), command_time_limit_s=args.command_timeout)
            for _ in range(args.workers)]
    for worker in pool:
        workers.put(worker)
    records = []
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="paradeplan-fuzz-") as folder, \
                ThreadPoolExecutor(args.workers) as executor:
            futures = [executor.submit(run_case, index, args.seed, Path(folder), workers, args.file_timeout)
                       for index in indexes]
            for done, future in enumerate(as_completed(futures), 1):
                records.append(future.result())
                if done % 100 == 0 or done == len(futures):
                    print(f"{done}/{len(futures)} files, {time.monotonic() - started:.0f} s", file=sys.stderr)
    finally:
        for worker in pool:
            worker.close()
    return sorted(records, key=lambda record: record.index)


def hung(outcome: Outcome, limit_s: float) -> bool:
    """Whether a run counts as a hang: stopped, killed, or past the limit."""
    return outcome.timed_out or outcome.seconds > limit_s


def message_class(line: str) -> str:
    """An unlocated line with the file's name and the numbers masked, to count lines of one kind together."""
    line = re.sub(r"\S*fuzz-s\d+-\d+\.yaml", "FILE", line)
    return re.sub(r"\d+", "N", line)[:100]


def report(records: list[Record], args: argparse.Namespace) -> tuple[str, set[int], dict[str, object]]:
    """The report's text, the indexes of the files worth keeping, and the figures as JSON."""
    limit = args.command_timeout
    runs = [(record, outcome) for record in records for outcome in record.outcomes]
    by_command = Counter(" ".join(outcome.command) for _, outcome in runs)
    exits = Counter("none" if o.exit_code is None else str(o.exit_code) for _, o in runs)
    exits_by_command: dict[str, Counter[str]] = defaultdict(Counter)
    for _, outcome in runs:
        exits_by_command[" ".join(outcome.command)][str(outcome.exit_code)] += 1
    crashes: dict[str, list[tuple[Record, Outcome]]] = defaultdict(list)
    unlocated: dict[str, list[tuple[Record, Outcome, str]]] = defaultdict(list)
    hangs, invalid_json, warned, odd_exits = [], [], [], []
    for record, outcome in runs:
        if outcome.crash is not None:
            crashes[outcome.crash.key].append((record, outcome))
        if hung(outcome, limit):
            hangs.append((record, outcome))
        for line in outcome.unlocated:
            unlocated[message_class(line)].append((record, outcome, line))
        if outcome.json_error is not None:
            invalid_json.append((record, outcome))
        if outcome.warnings:
            warned.append((record, outcome))
        if outcome.exit_code is not None and outcome.exit_code not in CLEAN_EXITS:
            odd_exits.append((record, outcome))
    slowest_record, slowest = max(runs, key=lambda run: run[1].seconds)
    crashed = list(itertools.chain.from_iterable(crashes.values()))
    unlocated_lines = list(itertools.chain.from_iterable(unlocated.values()))

    def files(items: list) -> int:
        """How many files the runs came from."""
        return len({item[0].index for item in items})

    def example(record: Record) -> str:
        """A case named by its index and steps."""
        return f"index {record.index}: {record.description[:300]}"

    lines = [
        f"paradeplan fuzz: seed {args.seed}, indexes {records[0].index}..{records[-1].index}, {args.workers} "
        f"worker(s), limits {args.command_timeout:g} s a command, {args.file_timeout:g} s a file, "
        f"{args.memory_gib:g} GiB a worker",
        f"files tried: {len(records)}",
        f"command runs: {len(runs)} (" + ", ".join(f"{name} {count}" for name, count in by_command.items()) + ")",
        "exits by code: " + ", ".join(f"{code}: {count}" for code, count in sorted(exits.items())),
    ]
    lines += [f"  {name}: " + ", ".join(f"{code}: {count}" for code, count in sorted(codes.items()))
              for name, codes in exits_by_command.items()]
    lines.append(f"crashes: {len(crashed)} runs on {files(crashed)} "
                 f"files, {len(crashes)} classes")
    for key, items in sorted(crashes.items(), key=lambda item: -len(item[1])):
        record, outcome = items[0]
        assert outcome.crash is not None
        commands = sorted({" ".join(o.command) for _, o in items})
        lines += [f"  {key}: {len(items)} runs on {files(items)} files ({', '.join(commands)})",
                  f"    raised at {outcome.crash.raised_at}: {outcome.crash.message[:200]!r}",
                  f"    e.g. {example(record)}"]
    lines.append(f"hangs (past {limit:g} s, stopped or killed): {len(hangs)} runs on {files(hangs)} files")
    lines += [f"  index {record.index} {' '.join(outcome.command)}: {outcome.seconds:.1f} s: {record.description[:200]}"
              for record, outcome in hangs[:20]]
    lines.append(f"unlocated messages: {len(unlocated_lines)} lines on {files(unlocated_lines)} files, "
                 f"{len(unlocated)} kinds")
    for kind, items in sorted(unlocated.items(), key=lambda item: -len(item[1])):
        lines.append(f"  {len(items):>5} x {kind!r}  (e.g. index {items[0][0].index})")
    lines.append(f"invalid JSON: {len(invalid_json)} runs")
    lines += [f"  index {r.index}: {o.json_error}: {r.description[:200]}" for r, o in invalid_json[:10]]
    lines.append(f"warnings printed: {len(warned)} runs")
    for warning, count in Counter(w for _, o in warned for w in o.warnings).most_common(10):
        lines.append(f"  {count:>5} x {warning[:200]}")
    if odd_exits:
        lines.append(f"exit codes outside 0, 1, 2: {len(odd_exits)} runs")
    lines += [
        f"slowest: index {slowest_record.index}, {' '.join(slowest.command)}, {slowest.seconds:.1f} s: "
        f"{slowest_record.description[:200]}",
        f"  reproduce: python scripts/fuzz_cli.py --seed {args.seed} --index {slowest_record.index} --keep DIR",
    ]
    keep = {record.index for record, _ in (*crashed, *hangs, *invalid_json, *warned, *odd_exits)}
    keep |= {items[0][0].index for items in unlocated.values()} | {slowest_record.index}
    figures: dict[str, object] = {
        "seed": args.seed, "files": len(records), "runs": len(runs), "exits": dict(exits),
        "crashes": {key: [r.index for r, _ in items] for key, items in crashes.items()},
        "hangs": [[r.index, " ".join(o.command), round(o.seconds, 1)] for r, o in hangs],
        "unlocated": {kind: [r.index for r, _, _ in items] for kind, items in unlocated.items()},
        "invalid_json": [r.index for r, _ in invalid_json],
        "warnings": [r.index for r, _ in warned],
        "slowest": [slowest_record.index, " ".join(slowest.command), round(slowest.seconds, 1)],
        "cases": {r.index: r.description for r in records if r.index in keep},
    }
    return "\n".join(lines), keep, figures


def keep_files(indexes: set[int], seed: int, folder: Path) -> None:
    """Write the cases' files into `folder` again, from the seed."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in sorted(indexes):
        (folder / f"seed{seed}-{index:05d}.yaml").write_bytes(seeded_case(seed, index).mutation.data)


def show_one(record: Record, limit_s: float) -> str:
    """One case in detail: the steps, each command's exit, time and problems, and any traceback."""
    lines = [f"index {record.index}: {record.description}"]
    for outcome in record.outcomes:
        lines.append(f"  {' '.join(outcome.command)}: exit {outcome.exit_code}, {outcome.seconds:.2f} s")
        lines += [f"    {problem}" for problem in outcome.problems(limit_s)]
        if outcome.output:
            lines += [f"    | {line[:300]}" for line in outcome.output.splitlines()[:12]]
        if outcome.crash is not None:
            lines += [f"    ! {line}" for line in outcome.crash.traceback.splitlines()[-12:]]
    return "\n".join(lines)


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="how many files (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the seed: the same seed, the same files (default 1)")
    parser.add_argument("--start", type=int, default=0, help="the first index (default 0)")
    parser.add_argument("--index", type=int, help="run this one case and show it in detail")
    parser.add_argument("--workers", type=int, default=1, help=f"worker processes, 1 to {MAX_WORKERS} (default 1)")
    parser.add_argument("--keep", type=Path, help="write the files worth a look, and report.json, into this folder")
    parser.add_argument("--command-timeout", type=float, default=20.0, help="seconds a command may take (20)")
    parser.add_argument("--file-timeout", type=float, default=60.0, help="seconds before a worker is killed (60)")
    parser.add_argument("--memory-gib", type=float, default=4.0, help="address space a worker may use, GiB (4)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if not 1 <= args.workers <= MAX_WORKERS:
        parser.error(f"--workers must be 1 to {MAX_WORKERS}")
    return args


def main() -> int:
    """Run the cases, print the report, keep the files; 1 when anything was found."""
    args = arguments()
    if args.index is not None:
        args.workers = 1
        record = run_all(range(args.index, args.index + 1), args)[0]
        print(show_one(record, args.command_timeout))
        if args.keep:
            keep_files({args.index}, args.seed, args.keep)
            print(f"kept {args.keep / f'seed{args.seed}-{args.index:05d}.yaml'}")
        return 1 if any(outcome.problems(args.command_timeout) for outcome in record.outcomes) else 0
    records = run_all(range(args.start, args.start + args.count), args)
    text, keep, figures = report(records, args)
    print(text)
    if args.keep:
        keep_files(keep, args.seed, args.keep)
        (args.keep / "report.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"kept {len(keep)} files and report.json in {args.keep}")
    found = any(outcome.problems(args.command_timeout) for record in records for outcome in record.outcomes)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
