"""The app in German as PNGs, for a person to judge (clipped words, layouts that do not fit).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots_de [outdir]

Writes to outdir (default /tmp): de-main.png (the queue with a request selected and two ringing
live calls), de-booking.png (a confirmed appointment's details), de-call.png (a booked call with
its bar, the security code and the chat), de-call-ended.png, de-settings.png (Sound) and
de-settings-language.png, de-wizard.png (the hardware test with a camera result), de-login.png,
de-decline.png and de-propose.png.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from advisor_app.engine import Engine
from tests.ui.german_windows import build_german_windows, settle
from ui.application import configure_application
from ui.call.window import CallWindow
from ui.settings.dialog import SettingsDialog
from ui.translations import install_translations


def save(widget: QWidget, path: Path) -> None:
    assert widget.grab().save(str(path)), path
    print(path)


def main(outdir: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    engine = Engine()
    engine.start()
    built = build_german_windows(app, engine)
    try:
        windows = built.windows
        save(windows["main"], outdir / "de-main.png")
        built.gui.main.bookings.select("bkg_3")
        settle(300)
        save(windows["main"], outdir / "de-booking.png")
        call = windows["call"]
        assert isinstance(call, CallWindow)
        save(call, outdir / "de-call.png")
        call.summary.show_summary(
            "Der Kunde hat aufgelegt.", "Abgerechnet: 12:47", billed_known=True
        )
        settle()
        save(call, outdir / "de-call-ended.png")
        settings = windows["settings"]
        assert isinstance(settings, SettingsDialog)
        settings.show_section("Sound")
        settle()
        save(settings, outdir / "de-settings.png")
        settings.show_section("Language")
        settle()
        save(settings, outdir / "de-settings-language.png")
        save(windows["wizard"], outdir / "de-wizard.png")
        save(windows["login"], outdir / "de-login.png")
        save(windows["decline-call"], outdir / "de-decline.png")
        save(windows["propose"], outdir / "de-propose.png")
    finally:
        built.close()
        install_translations(app, "en")
        engine.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp"))
