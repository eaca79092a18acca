"""A frame number drawn as black and white blocks in the top-left corner, readable without OCR.

Used by the synthetic camera so a receiver can tell which captured frame it is showing, for
glass-to-glass latency and frame-loss measurements. The marker is a grid of 8 x 4 square cells:
24 bits of frame number (modulo 2**24, six days at 30 fps) and an 8-bit CRC, most significant
bit first, row by row. Cells are ``width // 40`` pixels (16 at 640x480, aligned with VP8's 16x16
macroblocks) so the marker scales with the picture and survives a resized or compressed frame.
Only the middle of each cell is read, away from the block edges where the codec blurs.
"""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

COLUMNS = 8
ROWS = 4
NUMBER_BITS = 24
CHECK_BITS = 8
MODULUS = 1 << NUMBER_BITS
_WHITE_AT_LEAST = 160  # a cell's mean brightness must be decisive, or the frame has no marker
_BLACK_AT_MOST = 96

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


def stamp(frame_array: Image, n: int) -> None:
    """Draw frame number ``n`` into ``frame_array`` in place (grey (H, W) or RGB (H, W, C))."""
    _height, width = _check_shape(frame_array)
    size = cell_size(width)
    for index, bit in enumerate(_bits(n)):
        row, column = divmod(index, COLUMNS)
        y, x = row * size, column * size
        frame_array[y : y + size, x : x + size, ...] = 255 if bit else 0


def read(frame_array: Image) -> int | None:
    """The frame number stamped into ``frame_array``, or None if there is no (intact) marker."""
    try:
        _height, width = _check_shape(frame_array)
    except ValueError:
        return None
    size = cell_size(width)
    margin = size // 4
    word = 0
    for index in range(NUMBER_BITS + CHECK_BITS):
        row, column = divmod(index, COLUMNS)
        y, x = row * size + margin, column * size + margin
        mean = float(frame_array[y : y + size - 2 * margin, x : x + size - 2 * margin].mean())
        if mean >= _WHITE_AT_LEAST:
            bit = 1
        elif mean <= _BLACK_AT_MOST:
            bit = 0
        else:
            return None
        word = (word << 1) | bit
    number, check = word >> CHECK_BITS, word & ((1 << CHECK_BITS) - 1)
    return number if _crc8(number) == check else None
