"""A ShopExpress trip and the checkout code that carries it from the handheld to a lane.

Why a signed code and not a server round trip: the handheld and the lane share
no database, and the member backend's terminal API has no place for an open
trip. The handheld shows a QR; the lane's scanner reads it. The code carries
everything the lane needs to rebuild the sale through the same engine
operations (the scanned codes and quantities, the member reference, how many
items were removed) and an HMAC-SHA256 with the store's key, so a shopper
cannot forge a trip or edit one (drop an item, change a quantity).

Wire form (QR-sized; documented in docs/selfcheckout.md):

    SXP1.<base64url(zlib(compact JSON))>.<base64url(HMAC-SHA256(key, "SXP1." + body)[:16])>

JSON: `{"t": trip id, "s": store, "m": [member_ref, masked card, role, initials,
owner initials], "i": [[code, quantity], …], "r": removals}`. The member part is
the opaque reference the backend issued and a masked card number, never the
card number or anything personal.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import zlib
from dataclasses import dataclass, field

from pos.domain.member import MemberRef, MemberRefError
from pos.domain.texts import DomainError, T

PREFIX = "SXP1."
MAC_BYTES = 16
MAX_ITEMS = 200
"""A trip holds at most this many distinct scans; a QR's capacity is the limit behind it."""
MAX_QUANTITY = 99
MAX_CODE_CHARS = 64
MAX_CHECKOUT_CODE_CHARS = 1000
"""A scanner frames at most 1 024 bytes per read (devices: `max_len`) and parse_barcode
reads at most as much: the handheld stops adding items before its code grows past this."""
MAX_JSON_BYTES = 64 * 1024
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
_CODE_CHARS = re.compile(r"^[0-9A-Za-z()\]]+$")


class CheckoutCodeError(DomainError):
    """A checkout code that cannot be read (damaged, truncated, not ours)."""

    code = "checkout_code_invalid"


class CheckoutCodeForged(CheckoutCodeError):
    """The code reads but its MAC does not match: edited, or from another store's key."""

    code = "checkout_code_forged"


class TripError(DomainError):
    """An operation on a trip the rules refuse (unknown item to remove, too many items)."""

    code = "trip_error"


UNREADABLE = T("checkout_code_cannot_read_show")


@dataclass(frozen=True)
class TripItem:
    """One scan on the handheld: the code as read (GTIN or in-store label) and how many."""

    code: str
    quantity: int = 1

    def __post_init__(self) -> None:
        if not (isinstance(self.code, str) and 0 < len(self.code) <= MAX_CODE_CHARS
                and _CODE_CHARS.match(self.code)):
            raise TripError(T("invalid_trip_item_code", code=repr(self.code)))
        if (not isinstance(self.quantity, int) or isinstance(self.quantity, bool)
                or not 1 <= self.quantity <= MAX_QUANTITY):
            raise TripError(T("invalid_trip_quantity", quantity=repr(self.quantity)))


@dataclass(frozen=True)
class Trip:
    """A member's scan-as-you-shop trip: what the handheld hands to the lane."""

    trip_id: str
    store: str
    member: MemberRef
    items: tuple[TripItem, ...] = ()
    removals: int = 0
    """How many times the shopper took an item off the list (a risk signal for the audit)."""

    def __post_init__(self) -> None:
        if not (isinstance(self.trip_id, str) and re.fullmatch(r"[0-9a-f]{8,32}", self.trip_id)):
            raise TripError(T("invalid_trip_id", trip_id=repr(self.trip_id)))
        if not (isinstance(self.store, str) and self.store.isdigit()):
            raise TripError(T("invalid_trip_store", store=repr(self.store)))
        if len(self.items) > MAX_ITEMS:
            raise TripError(T("trip_holds_most_scans", max_items=MAX_ITEMS))
        if not isinstance(self.removals, int) or isinstance(self.removals, bool) \
                or self.removals < 0:
            raise TripError(T("invalid_removals_count"))

    @property
    def unit_count(self) -> int:
        return sum(item.quantity for item in self.items)

    def with_item(self, code: str, quantity: int = 1) -> Trip:
        """One more scan (the same code again adds to its quantity)."""
        items = list(self.items)
        for index, item in enumerate(items):
            if item.code == code and item.quantity + quantity <= MAX_QUANTITY:
                items[index] = TripItem(code, item.quantity + quantity)
                return _replace_items(self, tuple(items), self.removals)
        return _replace_items(self, (*items, TripItem(code, quantity)), self.removals)

    def without_item(self, index: int) -> Trip:
        """Take one unit of the item at `index` off the list; counts as a removal."""
        if not 0 <= index < len(self.items):
            raise TripError(T("no_such_item_list"))
        items = list(self.items)
        item = items[index]
        if item.quantity > 1:
            items[index] = TripItem(item.code, item.quantity - 1)
        else:
            del items[index]
        return _replace_items(self, tuple(items), self.removals + 1)


