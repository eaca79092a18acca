"""JSON Schemas of every body the API reads or writes (JSON Schema 2020-12, as OpenAPI 3.1 uses).

The same dictionaries validate incoming bodies (`validation.validate`) and are published in the
OpenAPI document, so the contract has one source.
"""

from __future__ import annotations

from typing import Any

from platform_server.call_billing import END_REASONS as _END_REASONS

Schema = dict[str, Any]

PRESENCES = ["online", "busy", "offline"]
ROLES = ["advisor", "customer"]
CALL_REQUEST_STATES = ["ringing", "accepted", "declined", "cancelled", "timed_out"]
BOOKING_STATES = [
    "requested", "confirmed", "declined", "cancelled", "in_call", "completed", "no_show"
]  # fmt: skip
CALL_STATES = ["connecting", "active", "ended"]
END_REASONS = list(_END_REASONS)
DURATIONS = [15, 30, 45, 60]
# ASCII only and explicit classes: `\s` differs between ECMAScript and Python regexes.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"


def obj(properties: dict[str, Schema], required: list[str] | None = None) -> Schema:
    """An object schema; `required` defaults to every property."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


STRING: Schema = {"type": "string"}
ID: Schema = {"type": "string", "minLength": 1}
TS: Schema = {"type": "string", "format": "date-time"}
TS_OR_NULL: Schema = {"type": ["string", "null"], "format": "date-time"}
STRING_OR_NULL: Schema = {"type": ["string", "null"]}
EMAIL: Schema = {"type": "string", "minLength": 3, "maxLength": 254, "pattern": EMAIL_PATTERN}
ALIAS: Schema = {"type": "string", "minLength": 1, "maxLength": 40}
AGE: Schema = {"type": "integer", "minimum": 16, "maximum": 120}

# ---- responses -------------------------------------------------------------------------------
ERROR = obj(
    {
        "error": obj(
            {"code": STRING, "message": STRING, "details": {"type": "array", "items": STRING}},
            required=["code", "message"],
        )
    }
)
ACCOUNT = obj(
    {"id": ID, "role": {"type": "string", "enum": ROLES}, "email": STRING, "display_name": STRING}
)
TOKENS = obj(
    {
        "access_token": ID,
        "refresh_token": ID,
        "expires_in": {"type": "integer", "minimum": 0},
        "account": ACCOUNT,
    }
)
ADVISOR = obj({"id": ID, "display_name": STRING, "presence": {"type": "string", "enum": PRESENCES}})
ADVISOR_LIST = obj({"advisors": {"type": "array", "items": ADVISOR}})
SERVER_TIME = obj({"server_time": TS})
ICE_SERVER = obj(
    {
        "urls": {"type": "array", "items": STRING, "minItems": 1},
        "username": STRING,
        "credential": STRING,
    },
    required=["urls"],
)
ICE_SERVERS = obj({"ice_servers": {"type": "array", "items": ICE_SERVER}})
CALL_REQUEST = obj(
    {
        "id": ID,
        "advisor_id": ID,
        "alias": STRING,
        "age": {"type": "integer"},
        "state": {"type": "string", "enum": CALL_REQUEST_STATES},
        "created_at": TS,
        "answered_at": TS_OR_NULL,
        "decline_reason": STRING_OR_NULL,
        "call_id": STRING_OR_NULL,
    }
)
CALL_REQUEST_LIST = obj({"call_requests": {"type": "array", "items": CALL_REQUEST}})
_BOOKING_FIELDS: dict[str, Schema] = {
    "id": ID,
    "advisor_id": ID,
    "alias": STRING,
    "age": {"type": "integer"},
    "wished_slots": {"type": "array", "items": TS},
    "duration_minutes": {"type": "integer", "enum": DURATIONS},
    "request_text": STRING,
    "state": {"type": "string", "enum": BOOKING_STATES},
    "confirmed_slot": TS_OR_NULL,
    "paid": {"type": "boolean"},
    "decline_reason": STRING_OR_NULL,
    "created_at": TS,
    "updated_at": TS,
}
BOOKING = obj(
    {**_BOOKING_FIELDS, "confirmation_code": STRING_OR_NULL},
    required=list(_BOOKING_FIELDS),
)
BOOKING_LIST = obj({"bookings": {"type": "array", "items": BOOKING}})
VERIFY_RESULT = obj({"valid": {"type": "boolean"}})
CALL = obj(
    {
        "id": ID,
        "kind": {"type": "string", "enum": ["live", "booked"]},
        "request_id": STRING_OR_NULL,
        "booking_id": STRING_OR_NULL,
        "advisor_id": ID,
        "alias": STRING,
        "age": {"type": "integer"},
        "state": {"type": "string", "enum": CALL_STATES},
        "created_at": TS,
        "started_at": TS_OR_NULL,
        "ended_at": TS_OR_NULL,
        "end_reason": {"type": ["string", "null"], "enum": [*END_REASONS, None]},
        "ended_by": {"type": ["string", "null"], "enum": ["advisor", "customer", "platform", None]},
        "billed_seconds": {"type": "integer", "minimum": 0},
        "billed_until": TS_OR_NULL,
    }
)
CALL_LIST = obj({"calls": {"type": "array", "items": CALL}})
# A recorded fact about a call (extension, issue 6): why video paused, why it ended, identity.
CALL_EVENT_KIND: Schema = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"}
CALL_EVENT = obj(
    {
        "id": ID,
        "call_id": ID,
        "at": TS,
        "by": {"type": "string", "enum": ROLES},
        "kind": CALL_EVENT_KIND,
        "detail": STRING,
    }
)
CALL_EVENT_LIST = obj({"events": {"type": "array", "items": CALL_EVENT}})
THREAD = obj(
    {"id": ID, "advisor_id": ID, "alias": STRING, "unread": {"type": "integer", "minimum": 0}}
)
THREAD_LIST = obj({"threads": {"type": "array", "items": THREAD}})
MESSAGE = obj(
    {
        "id": ID,
        "thread_id": ID,
        "sender": {"type": "string", "enum": ROLES},
        "text": STRING,
        "created_at": TS,
    }
)
MESSAGE_LIST = obj({"messages": {"type": "array", "items": MESSAGE}})

# ---- request bodies --------------------------------------------------------------------------
EMPTY: Schema = {"type": "object", "properties": {}}
LOGIN = obj({"email": {"type": "string", "minLength": 1, "maxLength": 254},
             "password": {"type": "string", "minLength": 1, "maxLength": 256}})  # fmt: skip
REGISTER = obj({"email": EMAIL, "password": {"type": "string", "minLength": 8, "maxLength": 256}})
REFRESH = obj({"refresh_token": {"type": "string", "minLength": 1, "maxLength": 512}})
PRESENCE_CHANGE = obj({"presence": {"type": "string", "enum": PRESENCES}})
NEW_CALL_REQUEST = obj({"advisor_id": ID, "alias": ALIAS, "age": AGE})
DECLINE = obj({"reason": {"type": "string", "maxLength": 200}}, required=[])
NEW_BOOKING = obj(
    {
        "advisor_id": ID,
        "alias": ALIAS,
        "age": AGE,
        "wished_slots": {"type": "array", "items": TS, "minItems": 1, "maxItems": 5},
        "duration_minutes": {"type": "integer", "enum": DURATIONS},
        "request_text": {"type": "string", "maxLength": 2000},
    }
)
CONFIRM = obj({"slot": TS})
VERIFY = obj({"code": {"type": "string", "minLength": 1, "maxLength": 64}})
# `at`: when the party decided to end (the platform's time); absent means now.
HANGUP = obj({"reason": {"type": "string", "enum": END_REASONS}, "at": TS}, required=["reason"])
NEW_CALL_EVENT = obj(
    {"kind": CALL_EVENT_KIND, "detail": {"type": "string", "maxLength": 200}, "at": TS},
    required=["kind"],
)
NEW_MESSAGE = obj({"text": {"type": "string", "minLength": 1, "maxLength": 2000}})
ADVANCE_CLOCK = obj({"advance_seconds": {"type": "number", "minimum": 0, "maximum": 31_536_000}})

# Event-socket messages of a call (not HTTP bodies; published in the OpenAPI components).
HEARTBEAT_MESSAGE = obj(
    {
        "type": {"type": "string", "enum": ["heartbeat"]},
        "call_id": {"type": "string", "minLength": 1, "maxLength": 200},
        "media": {"type": "boolean"},
    },
    required=["call_id", "media"],
)
