"""Customer display driver: the till writes the two rows; the display says nothing back.

What matters on a display is what it shows now, not every update on the way: a
write while the cable is out is dropped, and the last screen is sent again when
the display connects (so a replugged or power-cycled display shows the sale, not
a blank glass). Option `codepage` (default cp865).
"""

from __future__ import annotations

from devices import display, printer
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, option_choice
from devices.framing import Framer, IdleFramer, Piece


class DisplayDriver(Driver):
    kind = "display"
    options_known = ("codepage",)

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self.codepage = option_choice(spec, "codepage", tuple(printer.PAGE_NUMBERS), "cp865")
        self.last: tuple[str, str] = ("", "")

    def make_framer(self, port: PortSettings) -> Framer:
        return IdleFramer(max_len=self.max_len, gap=self.gap(port, minimum=0.05, byte_times=10))

    def handle(self, piece: Piece, link: LinkIO) -> None:
        """A display sends nothing the till needs."""

    def on_connected(self, link: LinkIO) -> None:
        link.write(display.INIT + self.encode(*self.last))

    def encode(self, line1: str, line2: str) -> bytes:
        return display.show(line1, line2, codepage=self.codepage)

    def show(self, line1: str, line2: str, link: LinkIO) -> None:
        self.last = (line1, line2)
        if link.connected:
            link.write(self.encode(line1, line2))
