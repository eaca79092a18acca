"""Is the advisor well lit and in focus? OpenCV on live camera frames, with plain advice.

Three problems spoil a video consultation more than a low bit rate: a face too dark to read, a
bright window behind the advisor (the camera exposes for the window and the face turns into a
silhouette), and a blurred picture. Each is measured on a grey image scaled to 320 px wide:

- brightness: the mean luma (0-255); below ~60 the picture is too dark;
- backlight: the centre (where a face is) much darker than the edges, with a bright edge;
- sharpness: the variance of the Laplacian (edge energy); a blurred image has little of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

ANALYSIS_WIDTH = 320
TOO_DARK_MEAN = 60.0
TOO_BRIGHT_MEAN = 215.0
BACKLIT_EDGE_MEAN = 150.0  # the background is bright ...
BACKLIT_RATIO = 0.6  # ... and the centre has less than 60 % of its brightness
BLURRED_LAPLACIAN_VAR = (
    40.0  # measured: a sharp test scene ~12000, blurred (σ=6 px at 640 wide) ~13
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
                "The picture is too dark: switch on a lamp in front of you, or face a window."
            )
        if self.too_bright:
            advice.append("The picture is very bright: dim the light or move out of direct sun.")
        if self.backlit:
            advice.append(
                "There is bright light behind you: your face will look dark. Turn so the window "
                "or lamp is in front of you, or close the curtain behind you."
            )
        if self.out_of_focus:
            advice.append(
                "The picture is blurred: wipe the camera lens and sit at arm's length from it."
            )
        return advice


def to_gray(image: npt.NDArray[np.uint8]) -> GrayImage:
    """A BGR (or already grey) frame as a grey image ANALYSIS_WIDTH pixels wide."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape[:2]
    if width != ANALYSIS_WIDTH and width > 0:
        size = (ANALYSIS_WIDTH, max(1, round(height * ANALYSIS_WIDTH / width)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return np.asarray(gray, dtype=np.uint8)


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
        sharpness=float(cv2.Laplacian(gray, cv2.CV_64F).var()),
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
