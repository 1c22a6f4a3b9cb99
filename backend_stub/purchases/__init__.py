"""Purchase ingest exactly once, the earning rules, and the bonus/kjøpeutbytte ledger."""
