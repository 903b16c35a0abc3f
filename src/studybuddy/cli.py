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
            settings.celery_queue,
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
) -> None:
    """Run the offline engine on files and report question quality; a sibling NAME.review.json (the book's own
    review questions) is used to count how many of its answers the generated bank covers."""
    import asyncio

    from rich.console import Console
    from rich.table import Table

    from studybuddy.config import Settings
    from studybuddy.extract.reader import build_document, extract_file
    from studybuddy.generation.evaluation import evaluate
    from studybuddy.generation.port import target_question_count
    from studybuddy.ingest.filetypes import classify

    settings = Settings()
    table = Table(
        "file", "questions", "valid %", "grounded %", "near-duplicate pairs", "review answers covered", "seconds"
    )
    for path in files:
        kind = classify(path, path.name, settings.allowed_file_types)
        extracted = asyncio.run(extract_file(path, kind, path.name, force_ocr=False, settings=settings))
        document = build_document([extracted])
        review = path.with_name(path.name.removesuffix(path.suffix) + ".review.json")
        report = evaluate(document, path.name, target_question_count(settings, document.word_count), review)
        covered = f"{report.review_answers_covered}/{report.review_questions}" if report.review_questions else "-"
        table.add_row(
            path.name,
            str(report.questions),
            f"{report.valid_percent:.0f}",
            f"{report.grounded_percent:.0f}",
            str(report.near_duplicate_pairs),
            covered,
            f"{report.seconds:.2f}",
        )
    Console().print(table)


if __name__ == "__main__":
    app()
