/**
 * The API client: JSON in and out, the language on every request, and two kinds of failure
 * the screens treat differently: OfflineError (no answer at all: keep the data and retry
 * later) and ApiError (the server answered and said no: show its translated message).
 * Shared with the staff screens.
 */
import { language } from "./i18n.js";

export class OfflineError extends Error {}

/** No answer within the time allowed: handled as offline (kept, retried), said differently. */
export class TimeoutError extends OfflineError {}

export class ApiError extends Error {
  constructor(status, body, retryAfter = null) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code;
    this.details = error.details || {};
    /** Seconds the server asked us to wait (Retry-After), or null. */
    this.retryAfter = Number.parseInt(retryAfter, 10) || null;
  }

  /** Worth retrying later: the server is busy or down, not refusing this request. */
  get retryable() {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

function withLanguage(path, lang) {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(lang || language())}`;
}

/** fetch() a JSON endpoint; resolves to the parsed body (null for 204). */
/**
 * `timeout` (ms): give up on a request that hangs (a network that takes the request and never
 * answers, common on crowded mobile cells) instead of waiting for the browser's minutes.
 */
export async function request(method, path, { body, token, lang, cache, timeout } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const controller = timeout ? new AbortController() : null;
  const timer = timeout ? setTimeout(() => controller.abort(), timeout) : null;
  let response;
  let data = null;
  try {
    response = await fetch(withLanguage(path, lang), {
      method, headers, cache, signal: controller?.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    data = await response.json().catch(() => null);
  } catch {
    if (controller?.signal.aborted) throw new TimeoutError("no answer in time");
    throw new OfflineError("no connection");
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new ApiError(response.status, data, response.headers.get("Retry-After"));
  return data;
}

export const getJson = (path, options) => request("GET", path, options);
export const postJson = (path, body, options) => request("POST", path, { ...options, body });
export const deleteJson = (path, options) => request("DELETE", path, options);