def _replace_items(trip: Trip, items: tuple[TripItem, ...], removals: int) -> Trip:
    return Trip(trip.trip_id, trip.store, trip.member, items, removals)


@dataclass(frozen=True)
class CheckoutCode:
    """What `parse_barcode` returns for a ShopExpress checkout code (verified at the lane)."""

    text: str
    kind: str = field(default="shopexpress_checkout", init=False)


def looks_like_checkout_code(text: str) -> bool:
    return isinstance(text, str) and text.startswith(PREFIX)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not _B64URL.match(text):
        raise CheckoutCodeError(UNREADABLE)
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise CheckoutCodeError(UNREADABLE) from None


def _mac(key: bytes, signed: str) -> bytes:
    return hmac.new(key, signed.encode("ascii"), hashlib.sha256).digest()[:MAC_BYTES]


def trip_to_json(trip: Trip) -> dict:
    m = trip.member
    return {
        "t": trip.trip_id, "s": trip.store,
        "m": [m.member_ref, m.masked_card, m.role, m.initials, m.owner_initials],
        "i": [[item.code, item.quantity] for item in trip.items], "r": trip.removals,
    }


def trip_from_json(data: object) -> Trip:
    """The trip a checkout code's JSON describes; `CheckoutCodeError` for any other shape."""
    try:
        if not isinstance(data, dict) or set(data) != {"t", "s", "m", "i", "r"}:
            raise CheckoutCodeError(UNREADABLE)
        member = data["m"]
        if not (isinstance(member, list) and len(member) == 5):
            raise CheckoutCodeError(UNREADABLE)
        items = data["i"]
        if not isinstance(items, list) or not all(
            isinstance(pair, list) and len(pair) == 2 for pair in items
        ):
            raise CheckoutCodeError(UNREADABLE)
        return Trip(data["t"], data["s"], MemberRef(*member),
                    tuple(TripItem(code, qty) for code, qty in items), data["r"])
    except (TripError, MemberRefError, TypeError):
        raise CheckoutCodeError(UNREADABLE) from None


def encode_checkout_code(trip: Trip, key: bytes) -> str:
    """The QR text the handheld shows at the end of the trip."""
    if not key:
        raise ValueError("a store key is needed to sign checkout codes")
    raw = json.dumps(trip_to_json(trip), separators=(",", ":"), ensure_ascii=True)
    body = _b64(zlib.compress(raw.encode("ascii"), 9))
    signed = PREFIX + body
    return f"{signed}.{_b64(_mac(key, signed))}"


def decode_checkout_code(text: str, key: bytes) -> Trip:
    """Verify and read a checkout code; raises `CheckoutCodeError`/`CheckoutCodeForged`."""
    if not isinstance(text, str) or not looks_like_checkout_code(text.strip()):
        raise CheckoutCodeError(UNREADABLE)
    text = text.strip()
    if len(text) > MAX_CHECKOUT_CODE_CHARS or text.count(".") != 2:
        raise CheckoutCodeError(UNREADABLE)
    signed, mac_text = text.rsplit(".", 1)
    mac = _unb64(mac_text)
    if not hmac.compare_digest(mac, _mac(key, signed)):
        raise CheckoutCodeForged(T("checkout_code_not_valid_store"))
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(_unb64(signed[len(PREFIX):]), MAX_JSON_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise CheckoutCodeError(UNREADABLE)  # truncated, or a bomb that inflates too far
        data = json.loads(raw.decode("ascii"))
    except (zlib.error, UnicodeDecodeError, ValueError):
        raise CheckoutCodeError(UNREADABLE) from None
    return trip_from_json(data)
