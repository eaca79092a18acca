// The `control` data channel of a call (docs/platform-api.md, "Data channel"): JSON messages of
// version 1, both ways. This module sends ours and reads the advisor's, checking every field
// before the session acts on it: a bad message is logged and ignored, never thrown. Kept apart
// from call-session.js so the session only decides what a valid message changes.

export const CHAT_MAX = 2000;
/** The `audio_bitrate` range the contract allows (kbit/s, Opus payload). */
export const AUDIO_KBPS_MIN = 8;
export const AUDIO_KBPS_MAX = 64;
export const VIDEO_KBPS_MIN = 50;
export const VIDEO_KBPS_MAX = 5000;

/**
 * One connection's control channel. `onOpen()` runs when it opens, `onMessage(message)` for every
 * valid message of the advisor (see readControlMessage). Once closed, it reports nothing more: a
 * reconnect's replaced channel has no say.
 */
export class ControlChannel {
  constructor(channel, { onOpen, onMessage }) {
    this.channel = channel;
    this.closed = false;
    channel.addEventListener("open", () => {
      if (!this.closed) onOpen();
    });
    channel.addEventListener("message", (event) => {
      if (this.closed) return;
      const message = readControlMessage(event.data);
      if (message) onMessage(message);
    });
  }

  get isOpen() {
    return !this.closed && this.channel.readyState === "open";
  }

  /** Sends `message` (version added); returns false when the channel is not open. */
  send(message) {
    if (!this.isOpen) return false;
    this.channel.send(JSON.stringify({ v: 1, ...message }));
    return true;
  }

  close() {
    this.closed = true;
    this.channel.close();
  }
}

/**
 * The advisor's control message in `raw` (JSON text), or null when it is malformed, of another
 * version, of an unknown type or with a field out of its allowed range (each logged once).
 * A valid message is returned as parsed; its fields are safe to use as their type says.
 */
export function readControlMessage(raw) {
  let message;
  try {
    message = JSON.parse(raw);
  } catch {
    console.info("ignored a malformed control message");
    return null;
  }
  if (!message || typeof message !== "object" || typeof message.type !== "string") {
    console.info("ignored a control message without type");
    return null;
  }
  if (message.v !== 1) {
    console.info(`ignored a control message of version ${message.v}`);
    return null;
  }
  const problem = FIELD_CHECKS.has(message.type) ? FIELD_CHECKS.get(message.type)(message) : "unknown";
  if (problem === "unknown") {
    console.info(`ignored control message type ${message.type}`);
    return null;
  }
  if (problem) {
    console.info(`ignored ${message.type} ${problem}`);
    return null;
  }
  return message;
}

const NONE = () => null;

const NOTICE_CODE = /^[a-z][a-z_]{0,63}$/;
const NOTICE_PARAMS_MAX = 4;

/** A notice is a code with at most four whole-number parameters (docs/platform-api.md). */
function noticeProblem(m) {
  if (typeof m.code !== "string" || !NOTICE_CODE.test(m.code)) return "code: not a code";
  const params = m.params ?? {};
  if (typeof params !== "object" || Array.isArray(params)) return "params: not an object";
  const entries = Object.entries(params);
  if (entries.length > NOTICE_PARAMS_MAX) return `params: more than ${NOTICE_PARAMS_MAX}`;
  const bad = entries.find(([name, value]) => !NOTICE_CODE.test(name) || !Number.isInteger(value) || value < 0);
  return bad ? `params.${bad[0]}: not a whole number` : null;
}

/** Per known type: what is wrong with a message's fields, or null. */
const FIELD_CHECKS = new Map([
  ["camera", NONE],
  ["microphone", NONE],
  [
    "video_request",
    (m) => {
      if (m.fill !== undefined && typeof m.fill !== "boolean") return "fill: not true or false";
      return m.max_kbps === undefined ||
        (Number.isInteger(m.max_kbps) && m.max_kbps >= VIDEO_KBPS_MIN && m.max_kbps <= VIDEO_KBPS_MAX)
        ? null
        : `max_kbps ${m.max_kbps}: not an integer of ${VIDEO_KBPS_MIN}..${VIDEO_KBPS_MAX}`;
    },
  ],
  ["stats", NONE],
  ["chat", (m) => (typeof m.text === "string" && m.text.length <= CHAT_MAX ? null : `text: not a text of up to ${CHAT_MAX} characters`)],
  ["notice", (m) => noticeProblem(m)],
  [
    "audio_bitrate",
    (m) =>
      Number.isInteger(m.kbps) && m.kbps >= AUDIO_KBPS_MIN && m.kbps <= AUDIO_KBPS_MAX
        ? null
        : `${m.kbps}: not an integer of ${AUDIO_KBPS_MIN}..${AUDIO_KBPS_MAX}`,
  ],
]);
