"""Notification mail against a real SMTP server on localhost (aiosmtpd), with STARTTLS."""

from __future__ import annotations

import datetime
import email
import email.policy
import ssl

import pytest
from aiosmtpd.controller import Controller

from tests.accounts import sign_up, wait_until_processed
from tests.conftest import CORPUS, make_settings
from tests.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def _self_signed(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture
def smtp(tmp_path):
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    yield inbox, controller.port, cert
    controller.stop()


async def _app_client(settings):
    import httpx

    from studybuddy.app import create_app

    app = create_app(settings)
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
    client.app_ref = app

    async def close():
        await client.aclose()
        await lifespan.__aexit__(None, None, None)

    return client, close


def _mail_settings(tmp_path, port, cert, **overrides):
    return make_settings(
        tmp_path,
        enable_email_notifications=True,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=True,
        smtp_ca_file=str(cert),
        from_email="studybuddy@example.com",
        frontend_url="https://app.example.com",
        **overrides,
    )


async def test_completion_mail_is_escaped_and_has_both_parts(tmp_path, smtp):
    inbox, port, cert = smtp
    client, close = await _app_client(_mail_settings(tmp_path, port, cert))
    try:
        student = await sign_up(client, client.app_ref.state.settings)
        await client.patch(
            "/api/v1/users/me", json={"email": "asha@example.com", "name": "Asha"}, headers=student["auth"]
        )
        text = (CORPUS / "text/m46517-the-stomach-.txt").read_text()
        name = '<script>alert("x")</script> Stomach'
        session_id = (
            await client.post("/api/v1/text-input/", json={"text": text, "session_name": name}, headers=student["auth"])
        ).json()["session_id"]
        assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    finally:
        await close()
    [message] = inbox.messages
    assert message["To"] == "asha@example.com" and message["From"] == "studybuddy@example.com"
    assert message["Subject"].startswith("✅ Study Materials Ready - ")
    html = message.get_body(("html",)).get_content()
    plain = message.get_body(("plain",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert (
        f"https://app.example.com/results/{session_id}" in html
        and f"https://app.example.com/results/{session_id}" in plain
    )
    assert "Hi Asha!" in html and name in plain


async def test_failure_mail_respects_opt_ins_and_smtp_failures_never_fail_the_session(tmp_path, smtp):
    inbox, port, cert = smtp
    client, close = await _app_client(_mail_settings(tmp_path, port, cert))
    try:
        student = await sign_up(client, client.app_ref.state.settings)
        auth = student["auth"]
        await client.patch("/api/v1/users/me", json={"email": "asha@example.com"}, headers=auth)
        failed = (await client.post("/api/v1/text-input/", json={"text": "Too short."}, headers=auth)).json()[
            "session_id"
        ]
        assert (await wait_until_processed(client, auth, failed))["status"] == "failed"
        assert inbox.messages[-1]["Subject"].startswith("❌ Processing Failed")
        assert "words could be read" in inbox.messages[-1].get_body(("plain",)).get_content()
        await client.patch("/api/v1/users/me", json={"notify_on_error": False}, headers=auth)
        again = (await client.post("/api/v1/text-input/", json={"text": "Still too short."}, headers=auth)).json()[
            "session_id"
        ]
        await wait_until_processed(client, auth, again)
        assert len(inbox.messages) == 1
    finally:
        await close()

    # The mail server is down: the session still completes.
    broken = _mail_settings(tmp_path / "b", free_port(), cert)
    client, close = await _app_client(broken)
    try:
        student = await sign_up(client, broken)
        await client.patch("/api/v1/users/me", json={"email": "asha@example.com"}, headers=student["auth"])
        text = (CORPUS / "text/m46517-the-stomach-.txt").read_text()
        session_id = (await client.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])).json()[
            "session_id"
        ]
        assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    finally:
        await close()
