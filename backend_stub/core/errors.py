"""Every error leaves as RFC 9457 problem+json with a stable `code` (backend_stub.problems).

Validation errors list what is wrong but never echo the input back: a rejected body
may hold a card number or a national id, and error responses end up in logs.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend_stub.core.idempotency import Outcome
from backend_stub.core.problems import ApiProblem

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("backend_stub")


def problem_response(problem: ApiProblem) -> JSONResponse:
    headers = {}
    retry = problem.params.get("retry_after_seconds")
    if retry is not None:
        headers["Retry-After"] = str(retry)
    if problem.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(problem.body(), problem.status, headers=headers, media_type=PROBLEM_JSON)


def idempotent_answer(outcome: Outcome, success_status: int) -> JSONResponse:
    """An idempotent write's answer (perhaps a stored one): the route's success status
    with JSON, or the refusal's own status with a problem document."""
    headers = {"Idempotent-Replayed": "true" if outcome.replayed else "false"}
    status, media = (
        (success_status, "application/json")
        if outcome.problem_status is None
        else (outcome.problem_status, PROBLEM_JSON)
    )
    return Response(outcome.json_text(), status, headers=headers, media_type=media)


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    return [
        {
            "loc": [str(p) for p in err.get("loc", ())],
            "msg": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in exc.errors()
    ]


_SPECIFIC = {
    ("header", "Idempotency-Key", "missing"): "idempotency_key_missing",
    ("header", "Idempotency-Key", None): "idempotency_key_invalid",
    ("body", "phone", None): "phone_invalid",
    ("query", "phone", None): "phone_invalid",
    ("body", "national_id", None): "national_id_invalid",
}
"""Schema refusals that have a problem of their own (what the phone and till show a person):
the schema documents the rule, the answer keeps its specific code."""


def _specific_code(errors: list[dict]) -> str | None:
    if len(errors) != 1:
        return None
    loc, kind = errors[0]["loc"], errors[0]["type"]
    if len(loc) < 2 or kind == "extra_forbidden":  # a field the body must not have
        return None
    where, field = loc[0], loc[-1]
    return _SPECIFIC.get((where, field, kind)) or _SPECIFIC.get((where, field, None))


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        log.info("%s %s → %s %s: %s", request.method, request.url.path, exc.status, exc.code,
                 exc.detail)  # fmt: skip
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": ""}
        detail = f"{'.'.join(first['loc'])}: {first['msg']}" if errors else "invalid request"
        specific = _specific_code(errors)
        if specific is not None:
            return problem_response(ApiProblem(specific, detail))
        problem = ApiProblem("validation_failed", detail, errors=errors)
        return problem_response(problem)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "body_unreadable", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code)
        extra = dict(exc.headers or {})  # e.g. `Allow` on a 405
        if code is None:
            body = {
                "type": "about:blank",
                "title": str(exc.detail),
                "status": exc.status_code,
                "detail": str(exc.detail),
                "code": f"http_{exc.status_code}",
            }
            return JSONResponse(body, exc.status_code, headers=extra, media_type=PROBLEM_JSON)
        response = problem_response(ApiProblem(code, str(exc.detail)))
        response.headers.update(extra)
        return response

    app.add_middleware(CrashAsProblem)


class CrashAsProblem:
    """An unexpected error becomes a 500 problem document, and the connection stays usable.

    Why not `exception_handler(Exception)`: Starlette answers such a handler from its
    outermost middleware and then re-raises, so the server drops the keep-alive
    connection and the client's next request on it fails (a till reads that as
    "offline"). Caught here, inside the app, it is an ordinary answer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.exception("unhandled error")
            if started:  # half an answer is already out: nothing better than closing
                raise
            response = problem_response(ApiProblem("internal_error", type(exc).__name__))
            await response(scope, receive, send)
