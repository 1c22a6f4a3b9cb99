"""`LeanRoute`: the fast path answers when it can; when it declines, FastAPI's handler
answers the same request (its body read once), with its validation and dependencies."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel

from backend_stub.core.lean_route import LeanRoute, fast_path


class Item(BaseModel):
    name: str


async def _fast(request: Request):
    body = await request.body()
    if request.headers.get("x-fast") != "yes":
        return None
    return JSONResponse(await echo(Item.model_validate_json(body), via="fast"))


def _app() -> FastAPI:
    router = APIRouter(route_class=LeanRoute)

    @router.post("/echo")
    @fast_path(_fast)
    async def echo_route(item: Item, via: str = Header(default="full", alias="x-via")) -> dict:
        return await echo(item, via)

    @router.post("/plain")
    async def plain(item: Item) -> dict:
        return {"name": item.name}

    app = FastAPI()
    app.include_router(router)
    return app


async def echo(item: Item, via: str) -> dict:
    return {"name": item.name, "via": via}


def test_the_fast_path_answers_and_a_declined_request_reaches_fastapi():
    with TestClient(_app()) as http:
        fast = http.post("/echo", json={"name": "a"}, headers={"x-fast": "yes"})
        full = http.post("/echo", json={"name": "b"}, headers={"x-via": "fastapi"})
        invalid = http.post("/echo", json={"nom": "c"})
        plain = http.post("/plain", json={"name": "d"})
    assert fast.json() == {"name": "a", "via": "fast"}
    assert full.json() == {"name": "b", "via": "fastapi"}  # the body, read once, reached it
    assert invalid.status_code == 422  # FastAPI's own validation answer
    assert plain.json() == {"name": "d"}  # a route without a fast path is an ordinary route


def test_the_operation_is_documented_as_declared():
    spec = _app().openapi()
    operation = spec["paths"]["/echo"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Item"
    )
    assert [p["name"] for p in operation["parameters"]] == ["x-via"]
