"""App API, privacy: consents, the right of access, and leaving the membership.

Every call acts on the caller's own session only (no member reference in the URL),
and every read or change of personal data here is written to the audit log.
"""

from __future__ import annotations

from fastapi import APIRouter

from backend_stub.core.deps import BackendDep, ReadSession, WriteSession
from backend_stub.core.responses import APP_SESSION, BODY, problems
from backend_stub.login.deps import AppReader, AppTokenDep, AppWriter, app_call
from backend_stub.privacy import access_export, analysis, audit, consents, erasure
from backend_stub.privacy.schemas import (
    ConsentIn,
    ConsentOut,
    ConsentsOut,
    LeaveIn,
    LeaveOut,
    OffersOut,
)

app_router = APIRouter(prefix="/app/v1", tags=["privacy"])


@app_router.get(
    "/consents",
    response_model=ConsentsOut,
    summary="My consents and their history",
    responses=problems(*APP_SESSION),
)
def consents_get(backend: BackendDep, session: WriteSession, auth: AppWriter) -> dict:
    actor = audit.member_actor(auth.session.public_id)
    audit.record(session, backend.now(), actor, "read", "consents", subject_ref=auth.member.ref)
    return {
        "current": consents.current(session, auth.person.id),
        "history": consents.history(session, auth.person.id),
    }


@app_router.put(
    "/consents/{purpose}",
    response_model=ConsentOut,
    summary="Give or withdraw a consent (email, sms, push + device_id, analysis, member_panel)",
    responses=problems(*BODY, *APP_SESSION, "consent_purpose_unknown"),
)
def consents_put(
    purpose: str, body: ConsentIn, backend: BackendDep, session: WriteSession, auth: AppWriter
) -> dict:
    now = backend.now()
    row = consents.set_consent(
        session,
        now,
        auth.person.id,
        purpose,
        body.granted,
        source="app",
        device_id=body.device_id or "",
    )
    audit.record(
        session,
        now,
        audit.member_actor(auth.session.public_id),
        "change",
        f"consent:{purpose}",
        subject_ref=auth.member.ref,
        detail="granted" if body.granted else "withdrawn",
    )
    return consents.consent_dict(row)


@app_router.get(
    "/offers",
    response_model=OffersOut,
    summary="My segment and personal offers",
    responses=problems(*APP_SESSION),
)
def offers(backend: BackendDep, session: ReadSession, auth: AppReader) -> dict:
    consent = consents.is_granted(session, auth.person.id, "analysis")
    found = analysis.offers_for(session, auth.member.id) if consent else None
    return {
        "analysis_consent": consent,
        "segment": found["segment"] if found else None,
        "offers": found["offers"] if found else [],
        "computed_at": found["computed_at"] if found else None,
    }


@app_router.get(
    "/privacy/export",
    summary="Right of access: everything stored about me (JSON, every table)",
    responses=problems(*APP_SESSION),
)
def export(backend: BackendDep, session: WriteSession, auth: AppWriter) -> dict:
    audit.record(
        session,
        backend.now(),
        audit.member_actor(auth.session.public_id),
        "export",
        "everything",
        subject_ref=auth.member.ref,
    )
    document = access_export.export(session, auth.member)
    document["generated_at"] = backend.now().isoformat()
    return document


@app_router.post(
    "/membership/leave",
    response_model=LeaveOut,
    summary="Leave the membership (utmelding): all personal data is deleted",
    responses=problems(*BODY, *APP_SESSION),
)
def leave(body: LeaveIn, backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token) as (session, auth):  # the slow search, without the lock
        replies = erasure.scan_replies(session, erasure.leaving_refs(session, auth.member))
    with app_call(backend, token, write=True) as (session, auth):
        actor = audit.member_actor(auth.session.public_id)
        return erasure.leave(session, backend.now(), auth.member, actor, replies).as_dict()
