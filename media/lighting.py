"""Is the advisor well lit and in focus? Measured on live camera frames, with plain advice.

Three problems spoil a video consultation more than a low bit rate: a face too dark to read, a
bright window behind the advisor (the camera exposes for the window and the face turns into a
silhouette), and a blurred picture. Each is measured on a grey image scaled to 320 px wide:

- brightness: the mean luma (0-255); below ~60 the picture is too dark;
- backlight: the centre (where a face is) much darker than the edges, with a bright edge;
- sharpness: the variance of the Laplacian (edge energy); a blurred image has little of it.

These are OpenCV's `cvtColor(BGR2GRAY)`, `resize(INTER_AREA)` and `Laplacian(CV_64F)` written with
numpy (same weights, same 3x3 kernel): OpenCV's wheel would add 151 MiB to the installer (its own
FFmpeg and OpenBLAS) for three array operations, taking the bundle far over its 300 MiB budget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from advisor_app.domain.texts import N_

ANALYSIS_WIDTH = 320
TOO_DARK_MEAN = 60.0
TOO_BRIGHT_MEAN = 215.0
BACKLIT_EDGE_MEAN = 150.0  # the background is bright ...
BACKLIT_RATIO = 0.6  # ... and the centre has less than 60 % of its brightness
BLURRED_LAPLACIAN_VAR = (
    40.0  # measured: a sharp test scene ~12000, blurred (σ=6 px at 640 wide) ~29
)

GrayImage = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class LightingCheck:
    brightness: float
    centre_brightness: float
    edge_brightness: float
    sharpness: float

    @property
    def too_dark(self) -> bool:
        return self.brightness < TOO_DARK_MEAN

    @property
    def too_bright(self) -> bool:
        return self.brightness > TOO_BRIGHT_MEAN

    @property
    def backlit(self) -> bool:
        return (
            self.edge_brightness > BACKLIT_EDGE_MEAN
            and self.centre_brightness < BACKLIT_RATIO * self.edge_brightness
        )

    @property
    def out_of_focus(self) -> bool:
        # A very dark picture has no edges either: call it dark, not blurred.
        return not self.too_dark and self.sharpness < BLURRED_LAPLACIAN_VAR

    @property
    def problems(self) -> list[str]:
        """Plain-language advice, one sentence per problem; empty when the picture is fine."""
        advice = []
        if self.too_dark:
            advice.append(
                N_(
                    "HardwareCheck",
                    "The picture is too dark: switch on a lamp in front of you, or face a window.",
                )
            )
        if self.too_bright:
            advice.append(
                N_(
                    "HardwareCheck",
                    "The picture is very bright: dim the light or move out of direct sun.",
                )
            )
        if self.backlit:
            advice.append(
                N_(
                    "HardwareCheck",
                    "There is bright light behind you: your face will look dark. Turn so the "
                    "window or lamp is in front of you, or close the curtain behind you.",
                )
            )
        if self.out_of_focus:
            advice.append(
                N_(
                    "HardwareCheck",
                    "The picture is blurred: wipe the camera lens and sit at arm's length from it.",
                )
            )
        return advice


# ITU-R BT.601 luma, as OpenCV's BGR2GRAY.
_LUMA_BGR = np.array([0.114, 0.587, 0.299])


def to_gray(image: npt.NDArray[np.uint8]) -> GrayImage:
    """A BGR (or already grey) frame as a grey image about ANALYSIS_WIDTH pixels wide."""
    gray = image if image.ndim == 2 else np.rint(image[..., :3] @ _LUMA_BGR).astype(np.uint8)
    factor = gray.shape[1] // ANALYSIS_WIDTH
    if factor >= 2:  # area averaging over factor x factor blocks (INTER_AREA for whole factors)
        height, width = (gray.shape[0] // factor) * factor, (gray.shape[1] // factor) * factor
        blocks = gray[:height, :width].reshape(height // factor, factor, width // factor, factor)
        gray = np.rint(blocks.mean(axis=(1, 3))).astype(np.uint8)
    return np.asarray(gray, dtype=np.uint8)


def laplacian_variance(gray: GrayImage) -> float:
    """Edge energy: the variance of the 4-neighbour Laplacian (OpenCV's ksize=1 kernel),
    with the border replicated as OpenCV's default border does for this kernel's reach."""
    padded = np.pad(gray.astype(np.float64), 1, mode="reflect")
    centre = padded[1:-1, 1:-1]
    laplacian = (
        padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:] - 4 * centre
    )
    return float(laplacian.var())


def check_lighting(image: npt.NDArray[np.uint8]) -> LightingCheck:
    """Measures one frame (BGR or grey, any size)."""
    gray = to_gray(image)
    height, width = gray.shape
    centre = gray[height // 4 : height - height // 4, width // 3 : width - width // 3]
    edge_mask = np.ones_like(gray, dtype=bool)
    edge_mask[height // 6 : height - height // 6, width // 6 : width - width // 6] = False
    return LightingCheck(
        brightness=float(gray.mean()),
        centre_brightness=float(centre.mean()),
        edge_brightness=float(gray[edge_mask].mean()),
        sharpness=laplacian_variance(gray),
    )


def combine(checks: list[LightingCheck]) -> LightingCheck:
    """The median of several frames' measurements (one odd frame does not decide)."""
    if not checks:
        raise ValueError("no frames to judge")

    def median(values: list[float]) -> float:
        return float(np.median(values))

    return LightingCheck(
        brightness=median([c.brightness for c in checks]),
        centre_brightness=median([c.centre_brightness for c in checks]),
        edge_brightness=median([c.edge_brightness for c in checks]),
        sharpness=median([c.sharpness for c in checks]),
    )
