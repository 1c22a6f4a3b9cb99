"""Privacy: consents, the audit log, right of access, erasure on leaving, retention."""
