"""The screens' event stream (Server-Sent Events): every record, then a forecast that includes it, to every screen.

A scenario's open screens share one channel on the server's event loop. A new record wakes it
(`records_added`, from the request's thread); it sends each record not yet sent, in seq order,
then works out one forecast of every record sent (in a worker thread) and sends that. Records
that arrive while a forecast is worked out are sent at once and forecast together next: under
load, forecasts coalesce, and every record is still followed by a forecast that includes it.
Each event is encoded once and the same bytes go to every screen.

A screen connecting with `Last-Event-ID` (or `?after=seq`) gets every record after that seq, then
the day and one forecast, then what comes. A screen too far behind (QUEUED_EVENTS unread) is
dropped; its EventSource reconnects and catches up from its last seq. Once a second a channel
reloads its day from the database, so that records and day changes stored by another server
process reach its screens too. A comment every KEEPALIVE_S keeps proxies from closing a quiet stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

from ..outputs import strict_json
from .store import Day

log = logging.getLogger("paradeplan.web")

KEEPALIVE_S = 15.0
POLL_S = 1.0
QUEUED_EVENTS = 500  # about 250 forecasts: 16 MB for Astana, held for a screen that stopped reading
KEEPALIVE = b": keepalive\n\n"


class Shown(Protocol):
    """A day in memory, as the hub reads it (days.LiveDay)."""

    day: Day

    def events(self, after_seq: int, upto_seq: int | None = None) -> list[tuple[int, bytes]]: ...

    def day_json(self) -> dict[str, Any]: ...

    def forecast_event(self, upto_seq: int | None = None) -> bytes: ...


class Days(Protocol):
    """The app's live days, as the hub reads them (days.Live)."""

    def latest(self, scenario_id: int) -> Shown | None: ...

    def in_memory(self, scenario_id: int) -> Shown | None: ...

    def refresh(self, scenario_id: int) -> bool: ...


def sse(event: str, data: bytes, event_id: int | None = None) -> bytes:
    """One Server-Sent Event; `data` is compact JSON, which has no line break."""
    head = f"event: {event}\n" + ("" if event_id is None else f"id: {event_id}\n")
    return head.encode() + b"data: " + data + b"\n\n"


class Screen:
    """One open stream: the events waiting to be written to it."""

    def __init__(self, forecast_key: tuple[int, int] | None = None) -> None:
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(QUEUED_EVENTS)
        self.dropped = False
        self.forecast_key = forecast_key  # the forecast it gets as it connects, not sent again

    def send(self, event: bytes, forecast_key: tuple[int, int] | None = None) -> None:
        if forecast_key is not None and forecast_key == self.forecast_key:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped = True

    def waiting(self, first: bytes) -> bytes:
        """`first` and every event queued behind it, to be written at once: a screen that fell behind catches up
        in one write."""
        events = [first]
        while not self.queue.empty():
            events.append(self.queue.get_nowait())
        return b"".join(events)


class Channel:
    """One scenario's screens, the last record sent to them and the forecast last sent."""

    def __init__(self, scenario_id: int):
        self.scenario_id = scenario_id
        self.screens: set[Screen] = set()
        self.sent_seq = 0  # every record up to this seq has been sent
        self.forecast_key: tuple[int, int] | None = None  # (day, seq) of the forecast last sent
        self.wake = asyncio.Event()
        self.polled = 0.0  # the loop's time of the last reload from the database
        self.sent = asyncio.get_running_loop().time()  # when the last event was sent (made on the loop)
        self.task: asyncio.Task[None] | None = None

    def send(self, event: bytes, forecast_key: tuple[int, int] | None = None) -> None:
        self.sent = asyncio.get_running_loop().time()
        for screen in self.screens:
            screen.send(event, forecast_key)


