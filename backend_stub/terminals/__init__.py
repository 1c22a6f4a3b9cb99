"""Stores, their tills' API keys, and the bonus rules per store."""
