"""Notification mail against a real SMTP server on localhost (aiosmtpd), with STARTTLS."""

from __future__ import annotations

import datetime
import email
import email.policy
import ssl

import pytest
from aiosmtpd.controller import Controller

from tests.api import sign_up, text_input, update_profile, wait_until_processed
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


async def test_completion_mail_is_escaped_and_has_both_parts(make_client, tmp_path, smtp):
    inbox, port, cert = smtp
    client = await make_client(_mail_settings(tmp_path, port, cert))
    student = await sign_up(client)
    await update_profile(client, student["auth"], email="asha@example.com", name="Asha")
    text = (CORPUS / "text/m46517-the-stomach-.txt").read_text()
    name = '<script>alert("x")</script> Stomach'
    session_id = await text_input(client, student["auth"], text, session_name=name)
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    await client.stop()  # every mail is sent before the app stops
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


async def test_failure_mail_respects_opt_ins(make_client, tmp_path, smtp):
    inbox, port, cert = smtp
    client = await make_client(_mail_settings(tmp_path, port, cert))
    student = await sign_up(client)
    auth = student["auth"]
    await update_profile(client, auth, email="asha@example.com")
    failed = await text_input(client, auth, "Too short.")
    assert (await wait_until_processed(client, auth, failed))["status"] == "failed"
    [message] = inbox.messages
    assert message["Subject"].startswith("❌ Processing Failed")
    assert "words could be read" in message.get_body(("plain",)).get_content()
    await update_profile(client, auth, notify_on_error=False)
    again = await text_input(client, auth, "Still too short.")
    assert (await wait_until_processed(client, auth, again))["status"] == "failed"
    await client.stop()
    assert len(inbox.messages) == 1


async def test_a_mail_server_that_is_down_never_fails_the_session(make_client, tmp_path, smtp):
    _, _, cert = smtp
    client = await make_client(_mail_settings(tmp_path, free_port(), cert))
    student = await sign_up(client)
    await update_profile(client, student["auth"], email="asha@example.com")
    session_id = await text_input(client, student["auth"], (CORPUS / "text/m46517-the-stomach-.txt").read_text())
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    assert f"could not send the email for session {session_id}" in client.settings.log_file.read_text()
