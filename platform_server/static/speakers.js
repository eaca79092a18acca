// The speakers, opened on the click that leads to a call, playing before the call connects.
//
// A browser opens its sound output when something first plays, and that can take a while (a
// sound device waking up; on the bench's machine Chromium's output started 0-2 s after it was
// asked for, varying call by call). Sound that arrives meanwhile piles up in the browser's
// jitter buffer, is played sped up once the output runs, and the browser's lip sync holds the
// advisor's picture back with it: measured, the picture then reached the customer's screen
// ~110 ms after the advisor's camera for the rest of the call, against 50-77 ms where the
// output already ran. So a silent AudioContext is started on the click (a user gesture:
// browsers allow sound then), the call's connection waits until it plays (`playing`, at most a
// few seconds), and it closes with the call.

/** Sound played that shows the output runs (a context whose device has not started stays at ~12 ms). */
const PLAYED_S = 0.05;
const POLL_MS = 25;
/** A context is "suspended" until its thread starts; longer means the browser refused sound. */
const STARTING_MS = 500;

export class Speakers {
  constructor() {
    this.context = null;
    this.waitedMs = null; // how long the last call's connection waited for them
  }

  /** On a click that asks for or answers a call. Idempotent; a browser without Web Audio is left as it is. */
  open() {
    if (this.context) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      this.context = new Context();
    } catch (error) {
      console.info("could not open the speakers early:", error.name);
      return;
    }
    this.context.resume().catch(() => {});
  }

  /**
   * Resolves once the output plays (its clock moves), or after `withinMs`; at once where the
   * speakers are not open or the browser refused sound without a click.
   */
  async playing(withinMs) {
    const context = this.context;
    const started = performance.now();
    while (context && context === this.context) {
      const waited = performance.now() - started;
      if (context.currentTime >= PLAYED_S || waited >= withinMs) break;
      if (context.state !== "running" && waited >= STARTING_MS) break; // refused, or closed
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    this.waitedMs = Math.round(performance.now() - started);
  }

  /** Once no call is asked for, ringing or running. */
  close() {
    if (!this.context) return;
    this.context.close().catch(() => {});
    this.context = null;
  }

  /** For the test hook: "running", "suspended" (the browser refused sound) or "closed". */
  get state() {
    return this.context ? this.context.state : "closed";
  }
}
