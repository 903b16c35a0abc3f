# Two commands: `make run` starts the service on embedded defaults, `make test` runs every test.
# uv installs exactly what uv.lock pins; it is installed with pip when missing.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV := .venv
STAMP := $(VENV)/.synced

.PHONY: run test bench quality lint system-packages clean

$(STAMP): pyproject.toml uv.lock
	@bash scripts/install-system-packages || echo "warning: could not install system packages; building tesserocr needs libtesseract-dev"
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $(STAMP)

# Tesseract (OCR for scans and phone photos) comes from Debian; installed when missing and we may.
system-packages:
	@bash scripts/install-system-packages || echo "warning: could not install system packages; OCR will report itself unavailable in /health"

run: $(STAMP) system-packages
	$(VENV)/bin/studybuddy serve

test: $(STAMP)
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(VENV)/bin/python -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

clean:
	rm -rf $(VENV) .pytest_cache
