"""Shared by the benchmark scripts: where the examples are, how to time, and one line per figure."""

from __future__ import annotations

import contextlib
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASTANA = ROOT / "examples" / "astana-2025.yaml"


def wall_times_s(run: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each of `runs` calls, after one call to warm caches up."""
    run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(what: str, figure: str, target: str = "", met: bool | None = None) -> None:
    """One measured figure, its target if it has one, and whether it is met."""
    verdict = "" if met is None else ("met" if met else "MISSED")
    print(f"  {what:<62} {figure:>16}  {target:<18} {verdict}".rstrip(), flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def s(seconds: float) -> str:
    return f"{seconds:,.3f} s"


@contextlib.contextmanager
def serving_examples(folder: Path) -> Iterator[str]:
    """`paradeplan serve` on a free loopback port with a new SQLite database in `folder`, the examples imported;
    yields its URL and stops it after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = Path(sys.executable).with_name("paradeplan")
    command = [str(script)] if script.exists() else [shutil.which("paradeplan") or "paradeplan"]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--db", f"sqlite:///{folder / 'bench.db'}",
         "--examples", str(ROOT / "examples")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/api/scenarios", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("paradeplan serve did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
