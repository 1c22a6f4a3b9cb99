"""Member cards at the till: barcode, magstripe, RFID or NFC, at any time during a sale.

The backend says who the card belongs to (`POST /members/lookup`); the till
gets an opaque `MemberRef` (masked number, owner or family member of whom) and
never more. A refused card (unknown, blocked, lost) is shown with the backend's
reason and not attached. While the backend is unreachable the card is accepted
anyway: the read is kept durably (`PendingCardReads`, in the journal's file and
the same commit as the attach) and the purchase carries the card's number or
UID, so the backend credits the right member at ingest; the sync worker also
resolves the pending read when the backend is back.
"""

from __future__ import annotations

from pos.domain.member import MemberRef
from pos.formats.member_card import mask_number
from pos.sync.card_reads import PendingCardReads
from pos.sync.client import BackendProblem, BackendUnavailable
from pos.till.events import MemberChanged
from pos.till.ports import MemberBackend
from pos.till.session import TillSession
from pos.till.texts import T

PENDING_PREFIX = "pending-"
UID_SOURCES = ("rfid", "nfc")
NO_BACKEND = T("no_backend_set_up")
TAKEN_OFFLINE = T("member_card_taken_offline")


def masked_identifier(card_number: str | None, uid: str | None) -> str:
    """What the screen and receipt may show of a card: at most its last four characters."""
    if card_number:
        return mask_number(card_number)
    tail = (uid or "")[-4:]
    return f"UID …{tail}"


def member_from_summary(summary: dict, fallback_masked: str) -> MemberRef:
    masked = summary.get("masked_card") or fallback_masked
    return MemberRef(
        member_ref=str(summary["member_ref"]),
        masked_card=masked,
        role=summary.get("role") or "owner",
        initials=summary.get("initials") or "",
        owner_initials=summary.get("owner_initials") or "",
    )


class Members:
    def __init__(self, session: TillSession, *, backend: MemberBackend | None,
                 card_reads: PendingCardReads) -> None:
        self.session = session
        self.backend = backend
        self.card_reads = card_reads

    async def present_card(self, *, card_number: str | None = None, uid: str | None = None,
                           source: str = "scanner") -> MemberRef | None:
        """A member card was read; attach its member to the (new or open) sale.

        Returns the attached member, or None when the card was refused (a
        `Notice` says why). Never raises for backend trouble: offline → pending.
        """
        session = self.session
        session.require_operator()
        session.require_not_paying()
        if not (card_number or uid):
            raise ValueError("a card read needs a card number or a UID")
        masked = masked_identifier(card_number, uid)
        try:
            if self.backend is None:
                raise BackendUnavailable(NO_BACKEND)
            summary = await self.backend.lookup_member(card_number=card_number, uid=uid)
        except BackendProblem as problem:
            session.notice("error", problem.text, problem.code)
            session.emit(MemberChanged(None))
            return None
        except BackendUnavailable:
            return self._attach_pending(card_number, uid, source, masked)
        member = member_from_summary(summary, masked)
        self.attach(member)
        return member

    def attach(self, member: MemberRef) -> None:
        """A member the backend confirmed (a card, Coopay, a ShopExpress trip) joins the sale."""
        with self.session.recording() as sale:
            sale.attach_member(member)
        self.session.sale_changed()
        self.session.emit(MemberChanged(member))

    def _attach_pending(self, card_number: str | None, uid: str | None, source: str,
                        masked: str) -> MemberRef:
        """Offline: accept the card, keep the read durably, resolve later."""
        with self.session.recording() as sale:
            if uid and source not in UID_SOURCES:
                source = "nfc"  # the source decides later whether the value is a UID
            read = self.card_reads.add(uid or card_number or "", source=source,
                                       sale_id=sale.sale_id)
            member = MemberRef(f"{PENDING_PREFIX}{read.id}", masked)
            sale.attach_member(member)
        self.session.notice("warning", TAKEN_OFFLINE, "member_pending")
        self.session.sale_changed()
        self.session.emit(MemberChanged(member, pending=True))
        return member

    def identification(self) -> dict[str, str] | None:
        """What the purchase says about the member: a ref, or the pending card's number/UID."""
        member = self.session.require_sale().member
        if member is None:
            return None
        if not member.member_ref.startswith(PENDING_PREFIX):
            return {"member_ref": member.member_ref}
        read = self.card_reads.get(int(member.member_ref[len(PENDING_PREFIX):]))
        if read is None:
            return None
        if read.member_ref:
            return {"member_ref": read.member_ref}
        field = "uid" if read.source in UID_SOURCES else "card_number"
        return {field: read.card_number}

    def detach(self) -> None:
        self.session.require_not_paying()
        self.session.require_sale()
        with self.session.recording() as sale:
            sale.detach_member()
        self.session.sale_changed()
        self.session.emit(MemberChanged(None))
