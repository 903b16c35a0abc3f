"""Settings: every environment variable of the spec, read once and passed down.

Nothing else in the service reads ``os.environ``. Names and meanings follow the spec's ``.env`` section; the
additions (SQLITE_PATH, AI_PROVIDER, SMS_*, TASK_BACKEND, ...) select the embedded default or production adapter
of each part (see docs/architecture.md).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_ALLOWED_FILE_TYPES = ["pdf", "jpg", "jpeg", "png", "webp", "pptx", "docx", "txt", "md"]
# The spec's gemini-1.5-flash is shut down (1.5, 2.0 and 2.5 Flash are retired). Of the stable Flash models
# (3.6, 3.7, 3.8), 3.7 Flash is Google's pick "to optimize for compute efficiency": better than 3.6 at the same
# introductory price as 3.8, which spends more tokens for gains in agentic coding we do not use. Keep it a
# setting: models move faster than code.
DEFAULT_GENAI_MODEL = "gemini-3.7-flash"
MIN_JWT_SECRET_BYTES = 32


class ConfigurationError(RuntimeError):
    """The service cannot start with these settings; the message says what to set."""


class SettingsGroup(BaseModel):
    """The settings one service uses: a frozen copy of some of ``Settings``' fields, under their flat names (the
    spec's environment variables), so a service cannot change them nor read what it does not need."""

    model_config = ConfigDict(frozen=True)


class UploadSettings(SettingsGroup):
    upload_dir: Path
    max_file_size: int
    max_files_per_upload: int
    allowed_file_types: tuple[str, ...]
    max_text_chars: int
    heavy_job_pages: int
    job_page_budget: int


class ReadingSettings(SettingsGroup):
    max_pdf_pages: int
    ocr_page_timeout_seconds: int


class OtpSettings(SettingsGroup):
    otp_expiry_minutes: int
    otp_length: int
    otp_max_attempts: int
    otp_resend_cooldown_seconds: int
    otp_max_sends_per_hour: int


class SignInSettings(SettingsGroup):
    login_max_failures: int
    login_lockout_minutes: int


class JobSettings(SettingsGroup):
    task_backend: Literal["inline", "celery"]
    redis_url: str
    inline_workers: int
    job_lease_seconds: int
    celery_queue: str
    celery_heavy_queue: str
    celery_visibility_timeout: int
    heavy_jobs_at_once: int
    job_page_budget: int


class MockTestSettings(SettingsGroup):
    mock_test_duration_minutes: int
    questions_per_test: int
    enable_test_retries: bool


class AiSettings(SettingsGroup):
    ai_provider: Literal["auto", "offline", "gemini", "openai"]
    google_ai_api_key: str
    genai_model: str
    gemini_base_url: str
    openai_base_url: str
    openai_api_key: str
    openai_model: str
    ai_timeout_seconds: float
    ai_max_retries: int
    ai_max_concurrency: int

    @property
    def resolved_ai_provider(self) -> str:
        if self.ai_provider == "auto":
            return "gemini" if self.google_ai_api_key else "offline"
        return self.ai_provider


class EmailSettings(SettingsGroup):
    enable_email_notifications: bool
    smtp_host: str
    smtp_port: int
    smtp_username: str
    smtp_password: str
    smtp_starttls: bool
    smtp_ca_file: str
    from_email: str
    notify_on_completion: bool
    notify_on_error: bool
    email_template_path: str
    frontend_url: str


