"""The notice line under the basket: the engine's latest message to the cashier, styled by level."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.widgets import Static

from pos.faces.cashier.widgets.repaint import show_once
from pos.till.events import Notice

_STYLES = {"info": "bold green", "warning": "bold yellow", "error": "bold white on red"}


class NoticeLine(Static):
    DEFAULT_CSS = """
    NoticeLine { height: 2; padding: 0 1; }
    """

    def __init__(self, lang: str = "nb", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.notice: Notice | None = None
        self.plain = ""

    def show(self, notice: Notice | None) -> None:
        self.notice = notice
        self.redraw()

    def show_text(self, text: str, level: str = "info") -> None:
        self.notice = None
        self.plain = text
        show_once(self, RichText(text, style=_STYLES.get(level, "")))

    def redraw(self) -> None:
        if self.notice is None:
            show_once(self, RichText(self.plain))
            return
        show_once(self, RichText(self.notice.text.get(self.lang),
                                 style=_STYLES[self.notice.level]))
