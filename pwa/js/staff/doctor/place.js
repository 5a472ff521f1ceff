/**
 * The doctor's place in the queue, kept across screens: the queue's filters and page (the
 * hash query, so the back link returns to the same list) and the ids it showed, in order, so
 * "save and next" opens the next resident of that list. Kept in sessionStorage (this tab only,
 * gone when it closes); ids only, never a name.
 */
const KEY = "zaoshai-queue-place";

export function remember(query, ids) {
  const seen = new Set(recall(query.toString())?.seen || []);
  ids.forEach((id) => seen.add(id));
  sessionStorage.setItem(KEY, JSON.stringify({ query: query.toString(), ids, seen: [...seen] }));
}

export function recall(query) {
  try {
    const place = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return place && (query === undefined || place.query === query) ? place : null;
  } catch {
    return null;
  }
}

/** The hash of the queue with the filters and page the doctor came from. */
export function backHash(from) {
  return `#/doctor/worklist${from ? `?${from}` : ""}`;
}

/** The hash of a resident's detail, carrying the queue's query so the way back keeps it. */
export function detailHash(id, from) {
  const query = from ? `?${new URLSearchParams({ from })}` : "";
  return `#/doctor/assessments/${encodeURIComponent(id)}${query}`;
}

/**
 * The resident after `id` in the list the doctor came from: the next id shown on that page,
 * or else the first one of the queue now (same filters) that this list has not shown yet
 * (the saved item may have left the queue or moved down, so the page is asked for again).
 */
export async function nextId(id, from, api) {
  const place = recall(from);
  if (place) {
    const at = place.ids.indexOf(id);
    if (at >= 0 && at + 1 < place.ids.length) return place.ids[at + 1];
  }
  const seen = new Set(place?.seen || [id]);
  const query = new URLSearchParams(from || "");
  query.delete("page"); // only the number shown; the cursors say where a page starts
  for (let tries = 0; tries < 5; tries += 1) {
    const data = await api.get(`/api/v1/doctor/worklist?${query}`);
    const fresh = data.items.map((i) => i.assessment_id).filter((x) => !seen.has(x) && x !== id);
    if (fresh.length) {
      remember(query, data.items.map((i) => i.assessment_id));
      return fresh[0];
    }
    if (!data.next) return null;
    query.delete("before");
    query.set("after", data.next);
  }
  return null;
}
