"""Microphone, speaker and echo test: level, noise floor and clipping; a test tone; a short
recording played back. Recordings stay in memory and are dropped when the check ends.

The microphone is opened raw (no echo cancellation or gain control): the check judges the device,
not the processing. The speaker check plays a 1 kHz tone and listens with the microphone at the
same time: a microphone that hears it confirms the speaker without asking the advisor (with a
headset it will not, and the wizard asks instead).
"""

from __future__ import annotations

import asyncio
import math
import threading
from typing import Any

import numpy as np

from advisor_app.domain.texts import N_
from advisor_app.hardware_check.report import CheckResult, Verdict
from media.audio_devices import AudioDeviceError, open_stream
from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, Samples, frame_samples
from media.audio_processing import VoiceProcessing
from media.device_spec import DeviceSpecError, SoundDevice, parse_audio_spec
from media.level_meter import LevelMeter
from media.microphone import MicrophoneTrack, MicrophoneUnavailable

TONE_HZ = 1000.0
TONE_DBFS = -18.0  # comfortably audible, far from clipping
HEARD_DBFS = -55.0  # the tone counts as heard back above this (in the 1 kHz band)
_START_TIMEOUT_S = 5.0  # a sound server can take a moment to deliver the first block

AudioDevice = str | int | None


def tone(seconds: float, frequency: float = TONE_HZ, level_dbfs: float = TONE_DBFS) -> Samples:
    """A sine with 10 ms fades (no clicks) at ``level_dbfs`` RMS."""
    n = int(SAMPLE_RATE * seconds)
    amplitude = math.sqrt(2) * 10 ** (level_dbfs / 20) * 32767
    wave = amplitude * np.sin(2 * np.pi * frequency * np.arange(n) / SAMPLE_RATE)
    fade = min(n // 2, SAMPLE_RATE // 100)
    ramp = np.linspace(0.0, 1.0, fade)
    wave[:fade] *= ramp
    wave[n - fade :] *= ramp[::-1]
    return wave.astype(np.int16)


def band_level_dbfs(samples: Samples, frequency: float = TONE_HZ) -> float:
    """Level of ``samples`` in a narrow band around ``frequency`` (RMS dBFS of that part)."""
    if samples.size == 0:
        return -100.0
    x = samples.astype(np.float64) / 32768.0
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(x.size, 1 / SAMPLE_RATE)
    band = np.abs(freqs - frequency) <= 50
    power = 2 * float(np.sum(np.abs(spectrum[band]) ** 2)) / x.size**2
    return 10 * math.log10(power) if power > 0 else -100.0


def heard_tone_dbfs(recording: Samples, tone_seconds: float) -> float:
    """The tone's level in the loudest ``tone_seconds`` stretch of a longer recording (the
    recording starts before and ends after the tone)."""
    window = int(SAMPLE_RATE * tone_seconds * 0.8)  # inside the tone, away from its fades
    if recording.size <= window:
        return band_level_dbfs(recording)
    step = SAMPLE_RATE // 20
    return max(
        band_level_dbfs(recording[start : start + window])
        for start in range(0, recording.size - window + 1, step)
    )


class _Player:
    """Plays one clip on an output device from PortAudio's thread; `done` is set at the end."""

    def __init__(self, samples: Samples) -> None:
        self._samples = samples
        self._position = 0
        self._lock = threading.Lock()
        self.done = threading.Event()

    def callback(self, outdata: Any, frames: int, _time: Any, _status: Any) -> None:
        with self._lock:
            chunk = self._samples[self._position : self._position + frames]
            self._position += frames
        outdata[:, 0] = 0
        outdata[: chunk.size, 0] = chunk
        if chunk.size < frames:
            self.done.set()


async def play_clip(device: AudioDevice, samples: Samples) -> None:
    """Plays ``samples`` to the end (raises `AudioDeviceError`); blocking parts off the loop."""
    player = _Player(samples)
    stream = await asyncio.to_thread(open_stream, "output", _sound_device(device), player.callback)
    try:
        seconds = samples.size / SAMPLE_RATE
        await asyncio.to_thread(player.done.wait, seconds + 2.0)
    finally:
        await asyncio.to_thread(stream.close)


def _sound_device(device: AudioDevice) -> int | str | None:
    spec = parse_audio_spec(device)
    if not isinstance(spec, SoundDevice):
        raise DeviceSpecError("a speaker must be a sound device")
    return spec.device


async def record_clip(
    device: AudioDevice, seconds: float, meter: LevelMeter | None = None
) -> Samples:
    """``seconds`` from the microphone, in memory only (raises `MicrophoneUnavailable`)."""
    microphone = MicrophoneTrack(device, voice_processing=VoiceProcessing())
    await microphone.start()
    blocks: list[Samples] = []
    try:
        for _ in range(max(1, round(seconds * SAMPLE_RATE / FRAME_SAMPLES))):
            timeout = _START_TIMEOUT_S if not blocks else 1.0
            samples = frame_samples(await asyncio.wait_for(microphone.recv(), timeout))
            if meter is not None:
                meter.feed(samples)
            blocks.append(samples)
    finally:
        microphone.stop()
    return np.concatenate(blocks)


async def check_microphone(
    device: AudioDevice, *, seconds: float = 3.0, meter: LevelMeter | None = None
) -> CheckResult:
    """Listens for ``seconds`` (the advisor speaks meanwhile) and judges level, noise, clipping."""
    meter = meter or LevelMeter()
    meter.reset()
    try:
        await record_clip(device, seconds, meter)
    except (MicrophoneUnavailable, DeviceSpecError, TimeoutError) as exc:
        reason = (
            N_("HardwareCheck", "it sent no sound") if isinstance(exc, TimeoutError) else str(exc)
        )
        return CheckResult(
            "microphone",
            N_("HardwareCheck", "Microphone"),
            Verdict.FAIL,
            N_("HardwareCheck", "The microphone could not be used: {reason}.").format(
                reason=reason
            ),
            (
                N_(
                    "HardwareCheck",
                    "Check that a microphone is connected and allowed in the system's privacy "
                    "settings, and that no other program holds it.",
                ),
            ),
            {"device": _describe(device)},
        )
    result = meter.assess()
    figures: dict[str, str | int | float | bool | None] = {
        "device": _describe(device),
        "speech_dbfs": round(result.speech_dbfs, 1),
        "noise_floor_dbfs": round(result.noise_floor_dbfs, 1),
        "clipping_blocks": result.clipping_blocks,
    }
    advice = []
    verdict = Verdict.PASS
    if result.silent:
        verdict = Verdict.FAIL
        advice.append(
            N_(
                "HardwareCheck",
                "No sound at all: the microphone is muted or switched off. Unmute it.",
            )
        )
    else:
        if result.too_quiet:
            advice.append(
                N_(
                    "HardwareCheck",
                    "Your voice is very quiet: move closer or raise the input volume.",
                )
            )
        if result.clipping:
            advice.append(
                N_("HardwareCheck", "Your voice is distorted (too loud): lower the input volume.")
            )
        if result.noisy:
            advice.append(
                N_(
                    "HardwareCheck",
                    "There is a lot of background noise: close the window, move away from "
                    "fans, or use a headset.",
                )
            )
        verdict = Verdict.WARN if advice else Verdict.PASS
    if result.too_quiet:
        voice = N_("HardwareCheck", "too quiet")
    else:
        voice = (
            N_("HardwareCheck", "distorted") if result.clipping else N_("HardwareCheck", "clear")
        )
    background = N_("HardwareCheck", "noisy") if result.noisy else N_("HardwareCheck", "quiet")
    summary = N_(
        "HardwareCheck",
        "Your voice is {voice} ({speech} dBFS), the background is {background} ({noise} dBFS).",
    ).format(
        voice=voice,
        speech=f"{result.speech_dbfs:.0f}",
        background=background,
        noise=f"{result.noise_floor_dbfs:.0f}",
    )
    if result.silent:
        summary = N_("HardwareCheck", "The microphone delivers no sound at all.")
    return CheckResult(
        "microphone", N_("HardwareCheck", "Microphone"), verdict, summary, tuple(advice), figures
    )


async def check_speaker(
    device: AudioDevice, *, listen_with: AudioDevice | None = None, seconds: float = 1.5
) -> CheckResult:
    """Plays a test tone; with ``listen_with`` the microphone tries to hear it meanwhile."""
    figures: dict[str, str | int | float | bool | None] = {
        "device": _describe(device),
        "tone_hz": TONE_HZ,
        "tone_dbfs": TONE_DBFS,
    }
    recording: asyncio.Task[Samples] | None = None
    if listen_with is not None:
        recording = asyncio.ensure_future(record_clip(listen_with, seconds + 1.0))
        await asyncio.sleep(0.3)  # the microphone is listening before the tone starts
    try:
        await play_clip(device, tone(seconds))
    except (AudioDeviceError, DeviceSpecError) as exc:
        if recording is not None:
            recording.cancel()
        return CheckResult(
            "speaker",
            N_("HardwareCheck", "Speaker"),
            Verdict.FAIL,
            N_("HardwareCheck", "The speaker could not play: {error}.").format(error=exc),
            (N_("HardwareCheck", "Check that speakers or a headset are connected and not muted."),),
            figures,
        )
    if recording is None:
        return CheckResult(
            "speaker",
            N_("HardwareCheck", "Speaker"),
            Verdict.PASS,
            N_("HardwareCheck", "A test tone was played."),
            (),
            figures,
        )
    try:
        heard = heard_tone_dbfs(await recording, seconds)
    except (MicrophoneUnavailable, DeviceSpecError, TimeoutError):
        heard = -100.0
    figures["heard_dbfs"] = round(heard, 1)
    if heard >= HEARD_DBFS:
        summary = N_(
            "HardwareCheck",
            "The test tone was played and heard back by the microphone ({level} dBFS).",
        ).format(level=f"{heard:.0f}")
        return CheckResult(
            "speaker", N_("HardwareCheck", "Speaker"), Verdict.PASS, summary, (), figures
        )
    return CheckResult(
        "speaker",
        N_("HardwareCheck", "Speaker"),
        Verdict.WARN,
        N_("HardwareCheck", "A test tone was played, but the microphone did not hear it."),
        (
            N_(
                "HardwareCheck",
                "That is expected with a headset. Otherwise check that the speakers are on and the "
                "volume is up.",
            ),
        ),
        figures,
    )


async def check_echo_test(
    microphone: AudioDevice, speaker: AudioDevice, *, seconds: float = 3.0
) -> CheckResult:
    """Records ``seconds`` and plays them back: the advisor hears how customers hear them."""
    title = N_("HardwareCheck", "Echo test")
    try:
        clip = await record_clip(microphone, seconds)
        await play_clip(speaker, clip)
    except (MicrophoneUnavailable, AudioDeviceError, DeviceSpecError, TimeoutError) as exc:
        return CheckResult(
            "echo",
            title,
            Verdict.FAIL,
            N_("HardwareCheck", "The echo test could not run: {error}.").format(
                error=exc or N_("HardwareCheck", "no sound")
            ),
            (N_("HardwareCheck", "Fix the microphone or speaker problem above first."),),
        )
    level = LevelMeter()
    for start in range(0, clip.size - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        level.feed(clip[start : start + FRAME_SAMPLES])
    result = level.assess()
    figures: dict[str, str | int | float | bool | None] = {
        "seconds": seconds,
        "recorded_dbfs": round(result.speech_dbfs, 1),
    }
    del clip  # the recording is not kept
    if result.silent:
        return CheckResult(
            "echo",
            title,
            Verdict.FAIL,
            N_("HardwareCheck", "The recording was silent."),
            (N_("HardwareCheck", "Unmute the microphone and try again."),),
            figures,
        )
    return CheckResult(
        "echo",
        title,
        Verdict.PASS,
        N_(
            "HardwareCheck", "{seconds} seconds were recorded and played back (nothing was saved)."
        ).format(seconds=f"{seconds:.0f}"),
        (),
        figures,
    )


def _describe(device: AudioDevice) -> str:
    return "default" if device is None else str(device)
