"""`make fuzz`: schemathesis over the whole OpenAPI document against a real server process, signed in.

Checks: no 5xx, no status the document does not declare, content types, headers and bodies as documented. The
server runs on a temporary directory with its request limits off (they would answer 429 to most cases) and
loopback only. Logging out is left out: it would end the token the other operations run with.
Prints schemathesis's summary; the exit status is schemathesis's (non-zero on any failure).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

EXAMPLES_PER_OPERATION = sys.argv[1] if len(sys.argv) > 1 else "220"  # x ~25 operations: >= 5,000 cases
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.api import PASSWORD, latest_code
    from tests.servers import ApiServer

    with tempfile.TemporaryDirectory(prefix="studybuddy-fuzz-") as tmp:
        root = Path(tmp)
        server = ApiServer(root, RATE_LIMIT_ENABLED="false", LOG_LEVEL="WARNING", METRICS_ENABLED="false").start()
        try:
            with httpx.Client(base_url=server.url, timeout=30) as http:
                http.post("/api/v1/auth/send-otp", json={"mobile": "9876543210"}).raise_for_status()
                code = latest_code(root / "data" / "sms.jsonl", "9876543210")
                token = http.post(
                    "/api/v1/auth/register", json={"mobile": "9876543210", "password": PASSWORD, "otp": code}
                ).json()["access_token"]
            command = [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{server.url}/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                EXAMPLES_PER_OPERATION,
                "--phases",
                "examples,coverage,fuzzing",
                "--exclude-path",
                "/api/v1/auth/logout",
                "--seed",
                "20261125",
                "--generation-database",
                "none",
                "--request-timeout",
                "60",
                "--continue-on-failure",
                "--report",
                "ndjson",
                "--report-dir",
                str(root / "report"),
            ]
            return subprocess.run(command).returncode
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
