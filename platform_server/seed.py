"""Start-up data: the advisor account, and with `--seed demo` a realistic week of bookings.

The demo lets the desktop app be tried at once: requests waiting for an answer, confirmed (paid
and unpaid) appointments, a declined and a completed one, and a chat thread. Times are relative
to now, on whole quarter hours between 9 and 19 o'clock CET.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from platform_server.accounts import NO_PASSWORD, Passwords
from platform_server.bookings import new_confirmation_code
from platform_server.clock import Clock
from platform_server.db import transaction
from platform_server.wire import format_ts, new_id

DEMO_ADVISOR_EMAIL = "demo@advisor.example"
# A demo server only; printed in the READY line so the person trying it can sign in.
DEMO_ADVISOR_PASSWORD = "demo-pass-1234"  # noqa: S105
DEMO_ADVISOR_NAME = "Dr. Lena Hoffmann"
CET = timezone(timedelta(hours=1), "CET")


@dataclass(frozen=True)
class DemoBooking:
    alias: str
    age: int
    state: str
    slots: tuple[tuple[int, int, int], ...]  # (days from today, hour, minute) in CET
    duration: int
    text: str
    confirmed: int | None = None  # index into slots
    paid: bool = False
    decline_reason: str | None = None


DEMO_BOOKINGS = (
    DemoBooking("Jonas", 34, "requested", ((1, 10, 0), (1, 14, 30), (2, 9, 15)), 30,
                "Ich arbeite seit acht Jahren im Vertrieb und überlege, in die Pflege zu "
                "wechseln. Mich interessiert, wie ich herausfinde, ob das wirklich zu mir "
                "passt, und wie ich den Schritt finanziell plane."),
    DemoBooking("Miriam", 41, "requested", ((2, 17, 0), (3, 18, 15)), 45,
                "Mein Partner und ich streiten seit der Geburt unseres zweiten Kindes fast "
                "nur noch über Organisatorisches. Ich wünsche mir Ideen, wie wir wieder "
                "besser miteinander reden."),
    DemoBooking("Katrin", 29, "requested", ((1, 12, 45), (4, 11, 0), (4, 16, 30)), 15,
                "Ich habe zwei Jobangebote und kann mich nicht entscheiden. Kurze "
                "Einschätzung von außen wäre hilfreich."),
    DemoBooking("Thomas", 52, "confirmed", ((2, 11, 0), (3, 15, 0)), 60,
                "Nach 25 Jahren in derselben Firma wurde meine Stelle gestrichen. Ich fühle "
                "mich wie gelähmt und weiß nicht, wo ich anfangen soll.",
                confirmed=0, paid=True),
    DemoBooking("Selin", 26, "confirmed", ((3, 16, 45), (5, 10, 30)), 30,
                "Ich ziehe für das Studium in eine neue Stadt und fühle mich dort sehr "
                "einsam. Wie finde ich Anschluss, ohne mich zu verbiegen?",
                confirmed=0, paid=False),
    DemoBooking("Uwe", 63, "declined", ((2, 9, 0), (2, 9, 30)), 30,
                "Ich brauche eine Einschätzung zu meinem Rentenbescheid und ob ich "
                "Widerspruch einlegen soll.",
                decline_reason="Zu Rechts- und Rentenfragen berate ich leider nicht; "
                "bitte wenden Sie sich an eine Rentenberatungsstelle."),
    DemoBooking("Anna", 38, "completed", ((-1, 18, 0), (-1, 18, 30)), 30,
                "Ich möchte lernen, im Team klarer Nein zu sagen, ohne ein schlechtes "
                "Gewissen zu haben.",
                confirmed=0, paid=True),
)  # fmt: skip

DEMO_MESSAGES = (
    ("customer", "Guten Tag Frau Dr. Hoffmann, ich freue mich auf unser Gespräch. "
                 "Soll ich etwas vorbereiten?"),
    ("advisor", "Hallo Thomas, gern! Notieren Sie sich vorab zwei, drei Situationen aus den "
                "letzten Wochen, die Sie besonders beschäftigt haben."),
)  # fmt: skip


def _slot(now: datetime, days: int, hour: int, minute: int) -> datetime:
    today = now.astimezone(CET).date()
    return datetime(today.year, today.month, today.day, hour, minute, tzinfo=CET) + timedelta(
        days=days
    )


def ensure_advisor(conn: sqlite3.Connection, clock: Clock, passwords: Passwords) -> str:
    """The demo advisor's id, creating the account on first start."""
    row = conn.execute("SELECT id FROM accounts WHERE email = ?", (DEMO_ADVISOR_EMAIL,)).fetchone()
    if row is not None:
        return str(row["id"])
    advisor_id = new_id("acc")
    conn.execute(
        "INSERT INTO accounts (id, role, email, password_hash, display_name, presence, created_at)"
        " VALUES (?, 'advisor', ?, ?, ?, 'offline', ?)",
        (advisor_id, DEMO_ADVISOR_EMAIL, passwords.hash(DEMO_ADVISOR_PASSWORD),
         DEMO_ADVISOR_NAME, format_ts(clock.now())),
    )  # fmt: skip
    return advisor_id


