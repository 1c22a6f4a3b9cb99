"""Request and response bodies (pydantic): the HTTP contract, documented in docs/api.md."""
