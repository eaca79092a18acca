"""What coding speech on the loop saves: an audio-only aiortc call, aiortc's threads against
`network.speech_on_loop`, both ends in this process (one encoder, one decoder).

Prints, per way and run, the process's CPU (ms a second) and its context switches a second over
the measured window. Run: `python bench/speech_on_loop.py [--seconds 20] [--runs 2]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fractions
import resource
import sys
import time
from pathlib import Path

import av
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection
from aiortc.mediastreams import MediaStreamError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from network.speech_on_loop import code_speech_on_loop
from network.speech_opus import use_speech_opus

RATE, BLOCK = 48_000, 960


class Tone(MediaStreamTrack):
    """A 440 Hz tone in 20 ms frames, paced to real time (as a microphone delivers)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._sent = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        self._start = time.monotonic() if self._start is None else self._start
        await asyncio.sleep(max(0.0, self._start + self._sent / RATE - time.monotonic()))
        t = (np.arange(BLOCK) + self._sent) / RATE
        samples = (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts = RATE, self._sent
        frame.time_base = fractions.Fraction(1, RATE)
        self._sent += BLOCK
        return frame


async def one_call(on_loop: bool, seconds: float) -> tuple[float, float, int]:
    """(CPU ms a second, context switches a second, frames heard) of one call."""
    use_speech_opus()
    speaking, listening = RTCPeerConnection(), RTCPeerConnection()
    sending = speaking.addTransceiver("audio", direction="sendonly")
    sending.sender.replaceTrack(Tone())
    heard: list[int] = [0]

    async def listen(track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                heard[0] += 1

    tasks: list[asyncio.Task[None]] = []
    listening.on("track", lambda track: tasks.append(asyncio.ensure_future(listen(track))))
    await speaking.setLocalDescription(await speaking.createOffer())
    await listening.setRemoteDescription(speaking.localDescription)
    if on_loop:
        receiving = listening.getTransceivers()[0]
        code_speech_on_loop(sending.sender, receiving.receiver)
    await listening.setLocalDescription(await listening.createAnswer())
    await speaking.setRemoteDescription(listening.localDescription)
    await asyncio.sleep(3.0)  # connected and flowing
    before, heard_before = resource.getrusage(resource.RUSAGE_SELF), heard[0]
    await asyncio.sleep(seconds)
    after = resource.getrusage(resource.RUSAGE_SELF)
    await speaking.close()
    await listening.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    switches = after.ru_nvcsw + after.ru_nivcsw - before.ru_nvcsw - before.ru_nivcsw
    return cpu * 1000 / seconds, switches / seconds, heard[0] - heard_before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        for on_loop in (False, True):
            cpu, switches, heard = asyncio.run(one_call(on_loop, args.seconds))
            way = "on the loop     " if on_loop else "aiortc's threads"
            print(
                f"run {run} {way}: {cpu:5.1f} ms CPU a second, {switches:4.0f} context switches"
                f" a second, {heard} frames heard in {args.seconds:.0f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
