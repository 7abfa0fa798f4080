"""Run MineWatch algorithms through ``qgis_process.bin`` from a script or a
test: the checkout's ``minewatch/`` folder found on QGIS_PLUGINPATH, the project's
venv packages first on ``PYTHONPATH``, a private QGIS profile (the user's
own settings are never touched), headless Qt.

Debian's ``/usr/bin/qgis_process`` wrapper fails ("--noversioncheck"), so
the binary is called directly.
"""
import json
import os
import subprocess
import sys
import sysconfig

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The plugin is the folder ``minewatch/`` of the checkout; QGIS loads only
# folders holding a metadata.txt, so the repository root is the plugin path.
PLUGINS_DIR = REPO_ROOT
QGIS_PROCESS = "qgis_process.bin"


def qgis_process_env(config_dir, plugins_dir=PLUGINS_DIR):
    """Environment for ``qgis_process.bin``: the plugin on QGIS_PLUGINPATH,
    the running Python's packages first on PYTHONPATH, a private profile."""
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=plugins_dir,
               QGIS_CUSTOM_CONFIG_PATH=str(config_dir))
    site = sysconfig.get_paths()["purelib"]
    env["PYTHONPATH"] = os.pathsep.join(p for p in (site, REPO_ROOT, env.get("PYTHONPATH")) if p)
    return env


class QgisProcess:
    """Runs ``qgis_process.bin`` with the plugin enabled in a private profile."""

    def __init__(self, config_dir, plugins_dir=PLUGINS_DIR):
        os.makedirs(config_dir, exist_ok=True)
        self.env = qgis_process_env(config_dir, plugins_dir)
        result = self("plugins", "enable", "minewatch")
        # a reused profile answers "already enabled" with a non-zero status
        if result.returncode != 0 and "already enabled" not in result.stdout + result.stderr:
            raise RuntimeError(f"{QGIS_PROCESS} plugins enable minewatch failed:\n"
                               f"{result.stdout}\n{result.stderr}")

    def __call__(self, *args, check=False, timeout=600, stream=False):
        """Run with ``args``; ``stream`` echoes the output live (long runs)
        and still returns it."""
        command = [QGIS_PROCESS, *args]
        if stream:
            proc = subprocess.Popen(command, env=self.env, text=True, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
            lines = []
            for line in proc.stdout:
                sys.stdout.write(line)
                sys.stdout.flush()
                lines.append(line)
            proc.wait(timeout=timeout)
            result = subprocess.CompletedProcess(command, proc.returncode, "".join(lines), "")
        else:
            result = subprocess.run(command, env=self.env, text=True, capture_output=True,
                                    timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"{QGIS_PROCESS} {' '.join(map(str, args))} failed:\n"
                               f"{result.stdout}\n{result.stderr}")
        return result

    def run_json(self, algorithm, timeout=600, **params):
        """Run an algorithm with ``--json``; (returncode, parsed results or
        None, the completed process)."""
        args = ["--json", "run", algorithm, "--"] + [f"{k}={v}" for k, v in params.items()]
        proc = self(*args, timeout=timeout)
        try:
            data = json.loads(proc.stdout[proc.stdout.index("{"):])
        except ValueError:
            data = None
        return proc.returncode, data, proc

    def run(self, algorithm, timeout=None, **params):
        """Run an algorithm, its log shown live; the results dict, or
        RuntimeError when it fails."""
        args = ["run", algorithm, "--"] + [f"{k}={v}" for k, v in params.items()]
        proc = self(*args, check=True, timeout=timeout, stream=True)
        return parse_results(proc.stdout)


def parse_results(text):
    """The ``name: value`` lines after qgis_process's "Results" header."""
    results = {}
    if "Results" not in text:
        return results
    for line in text.split("Results", 1)[1].splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            results[name.strip()] = value.strip()
    return results
