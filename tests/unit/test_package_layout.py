"""The shape of the shipped package: every engine module imports without
QGIS (and without torch for ``core``) in a fresh interpreter, module-level
imports form no cycle, the layers point one way, development code is never
imported by shipped code, and the runtime requirements are exactly what
the shipped code imports."""
import ast
import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
from package import plugin_files  # noqa: E402

# provided by QGIS itself on every platform (matplotlib too: it ships with
# QGIS's Python, and the report code imports it only when it writes one)
QGIS_PROVIDED = {"qgis", "PyQt5", "sip", "osgeo", "processing", "matplotlib"}


def module_name(rel):
    """Dotted name under the package ``minewatch`` of a .py path relative to
    the plugin folder."""
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["minewatch", *parts])


def shipped_modules():
    return {module_name(rel): rel for rel in plugin_files(REPO) if rel.endswith(".py")}


def imports_of(rel, module_level_only):
    """(absolute minewatch modules, top-level third-party names) imported by
    the file ``rel``; with ``module_level_only``, imports inside functions
    (run only when called) are left out."""
    tree = ast.parse(open(os.path.join(REPO, "minewatch", rel), encoding="utf-8").read())
    name = module_name(rel)
    package = name if rel.endswith("__init__.py") else name.rpartition(".")[0]
    nodes = tree.body if module_level_only else ast.walk(tree)
    if module_level_only:  # also imports under module-level if/try blocks
        nodes = [n for top in tree.body for n in ast.walk(top)
                 if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    internal, external = set(), set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[:len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            internal.add(target)
            for alias in node.names:  # `from . import module`
                internal.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.ImportFrom):
            external.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            external.update(alias.name.split(".")[0] for alias in node.names)
    return internal, external


def graph(module_level_only):
    modules = shipped_modules()
    return {name: {m for m in imports_of(rel, module_level_only)[0] if m in modules} - {name}
            for name, rel in modules.items()}


def import_in_fresh_interpreter(names):
    code = ("import importlib, json, sys; failed = {}\n"
            f"for name in {sorted(names)!r}:\n"
            "    try:\n        importlib.import_module(name)\n"
            "    except Exception as exc:\n        failed[name] = repr(exc)\n"
            "print(json.dumps({'failed': failed, 'qgis': 'qgis' in sys.modules, "
            "'torch': 'torch' in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_every_engine_module_imports_without_qgis_or_torch():
    names = [n for n in shipped_modules() if n.startswith("minewatch.core")]
    assert len(names) > 50
    status = import_in_fresh_interpreter(names)
    assert status == {"failed": {}, "qgis": False, "torch": False}


@pytest.mark.slow
def test_every_model_module_imports_without_qgis():
    names = [n for n in shipped_modules() if n.startswith("minewatch.models")]
    status = import_in_fresh_interpreter(names)
    assert status["failed"] == {} and status["qgis"] is False


@pytest.mark.slow
def test_no_import_cycles():
    """Imports inside functions count too (issue 31): a circle deferred to
    call time is still two modules that cannot be understood apart."""
    edges = graph(module_level_only=False)
    state, cycles = {}, []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges[node]):
            # importing a package runs its __init__ first: that is no cycle
            if node.startswith(nxt + "."):
                continue
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("layer,forbidden", [
    ("minewatch.core", ("minewatch.processing_provider", "minewatch.ui", "minewatch.plugin")),
    ("minewatch.models", ("minewatch.processing_provider", "minewatch.ui", "minewatch.plugin")),
    ("minewatch.core.common", ("minewatch.core.", "minewatch.models")),
    # the networks sit between the pipelines that run them and the files
    ("minewatch.models", ("minewatch.core.inference", "minewatch.core.classmap",
                          "minewatch.core.landdamage", "minewatch.core.buildings",
                          "minewatch.core.insar", "minewatch.core.training",
                          "minewatch.core.evaluation", "minewatch.core.imagery",
                          "minewatch.core.scaleout")),
    ("minewatch.core.raster", ("minewatch.models", "minewatch.core.inference", "minewatch.core.classmap",
                               "minewatch.core.landdamage", "minewatch.core.buildings",
                               "minewatch.core.insar", "minewatch.core.training",
                               "minewatch.core.evaluation", "minewatch.core.imagery")),
    ("minewatch.core.imagery", ("minewatch.core.landdamage", "minewatch.core.buildings",
                                "minewatch.core.insar", "minewatch.core.training",
                                "minewatch.core.evaluation", "minewatch.core.inference")),
    ("minewatch.core.inference", ("minewatch.core.landdamage", "minewatch.core.buildings",
                                  "minewatch.core.insar", "minewatch.core.training",
                                  "minewatch.core.evaluation")),
])
@pytest.mark.slow
def test_layers_point_one_way(layer, forbidden):
    edges = graph(module_level_only=False)
    wrong = {(a, b) for a, targets in edges.items() if a == layer or a.startswith(layer + ".")
             for b in targets if b.startswith(forbidden) and not b.startswith(layer + ".")
             and b != layer}
    assert wrong == set()


def test_shipped_code_never_imports_development_code():
    modules = shipped_modules()
    assert not [n for n in modules if n.startswith("devkit")]
    for name, rel in modules.items():
        internal, _ = imports_of(rel, module_level_only=False)
        assert not [m for m in internal if m.startswith("devkit")], name


def test_runtime_requirements_are_what_runtime_code_imports():
    from minewatch.core.common.deps import OPTIONAL_REQUIREMENTS, REQUIREMENTS

    imported = set()
    for rel in shipped_modules().values():
        imported |= imports_of(rel, module_level_only=False)[1]
    third_party = {m for m in imported if m not in sys.stdlib_module_names} - QGIS_PROVIDED
    assert third_party == set(REQUIREMENTS) | set(OPTIONAL_REQUIREMENTS)


# packages an algorithm may use without naming them in REQUIRES: QGIS's own
# Python carries them (deps.HOST_PACKAGES), or they are optional extras
# imported only when asked for (a Dask cluster) with their install command
NOT_REQUIRED = QGIS_PROVIDED | {"distributed", "dask"}
# modules that import packages only to check them (deps: "is torch usable?")
CHECKS_PACKAGES = {"minewatch.core.common.deps"}


def engine_closure(module):
    """Third-party packages imported, at module level or inside functions,
    by ``module`` and every engine or model module it reaches (support
    modules of processing_provider are followed only from the algorithm
    itself: their own optional paths belong to the algorithms using them)."""
    modules = shipped_modules()
    seen, todo, packages = set(), [module], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in modules or name in CHECKS_PACKAGES:
            continue
        seen.add(name)
        internal, external = imports_of(modules[name], module_level_only=False)
        packages |= external
        todo += [m for m in internal
                 if name == module or not m.startswith("minewatch.processing_provider")]
    return {p for p in packages if p not in sys.stdlib_module_names}


def algorithm_requires():
    """{algorithm module: its class's REQUIRES} read from the source."""
    found = {}
    for name, rel in shipped_modules().items():
        if not name.startswith("minewatch.processing_provider."):
            continue
        tree = ast.parse(open(os.path.join(REPO, "minewatch", rel), encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                    getattr(t, "id", "") == "REQUIRES" for t in node.targets) \
                    and name != "minewatch.processing_provider.base":
                found[name] = set(ast.literal_eval(node.value))
    return found


@pytest.mark.slow
def test_every_algorithm_requires_what_it_imports():
    """Issue 31: REQUIRES (what Check dependencies and the algorithm's own
    refusal name) is every package the algorithm's code can import."""
    requires = algorithm_requires()
    assert len(requires) >= 12
    missing = {name: sorted(engine_closure(name) - NOT_REQUIRED - wanted)
               for name, wanted in requires.items()}
    assert {name: m for name, m in missing.items() if m} == {}
