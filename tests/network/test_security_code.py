"""The security code follows docs/platform-api.md exactly (known vectors, and the page's own JS)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from network.security_code import code_from_fingerprints, security_code, sha256_fingerprint

STATIC = Path(__file__).resolve().parents[2] / "platform_server" / "static"

FP_A = "F0:0D:" + ":".join(["AB"] * 30)
FP_B = "0F:" + ":".join(["CD"] * 31)


def sdp_with(fingerprint: str, *, media_level: bool = False) -> str:
    lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"]
    if media_level:
        lines += ["m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0"]
    lines += [
        f"a=fingerprint:sha-256 {fingerprint}",
        "a=fingerprint:sha-512 00:11",
    ]
    return "\r\n".join(lines) + "\r\n"


def test_known_vectors() -> None:
    # sha256("11:22:33|AA:BB:CC")[:4] = bf6203e6 = 3210871782 -> 871782
    assert code_from_fingerprints("AA:BB:CC", "11:22:33") == "871 782"
    # sha256(FP_B + "|" + FP_A)[:4] = 8d0810f7 -> 116087
    assert code_from_fingerprints(FP_A, FP_B) == "116 087"


def test_order_and_case_do_not_matter() -> None:
    assert code_from_fingerprints(FP_A, FP_B) == code_from_fingerprints(FP_B, FP_A)
    assert code_from_fingerprints(FP_A.lower(), FP_B) == code_from_fingerprints(FP_A, FP_B)


def test_leading_zeros_are_kept() -> None:
    codes = {code_from_fingerprints(f"{i:02X}", "00") for i in range(256)}
    assert all(len(code) == 7 and code[3] == " " for code in codes)
    assert any(code.startswith("0") for code in codes)


def test_takes_the_first_sha256_fingerprint_from_either_level() -> None:
    assert sha256_fingerprint(sdp_with(FP_A.lower())) == FP_A
    assert sha256_fingerprint(sdp_with(FP_B, media_level=True)) == FP_B
    assert security_code(sdp_with(FP_A), sdp_with(FP_B, media_level=True)) == "116 087"


def test_missing_fingerprint_gives_none() -> None:
    assert sha256_fingerprint("v=0\r\na=fingerprint:sha-1 00:11\r\n") is None
    assert security_code("v=0\r\n", sdp_with(FP_A)) is None


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_same_code_as_the_customer_page_script() -> None:
    script = f"""
        import {{ securityCode }} from "{(STATIC / "security-code.js").as_posix()}";
        const pairs = {
        json.dumps(
            [
                [sdp_with(FP_A), sdp_with(FP_B, media_level=True)],
                [sdp_with("AA:BB:CC"), sdp_with("11:22:33")],
            ]
        )
    };
        const codes = [];
        for (const [a, b] of pairs) codes.push(await securityCode(a, b));
        console.log(JSON.stringify(codes));
    """
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    assert json.loads(result.stdout) == ["116 087", "871 782"]
