"""ASGI middleware: version headers on every response, and a limit on request body size.

Plain ASGI (not Starlette's BaseHTTPMiddleware) to keep per-request overhead small.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "VersionHeadersMiddleware"]

_HEADER_NAMES = {
    "chipcontrols": b"x-chipcontrols-version",
    "rule_data": b"x-rule-data-version",
    "list_snapshot": b"x-list-snapshot-version",
}


class VersionHeadersMiddleware:
    """Adds X-Chipcontrols-Version, X-Rule-Data-Version and X-List-Snapshot-Version to every response."""

    def __init__(self, app: ASGIApp, versions: Any) -> None:
        self.app = app
        self.versions = versions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                versions = self.versions()
                headers = list(message.get("headers", []))
                headers.extend((_HEADER_NAMES[key], str(value).encode("latin-1", "replace"))
                               for key, value in versions.items() if key in _HEADER_NAMES)
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses request bodies over ``limit`` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int, versions: Any = dict) -> None:
        self.app = app
        self.limit = limit
        self.versions = versions

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({
            "detail": f"The request body is larger than the limit of {self.limit} bytes "
            "(set CHIPCONTROLS_MAX_UPLOAD_BYTES to change it).",
            "versions": self.versions(),
        }).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_large = int(value) > self.limit
                except ValueError:
                    too_large = False
                if too_large:
                    await self._refuse(send)
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)


class JsonContentTypeMiddleware:
    """Answers 415 to API writes whose body is not declared as JSON (uploads excepted)."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...], exempt: tuple[str, ...], versions: Any = dict) -> None:
        self.app = app
        self.prefixes = prefixes
        self.exempt = exempt
        self.versions = versions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] in ("POST", "PUT", "PATCH")
                and scope["path"].startswith(self.prefixes) and not scope["path"].startswith(self.exempt)):
            content_type, has_body = b"", False
            for name, value in scope.get("headers", []):
                if name == b"content-type":
                    content_type = value.split(b";", 1)[0].strip().lower()
                elif (name == b"content-length" and value.strip() not in (b"", b"0")) or name == b"transfer-encoding":
                    has_body = True
            if (content_type or has_body) and content_type != b"application/json" and not content_type.endswith(b"+json"):
                body = json.dumps({"detail": "Send the request body as JSON (Content-Type: application/json).",
                                   "versions": self.versions()}).encode()
                await send({"type": "http.response.start", "status": 415,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
