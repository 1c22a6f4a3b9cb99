"""Parsers at the till's edges: the backend's problem documents and the typed-input line."""

from __future__ import annotations

import httpx
from hypothesis import given
from hypothesis import strategies as st

from pos.formats.member_card import DEFAULT_FORMAT
from pos.sync.client import problem_from
from pos.sync.worker import is_definitive
from pos.till.lines import QUANTITY_PREFIX
from pos.till.members import masked_identifier
from pos.till.operators import LoginFailed, Operators, make_operator


def test_problem_document_gives_code_and_both_languages():
    response = httpx.Response(402, json={
        "code": "payment_session_logged_out", "message_nb": "Logg inn på nytt i Coop-appen.",
        "message_en": "Log in again in the Coop app.", "detail": "session ended"})
    problem = problem_from(response)
    assert problem.code == "payment_session_logged_out"
    assert problem.text.nb.startswith("Logg inn") and problem.text.en.startswith("Log in")


@given(st.integers(400, 599), st.one_of(st.binary(max_size=200), st.none()))
def test_any_answer_becomes_a_problem_with_text(status, body):
    response = httpx.Response(status, content=body or b"")
    problem = problem_from(response)
    assert problem.status == status and problem.code and problem.text.nb and problem.text.en


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8))
def test_any_json_body_becomes_a_problem(body):
    problem = problem_from(httpx.Response(422, json=body))
    assert isinstance(problem.code, str) and problem.code


def test_auth_and_rate_limits_are_not_definitive():
    from pos.domain.texts import Text
    from pos.sync.client import BackendProblem, ProblemBody

    def problem(status):
        return BackendProblem(ProblemBody(status, "x", Text.literal("x", "x")))

    assert [is_definitive(problem(s)) for s in (401, 403, 429, 409, 422, 404)] == [
        False, False, False, True, True, True]


@given(st.integers(1, 999), st.sampled_from(["*", " * ", "*  "]), st.text(max_size=20))
def test_quantity_prefix(quantity, star, rest):
    match = QUANTITY_PREFIX.match(f"{quantity}{star}{rest}")
    assert match is not None and int(match.group(1)) == quantity


@given(st.text(alphabet="0123456789", min_size=1, max_size=13))
def test_plain_codes_are_not_quantity_prefixes(code):
    assert QUANTITY_PREFIX.match(code) is None


@given(st.integers(0, 999_999_999))
def test_member_numbers_are_masked_to_four_digits(serial):
    number = DEFAULT_FORMAT.make(serial)
    shown = masked_identifier(number, None)
    assert number not in shown and shown.endswith(number[-4:])
    assert sum(ch.isdigit() for ch in shown) <= 4


@given(st.text(alphabet="0123456789ABCDEF", min_size=8, max_size=20))
def test_card_uids_are_masked(uid):
    shown = masked_identifier(None, uid)
    assert uid not in shown or len(uid) <= 4
    assert shown.endswith(uid[-4:])


def test_operators_check_pins_and_hide_them():
    operators = Operators([make_operator("7", "Test", "4321")])
    assert operators.authenticate("7", "4321").name == "Test"
    for pin in ("1234", "", "43210"):
        try:
            operators.authenticate("7", pin)
        except LoginFailed as failed:
            assert "PIN" in failed.message("nb")
        else:
            raise AssertionError("a wrong PIN was accepted")
    assert "4321" not in repr(operators.get("7"))


def test_operators_from_file(tmp_path):
    path = tmp_path / "ops.toml"
    path.write_text('[[operator]]\nid = "9"\nname = "Nina"\npin = "9999"\n', encoding="utf-8")
    assert Operators.from_file(path).authenticate("9", "9999").name == "Nina"
