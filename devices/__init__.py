"""Everything that speaks bytes on a serial line: transport, codecs, the device hub, the rig.

- `devices.events`: what the till receives (`Scan`, `CardRead`, `PaymentPrompt`,
  `PaymentResult`, `DeviceState`, `DecodeError`).
- `devices.hub.DeviceHub`: opens every configured device, one reader thread each,
  reconnects on its own, delivers events and takes commands (beeps, payments, receipts).
- Codecs, usable without a port: `devices.scanner`, `devices.card_reader`,
  `devices.payment` (the terminal protocol), `devices.printer` (ESC/POS).
- `devices.rig`: the virtual device rig for testers (`pos-devices`).

Never imports Textual, httpx, `pos` or `backend_stub` (import-linter enforces it).
Wire formats and contracts: docs/protocols.md.
"""
