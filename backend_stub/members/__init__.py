"""Members, memberships, persons and cards: lookup at the till, the member's own view, family."""
