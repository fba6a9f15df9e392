"""Nothing lost: a real `paradeplan serve` killed with SIGKILL three times while 1,000 records are posted to it.

Four senders post at about 50 records a second, each with a client id (uuid4), and resend the same
id after any failure (connection refused or reset, a timeout, a 5xx) until it gets 201 or 200. The
server is killed after the 250th, 500th and 750th acknowledgement and started again on the same
database. Afterwards every acknowledged id is stored exactly once and nothing else is: a 201 is
only sent after the commit, and an id resent after a lost reply gets 200 and the stored record.
On SQLite (synchronous=FULL: a commit is on disk) and on PostgreSQL.
"""

from __future__ import annotations

import collections
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from test_live_api import LIVE_PARADE, live_url, passing
from test_two_processes import free_port

pytestmark = pytest.mark.slow

RECORDS = 1000
PER_SECOND = 50.0
SENDERS = 4  # concurrent posts: the rate holds while one waits on a slow reply
KILLS_AFTER = (250, 500, 750)  # acknowledgements
RETRY_PAUSE_S = 0.05
# the small parade's elements and the points each passes, with a time near its planned one (as test_live_api)
PASSINGS = [("colour-guard", "start", "09:54:00"), ("colour-guard", "tribune", "10:05:10"),
            ("colour-guard", "turn-off", "10:07:20"), ("floats", "start", "09:54:20"),
            ("floats", "tribune", "10:05:30"), ("floats", "release", "10:16:50"), ("falcons", "ip", "10:36:50"),
            ("falcons", "tribune", "10:40:05")]


class ServerProcess:
    """`paradeplan serve` on one port and database, started and killed at will."""

    def __init__(self, db: str, folder: Path):
        self.db = db
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = (folder / "server.log").open("a")

    def start(self) -> None:
        script = Path(sys.executable).with_name("paradeplan")
        self.process = subprocess.Popen(
            [str(script), "serve", "--port", str(self.port), "--db", self.db, "--examples",
             str(self.folder / "no-examples")], cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"paradeplan serve did not start: {(self.folder / 'server.log').read_text()}")
                time.sleep(0.05)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()
        self.log.close()


class Device:
    """Posts the records at a steady rate from SENDERS threads (a few marshals' phones), each resending its record's
    id until it is acknowledged."""

    def __init__(self, url: str, scenario_id: int, bodies: list[dict]):
        self.url = url + live_url(scenario_id, "/events")
        self.bodies = bodies
        self.acknowledged: dict[str, int] = {}  # id -> the status that acknowledged it
        self.failures = 0  # attempts that got no acknowledgement
        self.refused: list[str] = []  # 4xx replies: a record the server should have taken
        self.acks = threading.Condition()
        self._next = 0
        self._started = 0.0

    def run(self) -> None:
        self._started = time.monotonic()
        senders = [threading.Thread(target=self._sender) for _ in range(SENDERS)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()

    def _sender(self) -> None:
        with httpx.Client(timeout=5.0) as http:
            while True:
                with self.acks:
                    n, self._next = self._next, self._next + 1
                if n >= len(self.bodies):
                    return
                time.sleep(max(0.0, self._started + n / PER_SECOND - time.monotonic()))
                status = self._send(http, self.bodies[n])
                with self.acks:
                    self.acknowledged[self.bodies[n]["id"]] = status
                    self.acks.notify_all()

    def _send(self, http: httpx.Client, body: dict) -> int:
        while True:
            try:
                response = http.post(self.url, json=body)
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code in (200, 201):
                return response.status_code
            if response is not None and 400 <= response.status_code < 500:
                self.refused.append(f"{response.status_code} {response.text}")
                return response.status_code
            with self.acks:
                self.failures += 1
            time.sleep(RETRY_PAUSE_S)

    def wait_for(self, count: int) -> None:
        with self.acks:
            assert self.acks.wait_for(lambda: len(self.acknowledged) >= count, timeout=120)


def bodies(seed: int) -> list[dict]:
    """RECORDS passings, each a uuid4 id and one of PASSINGS, drawn with this seed."""
    chosen = random.Random(seed)
    return [passing(str(uuid.UUID(int=chosen.getrandbits(128), version=4)), element, point, time)
            for element, point, time in (chosen.choice(PASSINGS) for _ in range(RECORDS))]


def test_every_acknowledged_record_is_stored_exactly_once_through_three_kills(database_url, tmp_path):
    (tmp_path / "no-examples").mkdir()
    server = ServerProcess(database_url, tmp_path)
    try:
        server.start()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            scenario_id = http.post("/api/scenarios", json={"yaml": LIVE_PARADE}).json()["id"]
            assert http.post(live_url(scenario_id), json={"version": 1}).status_code == 201
        device = Device(server.url, scenario_id, bodies(seed=12))
        posting = threading.Thread(target=device.run, daemon=True)
        posting.start()
        for count in KILLS_AFTER:
            device.wait_for(count)
            time.sleep(random.uniform(0.0, 0.02))  # somewhere in the next post, perhaps between commit and reply
            server.kill()
            server.start()
        posting.join(timeout=300)
        with httpx.Client(base_url=server.url, timeout=30) as http:
            stored = http.get(live_url(scenario_id, "/events")).json()["records"]
    finally:
        server.close()
    counts = collections.Counter(r["id"] for r in stored)
    statuses = collections.Counter(device.acknowledged.values())
    print(f"\ncrash test on {database_url.split(':')[0]}: {len(device.acknowledged)} acknowledged "
          f"({statuses[201]} x 201, {statuses[200]} x 200 for a resent id), {device.failures} failed attempts "
          f"resent, {len(KILLS_AFTER)} kills; stored {len(stored)} records, {len(counts)} ids, "
          f"most copies of one id {max(counts.values())}")
    assert (device.refused, posting.is_alive()) == ([], False)
    assert (sorted(counts.items()), [r["seq"] for r in stored]) == (
        sorted((i, 1) for i in device.acknowledged), list(range(1, RECORDS + 1)))

