"""A frame number drawn as black and white blocks in the top-left corner, readable without OCR.

Used by the synthetic camera so a receiver can tell which captured frame it is showing, for
glass-to-glass latency and frame-loss measurements. The marker is a grid of 8 x 4 square cells:
24 bits of frame number (modulo 2**24, six days at 30 fps) and an 8-bit CRC, most significant
bit first, row by row. Cells are ``width // 40`` pixels (16 at 640x480, aligned with VP8's 16x16
macroblocks) so the marker scales with the picture and survives a resized or compressed frame.
Only the middle of each cell is read, away from the block edges where the codec blurs.

`stamp_frame` and `read_frame` work on a video frame's own luma plane, in place and on the
marker's rows only: no conversion to RGB and back, so measuring costs microseconds a frame, not
two full-frame colour conversions (which would show up in the very CPU figures being measured).
"""

from __future__ import annotations

from typing import Any

import av
import numpy as np
import numpy.typing as npt

COLUMNS = 8
ROWS = 4
NUMBER_BITS = 24
CHECK_BITS = 8
MODULUS = 1 << NUMBER_BITS
_WHITE_AT_LEAST = 160  # a cell's mean brightness must be decisive, or the frame has no marker
_BLACK_AT_MOST = 96
# What a full-range black/white turns into in a camera's limited-range (video) YUV: the values an
# RGB stamp had after conversion; neutral chroma keeps the cells grey.
_LUMA_BLACK, _LUMA_WHITE, _CHROMA_NEUTRAL = 16, 235, 128
_PLANAR_420 = ("yuv420p", "yuvj420p")

Image = npt.NDArray[Any]  # (H, W) grey/luma or (H, W, C) RGB, 0..255


def cell_size(width: int) -> int:
    """Cell edge in pixels for a picture ``width`` pixels wide."""
    return max(4, width // 40)


def _crc8(value: int) -> int:
    """CRC-8 (polynomial 0x07) of the three bytes of ``value``, xor 0xA5 so that a plain black or
    white corner is not a valid marker: rejects frames without one."""
    crc = 0
    for byte in value.to_bytes(3, "big"):
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc ^ 0xA5


def _bits(n: int) -> list[int]:
    number = n % MODULUS
    word = (number << CHECK_BITS) | _crc8(number)
    total = NUMBER_BITS + CHECK_BITS
    return [(word >> (total - 1 - i)) & 1 for i in range(total)]


def _check_shape(frame_array: Image) -> tuple[int, int]:
    if frame_array.ndim not in (2, 3):
        raise ValueError(f"expected an (H, W) or (H, W, C) image, got shape {frame_array.shape}")
    height, width = frame_array.shape[0], frame_array.shape[1]
    size = cell_size(width)
    if width < COLUMNS * size or height < ROWS * size:
        raise ValueError(f"image {width}x{height} is too small for a frame marker")
    return height, width


def stamp(frame_array: Image, n: int, *, black: int = 0, white: int = 255) -> None:
    """Draw frame number ``n`` into ``frame_array`` in place (grey (H, W) or RGB (H, W, C))."""
    _height, width = _check_shape(frame_array)
    size = cell_size(width)
    cells = np.where(np.array(_bits(n), dtype=bool), white, black).astype(np.uint8)
    block = np.repeat(np.repeat(cells.reshape(ROWS, COLUMNS), size, axis=0), size, axis=1)
    region = frame_array[: ROWS * size, : COLUMNS * size]
    region[...] = block if region.ndim == 2 else block[:, :, np.newaxis]


def read(frame_array: Image) -> int | None:
    """The frame number stamped into ``frame_array``, or None if there is no (intact) marker."""
    try:
        _height, width = _check_shape(frame_array)
    except ValueError:
        return None
    size = cell_size(width)
    margin = size // 4
    region = np.asarray(frame_array[: ROWS * size, : COLUMNS * size], dtype=np.float32)
    if region.ndim == 3:
        region = region.mean(axis=2)
    # (row, y in cell, column, x in cell): the middle of every cell averaged in one step.
    cells = region.reshape(ROWS, size, COLUMNS, size)[
        :, margin : size - margin, :, margin : size - margin
    ]
    means = cells.mean(axis=(1, 3)).ravel()
    if np.any((means > _BLACK_AT_MOST) & (means < _WHITE_AT_LEAST)):
        return None
    word = 0
    for bit in means >= _WHITE_AT_LEAST:
        word = (word << 1) | int(bit)
    number, check = word >> CHECK_BITS, word & ((1 << CHECK_BITS) - 1)
    return number if _crc8(number) == check else None


def _plane(frame: av.VideoFrame, index: int, rows: int) -> Image:
    """The top ``rows`` rows of one plane as a writable array view (no copy)."""
    plane = frame.planes[index]
    rows = min(rows, plane.height)
    flat = np.frombuffer(memoryview(plane), dtype=np.uint8, count=plane.line_size * rows)
    view: Image = flat.reshape(rows, plane.line_size)[:, : plane.width]
    return view


def _marker_rows(width: int) -> int:
    return ROWS * cell_size(width)


def stamp_frame(frame: av.VideoFrame, n: int) -> av.VideoFrame:
    """Frame number ``n`` drawn into a planar 4:2:0 frame's planes in place (returned as is);
    another pixel format is converted to yuv420p first (the encoder's format) and stamped."""
    if frame.format.name not in _PLANAR_420:
        frame = frame.reformat(format="yuv420p")
    rows = _marker_rows(frame.width)
    stamp(_plane(frame, 0, rows), n, black=_LUMA_BLACK, white=_LUMA_WHITE)
    for index in (1, 2):
        _plane(frame, index, rows // 2)[:, : COLUMNS * cell_size(frame.width) // 2] = (
            _CHROMA_NEUTRAL
        )
    return frame


def read_frame(frame: av.VideoFrame) -> int | None:
    """The frame number in a decoded planar frame's luma, read from the marker's rows only."""
    if frame.format.name not in _PLANAR_420 and not frame.format.name.startswith("gray"):
        return read(np.asarray(frame.to_ndarray(format="gray"), dtype=np.uint8))
    if frame.width < COLUMNS * cell_size(frame.width):
        return None
    return read(_plane(frame, 0, _marker_rows(frame.width)))
