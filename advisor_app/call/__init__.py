"""One call with a customer: its session, connection, media, state and booked-time guard."""
