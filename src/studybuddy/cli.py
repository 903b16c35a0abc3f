"""The ``studybuddy`` command: serve the API (worker and process join with their issues)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

app = typer.Typer(help="Study Buddy backend", no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """Study Buddy: study material in; MCQs, mock tests, mnemonics, cheat sheets and notes out."""


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default: HOST setting, 0.0.0.0)"),
    port: int | None = typer.Option(None, help="Port (default: PORT setting, 8000)"),
    reload: bool = typer.Option(False, help="Restart on code changes (development)"),
    workers: int = typer.Option(1, min=1, help="Worker processes (production: about one per core)"),
) -> None:
    """Start the API server. With --workers N, N processes share the port; with the inline job runner each
    takes jobs from the store, where claiming a session is atomic, so none runs twice, and one that dies mid-job
    is replaced by uvicorn while another takes its session back once the lease lapses."""
    import uvicorn

    from studybuddy.config import Settings

    settings = Settings()
    if workers > 1 and not reload:
        # Before the workers start: they must all sign tokens with the one key the embedded setup keeps on disk.
        settings.resolve_jwt_secret()
        if not settings.hashing_threads:
            # The cores are shared: N processes each hashing on every core would queue N times the CPU there is.
            from studybuddy.auth.passwords import available_cores

            os.environ["HASHING_THREADS"] = str(max(1, available_cores() // workers))
    uvicorn.run(
        "studybuddy.app:create_app_from_env",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        workers=None if reload else workers,
        log_config=None,
    )


@app.command()
def worker(
    concurrency: int = typer.Option(2, help="Jobs processed at once"),
    loglevel: str = typer.Option("INFO", help="Log level"),
) -> None:
    """Start a Celery worker (TASK_BACKEND=celery) that processes study sessions from Redis."""
    from studybuddy.config import Settings
    from studybuddy.logs import configure_logging
    from studybuddy.worker import make_worker

    settings = Settings()
    configure_logging(settings.log_level, settings.log_file)
    make_worker(settings).worker_main(
        [
            "worker",
            f"--loglevel={loglevel}",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "-Q",
            f"{settings.celery_queue},{settings.celery_heavy_queue}",
        ]
    )


@app.command()
def process(
    files: list[Path] = typer.Argument(
        None, exists=True, dir_okay=False, help="PDFs, photos, slides, Word or text files"
    ),
    text_file: Path | None = typer.Option(
        None, "--text-file", exists=True, dir_okay=False, help="A text file to process as pasted text"
    ),
    out: Path = typer.Option(Path("results"), help="Where to write results.json and study-material.md"),
    name: str | None = typer.Option(None, help="Session name"),
    ocr: bool = typer.Option(False, help="OCR every PDF page, even with a text layer"),
) -> None:
    """Run the whole pipeline on local files, without the server, and write the results."""
    import asyncio

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from studybuddy.config import Settings
    from studybuddy.logs import configure_logging
    from studybuddy.process import process_locally

    if not files and text_file is None:
        raise typer.BadParameter("give one or more FILES or --text-file")
    settings = Settings()
    configure_logging("WARNING", None)
    text = text_file.read_text(encoding="utf-8", errors="replace") if text_file else None
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn()
    ) as bar:
        task = bar.add_task("Starting", total=100)
        session = asyncio.run(
            process_locally(
                settings,
                list(files or []),
                text,
                out,
                name=name,
                ocr=ocr,
                on_status=lambda s: bar.update(task, completed=s.progress, description=s.current_step),
            )
        )
    if session.status == "failed":
        typer.secho(f"Failed while {session.failed_step}: {session.error}", fg="red", err=True)
        raise typer.Exit(1)
    summary = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in (session.results_summary or {}).items())
    typer.secho(f"Done: {summary}", fg="green")
    for warning in session.warnings:
        typer.secho(f"Note: {warning}", fg="yellow")
    typer.echo(f"Wrote {out / 'results.json'} and {out / 'study-material.md'}")


@app.command()
def quality(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Text, Markdown, PDF, ... files"),
    as_json: bool = typer.Option(False, "--json", help="Print the measures as JSON instead of a table"),
) -> None:
    """Run the offline engine on textbook sections and measure its material against the book's own answer key:
    a sibling NAME.gold.json (glossary key terms, review questions with answers, the section summary)."""
    import asyncio
    import dataclasses
    import json

    from rich.console import Console
    from rich.table import Table

    from studybuddy.config import Settings
    from studybuddy.extract.reader import build_document, extract_file
    from studybuddy.generation.evaluation import TARGETS, evaluate
    from studybuddy.generation.port import target_question_count
    from studybuddy.ingest.filetypes import classify

    settings = Settings()
    reports = []
    for path in files:
        kind = classify(path, path.name, settings.allowed_file_types)
        extracted = asyncio.run(extract_file(path, kind, path.name, force_ocr=False, settings=settings))
        document = build_document([extracted])
        gold = path.with_name(path.name.removesuffix(path.suffix) + ".gold.json")
        reports.append(evaluate(document, path.name, target_question_count(settings, document.word_count), gold))
    if as_json:
        rows = [dataclasses.asdict(r) | {"review_coverage": r.review_coverage} for r in reports]
        typer.echo(json.dumps({"sections": rows, "targets": TARGETS}, indent=2))
        return

    def cell(value: float | None, target: float | None = None, digits: int = 0) -> str:
        if value is None:
            return "-"
        text = f"{value:.{digits}f}"
        if target is None:
            return text
        return f"[green]{text}[/]" if value >= target else f"[red]{text}[/]"

    table = Table(
        "section", "questions", "keys are terms %", "glossary tested %", "review coverage (strict)",
        "same-kind distractors %", "near-dup stems", "lists / mnemonics (exact %)", "cheat-sheet key terms (glossary)",
        "cheat-sheet dup / stubs", "notes length", "book summary terms / facts in notes %", "seconds",
        title="Offline material against the book's answer key (targets: terms ≥ 90, glossary ≥ 60, review ≥ 50, "
        "same kind ≥ 80, 0 near-duplicates, a mnemonic wherever a list is stated)",
    )  # fmt: skip
    for r in reports:
        coverage = r.review_coverage
        table.add_row(
            r.file[:32] + (" [yellow](warning)[/]" if r.warnings else ""),
            str(r.questions),
            cell(r.keys_are_terms, TARGETS["keys_are_terms"]),
            cell(r.glossary_tested, TARGETS["glossary_tested"]),
            "-" if coverage is None else cell(coverage, TARGETS["review_coverage"]) + f" ({r.review_covered}/{r.review_questions})",
            cell(r.same_kind_distractors, TARGETS["same_kind_distractors"]),
            f"[green]{r.near_duplicate_pairs}[/]" if r.near_duplicate_pairs == 0 else f"[red]{r.near_duplicate_pairs}[/]",
            ("[green]" if r.mnemonic_for_every_list else "[red]") + f"{r.lists_stated} / {r.mnemonics}[/] ({r.mnemonics_exact:.0f})",
            f"{r.cheat_sheet_key_terms} ({r.cheat_sheet_glossary_terms})",
            f"{r.cheat_sheet_duplicates} / {r.cheat_sheet_stubs}",
            f"{100 * r.notes_length_ratio:.0f} %",
            f"{cell(r.summary_terms_kept)} / {cell(r.summary_facts_kept)}",
            f"{r.seconds:.2f}",
        )  # fmt: skip
    console = Console(width=220)
    console.print(table)
    for r in reports:
        for warning in r.warnings:
            console.print(f"[yellow]{r.file}: {warning}[/]")


if __name__ == "__main__":
    app()
