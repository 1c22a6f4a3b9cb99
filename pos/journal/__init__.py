"""The till's local append-only journal (SQLite): what the cash register regulation asks for."""
