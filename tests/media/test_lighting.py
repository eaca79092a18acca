"""The lighting check on synthetic frames: a dark frame and a backlit one are told apart from a
sharp, well-lit one, a blurred one is out of focus; and a live lavfi camera frame is judged."""

from __future__ import annotations

import av
import numpy as np
import pytest

from media.lighting import check_lighting, combine


def _scene(brightness: float = 130.0, seed: int = 0) -> np.ndarray:
    """A textured 640x480 BGR scene: a face-sized disc with dark strokes on a busy background."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 255, size=(60, 80), dtype=np.uint8)
    scene = np.kron(base, np.ones((8, 8), dtype=np.uint8))  # blocky texture, like a bookshelf
    rows, cols = np.ogrid[:480, :640]
    scene[(rows - 240) ** 2 + (cols - 320) ** 2 <= 110**2] = 180
    for left in range(230, 420, 24):  # "writing" across the face: sharp edges
        scene[230:262, left : left + 12] = 30
    scene = scene.astype(np.float64) * (brightness / scene.mean())
    gray = np.clip(scene, 0, 255).astype(np.uint8)
    return np.repeat(gray[:, :, None], 3, axis=2)


def _gaussian_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """A separable Gaussian blur (what an out-of-focus lens does), per channel."""
    radius = int(3 * sigma)
    x = np.arange(-radius, radius + 1)
    kernel = np.exp(-(x**2) / (2 * sigma**2))
    kernel /= kernel.sum()
    out = image.astype(np.float64)
    for axis in (0, 1):
        out = np.apply_along_axis(lambda line: np.convolve(line, kernel, mode="same"), axis, out)
    return np.clip(out, 0, 255).astype(np.uint8)


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
    blurred = _gaussian_blur(_scene(), 6)
    check = check_lighting(blurred)
    assert check.out_of_focus
    assert any("blurred" in line for line in check.problems)


def test_grey_frames_of_any_size_are_accepted() -> None:
    gray = _scene()[:, :, 0]
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
