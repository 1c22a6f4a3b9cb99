"""A small JSON-over-HTTP client on urllib (the devices layer does not use httpx).

Problem documents (RFC 9457) from the backend become `PhoneError` with the user-facing
message in the phone's language and the problem `code`, so the CLI can tell "logged
out by the re-login deadline" from "wrong code".
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from devices.phone.errors import PhoneError

TIMEOUT = 15.0


class AppClient:
    def __init__(self, base_url: str, token: str | None = None, lang: str = "nb") -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.lang = lang

    def request(
        self, method: str, path: str, body: dict | None = None, params: dict | None = None
    ) -> Any:
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise self._problem(exc) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PhoneError(f"no answer from the backend at {self.base_url} ({reason})") from None
        return json.loads(raw) if raw else None

    def _problem(self, exc: urllib.error.HTTPError) -> PhoneError:
        try:
            problem = json.loads(exc.read() or b"{}")
        except ValueError:
            problem = {}
        message = problem.get(f"message_{self.lang}") or problem.get("detail") or str(exc)
        return PhoneError(message, code=problem.get("code"), status=exc.code)

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params or None)

    def post(self, path: str, body: dict | None = None) -> Any:
        return self.request("POST", path, body if body is not None else {})

    def patch(self, path: str, body: dict) -> Any:
        return self.request("PATCH", path, body)
