"""The media side of a call: the advisor's camera and microphone, and the customer's video.

`LocalMedia` opens the camera and microphone from their specs; a missing camera never blocks an
audio-only call and a missing microphone is a clear notice, not a failure. Camera off/on switches
the sender with `replaceTrack` (no renegotiation) and releases the device. `RemoteVideo` receives
the customer's video, hands at most 15 converted frames a second to the listener (conversion in a
worker thread, never on the GUI thread), and decides when to show the audio-only tile: when the
customer says the camera is off, or when no frame came for `FRAME_GAP_S`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import av
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

from advisor_app.call.listener import CallListener, CallPhase
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.texts import N_
from advisor_app.quality.policy import VideoLevel
from advisor_app.quality.video import ShapedVideoTrack, video_cap_kbps
from media import frame_marker
from media.camera import CameraTrack, CameraUnavailable
from media.device_spec import CameraSpec, CaptureSettings, DeviceSpecError, parse_camera_spec
from media.display import DisplaySampler
from media.microphone import MicrophoneTrack, MicrophoneUnavailable
from media.speaker import SpeakerPlayer
from network.peer import CallPeer

log = logging.getLogger(__name__)

DISPLAY_FPS = 15.0
# The self-view is a corner tile at most 260 px wide (ui.call_window): converting the camera's
# full picture for it was most of the preview's cost. Twice that covers a HiDPI screen.
PREVIEW_MAX_SIZE = (520, 292)
# Asked of a real camera, so HD can be sent when the line carries it; the lower levels scale down.
HD_CAPTURE = CaptureSettings(width=1280, height=720, fps=30)
FRAME_GAP_S = 1.5  # no frame for this long: the customer's picture is gone, show the tile
_GAP_CHECK_S = 0.25
_MARKERS_KEPT = 3000


@dataclass(frozen=True, slots=True)
class MediaChoice:
    """Which devices a call uses: SPEC strings as `media.device_spec` reads them.

    `camera=None` means no camera (audio only); `microphone=None` the system default; a speaker
    of `"none"` receives audio without playing it. The frame-marker flags are for measurements.
    """

    camera: str | None
    microphone: str | None
    speaker: str | int | None = None
    stamp_frame_numbers: bool = False
    read_frame_markers: bool = False


class LocalMedia:
    """The advisor's camera and microphone for one call."""

    def __init__(self, choice: MediaChoice, listener: CallListener) -> None:
        self._choice = choice
        self._listener = listener
        self.camera: CameraTrack | None = None
        self.microphone: MicrophoneTrack | None = None
        self._camera_on = False
        self._shaped: ShapedVideoTrack | None = None
        self._paused_for_quality = False  # the line is too slow: camera stopped, nothing sent
        self._peer: CallPeer | None = None
        self._level = VideoLevel.FULL
        self._preview: DisplaySampler | None = None
        self._frames_counted = 0

    async def open(self) -> None:
        """Opens what is available; what is not becomes a notice."""
        await self._open_camera()
        await self._open_microphone()

    async def _open_camera(self) -> None:
        if self._choice.camera is None:
            return
        loop = asyncio.get_running_loop()

        def show(frame: DisplayFrame) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed during shutdown
                loop.call_soon_threadsafe(self._listener.local_video, frame)

        preview = self._preview = DisplaySampler(
            show, max_fps=DISPLAY_FPS, max_size=PREVIEW_MAX_SIZE
        )

        def offer_preview(frame: av.VideoFrame) -> None:
            preview.offer(frame)  # on the capture thread: converts only when a frame is due

        def track(spec: CameraSpec) -> CameraTrack:
            return CameraTrack(
                spec,
                stamp_frame_numbers=self._choice.stamp_frame_numbers,
                on_frame=offer_preview,
                on_error=self._camera_failed,
            )

        try:
            camera = await _start_camera(self._choice.camera, track)
        except (CameraUnavailable, DeviceSpecError) as exc:
            self._listener.notice(
                N_(
                    "CallMedia",
                    "Camera unavailable ({reason}): the call continues with audio only.",
                ).format(reason=exc)
            )
            return
        self.camera = camera
        self._shaped = ShapedVideoTrack(camera)
        self._camera_on = True

    async def _open_microphone(self) -> None:
        try:
            # A microphone lost mid-call moves to the next working one; the notice says which.
            microphone = MicrophoneTrack(
                self._choice.microphone, on_device_notice=self._listener.notice
            )
            await microphone.start()
        except (MicrophoneUnavailable, DeviceSpecError) as exc:
            self._listener.notice(
                N_("CallMedia", "No microphone ({reason}): the customer cannot hear you.").format(
                    reason=exc
                )
            )
            return
        self.microphone = microphone

    def _camera_failed(self, error: CameraUnavailable) -> None:
        self._camera_on = False
        if self._peer is not None:
            self._peer.set_video(None)
        self._listener.notice(
            N_("CallMedia", "The camera stopped ({reason}): video is off.").format(
                reason=error.reason
            )
        )

    def attach(self, peer: CallPeer) -> None:
        """Puts the open tracks on the peer's senders."""
        self._peer = peer
        peer.set_audio(self.microphone)
        peer.set_video(self._video_to_send())
        peer.set_video_cap(video_cap_kbps(self._level))

    def _video_to_send(self) -> ShapedVideoTrack | None:
        if not self._camera_on or self._paused_for_quality:
            return None
        return self._shaped

    async def set_camera(self, on: bool) -> bool:
        """Camera off (device released) or on again; True if the camera's state changed."""
        camera = self.camera
        if camera is None or on == self._camera_on:
            if on and camera is None:
                self._listener.notice(N_("CallMedia", "There is no camera to turn on."))
            return False
        if not on:
            if self._peer is not None:
                self._peer.set_video(None)  # first, so the sender never waits on a stopped camera
            camera.stop()
            self._camera_on = False
            return True
        if not self._paused_for_quality:
            try:
                await camera.start()
            except CameraUnavailable as exc:
                self._listener.notice(
                    N_("CallMedia", "The camera could not be turned on ({reason}).").format(
                        reason=exc.reason
                    )
                )
                return False
        self._camera_on = True
        if self._peer is not None:
            self._peer.set_video(self._video_to_send())
        return True

    async def set_quality_level(self, level: VideoLevel) -> None:
        """What the line allows: OFF stops sender and camera, REDUCED/FULL sends at that size.

        Independent of the advisor's own camera switch: a camera the advisor turned off stays off
        when the line recovers, and one turned on while paused starts only when it recovers.
        """
        self._level = level
        if self._peer is not None:
            self._peer.set_video_cap(video_cap_kbps(level))
        camera, shaped = self.camera, self._shaped
        if camera is None or shaped is None:
            return
        if level is VideoLevel.OFF:
            if self._paused_for_quality:
                return
            self._paused_for_quality = True
            if self._peer is not None:
                self._peer.set_video(None)
            if self._camera_on:
                camera.stop()
            return
        shaped.set_level(level)
        if not self._paused_for_quality:
            return
        self._paused_for_quality = False
        if self._camera_on:
            try:
                await camera.start()
            except CameraUnavailable as exc:
                self._camera_failed(exc)
                return
        if self._peer is not None:
            self._peer.set_video(self._video_to_send())

    def show_preview_at(self, view_size: tuple[int, int] | None) -> None:
        """The advisor's own picture is shown in a view of this many pixels (None: unknown)."""
        if self._preview is not None:
            self._preview.show_at(view_size)

    def hide_preview(self) -> None:
        """No view shows the advisor's own picture: none is converted for one."""
        if self._preview is not None:
            self._preview.hide()

    def set_microphone(self, on: bool) -> None:
        """Mute sends silence with the stream's timing, so unmuting is instant."""
        if self.microphone is not None:
            self.microphone.muted = not on

    def take_fps(self) -> float:
        """Frames the camera delivered since the last call (called once a second)."""
        if self.camera is None or not self._camera_on or self._paused_for_quality:
            return 0.0
        total = self.camera.frames_captured
        fps, self._frames_counted = total - self._frames_counted, total
        return float(max(0, fps))

    async def close(self) -> None:
        if self.camera is not None:
            self.camera.close()
            await self.camera.wait_released()
        if self.microphone is not None:
            self.microphone.stop()


