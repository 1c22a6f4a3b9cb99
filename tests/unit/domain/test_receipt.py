"""The receipt: what kassasystemforskriften asks a sales receipt to show, in 42 columns."""

import pytest

from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.member import MemberRef
from pos.domain.receipt import Earnings, ReceiptKind, build_receipt
from pos.domain.receipt_text import LARGE_MARK, TRAINING, render_receipt, screen_text
from pos.domain.sale import Sale

from .helpers import oslo

CARD = "9578010000047110"
ISSUED = oslo(2025, 3, 14, 15, 4, 5)


@pytest.fixture
def paid_sale(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), 2, now=now)
    sale.add_product(catalog.get(demo.BEER), now=now)
    sale.add_product(catalog.get(demo.YOGHURT), 3, now=now)
    sale.add_product(catalog.get(demo.MINCE), now=now)
    sale.add_weighed(catalog.get(demo.BANANAS), 628, now=now)
    snus = sale.add_product(catalog.get(demo.SNUS), now=now)
    sale.void_line(snus.line_id, "cashier")
    sale.redeem_deposit_slip(parse_barcode(demo.DEPOSIT_SLIP_25_KR))
    sale.confirm_age()
    sale.attach_member(MemberRef.for_card("m-1", CARD, initials="KN"))
    sale.add_tender("card", 5000, now=now, reference="TX-778899", masked_card="************4242")
    sale.add_tender("cash", 20000, now=now)
    return sale


def _receipt(sale, **kwargs):
    return build_receipt(sale, receipt_number=1042, issued_at=ISSUED, register_id="K2",
                         operator="Kari", **kwargs)


def test_receipt_shows_what_the_regulation_asks(paid_sale):
    text = render_receipt(_receipt(paid_sale))
    for required in ("Coop Demo SA", "Org.nr. 999 999 999 MVA", "Kvittering nr. 1042",
                     "14.03.2025 15:04:05", "Kasse K2", "Operatør Kari", "TX-778899",
                     "************4242", "MVA-sats", "25 %", "15 %", "SALGSKVITTERING"):
        assert required in text, required


def test_receipt_amounts_match_the_sale(paid_sale):
    receipt = _receipt(paid_sale)
    text = render_receipt(receipt)
    totals = paid_sale.totals
    assert receipt.total_ore == totals.total_ore
    assert receipt.to_pay_ore == totals.total_ore + paid_sale.rounding_ore
    assert receipt.vat == totals.vat
    assert "Øreavrunding" in text and "Tilbake" in text
    assert "3 for 2 Tine Yoghurt 125 g" in text and "-10,90" in text
    assert "Medlemspris" in text and "-10,00" in text
    assert "0,628 kg x 24,90/kg" in text
    assert "Herav pant" in text and "Innløst pant" in text


def test_voided_lines_are_shown_as_voided_and_not_counted(paid_sale):
    text = render_receipt(_receipt(paid_sale))
    assert "Annullert: General Original" in text
    assert "(119,00)" in text


def test_member_is_masked_and_what_the_backend_credited_is_shown(paid_sale):
    receipt = _receipt(paid_sale, earned=Earnings(bonus_ore=250, dividend_ore=1234))
    text = render_receipt(receipt)
    assert CARD not in text and "************7110 (medeier)" in text
    assert "Bonus denne handelen" in text and "kr 2,50" in text
    assert "Kjøpeutbytte denne handelen" in text and "kr 12,34" in text
    assert "estimat" not in text and "registreres" not in text
    english = render_receipt(receipt, "en")
    assert "Bonus earned" in english and "Purchase dividend earned" in english
    assert "NOK 12.34" in english


def test_no_bonus_line_when_the_purchase_earned_no_bonus(paid_sale):
    text = render_receipt(_receipt(paid_sale, earned=Earnings(bonus_ore=0, dividend_ore=106)))
    assert "Bonus" not in text and "Kjøpeutbytte denne handelen" in text and "kr 1,06" in text


def test_without_an_answer_in_time_the_estimate_and_registered_later(paid_sale):
    text = render_receipt(_receipt(paid_sale))
    preview = f"kr {paid_sale.totals.dividend_preview_ore / 100:.2f}".replace(".", ",")
    assert "Kjøpeutbytte (estimat)" in text and preview in text
    assert "Bonus og kjøpeutbytte registreres på" in text
    assert "medlemskontoen." in text
    assert "Bonus denne handelen" not in text


