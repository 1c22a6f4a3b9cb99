"""One screen per step of the lane; each one says, at the top, what to do next.

Every screen has the same frame: a top bar (store name, Help, the language
button), a large headline and one instruction line, the step's own body, a
notice line and at most a few large buttons (mouse clicks work as touches).
The app picks the screen from the lane's state (`screen_for`), and calls
`refresh_view()` after every event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, Digits, Input, Static

from pos.faces.lane.texts import count_items, t
from pos.faces.lane.widgets import LaneBasket, total_digits
from pos.lane.state import WAIT_TEXTS, LaneState, LaneStep

if TYPE_CHECKING:
    from pos.faces.lane.app import LaneApp

AUDIT_OUTCOMES = {"passed": "att_audit_passed", "corrected": "att_audit_corrected",
                  "confirmed": "att_audit_confirmed"}
"""How the attendant's check ended (`pos.domain.audit.AuditOutcome`) → the words for it."""


class LaneScreen(Screen):
    """The frame every step shares; subclasses add a body and their buttons."""

    headline_key: ClassVar[str] = "welcome"
    instruction_key: ClassVar[str] = "welcome_do"
    AUTO_FOCUS = "#actions > *"
    """The step's first action has the focus, never "Hjelp": a stray Enter must not call
    an attendant. A step without actions (welcome) focuses nothing; the scanner is its input."""

    @property
    def lane_app(self) -> LaneApp:
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> str:
        return self.lane_app.lang

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(t("title", self.lang), id="brand")
            yield Button(t("help", self.lang), id="help", compact=True)
            yield Button(t("lang", self.lang), id="lang", compact=True)
        yield Static(id="headline")
        yield Static(id="instruction")
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Static(id="notice")
        with Horizontal(id="actions"):
            yield from self.compose_actions()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def compose_actions(self) -> ComposeResult:
        yield from ()

    _composed = False

    def on_mount(self) -> None:
        self._composed = True
        self.refresh_view()

    def headline(self) -> str:
        return t(self.headline_key, self.lang)

    def instruction(self) -> str:
        return t(self.instruction_key, self.lang)

    def refresh_view(self) -> None:
        if not self._composed:  # events may come between switching to a screen and its mount
            return
        try:
            self._refresh()
        except NoMatches:  # nested containers mount their children a moment later
            self.call_after_refresh(self.refresh_view)

    def _refresh(self) -> None:
        self.query_one("#headline", Static).update(self.headline())
        self.query_one("#instruction", Static).update(self.instruction())
        notice = self.lane_app.last_notice
        self.query_one("#notice", Static).update(notice.text.get(self.lang) if notice else "")
        self.update_body()

    def update_body(self) -> None:
        """The step's own widgets from the app's state and sale."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.lane_app.press(event.button.id or "")


class WelcomeScreen(LaneScreen):
    def compose_body(self) -> ComposeResult:
        yield Static(t("welcome_sx", self.lang), id="hint")


class MemberScreen(LaneScreen):
    headline_key = "member_ask"
    instruction_key = "member_do"

    def compose_body(self) -> ComposeResult:
        yield Static(t("member_why", self.lang), id="hint")
        yield Static(id="summary")

    def compose_actions(self) -> ComposeResult:
        yield Button(t("member_skip", self.lang), id="skip", variant="primary")

    def update_body(self) -> None:
        sale = self.lane_app.sale_view
        if sale is not None:
            summary = (f"{count_items(sale.totals.item_count, self.lang)} · "
                       f"{t('total', self.lang)} {total_digits(sale)}")
            self.query_one("#summary", Static).update(summary)


class BasketScreen(LaneScreen):
    """A body with the basket on the left and the big total on the right."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="basket-row"):
            yield LaneBasket(self.lang, id="basket")
            with Vertical(id="total-box"):
                yield Static(t("total", self.lang), id="total-label")
                yield Digits("0,00", id="total")
                yield Static(id="member-line")

    def update_body(self) -> None:
        app = self.lane_app
        sale = app.sale_view
        self.query_one(LaneBasket).show(sale)
        self.query_one("#total", Digits).update(total_digits(sale))
        member = sale.member if sale is not None else None
        line = (t("scan_member", self.lang, masked=member.masked_card) if member
                else t("scan_no_member", self.lang))
        if app.state.trip_id:
            line = f"{t('trip', self.lang)}\n{line}"
        self.query_one("#member-line", Static).update(line)


