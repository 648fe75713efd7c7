# marac-desk: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test lint typecheck unit minutes-thorough wheel-check bundle bench screenshots clean

# One virtual environment, rebuilt when the dependency list changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "marac-desk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/marac-desk $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# One test process per core (pytest-xdist): each has its own Qt application and session
# fixtures, and every test writes only under its own tmp_path.
unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto

test: lint typecheck unit

# The per-agency minutes property test on 300 random meetings rendered as PDF and DOCX
# (the suite runs 20 to stay quick). CI runs it after `make test`.
minutes-thorough: $(STAMP)
	MINUTES_FILE_EXAMPLES=300 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		tests/exchange/test_minutes_files_property.py

# The built wheel installed in a fresh virtual environment, away from the source tree:
# its smoke test (the main window included), `init` and `verify`. CI runs it.
wheel-check: $(STAMP)
	WHEEL_CHECK=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/install

# One-folder PyInstaller build, then its own smoke test.
bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build_installer.spec
	QT_QPA_PLATFORM=offscreen dist/marac-desk/marac-desk --smoke-test

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/register.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/register.py --cases 100000 --imports 0
	$(BIN)/python benchmarks/research.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/conference.py
	$(BIN)/python benchmarks/minutes.py
	$(BIN)/python benchmarks/vault_tools.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/data_return.py

# Every screen at a council laptop's 1366×768 and at 1920×1080, each checked for clipped
# content as it is shot (the suite runs the 1366×768 check too).
screenshots: $(STAMP)
	$(BIN)/python benchmarks/screenshots.py screenshots/1366x768 --size 1366x768 --check
	$(BIN)/python benchmarks/screenshots.py screenshots/1920x1080 --size 1920x1080 --check

clean:
	rm -rf build dist .mypy_cache .ruff_cache
