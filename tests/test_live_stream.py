"""The live day's event stream (SSE) through a real server: uvicorn on a loopback port in a thread of this process,
read with httpx as a screen's EventSource would.

The parade is test_live_api's: planned, the colour guard's head is at the start at 09:53:53.3.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from test_api import Client
from test_live_api import LIVE_PARADE, live_url, passing

from paradeplan.web.app import create_app
from paradeplan.web.live import hub
from paradeplan.web.settings import settings

READ_TIMEOUT_S = 10.0  # a stream that sends nothing for this long fails the test instead of hanging it


@contextlib.contextmanager
def serving_app(app) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port in a thread; its URL. Open streams are closed on the way
    out (a forced exit: uvicorn otherwise waits for them)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", ws="none", http="h11"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = server.force_exit = True
        thread.join(timeout=20)
        sock.close()


@dataclass(frozen=True)
class Event:
    event: str
    id: int | None
    data: dict


class Screen:
    """One open stream, read event by event."""

    def __init__(self, response: httpx.Response):
        self.response = response
        self.lines = response.iter_lines()

    def next(self) -> Event:
        fields: dict[str, str] = {}
        for line in self.lines:
            if line.startswith(":"):  # a keepalive comment
                continue
            if not line:
                if fields:
                    return Event(fields["event"], int(fields["id"]) if "id" in fields else None,
                                 json.loads(fields["data"]))
                continue
            name, _, value = line.partition(": ")
            fields[name] = value
        raise AssertionError("the stream ended")

    def until(self, done) -> list[Event]:
        """Events up to and including the first for which done(event) holds."""
        seen = [self.next()]
        while not done(seen[-1]):
            seen.append(self.next())
        return seen


class Server:
    def __init__(self, url: str, app):
        self.url = url
        self.app = app
        self.http = httpx.Client(base_url=url, timeout=httpx.Timeout(READ_TIMEOUT_S))

    def post(self, path: str, body: dict) -> httpx.Response:
        return self.http.post(path, json=body)

    def scenario(self, *, started: bool = True) -> int:
        scenario_id = self.post("/api/scenarios", {"yaml": LIVE_PARADE, "filename": "parade.yaml"}).json()["id"]
        if started:
            assert self.post(live_url(scenario_id), {"version": 1}).status_code == 201
        return scenario_id

    def record(self, scenario_id: int, body: dict) -> dict:
        response = self.post(live_url(scenario_id, "/events"), body)
        assert response.status_code == 201, response.text
        return response.json()

    @contextlib.contextmanager
    def screen(self, scenario_id: int, query: str = "", **headers: str) -> Iterator[Screen]:
        with self.http.stream("GET", live_url(scenario_id, "/stream" + query), headers=headers) as response:
            assert response.status_code == 200, response.read()
            yield Screen(response)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("live-stream")
    app = create_app(settings(db=f"sqlite:///{folder / 'paradeplan.db'}", examples=folder / "no-examples"))
    with serving_app(app) as url:
        served = Server(url, app)
        yield served
        served.http.close()


def three_records(server: Server, scenario_id: int, start: int = 0, count: int = 3) -> None:
    for n in range(start, start + count):
        server.record(scenario_id, passing(f"a{n}", time=f"09:54:5{n}"))


def kinds(events: list[Event]) -> list[tuple[str, int | None]]:
    return [(e.event, e.id) for e in events]


def test_the_stream_is_server_sent_events(server):
    scenario_id = server.scenario()
    with server.screen(scenario_id) as screen:
        assert screen.response.headers["content-type"].startswith("text/event-stream")


def test_a_screen_connecting_after_three_records_gets_them_then_the_day_and_a_forecast_of_the_last(server):
    scenario_id = server.scenario()
    three_records(server, scenario_id)
    with server.screen(scenario_id) as screen:
        events = screen.until(lambda e: e.event == "forecast")
    assert (kinds(events), events[-1].data["seq"]) == (
        [("record", 1), ("record", 2), ("record", 3), ("day", None), ("forecast", 3)], 3)


def test_a_screen_reconnecting_with_its_last_event_id_gets_only_the_newer_records(server):
    scenario_id = server.scenario()
    three_records(server, scenario_id, count=4)
    with server.screen(scenario_id, **{"Last-Event-ID": "2"}) as screen:
        events = screen.until(lambda e: e.event == "forecast")
    assert kinds(events) == [("record", 3), ("record", 4), ("day", None), ("forecast", 4)]


def test_a_screen_may_say_its_last_seq_in_the_address(server):
    scenario_id = server.scenario()
    three_records(server, scenario_id)
    with server.screen(scenario_id, "?after=2") as screen:
        events = screen.until(lambda e: e.event == "forecast")
    assert kinds(events) == [("record", 3), ("day", None), ("forecast", 3)]


def test_a_last_event_id_that_is_no_seq_is_left_aside(server):
    scenario_id = server.scenario()
    three_records(server, scenario_id, count=1)
    with server.screen(scenario_id, **{"Last-Event-ID": "9" * 5000}) as screen:
        events = screen.until(lambda e: e.event == "forecast")
    assert kinds(events) == [("record", 1), ("day", None), ("forecast", 1)]


def test_a_record_made_while_watching_comes_then_a_forecast_that_includes_it(server):
    # the colour guard's head at the start 60 s late (09:54:53.3 against 09:53:53.3): its forecast delay is 60 s
    scenario_id = server.scenario()
    with server.screen(scenario_id) as screen:
        screen.until(lambda e: e.event == "forecast")
        server.record(scenario_id, passing("a1"))
        events = screen.until(lambda e: e.event == "forecast" and e.data["seq"] >= 1)
    record, forecast = events[0], events[-1]
    assert ((record.event, record.data["id"]), forecast.data["elements"]["colour-guard"]["delay_s"]) == (
        ("record", "a1"), 60.0)


def test_every_screen_gets_the_same_events(server):
    scenario_id = server.scenario()
    with server.screen(scenario_id) as first, server.screen(scenario_id) as second:
        for screen in (first, second):
            screen.until(lambda e: e.event == "forecast")
        server.record(scenario_id, passing("a1"))
        seen = [screen.until(lambda e: e.event == "forecast" and e.data["seq"] >= 1) for screen in (first, second)]
    assert seen[0] == seen[1]


def test_a_day_started_while_watching_comes_as_a_day_event(server):
    scenario_id = server.scenario(started=False)
    with server.screen(scenario_id) as screen:
        server.post(live_url(scenario_id), {"version": 1})
        events = screen.until(lambda e: e.event == "forecast")
    assert (kinds(events), events[0].data["live"]) == ([("day", None), ("forecast", 0)], True)


def test_the_end_of_the_day_comes_as_a_day_event(server):
    scenario_id = server.scenario()
    with server.screen(scenario_id) as screen:
        screen.until(lambda e: e.event == "forecast")
        server.post(live_url(scenario_id, "/end"), {})
        event = screen.next()
    assert (event.event, event.data["live"]) == ("day", False)


def test_a_record_stored_by_another_server_process_reaches_the_screen(server, tmp_path):
    # another app on the same database, as a second `paradeplan serve` would be: the channel reloads once a second
    scenario_id = server.scenario()
    other = Client(create_app(settings(db=str(server.app.state.workspace.storage.url),
                                       examples=tmp_path / "no-examples")))
    with server.screen(scenario_id) as screen:
        screen.until(lambda e: e.event == "forecast")
        assert other.post(live_url(scenario_id, "/events"), json=passing("a1")).status_code == 201
        events = screen.until(lambda e: e.event == "forecast" and e.data["seq"] >= 1)
    other.app.state.workspace.storage.engine.dispose()
    assert kinds(events) == [("record", 1), ("forecast", 1)]


def test_a_quiet_stream_gets_a_keepalive_comment(server, monkeypatch):
    monkeypatch.setattr(hub, "KEEPALIVE_S", 0.5)  # instead of 15 s
    scenario_id = server.scenario()
    with server.screen(scenario_id) as screen:
        screen.until(lambda e: e.event == "forecast")
        comment = next(line for line in screen.lines if line.startswith(":"))
    assert comment == ": keepalive"


def test_a_screen_too_far_behind_is_dropped_to_reconnect_and_catch_up():
    async def fill() -> bool:
        screen = hub.Screen()
        for _ in range(hub.QUEUED_EVENTS + 1):
            screen.send(b"event: record\n\n")
        return screen.dropped

    assert asyncio.run(fill())


def test_the_stream_of_a_scenario_that_does_not_exist_is_not_found(server):
    assert server.http.get(live_url(999_999, "/stream")).status_code == 404
