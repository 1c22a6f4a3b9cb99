"""The backend's rules, by domain. Routes and the CLI call these; they never hold rules."""
