/**
 * Finished submissions wait here until the server has them, exactly once.
 *
 * A submission is written to IndexedDB *before* the first attempt, so a closed tab or a dead
 * network loses nothing. It is replayed when the page loads, when the browser says it is back
 * online, when the service worker starts (sw.js) and on Background Sync where a browser has
 * it (not Safari, Firefox or WeChat's in-app browser, hence the other three). Replays can
 * overlap (page and service worker, two tabs): that is safe because the body keeps its
 * client_id, and the API answers a repeated client_id with the stored result instead of
 * storing again. While the page stays open, a send that failed for a passing reason (no
 * answer, or the server busy or its database down: 5xx with Retry-After) is tried again
 * after the wait the server asked for, because none of the triggers above may come soon on a
 * phone that never went offline.
 */
import * as idb from "./common/idb.js";
import { ApiError, OfflineError, TimeoutError, postJson } from "./common/api.js";
import { saveResult, setResultUnseen } from "./store.js";

const PREFIX = "outbox:";
export const events = new EventTarget();
// A send with no answer after this long is given up and stays queued: the server stores a
// submission in well under a second, so 15 s means the network, not the server, is stuck.
export const SEND_TIMEOUT_MS = 15000;
/** Why the last attempt did not get through: "offline", "timeout" or "busy" (sending.js). */
export let lastProblem = null;

/** A random client_id: crypto.randomUUID exists only in secure contexts on recent browsers. */
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const pending = () => idb.values(PREFIX);

/** Keep a submission on the device and ask for a Background Sync where there is one. */
export async function enqueue(body) {
  await idb.set(PREFIX + body.client_id, { body, queued_at: Date.now(), error: null });
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register("outbox");
  } catch { /* no Background Sync: the other replay triggers cover it */ }
}

function notify(type, detail) {
  events.dispatchEvent(new CustomEvent(type, { detail }));
}

async function sendOne(entry) {
  const { body } = entry;
  try {
    const result = await postJson("/api/v1/assessments", body, { lang: body.language, timeout: SEND_TIMEOUT_MS });
    await saveResult(result, body.language);
    await setResultUnseen(true);  // seen once the result screen shows it
    lastProblem = null;
    await idb.del(PREFIX + body.client_id);
    notify("sent", result);
    return true;
  } catch (error) {
    if (error instanceof OfflineError || (error instanceof ApiError && error.retryable)) {
      lastProblem = error instanceof TimeoutError ? "timeout" : error instanceof OfflineError ? "offline" : "busy";
      notify("waiting", entry);
      retryLater(error.retryAfter);
      return false;
    }
    // refused (invalid answers, questionnaire changed): keep it and say so, never drop it
    const failed = { ...entry, error: { status: error.status, code: error.code,
      message: error.message, details: error.details || {} } };
    await idb.set(PREFIX + body.client_id, failed);
    notify("failed", failed);
    return false;
  }
}

let flushing = null;
let retryTimer = null;
const DEFAULT_RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 300;

/** Try again after `seconds` (one timer at a time; an earlier flush makes it moot). */
function retryLater(seconds) {
  clearTimeout(retryTimer);
  const wait = Math.min(seconds || DEFAULT_RETRY_SECONDS, MAX_RETRY_SECONDS);
  retryTimer = setTimeout(() => { retryTimer = null; flush(); }, wait * 1000);
}

/** Try to send everything waiting; one run at a time per page. Resolves to the count left. */
export function flush() {
  flushing ||= (async () => {
    for (const entry of await pending()) {
      if (!entry.error && !(await sendOne(entry))) break;  // offline: the rest would fail too
    }
    return (await pending()).length;
  })().finally(() => { flushing = null; });
  return flushing;
}

/** Drop a refused submission (after the resident has been told and its answers restored). */
export const discard = (clientId) => idb.del(PREFIX + clientId);
