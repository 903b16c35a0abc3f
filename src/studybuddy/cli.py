"""The ``studybuddy`` command: serve the API (worker and process join with their issues)."""

from __future__ import annotations

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
) -> None:
    """Start the API server."""
    import uvicorn

    from studybuddy.config import Settings

    settings = Settings()
    uvicorn.run(
        "studybuddy.app:create_app_from_env",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        log_config=None,
    )


if __name__ == "__main__":
    app()
