"""Messages the backend "sends" (SMS, e-mail, app push): kept here, never delivered."""
