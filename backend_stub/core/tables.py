"""Every table of every domain on one metadata: what Alembic, `create_all` in tests and
the access export (which walks all tables) need.

Why a registry: each domain keeps its own models; importing this module is what
guarantees that `Base.metadata` holds them all, whichever domain was imported first.
"""

from backend_stub.campaign import models as _campaign
from backend_stub.coopay import models as _coopay
from backend_stub.core import models as _core
from backend_stub.core.model_base import Base
from backend_stub.login import models as _login
from backend_stub.members import models as _members
from backend_stub.members import people as _people
from backend_stub.outbox import models as _outbox
from backend_stub.privacy import models as _privacy
from backend_stub.purchases import models as _purchases
from backend_stub.terminals import models as _terminals

DOMAIN_MODELS = (
    _core, _members, _people, _login, _campaign, _coopay, _purchases, _privacy,
    _terminals, _outbox,
)  # fmt: skip

__all__ = ["DOMAIN_MODELS", "Base"]
