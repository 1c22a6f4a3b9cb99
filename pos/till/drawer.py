"""The cash drawer: kicked open through the printer, watched through its sensor.

The till journals every opening where it decides one (a cash sale or refund, a
float, a withdrawal, a no-sale opening; the regulation counts openings without a
sale) and then kicks the drawer (`DevicePort.kick_drawer`). The sensor reports
back (`DrawerState`): a drawer opened without a kick (by its key) is journaled as
a manual opening, a drawer shut after being open as `drawer.closed`. With
`StoreSettings.refuse_sale_while_drawer_open` a new sale waits until it is shut
(`TillSession.ensure_sale`). A drawer that does not open (no printer, cable out)
is a warning to the cashier; what is journaled stays.
"""

from __future__ import annotations

from pos.journal import EventType
from pos.till.ports import DevicePort
from pos.till.session import TillSession
from pos.till.texts import T


class Drawer:
    def __init__(self, session: TillSession, *, devices: DevicePort | None) -> None:
        self.session = session
        self.devices = devices
        self._kicked = False

    def kick(self) -> None:
        """Open it now (the opening is already journaled by whoever decided it)."""
        if self.devices is None:
            return  # a till without devices (tests, the demo day): nothing to open
        try:
            self.devices.kick_drawer()
        except Exception:  # no printer configured, the port gone
            self.session.notice("warning", T("drawer_did_not_open"), "drawer_not_opened")
            return
        self._kicked = True

    def sensed(self, is_open: bool) -> None:
        """The sensor changed (a `DrawerState` from the printer)."""
        was_open, self.session.drawer_open = self.session.drawer_open, is_open
        if is_open and not was_open and not self._kicked:
            self.session.journal.append(EventType.DRAWER_OPENED,
                                        {"manual": True, "reason": "key"})
        elif was_open and not is_open:
            self.session.journal.append(EventType.DRAWER_CLOSED, {})
            if self.session.settings.refuse_sale_while_drawer_open:
                self.session.notice("info", T("drawer_closed"), "drawer_closed")
        if is_open:
            self._kicked = False
