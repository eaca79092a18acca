// Telling the platform that this side ended a call, until it has it (docs/platform-api.md,
// "Heartbeats and billing"): the report carries the second the customer decided, so a report
// that gets through late is still billed to that second, and the platform takes it only once.

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15000;
/** Answers that a retry cannot change: the report was understood and refused, or is not ours. */
const FINAL_STATUSES = new Set([400, 403, 404, 422]);

/**
 * POST /calls/{id}/hangup {reason, at} with backoff until the platform acknowledges it; resolves
 * with the platform's Call record, or null when it refused the report for good.
 * `sleep(ms)` is injectable for tests of the page logic.
 */
export async function reportHangup(api, callId, reason, at, sleep = defaultSleep) {
  let delay = FIRST_RETRY_MS;
  for (;;) {
    try {
      return await api.request("POST", `/calls/${callId}/hangup`, { reason, at });
    } catch (error) {
      if (FINAL_STATUSES.has(error.status)) {
        console.warn("hang-up report refused:", error.code || error.message);
        return null;
      }
      console.info(`hang-up report not acknowledged (${error.code || error.message}); again in ${delay} ms`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
}

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