async def _start_camera(spec: str, track: Callable[[CameraSpec], CameraTrack]) -> CameraTrack:
    """The camera at 1280x720 (for HD) where it opens at that size, else at 640x480."""
    attempts = [parse_camera_spec(spec, HD_CAPTURE), parse_camera_spec(spec)]
    if not attempts[0].live:
        del attempts[0]  # a lavfi graph names its own size
    for attempt, camera_spec in enumerate(attempts, 1):
        camera = track(camera_spec)
        try:
            await camera.start()
        except CameraUnavailable as exc:
            camera.close()
            if attempt == len(attempts):
                raise
            log.info("camera: no 1280x720 (%s), asking for 640x480", exc.reason)
        else:
            return camera
    raise AssertionError("unreachable")  # pragma: no cover


class RemoteVideo:
    """The customer's video: counted, sampled for display, watched for gaps."""

    def __init__(
        self,
        listener: CallListener,
        *,
        read_markers: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._listener = listener
        self._clock = clock
        self._read_markers = read_markers
        self._sampler = DisplaySampler(listener.remote_video, max_fps=DISPLAY_FPS, clock=clock)
        self.frames = 0
        self.last_frame_at: float | None = None
        self.marker_arrivals: deque[tuple[int, float]] = deque(maxlen=_MARKERS_KEPT)
        """(frame number, `time.monotonic()` on arrival) for stamped frames (measurements)."""
        self._counted = 0
        self._camera_said_on = True
        self._shown: bool | None = None
        self._watch_started: float | None = None

    async def receive(self, track: MediaStreamTrack, on_first: Callable[[float], None]) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if not isinstance(frame, av.VideoFrame):
                continue
            now = self._clock()
            if self.frames == 0:
                on_first(now)
            self.frames += 1
            self.last_frame_at = now
            self._update_tile()
            if self._read_markers:
                number = frame_marker.read_frame(frame)  # the marker's rows only: microseconds
                if number is not None:
                    self.marker_arrivals.append((number, now))
            if self._sampler.due():
                self._listener.remote_video(await self._sampler.convert_on_loop(frame))

    def show_at(self, view_size: tuple[int, int] | None) -> None:
        """The customer's picture is shown in a view of this many pixels (None: unknown)."""
        self._sampler.show_at(view_size)

    def hide(self) -> None:
        """No view shows the customer's picture: none is converted for one (still counted,
        watched for gaps and read for markers)."""
        self._sampler.hide()

    def remote_says_camera(self, on: bool) -> None:
        self._camera_said_on = on
        self._update_tile()

    async def watch_gaps(self, phase: Callable[[], CallPhase]) -> None:
        """Re-evaluates the tile while in the call, so a frozen picture turns into the tile."""
        self._watch_started = self._clock()
        while phase() is CallPhase.IN_CALL:
            self._update_tile()
            await asyncio.sleep(_GAP_CHECK_S)

    def take_fps(self) -> float:
        fps, self._counted = self.frames - self._counted, self.frames
        return float(fps)

    def close(self) -> None:
        self._sampler.sink = _ignore_frame

    def _update_tile(self) -> None:
        now = self._clock()
        if self.last_frame_at is None:
            waited = self._watch_started is not None and now - self._watch_started >= FRAME_GAP_S
            if self._camera_said_on and not waited:
                return  # too early to tell
            shown = False
        else:
            shown = self._camera_said_on and now - self.last_frame_at < FRAME_GAP_S
        if shown != self._shown:
            self._shown = shown
            log.info("customer video %s", "shown" if shown else "off (audio-only tile)")
            self._listener.remote_camera_changed(shown)


def _ignore_frame(_frame: DisplayFrame) -> None:
    return None


@dataclass(frozen=True, slots=True)
class CallMedia:
    """What one call sends and plays: the advisor's camera and microphone, the customer's audio
    (the speaker) and video (for display). Injected into `CallSession`."""

    local: LocalMedia
    speaker: SpeakerPlayer
    remote_video: RemoteVideo

    @classmethod
    def chosen(cls, choice: MediaChoice, listener: CallListener) -> CallMedia:
        """The devices `choice` names, reporting to `listener` (frames, tiles, notices)."""
        return cls(
            LocalMedia(choice, listener),
            SpeakerPlayer(choice.speaker, on_notice=listener.notice),
            RemoteVideo(listener, read_markers=choice.read_frame_markers),
        )
