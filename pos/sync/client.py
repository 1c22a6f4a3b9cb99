"""The till's HTTP client for the member backend's terminal API (`/terminal/v1/…`).

Async (httpx.AsyncClient) so that the UI's event loop never blocks on the
network: the till engine awaits it for member lookups and Coopay, and the sync
worker runs it on an event loop of its own thread for the outbox.

Every answer becomes one of three things, so callers never parse HTTP:
* a result (a dict from the backend's JSON) on 2xx;
* `BackendProblem` for an answer that retrying will not change (4xx problem+json:
  unknown or blocked card, a Coopay decline, a purchase the backend refuses),
  carrying the backend's stable `code` and its nb/en message for the cashier;
* `BackendUnavailable` for everything transient (connection refused, timeout,
  5xx, 429): the caller goes offline and tries again later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from pos.domain.texts import Text
from pos.sync.failures import is_transient
from pos.sync.texts import T

TERMINAL_PREFIX = "/terminal/v1"
DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=2.0)


class BackendError(Exception):
    """Base of what the client raises; `text` is what the cashier reads (nb/en)."""

    def __init__(self, text: Text, detail: str = "") -> None:
        super().__init__(detail or text.en)
        self.text = text


class BackendUnavailable(BackendError):
    """The backend could not be reached or failed for now: try again later."""


@dataclass
class ProblemBody:
    status: int
    code: str
    text: Text
    detail: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


class BackendProblem(BackendError):
    """The backend answered with a problem that repeating the request will not change."""

    def __init__(self, problem: ProblemBody) -> None:
        super().__init__(problem.text, f"{problem.status} {problem.code}: {problem.detail}")
        self.problem = problem

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def status(self) -> int:
        return self.problem.status


OFFLINE_TEXT = T("backend_offline")


def problem_from(response: httpx.Response) -> ProblemBody:
    """Read an RFC 9457 problem document (or anything else) into a `ProblemBody`."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("code") or f"http_{response.status_code}")
    nb, en = body.get("message_nb"), body.get("message_en")
    # the backend's own words when it gave them (both), else ours naming its code
    text = Text.literal(str(nb), str(en or nb)) if nb else T("backend_refused", code=code)
    return ProblemBody(
        status=response.status_code,
        code=code,
        text=text,
        detail=str(body.get("detail") or ""),
        extra=body,
    )




class TerminalClient:
    """One till's connection to the terminal API (Bearer terminal key)."""

    def __init__(self, base_url: str, terminal_key: str, *,
                 timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.terminal_key = terminal_key
        self._client = httpx.AsyncClient(
            base_url=self.base_url + TERMINAL_PREFIX,
            headers={"Authorization": f"Bearer {terminal_key}"},
            timeout=timeout,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> TerminalClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _call(self, method: str, path: str, *, json: Any = None,
                    idempotency_key: str | None = None) -> tuple[httpx.Response, dict]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        try:
            response = await self._client.request(method, path, json=json, headers=headers)
        except httpx.HTTPError as exc:  # connect errors, timeouts, protocol errors
            raise BackendUnavailable(OFFLINE_TEXT, f"{type(exc).__name__}: {exc}") from None
        if is_transient(response.status_code):
            raise BackendUnavailable(OFFLINE_TEXT, f"HTTP {response.status_code} from {path}")
        if response.status_code >= 400:
            raise BackendProblem(problem_from(response))
        try:
            body = response.json()
        except ValueError:
            raise BackendUnavailable(OFFLINE_TEXT, f"{path} answered with no JSON") from None
        return response, body

    # -- the endpoints ---------------------------------------------------------------------

    async def health(self) -> dict:
        """GET /health: is the backend there and is our key accepted?"""
        return (await self._call("GET", "/health"))[1]

    async def lookup_member(self, *, card_number: str | None = None, uid: str | None = None,
                            barcode: str | None = None) -> dict:
        """A `MemberSummary` dict; `BackendProblem` (card_unknown, card_blocked, …) if refused."""
        body = {k: v for k, v in (("card_number", card_number), ("uid", uid),
                                  ("barcode", barcode)) if v}
        return (await self._call("POST", "/members/lookup", json=body))[1]

    async def authorise_coopay(self, *, qr_payload: str, amount_ore: int, purchase_id: str,
                               idempotency_key: str) -> dict:
        """Approve a Coopay payment; a decline is a `BackendProblem` whose text says why."""
        body = {"qr_payload": qr_payload, "amount_ore": amount_ore, "purchase_id": purchase_id}
        return (await self._call("POST", "/coopay/authorisations", json=body,
                                 idempotency_key=idempotency_key))[1]

    async def refund_coopay(self, *, payment_reference: str, amount_ore: int,
                            idempotency_key: str, purchase_id: str | None = None) -> dict:
        body: dict[str, Any] = {"payment_reference": payment_reference, "amount_ore": amount_ore}
        if purchase_id:
            body["purchase_id"] = purchase_id
        return (await self._call("POST", "/coopay/refunds", json=body,
                                 idempotency_key=idempotency_key))[1]

    async def send_purchase(self, purchase_id: str, body: Mapping[str, Any]) -> dict:
        """POST /purchases with `Idempotency-Key: purchase_id`; a replay answers the same."""
        return (await self._call("POST", "/purchases", json=dict(body),
                                 idempotency_key=purchase_id))[1]

    async def send_batch(self, items: Sequence[tuple[str, Mapping[str, Any]]]) -> list[dict]:
        """POST /purchases/batch: one result per item (`status`, `replayed`, `body`), in order."""
        payload = {"items": [{"idempotency_key": key, "purchase": dict(body)}
                             for key, body in items]}
        return (await self._call("POST", "/purchases/batch", json=payload))[1]["results"]
