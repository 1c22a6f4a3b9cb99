"""`Phone`: what the Coop app does, against the backend's app API, for one named phone.

The SMS login reads the one-time code from the backend's dev outbox (a tester's
shortcut for "look at the SMS"); without dev mode the code is asked for on stdin.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from devices.phone.client import AppClient
from devices.phone.errors import PhoneError
from devices.phone.state import PhoneState, PhoneStore

SMS_WAIT_SECONDS = 5.0
_DIGITS = "0123456789"


def _code_in(text: str) -> str | None:
    """The first run of 4-8 digits in an SMS body."""
    run = ""
    for char in text + " ":
        if char in _DIGITS:
            run += char
            continue
        if 4 <= len(run) <= 8:
            return run
        run = ""
    return None


class Phone:
    def __init__(
        self,
        state: PhoneState,
        store: PhoneStore,
        base_url: str,
        lang: str = "nb",
        ask: Callable[[str], str] = input,
    ) -> None:
        self.state = state
        self.store = store
        self.base_url = base_url
        self.lang = lang
        self.ask = ask

    # plumbing
    def client(self, authenticated: bool = True) -> AppClient:
        token = self.state.session_token if authenticated else None
        if authenticated and not token:
            raise PhoneError("not logged in", code="session_missing")
        return AppClient(self.base_url, token, self.lang)

    def _save_session(self, result: dict, phone: str | None) -> dict:
        self.state.session_token = result["session_token"]
        self.state.session_id = result["session_id"]
        self.state.login_method = result["login_method"]
        self.state.backend = self.base_url
        if phone:
            self.state.phone = phone
        self.store.save(self.state)
        return result

    def _outbox(self, phone: str, after_id: int = 0) -> list[dict]:
        try:
            return self.client(False).get(
                "/dev/v1/outbox", phone=phone, after_id=after_id, limit=500
            )
        except PhoneError as exc:
            if exc.code == "dev_disabled":
                return []
            raise

    # login
    def login_sms(self, phone: str, device_name: str = "") -> dict:
        before = self._outbox(phone)
        last_id = before[-1]["id"] if before else 0
        started = self.client(False).post(
            "/app/v1/login/sms",
            {
                "phone": phone,
                "device_id": self.state.device_id,
                "device_name": device_name or f"Coop-appen ({self.state.name})",
            },
        )
        code = self._wait_for_code(phone, last_id)
        if code is None:
            if not sys.stdin.isatty():
                raise PhoneError(
                    "no SMS code arrived (is the number registered with a digital "
                    "account, and the backend in dev mode?)",
                    code="no_sms",
                )
            code = self.ask(f"Kode sendt til {started['sent_to']}. Skriv koden: ").strip()
        result = self.client(False).post(
            "/app/v1/login/sms/verify", {"challenge_id": started["challenge_id"], "code": code}
        )
        return self._save_session(result, phone)

    def _wait_for_code(self, phone: str, after_id: int) -> str | None:
        deadline = time.monotonic() + SMS_WAIT_SECONDS
        while True:
            for message in self._outbox(phone, after_id):
                if message["kind"] == "otp":
                    return _code_in(message["body"])
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.1)

    def login_bankid(self, national_id: str, device_name: str = "") -> dict:
        order = self.client(False).post(
            "/app/v1/login/bankid",
            {
                "national_id": national_id,
                "device_id": self.state.device_id,
                "device_name": device_name or f"Coop-appen ({self.state.name})",
            },
        )
        result = self.client(False).post(
            "/app/v1/login/bankid/collect", {"order_ref": order["order_ref"]}
        )
        return self._save_session(result, None)

    def login_legacy(self, phone: str) -> dict:
        """Dev only: the session the app had from the old login, before the campaign."""
        result = self.client(False).post(
            "/dev/v1/sessions/legacy",
            {
                "phone": phone,
                "device_id": self.state.device_id,
                "device_name": f"Coop-appen ({self.state.name}, gammel innlogging)",
            },
        )
        return self._save_session(result, phone)

    def logout(self, everywhere: bool = False) -> int:
        client = self.client()
        try:
            if everywhere:
                count = client.post("/app/v1/logout-all")["sessions_ended"]
            else:
                client.post("/app/v1/logout")
                count = 1
        finally:
            self.state.logged_out()
            self.store.save(self.state)
        return count

    # what the app shows
    def me(self) -> dict:
        return self.client().get("/app/v1/me")

    def coopay(self) -> dict:
        return self.client().post("/app/v1/coopay/tokens")

    def member_card(self) -> dict:
        return self.client().get("/app/v1/member-card")

    def family(self) -> list[dict]:
        return self.client().get("/app/v1/family")

    def add_family(self, member: dict) -> dict:
        return self.client().post("/app/v1/family", member)

    def set_family_coopay(self, member_ref: str, allowed: bool) -> dict:
        return self.client().patch(f"/app/v1/family/{member_ref}", {"coopay_allowed": allowed})

    def inbox(self) -> list[dict]:
        if not self.state.phone:
            raise PhoneError("this phone has no number yet: log in with --phone first")
        return self._outbox(self.state.phone)
