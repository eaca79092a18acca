"""Control messages round-trip; anything unknown or malformed is logged and ignored."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network.control_channel import (
    NOTICE_PARAMETERS,
    AudioBitrate,
    CameraChanged,
    ChatLine,
    ControlMessage,
    MicrophoneChanged,
    Notice,
    NoticeCode,
    PeerStatsReport,
    VideoRequest,
    decode,
    encode,
)


@pytest.mark.parametrize(
    "message",
    [
        CameraChanged(on=False),
        CameraChanged(on=True),
        MicrophoneChanged(on=False),
        ChatLine("Grüß Gott – wie geht's?"),
        VideoRequest(on=False, reason="bandwidth"),
        AudioBitrate(kbps=16),
        Notice("video_paused"),
        Notice("ending_too_slow", {"seconds": 5}),
        PeerStatsReport((("rtt_ms", 42.0), ("received_kbps", 310.5))),
    ],
)
def test_round_trip(message: ControlMessage) -> None:
    assert decode(encode(message)) == message
    assert decode(encode(message).encode("utf-8")) == message


def test_a_notice_is_a_code_with_numbers_never_display_text() -> None:
    wire = json.loads(encode(Notice("ended_connection_lost", {"seconds": 20})))
    assert wire == {
        "v": 1,
        "type": "notice",
        "code": "ended_connection_lost",
        "params": {"seconds": 20},
    }
    assert decode('{"v":1,"type":"notice","code":"video_paused"}') == Notice("video_paused")


def test_wire_format_matches_the_contract() -> None:
    assert json.loads(encode(CameraChanged(on=False))) == {"v": 1, "type": "camera", "on": False}
    assert json.loads(encode(ChatLine("hi"))) == {"v": 1, "type": "chat", "text": "hi"}
    assert json.loads(encode(VideoRequest(on=True, reason="ok"))) == {
        "v": 1,
        "type": "video_request",
        "on": True,
        "reason": "ok",
    }
    assert json.loads(encode(AudioBitrate(24))) == {"v": 1, "type": "audio_bitrate", "kbps": 24}


def test_browser_messages_decode() -> None:
    assert decode('{"v":1,"type":"camera","on":true}') == CameraChanged(on=True)
    stats = decode('{"v":1,"type":"stats","rtt":12,"fps":29.5,"note":"x","flag":true}')
    assert stats == PeerStatsReport((("rtt", 12.0), ("fps", 29.5)))


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[1, 2]",
        '{"type":"camera","on":true}',  # no version
        '{"v":"1","type":"camera","on":true}',
        '{"v":1,"type":"camera","on":"yes"}',
        '{"v":1,"type":"chat","text":""}',
        '{"v":1,"type":"chat","text":' + json.dumps("x" * 2001) + "}",
        '{"v":1,"type":"notice"}',
        '{"v":1,"type":"notice","text":"Video paused: connection too slow."}',
        '{"v":1,"type":"notice","code":"Video paused"}',
        '{"v":1,"type":"notice","code":"ending","params":{"seconds":"5"}}',
        '{"v":1,"type":"notice","code":"ending","params":{"seconds":-1}}',
        '{"v":1,"type":"notice","code":"ending","params":[5]}',
        '{"v":1,"type":"notice","code":"x","params":{"a":1,"b":2,"c":3,"d":4,"e":5}}',
        '{"v":1,"type":"audio_bitrate","kbps":4}',  # below Opus' speech range
        '{"v":1,"type":"audio_bitrate","kbps":65}',
        '{"v":1,"type":"audio_bitrate","kbps":24.5}',
        '{"v":1,"type":"audio_bitrate","kbps":true}',
        b"\xff\xfe",
        "[" * 5000 + "]" * 5000,  # RecursionError in json.loads, once
        '{"v":1,"type":"stats","rtt":NaN}',
        '{"v":1,"type":"stats","rtt":-Infinity}',
        '{"v":1,"type":"stats","rtt":1e999}',
        '{"v":1,"type":"stats",' + ",".join(f'"f{i}":{i}' for i in range(33)) + "}",
        '{"v":1,"type":"notice","code":"video_paused","params":{"seconds":5}}',
        '{"v":1,"type":"notice","code":"ending_too_slow"}',
        '{"v":1,"type":"chat","text":"\\udc00"}',
    ],
)
def test_malformed_is_logged_and_ignored(
    raw: str | bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="network.control_channel"):
        assert decode(raw) is None
    assert "ignored" in caplog.text


def test_unknown_type_and_newer_version_are_ignored(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="network.control_channel"):
        assert decode('{"v":1,"type":"teleport"}') is None
        assert decode('{"v":2,"type":"camera","on":true}') is None
    assert "unknown type" in caplog.text
    assert "newer version" in caplog.text


def test_a_video_request_keeps_its_reason_only_as_a_code() -> None:
    """The app logs the reason: a customer's text (new lines, 16 KB) never reaches the log."""
    assert decode('{"v":1,"type":"video_request","on":false,"reason":"bandwidth"}') == (
        VideoRequest(on=False, reason="bandwidth")
    )
    forged = json.dumps({"v": 1, "type": "video_request", "on": True, "reason": "x\nERROR y"})
    assert decode(forged) == VideoRequest(on=True, reason="")


def test_a_notice_of_a_code_this_app_does_not_know_is_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A newer app's code, or a customer's invention: nothing this app could word, so nothing."""
    with caplog.at_level(logging.INFO, logger="network.control_channel"):
        assert decode('{"v":1,"type":"notice","code":"you_won","params":{"euros":1000}}') is None
    assert "unknown code 'you_won'" in caplog.text


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=20,
)
_bodies = st.fixed_dictionaries(
    {
        "v": st.integers(0, 2) | _values,
        "type": st.sampled_from(
            ["camera", "chat", "notice", "stats", "audio_bitrate", "video_request", "microphone"]
        ),
    },
    optional={
        "on": _values,
        "text": _values,
        "code": st.sampled_from(list(NoticeCode)) | _values,
        "params": _values,
        "kbps": _values,
        "reason": _values,
        "rtt_ms": _values,
    },
)


@settings(max_examples=500)
@given(
    raw=st.one_of(
        _bodies.map(json.dumps),
        st.text(max_size=300),
        st.binary(max_size=300),
        st.integers(1, 20_000).map(lambda depth: "[" * depth + "]" * depth),
    )
)
def test_decode_never_raises_and_gives_only_what_the_app_can_use(raw: str | bytes) -> None:
    message = decode(raw)
    match message:
        case PeerStatsReport(figures=figures):
            assert all(abs(value) < float("inf") for _name, value in figures)
        case Notice(code=code, params=params):
            assert set(params) == NOTICE_PARAMETERS.get(NoticeCode(code), set())
        case ChatLine(text=text):
            assert 0 < len(text) <= 2000
            text.encode("utf-8")


def test_long_chat_is_cut_when_sent() -> None:
    sent = json.loads(encode(ChatLine("y" * 2500)))
    assert len(sent["text"]) == 2000


def test_a_full_probe_asks_for_padding_and_only_a_true_flag_counts() -> None:
    full = VideoRequest(on=True, reason="probe", max_kbps=300, fill=True)
    assert decode(encode(full)) == full
    opening = VideoRequest(on=True, reason="probe", max_kbps=56)
    assert "fill" not in json.loads(encode(opening))  # an opening on a thin line: no padding
    forged = '{"v":1,"type":"video_request","on":true,"reason":"probe","max_kbps":300,"fill":1}'
    assert decode(forged) == VideoRequest(on=True, reason="probe", max_kbps=300)
