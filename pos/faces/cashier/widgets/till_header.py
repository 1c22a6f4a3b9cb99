"""The header whose clock is the till's clock, not the machine's.

Textual's header clock shows `datetime.now()` in the machine's zone; a till in
Norway stamps receipts, the journal and the beer-hour rules in Europe/Oslo
through its injected clock, and the time on screen must be the same one (a
machine on UTC showed 20:37 above a receipt dated 21:37).
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual import events
from textual.app import ComposeResult, RenderResult
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Header
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle


class TillClock(HeaderClock):
    def render(self) -> RenderResult:
        return Text(self.app.till.now().strftime(self.time_format))


class TillHeader(Header):
    def _on_mount(self, event: events.Mount) -> None:
        """Header's own title watchers, minus a crash: the till changes the title (who is
        logged in) while it switches screens, and the old screen's header may already have
        lost its title widget when the change reaches it (Textual's only allows NoScreen)."""
        event.prevent_default()

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield HeaderTitle()
        yield TillClock().data_bind(Header.time_format) if self._show_clock else HeaderClockSpace()