GroupT = TypeVar("GroupT", bound=SettingsGroup)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Database: MongoDB when MONGODB_URL is set, else the embedded SQLite file.
    mongodb_url: str = ""
    database_name: str = "studybuddy"
    sqlite_path: Path = Path("./data/studybuddy.db")

    # AI
    ai_provider: Literal["auto", "offline", "gemini", "openai"] = "auto"
    google_ai_api_key: str = ""
    genai_model: str = DEFAULT_GENAI_MODEL
    # Gemini 3 reasons before answering; "low" is enough to write items from given text and keeps cost and
    # latency down (3.7/3.8 Flash default to "medium"). "minimal" only where the model supports it (Flash-Lite).
    gemini_thinking_level: Literal["minimal", "low", "medium", "high"] = "low"
    gemini_base_url: str = ""
    openai_base_url: str = "http://127.0.0.1:11434/v1"
    openai_api_key: str = ""
    openai_model: str = "llama3.1"
    ai_timeout_seconds: float = 120.0
    ai_max_retries: int = 4
    ai_max_concurrency: int = 4

    # Auth
    jwt_secret: str = ""
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_expiry_hours: int = 24
    otp_expiry_minutes: int = Field(default=5, ge=1, le=10)
    otp_length: int = Field(default=6, ge=6, le=10)
    otp_max_attempts: int = 5
    otp_resend_cooldown_seconds: int = 30
    otp_max_sends_per_hour: int = 5
    # Wrong passwords for one number from one address before that address waits 1, 2, 4 ... s between tries,
    # at most LOGIN_LOCKOUT_MINUTES (a throttle per number and address: nobody can lock the owner out).
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)
    # Password checks run at once by one process (0: its share of the cores; `serve --workers N` sets it).
    hashing_threads: int = Field(default=0, ge=0)

    # SMS for OTPs
    sms_provider: Literal["console", "file", "twilio"] = "console"
    sms_file_path: Path = Path("./data/sms-outbox.jsonl")
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = ""
    twilio_base_url: str = "https://api.twilio.com"

    # File storage
    file_storage_type: Literal["local", "s3"] = "local"
    upload_dir: Path = Path("./uploads")
    aws_s3_bucket: str = ""
    aws_access_key_id: str = ""
    aws_secret_access_key: str = ""
    aws_region: str = "us-east-1"
    s3_endpoint_url: str = ""

    # Upload limits
    max_file_size: int = 52_428_800
    max_files_per_upload: int = 10
    allowed_file_types: Annotated[list[str], NoDecode] = Field(default_factory=lambda: list(DEFAULT_ALLOWED_FILE_TYPES))
    max_text_chars: int = 500_000
    max_pdf_pages: int = 1000
    ocr_page_timeout_seconds: int = 60

    # Rate limiting
    rate_limit_per_minute: int = 100
    rate_limit_per_hour: int = 1000
    rate_limit_storage_url: str = "memory://"
    rate_limit_enabled: bool = True

    # Jobs
    task_backend: Literal["inline", "celery"] = "inline"
    redis_url: str = "redis://127.0.0.1:6379/0"
    inline_workers: int = 2
    # A job renews its lease on the session while it works; a lapsed lease means its process died.
    job_lease_seconds: int = Field(default=60, ge=2)
    celery_queue: str = "studybuddy"
    # Heavy jobs (much to OCR, by the upload's estimate) have a queue of their own on Celery; empty means
    # CELERY_QUEUE + "-heavy".
    celery_heavy_queue: str = ""
    # The heavy lane: at most this many heavy jobs run at once, whatever the runner, so light work (a pasted text)
    # always finds a free worker. Keep it below the number of workers (INLINE_WORKERS or Celery's concurrency).
    heavy_jobs_at_once: int = Field(default=1, ge=1)
    # A session whose files need more than this many pages read (by the upload's estimate, as if scanned) is heavy.
    heavy_job_pages: int = Field(default=100, ge=0)
    # Pages one session reads at most (its page budget): a 1,000-page scan is read to here, the session finishes
    # with what was read and a warning names the pages left out. The budget bounds a job's time (~1-2 s a page).
    job_page_budget: int = Field(default=300, ge=1)
    # Redis redelivers a task unacknowledged this long (a worker that died outright); jobs are idempotent.
    celery_visibility_timeout: int = 3600

    # Email notifications
    enable_email_notifications: bool = False
    smtp_host: str = "smtp.gmail.com"
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_ca_file: str = ""  # extra CA bundle to trust for STARTTLS (a private mail relay)
    from_email: str = "studybuddy@yourapp.com"
    notify_on_completion: bool = True
    notify_on_error: bool = True
    email_template_path: str = ""
    # Where the completion email's results link points (FRONTEND_URL/results/{session_id}); empty means the
    # service's own web app, http://localhost:PORT.
    frontend_url: str = ""

    # Mock tests
    mock_test_duration_minutes: int = 60
    questions_per_test: int = 25
    enable_test_retries: bool = True

    # Logging
    log_level: str = "INFO"
    log_file: Path = Path("logs/studybuddy.log")

    # Server
    host: str = "0.0.0.0"
    port: int = 8000
    debug: bool = False
    # Comma-separated proxy addresses whose X-Forwarded-For is trusted for the client IP (rate limits).
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # GET /metrics (Prometheus): answered only to these networks (comma-separated CIDRs), a 404 to anyone else.
    metrics_enabled: bool = True
    metrics_allowed_networks: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
    )
    # Comma-separated browser origins allowed to call the API (CORS); empty = FRONTEND_URL alone. Never "*".
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("allowed_file_types", "trusted_proxies", "cors_origins", "metrics_allowed_networks", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip().lower().rstrip("/") for item in value.split(",") if item.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _explicit_origins(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("CORS_ORIGINS must list origins explicitly (e.g. https://app.example.in), never '*'")
        return value

    @field_validator("allowed_file_types")
    @classmethod
    def _strip_dots(cls, value: list[str]) -> list[str]:
        return [item.strip().lstrip(".").lower() for item in value]

    @model_validator(mode="after")
    def _own_address_for_links(self) -> Settings:
        if not self.frontend_url.strip():
            self.frontend_url = f"http://localhost:{self.port}"
        return self

    @model_validator(mode="after")
    def _heavy_queue_beside_the_queue(self) -> Settings:
        if not self.celery_heavy_queue.strip():
            self.celery_heavy_queue = f"{self.celery_queue}-heavy"
        return self

    def group(self, kind: type[GroupT]) -> GroupT:
        return kind.model_validate({name: getattr(self, name) for name in kind.model_fields})

    @property
    def uploads(self) -> UploadSettings:
        return self.group(UploadSettings)

    @property
    def reading(self) -> ReadingSettings:
        return self.group(ReadingSettings)

    @property
    def otp(self) -> OtpSettings:
        return self.group(OtpSettings)

    @property
    def sign_in(self) -> SignInSettings:
        return self.group(SignInSettings)

    @property
    def jobs(self) -> JobSettings:
        return self.group(JobSettings)

    @property
    def mock_tests(self) -> MockTestSettings:
        return self.group(MockTestSettings)

    @property
    def ai(self) -> AiSettings:
        return self.group(AiSettings)

    @property
    def email(self) -> EmailSettings:
        return self.group(EmailSettings)

    @property
    def uses_mongodb(self) -> bool:
        return bool(self.mongodb_url.strip())

    @property
    def allowed_origins(self) -> list[str]:
        """Browser origins that may call the API: CORS_ORIGINS, or else the frontend's own origin."""
        return self.cors_origins or [self.frontend_url.rstrip("/")]

    @property
    def data_dir(self) -> Path:
        return self.sqlite_path.parent

    @property
    def resolved_ai_provider(self) -> str:
        return self.ai.resolved_ai_provider

    def resolve_jwt_secret(self) -> str:
        """The signing key for access tokens.

        Production (MongoDB) must set JWT_SECRET. The embedded setup generates a strong secret once and keeps it
        in the data directory, so tokens survive restarts without anyone choosing a weak default.
        """
        if self.jwt_secret:
            if len(self.jwt_secret.encode()) < MIN_JWT_SECRET_BYTES and not self.debug:
                raise ConfigurationError(
                    f"JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes; "
                    "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
                )
            return self.jwt_secret
        if self.uses_mongodb:
            raise ConfigurationError(
                "JWT_SECRET is not set. A deployment on MongoDB needs a fixed signing key shared by every "
                "replica: set JWT_SECRET to a random string of at least 32 bytes "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        secret_file = self.data_dir / "jwt-secret"
        if secret_file.exists():
            return secret_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        # Created with owner-only permissions before the secret is written.
        secret_file.touch(mode=0o600)
        secret_file.write_text(secret)
        return secret
