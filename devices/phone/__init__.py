"""The member's phone: a command-line Coop app against the backend's app API (`pos-devices phone`).

It speaks only HTTP (stdlib `urllib`, no httpx, no backend code), keeps each phone's
state in its own file so several phones (members and family members) can be used at
once, shows the Coopay QR and the member barcode in the terminal, and can send the
QR through the virtual scanner as a real QR read.
"""
