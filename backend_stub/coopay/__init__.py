"""Coopay: one-time QR tokens from the app, authorised and refunded by tills."""
