"""`make demo`: the best end-to-end thing that exists so far (the till UI is not built yet)."""

from __future__ import annotations

from pos.domain.coopay_qr import encode_payload, parse_payload
from pos.domain.member_card import DEFAULT_FORMAT, mask_number
from pos.domain.money import format_money


def main() -> int:
    print("Demo: the till UI does not exist yet; this shows the sale domain core.\n")
    card = DEFAULT_FORMAT.make(4711)
    print(f"member card {card} shown on receipts as {mask_number(card)}")
    qr = encode_payload(bytes(16), bytes(16))
    print(f"a Coopay QR payload: {qr} (token {parse_payload(qr).token_hex[:8]}…)")
    print(f"amounts: {format_money(123450)} / {format_money(123450, 'en')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
