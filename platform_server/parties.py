"""Who may see what: a thing with an advisor and a customer is visible to those two only."""

from __future__ import annotations

import sqlite3

from platform_server import errors
from platform_server.accounts import Caller


def require_role(caller: Caller, role: str) -> None:
    if caller.role != role:
        raise errors.forbidden(f"only a {role} may do this")


def require_party(caller: Caller, row: sqlite3.Row | None, what: str) -> sqlite3.Row:
    """Return `row` when the caller is its advisor or customer; 404 otherwise.

    404 rather than 403 for someone else's object: its existence is not revealed.
    """
    if row is None or caller.account_id not in (row["advisor_id"], row["customer_id"]):
        raise errors.not_found(what)
    return row


def party_column(caller: Caller) -> str:
    """The column that holds the caller's id in a two-party table."""
    return "advisor_id" if caller.role == "advisor" else "customer_id"


def other_party(caller_account_id: str, row: sqlite3.Row) -> str:
    if caller_account_id == row["advisor_id"]:
        return str(row["customer_id"])
    return str(row["advisor_id"])
