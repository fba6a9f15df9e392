"""Web workspace benchmark: Astana in headless chromium, software GL (SwiftShader).

    python benchmarks/bench_web.py [--seconds 10] [--runs 3]

Starts `paradeplan serve` on a free loopback port with a temporary SQLite database (the examples
imported), opens the Astana workspace in Debian's chromium through Playwright, and measures:

- first frame: from page open (navigation start) to the first frame drawn with every agent of the
  trips placed at the clock time (window.paradeplan.firstFullFrameMs), median of --runs page loads;
- frames per second while playing at x10, at the default view (the whole route, one shape per
  ground element), zoomed in on the tribune's square (zoom 17: every marcher in view drawn one
  by one) and fully zoomed in (zoom 22), over --seconds each.

Targets (issue 5): first frame under 3 s, 20 fps or more at the default view. The figures are
printed with their ratio to the target; nothing is asserted, since this machine renders with a
software rasteriser and the figures say more about it than about the code.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}
FIRST_FRAME_TARGET_S = 3.0
FPS_TARGET = 20.0
RENDERER = "headless chromium, software GL (SwiftShader)"
# close views on the tribune: the whole square (hundreds of marchers drawn one by one), and
# MapLibre's greatest zoom (a few marchers, each a large dot)
CLOSE_ZOOMS = (17, 22)


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = Path(sys.executable).with_name("paradeplan")
    command = [str(script)] if script.exists() else [shutil.which("paradeplan") or "paradeplan"]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--db", f"sqlite:///{folder / 'bench.db'}",
         "--examples", str(ROOT / "examples")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/api/scenarios", timeout=2) as response:
                scenarios = json.loads(response.read())
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("paradeplan serve did not start") from None
            time.sleep(0.2)
    astana = min(s["id"] for s in scenarios if "Astana" in s["name"])
    return process, f"{url}/scenarios/{astana}"


def wait_drawn(page):
    page.wait_for_function("() => window.paradeplan && window.paradeplan.firstFullFrameMs !== null", timeout=120_000)


def fps_while_playing(page, seconds: float) -> tuple[float, float]:
    """Frames drawn per second of wall time, and parade seconds per wall second, while playing at x10."""
    page.click('.speed[data-speed="10"]')
    page.click("#play")
    page.wait_for_function("() => window.paradeplan.playing")
    time.sleep(1)  # let the first frames of the run settle
    f0, c0, t0 = page.evaluate("() => [window.paradeplan.frames, window.paradeplan.clock_s, performance.now()]")
    time.sleep(seconds)
    f1, c1, t1 = page.evaluate("() => [window.paradeplan.frames, window.paradeplan.clock_s, performance.now()]")
    page.click("#play")
    wall = (t1 - t0) / 1000
    return (f1 - f0) / wall, (c1 - c0) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="wall seconds of playing per fps figure")
    parser.add_argument("--runs", type=int, default=3, help="page loads for the first-frame figure")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        process, workspace = start_server(Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                firsts = []
                for _ in range(args.runs):
                    page = browser.new_page(viewport=VIEWPORT)
                    page.goto(workspace)
                    wait_drawn(page)
                    firsts.append(page.evaluate("() => window.paradeplan.firstFullFrameMs") / 1000)
                    counts = page.evaluate("() => [window.paradeplan.agentsTotal, window.paradeplan.agentsDrawn]")
                    page.close()

                page = browser.new_page(viewport=VIEWPORT)
                page.goto(workspace)
                wait_drawn(page)
                default_fps, default_rate = fps_while_playing(page, args.seconds)
                default_lod = page.evaluate("() => window.paradeplan.lod")
                close = []
                for zoom in CLOSE_ZOOMS:
                    page.evaluate(f"() => {{ window.location.hash = 'map={zoom}/51.12218/71.47060/100'; }}")
                    page.wait_for_function("() => window.paradeplan.lod === 'agents'")
                    fps, rate = fps_while_playing(page, args.seconds)
                    close.append((zoom, fps, rate, page.evaluate("() => window.paradeplan.marchersDrawn")))
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)

    first = statistics.median(firsts)
    print(f"web workspace, Astana 2025 ({counts[0]} agents: ranks, vehicles, aircraft; "
          f"{counts[1]} on their trips at the start), "
          f"{VIEWPORT['width']}x{VIEWPORT['height']}, {RENDERER}")
    print(f"  first frame with every agent drawn: {first:.2f} s (median of {args.runs}: "
          f"{', '.join(f'{f:.2f}' for f in firsts)}); target < {FIRST_FRAME_TARGET_S:.0f} s, "
          f"ratio {first / FIRST_FRAME_TARGET_S:.2f} of the target")
    print(f"  playing x10, default view ({default_lod}): {default_fps:.1f} fps; target >= {FPS_TARGET:.0f} fps, "
          f"ratio {default_fps / FPS_TARGET:.2f} of the target; parade clock ran {default_rate:.1f} s per s")
    for zoom, fps, rate, marchers in close:
        what = "fully zoomed in" if zoom == CLOSE_ZOOMS[-1] else "zoomed in"
        print(f"  playing x10, {what} on the tribune "
              f"(zoom {zoom}, every marcher in view drawn, {marchers} at the end): "
              f"{fps:.1f} fps, ratio {fps / FPS_TARGET:.2f} of the target; parade clock ran {rate:.1f} s per s")


if __name__ == "__main__":
    main()
