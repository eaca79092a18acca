"""The strip a booked call adds under the call window's top bar: a view only.

Left the time left until the booked end (it turns amber 5 minutes and red 1 minute before the
end), then the identity check. A live call has no strip: "End for abuse" is one of the call's own
buttons (`ui.call.controls`), for every call.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.call import theme as call_theme
from ui.call.identity_check import IdentityCheck
from ui.elision import ElidedLabel
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
/* The focus ring is 1 px wider, the padding 1 px narrower: the field keeps its size (a size
   that changed with the focus would leave the row laid out for the other one). */
#BookedCallBar QLineEdit:focus {{
    border: 2px solid {call_theme.ACCENT_ON_DARK}; padding: 4px 7px;
}}
#BookedCallBar QPushButton {{
    background: {call_theme.SURFACE_RAISED}; color: {call_theme.TEXT}; border: 1px solid #3a4150;
    border-radius: 8px; padding: 6px 12px;
}}
#BookedCallBar QPushButton:hover {{ background: #343a47; }}
#BookedCallBar QPushButton:focus {{
    border: 2px solid {call_theme.ACCENT_ON_DARK}; padding: 5px 11px;
}}
#BookedCallBar QPushButton:disabled {{ color: #5d6472; }}
#BookedCallBar QPushButton#IdentityCheckButton {{
    background: {call_theme.ACCENT}; border-color: {call_theme.ACCENT}; font-weight: 600;
}}
#BookedCallBar QPushButton#IdentityEnd {{
    color: #ffb4b4; border-color: #6b2a2e;
}}
#BookedCallBar QPushButton#IdentityEnd:hover {{
    background: {call_theme.DANGER}; color: #ffffff;
}}
"""


class BookedCallBar(QFrame):
    """Time left and the identity check of a booked call."""

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BookedCallBar")
        self.setStyleSheet(STYLESHEET)
        self.time_left = QLabel("—")
        self.time_left.setObjectName("TimeLeft")
        self.time_left.setAccessibleName(self.tr("Time left until the booked end"))
        self.caption = ElidedLabel()  # "left · ends at Sat 21 Nov, 10:45 CET"; "…" when narrow
        self.caption.setObjectName("TimeLeftCaption")
        self.identity = IdentityCheck(alias)

        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.time_left)
        clock.addWidget(self.caption)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.setSpacing(14)
        row.addLayout(clock)
        row.addWidget(self.identity, 1)
        # As tall as its field and buttons need: the video below gives way, never the bar.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def show_time_left(self, text: str, caption: str, tone: str) -> None:
        """`tone`: "" normally, "warn" within 5 minutes, "urgent" within 1 minute."""
        self.time_left.setText(text)
        self.caption.setText(caption)
        if self.time_left.property("tone") != tone:
            self.time_left.setProperty("tone", tone)
            repolish(self.time_left)
