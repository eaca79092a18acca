"""The settings dialog as a view: sections on the left (Camera, Sound, Ringing, Connection,
Language), the chosen section on the right, Cancel / Save below. `SettingsDialogController` fills
and runs it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.device_choices import DeviceOption
from ui.call.video_view import VideoView
from ui.settings.hardware_wizard import LevelBar
from ui.translations import GERMAN, core_text, tr_noop
from ui.widgets import repolish, reveal, scrolling, set_role

# The sections' names are their keys (`show_section("Sound")`) and, translated, the list's items.
SECTIONS = (
    tr_noop("SettingsDialog", "Camera"),
    tr_noop("SettingsDialog", "Sound"),
    tr_noop("SettingsDialog", "Ringing"),
    tr_noop("SettingsDialog", "Connection"),
    tr_noop("SettingsDialog", "Language"),
)
# (setting, name): "" follows the system; the languages are named in their own words.
LANGUAGE_CHOICES = (("", ""), (GERMAN, "Deutsch"), ("en", "English"))

# The dialog's own looks, on top of the app theme (ui/style.qss), matching the hardware wizard.
SETTINGS_STYLE = """
#settingsNav { background: #FFFFFF; border: none; border-right: 1px solid #E3E5EE;
               padding: 16px 10px; outline: none; }
#settingsNav::item { padding: 9px 12px; border-radius: 8px; color: #4A4E69; margin-bottom: 2px; }
#settingsNav::item:selected { background: #EEEAFE; color: #2B2D42; font-weight: 600; }
#settingsCard { background: #FFFFFF; border: 1px solid #E3E5EE; border-radius: 12px; }
#settingsFooter { background: #FFFFFF; border-top: 1px solid #E3E5EE; }
QLabel[role="fieldLabel"] { font-weight: 600; }
QLabel[role="deviceMessage"] { background: #FFF4DB; color: #8A6510; border: 1px solid #F3DFA8;
                               border-radius: 8px; padding: 8px 10px; }
