// The page's heartbeats during a call (docs/platform-api.md, "Heartbeats and billing"): every 2 s
// it tells the platform over the event socket that it is still here and whether media arrives
// from the advisor. The platform bills by them (from both sides' first media to the last
// confirmed one) and ends a call whose party fell silent.

export const HEARTBEAT_EVERY_MS = 2000;

/**
 * Sends `{"type": "heartbeat", "call_id", "media"}` every `everyMs`; `media` is true when RTP
 * packets arrived since the previous heartbeat. `packetsReceived()` gives the call's running
 * total (call-stats.js); `send(message)` returns false when the socket is down (the next beat
 * tries again). `polled()` after each statistics poll tells the first media at once, so billing
 * does not start up to 2 s late.
 */
export class CallHeartbeat {
  constructor({ callId, send, packetsReceived, everyMs = HEARTBEAT_EVERY_MS }) {
    this.callId = callId;
    this.send = send;
    this.packetsReceived = packetsReceived;
    this.lastPackets = 0;
    this.mediaConfirmed = false;
    this.sent = 0;
    this.timer = setInterval(() => this.beat(), everyMs);
    this.beat();
  }

  polled() {
    if (!this.mediaConfirmed && this.packetsReceived() > this.lastPackets) this.beat();
  }

  beat() {
    const packets = this.packetsReceived();
    const media = packets > this.lastPackets;
    this.lastPackets = packets;
    if (this.send({ type: "heartbeat", call_id: this.callId, media })) {
      this.sent += 1;
      if (media) this.mediaConfirmed = true;
    }
  }

  stop() {
    clearInterval(this.timer);
  }
}
