"""Scanner driver (fixed till scanner and ShopExpress handheld): lines in, `Scan` out.

Options (ports file `options`): `prefix` (Latin-1 text, e.g. "\\u0002"), `suffix`
(cr, lf, crlf, tab, none), `aim` (auto, required, off), `dialect` (honeywell,
datalogic), `commands` (name → Latin-1 text, overriding the dialect), and the common
`gap_ms`, `max_len`. Commands: beep_good, beep_bad, enable, disable, trigger,
untrigger (honeywell).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from devices import scanner
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, option_bytes, option_choice
from devices.errors import ConfigError, UnknownCommand
from devices.framing import Frame, Framer, IdleFramer, LineFramer, Piece


class ScannerDriver(Driver):
    kind = "scanner"
    options_known = ("prefix", "suffix", "aim", "dialect", "commands")

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        overrides = spec.options.get("commands", {})
        if not isinstance(overrides, Mapping) or not all(
            isinstance(v, str) for v in overrides.values()
        ):
            raise ConfigError(f"device {spec.name}: commands must map names to strings")
        try:
            self.fmt = scanner.ScannerFormat(
                prefix=option_bytes(spec, "prefix"),
                suffix=option_choice(spec, "suffix", tuple(scanner.SUFFIXES), "cr"),
                aim=option_choice(spec, "aim", ("auto", "required", "off"), "auto"),  # type: ignore[arg-type]
                dialect=option_choice(spec, "dialect", tuple(scanner.COMMAND_SETS), "honeywell"),
                command_overrides={k: v.encode("latin-1") for k, v in overrides.items()},
            )
        except (ValueError, UnicodeEncodeError) as exc:
            raise ConfigError(f"device {spec.name}: {exc}") from None

    def make_framer(self, port: PortSettings) -> Framer:
        if self.fmt.suffix == "none":
            return IdleFramer(max_len=self.max_len, gap=self.gap(port, minimum=0.05, byte_times=10))
        terminators = b"\t" if self.fmt.suffix == "tab" else b"\r\n"
        return LineFramer(
            terminators,
            resync=partial(scanner.resync_offset, fmt=self.fmt),
            max_len=self.max_len,
            gap=self.gap(port, minimum=0.2, byte_times=20),
        )

    def handle(self, piece: Piece, link: LinkIO) -> None:
        if isinstance(piece, Frame):
            link.emit(scanner.decode_frame(piece.raw, fmt=self.fmt, device=link.name))
        else:
            super().handle(piece, link)

    def command_bytes(self, command: str) -> bytes:
        try:
            return scanner.command_bytes(command, self.fmt)
        except KeyError as exc:
            raise UnknownCommand(f"{self.name}: {exc.args[0]}") from None
