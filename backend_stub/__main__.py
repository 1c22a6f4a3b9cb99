"""`python -m backend_stub …` is `pos-backend …`."""

from backend_stub.cli import main

raise SystemExit(main())
