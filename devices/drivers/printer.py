"""Receipt printer driver: the till writes ESC/POS; nothing the printer says becomes an event.

Writes to a printer wait for a reconnect instead of failing (`keeps_writes_offline`):
a receipt printed while the cable is out comes out when it is back. A job cut
off by an unplug is sent again whole, so the paper may show a partial copy before
the full receipt, but nothing is lost. Status bytes the printer sends (DLE EOT
answers) are read and dropped so the line never backs up.
"""

from __future__ import annotations

from devices import printer
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, option_choice
from devices.framing import Framer, IdleFramer, Piece


class PrinterDriver(Driver):
    kind = "printer"
    options_known = ("codepage",)
    keeps_writes_offline = True

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self.codepage = option_choice(spec, "codepage", tuple(printer.PAGE_NUMBERS), "cp865")

    def make_framer(self, port: PortSettings) -> Framer:
        return IdleFramer(max_len=self.max_len, gap=self.gap(port, minimum=0.05, byte_times=10))

    def handle(self, piece: Piece, link: LinkIO) -> None:
        """Printer status answers are not events the till needs."""

    def encode_text(self, text: str, *, cut: bool = True, barcode: str | None = None) -> bytes:
        return printer.encode_receipt(text, cut=cut, codepage=self.codepage, barcode=barcode)
