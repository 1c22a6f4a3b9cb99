"""A demo member's phone, as far as the till's demo needs one: log in, show a Coopay QR.

Why here and not in the backend: the phone is a client of the backend's public
app API over HTTP, exactly like the Coop app; the till's device panel uses it to
put a real, backend-issued QR on the virtual scanner. The SMS code is read from
the backend's dev outbox (dev mode only), as a member would read their SMS.
Blocking httpx calls: the device panel runs them in a thread worker.
"""

from __future__ import annotations

import re
import uuid

import httpx

_CODE = re.compile(r"\b(\d{4,8})\b")


class PhoneError(RuntimeError):
    """The backend refused a step (unknown phone, no digital account, logged out …).

    `status` is the HTTP status (0: no answer), `messages` the backend's own words for
    the member by language (`{"nb": …, "en": …}`, empty when it gave none): what the
    app would show, where `str(error)` is for the log.
    """

    def __init__(self, text: str, *, status: int = 0,
                 messages: dict[str, str] | None = None) -> None:
        super().__init__(text)
        self.status = status
        self.messages = messages or {}

    @property
    def logged_out(self) -> bool:
        return self.status == 401


class DemoPhone:
    def __init__(self, base_url: str, phone: str, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.phone = phone
        self.device_id = f"demo-{uuid.uuid4().hex[:12]}"
        self.session_token: str | None = None
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DemoPhone:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs) -> dict | list | None:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise PhoneError(f"{method} {path}: {exc}") from None
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = {}
            body = body if isinstance(body, dict) else {}
            detail = body.get("detail") or body.get("title") or response.text[:200]
            messages = {lang: str(body[f"message_{lang}"]) for lang in ("nb", "en")
                        if body.get(f"message_{lang}")}
            if response.status_code == 401:
                self.session_token = None  # the member logs in again on the next step
            raise PhoneError(f"{method} {path}: {response.status_code} {detail}",
                             status=response.status_code, messages=messages)
        return response.json() if response.content else None

    def login(self) -> str:
        """SMS login: ask for a code, read it from the dev outbox, verify; returns the session."""
        started = self._call("POST", "/app/v1/login/sms",
                             json={"phone": self.phone, "device_id": self.device_id,
                                   "device_name": "Demo phone"})
        messages = self._call("GET", "/dev/v1/outbox", params={"phone": self.phone,
                                                                "limit": 500})
        codes = [m for m in messages or [] if _CODE.search(m.get("body", ""))]
        if not codes:
            raise PhoneError("no SMS code arrived (is the backend in dev mode?)")
        code = _CODE.search(codes[-1]["body"]).group(1)
        login = self._call("POST", "/app/v1/login/sms/verify",
                           json={"challenge_id": started["challenge_id"], "code": code})
        self.session_token = login["session_token"]
        return self.session_token

    @property
    def _auth(self) -> dict[str, str]:
        if self.session_token is None:
            self.login()
        return {"Authorization": f"Bearer {self.session_token}"}

    def coopay_qr(self) -> str:
        """A fresh one-time Coopay QR payload (what the app shows on screen)."""
        token = self._call("POST", "/app/v1/coopay/tokens", headers=self._auth)
        return token["qr_payload"]

    def account(self) -> dict:
        """Bonus and kjøpeutbytte as the app shows them (the owner sees the family's)."""
        return self._call("GET", "/app/v1/account", headers=self._auth)

    def logout_everywhere(self) -> None:
        """What the re-login campaign finally does: logged out on all devices."""
        self._call("POST", "/app/v1/logout-all", headers=self._auth)
