"""The quality notices' codes: the app's English for each, word for word as the app shows it."""

from __future__ import annotations

import pytest

from network.control_channel import Notice
from network.notices import NoticeCode, english, notice


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (notice(NoticeCode.VIDEO_PAUSED), "Video paused: connection too slow."),
        (
            notice(NoticeCode.ENDING_TOO_SLOW, seconds=5),
            "Connection too slow even for audio: the call is about to end. (5 s)",
        ),
        (
            notice(NoticeCode.ENDED_CONNECTION_LOST, seconds=20),
            "Connection lost for 20 seconds: the call was ended.",
        ),
    ],
)
def test_each_code_has_the_apps_english(message: Notice, words: str) -> None:
    assert english(message) == words


def test_every_code_has_words_and_an_unknown_code_has_none() -> None:
    for code in NoticeCode:
        words = english(notice(code, seconds=3))
        assert words
        assert "{" not in words
    assert english(Notice("sent_by_a_newer_app")) is None
