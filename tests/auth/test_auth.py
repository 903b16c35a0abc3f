"""Authentication through the HTTP API: OTP, register, login, tokens, reset, profile, erasure, rate limits."""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import logging
import urllib.parse
import uuid
from collections import Counter
from datetime import UTC, datetime

import httpx
import jwt
import pytest

from studybuddy.auth.otp import OtpService
from studybuddy.auth.passwords import PasswordHasher
from studybuddy.auth.repository import OtpRepository, UserRepository
from tests.api import (
    MOBILE,
    PASSWORD,
    assert_envelope,
    health_checked_after,
    history,
    latest_code,
    send_otp,
    sign_up,
    sms_messages,
    upload_file,
    wait_until_processed,
)
from tests.conftest import CORPUS, mongo_double
from tests.fakes import LocalHttpServer, json_reply


@pytest.fixture(params=["sqlite", "mongodb-double"])
async def any_store_client(request, make_client, clock):
    """A client on an app backed by each store adapter, with a frozen clock."""
    return await make_client(clock=clock, store=mongo_double() if request.param == "mongodb-double" else None)


# --- mobile numbers and strict bodies ---------------------------------------------------------


@pytest.mark.parametrize("raw", ["9876543210", "+919876543210", "+91 98765 43210", "919876543210", "09876543210"])
async def test_indian_mobile_forms_are_normalised_to_one_stored_form(client, settings, raw):
    assert (await send_otp(client, raw)).status_code == 200
    body = await sign_up_with_code(client, settings, raw)
    assert body["user"]["mobile"] == MOBILE


async def sign_up_with_code(client, settings, mobile):
    code = latest_code(settings.sms_file_path, MOBILE)
    response = await client.post("/api/v1/auth/register", json={"mobile": mobile, "password": PASSWORD, "otp": code})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    "bad", ["12345", "5876543210", "98765432101", "+1 415 555 0100", "abcdefghij", "", "+92 9876543210"]
)
async def test_other_numbers_are_422_with_the_envelope(client, bad):
    error = assert_envelope(await send_otp(client, bad), 422, "ValidationError")
    assert "mobile" in error["message"]


@pytest.mark.parametrize("payload", [{"mobile": {"$gt": ""}}, {"mobile": 9876543210}, {"mobile": ["9876543210"]}, {}])
async def test_request_bodies_are_strictly_typed(client, payload):
    assert_envelope(await client.post("/api/v1/auth/send-otp", json=payload), 422)


async def test_malformed_json_is_422(client):
    response = await client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_envelope(response, 422)


# --- OTP ----------------------------------------------------------------------------------------


async def test_send_otp_answers_as_the_spec_and_sends_a_six_digit_code(client, settings):
    response = await send_otp(client)
    assert response.status_code == 200
    assert response.json() == {"message": "OTP sent successfully", "expires_in": 300}
    [message] = sms_messages(settings.sms_file_path)
    assert message["to"] == "+919876543210" and message["sent_at"].endswith("Z")
    assert len(latest_code(settings.sms_file_path, MOBILE)) == 6


