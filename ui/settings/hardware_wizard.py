"""The hardware and network test as a wizard: a view that lays out the steps and their results.

One page per step (camera with a live preview, microphone with a level meter, speaker, echo test,
network) and a report page with copy, save and share. `HardwareWizardController` runs the checks
and fills the pages; this module only lays out and shows.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.texts import N_
from advisor_app.hardware_check.report import CheckResult, Verdict
from ui.call.video_view import VideoView
from ui.translations import core_text, tr_noop
from ui.widgets import repolish, scrolling, set_role

# (key, title, instructions) in English. The titles also name results in the report for support
# (which stays English), so they are core texts (`N_`, shown through `core_text`); the
# instructions are marked for `pyside6-lupdate` and translated when the page is built.
STEPS = (
    ("camera", N_("HardwareCheck", "Camera"),
     tr_noop("HardwareWizard", "Look into the camera. We check the picture, the frame "
                       "rate and the light.")),
    ("microphone", N_("HardwareCheck", "Microphone"),
     tr_noop("HardwareWizard", "Say a few words in your normal voice, as you would to a "
                       "customer.")),
    ("speaker", N_("HardwareCheck", "Speaker"),
     tr_noop("HardwareWizard", "You should hear a short beep. Did you hear it?")),
    ("echo", N_("HardwareCheck", "Echo test"),
     tr_noop("HardwareWizard", "Say a sentence after the start: you will hear it played "
                       "back, as a customer would hear you. Nothing is saved.")),
    ("network", N_("HardwareCheck", "Network"),
     tr_noop("HardwareWizard", "We measure the connection to the platform: speed, delay "
                       "and the call servers.")),
)  # fmt: skip
NOT_STARTED = tr_noop("ResultCard", "Not started yet.")
_PENDING = "○"
VERDICT_MARK = {
    Verdict.PASS: "✓",
    Verdict.WARN: "!",
    Verdict.FAIL: "✕",
    Verdict.SKIPPED: "–",
}


# The wizard's own looks, on top of the app theme (ui/style.qss): a step rail and result cards.
WIZARD_STYLE = """
#wizardSteps { background: #FFFFFF; border: none; border-right: 1px solid #E3E5EE;
               padding: 16px 10px; outline: none; }
#wizardSteps::item { padding: 9px 12px; border-radius: 8px; color: #4A4E69; margin-bottom: 2px; }
#wizardSteps::item:selected { background: #EEEAFE; color: #2B2D42; font-weight: 600; }
#resultCard { background: #FFFFFF; border: 1px solid #E3E5EE; border-radius: 12px; }
QLabel[role="resultSummary"] { font-size: 11pt; }
QLabel[role="chip"][tone="fail"] { background: #FDECEC; color: #A32020; }
#wizardFooter { background: #FFFFFF; border-top: 1px solid #E3E5EE; }
#reportText { font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; font-size: 9pt; }
"""


class ResultCard(QFrame):
    """A step's outcome: a coloured verdict chip, the summary and the advice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultCard")
        self.chip = QLabel(self.tr("Waiting"))
        set_role(self.chip, "chip")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_role(self.summary, "resultSummary")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        set_role(self.advice, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.chip)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.advice)
        self.show_running(NOT_STARTED)

    def show_running(self, text: str) -> None:
        """`text` says what runs (already translated), or is `NOT_STARTED`."""
        started = text != NOT_STARTED
        text = text if started else self.tr(NOT_STARTED)
        self.chip.setText(self.tr("Testing…") if started else self.tr("Waiting"))
        self.chip.setProperty("tone", "in_call")
        repolish(self.chip)
        self.summary.setText(text)
        self.advice.setText("")
        self.advice.hide()

    def show_results(self, results: list[CheckResult]) -> None:
        worst = max(results, key=lambda r: _SEVERITY[r.verdict]).verdict
        self.chip.setText(f"{VERDICT_MARK[worst]}  {core_text(worst.label)}")
        self.chip.setProperty("tone", _TONE[worst])
        repolish(self.chip)
        # The results are the core's English (they also go into the report): translated here.
        lines = [
            f"{core_text(r.title)}: {core_text(r.summary)}"
            if len(results) > 1
            else core_text(r.summary)
            for r in results
        ]
        self.summary.setText("\n".join(lines))
        advice = [core_text(line) for r in results for line in r.advice]
        self.advice.setText("\n".join(f"→ {line}" for line in advice))
        self.advice.setVisible(bool(advice))


_SEVERITY = {Verdict.SKIPPED: 0, Verdict.PASS: 1, Verdict.WARN: 2, Verdict.FAIL: 3}
_TONE = {Verdict.PASS: "confirmed", Verdict.WARN: "requested", Verdict.FAIL: "fail",
         Verdict.SKIPPED: "cancelled"}  # fmt: skip


class StepPage(QWidget):
    """Title, instructions, an optional live area, the result card and a "test again" button."""

    def __init__(self, title: str, text: str, live: QWidget | None = None) -> None:
        super().__init__()
        heading = QLabel(title)
        set_role(heading, "detailsTitle")
        instructions = QLabel(text)
        instructions.setWordWrap(True)
        set_role(instructions, "muted")
        self.result = ResultCard()
        self.again = QPushButton(self.tr("Test again"))
        set_role(self.again, "secondary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(instructions)
        expanding = isinstance(live, VideoView)
        if live is not None:
            layout.addSpacing(4)
            layout.addWidget(live, 1 if expanding else 0)
        layout.addWidget(self.result)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.again)
        layout.addLayout(row)
        if not expanding:
            layout.addStretch(1)


