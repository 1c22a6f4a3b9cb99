"""What the screens say, from pure functions: words, totals, member panel, status bar, payment."""

from __future__ import annotations

import re
import string
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from pos.data import demo_products as demo
from pos.domain.catalog import load_default_catalog
from pos.domain.clock import OSLO
from pos.domain.member import MemberRef
from pos.domain.sale import Sale
from pos.faces.cashier.i18n import other_language, tr
from pos.faces.cashier.screens.payment import payment_summary
from pos.faces.cashier.texts import T
from pos.faces.cashier.widgets.basket import line_quantity
from pos.faces.cashier.widgets.member_panel import member_lines
from pos.faces.cashier.widgets.status_bar import status_text
from pos.faces.cashier.widgets.totals import totals_rows
from pos.till.events import StatusChanged

NOON = datetime(2025, 3, 4, 12, 0, tzinfo=OSLO)
CATALOG = load_default_catalog()
FIELDS = re.compile(r"{(\w+)}")


def a_sale() -> Sale:
    sale = Sale.open("s-1", NOON, offers=CATALOG.offers, catalog=CATALOG)
    sale.add_product(CATALOG.get(demo.MILK), 2, now=NOON)
    sale.add_product(CATALOG.get(demo.COLA_0_5L), 1, now=NOON)
    sale.add_weighed(CATALOG.get(demo.CHEESE_BY_WEIGHT), 452, now=NOON)
    return sale


def test_every_word_exists_in_both_languages_with_the_same_fields():
    every_key = T.keys()  # a Catalogue, not a dict
    for key in every_key:
        text = T(key)
        assert text.nb.strip() and text.en.strip(), key
        assert set(FIELDS.findall(text.nb)) == set(FIELDS.findall(text.en)), key


def test_words_switch_language_and_fill_fields():
    assert tr("age_question", "nb", age=18).startswith("Varer med 18 års")
    assert tr("age_question", "en", age=20).startswith("Items with an age limit of 20")
    assert other_language("nb") == "en" and other_language("en") == "nb"


@given(st.integers(min_value=1, max_value=99_999))
def test_weight_is_shown_in_kilos_with_three_decimals(grams):
    line = a_sale().lines[0].__class__(
        line_id=1, kind="item", description="x", group="g", vat_rate=15, unit_price_ore=100,
        weight_g=grams,
    )
    shown = line_quantity(line)
    kilos, rest = shown.removesuffix(" kg").split(",")
    assert int(kilos) * 1000 + int(rest) == grams and len(rest) == 3


def test_totals_show_deposit_vat_and_to_pay_in_both_languages():
    view = a_sale().view()
    rows = dict(totals_rows(view, "nb"))
    assert rows["Å betale"] == "kr 149,05"  # 2 × 25,90 + 27,90 + 2,00 pant + 452 g × 149,00
    assert rows["Herav pant"] == "kr 2,00"
    assert rows["MVA 15 %"].startswith("kr ")
    english = dict(totals_rows(view, "en"))
    assert english["To pay"] == "NOK 149.05" and english["Items"] == "4"


def test_totals_with_no_sale_show_zero():
    assert totals_rows(None, "nb") == [("Å betale", "kr 0,00")]


def test_member_panel_masks_the_card_and_names_the_owner_of_a_family_member():
    sale = a_sale()
    member = MemberRef.for_card("mref", "9578010000000119", role="family", initials="EN",
                                owner_initials="ON")
    sale.attach_member(member)
    lines = member_lines(member, False, sale.view(), "nb")
    text = "\n".join(lines)
    assert "9578010000000119" not in text and text.startswith("************0119")
    assert "EN – familiemedlem av ON" in text
    assert "Kjøpeutbytte (estimat): kr " in text
    assert member_lines(None, True, None, "en") == [
        "Card read – checked when the member system answers again"]
    assert member_lines(None, False, None, "nb") == ["Intet medlemskort"]


def test_status_bar_names_each_problem_device_backend_state_and_queue():
    status = StatusChanged({"scanner": "disconnected", "printer": "connected"}, False, 3)
    text = status_text(status, "nb")
    assert "✖ scanner: frakoblet" in text and "●printer" in text
    assert "Medlemssystem: [red]frakoblet" in text and "Venter på sending: [b]3" in text
    online = status_text(StatusChanged({}, True, 0), "en")
    assert "Backend: [green]online" in online and "Waiting to sync: 0" in online


def test_payment_summary_shows_paid_rest_and_cash_rounding():
    sale = a_sale()
    sale.add_tender("cash", 5000, now=NOON)
    rows = payment_summary(sale.view(), "nb")
    assert rows[0] == "Å betale: kr 149,05"
    assert "  Kontant: kr 50,00" in rows
    assert "Gjenstår: kr 99,05" in rows
    assert rows[-1] == "Kontant å betale (avrundet): kr 99,00 (Øreavrunding kr -0,05)"


def test_no_word_is_left_untranslated_by_accident():
    every_key = T.keys()
    words = {key: T(key) for key in every_key}
    same = [k for k, t in words.items() if t.nb == t.en and not set(t.nb) <= set(
        string.punctuation + string.digits + " #")]
    assert set(same) <= {"key_coopay", "ok", "col_no", "menu_pin"}, same