def seed_demo(conn: sqlite3.Connection, clock: Clock, advisor_id: str) -> None:
    """Add the demo bookings once (a restart with the same data keeps what is there)."""
    if conn.execute("SELECT 1 FROM bookings WHERE advisor_id = ?", (advisor_id,)).fetchone():
        return
    now = clock.now()
    with transaction(conn):
        for index, demo in enumerate(DEMO_BOOKINGS):
            customer_id = _demo_customer(conn, demo.alias, now)
            thread_id = _insert_thread(conn, advisor_id, customer_id, demo.alias)
            booking_id = _insert_booking(
                conn,
                advisor_id=advisor_id,
                customer_id=customer_id,
                demo=demo,
                now=now,
                index=index,
            )
            if demo.state == "completed":
                _insert_past_call(
                    conn,
                    advisor_id=advisor_id,
                    customer_id=customer_id,
                    demo=demo,
                    booking_id=booking_id,
                    now=now,
                )
            if demo.alias == "Thomas":
                for offset, (sender, text) in enumerate(DEMO_MESSAGES):
                    conn.execute(
                        "INSERT INTO messages (id, thread_id, sender, text, created_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (new_id("msg"), thread_id, sender, text,
                         format_ts(now - timedelta(hours=3) + timedelta(minutes=20 * offset))),
                    )  # fmt: skip


def _demo_customer(conn: sqlite3.Connection, alias: str, now: datetime) -> str:
    customer_id = new_id("acc")
    conn.execute(
        "INSERT INTO accounts (id, role, email, password_hash, created_at)"
        " VALUES (?, 'customer', ?, ?, ?)",
        (customer_id, f"{alias.lower()}.{customer_id[-6:]}@kunde.example", NO_PASSWORD,
         format_ts(now)),
    )  # fmt: skip
    return customer_id


def _insert_thread(conn: sqlite3.Connection, advisor_id: str, customer_id: str, alias: str) -> str:
    thread_id = new_id("thr")
    conn.execute(
        "INSERT INTO threads (id, advisor_id, customer_id, alias) VALUES (?, ?, ?, ?)",
        (thread_id, advisor_id, customer_id, alias),
    )
    return thread_id


def _insert_booking(
    conn: sqlite3.Connection,
    *,
    advisor_id: str,
    customer_id: str,
    demo: DemoBooking,
    now: datetime,
    index: int,
) -> str:
    booking_id = new_id("bkg")
    slots = [_slot(now, *slot) for slot in demo.slots]
    created = now - timedelta(days=2, hours=index * 3)
    if demo.state == "completed":
        created = slots[0] - timedelta(days=3)
    confirmed = slots[demo.confirmed] if demo.confirmed is not None else None
    conn.execute(
        "INSERT INTO bookings (id, advisor_id, customer_id, alias, age, wished_slots,"
        " duration_minutes, request_text, state, confirmed_slot, paid, decline_reason,"
        " confirmation_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?)",
        (booking_id, advisor_id, customer_id, demo.alias, demo.age,
         json.dumps([format_ts(s) for s in slots]), demo.duration, demo.text, demo.state,
         format_ts(confirmed) if confirmed else None, int(demo.paid), demo.decline_reason,
         new_confirmation_code() if confirmed else None, format_ts(created),
         format_ts(max(created, now - timedelta(hours=index + 1)))),
    )  # fmt: skip
    return booking_id


def _insert_past_call(
    conn: sqlite3.Connection,
    *,
    advisor_id: str,
    customer_id: str,
    demo: DemoBooking,
    booking_id: str,
    now: datetime,
) -> None:
    start = _slot(now, *demo.slots[0])
    billed = demo.duration * 60 - 95
    conn.execute(
        "INSERT INTO calls (id, kind, booking_id, advisor_id, customer_id, alias, age, state,"
        " created_at, started_at, ended_at, end_reason, ended_by, billed_seconds)"
        " VALUES (?, 'booked', ?, ?, ?, ?, ?, 'ended', ?, ?, ?, 'hangup', 'advisor', ?)",
        (new_id("call"), booking_id, advisor_id, customer_id, demo.alias, demo.age,
         format_ts(start - timedelta(seconds=20)), format_ts(start),
         format_ts(start + timedelta(seconds=billed)), billed),
    )  # fmt: skip
