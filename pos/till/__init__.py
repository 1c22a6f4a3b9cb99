"""The till engine: one sale at a time, wired to devices, journal and backend — no Textual here."""
