# lossbook: `make lab` opens the course, `make test` runs every test.
# Both check the Python first (the floor is pyproject.toml's requires-python), create a virtual environment in .venv
# on first use and re-install it when the requirements change. Without make (Windows): python tools/course.py lab|test.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# JupyterLab refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab test test-fast test-notebooks test-browser test-colab test-oldest execute bench bench-hub hub doctor clean help

help:
	@echo "make lab             open the course in JupyterLab (127.0.0.1, token on)"
	@echo "make test            run every test: package, doctests, notebooks (nbval), browser, Colab's stack, oldest"
	@echo "make test-fast       the package's tests and doctests only"
	@echo "make test-notebooks  every notebook under nbval, strict, plus the hygiene test"
	@echo "make test-browser    every notebook in Chromium in JupyterLab 4, Notebook 7 and classic Notebook + ipywidgets 7, every control used"
	@echo "make test-colab      on Colab's stack (.venv-colab): install changes nothing, package tests, notebooks"
	@echo "make test-oldest     on the oldest numpy/matplotlib/ipywidgets pyproject allows (.venv-oldest)"
	@echo "make execute         re-run every notebook in a fresh kernel and save its outputs"
	@echo "make bench           the benchmarks (numerics, widgets; browser latency needs chromium)"
	@echo "make bench-hub       the course under JupyterHub with 1, 5, 10, 20 learners at once (root)"
	@echo "make hub             a JupyterHub on 127.0.0.1 with LEARNERS=3 learner accounts, to try (root)"
	@echo "make doctor          check the environment the course runs in"
	@echo "make clean           remove .venv, .venv-colab, .venv-oldest and caches"

$(BIN)/python:
	@$(PYTHON) tools/course.py check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab-installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.test-installed: $(VENV)/.lab-installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# The JupyterLab / Notebook 7 settings the course ships (arrow keys reach a focused slider or dropdown).
SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/lossbook.json5
$(SETTINGS): jupyter-settings/lossbook.json5 $(VENV)/.lab-installed
	@mkdir -p $(dir $@)
	cp $< $@

# axe-core for the accessibility test, exactly as pinned in tests/package-lock.json (skips, saying so, without npm).
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests --no-audit --no-fund --ignore-scripts >/dev/null \
	  && touch $@; else echo "npm not found: the accessibility checks in tests/test_browser.py will fail (install Node.js and npm)"; fi

lab: $(VENV)/.lab-installed $(SETTINGS)
	$(BIN)/python -c "import lossbook; lossbook.doctor(quiet=True)"
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOT_FLAG) notebooks/00-start-here.ipynb

test: $(VENV)/.test-installed tests/node_modules/.installed
	$(BIN)/python -m pytest
	$(BIN)/python tools/testenv.py colab
	$(BIN)/python tools/testenv.py oldest

test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest tests lossbook -m "not browser and not slow"

test-notebooks: $(VENV)/.test-installed
	$(BIN)/python -m pytest notebooks tests/test_notebook_hygiene.py

test-browser: $(VENV)/.test-installed tests/node_modules/.installed
	$(BIN)/python -m pytest tests -m browser

# The package tests and every notebook on Google Colab's preinstalled stack, and on the low end of pyproject's ranges,
# each in its own environment (built on first use and when its inputs change; see tools/testenv.py).
test-colab: $(VENV)/.lab-installed
	$(BIN)/python tools/testenv.py colab

test-oldest: $(VENV)/.lab-installed
	$(BIN)/python tools/testenv.py oldest

execute: $(VENV)/.test-installed
	$(BIN)/python tools/execute_notebooks.py notebooks

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_losses.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_browser.py

# A class on one server: a real JupyterHub (needs root: one system user per learner), 1, 5, 10, 20 learners at once.
bench-hub: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_hub.py --learners 1,5,10,20

# The same JupyterHub to try by hand: LEARNERS accounts with printed passwords, on 127.0.0.1; Ctrl-C stops it.
LEARNERS ?= 3
hub: $(VENV)/.lab-installed
	$(BIN)/python benchmarks/hub/hubctl.py serve --learners $(LEARNERS)

doctor: $(VENV)/.lab-installed
	$(BIN)/python -c "import lossbook; lossbook.doctor()"

clean:
	rm -rf $(VENV) .venv-colab .venv-oldest .pytest_cache .hypothesis test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
