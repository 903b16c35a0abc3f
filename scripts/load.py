"""`make load`: 200 students starting together, mixed with sign-ins, against `studybuddy serve --workers 2`.

Bounded and loopback only: the server listens on 127.0.0.1; each student is a client on an address of its own
(127.0.x.y), as on a campus network, so per-address limits apply per student. Setup (sign-ups) is not measured.
Measured phase, every student at once: sign in, paste a short text, poll its status (honouring 429/503
Retry-After) until it is done, read the results; meanwhile /health is probed every 100 ms by a process of its own,
as a load balancer would: in the students' process its timings held that process's own stalls (its event loop,
busy with 200 clients, fell up to a second behind), not the server's.
Prints counts and latency percentiles; exits 1 on a time-out, an unintended error or an unfinished session.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

STUDENTS = int(os.environ.get("LOAD_STUDENTS", "200"))
DEADLINE_SECONDS = float(os.environ.get("LOAD_DEADLINE_SECONDS", "900"))
TIMEOUT = 30.0
INTENDED = {429, 503}


def _address(index: int) -> str:
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Recorder:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.timeouts = 0
        self.errors: list[str] = []

    async def call(self, http: httpx.AsyncClient, kind: str, method: str, url: str, **kw) -> httpx.Response | None:
        """One request, retried after Retry-After when refused on purpose (429/503)."""
        while True:
            started = time.perf_counter()
            try:
                response = await http.request(method, url, timeout=TIMEOUT, **kw)
            except httpx.TimeoutException:
                self.timeouts += 1
                return None
            except httpx.HTTPError as exc:
                self.errors.append(f"{kind}: {type(exc).__name__}")
                return None
            self.latency[kind].append(time.perf_counter() - started)
            self.statuses[(kind, response.status_code)] += 1
            if response.status_code in INTENDED:
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                continue
            if response.status_code >= 400:
                self.errors.append(f"{kind}: {response.status_code} {response.text[:120]}")
            return response


async def _student(index: int, url: str, token_of: dict[int, str], text: str, rec: Recorder) -> str:
    transport = httpx.AsyncHTTPTransport(local_address=_address(index))
    async with httpx.AsyncClient(base_url=url, transport=transport) as http:
        mobile = f"9{index:09d}"
        login = await rec.call(
            http, "login", "POST", "/api/v1/auth/login", json={"mobile": mobile, "password": PASSWORD}
        )
        if login is None or login.status_code != 200:
            return "no sign-in"
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        pasted = await rec.call(http, "text-input", "POST", "/api/v1/text-input/", json={"text": text}, headers=auth)
        if pasted is None or pasted.status_code != 200:
            return "not accepted"
        session_id = pasted.json()["session_id"]
        while True:
            status = await rec.call(http, "status", "GET", f"/api/v1/upload/status/{session_id}", headers=auth)
            if status is None:
                return "status lost"
            state = status.json()["status"]
            if state in ("completed", "failed"):
                break
            await asyncio.sleep(1.0)
        await rec.call(http, "results", "GET", f"/api/v1/history/sessions/{session_id}/results", headers=auth)
        return state


async def _probe_health(url: str, rec: Recorder, stop) -> None:
    transport = httpx.AsyncHTTPTransport(local_address="127.0.200.1")
    async with httpx.AsyncClient(base_url=url, transport=transport) as http:
        while not stop.is_set():
            await rec.call(http, "health", "GET", "/health")
            await asyncio.sleep(0.1)


def _health_prober(url: str, stop, results) -> None:
    """The /health prober's process: probes until ``stop`` is set, then sends back what it recorded."""
    rec = Recorder()
    asyncio.run(_probe_health(url, rec, stop))
    results.send((rec.latency["health"], dict(rec.statuses), rec.timeouts, rec.errors))


