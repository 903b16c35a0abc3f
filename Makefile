# Two commands: `make run` starts the service (API and web app at http://localhost:8000/), `make test` runs every
# test, the browser tests in real Chromium included.
# uv installs exactly what uv.lock pins; it is installed with pip when missing.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV := .venv
STAMP := $(VENV)/.synced
# axe-core for the browser tests' accessibility checks, installed exactly as tests/web/package-lock.json pins it.
AXE := tests/web/node_modules/axe-core/axe.min.js

.PHONY: run test bench quality lint fuzz load system-packages clean

$(STAMP): pyproject.toml uv.lock
	@bash scripts/install-system-packages || echo "warning: could not install system packages; building tesserocr needs libtesseract-dev"
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $(STAMP)

$(AXE): tests/web/package.json tests/web/package-lock.json
	cd tests/web && npm ci --no-audit --no-fund
	@touch $(AXE)

# Tesseract (OCR for scans and phone photos) and Chromium (browser tests) come from Debian; installed when
# missing and we may.
system-packages:
	@bash scripts/install-system-packages || echo "warning: could not install system packages; OCR will report itself unavailable in /health and the browser tests will say chromium is missing"

run: $(STAMP) system-packages
	$(VENV)/bin/studybuddy serve

test: $(STAMP) system-packages $(AXE)
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(VENV)/bin/python -m bench

# The offline engine's material measured against the book's own answer key, section by section.
CORPUS ?= ../shared/corpus
quality: $(STAMP)
	$(VENV)/bin/studybuddy quality $(CORPUS)/text/*.txt

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile

# schemathesis over the whole OpenAPI document against a real server (>= 5,000 cases; not part of `make test`).
fuzz: $(STAMP)
	$(VENV)/bin/python scripts/fuzz.py

# 200 students at once mixed with sign-ins, on loopback (clients on 127.0.x.y addresses); bounded by a deadline.
load: $(STAMP)
	$(VENV)/bin/python scripts/load.py

clean:
	rm -rf $(VENV) .pytest_cache tests/web/node_modules test-artifacts
