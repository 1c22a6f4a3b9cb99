"""The till's sync client: the durable outbox and the HTTP client of the member backend."""
