"""`advisor-app self-test` from the source tree: every check runs for real (a real TLS server,
real codecs, the real PortAudio); a missing library or a broken check is a FAIL line and exit 1."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from io import StringIO

from advisor_app.self_test import (
    CHECKS,
    BrokenPartError,
    CheckResult,
    Outcome,
    check_opus,
    check_vp8,
    report,
    run_checks,
)
from advisor_app.self_test_tls import check_tls
from ui.self_test_checks import GUI_CHECKS


def run_module(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_unfrozen_self_test_passes_and_names_every_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor_app", "self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(from source;" in result.stdout
    named = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert named == {name for name, _ in (*GUI_CHECKS, *CHECKS)}
    assert (
        "app translations: none yet" in result.stdout or "app translations loaded" in result.stdout
    )


def test_codecs_round_trip_in_process() -> None:
    assert check_vp8().outcome is Outcome.OK
    assert check_opus().outcome is Outcome.OK


def test_tls_check_verifies_a_local_chain_and_refuses_an_unknown_ca() -> None:
    assert "a local chain verified and an unknown CA was refused" in check_tls()


def test_missing_portaudio_is_a_clear_failure() -> None:
    result = run_module(
        """
        import sys
        sys.modules["sounddevice"] = None  # as if libportaudio were not installed
        from advisor_app.self_test import check_portaudio, report, run_checks
        sys.exit(report(run_checks([("PortAudio", check_portaudio)])))
        """
    )
    assert result.returncode == 1
    assert "FAIL  PortAudio" in result.stdout
    assert "PortAudio library not found" in result.stdout


def test_a_check_that_raises_fails_with_its_message_and_the_rest_still_run() -> None:
    def broken() -> CheckResult:
        raise BrokenPartError("libvpx is missing")

    def fine() -> CheckResult:
        return CheckResult("fine", Outcome.WARN, "no device")

    results = run_checks([("broken", broken), ("fine", fine)])
    assert [(r.name, r.outcome) for r in results] == [
        ("broken", Outcome.FAIL),
        ("fine", Outcome.WARN),
    ]
    out = StringIO()
    assert report(results, out) == 1
    assert "BrokenPartError: libvpx is missing" in out.getvalue()
    assert "self-test FAILED: broken" in out.getvalue()


def test_warnings_alone_pass() -> None:
    out = StringIO()
    assert report([CheckResult("keyring", Outcome.WARN, "no service")], out) == 0
    assert "self-test passed (warnings: 1)" in out.getvalue()
