"""After a call the line could not carry: the call's summary offers the way on.

A booked call is called back: after a `bandwidth` end the platform returns the booking to
`confirmed`, so the same appointment can be called again at once. A live call cannot be: the
platform has no advisor-initiated live call, and the customer page asked the customer to try
again; the advisor is offered to go online again (presence `online`) to take that request.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from advisor_app.domain.models import Call, EndReason
from ui.call.window import CallWindow


def ended_for_bandwidth(call: Call | None) -> bool:
    """True for a call the platform recorded as ended because the line was too slow."""
    return call is not None and call.end_reason is EndReason.BANDWIDTH


def offer_call_back(window: CallWindow, alias: str, call_back: Callable[[], None]) -> None:
    """The summary of a booked call ended for bandwidth offers "Call back" (runs `call_back`)."""
    summary = window.summary
    summary.offer_again(
        QCoreApplication.translate("CallAgain", "Call back"),
        QCoreApplication.translate(
            "CallAgain", "The appointment stays booked: call %1 back when the line is better."
        ).replace("%1", alias),
    )
    summary.again_button.clicked.connect(call_back)


def offer_going_online(
    window: CallWindow,
    alias: str,
    go_online: Callable[[Callable[[], None], Callable[[str], None]], None],
) -> None:
    """The summary of a live call ended for bandwidth offers "Go online again".

    `go_online(done, failed)` sets the presence; the button then says so, or the note says why not.
    """
    summary = window.summary
    note = QCoreApplication.translate(
        "CallAgain",
        "%1 was asked to try again when the connection is better; be online to take the call.",
    ).replace("%1", alias)
    summary.offer_again(QCoreApplication.translate("CallAgain", "Go online again"), note)

    def done() -> None:
        summary.again_button.setText(QCoreApplication.translate("CallAgain", "You are online"))
        summary.again_button.setEnabled(False)

    def failed(message: str) -> None:
        summary.again_note.setText(message)
        summary.again_button.setEnabled(True)

    def clicked() -> None:
        summary.again_button.setEnabled(False)
        go_online(done, failed)

    summary.again_button.clicked.connect(clicked)
