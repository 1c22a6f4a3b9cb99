"""The header whose clock is the till's clock, not the machine's.

Textual's header clock shows `datetime.now()` in the machine's zone; a till in
Norway stamps receipts, the journal and the beer-hour rules in Europe/Oslo
through its injected clock, and the time on screen must be the same one (a
machine on UTC showed 20:37 above a receipt dated 21:37).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.widgets import Header
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle


class TillClock(HeaderClock):
    def render(self) -> RenderResult:
        return Text(self.app.till.now().strftime(self.time_format))


class TillHeader(Header):
    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield HeaderTitle()
        yield TillClock().data_bind(Header.time_format) if self._show_clock else HeaderClockSpace()
