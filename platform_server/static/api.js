// REST client for the platform (docs/platform-api.md): guest session, tokens, refresh on 401.

const STORAGE_KEY = "videoberatung.customer.v1";

/** An error the platform answered with ({error: {code, message, details}}) or a network failure. */
export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function randomToken(bytes) {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return Array.from(buffer, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The customer's session with the platform. On first visit it registers a guest account with a
 * random e-mail and password kept in localStorage, so a reload keeps the same customer (and so
 * the same bookings). Access tokens live in memory only; the rotating refresh token is stored.
 */
export class PlatformApi {
  constructor({ base = "/api/v1", storage = window.localStorage } = {}) {
    this.base = base;
    this.storage = storage;
    this.accessToken = null;
    this.account = null;
    this.refreshing = null;
  }

  /** Signs in (refresh token → password → new guest registration) and returns the Account. */
  async ensureSession() {
    const saved = this.loadSaved();
    if (saved && saved.refresh_token) {
      try {
        await this.refresh();
        return this.account;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500 || error.code === "network") throw error;
      }
    }
    if (saved && saved.email && saved.password) {
      try {
        this.adopt(await this.call("POST", "/auth/login", { email: saved.email, password: saved.password }));
        return this.account;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
      }
    }
    const email = `guest-${randomToken(8)}@customer.example`;
    const password = randomToken(18);
    this.save({ email, password, refresh_token: null });
    this.adopt(await this.call("POST", "/customers", { email, password }));
    return this.account;
  }

  /** Authorised request; one transparent refresh-and-retry when the access token expired. */
  async request(method, path, body) {
    try {
      return await this.call(method, path, body, this.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      await this.refreshOrSignIn();
      return this.call(method, path, body, this.accessToken);
    }
  }

  /** A fresh access token, e.g. for the WebSocket hello after a 4401 close. */
  async refreshOrSignIn() {
    try {
      await this.refresh();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      await this.ensureSession();
    }
    return this.accessToken;
  }

  refresh() {
    // One refresh at a time: the refresh token rotates, a second parallel use would fail.
    if (!this.refreshing) {
      const saved = this.loadSaved();
      this.refreshing = this.call("POST", "/auth/refresh", { refresh_token: saved ? saved.refresh_token : "" })
        .then((tokens) => this.adopt(tokens))
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  adopt(tokens) {
    this.accessToken = tokens.access_token;
    this.account = tokens.account;
    this.save({ ...(this.loadSaved() || {}), refresh_token: tokens.refresh_token });
    // Renew a little before expiry, so requests rarely meet a 401 (which stays the fallback).
    clearTimeout(this.renewTimer);
    const lifetime = Number(tokens.expires_in) || 0;
    if (lifetime > 0) {
      this.renewTimer = setTimeout(() => {
        this.refresh().catch((error) => console.info("early token renewal failed:", error.code || error.message));
      }, lifetime * 800);
    }
  }

  loadSaved() {
    try {
      return JSON.parse(this.storage.getItem(STORAGE_KEY) || "null");
    } catch {
      return null;
    }
  }

  save(value) {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(value));
  }

  async call(method, path, body, token) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (error) {
      throw new ApiError(0, "network", String(error && error.message ? error.message : error));
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      const problem = (data && data.error) || {};
      throw new ApiError(
        response.status,
        problem.code || `http_${response.status}`,
        problem.message || response.statusText || "Fehler",
        problem.details || [],
      );
    }
    return data;
  }
}
