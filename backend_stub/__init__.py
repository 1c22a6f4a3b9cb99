"""The member backend (`pos-backend`): an HTTP service with its own database.

Tills and the member's phone reach it only over HTTP (docs/api.md). It may use the
pure `pos.domain` kernel (card numbers, the Coopay QR payload) and nothing else of
the till.
"""

__version__ = "0.1.0"