QLabel[role="formError"] { color: #B42323; }
QComboBox { background: #FFFFFF; border: 1px solid #D5D7E2; border-radius: 8px;
            padding: 6px 30px 6px 10px;
            min-height: 20px; }
QComboBox:focus { border: 1px solid #5B3CF0; }
QComboBox:disabled { background: #F3F4F8; color: #9A9DB0; }
QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right; width: 26px;
                      border: none; }
QComboBox QAbstractItemView { background: #FFFFFF; border: 1px solid #E3E5EE;
                              selection-background-color: #EEEAFE; selection-color: #2B2D42; }
QSlider::groove:horizontal { height: 4px; background: #E3E5EE; border-radius: 2px; }
QSlider::sub-page:horizontal { background: #5B3CF0; border-radius: 2px; }
QSlider::handle:horizontal { background: #FFFFFF; border: 2px solid #5B3CF0; width: 12px;
                             margin: -6px 0; border-radius: 8px; }
"""


# Where the screen has room; `fit_to_screen` makes it smaller where not.
PREFERRED_SIZE = QSize(900, 640)


class DeviceCombo(QComboBox):
    """A drop-down list that draws its own chevron: the theme styles the box, and a styled
    QComboBox loses the platform's arrow (an image would need a file on disk)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#6B6F85" if self.isEnabled() else "#C3C5D3"), 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        x, y = self.width() - 20, self.height() / 2
        painter.drawPolyline([QPointF(x - 4, y - 2), QPointF(x, y + 2), QPointF(x + 4, y - 2)])
        painter.end()


def _label(text: str, role: str = "fieldLabel") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_role(label, role)
    return label


class DeviceField(QWidget):
    """A device list with its caption and a message line for "none found"."""

    def __init__(self, caption: str, accessible: str) -> None:
        super().__init__()
        self.combo = DeviceCombo()
        self.combo.setAccessibleName(accessible)
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.message = _label("", "deviceMessage")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(_label(caption))
        layout.addWidget(self.combo)
        layout.addWidget(self.message)

    def show_options(self, options: tuple[DeviceOption, ...], selected: str, empty: str) -> None:
        """Fills the list (keeping ``selected`` chosen) or shows ``empty`` when there is none."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for option in options:
            self.combo.addItem(core_text(option.label), option)
        index = next((i for i, o in enumerate(options) if o.identity == selected), 0)
        self.combo.setCurrentIndex(index if options else -1)
        self.combo.blockSignals(False)
        self.combo.setEnabled(bool(options))
        self.combo.setPlaceholderText(self.tr("None connected"))
        self.message.setText(core_text(empty))
        self.message.setVisible(not any(o.connected for o in options))

    def chosen(self) -> DeviceOption | None:
        data = self.combo.currentData()
        return data if isinstance(data, DeviceOption) else None


class Card(QFrame):
    """A white card with a title and a short explanation."""

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.setObjectName("settingsCard")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 16)
        self.body.setSpacing(10)
        self.body.addWidget(_label(title, "dialogTitle"))
        if text:
            self.body.addWidget(_label(text, "muted"))


class SettingsDialog(QDialog):
    """Widgets are public attributes for the controller; `closing` is emitted when the dialog
    closes by any way (Save, Cancel, Escape, the window's close button)."""

    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self.setStyleSheet(SETTINGS_STYLE)
        self.resize(PREFERRED_SIZE)
        self.nav = QListWidget()
        self.nav.setObjectName("settingsNav")
        self.nav.setFixedWidth(190)
        self.nav.addItems([self.tr(section) for section in SECTIONS])
        self.stack = QStackedWidget()
        # The camera page's preview shrinks with the window; the other pages scroll where the
        # screen is short (a preview keeps its picture's shape, so it would not fit a scroll).
        self.stack.addWidget(self._camera_page())
        for page in (self._sound_page(), self._ring_page(), self._connection_page(),
                     self._language_page()):  # fmt: skip
            self.stack.addWidget(scrolling(page))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(body, 1)
        layout.addWidget(self._footer())
        self.nav.setCurrentRow(0)

    @staticmethod
    def _page(*cards: QWidget, stretch_first: bool = False) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        for number, card in enumerate(cards):
            layout.addWidget(card, 1 if stretch_first and number == 0 else 0)
        if not stretch_first:
            layout.addStretch(1)
        return page

    def _camera_page(self) -> QWidget:
        card = Card(self.tr("Camera"), self.tr("The customer sees this picture. It is only shown "
                    "here, never recorded."))  # fmt: skip
        self.camera = DeviceField(self.tr("Use this camera"), self.tr("Camera"))
        self.preview = VideoView(self.tr("You"), mirrored=True, corner_radius=10)
        self.preview.setMinimumHeight(220)
        card.body.addWidget(self.camera)
        card.body.addWidget(self.preview, 1)
        return self._page(card, stretch_first=True)

    def _sound_page(self) -> QWidget:
        microphone = Card(self.tr("Microphone"), self.tr("Speak as you would to a customer: the "
                          "bar should move into the middle, never to the end."))  # fmt: skip
        self.microphone = DeviceField(self.tr("Use this microphone"), self.tr("Microphone"))
        self.level = LevelBar()
        microphone.body.addWidget(self.microphone)
        microphone.body.addWidget(self.level)
        speakers = Card(self.tr("Speakers"), self.tr("Where you hear the customer."))
        self.speaker = DeviceField(self.tr("Play the customer on"), self.tr("Speakers"))
        self.test_sound = QPushButton(self.tr("Play test sound"))
        set_role(self.test_sound, "secondary")
        self.speaker_note = _label("", "muted")
        row = QHBoxLayout()
        row.addWidget(self.test_sound)
        row.addWidget(self.speaker_note, 1)
        speakers.body.addWidget(self.speaker)
        speakers.body.addLayout(row)
        voice = Card(self.tr("Voice"), self.tr("Cleans up your voice before the customer hears "
                     "it. Switch a part off only if support asks you to."))  # fmt: skip
        self.echo_cancellation = QCheckBox(self.tr("Echo cancellation — the customer does not "
                                           "hear themselves from your speakers"))  # fmt: skip
        self.noise_suppression = QCheckBox(self.tr("Noise suppression — less background noise"))
        self.gain_control = QCheckBox(
            self.tr("Automatic volume — keeps your voice at an even level")
        )
        for box in (self.echo_cancellation, self.noise_suppression, self.gain_control):
            voice.body.addWidget(box)
        return self._page(microphone, speakers, voice)

    def _ring_page(self) -> QWidget:
        card = Card(self.tr("Ringing"), self.tr("Where an incoming call rings: for example loud "
                    "speakers while you talk on a headset."))  # fmt: skip
        self.ring = DeviceField(self.tr("Ring on"), self.tr("Ring device"))
        self.ring_volume = QSlider(Qt.Orientation.Horizontal)
        self.ring_volume.setRange(0, 100)
        self.ring_volume.setAccessibleName(self.tr("Ring volume"))
        self.test_ring = QPushButton(self.tr("Play test ring"))
        set_role(self.test_ring, "secondary")
        self.ring_note = _label(self.tr("A new ring device is used from the next start of the "
                                "app."), "muted")  # fmt: skip
        volume = QHBoxLayout()
        volume.addWidget(_label(self.tr("Volume")))
        volume.addWidget(self.ring_volume, 1)
        row = QHBoxLayout()
        row.addWidget(self.test_ring)
        row.addWidget(self.ring_note, 1)
        card.body.addWidget(self.ring)
        card.body.addLayout(volume)
        card.body.addLayout(row)
        return self._page(card)

    def _connection_page(self) -> QWidget:
        platform = Card(self.tr("Platform"), self.tr("The platform you sell consultations on. "
                        "Changes take effect the next time you sign in."))  # fmt: skip
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://platform.example")
        self.server_url.setAccessibleName(self.tr("Platform address"))
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("Only if your company uses its own certificates"))
        self.ca_bundle.setAccessibleName(self.tr("Custom certificate bundle"))
        self.choose_ca = QPushButton(self.tr("Choose…"))
        self.demo_note = _label("", "muted")
        self.demo_note.hide()
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.choose_ca)
        platform.body.addWidget(_label(self.tr("Platform address")))
        platform.body.addWidget(self.server_url)
        platform.body.addWidget(_label(self.tr("Certificate bundle (PEM)")))
        platform.body.addLayout(ca_row)
        platform.body.addWidget(self.demo_note)
        self.form_error = _label("", "formError")
        self.form_error.hide()
        return self._page(platform, self.form_error)

    def _language_page(self) -> QWidget:
        card = Card(
            self.tr("Language"),
            self.tr("The language of the app's windows, dates and numbers. A change takes effect "
                    "the next time you start the app."),
        )  # fmt: skip
        self.language = DeviceCombo()
        self.language.setAccessibleName(self.tr("Language"))
        for setting, name in LANGUAGE_CHOICES:
            self.language.addItem(name or self.tr("Same as the system"), setting)
        card.body.addWidget(_label(self.tr("Show the app in")))
        card.body.addWidget(self.language)
        return self._page(card)

    def chosen_language(self) -> str:
        """The `language` setting chosen: "" (the system's), "de" or "en"."""
        data = self.language.currentData()
        return data if isinstance(data, str) else ""

    def show_language(self, setting: str) -> None:
        index = self.language.findData(setting)
        self.language.setCurrentIndex(index if index >= 0 else 0)

    def _footer(self) -> QFrame:
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.save_button = QPushButton(self.tr("Save"))
        set_role(self.save_button, "primary")
        self.save_button.setDefault(True)
        footer = QFrame()
        footer.setObjectName("settingsFooter")
        row = QHBoxLayout(footer)
        row.setContentsMargins(16, 10, 16, 12)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        return footer

    def show_section(self, name: str) -> None:
        self.nav.setCurrentRow(SECTIONS.index(name))

    @property
    def section(self) -> str:
        return SECTIONS[self.stack.currentIndex()]

    def show_form_error(self, text: str) -> None:
        """`text` may be one of `ui.settings.form`'s marked problems: translated here."""
        self.form_error.setText(core_text(text))
        self.form_error.setVisible(bool(text))
        repolish(self.form_error)
        if text:
            reveal(self.form_error)  # below the fold on a short screen

    def done(self, result: int) -> None:
        self.closing.emit()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
