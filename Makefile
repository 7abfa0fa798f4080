# MineWatch — set-up, tests, demo, benchmarks and packaging.
# `make test` and `make demo` install everything they need on a fresh
# Debian machine: bookworm (QGIS 3.22), trixie (3.40) or sid (3.44); QGIS from
# Debian, a venv over QGIS's Python with the packages in their ranges
# (scripts/setup_env.py). `make test-matrix` runs all three.

SYSTEM_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.minewatch-setup
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := qgis python3-qgis qgis-providers python3-venv python3-pip xvfb xauth \
	qttools5-dev-tools
BUILD := $(CURDIR)/build
SITE = $(shell $(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Headless QGIS: the plugin is the folder minewatch/ of the checkout (QGIS
# loads only folders with a metadata.txt, so the root is the plugin path),
# the venv's packages first, a private profile so the user's own QGIS
# settings are never touched.
QGIS_ENV = QT_QPA_PLATFORM=offscreen QGIS_PLUGINPATH=$(CURDIR) \
	QGIS_CUSTOM_CONFIG_PATH=$(BUILD)/qgis-profile XDG_RUNTIME_DIR=$(BUILD)/xdg-runtime \
	PYTHONPATH=$(SITE):$(CURDIR)
QGIS_PROCESS := qgis_process.bin
QGIS_PROFILE_PLUGINS ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
DEMO := $(CURDIR)/demo_output

.PHONY: docs setup link test test-quick test-unit test-qgis test-matrix demo wheelhouse repository changelog model manual translations weights spacenet-check bench package deploy lint clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt scripts/setup_env.py
	@if ! command -v $(QGIS_PROCESS) >/dev/null 2>&1 || ! command -v xvfb-run >/dev/null 2>&1 \
	    || ! test -x /usr/lib/qt5/bin/lrelease \
	    || ! $(SYSTEM_PYTHON) -c 'import qgis.core, ensurepip' >/dev/null 2>&1; then \
	  echo "Installing QGIS from Debian…"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $(APT_PACKAGES); \
	fi
	$(SYSTEM_PYTHON) scripts/setup_env.py --venv $(VENV)
	touch $(STAMP)

# Folders of the private QGIS profile used by tests and the demo.
link:
	@mkdir -p $(BUILD)/qgis-profile $(BUILD)/xdg-runtime
	@chmod 700 $(BUILD)/xdg-runtime

test: test-unit test-qgis

# the tests that neither train networks, start Dask clusters nor the desktop
# (marked slow): under a minute; `make test` still runs everything
test-quick: setup link
	$(PY) -m pytest -m "not slow" tests/unit
	$(QGIS_ENV) $(PY) -m pytest -m "not slow" tests/qgis

test-unit: setup link
	$(PY) -m pytest tests/unit

test-qgis: setup link
	$(QGIS_ENV) $(PY) -m pytest tests/qgis

# make setup / test / demo on QGIS 3.22 (bookworm), 3.40 (trixie) and 3.44
# (sid): this machine's release in place, the others in fresh debootstrap
# systems under build/matrix (root; about an hour on 2 cores, mostly the
# downloads of the first run); one line per QGIS version at the end.
test-matrix:
	$(SYSTEM_PYTHON) scripts/test_matrix.py $(MATRIX_ARGS)

# Classify a synthetic sample scene with the shipped default model and look for
# suspect mining sites in a simulated PS-InSAR village, through qgis_process.bin;
# outputs, a PNG quick-look and the inspector's report in demo_output/.
demo: setup link
	$(QGIS_ENV) $(PY) scripts/demo.py $(DEMO)

# The zh_CN translation: strings of the code → i18n/minewatch_zh_CN.ts (new
# ones unfinished, translated ones kept), then the .qm with Qt's lrelease
translations: setup
	$(PY) scripts/i18n.py update
	$(PY) scripts/i18n.py release

# Rebuild the shipped graphical model models/annual_land_damage_monitoring.model3
model: setup link
	$(QGIS_ENV) $(PY) scripts/make_shipped_models.py

# Rebuild the manual shipped in minewatch/help/ (English and Chinese) from the
# algorithms' help texts and parameters; run after changing either
manual: setup link
	$(QGIS_ENV) $(PY) scripts/make_manual.py

# The module map of docs/architecture.md, from the modules' docstrings
docs: manual
	$(PY) scripts/module_map.py

# Retrain the shipped default models (land damage ≈ 55 min, buildings ≈ 20 min
# on 2 CPU cores); WEIGHTS_ARGS="--ablation-epochs 1" adds the paper's
# comparison table. spacenet-check scores the building model on real data.
weights: setup link
	$(QGIS_ENV) $(PY) scripts/make_weights.py $(WEIGHTS_ARGS)
	$(QGIS_ENV) $(PY) scripts/make_building_weights.py --fair "$(FAIR_DATA)" $(BUILDING_WEIGHTS_ARGS)

spacenet-check: setup link
	$(QGIS_ENV) $(PY) scripts/spacenet_check.py

bench: setup link
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# the plugin zip (allow-list of minewatch/), validated as the plugin repository does
package:
	$(SYSTEM_PYTHON) scripts/package.py --out dist --check

# the metadata changelog and version from CHANGELOG.md
changelog:
	$(SYSTEM_PYTHON) scripts/changelog.py --write

# intranet installs: the wheels MineWatch needs for another Python/platform
# (WHEELHOUSE_ARGS="--python 3.12 --platform win_amd64"), and a plugin
# repository folder (zip + plugins.xml) to serve at REPOSITORY_URL
wheelhouse: setup
	$(PY) scripts/wheelhouse.py $(WHEELHOUSE_ARGS)

REPOSITORY_URL ?= file://$(CURDIR)/dist/repository/
repository:
	$(SYSTEM_PYTHON) scripts/plugin_repository.py --url $(REPOSITORY_URL) --out dist/repository

deploy: link
	@mkdir -p "$(QGIS_PROFILE_PLUGINS)"
	ln -sfn $(CURDIR)/minewatch "$(QGIS_PROFILE_PLUGINS)/minewatch"
	@echo "Linked into $(QGIS_PROFILE_PLUGINS); restart QGIS and enable MineWatch in Plugins > Manage and Install Plugins."

# ruff; QGIS's plugin rules (flake8-qgis) and Qt 6 readiness (QGIS's
# pyqt5to6 in check mode, scripts/qt6_check.py) on the plugin folder
lint: setup
	$(PY) -m ruff check .
	$(PY) -m flake8 minewatch
	$(PY) -m mypy
	$(SYSTEM_PYTHON) scripts/qt6_check.py

# --one-file-system: never into what a running test-matrix has mounted
clean:
	@if grep -q " $(BUILD)/matrix/" /proc/mounts 2>/dev/null; then \
	  echo "build/matrix has mounts (a test-matrix is running); not cleaning"; exit 1; fi
	rm -rf --one-file-system build dist $(DEMO) .pytest_cache
