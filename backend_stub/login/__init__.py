"""Getting into the app: SMS and BankID login, app sessions, logout."""
