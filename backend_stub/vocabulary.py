"""Small constants shared by the models and the command line's parsers.

Here, not in the models, so that `pos-backend --help` and argument parsing import
nothing heavy (the parsers offer these as choices and defaults).
"""

CONSENT_PURPOSES = ("email", "sms", "push", "analysis", "member_panel")
DEMO_STORE = 1001
