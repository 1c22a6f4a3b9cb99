"""The journal's event vocabulary, and how each event maps onto SAF-T Cash Register.

Why a closed vocabulary: the cash register regulation asks the journal to hold
specific things (logins, drawer openings, copies, voids, training …) and the
SAF-T export must turn each of them into a code from the tax administration's
lists. A typo'd event type would silently fall out of both, so unknown types
are refused; a new kind of event is added here together with its SAF-T mapping.

The mapping (`SAFT_MAPPING`) is the plan for the later SAF-T export:
`element` says where the event ends up (`event` → `<event>` with a 13xxx code,
`cashtransaction` → a signed `<cashtransaction>` with an 11xxx type, `ctLine`
→ a line of the transaction, `payment` → a `<payment>` with a 12xxx code,
`none` → kept in the journal only), `code` the predefined SAF-T code and
`basic_id` our own `basicID` declared in `<basics>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos.journal.errors import JournalError


class EventType(StrEnum):
    # the application and the operator
    APP_STARTED = "app.started"
    APP_STOPPED = "app.stopped"
    APP_UPDATED = "app.updated"
    OPERATOR_LOGIN = "operator.login"
    OPERATOR_LOGOUT = "operator.logout"
    TRAINING_ON = "training.on"
    TRAINING_OFF = "training.off"
    SIGNING_KEY_CREATED = "signing.key_created"
    JOURNAL_EXPORTED = "journal.exported"
    # a sale's life
    SALE_STARTED = "sale.started"
    SALE_SUSPENDED = "sale.suspended"
    SALE_RESUMED = "sale.resumed"
    SALE_COMPLETED = "sale.completed"
    SALE_VOIDED = "sale.voided"
    # operations inside an open sale (replayed to rebuild it after a crash); the terminal's
    # answer may also come for a sale that is already closed
    LINE_ADDED = "sale.line_added"
    QUANTITY_CHANGED = "sale.quantity_changed"
    LINE_VOIDED = "sale.line_voided"
    DISCOUNT_APPLIED = "sale.discount_applied"
    MEMBER_ATTACHED = "sale.member_attached"
    MEMBER_DETACHED = "sale.member_detached"
    AGE_CONFIRMED = "sale.age_confirmed"
    AGE_REFUSED = "sale.age_refused"
    TENDER_ADDED = "sale.tender_added"
    TENDER_VOIDED = "sale.tender_voided"
    PAYMENT_TERMINAL_REQUESTED = "payment.terminal_requested"
    PAYMENT_TERMINAL_RESULT = "payment.terminal_result"
    # around sales
    RECEIPT_PRINTED = "receipt.printed"
    RECEIPT_COPY_PRINTED = "receipt.copy_printed"
    RECEIPT_PROVISIONAL_PRINTED = "receipt.provisional_printed"
    RECEIPT_NOT_PRINTED = "receipt.not_printed"
    DRAWER_OPENED = "drawer.opened"
    DRAWER_CLOSED = "drawer.closed"
    PRICE_LOOKUP = "price.lookup"
    PRICE_CHANGED = "price.changed"
    REPORT_X = "report.x"
    REPORT_Z = "report.z"
    # cash management (the drawer's money between sales)
    CASH_FLOAT = "cash.float"
    CASH_WITHDRAWN = "cash.withdrawn"
    CASH_COUNTED = "cash.counted"


SALE_OPERATIONS = frozenset(
    {
        EventType.LINE_ADDED,
        EventType.QUANTITY_CHANGED,
        EventType.LINE_VOIDED,
        EventType.DISCOUNT_APPLIED,
        EventType.MEMBER_ATTACHED,
        EventType.MEMBER_DETACHED,
        EventType.AGE_CONFIRMED,
        EventType.AGE_REFUSED,
        EventType.TENDER_ADDED,
        EventType.TENDER_VOIDED,
    }
)
"""Events that belong to the open sale: they need its sale id and are refused for any other.

