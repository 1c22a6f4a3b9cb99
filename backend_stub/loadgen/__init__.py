"""A load generator of simulated tills (`pos-backend load`): real HTTP against a running
backend with the bodies, Idempotency-Keys, lookups and retries a till sends, then a
check in the database that every purchase was counted exactly once."""
