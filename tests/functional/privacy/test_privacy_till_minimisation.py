"""Data minimisation at the till: a whole member sale on the rig (card swiped on the
magnetic-stripe reader's pty) against the real backend, then everything the till wrote
- its data directory (journal, outbox, card reads: SQLite files read as raw bytes), the
receipts the rig's printer captured, and the till's own output (events and logs on
stdout/stderr) - is searched for the member's national id, address, e-mail, phone and
full card number. None may appear; the masked card number does."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import update

from backend_stub.core.context import Backend
from backend_stub.core.settings import BackendSettings
from backend_stub.members.people import Person
from backend_stub.seeding.demo import PEOPLE
from devices.rig import Rig
from pos.data import demo_products as demo
from pos.formats.member_card import mask_number
from tests.fixtures.printed import wait_for_receipt
from tests.functional.till.till_harness import HeadlessTill

pytestmark = pytest.mark.slow
KARI = next(p for p in PEOPLE if p.key == "kari")
# the demo set lives at the demo store's own address, which receipts rightly print: give
# the member an address of her own so a leak could be told apart from the store's header
PRIVATE_ADDRESS = "Fjellveien 77"


def _move_member(server) -> None:
    backend = Backend.open(BackendSettings(db_url=server.db_url))
    try:
        with backend.db.writing() as session:
            moved = update(Person).where(Person.phone == KARI.phone)
            session.execute(moved.values(address_line=PRIVATE_ADDRESS))
    finally:
        backend.close()


@pytest.fixture
def rig():
    base = Path(tempfile.mkdtemp(prefix="privacy-rig-"))
    rig = Rig(base, baud=115200, control=False, terminal_step_delay=0.05).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


def _secrets() -> dict[str, bytes]:
    email = f"{KARI.given_name}.{KARI.family_name}@example.no".lower()
    return {
        "national id": KARI.national_id.encode(),
        "phone": KARI.phone.encode(),
        "phone (national)": KARI.phone[-8:].encode(),
        "e-mail": email.encode(),
        "address": PRIVATE_ADDRESS.encode(),
        "full card number": KARI.card_number.encode(),
    }


def _written_by_the_till(data_dir: Path, printer_dir: Path) -> dict[str, bytes]:
    files = [p for d in (data_dir, printer_dir) for p in d.rglob("*") if p.is_file()]
    return {str(p): p.read_bytes() for p in files}


def test_nothing_personal_reaches_the_till(backend_factory, rig, tmp_path):
    backend_server = backend_factory()
    _move_member(backend_server)
    data_dir = tmp_path / "till"
    till = HeadlessTill(
        "--ports", str(rig.ports_file), "--data-dir", str(data_dir),
        "--backend", backend_server.base_url, "--terminal-key", backend_server.terminal_key,
        "--store", str(backend_server.store), "--register", str(backend_server.register),
        cwd=tmp_path,
    )
    try:
        till.wait_for(lambda o: o.get("ready"), what="ready")
        till.send("login 1 1234")
        rig.scan(demo.MILK, aim="]E0")
        till.wait_for(lambda o: o.get("event") == "SaleChanged" and o["sale"]
                      and o["sale"]["lines"], what="the milk")
        rig.card(KARI.card_number, as_="msr")
        member = till.wait_for(
            lambda o: o.get("event") == "MemberChanged" and o.get("member")
            and o["member"].get("member_ref"), what="the member resolved by the backend")
        assert member["member"]["masked_card"] == mask_number(KARI.card_number)
        till.send("cash")
        till.wait_for(lambda o: o.get("event") == "ReceiptReady", what="the receipt")
        till.wait_for(lambda o: o.get("event") == "StatusChanged"
                      and o.get("outbox_pending") == 0, timeout=30, what="the purchase synced")
    finally:
        till.stop()
    wait_for_receipt(rig, mask_number(KARI.card_number)[-4:])  # names the member, masked

    output = "\n".join(str(o) for o in till.out).encode()
    written = _written_by_the_till(data_dir, rig.state_dir / "printer")
    written["till stdout (events)"] = output
    assert any(name.endswith(".txt") for name in written)  # receipts were captured
    assert any("sqlite" in name or name.endswith(".db") for name in written)
    found = [
        (what, where)
        for where, content in written.items()
        for what, secret in _secrets().items()
        if secret in content
    ]
    assert found == []
