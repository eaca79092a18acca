"""Fills the history tab from the platform: calls, their billed seconds and recorded events.

The texts explain a bill in the advisor's words: "Ended: booked time over", "Video paused:
connection too slow", "Identity verified". Times show in the advisor's zone, named.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from advisor_app.domain.models import CallEvent, CallKind, EndReason
from advisor_app.domain.server_clock import ServerClock, format_duration
from advisor_app.history import CallEventKind, CallRecord
from ui.advisor_clock import AdvisorClock
from ui.engine_calls import EngineCalls
from ui.history_panel import HistoryPanel

HistorySource = Callable[[], Coroutine[Any, Any, tuple[CallRecord, ...]]]


class HistoryController(QObject):
    failed = Signal(str)

    def __init__(
        self, panel: HistoryPanel, *, source: HistorySource, calls: EngineCalls, clock: AdvisorClock
    ) -> None:
        super().__init__(panel)
        self._panel = panel
        self._source = source
        self._calls = calls
        self._clock = clock
        self._records: tuple[CallRecord, ...] = ()
        self._loaded = False
        panel.refresh_clicked.connect(self.refresh)
        panel.row_selected.connect(self._show_details)

    def refresh(self) -> None:
        """Fetches the calls again; until the first answer the tab says it is loading."""
        if not self._loaded:
            self._panel.show_loading()
        self._calls.run(
            self._source(),
            on_result=self.show_records,
            on_error=self._not_loaded,
            busy=lambda busy: self._panel.refresh.setEnabled(not busy),
            what="call history",
        )

    def _not_loaded(self, message: str) -> None:
        """Before the first answer the tab says why it has no calls; later the calls it shows
        stay and the window's notice tells that they could not be brought up to date."""
        if self._loaded:
            self.failed.emit(message)
        else:
            self._panel.show_failed(message)

    def show_records(self, records: tuple[CallRecord, ...]) -> None:
        self._loaded = True
        self._records = records
        self._panel.show_rows([self._row(record) for record in records])
        if records:
            self._show_details(0)

    def _row(self, record: CallRecord) -> list[str]:
        call = record.call
        duration = record.duration
        return [
            self._clock.moment(call.created_at),
            f"{call.alias}, {call.age}",
            self.tr("Appointment") if call.kind is CallKind.BOOKED else self.tr("Live call"),
            format_duration(duration.total_seconds()) if duration is not None else "—",
            self.tr("%1 s").replace("%1", str(call.billed_seconds)),
            self._end_column(record),
        ]

    def _end_column(self, record: CallRecord) -> str:
        call = record.call
        if call.ended_at is not None:
            return self.end_text(call.end_reason, call.ended_by)
        if record.unconfirmed_end is not None:
            return self.tr("Ended by you, not yet confirmed by the platform")
        return self.tr("Running")

    def end_text(self, reason: EndReason | None, by: str | None) -> str:
        texts = {
            EndReason.HANGUP: self.tr("Hung up"),
            EndReason.BANDWIDTH: self.tr("Connection too slow"),
            EndReason.ABUSE: self.tr("Ended for abuse"),
            EndReason.UNVERIFIED: self.tr("Identity not verified"),
            EndReason.NO_ANSWER: self.tr("No answer (no-show)"),
            EndReason.ERROR: self.tr("Connection failed"),
            EndReason.BOOKED_END: self.tr("Booked time over"),
            EndReason.NO_SHOW: self.tr("Did not come (no-show)"),
            EndReason.CONNECTION_LOST: self.tr("Connection lost"),
        }
        text = texts.get(reason, self.tr("Unknown")) if reason is not None else self.tr("Unknown")
        who = {
            "advisor": self.tr("by you"),
            "customer": self.tr("by the customer"),
            "platform": self.tr("by the platform"),
        }.get(by or "", "")
        return f"{text} ({who})" if who else text

    def event_text(self, event: CallEvent) -> str:
        texts = {
            CallEventKind.IDENTITY_VERIFIED: self.tr("Identity verified"),
            CallEventKind.IDENTITY_FAILED: self.tr("Identity check failed"),
            CallEventKind.VIDEO_PAUSED: self.tr("Video paused: connection too slow"),
            CallEventKind.VIDEO_RESUMED: self.tr("Video resumed"),
            CallEventKind.ENDED_BANDWIDTH: self.tr("Ended: connection below the minimum"),
            CallEventKind.BOOKED_END_WARNING: self.tr("Warned before the booked end"),
        }
        try:
            return texts[CallEventKind(event.kind)]
        except ValueError:
            return event.kind.replace("_", " ")

    def _seconds(self, moment: datetime) -> str:
        """`14:30:07` in the advisor's zone: events of a disputed bill need the second."""
        return f"{ServerClock.to_local(moment, self._clock.zone):%H:%M:%S}"

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self._records):
            return
        record = self._records[row]
        call = record.call
        lines = [
            f"<b>{html.escape(call.alias)}</b> · {html.escape(self._clock.moment(call.created_at))}"
        ]
        if call.started_at is not None:
            lines.append(
                html.escape(
                    self.tr("Connected at %1").replace("%1", self._seconds(call.started_at))
                )
            )
        for event in record.events:
            detail = f" — {html.escape(event.detail)}" if event.detail else ""
            when = html.escape(self._seconds(event.at))
            lines.append(f"{when}: {html.escape(self.event_text(event))}{detail}")
        if call.ended_at is not None:
            ended = self.end_text(call.end_reason, call.ended_by)
            lines.append(
                html.escape(
                    self.tr("Ended at %1: %2, %3 s billed")
                    .replace("%1", self._seconds(call.ended_at))
                    .replace("%2", ended)
                    .replace("%3", str(call.billed_seconds))
                )
            )
        unconfirmed = record.unconfirmed_end
        if call.ended_at is None and unconfirmed is not None:
            lines.append(
                html.escape(
                    self.tr(
                        "You ended the call at %1. The platform has not confirmed it yet: the app "
                        "keeps telling it, and the bill stops at %1."
                    ).replace("%1", self._seconds(unconfirmed.decided_at))
                )
            )
        if not record.events:
            none = html.escape(self.tr("No events were recorded for this call."))
            lines.append(f'<span style="color:#8D90A5;">{none}</span>')
        self._panel.show_details("<br>".join(lines))
