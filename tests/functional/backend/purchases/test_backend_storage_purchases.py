"""Purchase ingest exactly once, earnings and returns, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from backend_stub.core.problems import ApiProblem
from backend_stub.members import service as members
from backend_stub.purchases import ledger
from backend_stub.purchases import service as purchases
from backend_stub.purchases.models import LedgerEntry, Purchase, PurchaseLine
from backend_stub.purchases.schemas import BatchItemIn, PurchaseIn
from backend_stub.seeding.demo import DEMO_STORE, PEOPLE
from backend_stub.seeding.sample_purchases import purchase_body, sample_lines
from backend_stub.terminals import service as terminals
from pos.formats.member_card import DEFAULT_FORMAT

DEMO = {p.key: p for p in PEOPLE}


def _ingest(backend, till, body: dict, key: str | None = None):
    return purchases.ingest(backend, till, key or body["purchase_id"], PurchaseIn(**body))


def _membership_of(backend, key: str):
    with backend.db.reading() as session:
        return members.find_card(session, card_number=DEMO[key].card_number)[1].membership.id


def _counts(backend) -> tuple[int, int, int]:
    with backend.db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Purchase)),
            session.scalar(select(func.count()).select_from(PurchaseLine)),
            session.scalar(select(func.count()).select_from(LedgerEntry)),
        )


def _line(amount: int, group: str = "meieri", eligible: bool = True, n: int = 1) -> dict:
    return {
        "line_no": n,
        "name": f"Vare {n}",
        "product_group": group,
        "quantity": 1,
        "unit_price_ore": amount,
        "amount_ore": amount,
        "vat_rate": 15,
        "dividend_eligible": eligible,
    }


def test_a_member_purchase_earns_dividend_and_bonus_for_the_owner(backend, till):
    lines = [
        _line(10_000, "meieri", n=1),
        _line(5_000, "frukt_gront", n=2),
        _line(200, "pant", eligible=False, n=3),
    ]
    body = purchase_body(
        DEMO_STORE, 2, lines=lines, member={"card_number": DEMO["kari"].card_number}
    )
    outcome = _ingest(backend, till, body)
    assert outcome.problem_status is None and not outcome.replayed
    earned = outcome.body["earned"]
    assert earned["eligible_ore"] == 15_000
    assert earned["dividend_rate_bp"] == 150 and earned["dividend_ore"] == 225  # 1.5 %
    assert earned["bonus_ore"] == 100  # 2 % on frukt og grønt
    assert outcome.body["member"]["member"]["initials"] == "KN"
    assert outcome.body["account"]["masked_member_number"].endswith(
        outcome.body["account"]["masked_member_number"][-4:]
    )
    assert "*" in outcome.body["account"]["masked_member_number"]
    with backend.db.reading() as session:
        assert ledger.balances(session, _membership_of(backend, "kari")) == {
            "bonus_ore": 100,
            "dividend_ore": 225,
        }


def test_family_purchase_credits_the_owner_and_records_the_buyer(backend, till):
    body = purchase_body(
        DEMO_STORE, 2, lines=[_line(20_000)], member={"card_number": DEMO["emma"].card_number}
    )
    outcome = _ingest(backend, till, body)
    assert outcome.body["member"]["member"]["role"] == "family"
    assert outcome.body["account"]["owner_initials"] == "ON"
    with backend.db.reading() as session:
        entries = ledger.entries(session, _membership_of(backend, "ola"))
    assert {e["kind"]: e["amount_ore"] for e in entries} == {"dividend": 300}
    assert entries[0]["bought_by"]["initials"] == "EN"


def test_same_key_same_body_replays_the_original_answer(backend, till):
    body = purchase_body(DEMO_STORE, 2, member={"card_number": DEMO["kari"].card_number})
    first = _ingest(backend, till, body)
    counts = _counts(backend)
    again = _ingest(backend, till, body)
    assert again.replayed and again.body == first.body
    assert again.problem_status == first.problem_status
    assert _counts(backend) == counts


def test_same_key_different_body_is_refused(backend, till):
    body = purchase_body(DEMO_STORE, 2)
    _ingest(backend, till, body)
    changed = {**body, "receipt_number": "other"}
    with pytest.raises(ApiProblem) as caught:
        _ingest(backend, till, changed, key=body["purchase_id"])
    assert caught.value.code == "idempotency_key_reused" and caught.value.status == 409


def test_same_purchase_under_another_key_is_not_counted_twice(backend, till):
    body = purchase_body(DEMO_STORE, 2, member={"card_number": DEMO["kari"].card_number})
    _ingest(backend, till, body)
    counts = _counts(backend)
    outcome = _ingest(backend, till, body, key="another-key")
    assert outcome.problem_status == 409 and outcome.body["code"] == "purchase_id_conflict"
    assert _counts(backend) == counts


def test_concurrent_duplicates_are_recorded_once(backend, till):
    body = purchase_body(DEMO_STORE, 2, member={"card_number": DEMO["kari"].card_number})
    results, errors = [], []
    barrier = threading.Barrier(8)

    def send():
        barrier.wait()
        try:
            results.append(_ingest(backend, till, body))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(results) == 8 and sum(not r.replayed for r in results) == 1
    assert {r.body["purchase_id"] for r in results} == {body["purchase_id"]}
    with backend.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Purchase)) == 1
        assert (
            ledger.balances(session, _membership_of(backend, "kari"))["dividend_ore"]
            == (results[0].body["earned"]["dividend_ore"])
        )


def test_offline_card_reads_resolve_at_ingest_and_bad_cards_never_lose_the_sale(backend, till):
    cases = {
        "uid": ({"uid": DEMO["kari"].rfid_uid}, True),
        "card": ({"barcode": DEMO["kari"].card_number}, True),
        "card_blocked": ({"card_number": DEMO["lise"].card_number}, False),
        "card_lost": ({"card_number": DEMO["ingrid"].card_number}, False),
        "card_unknown": ({"card_number": DEFAULT_FORMAT.make(999_999_998)}, False),
        "card_number_invalid": ({"card_number": "1234"}, False),
        "member_unknown": ({"member_ref": "mnosuchmember"}, False),
    }
    for reason, (ident, credited) in cases.items():
        outcome = _ingest(backend, till, purchase_body(DEMO_STORE, 2, member=ident))
        assert outcome.problem_status is None, reason
        assert outcome.body["member"] == {
            **outcome.body["member"],
            "resolved": credited,
            "reason": reason,
        }
        assert (outcome.body["earned"]["dividend_ore"] > 0) == credited, reason
    assert _counts(backend)[0] == len(cases)


def test_totals_must_add_up(backend, till):
    body = purchase_body(DEMO_STORE, 2)
    body["totals"]["total_ore"] += 1
    with pytest.raises(ApiProblem) as caught:
        _ingest(backend, till, body)
    assert caught.value.code == "totals_mismatch"
    body = purchase_body(DEMO_STORE, 2, tenders=[{"kind": "cash", "amount_ore": 100}])
    with pytest.raises(ApiProblem) as caught:
        _ingest(backend, till, body)
    assert caught.value.code == "totals_mismatch"
    assert _counts(backend)[0] == 0


def test_voided_lines_and_training_earn_nothing(backend, till):
    lines = [_line(10_000, n=1), {**_line(50_000, n=2), "voided": True}]
    outcome = _ingest(
        backend,
        till,
        purchase_body(DEMO_STORE, 2, lines=lines, member={"card_number": DEMO["kari"].card_number}),
    )
    assert outcome.body["earned"]["eligible_ore"] == 10_000
    training = _ingest(
        backend,
        till,
        purchase_body(
            DEMO_STORE,
            2,
            lines=[_line(10_000)],
            training=True,
            member={"card_number": DEMO["kari"].card_number},
        ),
    )
    assert training.body["earned"]["dividend_ore"] == 0 and training.body["account"] is None


def test_terminal_cannot_record_for_another_store(backend, till):
    with pytest.raises(ApiProblem) as caught:
        _ingest(backend, till, purchase_body(1002, 2))
    assert caught.value.code == "store_mismatch"


def test_store_dividend_rate_applies(backend):
    with backend.db.writing() as session:
        _, row = terminals.add_terminal(backend, session, store_id=1002, register=1)
    bergen = terminals.TerminalIdentity(row.id, 1002, 1)
    outcome = _ingest(
        backend,
        bergen,
        purchase_body(
            1002, 1, lines=[_line(10_000)], member={"card_number": DEMO["kari"].card_number}
        ),
    )
    assert outcome.body["earned"]["dividend_rate_bp"] == 200
    assert outcome.body["earned"]["dividend_ore"] == 200


def test_returns_reverse_what_was_earned_and_no_more(backend, till):
    lines = [_line(10_000, "frukt_gront", n=1), _line(10_000, "meieri", n=2)]
    sale = purchase_body(
        DEMO_STORE, 2, lines=lines, member={"card_number": DEMO["emma"].card_number}
    )
    earned = _ingest(backend, till, sale).body["earned"]
    assert (earned["dividend_ore"], earned["bonus_ore"]) == (300, 200)
    back = [{**_line(-10_000, "frukt_gront", n=1), "quantity": -1}]
    ret = purchase_body(
        DEMO_STORE, 2, kind="return", lines=back, original_purchase_id=sale["purchase_id"]
    )
    reversed_ = _ingest(backend, till, ret).body
    assert reversed_["earned"]["dividend_ore"] == -150 and reversed_["earned"]["bonus_ore"] == -200
    assert reversed_["member"]["reason"] == "original_purchase"
    with backend.db.reading() as session:
        assert ledger.balances(session, _membership_of(backend, "ola")) == {
            "bonus_ore": 0,
            "dividend_ore": 150,
        }
    too_much = purchase_body(
        DEMO_STORE,
        2,
        kind="return",
        lines=[{**_line(-10_001, n=1), "quantity": -1}],
        original_purchase_id=sale["purchase_id"],
    )
    refused = _ingest(backend, till, too_much)  # a typed answer, stored for retries
    assert (refused.problem_status, refused.body["code"]) == (422, "return_exceeds_original")


def test_return_of_an_unknown_purchase(backend, till):
    ret = purchase_body(
        DEMO_STORE,
        2,
        kind="return",
        lines=[{**_line(-100), "quantity": -1}],
        original_purchase_id="00000000-0000-4000-8000-000000000000",
    )
    refused = _ingest(backend, till, ret)
    assert (refused.problem_status, refused.body["code"]) == (422, "original_purchase_unknown")
    assert _counts(backend)[0] == 0


def test_batch_gives_each_item_its_own_answer(backend, till):
    good = purchase_body(DEMO_STORE, 2, member={"card_number": DEMO["kari"].card_number})
    bad = purchase_body(DEMO_STORE, 2)
    bad["totals"]["total_ore"] += 5
    items = [
        BatchItemIn(idempotency_key=b["purchase_id"], purchase=PurchaseIn(**b))
        for b in (good, bad, good)
    ]
    results = purchases.ingest_batch(backend, till, items)
    assert [(r.problem_status, r.replayed) for r in results] == [
        (None, False),
        (422, False),
        (None, True),
    ]
    assert results[1].body["code"] == "totals_mismatch"
    assert _counts(backend)[0] == 1


def test_ten_line_purchase_keeps_every_line(backend, till):
    lines = sample_lines(10, voided=True)
    _ingest(backend, till, purchase_body(DEMO_STORE, 2, lines=lines))
    with backend.db.reading() as session:
        stored = session.scalars(select(PurchaseLine).order_by(PurchaseLine.line_no)).all()
    assert [(s.gtin, s.amount_ore, s.voided) for s in stored] == [
        (x["gtin"], x["amount_ore"], x["voided"]) for x in lines
    ]
