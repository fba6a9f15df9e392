"""Where rehearsal runs go: worker processes on this machine, or an existing Dask cluster."""

from __future__ import annotations

import importlib.util
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from .runs import Chunk, ChunkResult, RehearsalModel, Runner, run_chunk


class RunnerUnavailable(Exception):
    """A runner this installation cannot provide; the message says what to install."""


def process_runner(workers: int) -> Runner:
    """A rehearsal runner that sends the chunks to `workers` freshly spawned worker processes."""

    def run(model: RehearsalModel, work: Sequence[Chunk]) -> Iterator[ChunkResult]:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield from (future.result() for future in as_completed([pool.submit(run_chunk, model, c) for c in work]))

    return run


def dask_runner(address: str) -> Runner:
    """A rehearsal runner that sends the chunks to the Dask cluster whose scheduler listens at `address`."""
    if importlib.util.find_spec("distributed") is None:
        raise RunnerUnavailable("--scheduler needs Dask's distributed package: pip install 'paradeplan[dask]'")
    from distributed import Client
    from distributed import as_completed as completed

    def run(model: RehearsalModel, work: Sequence[Chunk]) -> Iterator[ChunkResult]:
        with Client(address) as client:
            shared = client.scatter(model, broadcast=True)
            futures = [client.submit(run_chunk, shared, c, pure=False) for c in work]
            yield from (future.result() for future in completed(futures))

    return run
