"""Shared benchmark plumbing: import path and peak-memory measurement."""
import os
import resource
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "build", "plugins"))


def peak_rss_mb():
    """Peak resident set size of this process so far, in MiB (Linux kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
