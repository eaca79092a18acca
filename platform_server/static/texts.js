// German wording and formatting in one place, so the page speaks one consistent language.

export const PRESENCE_LABEL = {
  online: "Online",
  busy: "Im Gespräch",
  offline: "Offline",
};

export const BOOKING_STATE_LABEL = {
  requested: "Angefragt – wartet auf Bestätigung",
  confirmed: "Bestätigt",
  declined: "Abgelehnt",
  cancelled: "Storniert",
  in_call: "Gespräch läuft",
  completed: "Abgeschlossen",
  no_show: "Nicht wahrgenommen (verfallen)",
};

/** The call screen's status line, by the peer connection's state (plus our own `reconnecting`). */
export const CALL_STATUS_TEXT = {
  new: "Verbindung wird aufgebaut…",
  connecting: "Verbindung wird aufgebaut…",
  connected: "Verbunden · Ende-zu-Ende verschlüsselt",
  disconnected: "Verbindung unterbrochen – wird wiederhergestellt…",
  reconnecting: "Verbindung unterbrochen – wird wiederhergestellt…",
  failed: "Verbindung abgebrochen",
  closed: "Beendet",
};

/** The banner while a dropped connection is restored (docs/platform-api.md, "Reconnect"). */
export const RECONNECTING_BANNER_TEXT =
  "Verbindung unterbrochen – wird wiederhergestellt… Bitte bleiben Sie im Gespräch, Ihr Berater verbindet Sie neu.";

/** Under the advisor's name while their picture is away because of the drop. */
export const RECONNECTING_TILE_TEXT = "Verbindung wird wiederhergestellt…";

const END_REASON_TEXT = {
  bandwidth: "Die Verbindung war zu langsam, das Gespräch wurde automatisch beendet. Bitte versuchen Sie es erneut, sobald Ihre Verbindung besser ist.",
  unverified: "Das Gespräch wurde abgebrochen, weil der Bestätigungscode oder der Sicherheitscode nicht bestätigt wurde.",
  no_answer: "Der Anruf wurde nicht angenommen.",
  error: "Die Verbindung ist abgebrochen.",
  booked_end: "Die gebuchte Gesprächszeit ist abgelaufen.",
};

/**
 * Why a call ended, in one sentence; `by` is "advisor" | "customer" | "platform" | null, `kind`
 * the call's kind when known. A booked call ended for bandwidth keeps its appointment: the
 * platform returns the booking to `confirmed` and the advisor can call again.
 */
export function endReasonText(reason, by, advisorName, kind = null) {
  if (reason === "bandwidth" && kind === "booked") {
    return `Die Verbindung war zu langsam, das Gespräch wurde automatisch beendet. Ihr Termin bleibt bestehen: ${advisorName} kann Sie erneut anrufen.`;
  }
  if (reason === "hangup" || reason === "abuse") {
    if (by === "customer") return "Sie haben aufgelegt.";
    if (by === "advisor") return `${advisorName} hat das Gespräch beendet.`;
    return "Das Gespräch wurde beendet.";
  }
  return END_REASON_TEXT[reason] || null;
}

export const ERROR_CODE_TEXT = {
  conflict: "Das ist gerade nicht möglich (der Zustand hat sich geändert).",
  forbidden: "Dafür fehlt die Berechtigung.",
  not_found: "Nicht gefunden.",
  rate_limited: "Zu viele Versuche – bitte warten Sie einen Moment.",
  invalid_request: "Bitte prüfen Sie Ihre Angaben.",
  network: "Keine Verbindung zur Plattform. Bitte prüfen Sie Ihre Internetverbindung.",
};

const dateTimeFormat = new Intl.DateTimeFormat("de-DE", {
  weekday: "short",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** An ISO UTC timestamp shown in the browser's own time zone, e.g. "Sa., 21.11.2026, 10:30". */
export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : `${dateTimeFormat.format(date)} Uhr`;
}

/** Seconds as a call timer: "4:07" or "1:02:09". */
export function formatTimer(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** Seconds in words: "1 Min. 23 Sek." */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  const minutes = Math.floor(s / 60);
  const seconds = s % 60;
  return minutes ? `${minutes} Min. ${seconds} Sek.` : `${seconds} Sek.`;
}

/** A readable sentence for an ApiError (or any error) to show the customer. */
export function describeError(error) {
  if (error && error.code === "invalid_request" && Array.isArray(error.details) && error.details.length) {
    return `${ERROR_CODE_TEXT.invalid_request} (${error.details.map(detailText).join("; ")})`;
  }
  if (error && ERROR_CODE_TEXT[error.code]) return ERROR_CODE_TEXT[error.code];
  return (error && error.message) || "Unbekannter Fehler.";
}

function detailText(detail) {
  if (typeof detail === "string") return detail;
  if (detail && typeof detail === "object") {
    const where = detail.field || detail.loc || "";
    return [Array.isArray(where) ? where.join(".") : where, detail.message || detail.msg]
      .filter(Boolean)
      .join(": ");
  }
  return String(detail);
}

/**
 * The advisor's app sends its `notice` messages as a code with whole-number parameters
 * (docs/platform-api.md, "Notices"; the codes are `network/notices.py`'s). The page words them in
 * German, the same German as the app's own (resources/translations/advisor_app_de.ts, context
 * CallQuality). `{name}` stands for a parameter.
 */
const NOTICE_GERMAN = {
  video_paused: "Video pausiert: Verbindung zu langsam.",
  video_back: "Das Video ist zurück: Die Verbindung hat sich erholt.",
  full_video_again: "Wieder volles Video: Die Verbindung hat sich erholt.",
  connection_interrupted: "Verbindung unterbrochen: Sie wird wiederhergestellt.",
  connection_back: "Die Verbindung ist wieder da.",
  connection_recovered: "Die Verbindung hat sich erholt: Der Anruf geht weiter.",
  ending_too_slow: "Die Verbindung ist selbst für Ton zu langsam: Der Anruf endet gleich.",
  ending_connection_lost: "Verbindung verloren: Der Anruf endet, wenn sie nicht zurückkommt.",
  ended_too_slow: "Verbindung zu langsam: Der Anruf wurde beendet.",
  ended_connection_lost: "Verbindung {seconds} Sekunden lang verloren: Der Anruf wurde beendet.",
  code_unverified: "Der Sicherheitscode ließ sich nicht bestätigen: Jemand könnte mithören. Der Anruf wurde beendet.",
};

/** The notices that count down: their `seconds` follow in brackets, as in the app. */
const COUNTING_DOWN = new Set(["ending_too_slow", "ending_connection_lost"]);

/**
 * A notice of the advisor's app in German: `{code, params}` as the control channel carries it;
 * null for a code this page does not know (a newer app), which is then not shown.
 */
export function noticeText(notice) {
  if (!notice || !Object.hasOwn(NOTICE_GERMAN, notice.code)) return null;
  const params = notice.params || {};
  const text = NOTICE_GERMAN[notice.code].replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
  return COUNTING_DOWN.has(notice.code) && Number.isInteger(params.seconds)
    ? `${text} (${params.seconds} s)`
    : text;
}
