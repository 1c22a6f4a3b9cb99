"""Widgets of the till: each renders one immutable piece of engine state (a sale, a status)."""
