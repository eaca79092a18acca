"""Advisor desktop app: core (rules, state machines, engine)."""
