"""Footer key labels in the current language.

Why rewrite bindings in place: Textual's footer shows each binding's
`description`, fixed when the class is defined. The till switches language at
runtime (F10), so the screens keep their bindings (with stable ids) and this
swaps each binding's description for the word from `pos.faces.cashier.i18n`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from pos.faces.cashier.i18n import tr


def relabel_bindings(
    node: DOMNode, labels: dict[str, str], lang: str, hidden: frozenset[str] = frozenset()
) -> None:
    """Set each binding whose id is in `labels` to the word `labels[id]` in `lang`."""
    key_map = node._bindings.key_to_bindings
    for key, bindings in key_map.items():
        key_map[key] = [
            replace(b, description=tr(labels[b.id], lang), show=b.id not in hidden)
            if b.id in labels
            else b
            for b in bindings
        ]
    node.refresh_bindings()
