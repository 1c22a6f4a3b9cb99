"""Operator login: operator id and PIN. The PIN field is masked; a wrong PIN says only "failed"."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from pos.faces import messages
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.widgets.status_bar import StatusBar
from pos.faces.cashier.widgets.till_header import TillHeader


class LoginField(Input):
    """An input whose digits the login screen types for it, in order (see `LoginScreen`)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is not None and character.isdigit():
            return False  # the screen's priority binding types it
        return super().check_consume_key(key, character)


class LoginScreen(Screen):
    """The first screen; on success the app switches to the sale screen.

    Digits and Enter are the screen's own (priority bindings), so they are handled
    in the order they were typed, one after another, even when a terminal hands
    over a whole burst ("1⏎1234⏎" from a script or a fast cashier) at once: Enter in
    the operator field moves to the PIN before the next digit is looked at. Left to
    the fields, the digits would be queued at whichever field had focus when they
    arrived, and a burst's PIN would land in the operator field.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Avslutt/Quit", id="login.quit"),
        *(Binding(digit, f"digit('{digit}')", show=False, priority=True)
          for digit in "0123456789"),
        Binding("enter", "enter", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    LoginScreen #login-wrap { height: 1fr; align: center middle; }
    LoginScreen #login-box {
        width: 50; height: auto; padding: 1 2; border: thick $primary; background: $surface;
    }
    LoginScreen .title { text-style: bold; width: 100%; content-align: center middle; }
    LoginScreen Input { margin: 1 0 0 0; }
    LoginScreen #login-error { color: $error; height: auto; margin: 1 0 0 0; }
    """

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield TillHeader(show_clock=False)
        with Vertical(id="login-wrap"), Vertical(id="login-box"):
            yield Label(tr("login_title", lang), classes="title")
            yield Static(tr("login_hint", lang))
            yield LoginField(placeholder=tr("login_operator", lang), id="operator",
                             type="integer")
            yield LoginField(placeholder=tr("login_pin", lang), id="pin", password=True,
                             type="integer")
            yield Button(tr("login_button", lang), variant="primary", id="login")
            yield Static("", id="login-error")
        yield StatusBar(lang, id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#operator", Input).focus()
        self.query_one(StatusBar).show(self.app.status)
        self.app.bridge.watch(self)

    def on_unmount(self) -> None:
        self.app.bridge.unwatch(self)

    def action_digit(self, digit: str) -> None:
        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor(digit)

    def action_enter(self) -> None:
        """Enter in the operator field: on to the PIN, at once; anywhere else: log in."""
        if self.focused is not None and self.focused.id == "operator":
            self.set_focus(self.query_one("#pin", Input))
        else:
            self._try_login()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._try_login()

    def _try_login(self) -> None:
        operator = self.query_one("#operator", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        self.app.command(self.app.till.login, operator, pin_input.value.strip())
        pin_input.value = ""

    @on(messages.Notice)
    def refused(self, message: messages.Notice) -> None:
        """A refused login (or a device or backend problem) while nobody is logged in."""
        if message.event.level != "error":
            return
        self.query_one("#login-error", Static).update(message.event.text.get(self.app.lang))
        operator_input = self.query_one("#operator", Input)
        operator_input.value = ""
        operator_input.focus()

    @on(messages.StatusChanged)
    def show_status(self, message: messages.StatusChanged) -> None:
        self.query_one(StatusBar).show(message.event)