class ScanScreen(BasketScreen):
    instruction_key = "scan_do"

    def headline(self) -> str:
        sale = self.lane_app.sale_view
        count = sale.totals.item_count if sale is not None else 0
        return count_items(count, self.lang)

    def compose_actions(self) -> ComposeResult:
        yield Button(t("pay", self.lang), id="pay", variant="success")


class PayScreen(BasketScreen):
    headline_key = "pay"
    instruction_key = "pay_do"

    def compose_actions(self) -> ComposeResult:
        yield Button(t("pay_card", self.lang), id="card", variant="primary")
        yield Button(t("pay_coopay", self.lang), id="coopay", variant="primary")
        if self.lane_app.state.cash:
            yield Button(t("pay_cash", self.lang), id="cash", variant="primary")
        yield Button(t("pay_back", self.lang), id="back")

    def instruction(self) -> str:
        progress = self.lane_app.payment_text
        return progress or t(self.instruction_key, self.lang)


class WaitScreen(BasketScreen):
    """Paused for an attendant; the attendant's card or PIN opens attendant mode."""

    headline_key = "wait"
    AUTO_FOCUS = "#pin"  # the attendant types the PIN straight away

    def instruction(self) -> str:
        return " ".join(WAIT_TEXTS[r].get(self.lang) for r in self.lane_app.state.waiting_for)

    def compose_actions(self) -> ComposeResult:
        yield Input(placeholder=t("att_pin", self.lang), password=True, id="pin",
                    restrict=r"[0-9]*", max_length=8)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        pin, event.input.value = event.value, ""
        self.lane_app.command(self.lane_app.lane.attendant_pin, pin)


class AttendantScreen(BasketScreen):
    def headline(self) -> str:
        return t("att_title", self.lang, name=self.lane_app.state.attendant_name)

    def instruction(self) -> str:
        state = self.lane_app.state
        audit = state.audit
        if audit is not None and audit.phase == "sample":
            return t("att_audit", self.lang, left=audit.sample_size - audit.rescanned)
        if audit is not None and audit.phase == "full":
            return t("att_audit_full", self.lang, n=audit.rescanned)
        if audit is not None and audit.outcome:
            return t(AUDIT_OUTCOMES[audit.outcome], self.lang)
        waiting = " ".join(WAIT_TEXTS[r].get(self.lang) for r in state.waiting_for)
        return waiting or t("att_do", self.lang)

    def compose_actions(self) -> ComposeResult:
        state = self.lane_app.state
        if state.audit is not None and state.audit.phase == "full":
            yield Button(t("att_audit_finish", self.lang), id="audit-finish", variant="warning")
        yield Button(t("att_age_yes", self.lang), id="age-yes", variant="success")
        yield Button(t("att_age_no", self.lang), id="age-no")
        yield Button(t("att_void", self.lang), id="void")
        yield Button(t("att_cancel", self.lang), id="cancel", variant="error")
        yield Button(t("att_reprint", self.lang), id="reprint")
        yield Button(t("att_done", self.lang), id="att-done", variant="primary")


class DoneScreen(LaneScreen):
    headline_key = "done"
    instruction_key = "done_do"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="receipt-box"):
            yield Static(id="receipt")

    def compose_actions(self) -> ComposeResult:
        yield Button(t("done_button", self.lang), id="new", variant="success")

    def update_body(self) -> None:
        self.query_one("#receipt", Static).update(self.lane_app.state.receipt_text)


STEP_SCREENS: dict[LaneStep, type[LaneScreen]] = {
    LaneStep.WELCOME: WelcomeScreen,
    LaneStep.MEMBER: MemberScreen,
    LaneStep.SCANNING: ScanScreen,
    LaneStep.PAYING: PayScreen,
    LaneStep.DONE: DoneScreen,
}


def screen_for(state: LaneState) -> type[LaneScreen]:
    """Attendant mode first, then a pause for staff, then the shopper's step."""
    if state.attendant_mode:
        return AttendantScreen
    if state.paused:
        return WaitScreen
    return STEP_SCREENS[state.step]


def screen_key(state: LaneState) -> tuple:
    """What decides the screen's make-up (its class and the buttons it offers)."""
    audit_phase = state.audit.phase if state.audit is not None else ""
    return (screen_for(state), state.cash, audit_phase if state.attendant_mode else "")
