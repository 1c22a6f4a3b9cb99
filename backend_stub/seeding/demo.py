"""The demo data set (documented in docs/backend.md): a few members testers know by heart.

Created once per database (running it again changes nothing): two stores, bonus
rules, owners with known cards and phones, a family, a blocked card, a lost card, a
member without a digital account, and a re-login campaign whose history is replayed
so that one member is already forced out and another is due to log in again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from backend_stub.campaign import service as campaign
from backend_stub.core.context import Backend
from backend_stub.core.identity import initials, make_national_id
from backend_stub.core.security import random_ref, random_token, sha256_hex
from backend_stub.login.models import AppSession, DigitalAccount
from backend_stub.members.models import Card, Member, Membership
from backend_stub.members.people import Person
from backend_stub.terminals import service as terminals
from backend_stub.vocabulary import DEMO_STORE
from pos.formats.member_card import DEFAULT_FORMAT

OTHER_STORE = 1002
_ADDRESS = ("Storgata 1", "0155", "Oslo")


@dataclass(frozen=True)
class DemoPerson:
    key: str
    given_name: str
    family_name: str
    birth: date
    phone: str | None
    card_serial: int
    role: str = "owner"
    owner: str | None = None
    rfid_uid: str | None = None
    nfc_uid: str | None = None
    card_status: str = "active"
    card_reason: str | None = None
    extra_card: tuple[int, str] | None = None  # (serial, status) of a second card
    digital: bool = True
    coopay: bool = False
    coopay_allowed: bool = True
    new_login: bool = False
    legacy_session: bool = False
    wave: int | None = None
    note: str = ""

    @property
    def card_number(self) -> str:
        return DEFAULT_FORMAT.make(self.card_serial)

    @property
    def national_id(self) -> str | None:
        # individual numbers 480-499 (980-999 after 2000) are kept free of bulk seeds
        return make_national_id(self.birth, 480)


PEOPLE = (
    DemoPerson(
        "kari",
        "Kari",
        "Nordmann",
        date(1980, 5, 17),
        "+4791234567",
        1,
        rfid_uid="0A00C0FFEE",
        nfc_uid="04A1B2C3D4E5F6",
        coopay=True,
        legacy_session=True,
        wave=2,
        note="re-login due (wave 2 open); old app session until she logs in again",
    ),
    DemoPerson(
        "ola",
        "Ola",
        "Nordmann",
        date(1978, 2, 3),
        "+4792345678",
        2,
        rfid_uid="0A0000BEEF",
        coopay=True,
        new_login=True,
        wave=2,
        note="new login done; owner of the Nordmann family",
    ),
    DemoPerson(
        "emma",
        "Emma",
        "Nordmann",
        date(2008, 3, 1),
        "+4793456789",
        11,
        role="family",
        owner="ola",
        coopay=True,
        new_login=True,
        note="family member of Ola; may pay with Coopay",
    ),
    DemoPerson(
        "jonas",
        "Jonas",
        "Nordmann",
        date(2006, 9, 12),
        "+4794567890",
        12,
        role="family",
        owner="ola",
        coopay_allowed=False,
        new_login=True,
        note="family member of Ola; Coopay not allowed",
    ),
    DemoPerson(
        "per",
        "Per",
        "Hansen",
        date(1950, 11, 30),
        "+4795678901",
        3,
        rfid_uid="0A12345678",
        digital=False,
        note="no digital account: only the physical card, outside the campaign",
    ),
    DemoPerson(
        "lise",
        "Lise",
        "Berg",
        date(1990, 7, 7),
        "+4796789012",
        4,
        card_status="blocked",
        card_reason="Sperret etter melding om misbruk",
        coopay=True,
        new_login=True,
        wave=3,
        note="physical card blocked",
    ),
    DemoPerson(
        "nils",
        "Nils",
        "Johansen",
        date(1965, 1, 20),
        "+4797890123",
        5,
        coopay=True,
        legacy_session=True,
        wave=1,
        note="forced out by the campaign (wave 1 deadline passed): must log in again",
    ),
    DemoPerson(
        "ingrid",
        "Ingrid",
        "Dahl",
        date(1972, 12, 24),
        "+4798901234",
        6,
        card_status="lost",
        card_reason="Meldt tapt",
        extra_card=(7, "active"),
        new_login=True,
        wave=3,
        note="first card reported lost; replacement card active",
    ),
)


def _exists(backend: Backend) -> bool:
    with backend.db.reading() as session:
        return (
            session.scalar(select(Card.id).where(Card.number == PEOPLE[0].card_number)) is not None
        )


def _create_people(backend: Backend, now: datetime) -> None:
    with backend.db.writing() as session:
        terminals.ensure_store(
            session, DEMO_STORE, name="Coop Extra Storgata", coop_name="Coop Øst"
        )
        terminals.ensure_store(
            session,
            OTHER_STORE,
            name="Coop Mega Bergen",
            coop_name="Coop Vest",
            dividend_rate_bp=200,
        )
        terminals.add_bonus_rule(
            session,
            kind="product_group",
            match="frukt_gront",  # the catalog's product group id
            rate_bp=200,
            label="2 % bonus på frukt og grønt",
        )
        terminals.add_bonus_rule(
            session,
            kind="gtin",
            match="7040913300012",  # Bakehuset Grovbrød 750 g, a demo product
            rate_bp=500,
            label="5 % bonus på Bakehuset Grovbrød",
        )
        memberships: dict[str, Membership] = {}
        number = 7_000_000_001
        for p in PEOPLE:
            person = Person(
                national_id=p.national_id,
                given_name=p.given_name,
                family_name=p.family_name,
                birth_date=p.birth,
                phone=p.phone,
                email=f"{p.given_name}.{p.family_name}@example.no".lower(),
                address_line=_ADDRESS[0]
                if p.family_name == "Nordmann"
                else f"Demoveien {p.card_serial}",
                postal_code=_ADDRESS[1],
                city=_ADDRESS[2],
                created_at=now,
            )
            session.add(person)
            session.flush()
            if p.role == "owner":
                membership = Membership(
                    member_number=f"{number:010d}",
                    owner_person_id=person.id,
                    status="active",
                    home_store_id=DEMO_STORE,
                    joined_at=now,
                )
                number += 1
                session.add(membership)
                session.flush()
                memberships[p.key] = membership
            else:
                membership = memberships[p.owner]
            member = Member(
                ref=random_ref("m"),
                person_id=person.id,
                membership_id=membership.id,
                role=p.role,
                status="active",
                coopay_allowed=p.coopay_allowed,
                added_at=now,
            )
            session.add(member)
            session.flush()
            session.add(
                Card(
                    number=p.card_number,
                    member_id=member.id,
                    kind="digital" if p.role == "family" else "physical",
                    rfid_uid=p.rfid_uid,
                    nfc_uid=p.nfc_uid,
                    status=p.card_status,
                    status_reason=p.card_reason,
                    issued_at=now,
                )
            )
            if p.extra_card:
                session.add(
                    Card(
                        number=DEFAULT_FORMAT.make(p.extra_card[0]),
                        member_id=member.id,
                        kind="physical",
                        status=p.extra_card[1],
                        issued_at=now,
                    )
                )
            if p.digital:
                session.add(
                    DigitalAccount(
                        person_id=person.id,
                        created_at=now - timedelta(days=900),
                        new_login_at=now - timedelta(days=10) if p.new_login else None,
                        coopay_enabled=p.coopay and p.coopay_allowed,
                        coopay_card_masked="**** 4242" if p.coopay else None,
                        coopay_card_status="active",
                    )
                )
            if p.legacy_session:
                session.add(
                    AppSession(
                        public_id=random_ref("s"),
                        token_hash=sha256_hex(random_token()),
                        person_id=person.id,
                        device_id=f"demo-{p.key}-phone",
                        device_name="Coop-appen (gammel innlogging)",
                        login_method="legacy",
                        created_at=now - timedelta(days=365),
                        last_seen_at=now - timedelta(days=1),
                    )
                )


def _replay_campaign(backend: Backend, now: datetime) -> None:
    """Plan three waves in the past and tick through their history up to now."""
    with backend.db.writing() as session:
        if campaign.active_campaign(session) is not None:
            return
        campaign.plan(
            session,
            now - timedelta(days=30),
            waves=3,
            first_opens_at=now - timedelta(days=30),
            wave_every=timedelta(days=27),
            grace=timedelta(days=28),
            name="Ny innlogging (demo)",
        )
        phones = {p.phone: p.wave for p in PEOPLE if p.wave}
        for person in session.scalars(select(Person).where(Person.phone.in_(phones))):
            campaign.move_to_wave(session, person.id, phones[person.phone])
    days = backend.settings.relogin_reminder_days_before
    moments = sorted(
        {now - timedelta(days=d) for d in (30, 4, 3, 2)}
        | {now - timedelta(days=2) - timedelta(days=r) for r in days}
        | {now}
    )
    for moment in moments:
        if moment <= now:
            with backend.db.writing() as session:
                campaign.tick(session, moment, backend.tz, days)


def ensure_demo(backend: Backend) -> None:
    """Create the demo set unless it is there already."""
    now = backend.now()
    if not _exists(backend):
        _create_people(backend, now)
    _replay_campaign(backend, now)


def describe(backend: Backend) -> list[dict]:
    """The demo members as the demo file lists them (for testers and the rig)."""
    out = []
    with backend.db.reading() as session:
        for p in PEOPLE:
            row = session.execute(
                select(Member, Person)
                .join(Person, Person.id == Member.person_id)
                .join(Card, Card.member_id == Member.id)
                .where(Card.number == p.card_number)
            ).first()
            if row is None:
                continue
            member, person = row
            out.append(
                {
                    "key": p.key,
                    "name": f"{p.given_name} {p.family_name}",
                    "initials": initials(p.given_name, p.family_name),
                    "role": p.role,
                    "owner": p.owner,
                    "member_ref": member.ref,
                    "card_number": p.card_number,
                    "card_status": p.card_status,
                    "extra_card": DEFAULT_FORMAT.make(p.extra_card[0]) if p.extra_card else None,
                    "rfid_uid": p.rfid_uid,
                    "nfc_uid": p.nfc_uid,
                    "phone": person.phone,
                    "digital_account": p.digital,
                    "coopay": p.coopay and p.coopay_allowed,
                    "new_login_done": p.new_login,
                    "relogin_wave": p.wave,
                    "note": p.note,
                }
            )
    return out
