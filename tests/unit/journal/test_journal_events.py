"""The event vocabulary maps onto the tax administration's SAF-T Cash Register code lists."""

from __future__ import annotations

from pos.compliance.saft_schema import code_list
from pos.journal.events import (
    SAFT_MAPPING,
    SALE_LIFECYCLE,
    SALE_OPERATIONS,
    SESSION_EVENTS,
    SIGNED_ENDS,
    EventType,
)


def _codes(list_id: str) -> set[str]:
    """The official code list shipped with the package (never a path on this machine)."""
    return set(code_list(f"PredefinedBasicID-{list_id}"))


def test_every_event_type_has_a_saft_mapping():
    assert set(SAFT_MAPPING) == set(EventType)


def test_every_mapped_code_is_in_the_official_code_lists():
    lists = {"event": _codes("13"), "cashtransaction": _codes("11"), "payment": _codes("12")}
    for event, mapping in SAFT_MAPPING.items():
        if mapping.element in lists:
            assert mapping.code in lists[mapping.element], (event, mapping.code)


def test_the_regulated_events_map_to_their_own_codes():
    expected = {
        EventType.APP_STARTED: "13001",
        EventType.OPERATOR_LOGIN: "13003",
        EventType.OPERATOR_LOGOUT: "13004",
        EventType.DRAWER_OPENED: "13005",
        EventType.REPORT_X: "13008",
        EventType.REPORT_Z: "13009",
        EventType.RECEIPT_COPY_PRINTED: "13014",
        EventType.PRICE_LOOKUP: "13022",
        EventType.TRAINING_ON: "13023",
        EventType.TRAINING_OFF: "13024",
    }
    for event, code in expected.items():
        assert SAFT_MAPPING[event].code == code


def test_cash_transactions_are_the_signed_sale_ends():
    signed = {e for e, m in SAFT_MAPPING.items() if m.element == "cashtransaction"}
    assert signed == set(SIGNED_ENDS) <= SALE_LIFECYCLE


def test_the_groups_do_not_overlap():
    assert not SALE_OPERATIONS & SALE_LIFECYCLE
    assert not SESSION_EVENTS & (SALE_OPERATIONS | SALE_LIFECYCLE)