async def test_otp_is_stored_only_as_a_keyed_hash(client, settings):
    await send_otp(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    record = await OtpRepository(client.services.store).get(f"register:{MOBILE}")
    assert record is not None and code not in record.model_dump_json()
    assert record.code_hash is not None and len(record.code_hash) == 64


def test_codes_come_from_a_uniform_generator(settings):
    otp = OtpService(codes=None, sms=None, clock=None, settings=settings.otp, secret=b"k")  # type: ignore[arg-type]
    digits = Counter(d for _ in range(20000) for d in otp._new_code())
    expected = 20000 * 6 / 10
    chi_square = sum((digits[str(d)] - expected) ** 2 / expected for d in range(10))
    assert chi_square < 40  # 9 degrees of freedom: p < 1e-5 beyond ~33


async def test_register_after_verify_otp_and_the_spec_shapes(client, settings):
    await send_otp(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    verified = await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": code})
    assert verified.status_code == 200
    assert verified.json() == {"message": "OTP verified successfully", "valid": True}
    response = await client.post("/api/v1/auth/register", json={"mobile": MOBILE, "password": PASSWORD, "otp": code})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"user", "access_token", "token_type"}
    assert body["token_type"] == "bearer" and body["user"]["mobile"] == MOBILE and body["user"]["id"]
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["id"] == body["user"]["id"]


async def test_a_code_registers_once_only(client, settings):
    await send_otp(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    payload = {"mobile": MOBILE, "password": PASSWORD, "otp": code}
    assert (await client.post("/api/v1/auth/register", json=payload)).status_code == 201
    assert_envelope(await client.post("/api/v1/auth/register", json=payload), 400)


async def test_register_needs_the_code_sent_to_that_number_for_that_purpose(client, settings):
    assert_envelope(
        await client.post("/api/v1/auth/register", json={"mobile": MOBILE, "password": PASSWORD, "otp": "123456"}),
        400,
    )
    await send_otp(client, "9123456780")
    other = latest_code(settings.sms_file_path, "9123456780")
    response = await client.post("/api/v1/auth/register", json={"mobile": MOBILE, "password": PASSWORD, "otp": other})
    assert_envelope(response, 400)
    # A register code is no good for a reset, and the other number's code still works for its own number.
    reset = await client.post(
        "/api/v1/auth/reset-password", json={"mobile": "9123456780", "otp": other, "new_password": PASSWORD}
    )
    assert_envelope(reset, 400)
    ok = await client.post("/api/v1/auth/register", json={"mobile": "9123456780", "password": PASSWORD, "otp": other})
    assert ok.status_code == 201


async def test_five_wrong_codes_kill_the_code(client, settings):
    await send_otp(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    wrong = "000000" if code != "000000" else "111111"
    for tries_left in (4, 3, 2, 1):
        error = assert_envelope(
            await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": wrong}), 400
        )
        assert f"{tries_left} tr" in error["message"]
    assert_envelope(await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": wrong}), 429)
    response = await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": code})
    assert_envelope(response, 429)
    assert "new OTP" in response.json()["error"]["message"]


async def test_parallel_verifies_succeed_once(client, settings):
    await send_otp(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    responses = await asyncio.gather(
        *(client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": code}) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [200, 400, 400, 400]


async def test_an_expired_code_is_refused(any_store_client):
    client = any_store_client
    await send_otp(client)
    code = latest_code(client.settings.sms_file_path, MOBILE)
    client.clock.advance(minutes=5, seconds=1)
    error = assert_envelope(await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": code}), 400)
    assert "expired" in error["message"]


async def test_resend_waits_for_the_cooldown_and_cancels_the_old_code(any_store_client):
    client = any_store_client
    await send_otp(client)
    first = latest_code(client.settings.sms_file_path, MOBILE)
    too_soon = await send_otp(client)
    assert_envelope(too_soon, 429)
    assert 1 <= int(too_soon.headers["retry-after"]) <= 30
    second = first
    while second == first:  # a new code can repeat the old one (one draw in a million): ask again until it differs
        client.clock.advance(seconds=31)
        assert (await send_otp(client)).status_code == 200
        second = latest_code(client.settings.sms_file_path, MOBILE)
    assert_envelope(await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": first}), 400)
    assert (await client.post("/api/v1/auth/verify-otp", json={"mobile": MOBILE, "otp": second})).status_code == 200


async def test_resends_are_capped_per_hour(make_client, clock):
    client = await make_client(clock=clock, rate_limit_enabled=False)
    for _ in range(5):
        assert (await send_otp(client)).status_code == 200
        clock.advance(seconds=31)
    capped = await send_otp(client)
    assert_envelope(capped, 429)
    assert int(capped.headers["retry-after"]) > 60
    clock.advance(minutes=60)
    assert (await send_otp(client)).status_code == 200


async def test_send_otp_is_limited_per_client_address(client):
    for i in range(5):
        assert (await send_otp(client, f"98765432{i:02d}")).status_code == 200
    limited = await send_otp(client, "9876543299", headers={"X-Forwarded-For": "203.0.113.9"})
    assert_envelope(limited, 429, "RateLimitedError")
    assert int(limited.headers["retry-after"]) >= 1


def _unused_address() -> str:
    """An address of the IPv6 documentation range no earlier run has used: Redis keeps counts between runs."""
    return str(ipaddress.IPv6Address((0x20010DB8 << 96) | (uuid.uuid4().int >> 32)))


async def test_rate_limits_live_in_redis_when_configured(make_client):
    import redis

    url = "redis://127.0.0.1:6379/15"
    redis.Redis.from_url(url).ping()
    client = await make_client(rate_limit_storage_url=url, trusted_proxies=["127.0.0.1"])
    client_ip, other_ip = _unused_address(), _unused_address()
    headers = {"X-Forwarded-For": f"10.9.9.9, {client_ip}"}
    for _ in range(5):
        response = await send_otp(client, f"97{uuid.uuid4().int % 10**8:08d}", headers=headers)
        assert response.status_code == 200, response.text
    assert_envelope(await send_otp(client, "9700000001", headers=headers), 429)
    # Another client behind the same proxy has its own allowance.
    assert (await send_otp(client, "9700000002", headers={"X-Forwarded-For": other_ip})).status_code == 200
    keys = redis.Redis.from_url(url).keys(f"*{client_ip}*")
    assert keys, "the limiter's counts should be in Redis"


async def test_sms_gateway_failure_is_503_and_does_not_count(make_client):
    outcomes = [500, 201, 201]

    def twilio(request):
        status = outcomes.pop(0)
        if status >= 300:
            return json_reply(status, {"code": 20500, "message": "Internal Server Error", "status": status})
        return json_reply(201, {"sid": "SM" + "a" * 32, "status": "queued"})

    with LocalHttpServer(twilio) as gateway:
        client = await make_client(
            sms_provider="twilio",
            twilio_account_sid="AC" + "1" * 32,
            twilio_auth_token="tok",
            twilio_from_number="+15005550006",
            twilio_base_url=gateway.url,
        )
        assert_envelope(await send_otp(client), 503, "ServiceUnavailableError")
        # No cooldown was started by the failed send: the student can retry at once.
        assert (await send_otp(client)).status_code == 200
        request = gateway.requests[-1]
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/AC{'1' * 32}/Messages.json"
    user, _, secret = base64.b64decode(request.headers["authorization"].split()[1]).decode().partition(":")
    assert (user, secret) == ("AC" + "1" * 32, "tok")
    form = urllib.parse.parse_qs(request.body.decode())
    assert form["To"] == ["+919876543210"] and form["From"] == ["+15005550006"]
    assert "verification code" in form["Body"][0]


async def test_unreachable_gateway_is_503(make_client):
    client = await make_client(
        sms_provider="twilio",
        twilio_account_sid="AC1",
        twilio_auth_token="t",
        twilio_from_number="+15005550006",
        twilio_base_url="http://127.0.0.1:9",
    )
    assert_envelope(await send_otp(client), 503, "ServiceUnavailableError")


# --- passwords and login ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password,reason",
    [
        ("short7!", "at least 8"),
        ("é" * 37, "at most 72 bytes"),
        ("password123", "too common"),
        ("12345678", "too common"),
    ],
)
async def test_weak_or_overlong_passwords_are_refused_without_using_the_code(client, settings, password, reason):
    await send_otp(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    response = await client.post("/api/v1/auth/register", json={"mobile": MOBILE, "password": password, "otp": code})
    error = assert_envelope(response, 422)
    assert reason in error["message"]
    retry = await client.post("/api/v1/auth/register", json={"mobile": MOBILE, "password": PASSWORD, "otp": code})
    assert retry.status_code == 201


async def test_long_unicode_passwords_are_verified_exactly(client, settings):
    password = "é" * 36  # 72 bytes, the most bcrypt reads
    await sign_up(client, password=password)
    assert (await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": password})).status_code == 200
    wrong_tail = "é" * 35 + "e"
    assert_envelope(await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": wrong_tail}), 401)


async def test_passwords_are_bcrypt_cost_12_by_default():
    hashed = await PasswordHasher().hash("an exam-night password")
    assert hashed.startswith("$2b$12$")
    assert await PasswordHasher().verify("an exam-night password", hashed)


async def test_login_returns_a_fresh_token_in_the_spec_shape(any_store_client):
    client = any_store_client
    registered = await sign_up(client)
    client.clock.advance(seconds=2)
    response = await client.post("/api/v1/auth/login", json={"mobile": "+91" + MOBILE, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == registered["user"] and body["token_type"] == "bearer"
    assert body["access_token"] != registered["access_token"]


async def test_login_failures_do_not_reveal_whether_the_number_exists(client, settings):
    await sign_up(client)
    wrong_password = await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": "not-my-password"})
    unknown = await client.post("/api/v1/auth/login", json={"mobile": "9000000001", "password": "not-my-password"})
    a, b = assert_envelope(wrong_password, 401), assert_envelope(unknown, 401)
    assert a["message"] == b["message"] == "Invalid mobile or password"


async def _login_from(client, address: str, password: str) -> httpx.Response:
    async with client.from_address(address) as http:
        return await http.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": password})


async def test_failures_slow_that_address_with_growing_delays_but_never_the_owner(any_store_client):
    client = any_store_client
    client.services.rate_limiter.enabled = False  # the per-address request limit is tested elsewhere
    await sign_up(client)
    attacker, owner = "203.0.113.7", "198.51.100.20"
    for _ in range(5):  # LOGIN_MAX_FAILURES free tries
        assert_envelope(await _login_from(client, attacker, "wrong-pass"), 401)
    waits = []
    for _ in range(4):
        slowed = await _login_from(client, attacker, PASSWORD)  # even the right password waits: no oracle
        assert_envelope(slowed, 429)
        waits.append(int(slowed.headers["retry-after"]))
        # Meanwhile the owner, from her own address, signs in at once with her password.
        assert (await _login_from(client, owner, PASSWORD)).status_code == 200
        client.clock.advance(seconds=waits[-1])
        assert_envelope(await _login_from(client, attacker, "wrong-pass"), 401)
    assert waits == [1, 2, 4, 8]
    # The delays are capped at LOGIN_LOCKOUT_MINUTES, and lapse: then the right password works from there too.
    for _ in range(7):
        client.clock.advance(minutes=16)
        assert_envelope(await _login_from(client, attacker, "wrong-pass"), 401)
    capped = await _login_from(client, attacker, PASSWORD)
    assert int(capped.headers["retry-after"]) == 15 * 60
    client.clock.advance(minutes=15, seconds=1)
    assert (await _login_from(client, attacker, PASSWORD)).status_code == 200


# --- tokens ----------------------------------------------------------------------------------------


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_tampered_tokens_are_401(client, settings):
    registered = await sign_up(client)
    token = registered["access_token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    forged_claims = dict(claims, sub="someone-else")
    header, _, signature = token.split(".")
    cases = {
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "forged signature": jwt.encode(claims, "a-different-secret-that-is-long-enough!!", algorithm="HS256"),
        "swapped claims": f"{header}.{_b64(forged_claims)}.{signature}",
        "garbage": "not-a-token",
    }
    for name, bad in cases.items():
        response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {bad}"})
        assert_envelope(response, 401, "AuthenticationError", what=name)
    assert_envelope(await client.get("/api/v1/users/me"), 401)
    assert_envelope(await client.get("/api/v1/users/me", headers={"Authorization": f"Basic {token}"}), 401)


async def test_expired_tokens_are_401(any_store_client):
    client = any_store_client
    registered = await sign_up(client)
    client.clock.advance(hours=24, seconds=1)
    error = assert_envelope(await client.get("/api/v1/users/me", headers=registered["auth"]), 401)
    assert "expired" in error["message"]


async def test_token_of_an_inactive_user_is_401(client):
    registered = await sign_up(client)
    # No route deactivates an account (support does it in the database): set through the repository.
    await UserRepository(client.services.store).update_profile(registered["user"]["id"], {"is_active": False})
    assert_envelope(await client.get("/api/v1/users/me", headers=registered["auth"]), 401)


# --- password reset ------------------------------------------------------------------------------


async def test_reset_request_answers_the_same_for_unknown_numbers(client, settings):
    await sign_up(client)
    known = await send_otp(client, MOBILE, "reset")
    unknown = await send_otp(client, "9000000002", "reset")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert sms_messages(settings.sms_file_path, "+919000000002") == []


async def test_register_request_for_a_registered_number_sends_a_notice_not_a_code(any_store_client):
    client = any_store_client
    await sign_up(client)
    client.clock.advance(seconds=31)
    assert (await send_otp(client)).json() == {"message": "OTP sent successfully", "expires_in": 300}
    notice = sms_messages(client.settings.sms_file_path, "+91" + MOBILE)[-1]
    assert "already has a Study Buddy account" in notice["body"]


async def test_reset_password_sets_the_new_one_and_ends_old_tokens(any_store_client):
    client = any_store_client
    registered = await sign_up(client)
    assert (await send_otp(client, MOBILE, "reset")).status_code == 200
    code = latest_code(client.settings.sms_file_path, MOBILE)
    new_password = "Cardio-revision-42"
    response = await client.post(
        "/api/v1/auth/reset-password", json={"mobile": MOBILE, "otp": code, "new_password": new_password}
    )
    assert response.status_code == 200
    assert_envelope(await client.get("/api/v1/users/me", headers=registered["auth"]), 401)
    assert_envelope(await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": PASSWORD}), 401)
    login = await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": new_password})
    assert login.status_code == 200
    token = login.json()["access_token"]
    assert (await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})).status_code == 200
    replay = await client.post(
        "/api/v1/auth/reset-password", json={"mobile": MOBILE, "otp": code, "new_password": "Another-pass-99"}
    )
    assert_envelope(replay, 400)


# --- profile and erasure ------------------------------------------------------------------------------


async def test_profile_read_and_update(client, settings):
    registered = await sign_up(client)
    me = (await client.get("/api/v1/users/me", headers=registered["auth"])).json()
    assert me["mobile"] == MOBILE and me["email"] is None and me["notify_on_completion"] is True
    assert "password_hash" not in me
    patched = await client.patch(
        "/api/v1/users/me",
        headers=registered["auth"],
        json={"name": "Asha", "email": "asha@example.com", "notify_on_error": False},
    )
    assert patched.status_code == 200
    assert patched.json() == me | {"name": "Asha", "email": "asha@example.com", "notify_on_error": False}
    assert (await client.get("/api/v1/users/me", headers=registered["auth"])).json()["name"] == "Asha"
    assert_envelope(
        await client.patch("/api/v1/users/me", headers=registered["auth"], json={"email": "not-an-email"}), 422
    )
    assert_envelope(
        await client.patch("/api/v1/users/me", headers=registered["auth"], json={"notify_on_error": "yes"}), 422
    )


async def test_delete_account_needs_the_password_and_erases_everything(client, settings):
    registered = await sign_up(client)
    other = await sign_up(client, mobile="9123456789")
    notes = CORPUS / "text/m46707-erythrocytes-.txt"
    mine = await upload_file(client, registered["auth"], notes)
    theirs = await upload_file(client, other["auth"], notes)
    assert (await wait_until_processed(client, registered["auth"], mine))["status"] == "completed"

    wrong = await client.request(
        "DELETE", "/api/v1/users/me", headers=registered["auth"], json={"password": "not-my-password"}
    )
    assert_envelope(wrong, 403)
    response = await client.request(
        "DELETE", "/api/v1/users/me", headers=registered["auth"], json={"password": PASSWORD}
    )
    assert response.status_code == 200
    assert_envelope(await client.get("/api/v1/users/me", headers=registered["auth"]), 401)
    assert_envelope(await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": PASSWORD}), 401)
    assert not (settings.upload_dir / mine).exists()
    # The other student keeps everything.
    assert [s["session_id"] for s in (await history(client, other["auth"]))["sessions"]] == [theirs]
    assert any((settings.upload_dir / theirs).iterdir())
    # Nothing of the number is kept, not even its OTP throttle: it signs up again at once, to an empty history.
    again = await sign_up(client)
    assert again["user"]["id"] != registered["user"]["id"]
    assert (await history(client, again["auth"]))["total"] == 0


# --- what never reaches the logs --------------------------------------------------------------------


async def test_logs_never_carry_codes_passwords_or_tokens(client, settings, caplog):
    caplog.set_level(logging.DEBUG)
    registered = await sign_up(client)
    code = latest_code(settings.sms_file_path, MOBILE)
    wrong = {"mobile": MOBILE, "password": "wrong-password\nFAKE LINE"}
    assert_envelope(await client.post("/api/v1/auth/login", json=wrong), 401)
    assert (await client.get("/api/v1/users/me", headers=registered["auth"])).status_code == 200
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += settings.log_file.read_text()
    assert logged
    for secret in (code, PASSWORD, registered["access_token"], MOBILE, "FAKE LINE"):
        assert secret not in logged, secret


async def test_logout_ends_every_token(client, settings):
    registered = await sign_up(client)
    second = (await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": PASSWORD})).json()
    assert (await client.post("/api/v1/auth/logout", headers=registered["auth"])).status_code == 200
    for token in (registered["access_token"], second["access_token"]):
        assert_envelope(await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}), 401)
    fresh = (await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": PASSWORD})).json()
    assert (
        await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {fresh['access_token']}"})
    ).status_code == 200


async def test_a_database_outage_is_a_503_without_details(client):
    await sign_up(client)
    await client.services.store.close()  # the database goes away
    gone = datetime.now(UTC)
    response = await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": PASSWORD})
    error = assert_envelope(response, 503, "ServiceUnavailableError")
    assert "sqlite" not in response.text.lower() and "store" not in error["message"].lower()
    health = await health_checked_after(client, gone)
    assert health["status"] == "degraded" and health["store"]["reachable"] is False


@pytest.mark.parametrize(
    "password",
    ["पासवर्ड-मज़बूत-2026", "🙂🙃🙂🙃🙂🙃🙂🙃", "null\x00in-the-middle", "كلمة-المرور-قوية", "x" * 20 + "y" * 44],
    ids=["hindi", "emoji", "nul", "rtl", "64-chars"],
)
async def test_any_characters_are_accepted_and_verified_exactly(client, settings, password):
    await sign_up(client, password=password)
    assert (await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": password})).status_code == 200
    assert_envelope(await client.post("/api/v1/auth/login", json={"mobile": MOBILE, "password": password[:-1]}), 401)


@pytest.mark.parametrize(
    "purpose,endpoint", [("register", "verify-otp"), ("reset", "verify-otp"), ("reset", "reset-password")]
)
async def test_wrong_codes_answer_alike_for_registered_and_unregistered_numbers(make_client, purpose, endpoint):
    """Audit case 12: after send-otp, nothing tells whether the number has an account (ASVS 6.3.8)."""
    client = await make_client(otp_resend_cooldown_seconds=0, rate_limit_enabled=False)
    await sign_up(client)  # MOBILE has an account
    answers = [await _wrong_codes(client, mobile, purpose, endpoint) for mobile in (MOBILE, "9123456780")]
    registered, unregistered = answers
    assert registered == unregistered
    assert registered[0] == (400, "Incorrect OTP. 4 tries left.")


async def _wrong_codes(client, mobile: str, purpose: str, endpoint: str) -> list[tuple[int, str]]:
    answers = []
    assert (await send_otp(client, mobile, purpose)).status_code == 200
    body = {"mobile": mobile, "otp": "000001", "purpose": purpose}
    if endpoint == "reset-password":
        body = {"mobile": mobile, "otp": "000001", "new_password": "a-new-long-password"}
    for _ in range(6):
        response = await client.post(f"/api/v1/auth/{endpoint}", json=body)
        answers.append((response.status_code, response.json()["error"]["message"]))
    return answers
