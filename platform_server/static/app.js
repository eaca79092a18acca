// Entry point: signs the guest in, wires the page parts to the REST API and the event socket,
// and exposes `window.customerTest` for automation.

import { AdvisorDirectory, initials, paintPresence } from "./advisors.js";
import { PlatformApi } from "./api.js";
import { BookingForm } from "./booking-form.js";
import { BookingList } from "./booking-list.js";
import { CallController } from "./call-controller.js";
import { CallView } from "./call-view.js";
import { byId, setMessage } from "./dom.js";
import { EventSocket } from "./events.js";
import { LiveRequestPanel } from "./live-request.js";
import { linkProfileFields } from "./profile.js";
import { Speakers } from "./speakers.js";
import { describeError } from "./texts.js";

const api = new PlatformApi();
const events = new EventSocket(api);
let pagePhase = "loading";

const directory = new AdvisorDirectory(api, {
  preselectId: new URLSearchParams(window.location.search).get("advisor"),
  onChange: (advisor) => showSelected(advisor),
});
const bookings = new BookingList(api, { advisorName: (id) => directory.nameOf(id) });
const speakers = new Speakers();
const calls = new CallController({
  api, events, view: new CallView(), directory, bookings, speakers, onPhase: () => followPhase(),
});
const live = new LiveRequestPanel(api, {
  onAccepted: (request) => calls.startLive(request),
  speakers,
  onPhase: () => followPhase(),
});
const bookingForm = new BookingForm(api, {
  selectedAdvisor: () => directory.selected(),
  onBooked: (booking) => bookings.upsert(booking),
});
linkProfileFields([
  { alias: byId("live-alias"), age: byId("live-age") },
  { alias: byId("booking-alias"), age: byId("booking-age") },
]);
setUpTabs();

function showSelected(advisor) {
  byId("selected-name").textContent = advisor ? advisor.display_name : "Bitte wählen";
  byId("selected-avatar").textContent = advisor ? initials(advisor.display_name) : "?";
  paintPresence(byId("selected-presence"), advisor ? advisor.presence : "offline");
  live.setAdvisor(advisor);
  bookingForm.setAdvisor(advisor);
}

/** Two tabs with the WAI-ARIA keyboard pattern (arrow keys move between them). */
function setUpTabs() {
  const tabs = [byId("tab-live"), byId("tab-booking")];
  const choose = (tab) => {
    for (const other of tabs) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      byId(other.getAttribute("aria-controls")).hidden = !chosen;
    }
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => choose(tab));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      choose(next);
      next.focus();
    });
  });
  if (new URLSearchParams(window.location.search).get("tab") === "booking") choose(tabs[1]);
  byId("live-book-instead").addEventListener("click", () => {
    choose(tabs[1]);
    byId("booking-alias").focus();
  });
}

function setLinkStatus(state, text) {
  const status = byId("link-status");
  status.dataset.state = state;
  status.textContent = text;
}

events.on("presence", (m) => directory.applyPresence(m.data));
events.on("call_request", (m) => live.handleEvent(m.data));
events.on("booking", (m) => bookings.upsert(m.data));
events.on("call", (m) => calls.handleCallEvent(m.data));
events.on("signal", (m) => calls.handleSignal(m));
events.on("error", (m) => console.info("platform refused a message:", m.code));
events.addEventListener("connected", () => {
  setLinkStatus("online", "Verbunden");
  live.setConnected(true);
  // Events sent while we were away are lost: fetch the current picture again.
  Promise.all([directory.load(), bookings.load(), live.resync()]).catch((error) => {
    console.info("refresh after reconnect failed:", error.code || error.message);
  });
});
events.addEventListener("disconnected", () => {
  setLinkStatus("offline", "Verbindung unterbrochen…");
  live.setConnected(false);
});
events.addEventListener("replaced", () => {
  setLinkStatus("offline", "In anderem Tab geöffnet");
  setMessage(
    byId("page-banner"),
    "Diese Seite ist in einem anderen Tab geöffnet. Bitte nutzen Sie den anderen Tab oder laden Sie diese Seite neu.",
    "warn",
  );
});

async function start() {
  try {
    await api.ensureSession();
    await Promise.all([directory.load(), bookings.load()]);
    events.start();
    pagePhase = "ready";
  } catch (error) {
    pagePhase = "error";
    setLinkStatus("offline", "Nicht verbunden");
    setMessage(byId("page-banner"), `Die Seite konnte nicht geladen werden. ${describeError(error)}`, "error");
    console.warn("start failed:", error.code || error.message);
  }
}

/** The phases in which a call is asked for, ringing or running: the speakers stay open. */
const CALLING = new Set(["sending", "waiting", "connecting", "in_call"]);

/**
 * Closes the speakers once no call is asked for or running. Checked after the task: an accepted
 * request shows its form again ("idle") just before the call starts ("connecting").
 */
function followPhase() {
  setTimeout(() => {
    if (!CALLING.has(phase())) speakers.close();
  }, 0);
}

/** The UI phase in one word, for the test hook and for the body's data-phase attribute. */
function phase() {
  if (pagePhase !== "ready") return pagePhase;
  if (calls.phase) return calls.phase;
  return live.phase;
}

window.customerTest = {
  state() {
    return {
      phase: phase(),
      socketOnline: events.online,
      accountId: api.account ? api.account.id : null,
      selectedAdvisorId: directory.selectedId,
      requestId: live.request ? live.request.id : null,
      speakers: speakers.state,
      speakersWaitedMs: speakers.waitedMs,
      bookings: [...bookings.bookings.values()].map((b) => ({ id: b.id, state: b.state, paid: b.paid })),
      ...calls.state(),
    };
  },
};

start();
