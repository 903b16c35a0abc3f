"""FILE_STORAGE_TYPE=s3 against a real S3 API server on localhost (moto in server mode)."""

from __future__ import annotations

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.api import assert_envelope, results, sign_up, upload, wait_until_processed
from tests.conftest import CORPUS
from tests.servers import free_port


@pytest.fixture
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket="studybuddy-files")
    yield url, client
    server.stop()


def _s3_settings(url: str) -> dict:
    return dict(
        file_storage_type="s3",
        aws_s3_bucket="studybuddy-files",
        s3_endpoint_url=url,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        aws_region="us-east-1",
    )


def _keys(client) -> list[str]:
    return [obj["Key"] for obj in client.list_objects_v2(Bucket="studybuddy-files").get("Contents", [])]


async def test_uploads_live_in_the_bucket_are_processed_and_deleted_with_the_session(make_client, s3_server):
    url, s3 = s3_server
    client = await make_client(**_s3_settings(url))
    health = (await client.get("/health")).json()
    assert health["storage"] == {"kind": "s3", "reachable": True, "detail": None}
    student = await sign_up(client)
    path = CORPUS / "pdf/pdflatex-4-pages.pdf"
    response = await upload(client, student["auth"], ("../../notes.pdf", path.read_bytes()))
    session_id = response.json()["session_id"]
    [key] = _keys(s3)
    assert key.startswith(f"{session_id}/") and ".." not in key
    assert s3.get_object(Bucket="studybuddy-files", Key=key)["Body"].read() == path.read_bytes()
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    [read] = (await results(client, student["auth"], session_id))["metadata"]["files_read"]
    assert read["filename"] == "notes.pdf" and read["pages"] == 4 and read["words"] > 0
    assert_envelope(await upload(client, student["auth"], ("fake.pdf", b"plain words")), 415)
    assert _keys(s3) == [key]  # nothing of a refused upload reaches the bucket
    assert (await client.delete(f"/api/v1/history/sessions/{session_id}", headers=student["auth"])).status_code == 200
    assert _keys(s3) == []


async def test_an_unreachable_bucket_shows_in_health(make_client, s3_server):
    url, _ = s3_server
    client = await make_client(**(_s3_settings(url) | {"aws_s3_bucket": "no-such-bucket"}))
    health = (await client.get("/health")).json()
    assert health["status"] == "degraded" and health["storage"]["reachable"] is False
