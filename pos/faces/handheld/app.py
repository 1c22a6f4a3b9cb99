"""The ShopExpress handheld: one screen that follows the trip (member, list, checkout code).

The handheld's scanner is the rig's `handheld` device; its events and the
buttons' commands run on the bridge's engine thread like the till's
(`pos.faces.bridge`), and what the handheld reports comes back as messages.
The checkout code is drawn as a QR with block characters (scroll if the
terminal is small) and also printed in full below it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Digits, Static

from devices.hub import DeviceHub
from devices.phone.render import qr_text
from pos.domain.money import format_money
from pos.faces import messages
from pos.faces.bridge import Bridge
from pos.faces.handheld.texts import count_items, t
from pos.faces.heap import freeze_start_up_objects
from pos.handheld.handheld import Handheld, HandheldState
from pos.till.events import Notice


class HandheldApp(App):
    CSS_PATH = Path(__file__).with_name("handheld.tcss")
    TITLE = "Coop ShopExpress"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Avslutt", show=False, priority=True),
    ]

    def __init__(self, handheld: Handheld, *, hub: DeviceHub | None = None,
                 lang: str = "nb", close_client: bool = True) -> None:
        super().__init__()
        self.handheld = handheld
        self.hub = hub
        self.lang = lang
        self.close_client = close_client
        self.state = handheld.state
        self.last_notice: Notice | None = None
        self.bridge = Bridge(self, engine=handheld, hub=hub, name="handheld-engine")

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(t("title", self.lang), id="brand")
            yield Button(t("lang", self.lang), id="lang", compact=True)
        yield Static(id="instruction")
        with Vertical(id="trip"):
            with Horizontal(id="trip-row"):
                yield DataTable(id="list", cursor_type="row", zebra_stripes=True)
                with Vertical(id="total-box"):
                    yield Static(id="member")
                    yield Static(t("total", self.lang), id="total-label")
                    yield Digits("0,00", id="total")
            with VerticalScroll(id="code-box"):
                yield Static(id="qr")
                yield Static(id="code-text")
        yield Static(id="notice")
        with Horizontal(id="actions"):
            yield Button(t("remove", self.lang), id="remove")
            yield Button(t("checkout", self.lang), id="checkout", variant="success")
            yield Button(t("continue", self.lang), id="continue")
            yield Button(t("new", self.lang), id="new", variant="primary")

    async def on_mount(self) -> None:
        self.bridge.start()
        self.show(self.state)
        freeze_start_up_objects()

    async def on_unmount(self) -> None:
        client = self.handheld.client
        close = client.aclose if self.close_client and client is not None else None
        await self.bridge.stop(close)

    async def settle(self) -> None:
        """Wait until every queued command and device event has run (tests)."""
        await self.bridge.settle()

    @on(messages.HandheldChanged)
    def trip_changed(self, message: messages.HandheldChanged) -> None:
        self.last_notice = None
        self.state = message.event.state
        self.show(self.state)

    @on(messages.Notice)
    def notice(self, message: messages.Notice) -> None:
        self.last_notice = message.event
        self.show(self.state)

    def show(self, state: HandheldState) -> None:
        lang = self.lang
        started = state.member is not None
        coded = state.checkout_code is not None
        instruction = (t("code", lang) if coded else t("scan", lang) if started
                       else t("start", lang))
        self.query_one("#instruction", Static).update(instruction)
        table = self.query_one("#list", DataTable)
        table.clear(columns=True)  # fixed widths: the amounts always show, names are cut
        room = max(12, self.size.width - 56)
        table.add_column(t("col_item", lang), width=room)
        table.add_column(t("col_qty", lang), width=6)
        table.add_column(t("col_amount", lang), width=11)
        for line in state.lines:
            name = line.name if len(line.name) <= room else line.name[: room - 1] + "…"
            table.add_row(name, str(line.quantity), format_money(line.amount_ore, lang))
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        member = (t("member", lang, masked=state.member.masked_card) if started
                  else t("why", lang))
        self.query_one("#member", Static).update(
            f"{member}\n{count_items(state.item_count, lang)}" if started else member)
        kroner, ore = divmod(state.total_ore, 100)
        self.query_one("#total", Digits).update(f"{kroner},{ore:02d}")
        self.query_one("#trip-row").display = not coded
        self.query_one("#code-box").display = coded
        self.query_one("#qr", Static).update(qr_text(state.checkout_code) if coded else "")
        self.query_one("#code-text", Static).update(state.checkout_code or "")
        self.query_one("#notice", Static).update(
            self.last_notice.text.get(lang) if self.last_notice else "")
        self.query_one("#remove").display = started and not coded
        self.query_one("#checkout").display = started and not coded
        self.query_one("#continue").display = coded
        self.query_one("#new").display = coded

    def on_button_pressed(self, event: Button.Pressed) -> None:
        handheld = self.handheld
        button = event.button.id
        if button == "lang":
            self.lang = "en" if self.lang == "nb" else "nb"
            self.refresh_texts()
        elif button == "remove":
            row = self.query_one("#list", DataTable).cursor_row
            if 0 <= row < len(self.state.lines):
                self.bridge.send(handheld.remove, row)
        elif button == "checkout":
            self.bridge.send(handheld.finish)
        elif button == "continue":
            self.bridge.send(handheld.keep_shopping)
        elif button == "new":
            self.bridge.send(handheld.new_trip)

    def refresh_texts(self) -> None:
        self.query_one("#brand", Static).update(t("title", self.lang))
        for key in ("lang", "remove", "checkout", "continue", "new"):
            self.query_one(f"#{key}", Button).label = t(key, self.lang)
        self.query_one("#total-label", Static).update(t("total", self.lang))
        self.show(self.state)
