"""The member on the sale: masked card number, role (owner or family member of whom), benefits.

Only what `MemberRef` carries is shown: never a full card number or a name; the
backend keeps those.
"""

from __future__ import annotations

from textual.widgets import Static

from pos.domain.member import MemberRef
from pos.domain.money import format_money
from pos.domain.view import SaleView
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.widgets.repaint import show_once


def member_lines(
    member: MemberRef | None, pending: bool, view: SaleView | None, lang: str
) -> list[str]:
    """The panel's text lines; pure so unit tests can check masking and roles."""
    if member is None:
        return [tr("member_pending", lang)] if pending else [tr("member_none", lang)]
    role = member.role_text().get(lang)
    who = f"{member.initials} – {role}" if member.initials else role
    lines = [member.masked_card, who]
    if pending:
        lines.append(tr("member_pending", lang))
    if view is not None:
        totals = view.totals
        lines.append(f"{tr('member_benefits', lang)}:")
        if totals.member_discount_ore:
            lines.append(
                f"  {tr('member_discount', lang)}: {format_money(totals.member_discount_ore, lang)}"
            )
        if totals.offer_discount_ore:
            lines.append(
                f"  {tr('offer_discount', lang)}: {format_money(totals.offer_discount_ore, lang)}"
            )
        lines.append(
            f"  {tr('member_dividend', lang)}: {format_money(totals.dividend_preview_ore, lang)}"
        )
    return lines


class MemberPanel(Static):
    DEFAULT_CSS = """
    MemberPanel { height: 9; padding: 0 1; border: round $secondary; }
    """

    def __init__(self, lang: str = "nb", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.member: MemberRef | None = None
        self.pending = False
        self.view: SaleView | None = None

    def on_mount(self) -> None:
        self.border_title = tr("member_title", self.lang)
        self.refresh_text()

    def show(self, view: SaleView | None, *, pending: bool | None = None) -> None:
        self.view = view
        self.member = view.member if view is not None else None
        if view is None:
            self.pending = False
        elif pending is not None:
            self.pending = pending
        self.refresh_text()

    def refresh_text(self) -> None:
        self.border_title = tr("member_title", self.lang)
        lines = member_lines(self.member, self.pending, self.view, self.lang)
        show_once(self, "\n".join(lines))
