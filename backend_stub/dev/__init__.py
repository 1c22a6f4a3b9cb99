"""The dev API for testers (only with --dev): outbox, clock, campaign, card status."""
