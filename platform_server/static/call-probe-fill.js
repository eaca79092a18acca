// While the advisor's app checks whether the line carries video again (a probe: `video_request`
// with reason "probe" and `max_kbps`; docs/platform-api.md, "Call quality"), it must see the
// probe's rate arrive from this side too. The browser's own video may send far less: after a
// pause its send-side estimate starts where the drop left it and climbs ~8 % a second, and a
// simple picture needs little. This fills the difference with padding on an unordered data
// channel without retransmissions (`fill`), so what arrives at the app shows what the line
// carries towards it, whatever the browser's estimate or picture. SCTP's own congestion control
// and the buffered-amount check below keep it from queueing more than a quarter second.

import { selectedPair } from "./call-stats.js";

export const FILL_LABEL = "fill";
/** Speech, its packet headers and RTCP on top of the probe's video (kbit/s of UDP payload). */
const SPEECH_KBPS = 40;
const TICK_MS = 100;
const MEASURE_EVERY = 5; // ticks: what the page sends is measured twice a second
const CHUNK_BYTES = 1000; // below the path's MTU with DTLS, SCTP, UDP and IP around it
const BUFFERED_S = 0.25;
// The probe's own video needs a moment (a keyframe, a paused encoder): padding is measured against
// what the page sent from the probe's start, keyframe included, so it tops up only what the video
// does not send. A browser's video climbs for seconds after a pause (Firefox: 200, then 226 of
// 340 kbit/s), so padding that waited for a whole settled second (from 1.5 s) left its side
// short of the probe's rate for its first two seconds, and a probe meeting a hovering line
// late in its good phase showed nothing before the dip. From half a second on it shows it by
// the second second, as the app's own side does.
const SETTLE_MS = 500;
/** A probe lasts at most ~20 s; a fill never outlives this even if the end was never heard. */
export const FILL_LIMIT_MS = 30000;

export class ProbeFill {
  constructor(pc) {
    this.pc = pc;
    this.channel = null;
    this.timer = null;
    this.targetKbps = 0;
    this.fillKbps = 0;
    this.sentFill = 0; // bytes of padding handed to the channel
    this.lastMeasure = null; // {at, pairBytes, fillBytes}
    this.startedAt = 0;
    this.ticks = 0;
  }

  /** Fills up to `videoKbps` of video plus speech from now on (a probe began). */
  start(videoKbps) {
    this.targetKbps = videoKbps + SPEECH_KBPS;
    this.startedAt = Date.now();
    this.fillKbps = 0; // measured afresh: the video's own rate changes with the stage
    this.lastMeasure = null;
    if (this.timer !== null) return;
    if (this.channel === null) {
      this.channel = this.pc.createDataChannel(FILL_LABEL, { ordered: false, maxRetransmits: 0 });
    }
    this.ticks = 0;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** The probe is over (or the connection is replaced): no more padding. */
  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops and closes the channel (the connection is going away). */
  close() {
    this.stop();
    if (this.channel !== null) this.channel.close();
    this.channel = null;
  }

  tick() {
    if (Date.now() - this.startedAt > FILL_LIMIT_MS) {
      this.stop();
      return;
    }
    if (this.ticks++ % MEASURE_EVERY === 0) this.measure();
    const channel = this.channel;
    if (!channel || channel.readyState !== "open" || this.fillKbps <= 0) return;
    const bytesPerTick = (this.fillKbps * 1000 / 8) * (TICK_MS / 1000);
    if (channel.bufferedAmount > bytesPerTick * (BUFFERED_S * 1000 / TICK_MS)) return; // line full
    for (let left = bytesPerTick; left > 0; left -= CHUNK_BYTES) {
      const size = Math.max(1, Math.min(CHUNK_BYTES, Math.round(left)));
      channel.send(new Uint8Array(size));
      this.sentFill += size;
    }
  }

  /** What the page sends besides the padding, from the transport's counter: the padding tops it up. */
  async measure() {
    let report;
    try {
      report = await this.pc.getStats();
    } catch {
      return; // closing: the next start measures afresh
    }
    const pair = selectedPair(report);
    if (!pair) return;
    const pairBytes = pair.bytesSent || 0;
    const now = Date.now();
    const last = this.lastMeasure;
    this.lastMeasure = { at: now, pairBytes, fillBytes: this.sentFill };
    if (last === null || now <= last.at || now - this.startedAt < SETTLE_MS) return;
    const seconds = (now - last.at) / 1000;
    const others = ((pairBytes - last.pairBytes) - (this.sentFill - last.fillBytes)) * 8 / seconds / 1000;
    this.fillKbps = Math.max(0, this.targetKbps - Math.max(0, others));
  }
}
