"""The ``studybuddy`` command: process files without a server, and the quality report."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from studybuddy.cli import app
from tests.conftest import CORPUS


def test_process_writes_json_and_markdown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["process", "--text-file", str(CORPUS / "text/m46517-the-stomach-.txt"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Done:" in result.output
    payload = json.loads((out / "results.json").read_text())
    assert payload["status"] == "completed"
    # A test's worth of questions, or a warning that the material gave fewer that pass the quality checks.
    assert len(payload["results"]["questions"]) >= 25 or "passed the quality checks" in json.dumps(payload)
    markdown = (out / "study-material.md").read_text()
    assert markdown.startswith("# The Stomach") and "## Questions" in markdown and "<details>" in markdown


def test_process_reports_a_failure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["process", str(CORPUS / "pdf/libreoffice-writer-password.pdf"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1 and "password-protected" in result.output


def test_quality_prints_a_row_per_file():
    result = CliRunner().invoke(app, ["quality", str(CORPUS / "text/m46707-erythrocytes-.txt")])
    assert result.exit_code == 0, result.output
    assert "m46707" in result.output and "review coverage" in result.output


def test_quality_measures_a_section_against_its_gold_file():
    result = CliRunner().invoke(app, ["quality", "--json", str(CORPUS / "text/m46368-bones-of-the-upper-limb-.txt")])
    assert result.exit_code == 0, result.output
    (section,) = json.loads(result.output)["sections"]
    assert section["questions"] >= 25
    assert section["review_questions"] == 5 and 0 <= section["review_covered"] <= 5
    assert section["glossary_tested"] is not None and section["summary_terms_kept"] is not None
    # Three lists; "proximal, middle and distal" phalanges get no mnemonic (its initials already are the names).
    assert section["lists_stated"] >= 3 and section["mnemonics"] >= 2 and section["mnemonics_exact"] == 100
    assert 0 < section["notes_length_ratio"] < 1
