// The platform's event + signalling WebSocket (`/api/v1/ws`): hello, events, reconnect.

const PING_EVERY_MS = 25000;
// How often the socket looks for a fresh access token to move onto (`renew`): the platform
// closes it (4401) when the token it rests on expires; api.js refreshes well before that.
const RENEW_CHECK_MS = 10000;
const MAX_BACKOFF_MS = 15000;

/**
 * Keeps one authenticated socket open and hands every server message to listeners by type.
 * Dispatches "connected" (after each welcome), "disconnected" and "replaced" (another tab of the
 * same customer took over: we stop reconnecting, as the platform keeps only the newest socket).
 */
export class EventSocket extends EventTarget {
  constructor(api, url = defaultUrl()) {
    super();
    this.api = api;
    this.url = url;
    this.socket = null;
    this.backoffMs = 1000;
    this.pingTimer = null;
    this.stopped = false;
    this.online = false;
    this.pingId = 0;
    this.needsFreshToken = false;
    this.serverOffsetMs = 0; // the platform's clock minus ours, from the last welcome
  }

  /** The platform's time now, as far as the page knows it (its rules run on that clock). */
  platformNow() {
    return new Date(Date.now() + this.serverOffsetMs);
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    if (this.socket) this.socket.close(1000);
  }

  /** Listens for one server message type ("booking", "signal", …) with its parsed message. */
  on(type, handler) {
    this.addEventListener(`message:${type}`, (event) => handler(event.detail));
  }

  /** Sends a JSON message; returns false when the socket is not open (caller decides what to do). */
  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.online) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  open() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ type: "hello", access_token: this.api.accessToken }));
    });
    socket.addEventListener("message", (event) => this.receive(socket, event.data));
    socket.addEventListener("close", (event) => this.closed(socket, event.code));
  }

  receive(socket, raw) {
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      console.info("ignored a non-JSON socket message");
      return;
    }
    if (!message || typeof message.type !== "string") return;
    if (message.type === "welcome") {
      const serverTime = Date.parse(message.server_time);
      if (Number.isFinite(serverTime)) this.serverOffsetMs = serverTime - Date.now();
      this.online = true;
      this.backoffMs = 1000;
      this.startPings(socket);
      this.startRenewing(socket);
      this.dispatchEvent(new CustomEvent("connected", { detail: message }));
      return;
    }
    if (message.type === "renewed") return;
    if (message.type === "error" && message.code === "not_authenticated") {
      this.needsFreshToken = true;
      return;
    }
    this.dispatchEvent(new CustomEvent(`message:${message.type}`, { detail: message }));
  }

  async closed(socket, code) {
    if (socket !== this.socket) return;
    const wasOnline = this.online;
    this.online = false;
    clearInterval(this.pingTimer);
    clearInterval(this.renewTimer);
    if (wasOnline) this.dispatchEvent(new Event("disconnected"));
    if (code === 4409) {
      this.dispatchEvent(new Event("replaced"));
      return;
    }
    if (this.stopped) return;
    // 4401: the token expired or was refused; 4403: the session was signed out or revoked.
    if (code === 4401 || code === 4403 || this.needsFreshToken) {
      this.needsFreshToken = false;
      try {
        await this.api.refreshOrSignIn();
      } catch (error) {
        console.info("could not renew the session yet:", error.code || error.message);
      }
    }
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    setTimeout(() => {
      if (!this.stopped) this.open();
    }, delay);
  }

  startRenewing(socket) {
    clearInterval(this.renewTimer);
    let token = this.api.accessToken;
    this.renewTimer = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN || this.api.accessToken === token) return;
      token = this.api.accessToken;
      socket.send(JSON.stringify({ type: "renew", access_token: token }));
    }, RENEW_CHECK_MS);
  }

  startPings(socket) {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) {
        this.pingId += 1;
        socket.send(JSON.stringify({ type: "ping", id: this.pingId }));
      }
    }, PING_EVERY_MS);
  }
}

function defaultUrl() {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/api/v1/ws`;
}
