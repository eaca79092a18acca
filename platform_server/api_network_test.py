"""The network test's two endpoints: a download of N bytes and an upload sink that says how many
bytes arrived over how long. The advisor app's hardware test measures its throughput to the
platform with them (a call needs 320 kbit/s each way).

Both need a signed-in caller and are bounded (2 MiB each way), so they cannot be used to make the
platform send or swallow unlimited data. The download's bytes are random so that no compressing
proxy on the way can make the link look faster than it is.
"""

from __future__ import annotations

import os
import time
from typing import Any

from aiohttp import web

from platform_server import errors
from platform_server.httpkit import caller, json_response

DOWNLOAD_PATH = "/api/v1/network-test/download/{bytes}"
UPLOAD_PATH = "/api/v1/network-test/upload"
MAX_TEST_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024

routes = web.RouteTableDef()


@routes.get(DOWNLOAD_PATH)
async def download(request: web.Request) -> web.StreamResponse:
    await caller(request)
    size = _size(request.match_info["bytes"])
    response = web.StreamResponse(
        headers={"Content-Type": "application/octet-stream", "Cache-Control": "no-store"}
    )
    response.content_length = size
    await response.prepare(request)
    sent = 0
    while sent < size:
        chunk = min(_CHUNK, size - sent)
        await response.write(os.urandom(chunk))
        sent += chunk
    await response.write_eof()
    return response


@routes.post(UPLOAD_PATH)
async def upload(request: web.Request) -> web.Response:
    await caller(request)
    if request.content_length is not None and request.content_length > MAX_TEST_BYTES:
        raise _too_large()
    received = 0
    first: float | None = None
    while True:
        chunk = await request.content.readany()
        if not chunk:
            break
        first = first if first is not None else time.monotonic()
        received += len(chunk)
        if received > MAX_TEST_BYTES:
            raise _too_large()
    seconds = time.monotonic() - first if first is not None else 0.0
    return json_response({"received_bytes": received, "seconds": round(seconds, 6)})


def _size(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_TEST_BYTES:
        problem = f"path: bytes in 1..{MAX_TEST_BYTES}"
        raise errors.invalid("bytes must be a whole number", [problem])
    return int(text)


def _too_large() -> errors.ApiError:
    return errors.invalid("upload too large", [f"at most {MAX_TEST_BYTES} bytes"], status=413)


UPLOAD_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "received_bytes": {"type": "integer", "minimum": 0},
        "seconds": {"type": "number", "minimum": 0},
    },
    "required": ["received_bytes", "seconds"],
    "additionalProperties": False,
}


def openapi_paths() -> dict[str, dict[str, Any]]:
    """The two operations for the OpenAPI document (binary bodies, so written out here)."""

    def errors_of(*codes: int) -> dict[str, Any]:
        return {str(code): {"$ref": f"#/components/responses/E{code}"} for code in codes}

    too_large = {
        "description": "Upload over 2 MiB (invalid_request)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    return {
        DOWNLOAD_PATH: {
            "get": {
                "operationId": "get_network_test_download",
                "summary": "Network test: download N random bytes (extension)",
                "description": "Who may call: signed in.",
                "security": [{"bearerAuth": []}],
                "parameters": [
                    {
                        "name": "bytes",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_TEST_BYTES},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The bytes",
                        "content": {"application/octet-stream": {"schema": {}}},
                    },
                    **errors_of(401, 404, 422),
                },
            }
        },
        UPLOAD_PATH: {
            "post": {
                "operationId": "post_network_test_upload",
                "summary": "Network test: upload up to 2 MiB, get bytes and seconds (extension)",
                "description": "Who may call: signed in.",
                "security": [{"bearerAuth": []}],
                "requestBody": {
                    "required": False,
                    "content": {"application/octet-stream": {"schema": {}}},
                },
                "responses": {
                    "200": {
                        "description": "What arrived",
                        "content": {"application/json": {"schema": UPLOAD_RESULT}},
                    },
                    "413": too_large,
                    **errors_of(401),
                },
            }
        },
    }
