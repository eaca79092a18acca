// The page's heartbeats during a call (docs/platform-api.md, "Heartbeats and billing"): every 2 s
// it tells the platform over the event socket that it is still here and whether media arrives
// from the advisor. The platform bills by them (from both sides' first media to the last
// confirmed one) and ends a call whose party fell silent.

export const HEARTBEAT_EVERY_MS = 2000;

/**
 * Sends `{"type": "heartbeat", "call_id", "media"}` every `everyMs`; `media` is true when a
 * statistics poll since the previous heartbeat saw RTP packets arrive. `packetsReceived()` gives
 * the call's running total (call-stats.js), read after each poll (`polled()`), never at the beat
 * itself: a poll still waiting for its figures would make a beat say "no media". `send(message)`
 * returns false when the socket is down (the next beat tries again). The first media is told at
 * once, so billing does not start up to 2 s late.
 */
export class CallHeartbeat {
  constructor({ callId, send, packetsReceived, everyMs = HEARTBEAT_EVERY_MS }) {
    this.callId = callId;
    this.send = send;
    this.packetsReceived = packetsReceived;
    this.lastPackets = 0;
    this.mediaSinceBeat = false;
    this.mediaConfirmed = false;
    this.sent = 0;
    this.timer = setInterval(() => this.beat(), everyMs);
    this.beat();
  }

  polled() {
    const packets = this.packetsReceived();
    if (packets > this.lastPackets) this.mediaSinceBeat = true;
    this.lastPackets = packets;
    if (this.mediaSinceBeat && !this.mediaConfirmed) this.beat();
  }

  beat() {
    const media = this.mediaSinceBeat;
    this.mediaSinceBeat = false;
    if (this.send({ type: "heartbeat", call_id: this.callId, media })) {
      this.sent += 1;
      if (media) this.mediaConfirmed = true;
    }
  }

  stop() {
    clearInterval(this.timer);
  }
}
