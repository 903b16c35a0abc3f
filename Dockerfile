# Study Buddy API and worker image. Two stages: the build stage installs exactly what uv.lock pins into a virtual
# environment; the runtime stage adds Tesseract and poppler, copies that environment and runs as a non-root user.
# Unverified here: no image can be built on the development machines (no registry for base images); `make lint`
# checks this file with hadolint.

FROM python:3.11-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
# Dependencies first (cached while only the code changes), then the project itself; --frozen: uv.lock as is.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.11-slim-bookworm AS runtime
# Debian's Tesseract (OCR for photos and scans, with orientation data), poppler, and the Noto fonts the PDF
# export embeds; versions follow the pinned Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd \
       poppler-utils fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /app studybuddy
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 \
    SQLITE_PATH=/app/data/studybuddy.db UPLOAD_DIR=/app/uploads LOG_FILE=/app/logs/studybuddy.log
WORKDIR /app
RUN mkdir -p /app/data /app/uploads /app/logs && chown -R studybuddy:studybuddy /app
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
CMD ["studybuddy", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
