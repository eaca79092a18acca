"""Which camera, microphone and speaker a call from the desktop app uses.

Until the device settings land (devices issue), a call uses the system's default devices. In the
demo on a computer without a camera, a moving test pattern stands in for it so that the customer's
side still shows video; outside the demo a missing camera means an audio-only call with a notice.
"""

from __future__ import annotations

import sys
from pathlib import Path

from advisor_app.call_media import MediaChoice

SYNTHETIC_CAMERA = "lavfi:testsrc2=size=640x480:rate=30"
_DEFAULT_CAMERA = {"linux": "v4l2:/dev/video0", "darwin": "avfoundation:0"}


def default_camera(platform: str = sys.platform) -> str | None:
    """The OS camera as a SPEC; None where it must be named (Windows: dshow:video=NAME)."""
    return _DEFAULT_CAMERA.get(platform)


def call_media(demo: bool, platform: str = sys.platform) -> MediaChoice:
    camera = default_camera(platform)
    if demo and (camera is None or (camera.startswith("v4l2:") and not Path(camera[5:]).exists())):
        camera = SYNTHETIC_CAMERA
    return MediaChoice(camera=camera, microphone=None, speaker=None)
