"""The HTTP/1.1 protocol the service runs under uvicorn: h11 with TCP_NODELAY on every connection.

With several worker processes uvicorn creates the listening socket itself (protocol number 0), and asyncio
then leaves Nagle's algorithm on for accepted connections; a response written in two parts (headers, body)
then waits for the client's delayed ACK, about 40 ms per kept-alive request. Setting TCP_NODELAY here
makes one and several workers behave the same.
"""

from __future__ import annotations

import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["NoDelayH11Protocol"]


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        super().connection_made(transport)
