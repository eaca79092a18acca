"""The appointments section: the booking queue, a booking's details and answers, reminders."""
