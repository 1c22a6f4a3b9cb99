"""The HTTP contract's pieces: problem documents, request bodies, settings."""

from __future__ import annotations

import string
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from backend_stub.core.idempotency import check_key, fingerprint
from backend_stub.core.problems import CATALOGUE, ApiProblem
from backend_stub.core.settings import BackendSettings, load_settings
from backend_stub.members.schemas import LookupIn
from backend_stub.purchases.schemas import PurchaseIn
from backend_stub.seeding.sample_purchases import purchase_body

PARAMS = {
    "attempts_left": 3,
    "retry_after_minutes": 15,
    "limit": 9,
    "min_age": 16,
    "refundable_ore": 100,
    "max_items": 500,
}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_problem_renders_in_both_languages(code):
    spec = CATALOGUE[code]
    needed = {f for _, f, _, _ in string.Formatter().parse(spec.message_nb + spec.message_en) if f}
    body = ApiProblem(code, "why", **{k: PARAMS[k] for k in needed}).body()
    assert body["type"] == f"/problems/{code}" and body["status"] == spec.status
    assert body["message_nb"] and body["message_en"] and "{" not in body["message_nb"]
    assert 400 <= spec.status < 600


def test_unknown_problem_codes_are_a_programming_error():
    with pytest.raises(KeyError):
        ApiProblem("no_such_code")


def test_a_sample_purchase_parses_and_fingerprints_stably():
    body = purchase_body(1001, 1)
    parsed = PurchaseIn(**body)
    reordered = dict(reversed(list(body.items())))
    assert fingerprint("p", parsed.model_dump(mode="json")) == fingerprint(
        "p", PurchaseIn(**reordered).model_dump(mode="json")
    )
    assert fingerprint("p", parsed.model_dump(mode="json")) != fingerprint(
        "p", PurchaseIn(**{**body, "receipt_number": "x"}).model_dump(mode="json")
    )


@pytest.mark.parametrize(
    "change",
    [
        {"lines": []},
        {"kind": "return"},  # without original
        {"original_purchase_id": str(uuid.uuid4())},  # not a return
        {"completed_at": "2025-03-01T12:00:00"},  # naive time
        {"member": {"card_number": "1", "uid": "AB"}},  # two identifications
        {"surprise": 1},
        {"purchase_id": "not-a-uuid"},
    ],
)
def test_malformed_purchases_are_refused(change):
    with pytest.raises(ValidationError):
        PurchaseIn(**{**purchase_body(1001, 1), **change})


@given(
    st.dictionaries(
        st.sampled_from(["card_number", "uid", "barcode", "x"]),
        st.one_of(st.text(max_size=40), st.integers(), st.none()),
        max_size=4,
    )
)
def test_lookup_bodies_parse_or_fail_with_a_validation_error(data):
    try:
        parsed = LookupIn(**data)
    except ValidationError:
        return
    assert sum(1 for v in (parsed.card_number, parsed.uid, parsed.barcode) if v) == 1


@given(st.text(max_size=300))
def test_idempotency_keys(text):
    try:
        assert check_key(text) == text
    except ApiProblem as problem:
        assert problem.code in {"idempotency_key_missing", "idempotency_key_invalid"}
    else:
        assert 0 < len(text) <= 255 and text.isascii() and " " not in text


def test_settings_defaults_follow_the_brief(monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("POS_BACKEND_"):
            monkeypatch.delenv(name)
    settings = BackendSettings()
    assert settings.family_max_members == 9 and settings.family_min_age == 16
    assert settings.dividend_rate_bp == 150 and settings.coopay_token_ttl_seconds == 60
    assert settings.otp_ttl_seconds == 300 and settings.otp_lock_seconds == 900
    assert settings.db_url.startswith("sqlite:///var/")
    monkeypatch.setenv("POS_BACKEND_RELOGIN_REMINDER_DAYS_BEFORE", "[1, 14, 7]")
    assert load_settings().relogin_reminder_days_before == [14, 7, 1]
    with pytest.raises(ValidationError):
        BackendSettings(dividend_rate_bp=20_000)


def test_every_problem_code_is_documented():
    from pathlib import Path

    api = (Path(__file__).resolve().parents[4] / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [code for code in CATALOGUE if f"`{code}`" not in api]
    assert missing == [], f"document these problem codes in docs/api.md: {missing}"
