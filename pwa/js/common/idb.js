/**
 * A small IndexedDB key-value store (one database, one object store). IndexedDB rather than
 * localStorage because the service worker must read the same data (the outbox) and
 * localStorage does not exist there; sw.js opens the same database with the same names.
 * Shared with the staff screens.
 */

export const DB_NAME = "zaoshai";
export const STORE = "kv";
const DB_VERSION = 1;

let opening = null;

function open() {
  opening ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => {
      const db = request.result;
      // another tab or a new service worker upgrading the schema must not be blocked by us
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    request.onerror = () => { opening = null; reject(request.error); };
  });
  return opening;
}

/** Run one request in its own transaction; resolves when the transaction has committed. */
async function run(mode, makeRequest) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = makeRequest(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

export const get = (key) => run("readonly", (store) => store.get(key));
export const set = (key, value) => run("readwrite", (store) => store.put(value, key));
export const del = (key) => run("readwrite", (store) => store.delete(key));

/**
 * Replace the value under `key` by `change(previous)` in one transaction, so that two writers
 * (a screen and a late background download) cannot both read the old value and the later
 * overwrite the earlier. `change` returns undefined to leave the value as it is.
 */
export async function update(key, change) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const reading = store.get(key);
    reading.onsuccess = () => {
      const next = change(reading.result);
      if (next !== undefined) store.put(next, key);
    };
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

/** Every value whose key starts with `prefix` ("outbox:" …), in key order. */
export function values(prefix) {
  const range = IDBKeyRange.bound(prefix, prefix + "\uffff");
  return run("readonly", (store) => store.getAll(range));
}
