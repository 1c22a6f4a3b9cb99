"""The status bar: each device's state, the backend online/offline, purchases waiting to sync.

Why it keeps its own copy of the last `StatusChanged`: the engine reports from
its sync thread and the UI posts it here; redrawing from the latest snapshot
means a burst of updates costs one repaint each and never shows a stale mix.
"""

from __future__ import annotations

from textual.widgets import Static

from pos.faces.cashier.i18n import tr
from pos.faces.cashier.widgets.repaint import show_once
from pos.till.events import StatusChanged

_DEVICE_STYLE = {
    "connected": "green",
    "connecting": "yellow",
    "disconnected": "red",
    "error": "red",
}


def status_text(status: StatusChanged, lang: str) -> str:
    """Rich markup for the bar; pure so tests can read what a cashier sees."""
    devices = []
    for name, state in sorted(status.devices.items()):
        style = _DEVICE_STYLE.get(state, "yellow")
        if state == "connected":  # short when all is well, words when something is wrong
            devices.append(f"[{style}]●{name}[/]")
        else:
            word = tr(_DEVICE_WORDS[state], lang) if state in _DEVICE_WORDS else state
            devices.append(f"[b {style}]✖ {name}: {word}[/]")
    parts = [" ".join(devices)] if devices else []
    if status.backend_online is None:
        backend = f"[yellow]{tr('st_unknown', lang)}[/]"
    elif status.backend_online:
        backend = f"[green]{tr('st_online', lang)}[/]"
    else:
        backend = f"[red]{tr('st_offline', lang)}[/]"
    parts.append(f"{tr('st_backend', lang)}: {backend}")
    pending = status.outbox_pending
    parts.append(f"{tr('st_outbox', lang)}: {'[b]' if pending else ''}{pending}"
                 f"{'[/b]' if pending else ''}")
    return " │ ".join(parts)


_DEVICE_WORDS = {"connecting": "dev_connecting", "disconnected": "dev_disconnected",
                 "error": "dev_error"}
"""A device that is not connected says why in words ("connected" shows as a short dot)."""


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, lang: str = "nb", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.status = StatusChanged()

    def on_mount(self) -> None:
        self.show(self.status)

    def show(self, status: StatusChanged) -> None:
        self.status = status
        show_once(self, status_text(status, self.lang))
