"""Shared benchmark plumbing: import path and peak-memory measurement."""
import os
import resource
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)  # the repository root: minewatch/, devkit/


def peak_rss_mb():
    """Peak resident set size of this process so far, in MiB (Linux kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def vm_hwm_mb():
    """Peak RSS of this process image in MiB from /proc (Linux), or None.

    Unlike ``ru_maxrss``, which keeps the parent's peak across fork + exec,
    VmHWM starts afresh at exec, so a child started from a big parent
    reports its own peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def run_json(script, *args):
    """Run ``script`` with ``args`` in a fresh Python process and return the
    JSON object on the last line of its output (None when it printed none).

    Measurements run there so their peak memory is their own: keep the
    parent small, since ``ru_maxrss`` of a child includes its parent's peak
    at fork time."""
    import json
    import subprocess

    out = subprocess.run([sys.executable, script, *map(str, args)], check=True,
                         capture_output=True, text=True).stdout.strip()
    return json.loads(out.splitlines()[-1]) if out else None
