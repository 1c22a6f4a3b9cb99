"""Repaint a text widget only when what it shows changed.

A scan changes the basket and the totals; the member panel, the notice line and
the status bar usually stay as they were. `Static.update` marks the widget for a
repaint even when the text is the same, and a repaint is what costs the cashier
time between the beep and the line on screen (bench_ui), so each fixed-height
text widget goes through here: same content, no repaint; new content, a repaint
without a relayout (their heights are fixed in CSS).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def show_once(widget: Static, content: str | Text) -> None:
    key = (content.plain, str(content.style), tuple(map(str, content.spans))) \
        if isinstance(content, Text) else (content,)
    if getattr(widget, "_shown_content", None) == key:
        return
    widget._shown_content = key  # type: ignore[attr-defined]
    widget.update(content, layout=False)