class Hub:
    """Every channel of one app, on the event loop its streams run on; the other methods may be called from any
    thread."""

    def __init__(self, live: Days):
        self.live = live
        self.loop: asyncio.AbstractEventLoop | None = None
        self.channels: dict[int, Channel] = {}

    def records_added(self, scenario_id: int) -> None:
        """New records are in memory: send them, and a forecast after them."""
        self._call(self._pull, scenario_id)

    def day_changed(self, scenario_id: int) -> None:
        """The day started, ended or had its clock set: send it, and a forecast of the new day."""
        self._call(self._day, scenario_id)

    def _call(self, handle: Callable[[int], None], scenario_id: int) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed() and scenario_id in self.channels:
            with contextlib.suppress(RuntimeError):  # the loop closed in between: no screen to tell
                loop.call_soon_threadsafe(handle, scenario_id)

    async def stream(self, scenario_id: int, after_seq: int) -> AsyncIterator[bytes]:
        """The event stream of one screen: the records after `after_seq`, the day and a forecast, then each event
        as it comes."""
        self.loop = asyncio.get_running_loop()
        await asyncio.to_thread(self.live.latest, scenario_id)  # the day in memory, up to date
        channel = self.channels.get(scenario_id)
        if channel is None:
            channel = self.channels[scenario_id] = Channel(scenario_id)
            channel.task = asyncio.create_task(self._run(channel))
        self._pull(scenario_id)  # the channel has sent every record in memory: the screen catches up to the same seq
        live_day = self.live.in_memory(scenario_id)
        sent = channel.sent_seq
        screen = Screen(None if live_day is None else (live_day.day.id, sent))
        channel.screens.add(screen)
        try:
            if live_day is not None:
                for _, event in live_day.events(after_seq, sent):
                    yield event
                yield sse("day", strict_json(live_day.day_json()))
                yield await asyncio.to_thread(live_day.forecast_event, sent)
            while not screen.dropped:
                yield screen.waiting(await screen.queue.get())
        finally:
            channel.screens.discard(screen)
            if not channel.screens and self.channels.get(scenario_id) is channel:
                del self.channels[scenario_id]
                if channel.task is not None:
                    channel.task.cancel()

    def _pull(self, scenario_id: int) -> None:
        """Send the records in memory the channel has not sent, in seq order, and wake its forecaster."""
        channel = self.channels.get(scenario_id)
        live_day = self.live.in_memory(scenario_id)
        if channel is None or live_day is None:
            return
        for seq, event in live_day.events(channel.sent_seq):
            channel.send(event)
            channel.sent_seq = seq
        channel.wake.set()

    def _day(self, scenario_id: int) -> None:
        channel = self.channels.get(scenario_id)
        live_day = self.live.in_memory(scenario_id)
        if channel is None or live_day is None:
            return
        channel.send(sse("day", strict_json(live_day.day_json())))
        self._pull(scenario_id)

    async def _run(self, channel: Channel) -> None:
        """Forecast what was sent, once per batch; reload the day from the database once a second; a keepalive
        comment after KEEPALIVE_S of quiet."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                await asyncio.wait_for(channel.wake.wait(), POLL_S)
                woke = True
            except TimeoutError:
                woke = False
            channel.wake.clear()
            try:
                if woke:
                    await self._forecast(channel)
                if loop.time() - channel.sent >= KEEPALIVE_S:
                    channel.send(KEEPALIVE)
                if loop.time() - channel.polled >= POLL_S:
                    channel.polled = loop.time()
                    if await asyncio.to_thread(self.live.refresh, channel.scenario_id):
                        self._day(channel.scenario_id)
                    else:
                        self._pull(channel.scenario_id)
            except Exception:  # a database that does not answer, a plan that no longer loads: try again later
                log.exception("live stream of scenario %s", channel.scenario_id)

    async def _forecast(self, channel: Channel) -> None:
        """Send the forecast of every record sent, unless it was sent already."""
        live_day = self.live.in_memory(channel.scenario_id)
        if live_day is None:
            return
        key = (live_day.day.id, channel.sent_seq)
        if key != channel.forecast_key:
            event = await asyncio.to_thread(live_day.forecast_event, channel.sent_seq)
            channel.forecast_key = key
            channel.send(event, key)
