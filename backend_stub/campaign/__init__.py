"""The staged re-login campaign: waves of members asked to log in again."""
