"""Deterministic shipped data: the product catalog."""
