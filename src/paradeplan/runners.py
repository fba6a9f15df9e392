"""Where rehearsal runs go: worker processes on this machine, or an existing Dask cluster."""

from __future__ import annotations


def process_runner(workers: int):
    """A rehearsal runner that sends the chunks to `workers` freshly spawned worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .rehearse import run_chunk

    def run(model, work):
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield from (future.result() for future in as_completed([pool.submit(run_chunk, model, c) for c in work]))

    return run


def dask_runner(address: str):
    """A rehearsal runner that sends the chunks to the Dask cluster whose scheduler listens at `address`."""
    from distributed import Client, as_completed

    from .rehearse import run_chunk

    def run(model, work):
        with Client(address) as client:
            shared = client.scatter(model, broadcast=True)
            futures = [client.submit(run_chunk, shared, c, pure=False) for c in work]
            yield from (future.result() for future in as_completed(futures))

    return run
