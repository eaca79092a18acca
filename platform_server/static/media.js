// Camera and microphone for a call: video up to 1280x720 (HD when the line carries it) + audio,
// falling back to what is available.

/** The customer could not be given any device; `message` is ready to show. */
export class MediaUnavailable extends Error {}

// 720p where the camera gives it: the browser sends less by itself when the line is slower.
const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/**
 * Returns {stream, hasVideo, hasAudio}. If the camera is refused or missing the call continues
 * with voice only; if the microphone is the missing part the call goes on with picture only
 * (the caller shows a warning). With neither, throws MediaUnavailable with a clear German text.
 */
export async function acquireLocalMedia() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new MediaUnavailable(
      "Ihr Browser erlaubt hier keinen Zugriff auf Kamera und Mikrofon (eine sichere Verbindung über https ist nötig).",
    );
  }
  const attempts = [
    { video: VIDEO, audio: true },
    { video: false, audio: true },
    { video: VIDEO, audio: false },
  ];
  let lastError = null;
  for (const constraints of attempts) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      return {
        stream,
        hasVideo: stream.getVideoTracks().length > 0,
        hasAudio: stream.getAudioTracks().length > 0,
      };
    } catch (error) {
      lastError = error;
    }
  }
  const refused = lastError && lastError.name === "NotAllowedError";
  throw new MediaUnavailable(
    refused
      ? "Sie haben den Zugriff auf Kamera und Mikrofon abgelehnt. Bitte erlauben Sie ihn in den Browser-Einstellungen und versuchen Sie es erneut."
      : "Es wurden weder Kamera noch Mikrofon gefunden. Bitte schließen Sie ein Headset oder eine Kamera an und versuchen Sie es erneut.",
  );
}

/** Stops every track of a stream (turns the camera light off). */
export function stopStream(stream) {
  if (stream) for (const track of stream.getTracks()) track.stop();
}
