"""The hardware and network test: camera, microphone, speaker, echo test and the platform link.

Each check is a coroutine that returns a `CheckResult` (pass, warn or fail, with plain advice);
`run_hardware_check` runs the chosen ones in order and reports progress; `HardwareReport` turns
the results into the text and JSON that support staff receive. The wizard
(`ui.settings.hardware_wizard`) and `advisor-app check-hardware` both use it. Nothing here writes
audio or video anywhere.
"""

from advisor_app.hardware_check.report import CheckResult, HardwareReport, Verdict

__all__ = ["CheckResult", "HardwareReport", "Verdict"]