`payment.terminal_result` is not one of them: a terminal may answer late (approved
after the till gave up and voided the sale), and that answer must still be recorded.
"""

SALE_LIFECYCLE = frozenset(
    {
        EventType.SALE_STARTED,
        EventType.SALE_SUSPENDED,
        EventType.SALE_RESUMED,
        EventType.SALE_COMPLETED,
        EventType.SALE_VOIDED,
    }
)
"""Events that change whether a sale is open; the last of them says what the sale is now."""

SIGNED_ENDS = frozenset({EventType.SALE_COMPLETED, EventType.SALE_VOIDED})
"""Sale ends that are cash transactions: numbered and signed (`Journal.complete_sale/void_sale`)."""

SESSION_EVENTS = frozenset(
    {
        EventType.OPERATOR_LOGIN,
        EventType.OPERATOR_LOGOUT,
        EventType.TRAINING_ON,
        EventType.TRAINING_OFF,
        EventType.SIGNING_KEY_CREATED,
    }
)
"""Events that change who works the register or how; written by dedicated `Journal` methods."""


def event_type(value: str) -> EventType:
    """`EventType(value)` with an error that lists the vocabulary instead of a bare ValueError."""
    try:
        return EventType(value)
    except ValueError:
        known = ", ".join(sorted(e.value for e in EventType))
        raise JournalError(f"unknown journal event type {value!r}; known types: {known}") from None


@dataclass(frozen=True)
class SaftMapping:
    element: str
    code: str | None
    basic_id: str | None
    note: str = ""


_E = SaftMapping
SAFT_MAPPING: dict[EventType, SaftMapping] = {
    EventType.APP_STARTED: _E("event", "13001", "POSSTART"),
    EventType.APP_STOPPED: _E("event", "13002", "POSEND"),
    EventType.APP_UPDATED: _E("event", "13007", "POSUPDATE"),
    EventType.OPERATOR_LOGIN: _E("event", "13003", "EMPIN"),
    EventType.OPERATOR_LOGOUT: _E("event", "13004", "EMPOUT"),
    EventType.TRAINING_ON: _E("event", "13023", "TRAINON"),
    EventType.TRAINING_OFF: _E("event", "13024", "TRAINOFF"),
    EventType.SIGNING_KEY_CREATED: _E("event", "13999", "KEYCREATED", "eventText: key version"),
    EventType.JOURNAL_EXPORTED: _E("event", "13020", "JOURNALEXPORT"),
    EventType.SALE_STARTED: _E("none", None, None, "opens the cash transaction (transID)"),
    EventType.SALE_SUSPENDED: _E("event", "13010", "SUSPEND"),
    EventType.SALE_RESUMED: _E("event", "13011", "RESUME"),
    EventType.SALE_COMPLETED: _E(
        "cashtransaction", "11001", "CASHSAL", "kind=return → 11006 RETURNSAL; nr, signature"
    ),
    EventType.SALE_VOIDED: _E(
        "cashtransaction", "11001", "CASHSAL", "voidTransaction=true; nr, signature"
    ),
    EventType.LINE_ADDED: _E("ctLine", None, "SAL", "lineType SAL, or RET for a returned item"),
    EventType.QUANTITY_CHANGED: _E("ctLine", None, "SAL", "folds into the line's final qnt"),
    EventType.LINE_VOIDED: _E(
        "event", "13999", "LINEDELETE", "as in the official example; Z: reportCorrLines"
    ),
    EventType.DISCOUNT_APPLIED: _E("ctLine", "08", "DISCOUNT", "ctLine/discount"),
    EventType.MEMBER_ATTACHED: _E("none", None, None, "personal data: only the backend gets it"),
    EventType.MEMBER_DETACHED: _E("none", None, None),
    EventType.AGE_CONFIRMED: _E("event", "13999", "AGECHECK"),
    EventType.AGE_REFUSED: _E("event", "13999", "AGEREFUSED"),
    EventType.TENDER_ADDED: _E(
        "payment",
        "12001",
        "CASH",
        "by method: cash 12001 CASH, card 12002 DEBCARD, Coopay 12011 COOPAY, deposit 12008",
    ),
    EventType.TENDER_VOIDED: _E("none", None, None, "only final payments are exported"),
    EventType.PAYMENT_TERMINAL_REQUESTED: _E(
        "none", None, None, "the request before the answer: lets a restarted till ask the "
        "terminal what became of it; only its result is exported"),
    EventType.PAYMENT_TERMINAL_RESULT: _E(
        "payment", "12002", "DEBCARD", "approved → paymentRefID; declined → event 13999"
    ),
    EventType.RECEIPT_PRINTED: _E(
        "event",
        "13012",
        "SALREC",
        "return → 13013 RETREC, training → 13017 TRAINREC, void → 13028 VOIDREC",
    ),
    EventType.RECEIPT_COPY_PRINTED: _E("event", "13014", "COPYREC"),
    EventType.RECEIPT_PROVISIONAL_PRINTED: _E("event", "13015", "PROVREC"),
    EventType.RECEIPT_NOT_PRINTED: _E("event", "13030", "NORECEIPT"),
    EventType.DRAWER_OPENED: _E("event", "13005", "DRAWOPEN", "manual → DRAWOPENMAN"),
    EventType.DRAWER_CLOSED: _E("event", "13006", "DRAWCLOSE"),
    EventType.PRICE_LOOKUP: _E("event", "13022", "PRICELOOKUP"),
    EventType.PRICE_CHANGED: _E("event", "13021", "PRICECHANGE"),
    EventType.REPORT_X: _E("event", "13008", "XREP"),
    EventType.REPORT_Z: _E("event", "13009", "ZREP", "with eventReport"),
    EventType.CASH_FLOAT: _E("event", "13999", "CASHFLOAT", "Z: reportOpeningChangeFloat"),
    EventType.CASH_WITHDRAWN: _E("event", "13019", "CASHWITHDRAW", "Z: reportPayOuts"),
    EventType.CASH_COUNTED: _E("event", "13999", "CASHCOUNT", "counted vs expected cash"),
}
