"""Connecting to a Dask cluster: ``""`` = none (in-process), ``"local"`` =
a LocalCluster on this machine's cores, ``tcp://host:8786`` = a running
scheduler. dask is imported only here, and only when a cluster is asked
for."""
import os
from contextlib import contextmanager
from typing import Any, Optional

from ..common.deps import qgis_python
from ..common.errors import MineWatchInputError, translatable

LOCAL = "local"


def install_hint():
    """The pip command that installs dask for QGIS's Python."""
    from ..common.deps import OPTIONAL_REQUIREMENTS

    requirement = OPTIONAL_REQUIREMENTS["distributed"]
    dask = requirement.spec.replace(requirement.pip_name, "dask", 1)
    return f'{qgis_python()} -m pip install "{dask}" "{requirement.spec}"'



def local_cluster_shape(cpus=None, memory_bytes=None):
    """(workers, threads per worker, memory limit per worker in bytes) for a
    LocalCluster: one single-threaded worker per two cores (torch and GDAL
    use threads of their own), at most 8, splitting 80 % of the memory."""
    cpus = cpus or os.cpu_count() or 2
    workers = max(1, min(8, cpus // 2))
    if memory_bytes is None:
        try:
            memory_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            memory_bytes = 8 * 2**30
    return workers, 1, int(0.8 * memory_bytes / workers)


def _python_for_workers():
    """Worker processes start the interpreter QGIS runs on. Inside QGIS
    ``sys.executable`` is QGIS itself or whatever ``python3`` comes first on
    PATH (under qgis_process here a pyenv shim of another Python version,
    whose workers died importing this one's packages)."""
    import multiprocessing

    multiprocessing.set_executable(qgis_python())


@contextmanager
def dask_client(spec: str, workers: Optional[int] = None) -> Any:
    """A ``distributed.Client`` for ``spec`` (see the module doc), closed
    (with its LocalCluster) on exit; None for an empty spec."""
    spec = (spec or "").strip()
    if not spec:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MineWatchInputError(translatable(
            "Running on a Dask cluster needs the packages dask and distributed, which QGIS's "
            "Python lacks. Install them with: {command} — or leave the Dask scheduler "
            "empty to run in this process."), command=install_hint()) from None
    if spec.lower() == LOCAL:
        _python_for_workers()
        n, threads, memory = local_cluster_shape()
        if workers:
            memory = memory * n // workers  # the same RAM, split among the workers asked for
        try:
            cluster = LocalCluster(n_workers=workers or n, threads_per_worker=threads,
                                   memory_limit=memory, processes=True, host="127.0.0.1",
                                   dashboard_address=None)
        except Exception as exc:  # workers that die starting up
            raise MineWatchInputError(translatable(
                "Could not start a local Dask cluster ({reason}). Check that {python} runs "
                "and imports MineWatch's packages, or leave the Dask scheduler empty to run "
                "in this process."), reason=f"{type(exc).__name__}: {exc}",
                python=qgis_python()) from None
        try:
            client = Client(cluster)
        except BaseException:
            cluster.close()
            raise
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    if not spec.startswith(("tcp://", "tls://", "ws://", "wss://")):
        raise MineWatchInputError(translatable(
            "The Dask scheduler '{spec}' is neither 'local' nor an address such as "
            "tcp://host:8786."), spec=spec)
    try:
        client = Client(spec, timeout=30)
    except OSError as exc:
        raise MineWatchInputError(translatable(
            "Cannot reach the Dask scheduler {spec} ({reason}). Start it with 'dask "
            "scheduler' and its workers with 'dask worker {spec}', or leave the parameter "
            "empty."), spec=spec, reason=str(exc)) from None
    try:
        yield client
    finally:
        client.close()


__all__ = ["LOCAL", "dask_client", "install_hint", "local_cluster_shape"]
