"""Headless QGIS harness: start one QGIS for the whole session, with
Processing and the MineWatch provider registered, and offer a
``qgis_process.bin`` runner that uses an isolated QGIS profile."""
import json
import os
import subprocess
import sys
import sysconfig

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS_DIR = os.path.join(REPO_ROOT, "build", "plugins")

QGIS_APP = QgsApplication([], False)
QGIS_APP.initQgis()
sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))

from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()

import minewatch  # noqa: E402

# keep the plugin object alive, or the provider is deleted under us
PLUGIN = minewatch.classFactory(None)
PLUGIN.initProcessing()


@pytest.fixture(scope="session")
def plugin():
    return PLUGIN


def qgis_process_env(config_dir):
    """Environment for ``qgis_process.bin``: the plugin on QGIS_PLUGINPATH,
    the venv's packages first on PYTHONPATH, a private QGIS profile."""
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=PLUGINS_DIR,
               QGIS_CUSTOM_CONFIG_PATH=str(config_dir))
    site = sysconfig.get_paths()["purelib"]
    env["PYTHONPATH"] = os.pathsep.join(p for p in (site, env.get("PYTHONPATH")) if p)
    return env


class QgisProcess:
    """Runs ``qgis_process.bin`` with the plugin enabled in a private profile."""

    def __init__(self, config_dir, plugins_dir=PLUGINS_DIR):
        self.env = qgis_process_env(config_dir)
        self.env["QGIS_PLUGINPATH"] = plugins_dir
        self("plugins", "enable", "minewatch", check=True)

    def __call__(self, *args, check=False, timeout=600):
        proc = subprocess.run(["qgis_process.bin", *args], env=self.env, text=True,
                              capture_output=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"qgis_process.bin {args} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def run_json(self, algorithm, **params):
        """Run an algorithm with ``--json`` and return (returncode, parsed or None, proc)."""
        args = ["--json", "run", algorithm, "--"] + [f"{k}={v}" for k, v in params.items()]
        proc = self(*args)
        try:
            start = proc.stdout.index("{")
            data = json.loads(proc.stdout[start:])
        except ValueError:
            data = None
        return proc.returncode, data, proc


@pytest.fixture(scope="session")
def qgis_process(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qgis_profile"))
