"""The self-checkout lane's shopper-facing screens (`pos --mode self-checkout`)."""
