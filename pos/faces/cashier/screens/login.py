"""Operator login: operator id and PIN. The PIN field is masked; a wrong PIN says only "failed"."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from pos.faces import messages
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.widgets.status_bar import StatusBar
from pos.faces.cashier.widgets.till_header import TillHeader


class OperatorField(Input):
    """The operator field; what is typed after its Enter belongs to the PIN field.

    Textual moves focus after the Enter is handled, and a terminal hands a burst of
    keys ("1⏎1234⏎" from a script or a fast cashier) to this field before that, so
    until focus has moved the PIN's digits and its Enter are passed on here.
    """

    def __init__(self, pin_id: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pin_id = pin_id
        self._handing_off = False

    async def _on_key(self, event: events.Key) -> None:
        if not self._handing_off:
            if event.key == "enter":
                self._handing_off = True  # the Enter itself submits as usual
            return
        pin = self.screen.query_one(f"#{self._pin_id}", Input)
        if event.key == "enter":
            await pin.action_submit()
        elif event.is_printable and event.character:
            pin.insert_text_at_cursor(event.character)
        else:
            return
        event.stop()
        event.prevent_default()

    def _on_focus(self, event: events.Focus) -> None:
        self._handing_off = False

    def _on_blur(self, event: events.Blur) -> None:
        self._handing_off = False


class LoginScreen(Screen):
    """The first screen; on success the app switches to the sale screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Avslutt/Quit", id="login.quit")
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
            yield OperatorField("pin", placeholder=tr("login_operator", lang), id="operator",
                                type="integer")
            yield Input(placeholder=tr("login_pin", lang), id="pin", password=True,
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

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "operator":
            self.query_one("#pin", Input).focus()
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