class LevelBar(QWidget):
    """The microphone level meter: a bar and a word (too quiet, good, clipping)."""

    def __init__(self) -> None:
        super().__init__()
        self.bar = QProgressBar()
        self.bar.setRange(0, 60)  # -60 dBFS .. 0 dBFS
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(14)
        self.bar.setAccessibleName(self.tr("Microphone level"))
        self.state = QLabel("—")
        set_role(self.state, "muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.state)
        # As wide as its longest word in bold (the tones are bold), so the bar does not jump and
        # the word is never cut when it changes a few times a second.
        bold = QFont(self.state.font())
        bold.setBold(True)
        shown_by_settings = ("No microphone", "Cannot be opened")
        words = [self.tr("Too loud"), self.tr("Too quiet"), self.tr("Good")] + [
            QCoreApplication.translate("SettingsDialogController", w) for w in shown_by_settings
        ]
        self.state.setMinimumWidth(max(QFontMetrics(bold).horizontalAdvance(w) for w in words) + 4)

    def show_level(self, level_dbfs: float, *, clipping: bool) -> None:
        self.bar.setValue(max(0, min(60, round(level_dbfs + 60))))
        if clipping:
            text, tone = self.tr("Too loud"), "warn"
        elif level_dbfs < -45:
            text, tone = self.tr("Too quiet"), "warn"
        else:
            text, tone = self.tr("Good"), "ok"
        self.state.setText(text)
        self.state.setProperty("tone", tone)
        repolish(self.state)


# Where the screen has room; `fit_to_screen` makes it smaller where not.
PREFERRED_SIZE = QSize(880, 620)


class HardwareWizard(QDialog):
    """Steps on the left, the current step on the right, Back / Next / Close below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Test hardware and network"))
        self.setObjectName("hardwareWizard")
        self.setStyleSheet(WIZARD_STYLE)
        self.resize(PREFERRED_SIZE)
        self.steps = QListWidget()
        self.steps.setObjectName("wizardSteps")
        self.steps.setFixedWidth(210)
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview = VideoView(self.tr("You"), mirrored=True, corner_radius=10)
        self.preview.setMinimumHeight(180)
        self.level = LevelBar()
        self.pages: dict[str, StepPage] = {}
        self.stack = QStackedWidget()
        for key, title, text in STEPS:
            live = {"camera": self.preview, "microphone": self.level}.get(key)
            page = StepPage(core_text(title), self.tr(text), live)
            self.pages[key] = page
            # A camera preview shrinks with the window; the other steps scroll where short.
            self.stack.addWidget(page if isinstance(live, VideoView) else scrolling(page))
            QListWidgetItem(f"{_PENDING}  {core_text(title)}", self.steps)
        self.speaker_answer = self._build_speaker_answer()
        self.report_text = QPlainTextEdit()
        self.report_text.setReadOnly(True)
        self.report_text.setObjectName("reportText")
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.save_button = QPushButton(self.tr("Save…"))
        self.share_button = QPushButton(self.tr("Save and show in folder…"))
        self.report_page = self._build_report_page()
        self.stack.addWidget(scrolling(self.report_page))
        report_title = self.tr("Report")
        QListWidgetItem(f"{_PENDING}  {report_title}", self.steps)

        footer_bar = self._build_footer()
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.steps)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(body, 1)
        layout.addWidget(footer_bar)
        self.show_step(0)

    def _build_footer(self) -> QFrame:
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        set_role(self.next_button, "primary")
        self.close_button = QPushButton(self.tr("Close"))
        footer_bar = QFrame()
        footer_bar.setObjectName("wizardFooter")
        footer = QHBoxLayout(footer_bar)
        footer.setContentsMargins(16, 10, 16, 12)
        footer.addWidget(self.close_button)
        footer.addStretch(1)
        footer.addWidget(self.back_button)
        footer.addWidget(self.next_button)
        return footer_bar

    def _build_speaker_answer(self) -> QWidget:
        box = QWidget()
        self.heard_button = QPushButton(self.tr("Yes, I heard it"))
        self.not_heard_button = QPushButton(self.tr("No"))
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heard_button)
        row.addWidget(self.not_heard_button)
        row.addStretch(1)
        page = self.pages["speaker"]
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, box)
        box.hide()
        return box

    def _build_report_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(self.tr("Report for support"))
        set_role(heading, "detailsTitle")
        self.report_verdict = QLabel()
        self.report_verdict.setWordWrap(True)
        set_role(self.report_verdict, "muted")
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.share_button):
            set_role(button, "secondary")
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.report_note = QLabel()
        set_role(self.report_note, "muted")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.report_verdict)
        layout.addWidget(self.report_text, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.report_note)
        return page

    @property
    def current_step(self) -> int:
        return self.stack.currentIndex()

    def show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.steps.setCurrentRow(index)
        self.back_button.setEnabled(index > 0)
        last = index == self.stack.count() - 1
        self.next_button.setVisible(not last)

    def mark_step(self, key: str, verdict: Verdict) -> None:
        row = [k for k, _t, _x in STEPS].index(key)
        item = self.steps.item(row)
        title = core_text(STEPS[row][1])
        item.setText(f"{VERDICT_MARK[verdict]}  {title}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {core_text(verdict.label)}")
