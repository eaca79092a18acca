// The call's security code (docs/platform-api.md, "Call security code"; network/security_code.py
// is the app's twin). Each connection agrees on its code in three signals: the offer commits to
// a hash of its fingerprint and a secret nonce, the answer adds its own nonce, the offerer then
// reveals its nonce and the answerer checks it against the commitment. The code hashes both
// fingerprints and both nonces, so a relay in the middle must fix what it shows one side before
// it learns the nonce that decides the other side's code: one chance in a million per attempt.

const COMMIT_LABEL = "advisor-call commitment v1";
const CODE_LABEL = "advisor-call code v1";
const HEX_256 = /^[0-9a-f]{64}$/;

/** The commitment, nonce or reveal is missing or does not match: show no code, end the call. */
export class CodeUnverified extends Error {}

/** The first `a=fingerprint:sha-256` value of an SDP (session- or first media-level), upper-case. */
export function sha256Fingerprint(sdp) {
  const match = /^a=fingerprint:sha-256[ \t]+([0-9A-Fa-f:]+)[ \t]*\r?$/im.exec(sdp || "");
  return match ? match[1].toUpperCase() : null;
}

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(text) {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** 32 random bytes as 64 lower-case hex digits, fresh for each connection. */
export function newNonce() {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

/** The offerer's commitment: SHA-256 of `label|fingerprint|nonce`, lower-case hex. */
export async function commitmentOf(offerFingerprint, nonce) {
  return hex(await sha256(`${COMMIT_LABEL}|${offerFingerprint.toUpperCase()}|${nonce}`));
}

/** "042 917": SHA-256 of `label|offer fp|answer fp|offer nonce|answer nonce`, 4 bytes mod 10^6. */
export async function codeFrom(offerFingerprint, answerFingerprint, offerNonce, answerNonce) {
  const text = [CODE_LABEL, offerFingerprint.toUpperCase(), answerFingerprint.toUpperCase(),
    offerNonce, answerNonce].join("|");
  const number = new DataView(await sha256(text)).getUint32(0, false) % 1000000;
  const digits = String(number).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

function fingerprintOf(sdp, what) {
  const fingerprint = sha256Fingerprint(sdp);
  if (!fingerprint) throw new CodeUnverified(`the ${what} has no sha-256 fingerprint`);
  return fingerprint;
}

function hexField(data, name, what) {
  const value = data ? data[name] : undefined;
  if (typeof value !== "string" || !HEX_256.test(value)) {
    throw new CodeUnverified(`the ${what} carries no valid ${name}`);
  }
  return value;
}

/** The offerer's side of one connection: commit with the offer, reveal after the answer. */
export class OfferingCode {
  /** `offerSdp` exactly as sent. */
  constructor(offerSdp) {
    this.fingerprint = fingerprintOf(offerSdp, "offer");
    this.nonce = newNonce();
    this.code = null;
  }

  /** What the `offer` signal carries besides the SDP. */
  async offerFields() {
    return { commitment: await commitmentOf(this.fingerprint, this.nonce) };
  }

  /** The code from the answer signal as received (its `sdp` and `nonce`); throws CodeUnverified. */
  async answered(answer) {
    const theirs = fingerprintOf(answer.sdp, "answer");
    const nonce = hexField(answer, "nonce", "answer");
    this.code = await codeFrom(this.fingerprint, theirs, this.nonce, nonce);
    return this.code;
  }

  /** The `reveal` signal (only after the answer arrived). */
  revealSignal() {
    return { kind: "reveal", nonce: this.nonce };
  }
}

/**
 * The answerer's side: keep the offer's commitment, answer with a nonce, check the reveal.
 * Throws CodeUnverified for an offer without a commitment (a relay wanting the old code).
 */
export class AnsweringCode {
  constructor(offer) {
    this.offerFingerprint = fingerprintOf(offer.sdp, "offer");
    this.commitment = hexField(offer, "commitment", "offer");
    this.nonce = newNonce();
    this.answerFingerprint = null;
    this.code = null;
  }

  /** What the `answer` signal carries besides `answerSdp` (exactly as sent). */
  answerFields(answerSdp) {
    this.answerFingerprint = fingerprintOf(answerSdp, "answer");
    return { nonce: this.nonce };
  }

  /** The code once the reveal matches the commitment; throws CodeUnverified otherwise. */
  async revealed(reveal) {
    if (!this.answerFingerprint) throw new CodeUnverified("a reveal came before the answer was sent");
    const nonce = hexField(reveal, "nonce", "reveal");
    if ((await commitmentOf(this.offerFingerprint, nonce)) !== this.commitment) {
      throw new CodeUnverified("the reveal does not match the offer's commitment");
    }
    this.code = await codeFrom(this.offerFingerprint, this.answerFingerprint, nonce, this.nonce);
    return this.code;
  }
}
