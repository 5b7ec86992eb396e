// The outbox of reports (classic script, shared by the pages and the service
// worker). A report is kept here, photos and voice note included, in
// IndexedDB before it is sent, and stays until the server has it: written
// without signal, it goes by itself when the network returns (Background Sync
// where the browser has it, and on every start of the app and every "online"
// event). Each draft carries
// an idempotency key the server honours, so sending it again after a lost
// answer never files a second report. The form being typed is kept here too.
(function (scope) {
  "use strict";
  if (scope.xasoOutbox) return;

  const DB_NAME = "xaso";
  const OUTBOX = "outbox"; // queued reports, by key
  const DRAFTS = "drafts"; // the form being typed, by commune and person
  const LOCK = "xaso-outbox";
  const CHANNEL = "xaso-outbox";
  const UPLOAD = "/reports/upload";
  // As the server checks them (reports::photos, reports::model).
  const MAX_PHOTOS = 4;
  const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
  const MAX_VOICE_BYTES = 1024 * 1024; // reports::voice
  const KEY = /^[A-Za-z0-9_-]{16,64}$/;
  const FIELDS = ["category", "description", "village", "latitude", "longitude", "hide_name", "urgent"];

  let opening = null;
  function open() {
    opening ||= new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: "key" });
        if (!db.objectStoreNames.contains(DRAFTS)) db.createObjectStore(DRAFTS, { keyPath: "id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opening;
  }

  // One transaction; resolves once it is committed (durably where the browser
  // lets us ask), so that "saved" is only ever said of what is on disk.
  async function transact(store, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode, { durability: "strict" });
      let result;
      const request = work(tx.objectStore(store));
      if (request) request.onsuccess = () => (result = request.result);
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
    });
  }

  const get = (store, id) => transact(store, "readonly", (s) => s.get(id));
  const all = (store) => transact(store, "readonly", (s) => s.getAll());
  const put = (store, value) => transact(store, "readwrite", (s) => s.put(value));
  const remove = (store, id) => transact(store, "readwrite", (s) => s.delete(id));

  function newKey() {
    if (scope.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // What is wrong with a draft read back from the device (an old version, a
  // damaged store, a photo too large), or null. Such a draft is never sent.
  function problem(draft) {
    if (!draft || typeof draft !== "object") return "corrupt";
    if (typeof draft.key !== "string" || !KEY.test(draft.key)) return "corrupt";
    if (typeof draft.commune !== "string" || !/^\d{1,6}$/.test(draft.commune)) return "corrupt";
    if (!draft.fields || typeof draft.fields !== "object") return "corrupt";
    for (const name of FIELDS) if (typeof (draft.fields[name] ?? "") !== "string") return "corrupt";
    if (!Array.isArray(draft.photos) || draft.photos.length > MAX_PHOTOS) return "too-large";
    for (const photo of draft.photos) {
      if (!(photo instanceof Blob)) return "corrupt";
      if (photo.size > MAX_PHOTO_BYTES) return "too-large";
    }
    if (draft.voice != null) {
      if (!(draft.voice instanceof Blob)) return "corrupt";
      if (draft.voice.size > MAX_VOICE_BYTES) return "too-large";
    }
    return null;
  }

  function announce(message) {
    try {
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage(message);
      channel.close();
    } catch {
      // No BroadcastChannel: pages look again on their next start.
    }
  }

  // Sends one draft and records what happened to it. Returns the outcome:
  // "sent" (with the code), "waiting" (no network or the server is
  // unavailable: it is kept for later), or a reason it is held back.
  async function send(draft) {
    const wrong = problem(draft);
    if (wrong) {
      if (draft && typeof draft.key === "string") await put(OUTBOX, { ...draft, state: wrong, message: "" });
      announce({ type: "changed" });
      return { outcome: wrong };
    }
    const form = new FormData();
    form.append("commune", draft.commune);
    for (const name of FIELDS) form.append(`report[${name}]`, draft.fields[name] || "");
    form.append("idempotency_key", draft.key);
    form.append("owner", draft.owner || "");
    for (const photo of draft.photos) form.append("photos", photo, "photo.jpg");
    if (draft.voice) form.append("voice", draft.voice, draft.voice.type.includes("ogg") ? "voice.ogg" : "voice.webm");
    let response;
    try {
      response = await fetch(UPLOAD, {
        method: "POST",
        body: form,
        credentials: "same-origin",
        headers: { accept: "application/json" },
      });
    } catch {
      // No network, or the answer was lost on the way: the same key goes
      // again later and the server recognises it.
      await put(OUTBOX, { ...draft, state: "waiting", attempts: (draft.attempts || 0) + 1 });
      return { outcome: "waiting" };
    }
    let body = {};
    try {
      body = await response.json();
    } catch {
      body = {};
    }
    if (response.ok && body.code) {
      await remove(OUTBOX, draft.key);
      announce({ type: "sent", key: draft.key, code: body.code });
      return { outcome: "sent", code: body.code };
    }
    let state = "refused";
    if (response.status === 401) state = "sign-in";
    else if (response.status === 403 && JSON.stringify(body.error || "").includes("DraftOfAnotherAccount")) {
      state = "owner";
    } else if (response.status >= 500 || response.status === 429 || response.status === 408) {
      state = "waiting";
    }
    await put(OUTBOX, {
      ...draft,
      state,
      message: typeof body.message === "string" ? body.message : "",
      attempts: (draft.attempts || 0) + 1,
    });
    announce({ type: "changed" });
    return { outcome: state, message: body.message || "" };
  }

  // Runs `work` while holding the outbox, so that a page and the service
  // worker never send (or edit) the same draft at once.
  function exclusive(work) {
    if (scope.navigator && navigator.locks) return navigator.locks.request(LOCK, work);
    return work();
  }

  // Sends every draft that waits; stops at the first one that finds no
  // network. Resolves with how many still wait.
  function flush() {
    return exclusive(async () => {
      let waiting = 0;
      let offline = false;
      const drafts = (await all(OUTBOX)).sort((a, b) => (a.created_at || 0) - (b.created_at || 0));
      for (const draft of drafts) {
        if (draft.state && draft.state !== "waiting" && draft.state !== "sign-in") continue;
        if (offline) {
          waiting += 1;
          continue;
        }
        const { outcome } = await send(draft);
        if (outcome === "waiting") {
          waiting += 1;
          offline = true;
        }
      }
      if (drafts.length) announce({ type: "changed" });
      return waiting;
    });
  }

  // `02/12/2026 06:26` in Vietnam (UTC+7 all year), as the app writes times.
  function formatTime(ms) {
    const d = new Date(ms + 7 * 60 * 60 * 1000);
    const two = (n) => String(n).padStart(2, "0");
    return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  }

  scope.xasoOutbox = {
    CHANNEL,
    formatTime,
    MAX_PHOTOS,
    MAX_PHOTO_BYTES,
    newKey,
    problem,
    flush,
    exclusive,
    // Queues a draft (or replaces the queued one with the same key).
    queue: (draft) => put(OUTBOX, { state: "waiting", attempts: 0, message: "", ...draft, state: "waiting" }),
    // Sends one queued draft now.
    sendNow: (key) =>
      exclusive(async () => {
        const draft = await get(OUTBOX, key);
        return draft ? send(draft) : { outcome: "gone" };
      }),
    list: () => all(OUTBOX),
    get: (key) => get(OUTBOX, key),
    remove: (key) => exclusive(() => remove(OUTBOX, key)).then(() => announce({ type: "changed" })),
    saveTyping: (draft) => put(DRAFTS, draft),
    typing: (id) => get(DRAFTS, id),
    forgetTyping: (id) => remove(DRAFTS, id),
  };
  if (scope.dispatchEvent && typeof Event === "function" && scope.document) {
    scope.dispatchEvent(new Event("xaso-outbox"));
  }
})(self);
