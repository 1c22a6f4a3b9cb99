"""Well-formed purchase bodies (as a till would send them), for tests, demos and benchmarks.

Lines mix the cases that matter for earnings: food at 15 % VAT in a bonus product
group, a counted item, a weighed item, a deposit line (not dividend-eligible), and
optionally a voided line. Totals and tenders always add up.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

_PRODUCTS = (
    # (gtin, name, product group as in the till's catalog, unit price øre, VAT %, dividend-eligible)
    ("7038010000706", "Tine Lettmelk 1 l", "meieri", 2490, 15, True),
    ("7311041013663", "Bananer løsvekt", "frukt_gront", 2990, 15, True),
    ("7040913336684", "Coop Kneippbrød", "brod", 3290, 15, True),
    ("7035620025037", "Solo 0,5 l", "drikke", 2890, 15, True),
    ("7090026220103", "Pant 0,5 l", "pant", 200, 0, False),
    ("7041011040025", "Jarlsberg 700 g", "meieri", 11990, 15, True),
    ("7039010019804", "Grandiosa", "frysevarer", 5990, 15, True),
    ("7310865004703", "Coop Kaffe 250 g", "torrvarer", 6490, 15, True),
    ("7020650131402", "Toalettpapir 8 rull", "husholdning", 8990, 25, True),
    ("7038010055720", "Yoghurt jordbær", "meieri", 1790, 15, True),
)


def sample_lines(
    count: int = 10, *, rng: random.Random | None = None, voided: bool = False, sign: int = 1
) -> list[dict]:
    rng = rng or random.Random(count)
    lines = []
    for n in range(1, count + 1):
        gtin, name, group, price, vat, eligible = _PRODUCTS[(n - 1) % len(_PRODUCTS)]
        if group == "frukt_gront":
            weight = rng.randint(300, 1500)
            amount = (price * weight + 500) // 1000
            line = {"weight_g": sign * weight}
        else:
            quantity = rng.randint(1, 3)
            amount = price * quantity
            line = {"quantity": sign * quantity}
        lines.append(
            {
                "line_no": n,
                "gtin": gtin,
                "name": name,
                "product_group": group,
                "unit_price_ore": price,
                "amount_ore": sign * amount,
                "vat_rate": vat,
                "dividend_eligible": eligible,
                "voided": False,
                **line,
            }
        )
    if voided and lines:
        lines[-1]["voided"] = True
    return lines


def purchase_body(
    store: int,
    register: int,
    *,
    lines: list[dict] | None = None,
    member: dict | None = None,
    tenders: list[dict] | None = None,
    kind: str = "sale",
    original_purchase_id: str | None = None,
    purchase_id: str | None = None,
    receipt_number: str | None = None,
    rounding_ore: int = 0,
    training: bool = False,
) -> dict:
    """A purchase body whose totals add up; by default paid by card."""
    lines = lines if lines is not None else sample_lines()
    total = sum(line["amount_ore"] for line in lines if not line.get("voided"))
    body = {
        "purchase_id": purchase_id or str(uuid.uuid4()),
        "kind": kind,
        "store": store,
        "register": register,
        "receipt_number": receipt_number or f"{register}-{random.randint(1, 999_999):06d}",
        "completed_at": datetime.now(UTC).isoformat(),
        "training": training,
        "lines": lines,
        "tenders": tenders
        if tenders is not None
        else [{"kind": "card", "amount_ore": total + rounding_ore, "reference": "T-1"}],
        "totals": {"total_ore": total, "rounding_ore": rounding_ore},
    }
    if member is not None:
        body["member"] = member
    if original_purchase_id is not None:
        body["original_purchase_id"] = original_purchase_id
    return body
