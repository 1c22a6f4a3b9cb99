"""Routers by API: health, terminal (tills), app (members' phones), dev (testers)."""
