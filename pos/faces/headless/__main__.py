"""`python -m pos.faces.headless`: the till driven by text commands (see `driver`)."""

from pos.faces.headless.driver import main

raise SystemExit(main())
