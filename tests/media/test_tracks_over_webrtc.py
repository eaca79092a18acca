"""The media tracks through two real aiortc peer connections on loopback: the camera's frame
numbers arrive readable after VP8, the camera can be switched off and on with replaceTrack, and
the microphone's audio reaches a speaker on the other side through Opus."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import av
import pytest
from aiortc import RTCPeerConnection, RTCRtpSender
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from media import frame_marker
from media.audio_format import SILENCE_DBFS
from media.camera import CameraTrack
from media.device_spec import synthetic_camera_spec
from media.microphone import MicrophoneTrack
from media.speaker import SpeakerPlayer

pytestmark = pytest.mark.slow


@dataclass
class Receiver:
    """The customer's side: reads frame numbers off the remote video, plays remote audio."""

    camera: CameraTrack
    speaker: SpeakerPlayer = field(default_factory=lambda: SpeakerPlayer("none"))
    numbers: list[tuple[int, float]] = field(default_factory=list)  # (frame number, latency s)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "video":
            self.tasks.append(asyncio.ensure_future(self._watch(track)))
        else:
            self.tasks.append(asyncio.ensure_future(self.speaker.start(track)))

    async def _watch(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                assert isinstance(frame, av.VideoFrame)
                number = frame_marker.read(frame.to_ndarray(format="rgb24"))
                captured_at = None if number is None else self.camera.capture_time(number)
                if number is not None and captured_at is not None:
                    self.numbers.append((number, time.monotonic() - captured_at))


@dataclass
class Call:
    camera: CameraTrack
    microphone: MicrophoneTrack
    video_sender: RTCRtpSender
    receiver: Receiver


@pytest.fixture
async def call() -> AsyncIterator[Call]:
    camera = CameraTrack(synthetic_camera_spec(), stamp_frame_numbers=True)
    microphone = MicrophoneTrack("lavfi:sine=frequency=1000:sample_rate=48000")
    await camera.start()
    await microphone.start()
    advisor, customer = RTCPeerConnection(), RTCPeerConnection()
    receiver = Receiver(camera)
    customer.on("track", receiver.on_track)
    video_sender = advisor.addTrack(camera)
    advisor.addTrack(microphone)
    await advisor.setLocalDescription(await advisor.createOffer())
    await customer.setRemoteDescription(advisor.localDescription)
    await customer.setLocalDescription(await customer.createAnswer())
    await advisor.setRemoteDescription(customer.localDescription)
    yield Call(camera, microphone, video_sender, receiver)
    await advisor.close()
    await customer.close()
    await receiver.speaker.stop()
    for task in receiver.tasks:
        task.cancel()
    camera.close()
    microphone.stop()
    assert await camera.wait_released()


async def _until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_camera_frames_and_microphone_audio_arrive(call: Call) -> None:
    numbers = call.receiver.numbers
    await _until(lambda: len(numbers) >= 30, seconds=10)
    received = [n for n, _ in numbers]
    assert received == sorted(received)
    latencies = sorted(latency for _, latency in numbers)
    assert latencies[len(latencies) // 2] < 0.5  # median glass-to-glass on loopback
    speaker = call.receiver.speaker
    await _until(lambda: speaker.frames_received >= 25, seconds=5)
    assert speaker.level_dbfs > SILENCE_DBFS + 50  # the tone, through Opus


async def test_camera_off_and_on_mid_call_with_replace_track(call: Call) -> None:
    numbers = call.receiver.numbers
    await _until(lambda: len(numbers) >= 10, seconds=10)
    call.video_sender.replaceTrack(None)
    call.camera.stop()
    assert await call.camera.wait_released()
    await asyncio.sleep(0.3)
    count_while_off = len(numbers)
    await asyncio.sleep(0.5)
    assert len(numbers) == count_while_off  # nothing is sent while the camera is off
    last_before = numbers[-1][0]
    await call.camera.start()
    call.video_sender.replaceTrack(call.camera)
    await _until(lambda: len(numbers) >= count_while_off + 10, seconds=10)
    assert numbers[count_while_off][0] > last_before
