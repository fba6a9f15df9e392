"""Browser tests: the real server (`paradeplan serve`) on loopback with a temporary SQLite
database, driven by Playwright through Debian's chromium (never a downloaded browser).

Screenshots of each step go to test-output/browser/. Every page a test opens is watched: a
request to any origin but the server's fails the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "browser"
VIEWPORT = {"width": 1600, "height": 1000}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def paradeplan_command() -> list[str]:
    script = Path(sys.executable).with_name("paradeplan")
    return [str(script)] if script.exists() else [shutil.which("paradeplan") or "paradeplan"]


class Server:
    def __init__(self, url: str, db: Path):
        self.url = url
        self.db = db  # its SQLite file, for `paradeplan users --db` in a test of accounts

    def api(self, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method="GET" if body is None else "POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def text(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read().decode("utf-8")

    def scenario_id(self, name_part: str) -> int:
        """The first imported scenario of that name: the example, not the copies tests make of it."""
        return min(s["id"] for s in self.api("/api/scenarios") if name_part in s["name"])

    def new_scenario(self, yaml: str, message: str = "test scenario") -> int:
        return self.api("/api/scenarios", {"yaml": yaml, "message": message, "filename": "astana-2025.yaml"})["id"]


@contextlib.contextmanager
def serving(folder: Path):
    """`paradeplan serve` on a free loopback port with a database of its own in `folder` (the examples imported)."""
    port = free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [*paradeplan_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", f"sqlite:///{folder / 'paradeplan.db'}", "--examples", str(ROOT / "examples")],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                log_text = (folder / "server.log").read_text()
                pytest.fail(f"paradeplan serve exited with {process.returncode}:\n{log_text}")
            try:
                with urllib.request.urlopen(url + "/api/scenarios", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail(f"paradeplan serve did not answer within 60 s:\n{(folder / 'server.log').read_text()}")
                time.sleep(0.2)
        yield Server(url, folder / "paradeplan.db")
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="package")
def server(tmp_path_factory):
    """One server for the tests that each work on scenarios of their own (or only read the examples)."""
    with serving(tmp_path_factory.mktemp("server")) as shared:
        yield shared


@pytest.fixture
def fresh_server(tmp_path_factory):
    """A server of its own, for a test of what is global to a server (the list of scenarios)."""
    with serving(tmp_path_factory.mktemp("fresh-server")) as own:
        yield own


@pytest.fixture(scope="package")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; `make test` does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def ui_on(browser, request):
    """ui_on(server): a fresh page on that server; afterwards, every request it made must have gone to the
    server's origin, and no error may have been thrown in it."""
    opened = []

    def open_ui(on: Server) -> UI:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        requested: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append((context, on, requested, errors))
        return UI(page, on, request.node.name)

    yield open_ui
    for context, on, requested, errors in opened:
        context.close()
        origin = urlsplit(on.url)
        foreign = [u for u in requested if urlsplit(u).scheme not in ("data", "blob")
                   and (urlsplit(u).scheme, urlsplit(u).netloc) != (origin.scheme, origin.netloc)]
        assert not foreign, f"requests left the server's origin: {foreign}"
        assert not errors, f"errors in the page: {errors}"


@pytest.fixture
def ui(ui_on, server):
    """A fresh page on the shared server, checked as ui_on checks it."""
    return ui_on(server)


class UI:
    """One test's page, its server, and numbered screenshots: test-output/browser/<test>-<n>-<step>.png."""

    def __init__(self, page, server: Server, test_name: str):
        self.page = page
        self.server = server
        self.prefix = re.sub(r"[^A-Za-z0-9_-]+", "-", test_name.removeprefix("test_"))
        self.count = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    def shot(self, step: str) -> Path:
        self.count += 1
        path = SHOTS / f"{self.prefix}-{self.count:02d}-{step}.png"
        self.page.screenshot(path=path)
        return path

    def goto(self, path: str):
        self.page.goto(self.server.url + path)

    def open_workspace(self, scenario_id: int, suffix: str = ""):
        """Open a workspace and wait until the plan and every agent's trip are loaded and drawn."""
        self.goto(f"/scenarios/{scenario_id}{suffix}")
        self.page.wait_for_function(
            "() => window.paradeplan && window.paradeplan.tripsLoaded && window.paradeplan.firstFullFrameMs !== null",
            timeout=60_000)

    def state(self, key: str):
        return self.page.evaluate(f"() => window.paradeplan[{json.dumps(key)}]")

    def wait_for(self, expression: str, timeout_s: float = 30):
        """Wait until a JavaScript expression over `s` (window.paradeplan) is true."""
        self.page.wait_for_function(f"() => {{ const s = window.paradeplan; return !!s && ({expression}); }}",
                                    timeout=timeout_s * 1000)
