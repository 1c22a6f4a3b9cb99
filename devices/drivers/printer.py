"""Receipt printer driver: the till writes ESC/POS; the cash drawer hangs off the printer.

Writes to a printer wait for a reconnect instead of failing (`keeps_writes_offline`):
a receipt printed while the cable is out comes out when it is back. A job cut
off by an unplug is sent again whole, so the paper may show a partial copy before
the full receipt, but nothing is lost.

The cash drawer: `kick_drawer()` sends ESC p (the printer pulses the drawer's
solenoid); the drawer's sensor is read with DLE EOT 1 (bit 2) when the printer
connects and then every `drawer_poll_ms` (default 250) while the drawer is open
or was just kicked (every 1 s while it is shut, to see an opening by its key),
and a change becomes a `DrawerState` event. Other status
bytes are read and dropped so the line never backs up.
"""

from __future__ import annotations

from devices import printer
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, _positive_int, option_choice
from devices.events import DrawerState
from devices.framing import Frame, Framer, IdleFramer, Piece

KICK_SETTLE_POLLS = 8
"""Sensor reads after a kick that may still say "shut" (the solenoid takes a moment)."""


class PrinterDriver(Driver):
    kind = "printer"
    options_known = ("codepage", "drawer_poll_ms")
    keeps_writes_offline = True

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self.codepage = option_choice(spec, "codepage", tuple(printer.PAGE_NUMBERS), "cp865")
        self.drawer_poll = _positive_int(spec, "drawer_poll_ms", 250) / 1000
        self.drawer_open: bool | None = None  # unknown until the sensor answers
        self._watch_polls = 0  # polls left in which a shut drawer is still expected to open
        self._next_poll = 0.0

    def make_framer(self, port: PortSettings) -> Framer:
        return IdleFramer(max_len=self.max_len, gap=self.gap(port, minimum=0.05, byte_times=10))

    def handle(self, piece: Piece, link: LinkIO) -> None:
        """Status answers: the drawer sensor's changes become events; the rest is dropped."""
        if not isinstance(piece, Frame):
            return
        for byte in piece.raw:
            is_open = printer.drawer_open(byte)
            if is_open is None:
                continue
            if is_open:
                self._watch_polls = 0
            elif self._watch_polls:
                self._watch_polls -= 1
            if is_open != self.drawer_open:
                self.drawer_open = is_open
                link.emit(DrawerState(device=link.name, open=is_open))

    def on_connected(self, link: LinkIO) -> None:
        link.write(printer.DRAWER_QUERY)  # a drawer left open across a restart is known

    def tick(self, now: float, link: LinkIO) -> None:
        """Read the sensor: every `drawer_poll` while the drawer is open or was just kicked,
        four times slower while it is shut (so an opening by its key is seen too)."""
        watching = self.drawer_open or self._watch_polls > 0
        if now >= self._next_poll and link.connected:
            self._next_poll = now + self.drawer_poll * (1 if watching else 4)
            link.write(printer.DRAWER_QUERY)

    def kick_drawer(self, link: LinkIO) -> None:
        link.write(printer.DRAWER_KICK)
        self._watch_polls = KICK_SETTLE_POLLS

    def encode_text(self, text: str, *, cut: bool = True, barcode: str | None = None) -> bytes:
        return printer.encode_receipt(text, cut=cut, codepage=self.codepage, barcode=barcode)
