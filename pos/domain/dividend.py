"""Kjøpeutbytte preview: the part of a sale that earns dividend, at the store's rate.

The backend credits the real figures; the till shows a preview so the member
sees what the purchase earns. Lines of excluded groups (by default pant, gift
cards and tobacco) and products flagged `dividend_excluded` earn nothing; the
base is never negative (deposit slips do not eat into other purchases' dividend).
"""

from __future__ import annotations

from pos.domain.lines import SaleLine
from pos.domain.rounding import div_round_half_up
from pos.domain.settings import StoreSettings


def earns_dividend(line: SaleLine, settings: StoreSettings) -> bool:
    if line.group in settings.dividend_excluded_groups:
        return False
    return not (line.product is not None and line.product.dividend_excluded)


def dividend_preview(base_ore: int, rate_bp: int) -> int:
    """Dividend on `base_ore` at `rate_bp` basis points, rounded half up to the øre."""
    return div_round_half_up(max(0, base_ore) * rate_bp, 10_000)
