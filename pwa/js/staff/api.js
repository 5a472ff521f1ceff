/**
 * The staff screens' API client: the session cookie goes with every request (same origin),
 * and every state-changing request carries the session's CSRF token in X-CSRFToken. The
 * token comes from the sign-in response or GET /auth/me; the shell hands it over with
 * setCsrfToken(). Errors are the residents' app's ApiError/OfflineError, so screens treat
 * both apps' failures alike. A 401 on any call means the session ended (timed out, signed
 * out elsewhere): onSessionEnded lets the shell show the sign-in form again.
 */
import { ApiError, OfflineError } from "../common/api.js";
import { language } from "../common/i18n.js";

const SAFE = new Set(["GET", "HEAD"]);
let csrfToken = null;
let sessionEnded = () => {};

export const setCsrfToken = (token) => { csrfToken = token || null; };
export const onSessionEnded = (callback) => { sessionEnded = callback; };

/** `path` with the page language added, so that errors come back in it. */
export function withLanguage(path) {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(language())}`;
}

async function send(method, path, body, accept) {
  const headers = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!SAFE.has(method) && csrfToken) headers["X-CSRFToken"] = csrfToken;
  try {
    return await fetch(withLanguage(path), {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new OfflineError("no connection");
  }
}

async function fail(response, path) {
  const data = await response.json().catch(() => null);
  const error = new ApiError(response.status, data);
  // The sign-in form answers its own 401s; any other 401 means the session is gone.
  if (response.status === 401 && !path.startsWith("/api/v1/auth/login")) sessionEnded(error);
  throw error;
}

/** fetch() a JSON endpoint; resolves to the parsed body (null for 204). */
export async function request(method, path, body) {
  const response = await send(method, path, body, "application/json");
  if (!response.ok) await fail(response, path);
  if (response.status === 204) return null;
  return response.json();
}

/** GET a file (CSV) as a Blob, with the filename the server suggested. */
export async function download(path) {
  const response = await send("GET", path, undefined, "text/csv, application/json");
  if (!response.ok) await fail(response, path);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), filename: match ? decodeURIComponent(match[1]) : "export.csv" };
}

/** The object screens receive as ctx.api. */
export const api = {
  get: (path) => request("GET", path),
  post: (path, body = {}) => request("POST", path, body),
  put: (path, body = {}) => request("PUT", path, body),
  patch: (path, body = {}) => request("PATCH", path, body),
  delete: (path) => request("DELETE", path),
  download,
};
