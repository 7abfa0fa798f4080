"""Never leave a half-written output that looks valid.

An :class:`OutputGuard` collects the files a run writes; when the run
fails or is cancelled, every one of them is removed, so the user finds
either the complete outputs or none. Rasters are also written atomically
(:class:`..raster.raster_io.AtomicRasterWriter`), so a file appears only
once complete; the guard covers what comes after (styles, statistics,
polygons) and outputs written by other libraries (QGIS feature sinks).
"""
import glob
import os
import uuid
from contextlib import contextmanager

# what GDAL writes beside a raster it wrote (statistics, overviews): a
# removed output takes them along
GDAL_SIDECARS = (".aux.xml", ".ovr")


def remove_files(paths):
    """Delete ``paths`` and the GDAL sidecars beside them (missing ones and
    empty entries are fine)."""
    for path in paths:
        for target in ([path] + [path + ext for ext in GDAL_SIDECARS]) if path else []:
            try:
                if os.path.isfile(target):
                    os.remove(target)
            except OSError:
                pass


def hidden_temp_path(path, suffix):
    """A fresh hidden temporary file ``.<name>.<id>.<suffix>`` beside
    ``path`` (same folder, so the final rename stays on one file system);
    :func:`remove_stale_temps` finds what a killed write left of it."""
    folder, base = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{base}.{uuid.uuid4().hex[:12]}.{suffix}")


def hidden_temp_pattern(path, suffix):
    """The glob of the hidden temporary files ``.<name>.<id>.<suffix>`` that
    atomic writers make beside ``path``."""
    folder, base = os.path.split(os.path.abspath(path))
    return os.path.join(glob.escape(folder), f".{glob.escape(base)}.*.{suffix}")


def remove_stale_temps(path, suffix):
    """Remove the temporary files of earlier writes of ``path`` that were
    killed before they could clean up (a crash, a closed QGIS); call it once
    ``path`` itself has been written."""
    remove_files(glob.glob(hidden_temp_pattern(path, suffix)))


@contextmanager
def atomic_text(path, encoding="utf-8", newline=None):
    """Open a text file for writing that appears at ``path`` only when the
    ``with`` block completes (written to ``path + ".partial"`` and moved
    into place); on any failure the partial file is removed."""
    tmp = path + ".partial"
    try:
        with open(tmp, "w", encoding=encoding, newline=newline) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        remove_files([tmp])
        raise


def write_text(path, text, encoding="utf-8"):
    """Write a text file atomically (see :func:`atomic_text`); returns ``path``."""
    with atomic_text(path, encoding) as f:
        f.write(text)
    return path


class DiscardOnError:
    """A context manager that calls ``self.discard()`` when its ``with``
    block ends with an exception (a failure or ``Cancelled``), which then
    goes on."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.discard()
        return False


class OutputGuard(DiscardOnError):
    """The files of one run, removed together unless the run completes.

    Use as a context manager: on an exception (a failure or ``Cancelled``)
    the recorded files are removed and the exception goes on."""

    def __init__(self):
        self.paths = []
        self.folders = []
        self.closers = []

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.closers = []  # a complete run's writers close as their owner decides
        return super().__exit__(exc_type, exc, tb)

    def close_first(self, close):
        """Record ``close()``, which closes a file another library holds open
        (a QGIS feature sink): a failed run calls it before removing files, so
        the file goes even while the error's traceback still references its
        writer (Windows cannot remove an open file; Linux keeps its space)."""
        self.closers.append(close)

    def wrote(self, *paths):
        """Record files this run wrote (removed on failure)."""
        self.paths.extend(p for p in paths if p)

    def started(self, path, existed_before):
        """Record an output another library is writing to ``path``; removed
        on failure only when no file was there before the run."""
        if path and not existed_before:
            self.paths.append(path)

    def made_folder(self, folder):
        """Record a folder this run created (removed on failure when empty)."""
        self.folders.append(folder)

    def discard(self):
        """Remove every recorded file now, then the folders the run made
        that are left empty (innermost first)."""
        for close in self.closers:
            close()
        self.closers = []
        remove_files(self.paths)
        for folder in reversed(self.folders):
            try:
                os.rmdir(folder)
            except OSError:
                pass  # not empty: something else lives there now
        self.paths, self.folders = [], []



__all__ = ["DiscardOnError", "OutputGuard", "atomic_text", "hidden_temp_path", "remove_files", "remove_stale_temps", "write_text"]
