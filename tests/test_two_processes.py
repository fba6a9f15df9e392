"""`paradeplan serve` as a staff's server runs it: two processes on one PostgreSQL database, as behind a proxy,
each seeing the other's saves and accounts (the database is the only state they share, sessions and tokens
included); and HTTPS with a certificate of its own."""

from __future__ import annotations

import contextlib
import json
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_api import PARADE

from paradeplan.web.accounts import Accounts
from paradeplan.web.storage import SYSTEM, Storage

pytestmark = pytest.mark.slow
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate
PASSWORD = "correct horse battery"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(db: str, folder: Path, *options: str, scheme: str = "http"):
    script = Path(sys.executable).with_name("paradeplan")
    command = [str(script)] if script.exists() else [shutil.which("paradeplan") or "paradeplan"]
    port = free_port()
    process = subprocess.Popen([*command, "serve", "--port", str(port), "--db", db, "--examples", str(folder),
                                *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"{scheme}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/login", timeout=2, context=UNVERIFIED).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("paradeplan serve did not start")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def call(url: str, token: str, body: dict | None = None):
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_two_processes_on_one_postgresql_see_each_others_saves(postgres_url, tmp_path):
    storage = Storage(postgres_url)
    storage.migrate()
    accounts = Accounts(storage)
    accounts.add("pat", "planner", PASSWORD, SYSTEM)
    token = accounts.create_token("pat", SYSTEM)
    storage.engine.dispose()  # the servers' connections only, so the database can be dropped after
    with serving(postgres_url, tmp_path) as first, serving(postgres_url, tmp_path) as second:
        created = call(first + "/api/scenarios", token, {"yaml": PARADE, "message": "saved on the first"})
        call(second + f"/api/scenarios/{created['id']}/versions", token,
             {"yaml": PARADE.replace("ranks: 4", "ranks: 8"), "message": "saved on the second"})
        versions = call(first + f"/api/scenarios/{created['id']}/versions", token)
    assert [v["message"] for v in versions] == ["saved on the second", "saved on the first"]


def test_serve_with_a_certificate_answers_over_https(tmp_path):
    # a self-signed certificate for 127.0.0.1, made with openssl as an admin would
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    options = ("--certfile", str(tmp_path / "cert.pem"), "--keyfile", str(tmp_path / "key.pem"))
    with serving(db, tmp_path, *options, scheme="https") as url, urllib.request.urlopen(
            url + "/api/me", context=UNVERIFIED, timeout=10) as response:
        assert (response.status, json.loads(response.read())["local"]) == (200, True)
