"""Files in an S3 bucket (or MinIO and other S3-compatible stores via S3_ENDPOINT_URL).

boto3 is synchronous, so every call runs in a worker thread. Uploads go through boto3's managed transfer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio

from studybuddy.config import Settings
from studybuddy.files.port import check_key


class S3FileStorage:
    kind = "s3"

    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: Settings) -> S3FileStorage:
        import boto3

        if not settings.aws_s3_bucket:
            from studybuddy.config import ConfigurationError

            raise ConfigurationError("FILE_STORAGE_TYPE=s3 needs AWS_S3_BUCKET")
        client = boto3.client(
            "s3",
            region_name=settings.aws_region,
            endpoint_url=settings.s3_endpoint_url or None,
            aws_access_key_id=settings.aws_access_key_id or None,
            aws_secret_access_key=settings.aws_secret_access_key or None,
        )
        return cls(client, settings.aws_s3_bucket)

    async def save_file(self, key: str, source: Path) -> None:
        # boto3's managed transfer streams the file in parts (multipart above 8 MiB) and aborts on failure,
        # so no partial object is ever visible.
        check_key(key)
        await anyio.to_thread.run_sync(lambda: self._client.upload_file(str(source), self.bucket, key))

    async def local_copy(self, key: str, into: Path) -> Path:
        check_key(key)
        target = into / key.replace("/", "__")
        await anyio.to_thread.run_sync(lambda: self._client.download_file(self.bucket, key, str(target)))
        return target

    async def delete_prefix(self, prefix: str) -> int:
        def remove() -> int:
            deleted = 0
            paginator = self._client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=f"{prefix}/"):
                keys = [{"Key": obj["Key"]} for obj in page.get("Contents", [])]
                if keys:
                    self._client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
                    deleted += len(keys)
            return deleted

        return await anyio.to_thread.run_sync(remove)

    async def exists(self, key: str) -> bool:
        def head() -> bool:
            try:
                self._client.head_object(Bucket=self.bucket, Key=key)
                return True
            except self._client.exceptions.ClientError:
                return False

        return await anyio.to_thread.run_sync(head)

    async def ping(self) -> bool:
        def head_bucket() -> bool:
            try:
                self._client.head_bucket(Bucket=self.bucket)
                return True
            except Exception:
                return False

        return await anyio.to_thread.run_sync(head_bucket)
