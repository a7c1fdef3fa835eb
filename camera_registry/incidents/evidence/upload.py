"""Hashing an uploaded clip as it streams in, without storing it.

Clips are large (hundreds of megabytes); the request body is hashed chunk
by chunk as it arrives — raw (``application/octet-stream``) or as the
``file`` part of ``multipart/form-data`` — and refused with 413 as soon as
it exceeds the configured cap.  ``application/json`` carries a hash instead.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request
from pydantic import ValidationError
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from camera_registry.errors import DomainError, InvalidInput
from camera_registry.incidents.schemas import HashCheck

#: Room for multipart boundaries and part headers on top of the file itself.
MULTIPART_OVERHEAD = 64 * 1024
MAX_JSON_BYTES = 4096


class PayloadTooLarge(DomainError):
    """The upload is bigger than the server accepts."""

    status = 413
    type = "payload-too-large"
    title = "Payload too large"


class _Digest:
    def __init__(self, max_bytes: int) -> None:
        self.sha = hashlib.sha256()
        self.size = 0
        self.max_bytes = max_bytes
        self.parts = 0

    def update(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise PayloadTooLarge(f"The clip is larger than the {self.max_bytes}-byte limit.")
        self.sha.update(data)


def _too_long(request: Request, limit: int) -> bool:
    length = request.headers.get("content-length", "")
    return length.isdigit() and int(length) > limit


async def _octets(request: Request, digest: _Digest) -> None:
    async for chunk in request.stream():
        digest.update(chunk)


class _FilePart:
    """Multipart callbacks that feed the part named ``file`` into a digest."""

    def __init__(self, digest: _Digest) -> None:
        self.digest = digest
        self.header = b""
        self.disposition = b""
        self.in_file = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        if self.header.lower() == b"content-disposition":
            self.disposition += data[start:end]

    def on_header_end(self) -> None:
        self.header = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self.disposition)
        self.in_file = params.get(b"name") == b"file" and self.digest.parts == 0
        self.disposition = b""

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file:
            self.digest.update(data[start:end])

    def on_part_end(self) -> None:
        if self.in_file:
            self.digest.parts += 1
        self.in_file = False


async def _multipart(request: Request, boundary: bytes, digest: _Digest) -> None:
    part = _FilePart(digest)
    callbacks: Any = {
        "on_header_field": part.on_header_field,
        "on_header_value": part.on_header_value,
        "on_header_end": part.on_header_end,
        "on_headers_finished": part.on_headers_finished,
        "on_part_data": part.on_part_data,
        "on_part_end": part.on_part_end,
    }
    try:
        parser = MultipartParser(boundary, callbacks)
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        raise InvalidInput("file", f"the multipart body is malformed: {exc}") from None
    if digest.parts == 0:
        raise InvalidInput("file", "send the clip as the multipart part named 'file'")


async def _json_hash(request: Request) -> str:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON_BYTES:
            raise PayloadTooLarge('A hash check is a small JSON object: {"sha256": "…"}.')
    try:
        return HashCheck.model_validate(json.loads(body or b"null")).sha256
    except (ValueError, ValidationError) as exc:
        reason = str(exc.errors()[0]["msg"]) if isinstance(exc, ValidationError) else str(exc)
        raise InvalidInput("sha256", reason.removeprefix("Value error, ")) from None


async def clip_digest(request: Request, *, max_bytes: int) -> tuple[str, int | None]:
    """``(sha256, size)`` of the uploaded clip, or ``(sha256, None)`` for a JSON hash."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype == b"application/json":
        return await _json_hash(request), None
    digest = _Digest(max_bytes)
    if ctype == b"multipart/form-data" and params.get(b"boundary"):
        if _too_long(request, max_bytes + MULTIPART_OVERHEAD):
            raise PayloadTooLarge(f"The clip is larger than the {max_bytes}-byte limit.")
        await _multipart(request, params[b"boundary"], digest)
    elif ctype == b"application/octet-stream":
        if _too_long(request, max_bytes):
            raise PayloadTooLarge(f"The clip is larger than the {max_bytes}-byte limit.")
        await _octets(request, digest)
    else:
        raise InvalidInput(
            "content-type",
            "send the clip as multipart/form-data (part 'file') or application/octet-stream, "
            'or its hash as application/json {"sha256": …}',
        )
    return digest.sha.hexdigest(), digest.size
