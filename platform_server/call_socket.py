"""A call's messages on the event socket: heartbeats, and the `hangup` signal that ends the call.

- `{"type": "heartbeat", "call_id", "media": bool}` every 2 s from each party while it is in a
  call: it is alive, and media arrives from the other side (or not). Nothing is answered, unless
  the call has ended: then the sender gets the call's record as a `call` event.
- A `hangup` signal (`{"kind": "hangup", "reason", "at"?}`) ends the call on the platform as the
  REST hang-up does, and is relayed to the other party. A reason the sender may not give is an
  `error` (`forbidden`), not relayed, and changes nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from platform_server import errors, schemas
from platform_server.accounts import Caller
from platform_server.call_billing import ClaimRefusedError, check_claim
from platform_server.calls import call_view
from platform_server.events import Connection
from platform_server.parties import other_party
from platform_server.services import Services
from platform_server.validation import validate
from platform_server.wire import parse_ts

log = logging.getLogger(__name__)


def error_event(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


async def receive_heartbeat(svc: Services, connection: Connection, message: dict[str, Any]) -> None:
    problems = validate(message, schemas.HEARTBEAT_MESSAGE, "heartbeat")
    if problems:
        connection.send(error_event("invalid_request", "; ".join(problems)))
        return
    who = Caller(connection.account_id, connection.role)
    try:
        call = await svc.db.run(
            svc.calls.heartbeat, who, message["call_id"], bool(message["media"])
        )
    except errors.ApiError as exc:
        if exc.status == 503:  # the database is busy: the next heartbeat tries again
            connection.send(error_event(exc.code, exc.message))
        else:
            connection.send(error_event("forbidden", "you are not a party of this call"))
        return
    if call["state"] == "ended":
        connection.send({"type": "call", "data": call_view(call)})


async def hang_up_by_signal(
    svc: Services, connection: Connection, call: sqlite3.Row, data: dict[str, Any]
) -> None:
    """End the call for a `hangup` signal (already checked against its schema) and relay it."""
    who = Caller(connection.account_id, connection.role)
    reason = str(data["reason"])
    try:
        check_claim(who.role, reason)
    except ClaimRefusedError as exc:
        connection.send(error_event("forbidden", str(exc)))
        return
    relayed = {key: data[key] for key in ("kind", "reason", "at") if key in data}
    if call["state"] != "ended":
        svc.hub.send_raw(
            other_party(connection.account_id, call),
            {"type": "signal", "call_id": call["id"], "from": who.role, "data": relayed},
        )
    decided_at = parse_ts(data["at"]) if "at" in data else None
    try:
        await svc.db.run(svc.calls.hang_up, who, call["id"], reason, decided_at)
    except errors.ApiError as exc:  # the database is busy: the REST report, retried, gets there
        connection.send(error_event(exc.code, exc.message))
