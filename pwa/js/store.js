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

/** {assessment_id, access_token, short_code, revision, byLang: {"zh-CN": result, en: result}}. */
export const loadResult = () => idb.get("result");
export const clearResult = () => idb.del("result");

/**
 * The kept record with `result` (as the API sent it, in `lang`) in it; `others` false drops
 * the other language's copy. `revision` counts changes made on the server to the kept result
 * (stop sharing), so that copies fetched before one are not kept after it.
 */
function withResult(previous, result, lang, accessToken, others = true) {
  const same = previous && previous.assessment_id === result.assessment_id;
  const { access_token: fromBody, short_code: code, ...body } = result;
  return {
    assessment_id: result.assessment_id,
    access_token: accessToken || fromBody || (same ? previous.access_token : null),
    short_code: code || (same ? previous.short_code : null) || null,
    revision: same ? previous.revision || 0 : 0,
    byLang: { ...(same && others ? previous.byLang : {}), [lang]: body },
  };
}

/** Keep `result` in place of any other, without dropping its other language's copy. */
export const saveResult = (result, lang, accessToken) =>
  idb.update("result", (previous) => withResult(previous, result, lang, accessToken));

/**
 * Add `result` in `lang` (another language's copy, its advice bodies), fetched when the kept
 * record was at `revision`, to the kept result of the same assessment. Nothing when the phone
 * no longer keeps that one (a download that ends after the resident deleted it, or opened
 * another, must not bring the old result back), or when it changed since (stop sharing). The
 * check and the write are one transaction: checked apart, a result opened in between was
 * overwritten by the old one (seen in the PostgreSQL run of the result personas' test).
 */
export const addToKeptResult = (result, lang, revision = 0) =>
  idb.update("result", (kept) => (kept?.assessment_id === result.assessment_id && (kept.revision || 0) === revision
    ? withResult(kept, result, lang) : undefined));

/**
 * The kept result changed on the server (the resident stopped sharing): its copy in `lang`
 * replaces every copy, because the other language's still says it is shared, and downloads
 * begun before are not kept. The result screen fetches the other language again while online.
 */
export const replaceKeptCopies = (result, lang) =>
  idb.update("result", (kept) => (kept?.assessment_id === result.assessment_id
    ? { ...withResult(kept, result, lang, null, false), revision: (kept.revision || 0) + 1 } : undefined));

/** A result sent while the resident was away opens first on their next visit (app.js). */
export const setResultUnseen = (unseen) => idb.update("result", (stored) =>
  (stored && Boolean(stored.unseen) !== unseen ? { ...stored, unseen } : undefined));

/** Keep the short code and QR (result/carry.js) with the result, for offline and print. */
export const saveShortCode = (assessmentId, shortCode) => idb.update("result", (stored) =>
  (stored?.assessment_id === assessmentId ? { ...stored, short_code: shortCode } : undefined));
