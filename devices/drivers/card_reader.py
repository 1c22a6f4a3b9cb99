"""Card reader driver: magstripe (track 2), RDM6300 RFID or NFC UID lines → `CardRead`.

Option `source` (msr, rfid, nfc) picks the format; it defaults to the device name
when that is one of them. Framing follows the format: CR/LF lines for msr and nfc
(msr resynchronises on the `;` start sentinel), STX … ETX for rfid.
"""

from __future__ import annotations

from devices import card_reader
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, option_choice
from devices.framing import Frame, Framer, LineFramer, Piece, StxEtxFramer

SOURCES = ("msr", "rfid", "nfc")


class CardReaderDriver(Driver):
    kind = "card_reader"
    options_known = ("source",)

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        default = spec.name if spec.name in SOURCES else "msr"
        self.source = option_choice(spec, "source", SOURCES, default)

    def make_framer(self, port: PortSettings) -> Framer:
        gap = self.gap(port, minimum=0.2, byte_times=20)
        if self.source == "rfid":
            return StxEtxFramer(max_len=card_reader.RDM6300_FRAME_LEN, gap=gap)
        resync = (
            card_reader.msr_resync_offset if self.source == "msr" else card_reader.nfc_resync_offset
        )
        return LineFramer(b"\r\n", resync=resync, max_len=self.max_len, gap=gap)

    def handle(self, piece: Piece, link: LinkIO) -> None:
        if isinstance(piece, Frame):
            link.emit(card_reader.decode_frame(piece.raw, source=self.source, device=link.name))  # type: ignore[arg-type]
        else:
            super().handle(piece, link)
