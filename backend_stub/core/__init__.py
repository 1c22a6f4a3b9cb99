"""What every domain stands on: settings, database, clock, security, typed problems,
migrations, idempotency, and the HTTP app's wiring (errors, request context, dependencies)."""
