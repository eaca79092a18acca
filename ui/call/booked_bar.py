"""The strip a booked call adds under the call window's top bar: a view only.

Left the time left until the booked end (it turns amber 5 minutes and red 1 minute before the
end), then the identity check, and on the right "End for abuse", which ends the call at once (the
remaining time counts as used). A live call shows only the abuse button.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.call import theme as call_theme
from ui.call.identity_check import IdentityCheck
from ui.widgets import repolish

STYLESHEET = f"""
#BookedCallBar {{
    background: {call_theme.SURFACE}; border: 1px solid #2f3542; border-radius: 12px;
}}
#BookedCallBar QLabel {{ color: {call_theme.TEXT}; }}
#TimeLeft {{ font-size: 20px; font-weight: 700; }}
#TimeLeft[tone="warn"] {{ color: {call_theme.FAIR}; }}
#TimeLeft[tone="urgent"] {{ color: {call_theme.POOR}; }}
#TimeLeftCaption {{ color: {call_theme.TEXT_MUTED}; font-size: 12px; }}
#IdentityCheck {{
    background: {call_theme.SURFACE_RAISED}; border-radius: 10px;
}}
#IdentityCheck[state="verified"] {{ background: #173a2a; }}
#IdentityCheck[state="failed"] {{ background: #3d1d20; }}
#IdentityTitle {{ font-weight: 600; }}
#IdentityResult {{ color: {call_theme.TEXT_MUTED}; }}
#IdentityCheck[state="verified"] #IdentityResult {{ color: #8fe0b5; }}
#IdentityCheck[state="failed"] #IdentityResult {{ color: #ffb4b4; }}
#BookedCallBar QLineEdit {{
    background: {call_theme.WINDOW}; color: {call_theme.TEXT}; border: 1px solid #3a4150;
    border-radius: 8px; padding: 5px 8px; font-size: 14px; letter-spacing: 1px;
}}
#BookedCallBar QLineEdit:focus {{ border: 2px solid {call_theme.ACCENT_ON_DARK}; }}
#BookedCallBar QPushButton {{
    background: {call_theme.SURFACE_RAISED}; color: {call_theme.TEXT}; border: 1px solid #3a4150;
    border-radius: 8px; padding: 6px 12px;
}}
#BookedCallBar QPushButton:hover {{ background: #343a47; }}
#BookedCallBar QPushButton:focus {{ border: 2px solid {call_theme.ACCENT_ON_DARK}; }}
#BookedCallBar QPushButton:disabled {{ color: #5d6472; }}
#BookedCallBar QPushButton#IdentityCheckButton {{
    background: {call_theme.ACCENT}; border-color: {call_theme.ACCENT}; font-weight: 600;
}}
#BookedCallBar QPushButton#IdentityEnd, #BookedCallBar QPushButton#AbuseButton {{
    color: #ffb4b4; border-color: #6b2a2e;
}}
#BookedCallBar QPushButton#IdentityEnd:hover, #BookedCallBar QPushButton#AbuseButton:hover {{
    background: {call_theme.DANGER}; color: #ffffff;
}}
"""


class BookedCallBar(QFrame):
    """Time left, the identity check (booked calls only) and End for abuse."""

    abuse_clicked = Signal()

    def __init__(self, alias: str, *, booked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BookedCallBar")
        self.setStyleSheet(STYLESHEET)
        self.time_left = QLabel("—")
        self.time_left.setObjectName("TimeLeft")
        self.time_left.setAccessibleName(self.tr("Time left until the booked end"))
        self.caption = QLabel()
        self.caption.setObjectName("TimeLeftCaption")
        self.identity = IdentityCheck(alias)
        self.abuse = QPushButton(self.tr("End for abuse"))
        self.abuse.setObjectName("AbuseButton")
        self.abuse.setToolTip(self.tr("Ends the call at once; the remaining time counts as used."))
        self.abuse.clicked.connect(self.abuse_clicked)

        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.time_left)
        clock.addWidget(self.caption)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.setSpacing(14)
        row.addLayout(clock)
        row.addWidget(self.identity, 1)
        row.addWidget(self.abuse)
        for widget in (self.time_left, self.caption, self.identity):
            widget.setVisible(booked)
        if not booked:
            row.insertStretch(0, 1)

    def show_time_left(self, text: str, caption: str, tone: str) -> None:
        """`tone`: "" normally, "warn" within 5 minutes, "urgent" within 1 minute."""
        self.time_left.setText(text)
        self.caption.setText(caption)
        if self.time_left.property("tone") != tone:
            self.time_left.setProperty("tone", tone)
            repolish(self.time_left)
