"""The call window's dark, calm look: colours and its stylesheet, in one place.

The call window is dark whatever the desk's theme is (video reads best on a dark surround, as in
every modern video app); it shares the app's accent colour for focus and primary actions.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from ui.icons import ACCENT  # the app's one accent colour, shared with the desk

ACCENT_ON_DARK = "#8F7BFF"  # the accent lightened for focus rings on the dark surround
WINDOW = "#15171c"  # behind everything
SURFACE = "#1f232b"  # bars, panels
SURFACE_RAISED = "#2a2f3a"  # buttons, inputs
STAGE = "#0d0e11"  # letterbox around video
TEXT = "#eef1f6"
TEXT_MUTED = "#9aa3b2"
DANGER = "#e5484d"  # hang up
GOOD = "#30a46c"
FAIR = "#f5a524"
POOR = "#e5484d"
UNKNOWN = "#6b7280"

__all__ = ["ACCENT", "STYLESHEET", "color"]


def color(hex_rgb: str) -> QColor:
    return QColor(hex_rgb)


STYLESHEET = f"""
#CallWindow {{ background: {WINDOW}; }}
#CallWindow QLabel {{ color: {TEXT}; }}
#CallWindow QToolTip {{
    color: {TEXT}; background: {SURFACE_RAISED}; border: 1px solid #3a4150; padding: 4px;
}}
#CallTopBar {{ background: transparent; }}
#CallAlias {{ font-size: 17px; font-weight: 600; }}
#CallAge {{ color: {TEXT_MUTED}; font-size: 15px; }}
#CallStatus {{ color: {TEXT_MUTED}; font-size: 15px; }}
#CallTimer {{ font-size: 15px; font-weight: 600; }}
#CallSecurityCode {{
    background: {SURFACE}; border: 1px solid #2f3542; border-radius: 12px;
    padding: 4px 12px; color: {TEXT_MUTED}; font-size: 13px;
}}
#CallBanner {{
    background: #3b2f12; border: 1px solid #6b5418; border-radius: 10px;
}}
#CallBanner QLabel {{ color: #fbe7b0; font-size: 14px; }}
#CallBanner QToolButton {{
    color: #fbe7b0; background: transparent; border: none; font-size: 16px; padding: 0 4px;
}}
#CallStage {{ background: {STAGE}; border-radius: 14px; }}
#CallCard {{
    background: {SURFACE}; border: 1px solid #353b48; border-radius: 16px;
}}
#CallCard QLabel#CallCardTitle {{ font-size: 22px; font-weight: 600; }}
#CallCard QLabel#CallCardDetail {{ color: {TEXT_MUTED}; font-size: 15px; }}
#CallCard QLabel#CallCardFigure {{ font-size: 28px; font-weight: 600; }}
#CallCard QPushButton {{
    min-height: 38px; padding: 0 22px; border-radius: 19px; font-size: 15px;
    color: {TEXT}; background: {SURFACE_RAISED}; border: 1px solid #3a4150;
}}
#CallCard QPushButton:hover {{ background: #343a47; }}
#CallCard QPushButton:focus {{ border: 2px solid {ACCENT_ON_DARK}; }}
#CallCard QPushButton[role="primary"] {{ background: {ACCENT}; border-color: {ACCENT}; }}
#CallCard QPushButton[role="danger"] {{ background: {DANGER}; border-color: {DANGER}; }}
#CallCard QPushButton[role="danger"]:focus,
#CallCard QPushButton[role="primary"]:focus {{ border: 2px solid {TEXT}; }}
#CallChat {{ background: {SURFACE}; border-radius: 14px; }}
#CallChat QLabel#CallChatTitle {{ font-size: 14px; font-weight: 600; color: {TEXT}; }}
#CallChat QTextBrowser {{
    background: transparent; border: none; color: {TEXT}; font-size: 14px;
}}
#CallChat QLineEdit {{
    background: {SURFACE_RAISED}; color: {TEXT}; border: 1px solid #3a4150;
    border-radius: 17px; padding: 7px 12px; font-size: 14px;
    selection-background-color: {ACCENT};
}}
#CallChat QLineEdit:focus {{ border: 1px solid {ACCENT_ON_DARK}; }}
#CallChat QToolButton {{
    background: {ACCENT}; color: white; border: none; border-radius: 17px; padding: 0;
    min-width: 34px; max-width: 34px; max-height: 34px; min-height: 34px; font-size: 15px;
}}
#CallChat QToolButton:disabled {{ background: {SURFACE_RAISED}; color: {TEXT_MUTED}; }}
#CallControls QLabel {{ color: {TEXT_MUTED}; font-size: 12px; }}
QPushButton[callControl="true"] {{
    background: {TEXT}; border: 1px solid {TEXT}; border-radius: 28px; padding: 0;
    min-width: 56px; max-width: 56px; min-height: 56px; max-height: 56px;
}}
QPushButton[callControl="true"]:hover {{ background: #ffffff; }}
QPushButton[callControl="true"]:checked {{ background: {SURFACE_RAISED}; border-color: #3a4150; }}
QPushButton[callControl="true"]:checked:hover {{ background: #353b48; }}
QPushButton[callControl="true"]:focus {{ border: 2px solid {ACCENT_ON_DARK}; }}
QPushButton[callControl="true"]:disabled {{ background: {SURFACE}; border-color: {SURFACE}; }}
QPushButton[callControl="danger"] {{
    background: {DANGER}; border: 1px solid {DANGER}; border-radius: 28px; padding: 0;
    min-width: 72px; max-width: 72px; min-height: 56px; max-height: 56px;
}}
QPushButton[callControl="danger"]:hover {{ background: #f2555a; }}
QPushButton[callControl="danger"]:focus {{ border: 2px solid {TEXT}; }}
QPushButton[callControl="danger"]:disabled {{ background: #5a2a2c; border-color: #5a2a2c; }}
QPushButton#AbuseButton {{
    background: transparent; color: #ffb4b4; border: 1px solid #6b2a2e; border-radius: 8px;
    padding: 6px 12px;
}}
QPushButton#AbuseButton:hover {{ background: {DANGER}; color: #ffffff; }}
QPushButton#AbuseButton:focus {{ border: 2px solid {ACCENT_ON_DARK}; }}
QPushButton#AbuseButton:disabled {{ color: #5d6472; border-color: #2f3542; }}
"""
