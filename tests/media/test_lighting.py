"""The lighting check on synthetic frames: a dark frame and a backlit one are told apart from a
sharp, well-lit one, a blurred one is out of focus; and a live lavfi camera frame is judged."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest

from media.lighting import check_lighting, combine


def _scene(brightness: float = 130.0, seed: int = 0) -> np.ndarray:
    """A textured 640x480 BGR scene (a face-sized blob on a detailed background)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 255, size=(60, 80), dtype=np.uint8)
    scene = cv2.resize(base, (640, 480), interpolation=cv2.INTER_NEAREST)
    cv2.circle(scene, (320, 240), 110, 180, -1)
    cv2.putText(scene, "Advisor", (220, 250), cv2.FONT_HERSHEY_SIMPLEX, 2, 30, 4)
    scene = scene.astype(np.float64) * (brightness / scene.mean())
    gray = np.clip(scene, 0, 255).astype(np.uint8)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def test_a_sharp_well_lit_frame_has_no_problem() -> None:
    check = check_lighting(_scene())
    assert check.problems == []
    assert check.sharpness > 500


def test_a_dark_frame_is_too_dark_with_advice() -> None:
    check = check_lighting(_scene(brightness=25))
    assert check.too_dark
    assert not check.out_of_focus  # dark is the reason, not blur
    assert any("too dark" in line for line in check.problems)


def test_a_bright_window_behind_the_advisor_is_backlit() -> None:
    frame = np.full((480, 640, 3), 245, dtype=np.uint8)
    frame[100:420, 200:440] = 50  # the silhouette
    frame[100:420:8, 200:440] = 70  # with some detail, so it is not blurred
    check = check_lighting(frame)
    assert check.backlit
    assert any("behind you" in line for line in check.problems)


def test_a_blurred_frame_is_out_of_focus() -> None:
    blurred = cv2.GaussianBlur(_scene(), (0, 0), 6)
    check = check_lighting(blurred)
    assert check.out_of_focus
    assert any("blurred" in line for line in check.problems)


def test_grey_frames_of_any_size_are_accepted() -> None:
    gray = cv2.cvtColor(_scene(), cv2.COLOR_BGR2GRAY)
    assert check_lighting(gray[:240, :320]).brightness > 0


def test_combine_takes_the_median_of_frames() -> None:
    checks = [check_lighting(_scene(b)) for b in (120, 25, 130)]
    assert combine(checks).problems == []
    with pytest.raises(ValueError, match="no frames"):
        combine([])


def test_a_live_frame_from_the_synthetic_camera_is_judged() -> None:
    container = av.open("testsrc2=size=640x480:rate=30", format="lavfi")
    try:
        frame = next(container.decode(video=0)).to_ndarray(format="bgr24")
    finally:
        container.close()
    check = check_lighting(frame)
    assert not check.too_dark
    assert not check.out_of_focus
