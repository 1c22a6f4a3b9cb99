"""What every face test shares: a text cursor that does not blink.

An `Input`'s cursor blinks on a 0.5 s timer, so a picture taken on a slow machine
may catch it off: the same screen would then differ from its snapshot by one cell.
In these tests the cursor always shows, as it does the moment a cashier types.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def steady_text_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible",
                                                                     True))
