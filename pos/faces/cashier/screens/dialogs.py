"""Small modal dialogs: age check, refusal, unknown barcode, weight, yes/no.

Each returns its answer through `dismiss(value)` so the sale screen decides what
to do with it (`push_screen(dialog, callback)`); none of them touches the engine.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from pos.faces.cashier.i18n import tr


class Dialog(ModalScreen):
    """A centred box with a title; subclasses add the body and buttons."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 64; height: auto; padding: 1 2; border: thick $accent; background: $surface;
    }
    Dialog .title { text-style: bold; width: 100%; content-align: center middle; }
    Dialog .body { margin: 1 0; }
    Dialog Horizontal { height: auto; align: center middle; }
    Dialog Button { margin: 0 1; }
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang


class AgeCheckDialog(Dialog):
    """"Has the customer shown ID?" – True confirms, False refuses (the items are removed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y,J,Y", "answer(True)", "Ja/Yes", id="age.yes"),
        Binding("n,N", "answer(False)", "Nei/No", id="age.no"),
        Binding("escape", "nothing", show=False, id="age.escape"),
    ]
    """An explicit yes or no: Esc must not remove the customer's items without asking."""

    def __init__(self, lang: str, required_age: int, items: list[str]) -> None:
        super().__init__(lang)
        self.required_age = required_age
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="age-check"):
            yield Label(tr("age_title", self.lang), classes="title")
            yield Static(tr("age_question", self.lang, age=self.required_age), classes="body")
            yield Static("\n".join(f"• {name}" for name in self.items), classes="body")
            with Horizontal():
                yield Button(tr("age_yes", self.lang), variant="success", id="yes")
                yield Button(tr("age_no", self.lang), variant="error", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_nothing(self) -> None:
        self.app.bell()


class MessageDialog(Dialog):
    """A refusal or an error the cashier must acknowledge (beer hours, blocked card …)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close", "OK", id="message.ok")
    ]

    def __init__(self, lang: str, title: str, body: str) -> None:
        super().__init__(lang)
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="message"):
            yield Label(self.title_text, classes="title")
            yield Static(self.body, classes="body")
            with Horizontal():
                yield Button(tr("ok", self.lang), variant="primary", id="ok")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class UnknownCodeDialog(Dialog):
    """An unknown barcode: "lookup" opens the product search, None skips it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('lookup')", "Søk/Lookup", id="unknown.lookup"),
        Binding("escape", "choose(None)", "Hopp over/Skip", id="unknown.skip"),
    ]

    def __init__(self, lang: str, code: str, reason: str) -> None:
        super().__init__(lang)
        self.code = code
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="unknown-code"):
            yield Label(tr("unknown_title", self.lang), classes="title")
            # the engine's reason names the code and what is wrong with it: say it once
            yield Static(self.reason or tr("unknown_body", self.lang, code=self.code),
                         classes="body", id="unknown-reason")
            with Horizontal():
                yield Button(tr("unknown_lookup", self.lang), variant="primary", id="lookup")
                yield Button(tr("unknown_skip", self.lang), id="skip")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("lookup" if event.button.id == "lookup" else None)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


class NumberDialog(Dialog):
    """Ask for one whole number (grams for a weight item); None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt/Cancel", id="number.cancel")
    ]

    def __init__(self, lang: str, title: str, placeholder: str) -> None:
        super().__init__(lang)
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="number"):
            yield Label(self.title_text, classes="title")
            yield Input(placeholder=self.placeholder, type="integer", id="number-input")
            yield Static("", id="number-error", classes="body")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text.isdigit() or int(text) <= 0:
            self.query_one("#number-error", Static).update(self.placeholder)
            return
        self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes/no (void the whole sale?)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y,J,Y", "answer(True)", "Ja/Yes", id="confirm.yes"),
        Binding("n,N,escape", "answer(False)", "Nei/No", id="confirm.no"),
    ]

    def __init__(self, lang: str, question: str) -> None:
        super().__init__(lang)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, classes="title")
            with Horizontal():
                yield Button(tr("yes", self.lang), variant="error", id="yes")
                yield Button(tr("no", self.lang), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