async def _sign_up_all(url: str, outbox: Path, count: int) -> dict[int, str]:
    from tests.api import latest_code

    limit = asyncio.Semaphore(4)
    setup = Recorder()

    async def one(index: int) -> None:
        async with limit:
            transport = httpx.AsyncHTTPTransport(local_address=_address(index))
            async with httpx.AsyncClient(base_url=url, transport=transport) as http:
                mobile = f"9{index:09d}"
                await setup.call(http, "setup", "POST", "/api/v1/auth/send-otp", json={"mobile": mobile})
                code = latest_code(outbox, mobile)
                body = {"mobile": mobile, "password": PASSWORD, "otp": code}
                await setup.call(http, "setup", "POST", "/api/v1/auth/register", json=body)

    await asyncio.gather(*(one(i) for i in range(count)))
    if setup.errors or setup.timeouts:
        raise SystemExit(f"setup failed: {setup.errors[:3]} timeouts={setup.timeouts}")
    return {}


async def run(url: str, outbox: Path, text: str) -> int:
    started = time.perf_counter()
    await _sign_up_all(url, outbox, STUDENTS)
    print(f"# set up {STUDENTS} students in {time.perf_counter() - started:.0f} s", flush=True)
    rec = Recorder()
    spawn = multiprocessing.get_context("spawn")
    stop, (results, sent) = spawn.Event(), spawn.Pipe(duplex=False)
    prober = spawn.Process(target=_health_prober, args=(url, stop, sent), daemon=True)
    prober.start()
    started = time.perf_counter()
    try:
        outcomes = await asyncio.wait_for(
            asyncio.gather(*(_student(i, url, {}, text, rec) for i in range(STUDENTS))), DEADLINE_SECONDS
        )
    finally:
        stop.set()
    elapsed = time.perf_counter() - started
    latency, statuses, timeouts, errors = await asyncio.to_thread(results.recv)
    prober.join()
    rec.latency["health"] += latency
    rec.statuses.update(statuses)
    rec.timeouts += timeouts
    rec.errors += errors
    requests = sum(rec.statuses.values())
    reads = rec.latency["status"] + rec.latency["results"]
    print(
        f"LOAD students {STUDENTS} sessions {dict(Counter(outcomes))} in {elapsed:.0f} s, {requests / elapsed:.0f} req/s"
    )
    print(f"LOAD statuses {dict(sorted((f'{k} {s}', n) for (k, s), n in rec.statuses.items()))}")
    print(f"LOAD timeouts {rec.timeouts} errors {len(rec.errors)} {rec.errors[:3]}")
    for kind in ("login", "text-input", "status", "results", "health"):
        values = rec.latency[kind]
        if values:
            print(
                f"LOAD {kind} n={len(values)} p50={_percentile(values, 0.5) * 1000:.0f} ms "
                f"p95={_percentile(values, 0.95) * 1000:.0f} ms p99={_percentile(values, 0.99) * 1000:.0f} ms"
                f" mean={statistics.mean(values) * 1000:.0f} ms"
            )
    print(
        f"LOAD reads p95={_percentile(reads, 0.95) * 1000:.0f} ms (target <= 500); "
        f"health p99={_percentile(rec.latency['health'], 0.99) * 1000:.0f} ms (target <= 100)"
    )
    ok = rec.timeouts == 0 and not rec.errors and all(o == "completed" for o in outcomes)
    return 0 if ok else 1


PASSWORD = "Load-test-password-2026"


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.conftest import CORPUS
    from tests.servers import ApiServer

    words = (CORPUS / "text" / "m46021-the-cell-membrane-.txt").read_text(encoding="utf-8").split()
    text = " ".join(words[:300])  # a 300-word paste, as in the audit
    with tempfile.TemporaryDirectory(prefix="studybuddy-load-") as tmp:
        root = Path(tmp)
        server = ApiServer(root, LOG_LEVEL="WARNING", BCRYPT_ROUNDS="12", JOB_LEASE_SECONDS="30")
        server.args += ["--workers", os.environ.get("LOAD_WORKERS", "2")]
        server.start()
        try:
            outcome = asyncio.run(run(server.url, root / "data" / "sms.jsonl", text))
        finally:
            server.stop()
        if outcome:  # what the server said about it (a worker restarted, an error) goes before the directory
            said = [line for line in server.log.read_text(errors="replace").splitlines() if line.strip()]
            print("LOAD server log, last lines:", *said[-25:], sep="\n  ")
        return outcome


if __name__ == "__main__":
    sys.exit(main())
