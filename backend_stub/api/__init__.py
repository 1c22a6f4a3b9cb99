"""The HTTP layer: thin FastAPI routes over `backend_stub.services`."""
