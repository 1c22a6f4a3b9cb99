"""What the till may know about the member on a sale: an opaque reference, never more.

The backend resolves a card or a Coopay payment to a member; the till gets a
`MemberRef`: an opaque member reference (for sync), the card number masked,
the role (owner, or family member of an owner) and initials for the screen.
Never the national id, address, e-mail or full name: those stay in the backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pos.domain.texts import DomainError, T, Text
from pos.formats.member_card import mask_number

ROLES = ("owner", "family")
MAX_VISIBLE_DIGITS = 4


class MemberRefError(DomainError):
    code = "invalid_member_ref"


@dataclass(frozen=True)
class MemberRef:
    member_ref: str
    masked_card: str
    role: str = "owner"
    initials: str = ""
    owner_initials: str = ""
    """For a family member: the initials of the owner whose account earns the dividend."""

    def __post_init__(self) -> None:
        texts = (self.member_ref, self.masked_card, self.role, self.initials, self.owner_initials)
        if not all(isinstance(t, str) for t in texts):
            raise MemberRefError(T("member_fields_must_text"))
        if not self.member_ref:
            raise MemberRefError(T("member_reference_empty"))
        if sum(ch.isdigit() for ch in self.masked_card) > MAX_VISIBLE_DIGITS:
            raise MemberRefError(T("card_number_must_masked"))
        if self.role not in ROLES:
            raise MemberRefError(T("unknown_role", role=self.role))

    @classmethod
    def for_card(cls, member_ref: str, card_number: str, **kwargs: Any) -> MemberRef:
        """Build from a full card number, which is masked here and not kept."""
        return cls(member_ref, mask_number(card_number), **kwargs)

    def role_text(self) -> Text:
        if self.role == "family":
            owner = self.owner_initials or "?"
            return T("family_member", owner=owner)
        return T("co_owner")

    def to_dict(self) -> dict[str, str]:
        return {
            "member_ref": self.member_ref,
            "masked_card": self.masked_card,
            "role": self.role,
            "initials": self.initials,
            "owner_initials": self.owner_initials,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemberRef:
        try:
            return cls(**data)
        except TypeError as exc:
            raise MemberRefError(T("invalid_member_data", detail=str(exc))) from None
