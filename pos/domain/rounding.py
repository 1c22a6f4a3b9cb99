"""Integer rounding rules, in one place because money must round the same everywhere."""

from __future__ import annotations


def div_round_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded to the nearest integer, halves away from zero.

    "Half up" in the commercial sense: 0.5 øre becomes 1 øre and −0.5 becomes −1,
    so a refund rounds exactly like the sale it reverses.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def round_cash(amount_ore: int) -> int:
    """Nearest whole krone: 1–49 øre down, 50–99 up (payouts mirror it: −0,50 → −1,00)."""
    return div_round_half_up(amount_ore, 100) * 100
