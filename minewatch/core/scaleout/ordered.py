"""Running ``function(item, *args)`` for many items on a Dask cluster and
getting the results back in order: at most ``in_flight`` items queued (so
the client holds little), Cancel between results (queued work cancelled),
a worker's failure raised with its traceback."""
from typing import Any, Callable, Iterable, Iterator, Optional

from ..common.errors import Cancelled, MineWatchInputError, translatable
from ..common.progress import as_feedback


def ordered_results(client: Any, function: Callable[..., Any], items: Iterable[Any],
                    args: tuple = (), feedback: Any = None, in_flight: Optional[int] = None) -> Iterator[Any]:
    """Yield ``function(item, *args)`` for each of ``items``, in order,
    computed by the workers of ``client``."""
    import asyncio

    from distributed import wait

    feedback = as_feedback(feedback)
    # items are drawn one by one as work is queued: a generator of large
    # jobs (PS tiles) is never held whole
    items = iter(items)
    in_flight = in_flight or 2 * total_threads(client)
    shared = [client.scatter(a, broadcast=True) if _large(a) else a for a in args]
    futures, queued, exhausted, index = {}, 0, False, 0
    try:
        while True:
            while not exhausted and queued < index + in_flight:
                item = next(items, _END)
                if item is _END:
                    exhausted = True
                    break
                futures[queued] = client.submit(function, item, *shared, pure=False)
                queued += 1
            if index >= queued:
                return
            future = futures[index]
            while not future.done():
                try:
                    wait(future, timeout=0.5)
                # distributed raises asyncio's TimeoutError (the builtin one
                # only from Python 3.11 on): still running, look at Cancel
                except (TimeoutError, asyncio.TimeoutError):
                    pass
                if feedback.isCanceled():
                    raise Cancelled("cancelled while the cluster worked")
            if feedback.isCanceled():
                raise Cancelled("cancelled while the cluster worked")
            if future.status == "error":
                raise worker_failure(future)
            if future.status == "cancelled":
                raise Cancelled("the cluster cancelled the work")
            result = future.result()
            del futures[index]
            index += 1
            yield result
    finally:
        for future in futures.values():
            future.cancel()


_END = object()


def total_threads(client: Any) -> int:
    """Threads of all the cluster's workers (a worker may run several)."""
    workers = client.scheduler_info()["workers"].values()
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers))


def _large(value):
    """Worth scattering once to every worker instead of sending with each
    task (job descriptions: dataclasses)."""
    return hasattr(value, "__dataclass_fields__")


def worker_failure(future):
    """The error of a failed task, with the worker's traceback."""
    import traceback

    exc = future.exception()
    if isinstance(exc, (MineWatchInputError, Cancelled)):
        return exc
    tb = future.traceback()
    text = "".join(traceback.format_tb(tb)) if tb else ""
    return MineWatchInputError(translatable(
        "A Dask worker failed: {error}. Its traceback:\n{traceback}"),
        error=f"{type(exc).__name__}: {exc}", traceback=text)


class ClusterMap:
    """``windows_map(function, items, *args)`` of the engine functions that
    take one (e.g. :func:`..insar.candidates.scan_amplitude_stack`), on a
    Dask client."""

    def __init__(self, client, feedback=None):
        self.client, self.feedback = client, feedback

    def __call__(self, function, items, *args):
        return ordered_results(self.client, function, items, args, self.feedback)


__all__ = ["ClusterMap", "ordered_results", "total_threads", "worker_failure"]
