"""Family members: their own identity and login, linked to one owner's membership.

Rules (BRIEF §1, configurable): only the owner adds family, and only after the new
two-step login; at most 9 family members, aged 16 or older, living at the owner's
address. A family member gets a digital member card and logs in with their own
phone; bonus and kjøpeutbytte from their purchases go to the owner's account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_stub.core.context import Backend
from backend_stub.core.identity import age_on, birth_date_of, normalise_phone, same_address
from backend_stub.core.problems import ApiProblem
from backend_stub.core.security import random_ref
from backend_stub.login.models import DigitalAccount
from backend_stub.login.sessions import AppAuth
from backend_stub.members import service as members
from backend_stub.members.models import Card, Member
from backend_stub.members.people import Person
from backend_stub.outbox import service as outbox


@dataclass(frozen=True)
class NewFamilyMember:
    given_name: str
    family_name: str
    birth_date: date
    phone: str
    email: str | None = None
    national_id: str | None = None
    address_line: str | None = None
    postal_code: str | None = None
    city: str | None = None
    coopay_allowed: bool | None = None


def _require_owner(auth: AppAuth, *, two_step: bool) -> None:
    if auth.member.role != "owner":
        raise ApiProblem("family_owner_only", "family members cannot manage the family")
    if two_step and not auth.two_step:
        raise ApiProblem(
            "relogin_required", "adding family requires a session from the new two-step login"
        )


def family_summary(view: members.MemberView, card: Card | None) -> dict:
    """What the owner sees of a family member in the app."""
    view.card = card
    return {
        **view.summary(),
        "given_name": view.person.given_name,
        "coopay_allowed": view.member.coopay_allowed,
        "added_at": view.member.added_at,
    }


def add(backend: Backend, session: Session, auth: AppAuth, new: NewFamilyMember) -> dict:
    settings = backend.settings
    now = backend.now()
    _require_owner(auth, two_step=True)
    limit = settings.family_max_members
    if members.family_count(session, auth.membership.id) >= limit:
        raise ApiProblem("family_limit_reached", f"already {limit} family members", limit=limit)
    if new.national_id is not None and birth_date_of(new.national_id) != new.birth_date:
        raise ApiProblem("national_id_invalid", "national id and birth date disagree")
    today = now.astimezone(backend.tz).date()
    if age_on(new.birth_date, today) < settings.family_min_age:
        raise ApiProblem(
            "family_too_young",
            f"must be {settings.family_min_age} or older",
            min_age=settings.family_min_age,
        )
    owner = auth.person
    address = (new.address_line, new.postal_code)
    if new.address_line is None:
        address = (owner.address_line, owner.postal_code)
    elif settings.family_same_address and not same_address(
        address, (owner.address_line, owner.postal_code)
    ):
        raise ApiProblem("family_address_differs", "the address differs from the owner's")
    phone = normalise_phone(new.phone)
    if session.scalar(select(Person.id).where(Person.phone == phone)) is not None:
        raise ApiProblem("phone_taken", "another person has this phone number")
    if new.national_id and session.scalar(
        select(Person.id).where(Person.national_id == new.national_id)
    ):
        raise ApiProblem("person_exists", "a person with this national id is registered")
    person = Person(
        national_id=new.national_id,
        given_name=new.given_name.strip(),
        family_name=new.family_name.strip(),
        birth_date=new.birth_date,
        phone=phone,
        email=new.email,
        address_line=address[0],
        postal_code=address[1],
        city=new.city or owner.city,
        created_at=now,
    )
    session.add(person)
    session.flush()
    allowed = settings.family_coopay_allowed if new.coopay_allowed is None else new.coopay_allowed
    member = Member(
        ref=random_ref("m"),
        person_id=person.id,
        membership_id=auth.membership.id,
        role="family",
        status="active",
        coopay_allowed=allowed,
        added_at=now,
    )
    session.add(member)
    session.add(DigitalAccount(person_id=person.id, created_at=now, coopay_enabled=allowed))
    session.flush()
    card = Card(
        number=members.next_card_number(session),
        member_id=member.id,
        kind="digital",
        status="active",
        issued_at=now,
    )
    session.add(card)
    outbox.send(
        session,
        now,
        person_id=person.id,
        channel="sms",
        address=phone,
        kind="family_added",
        message=outbox.Message(
            "Velkommen til Coop",
            f"{owner.given_name} har lagt deg til som familiemedlem i Coop. Last ned Coop-appen "
            "og logg inn med mobilnummeret ditt. Bonus og kjøpeutbytte fra kjøpene dine går "
            "til medeierens konto.",
        ),
    )
    session.flush()
    return family_summary(members.MemberView(member, person, auth.membership, owner), card)


def list_family(session: Session, auth: AppAuth) -> list[dict]:
    """The owner sees the whole family; a family member sees only themselves and the owner."""
    query = select(Member.id).where(
        Member.membership_id == auth.membership.id, Member.role == "family"
    )
    if auth.member.role != "owner":
        query = query.where(Member.id == auth.member.id)
    out = []
    for member_id in session.scalars(query.order_by(Member.id)):
        view = members.view_by_id(session, member_id)
        out.append(family_summary(view, members.primary_card(session, member_id)))
    return out


def get(session: Session, auth: AppAuth, member_ref: str) -> members.MemberView:
    """A family member of the caller's own membership; anyone else is 'not found'."""
    view = members.view_by_ref(session, member_ref)
    visible = (
        view is not None
        and view.member.role == "family"
        and view.membership.id == auth.membership.id
        and (auth.member.role == "owner" or view.member.id == auth.member.id)
    )
    if not visible:
        raise ApiProblem("family_member_unknown", "no such family member in your membership")
    return view


def set_coopay_allowed(session: Session, auth: AppAuth, member_ref: str, allowed: bool) -> dict:
    _require_owner(auth, two_step=False)
    view = get(session, auth, member_ref)
    view.member.coopay_allowed = allowed
    account = session.get(DigitalAccount, view.person.id)
    if account is not None:
        account.coopay_enabled = allowed
    return family_summary(view, members.primary_card(session, view.member.id))
