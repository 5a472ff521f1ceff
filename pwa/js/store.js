/**
 * What the resident's phone keeps, under fixed keys of the IndexedDB store:
 *   prefs             language, elder mode, text size, consent
 *   draft             answers in progress and the page they were on
 *   outbox:<client>   a finished submission not yet accepted by the server (see outbox.js)
 *   result            the last result in each language fetched, its id and access token
 * Nothing here is sent anywhere except by outbox.js and the result screen.
 */
import * as idb from "./common/idb.js";

export const DEFAULT_PREFS = { lang: null, elder: false, textSize: 1, consent: false };

export async function loadPrefs() {
  return { ...DEFAULT_PREFS, ...((await idb.get("prefs")) || {}) };
}

export const savePrefs = (prefs) => idb.set("prefs", prefs);

/** The answers in progress: {questionnaire_id, version, answers: {linkId: raw}, page}. */
export const loadDraft = () => idb.get("draft");
export const saveDraft = (draft) => idb.set("draft", { ...draft, updated_at: Date.now() });
export const clearDraft = () => idb.del("draft");

/** {assessment_id, access_token, short_code, byLang: {"zh-CN": result, en: result}}. */
export const loadResult = () => idb.get("result");
export const clearResult = () => idb.del("result");

/** Keep `result` (as the API sent it, in `lang`) without dropping the other language's copy. */
export async function saveResult(result, lang, accessToken) {
  const previous = await loadResult();
  const same = previous && previous.assessment_id === result.assessment_id;
  const { access_token: fromBody, short_code: code, ...body } = result;
  await idb.set("result", {
    assessment_id: result.assessment_id,
    access_token: accessToken || fromBody || (same ? previous.access_token : null),
    short_code: code || (same ? previous.short_code : null) || null,
    byLang: { ...(same ? previous.byLang : {}), [lang]: body },
  });
}

/**
 * Add `result` in `lang` (another language's copy, its advice bodies) to the kept result of
 * the same assessment. Nothing when the phone no longer keeps that one: a download that ends
 * after the resident deleted it, or opened another, must not bring the old result back.
 */
export async function addToKeptResult(result, lang) {
  const kept = await loadResult();
  if (kept?.assessment_id === result.assessment_id) await saveResult(result, lang);
}

/** A result sent while the resident was away opens first on their next visit (app.js). */
export async function setResultUnseen(unseen) {
  const stored = await loadResult();
  if (stored && Boolean(stored.unseen) !== unseen) await idb.set("result", { ...stored, unseen });
}

/** Keep the short code and QR (result/carry.js) with the result, for offline and print. */
export async function saveShortCode(assessmentId, shortCode) {
  const stored = await loadResult();
  if (stored?.assessment_id === assessmentId) await idb.set("result", { ...stored, short_code: shortCode });
}
