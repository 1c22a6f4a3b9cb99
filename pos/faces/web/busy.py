"""What a second browser tab of a face shows: a clear message instead of a locked journal.

A face's serial ports and journal belong to one process at a time (two readers
on one pty would each get half the bytes; two writers on one journal would
fight over its lock), so the second tab opens nothing and says why.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from pos.faces.web.texts import t

BODY = {"lane": "busy_lane", "handheld": "busy_handheld", "till": "busy_till"}


class BusyApp(App):
    DEFAULT_CSS = """
    Screen { align: center middle; }
    BusyApp #busy { width: 70; height: auto; border: thick $warning; padding: 1 2; }
    BusyApp #busy-title { text-style: bold; margin-bottom: 1; }
    BusyApp #busy-hint { margin-top: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", show=False, priority=True)]

    def __init__(self, face: str, lang: str = "nb") -> None:
        super().__init__()
        self.face = face
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="busy"):
            yield Static(t("busy_title", self.lang), id="busy-title")
            yield Static(t(BODY[self.face], self.lang), id="busy-body")
            yield Static(t("busy_hint", self.lang), id="busy-hint")
