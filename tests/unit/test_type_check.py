"""The engine's type check (mypy.ini: core/ and models/) passes, so CI runs
it too: annotations the code carries are checked on every run."""
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.slow
def test_the_engine_type_checks():
    pytest.importorskip("mypy", reason="mypy is a development package (requirements-dev.txt)")
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir",
                           os.path.join(REPO, "build", "mypy-cache")],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
