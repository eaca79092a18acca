"""How much video the other side may send us, said in our descriptions (`b=AS`, RFC 4566 5.8).

Without a bandwidth line a browser holds a call to its own default ceiling: Chromium's is
2 Mbit/s, at which a 1280x720 camera is sent as 960x540 (measured with `bench/call_bench.py`:
"limited_by bandwidth" at 2.0 Mbit/s). Our descriptions allow what our own HD encoder may spend
(`network.video_encoder.HD_MAX_BITRATE`), so a customer on a line that carries it can show the
advisor 1280x720 too. It is a ceiling, not a target: the browser's own estimate of the line still
decides, and on anything slower than the ceiling nothing changes.
"""

from __future__ import annotations

__all__ = ["allow_video_kbps"]


def allow_video_kbps(sdp: str, kbps: int) -> str:
    """`sdp` with each video section allowing `kbps` (one `b=AS` line after its `c=` line,
    replacing any bandwidth line it had). Other sections are left as they were."""
    lines, in_video = [], False
    for line in sdp.splitlines():
        if line.startswith("m="):
            in_video = line.startswith("m=video")
        elif in_video and line.startswith("b="):
            continue  # replaced below
        lines.append(line)
        if in_video and line.startswith("c="):
            lines.append(f"b=AS:{kbps}")
    return "\r\n".join(lines) + "\r\n"
