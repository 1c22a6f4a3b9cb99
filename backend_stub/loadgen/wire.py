"""A lean keep-alive HTTP/1.1 client on asyncio streams, one connection per simulated till.

Why not httpx: the load generator shares the machine's cores with the server it
measures, and a general client spends more CPU per request than the server's bare
endpoint does. This client writes a request, reads the status line, headers and a
Content-Length body, and nothing else (no chunking, no redirects, no TLS): enough
for the backend's JSON API, and cheap, so the figures describe the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


class WireError(Exception):
    """The connection failed or closed mid-answer (the till would retry)."""


def encode_request(
    method: str, path: str, headers: dict[str, str], body: dict | list | None = None
) -> bytes:
    payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
    lines = [f"{method} {path} HTTP/1.1", "Host: backend"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class Connection:
    """One keep-alive connection; reconnects on the next request after a failure."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def send(self, request: bytes) -> Answer:
        """The answer; a kept-alive connection the server has closed meanwhile is opened
        again once, silently, as any HTTP client does."""
        if self._writer is not None:
            try:
                return await self._exchange(request)
            except WireError:
                pass  # closed while idle (the server's keep-alive timeout): reconnect
        try:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        except OSError as exc:
            raise WireError(str(exc) or type(exc).__name__) from exc
        return await self._exchange(request)

    async def _exchange(self, request: bytes) -> Answer:
        try:
            self._writer.write(request)
            await self._writer.drain()
            head = await self._reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
            headers = {}
            for line in header_lines:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await self._reader.readexactly(int(headers.get("content-length", "0")))
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            await self.close()
            raise WireError(str(exc) or type(exc).__name__) from exc
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Answer(int(status_line.split(" ", 2)[1]), headers, body)

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
