"""A sound device lost mid-call, with a real PulseAudio: the stream moves on with a notice.

Two real ways: PulseAudio ends our stream (as a pulled-out USB device does; PortAudio reports the
loss and the stream reopens on the next device), and the sink or source we play to is unloaded
(PulseAudio moves our stream itself; the route check notices). A camera that stops mid-call
turns video off with a notice while the microphone keeps going.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime

import pytest
from aiortc.mediastreams import AudioStreamTrack

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.call.media import LocalMedia, MediaChoice
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Call
from media.device_fallback import fallback_candidates
from media.devices import SoundDeviceEntry
from media.microphone import MicrophoneTrack
from media.speaker import SpeakerPlayer
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture
from tests.media.pulse_helpers import kill_our_stream, null_sink, our_streams, unload


async def _until(condition: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _keeps_playing(player: SpeakerPlayer) -> None:
    """Half a second more of audio played (a new PulseAudio stream can take ~1.5 s to start)."""
    before = player.samples_played
    await _until(lambda: player.samples_played - before > 24_000, 5, "the speaker to play on")


def _entry(index: int, name: str, *, default: bool = False, inputs: int = 0) -> SoundDeviceEntry:
    return SoundDeviceEntry(
        f"ALSA/{name}", name, "ALSA", index, inputs, 2, default_output=default,
        default_input=default and inputs > 0,
    )  # fmt: skip


def test_fallback_tries_the_default_first_then_the_others_never_the_lost_one() -> None:
    devices = [
        _entry(0, "HDA Intel"),
        _entry(1, "USB Headset"),
        _entry(2, "Monitor only", inputs=2),
        _entry(3, "default", default=True),
    ]
    names = [d.name for d in fallback_candidates("output", 1, devices)]
    assert names == ["default", "HDA Intel", "Monitor only"]
    assert [d.name for d in fallback_candidates("output", "USB Headset", devices)] == names
    assert [d.name for d in fallback_candidates("input", 2, devices)] == []  # the only mic


@pytest.mark.audio
async def test_speaker_whose_stream_dies_moves_to_the_next_device_with_a_notice(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    notices: list[str] = []
    player = SpeakerPlayer(pulse_null_sink, on_notice=notices.append)
    remote = AudioStreamTrack()  # real-time audio frames, as a remote track delivers them
    await player.start(remote)
    try:
        await _until(lambda: player.samples_played > 9600, 5, "the speaker to play")
        kill_our_stream("sink-inputs")
        await _until(lambda: bool(notices), 5, "a notice")
        assert notices == ["Your speaker “spk” stopped working: now using “default”."]
        assert player.output is not None
        assert player.output.switches == 1
        assert player.has_output
        await _keeps_playing(player)
    finally:
        await player.stop()
        remote.stop()
    assert our_streams("sink-inputs") == []


@pytest.mark.audio
async def test_speaker_sink_unloaded_mid_stream_is_noticed_and_playing_goes_on(
    pulse_null_sink: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notices: list[str] = []
    remote = AudioStreamTrack()
    with null_sink("spk2") as module:
        monkeypatch.setenv("PULSE_SINK", "spk2")  # the ALSA pulse plugin plays to this sink
        player = SpeakerPlayer(pulse_null_sink, on_notice=notices.append)
        await player.start(remote)
        try:
            await _until(lambda: player.samples_played > 9600, 5, "the speaker to play")
            monkeypatch.setenv("PULSE_SINK", "spk")
            await asyncio.sleep(2.5)  # one route check sees us on spk2
            unload(module)
            await _until(lambda: bool(notices), 6, "a notice")
            # PulseAudio moves the stream, or (after an underrun) the ALSA plugin fails to
            # recreate it on spk2 and PortAudio reports the loss: one notice either way.
            assert len(notices) == 1
            assert notices[0].startswith("Your speaker “spk2” "), notices
            await _keeps_playing(player)
            await asyncio.sleep(2.5)  # a route check after the move adds no second notice
            assert len(notices) == 1
        finally:
            await player.stop()
            remote.stop()


@pytest.mark.audio
async def test_microphone_whose_stream_dies_moves_on_and_keeps_delivering(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    notices: list[str] = []
    microphone = MicrophoneTrack(pulse_null_sink, on_device_notice=notices.append)
    await microphone.start()
    try:
        for _ in range(5):
            await asyncio.wait_for(microphone.recv(), 5)
        kill_our_stream("source-outputs")
        await _until(lambda: bool(notices), 5, "a notice")
        assert notices == ["Your microphone “spk.monitor” stopped working: now using “default”."]
        frames = [await asyncio.wait_for(microphone.recv(), 5) for _ in range(10)]
        assert [f.pts for f in frames] == sorted(f.pts for f in frames)
    finally:
        microphone.stop()


@pytest.mark.audio
async def test_microphone_source_unloaded_mid_stream_is_noticed(
    pulse_null_sink: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notices: list[str] = []
    with null_sink("mic2") as module:
        monkeypatch.setenv("PULSE_SOURCE", "mic2.monitor")
        microphone = MicrophoneTrack(pulse_null_sink, on_device_notice=notices.append)
        await microphone.start()
        try:
            await asyncio.wait_for(microphone.recv(), 5)
            await asyncio.sleep(2.5)
            unload(module)
            await _until(lambda: bool(notices), 6, "a notice")
            assert len(notices) == 1
            assert notices[0].startswith("Your microphone “mic2.monitor” "), notices
            for _ in range(10):
                await asyncio.wait_for(microphone.recv(), 5)
        finally:
            microphone.stop()


class _Listener:
    def __init__(self) -> None:
        self.notices: list[str] = []

    def phase_changed(self, phase: CallPhase, reason: str | None) -> None: ...
    def remote_video(self, frame: DisplayFrame) -> None: ...
    def local_video(self, frame: DisplayFrame) -> None: ...
    def remote_camera_changed(self, on: bool) -> None: ...
    def security_code_ready(self, code: str) -> None: ...
    def security_code_unverified(self) -> None: ...
    def chat_received(self, text: str) -> None: ...
    def notice(self, text: str) -> None:
        self.notices.append(text)

    def quality_sampled(self, quality: CallQuality) -> None: ...
    def end_unconfirmed(self, decided_at: datetime) -> None: ...
    def call_ended(self, call: Call | None, reason: str) -> None: ...
    def call_recorded(self, call: Call) -> None: ...


async def test_camera_lost_mid_call_turns_video_off_and_audio_goes_on() -> None:
    listener = _Listener()
    choice = MediaChoice(
        camera="lavfi:testsrc2=size=320x240:rate=30:duration=1",  # a camera that goes away
        microphone="lavfi:sine=frequency=440:sample_rate=48000",
    )
    media = LocalMedia(choice, listener)
    await media.open()
    try:
        assert media.camera is not None
        assert media.microphone is not None
        await _until(lambda: bool(listener.notices), 5, "the camera notice")
        assert listener.notices[0].startswith("The camera stopped")
        assert listener.notices[0].endswith("video is off.")
        assert media.take_fps() == 0.0
        started = time.monotonic()
        for _ in range(10):
            await asyncio.wait_for(media.microphone.recv(), 2)
        assert time.monotonic() - started < 1.0  # 10 x 20 ms, never held up by the camera
    finally:
        await media.close()
