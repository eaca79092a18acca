"""Echo cancellation figures: ERLE and near-end survival over a few simulated rooms.

    python bench/echo_bench.py

Far-end speech is played through each room (a delay and a decaying reverberant tail) into the
microphone; near-end speech joins after six seconds. ERLE is the echo's attenuation once
converged (far end alone); the near-end columns say how much of the advisor's own voice is left
during double talk. Synthetic speech only, nothing is read from or written to disk.
"""

from __future__ import annotations

import time

from media.audio_processing import VoiceProcessingConfig, processing_available
from media.echo_simulation import measure_echo_cancellation, room_echo_path

ROOMS = [
    ("headset-like, 10 ms", 10.0, 0.15, -12.0),
    ("laptop, 40 ms, RT60 0.25 s", 40.0, 0.25, -6.0),
    ("office, 80 ms, RT60 0.35 s", 80.0, 0.35, -6.0),
    ("far wall, 150 ms, RT60 0.4 s", 150.0, 0.4, -6.0),
    ("loud speakers, 60 ms, 0 dB", 60.0, 0.3, 0.0),
]
CONFIGS = [
    ("AEC", VoiceProcessingConfig(noise_suppression=False, gain_control=False)),
    ("AEC+NS+AGC", VoiceProcessingConfig()),
]


def main() -> None:
    if not processing_available():
        print("livekit's audio processing module is not installed: nothing to measure")
        return
    print(f"{'room':32} {'processing':11} {'ERLE dB':>8} {'near corr':>9} "
          f"{'near dB':>8} {'delay ms':>8} {'x realtime':>10}")  # fmt: skip
    for name, delay_ms, rt60, gain in ROOMS:
        for label, config in CONFIGS:
            started = time.perf_counter()
            m = measure_echo_cancellation(config, echo_path=room_echo_path(delay_ms, rt60, gain))
            speed = 12.0 / (time.perf_counter() - started)
            figures = f"{m.erle_db:8.1f} {m.near_correlation:9.2f} {m.near_level_change_db:8.1f}"
            print(f"{name:32} {label:11} {figures} {m.output_delay_ms:8.1f} {speed:10.0f}")


if __name__ == "__main__":
    main()
