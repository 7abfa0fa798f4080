import sys

import numpy as np
import pytest

from minewatch.core.common.heap import release_free_heap


def _rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_release_returns_fragmented_heap_to_os():
    # many mid-size blocks below the mmap threshold, every other one kept:
    # the freed half stays in the heap until trimmed
    release_free_heap()
    blocks = [np.ones(4_000, np.float64) for _ in range(4000)]  # 32 kB each, 128 MB
    kept = blocks[::2]
    del blocks
    before = _rss_kb()
    assert release_free_heap()
    after = _rss_kb()
    del kept
    assert after < before - 32_000  # most of the freed 64 MB went back
