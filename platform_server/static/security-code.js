// The call's security code (docs/platform-api.md, "Call security code"): both sides derive the
// same six digits from the two DTLS fingerprints, so a man in the middle would change the code.

/** The first `a=fingerprint:sha-256` value of an SDP (session- or first media-level), upper-case. */
export function sha256Fingerprint(sdp) {
  const match = /^a=fingerprint:sha-256[ \t]+([0-9A-Fa-f:]+)[ \t]*\r?$/im.exec(sdp || "");
  return match ? match[1].toUpperCase() : null;
}

/** "042 917" from the local and remote SDP, or null while one fingerprint is missing. */
export async function securityCode(localSdp, remoteSdp) {
  const local = sha256Fingerprint(localSdp);
  const remote = sha256Fingerprint(remoteSdp);
  if (!local || !remote) return null;
  const joined = [local, remote].sort().join("|");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(joined));
  const number = new DataView(digest).getUint32(0, false) % 1000000;
  const digits = String(number).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
