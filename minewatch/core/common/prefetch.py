"""Run an iterator in a background thread, a few items ahead of its consumer.

Used to read and normalise the next batch of tiles while the model works on
the current one (GDAL decoding and numpy release the GIL). The source runs
entirely in the worker thread, so it may own thread-affine objects such as
a GDAL dataset it opens itself.
"""
import queue
import threading

_END = object()


class _Failure:
    def __init__(self, exc):
        self.exc = exc


def prefetched(make_source, depth=1):
    """Iterate over ``make_source()`` (called in the worker thread), keeping
    up to ``depth`` items ready. Exceptions of the source are re-raised in
    the consumer; closing the generator early stops the worker."""
    items = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()

    def put(item):
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work():
        source = None
        try:
            source = make_source()
            for item in source:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # noqa: B902 - handed to the consumer
            put(_Failure(exc))
        finally:
            # run the source's clean-up (closing its dataset) in this thread
            close = getattr(source, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=work, name="minewatch-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        worker.join()