@pytest.mark.parametrize("answer", [
    None, {}, {"earned": None}, {"earned": {"bonus_ore": 1}},
    {"earned": {"bonus_ore": -1, "dividend_ore": 5}},
    {"earned": {"bonus_ore": 1.5, "dividend_ore": 5}},
    {"earned": {"bonus_ore": True, "dividend_ore": 5}},
])
def test_an_answer_without_whole_earnings_prints_no_amount(answer):
    assert Earnings.from_answer(answer) is None


def test_earnings_are_read_from_the_purchase_answer():
    answer = {"purchase_id": "x", "earned": {"eligible_ore": 10000, "dividend_rate_bp": 150,
                                             "dividend_ore": 150, "bonus_ore": 0}}
    assert Earnings.from_answer(answer) == Earnings(bonus_ore=0, dividend_ore=150)


def test_every_line_fits_the_paper(paid_sale):
    for lang in ("nb", "en"):
        for width in (42, 48):
            text = render_receipt(_receipt(paid_sale, copy=True), lang, width)
            assert max(len(line) for line in text.splitlines()) <= width


def test_a_family_members_line_fits_the_paper(catalog, now):
    sale = Sale.open("f-1", now, catalog=catalog)
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.attach_member(MemberRef.for_card("m-2", CARD, initials="EN", role="family",
                                          owner_initials="ON"))
    sale.add_tender("cash", 3000, now=now)
    for lang in ("nb", "en"):
        text = render_receipt(_receipt(sale), lang, 42)
        assert max(len(line) for line in text.splitlines()) <= 42
        assert "************7110" in text and "ON" in text


def test_copy_training_and_return_flags(catalog, now):
    sale = Sale.open("t-1", now, training=True, catalog=catalog)
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.add_tender("cash", 3000, now=now)
    text = render_receipt(_receipt(sale, copy=True, kind=ReceiptKind.RETURN))
    assert text.count("KOPI") == 2
    flowing = " ".join(text.split())  # the training notice wraps on 42 columns
    assert flowing.count(TRAINING) == 1  # at the foot; the head has the title and the notice
    assert TRAINING == "TRENINGSKVITTERING – ikke gyldig kjøpskvittering"
    assert "Returkvittering" in text


def test_the_title_comes_first_and_is_marked_large(paid_sale):
    lines = render_receipt(_receipt(paid_sale)).splitlines()
    assert lines[0] == LARGE_MARK + "SALGSKVITTERING"
    assert not any(LARGE_MARK in line for line in lines[1:])  # amounts stay normal size
    screen = screen_text("\n".join(lines)).splitlines()
    assert screen[0].strip() == "SALGSKVITTERING" and LARGE_MARK not in "".join(screen)


def test_a_copy_has_kopi_enlarged_under_the_title(paid_sale):
    lines = render_receipt(_receipt(paid_sale, copy=True)).splitlines()
    assert lines[:2] == [LARGE_MARK + "SALGSKVITTERING", LARGE_MARK + "KOPI"]


def test_a_training_receipt_cannot_pass_for_a_sales_receipt(catalog, now):
    sale = Sale.open("t-2", now, training=True, catalog=catalog)
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.add_tender("cash", 3000, now=now)
    text = render_receipt(_receipt(sale))
    assert "SALGSKVITTERING" not in text.upper()
    assert text.splitlines()[0] == LARGE_MARK + "TRENINGSKVITTERING"
    assert text.splitlines()[1].strip() == "IKKE GYLDIG KJØPSKVITTERING"


def test_english_receipt_keeps_the_words_the_rules_name(paid_sale):
    text = render_receipt(_receipt(paid_sale), "en")
    assert "Org. no. 999 999 999 MVA" in text
    assert "Bank card" in text and "Cash rounding" in text and "NOK" in text
    assert "Receipt no. 1042" in text


def test_no_member_means_no_member_section(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.add_tender("card", 2590, now=now)
    receipt = _receipt(sale)
    assert receipt.member_masked is None and receipt.dividend_preview_ore is None
    assert "Medlem" not in render_receipt(receipt)
