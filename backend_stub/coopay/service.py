"""Coopay: one-time QR tokens for a logged-in app, authorised by the till.

The app asks for a token; the backend makes 16 random bytes, stores only their
SHA-256, and returns the QR payload (docs/coopay.md) with a MAC under a key only the
backend holds. The till scans the QR and asks to authorise an amount with it. The
token is single-use, lives 60 s, is bound to the app session that asked for it
(logging out kills it), and names nobody in clear.

Declines are typed problems (HTTP 402) with a `decline_reason` and a message for
the shopper; an approval returns a payment reference that purchases and refunds
cite. Authorisations and refunds are idempotent like purchases.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend_stub.coopay.models import CoopayPayment, CoopayRefund, CoopayToken
from backend_stub.core import idempotency
from backend_stub.core.context import Backend
from backend_stub.core.problems import ApiProblem
from backend_stub.core.security import random_ref, sha256_hex
from backend_stub.login import sessions
from backend_stub.login.models import AppSession, DigitalAccount
from backend_stub.login.sessions import AppAuth
from backend_stub.members import service as members
from backend_stub.purchases.rules import check_terminal
from backend_stub.terminals.service import TerminalIdentity
from pos.formats.coopay_qr import (
    COOPAY_AID,
    MAC_LENGTH,
    TOKEN_LENGTH,
    CoopayQrError,
    encode_payload,
    mac_input,
    parse_payload,
)

DECLINE_REASONS = {
    "token_invalid": "invalid",
    "token_expired": "expired",
    "token_used": "already_used",
    "payment_session_logged_out": "session_logged_out",
    "payment_member_blocked": "member_blocked",
    "payment_card_blocked": "card_blocked",
    "family_not_allowed": "family_not_allowed",
    "limit_exceeded": "limit_exceeded",
}


def decline(code: str, detail: str) -> ApiProblem:
    return ApiProblem(code, detail, decline_reason=DECLINE_REASONS[code])


def _mac_key(backend: Backend) -> bytes:
    """A key of its own for Coopay MACs, derived from the backend secret."""
    return hmac.new(backend.secret, b"coopay-mac-v1", hashlib.sha256).digest()


def compute_mac(backend: Backend, token: bytes, aid: bytes = COOPAY_AID) -> bytes:
    return hmac.new(_mac_key(backend), mac_input(aid, token), hashlib.sha256).digest()[:MAC_LENGTH]


def _family_allowed(backend: Backend, view: members.MemberView) -> bool:
    return view.member.role != "family" or (
        backend.settings.family_coopay_allowed and view.member.coopay_allowed
    )


def issue_token(backend: Backend, session: Session, auth: AppAuth) -> dict:
    view = members.MemberView(auth.member, auth.person, auth.membership, auth.person)
    if members.usable_problem(None, view) is not None:
        raise ApiProblem("member_blocked", "a blocked member cannot pay with Coopay")
    if not auth.account.coopay_enabled or not _family_allowed(backend, view):
        raise ApiProblem("coopay_not_enabled", "Coopay is not enabled for this member")
    now = backend.now()
    ttl = backend.settings.coopay_token_ttl_seconds
    token = secrets.token_bytes(TOKEN_LENGTH)
    session.add(
        CoopayToken(
            token_hash=sha256_hex(token),
            session_id=auth.session.id,
            member_id=auth.member.id,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    return {
        "qr_payload": encode_payload(token, compute_mac(backend, token)),
        "expires_at": now + timedelta(seconds=ttl),
        "ttl_seconds": ttl,
    }


def _day_start(backend: Backend, now: datetime) -> datetime:
    local = now.astimezone(backend.tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _check_limits(
    backend: Backend, session: Session, view: members.MemberView, amount: int, now: datetime
) -> None:
    settings = backend.settings
    if amount > settings.coopay_max_amount_ore:
        raise decline("limit_exceeded", f"{amount} øre is over the per-payment limit")
    daily = (
        settings.coopay_family_daily_limit_ore
        if view.member.role == "family"
        else settings.coopay_daily_limit_ore
    )
    spent = session.scalar(
        select(
            func.coalesce(func.sum(CoopayPayment.amount_ore - CoopayPayment.refunded_ore), 0)
        ).where(
            CoopayPayment.member_id == view.member.id,
            CoopayPayment.approved_at >= _day_start(backend, now),
        )
    )
    if int(spent) + amount > daily:
        raise decline("limit_exceeded", f"today's Coopay total would pass {daily} øre")


def _authorise(
    backend: Backend,
    session: Session,
    terminal: TerminalIdentity,
    qr_payload: str,
    amount: int,
    purchase_id: str,
) -> dict:
    now = backend.now()
    try:
        payload = parse_payload(qr_payload)
    except CoopayQrError as exc:
        raise decline("token_invalid", f"not a Coopay payload: {exc}") from None
    if not hmac.compare_digest(compute_mac(backend, payload.token, payload.aid), payload.mac):
        raise decline("token_invalid", "the MAC does not verify: forged or damaged code")
    token = session.scalar(
        select(CoopayToken).where(CoopayToken.token_hash == sha256_hex(payload.token))
    )
    if token is None:
        raise decline("token_invalid", "no such token")
    if token.used_at is not None:
        raise decline("token_used", "the token was used at " + token.used_at.isoformat())
    if token.expires_at <= now:
        raise decline("token_expired", "the token expired at " + token.expires_at.isoformat())
    app_session = session.get(AppSession, token.session_id)
    if sessions.dead_reason(backend, session, app_session, now) is not None:
        raise decline("payment_session_logged_out", "the app session that made the token ended")
    view = members.view_by_id(session, token.member_id)
    if members.usable_problem(None, view) is not None:
        raise decline("payment_member_blocked", f"member {view.member.ref} is blocked")
    account = session.get(DigitalAccount, view.person.id)
    if account is None or account.coopay_card_status != "active":
        raise decline("payment_card_blocked", "the payment card in the app is blocked")
    if not _family_allowed(backend, view):
        raise decline("family_not_allowed", "Coopay is not allowed for this family member")
    _check_limits(backend, session, view, amount, now)
    claimed = session.execute(
        update(CoopayToken)
        .where(CoopayToken.id == token.id, CoopayToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        raise decline("token_used", "the token was used by a concurrent authorisation")
    payment = CoopayPayment(
        reference=random_ref("CP").upper(),
        token_id=token.id,
        member_id=view.member.id,
        membership_id=view.membership.id,
        store_id=terminal.store_id,
        terminal_id=terminal.id,
        purchase_id=purchase_id,
        amount_ore=amount,
        refunded_ore=0,
        approved_at=now,
    )
    session.add(payment)
    session.flush()
    return {
        "status": "approved",
        "payment_reference": payment.reference,
        "amount_ore": amount,
        "approved_at": now,
        "purchase_id": purchase_id,
        "member": view.summary(),
    }


def authorise(
    backend: Backend,
    terminal: TerminalIdentity,
    key: str | None,
    *,
    store: int,
    qr_payload: str,
    amount_ore: int,
    purchase_id: str,
) -> idempotency.Outcome:
    key = idempotency.check_key(key)
    check_terminal(terminal, store)
    request = {"qr_payload": qr_payload, "amount_ore": amount_ore, "purchase_id": purchase_id}
    return idempotency.run(
        backend,
        store_id=terminal.store_id,
        key=key,
        endpoint="coopay_authorisation",
        request_hash=idempotency.fingerprint("coopay_authorisation", request),
        handler=lambda session: _authorise(
            backend, session, terminal, qr_payload, amount_ore, purchase_id
        ),
    )


def _refund(
    backend: Backend,
    session: Session,
    terminal: TerminalIdentity,
    reference: str,
    amount: int,
    purchase_id: str | None,
) -> dict:
    payment = session.scalar(
        select(CoopayPayment).where(CoopayPayment.reference == reference).with_for_update()
    )
    if payment is None:
        raise ApiProblem("payment_unknown", f"no Coopay payment {reference}")
    if payment.store_id != terminal.store_id:
        raise ApiProblem("store_mismatch", "the payment was made in another store")
    refundable = payment.amount_ore - payment.refunded_ore
    if amount > refundable:
        raise ApiProblem(
            "refund_exceeds_payment",
            f"{refundable} øre is left to refund",
            refundable_ore=refundable,
        )
    payment.refunded_ore += amount
    refund = CoopayRefund(
        reference=random_ref("CR").upper(),
        payment_id=payment.id,
        terminal_id=terminal.id,
        purchase_id=purchase_id,
        amount_ore=amount,
        created_at=backend.now(),
    )
    session.add(refund)
    session.flush()
    return {
        "status": "refunded",
        "refund_reference": refund.reference,
        "payment_reference": payment.reference,
        "amount_ore": amount,
        "refunded_total_ore": payment.refunded_ore,
        "refundable_ore": payment.amount_ore - payment.refunded_ore,
    }


def refund(
    backend: Backend,
    terminal: TerminalIdentity,
    key: str | None,
    *,
    payment_reference: str,
    amount_ore: int,
    purchase_id: str | None,
) -> idempotency.Outcome:
    key = idempotency.check_key(key)
    request = {
        "payment_reference": payment_reference,
        "amount_ore": amount_ore,
        "purchase_id": purchase_id,
    }
    return idempotency.run(
        backend,
        store_id=terminal.store_id,
        key=key,
        endpoint="coopay_refund",
        request_hash=idempotency.fingerprint("coopay_refund", request),
        handler=lambda session: _refund(
            backend, session, terminal, payment_reference, amount_ore, purchase_id
        ),
    )
