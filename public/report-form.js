// The report form, once JavaScript runs:
// - photos are shrunk on the phone (longest side at most 1,600 px, JPEG), so a
//   report costs little data on 3G;
// - what is typed (photos and the voice note included, /voice.js records it)
//   is kept on the phone as it is typed, and comes back when the form is
//   opened again;
// - a report is put in the outbox (IndexedDB, /outbox.js) before it is sent,
//   so that without signal it waits there and goes by itself later, exactly
//   once; with signal it goes at once and the report's page opens;
// - a refused report keeps what was typed and shows why;
// - "use my position" fills the place from the phone, and as category,
//   village and place are chosen the open reports of the same kind nearby are
//   shown (rendered by the server), so that the person can follow one instead
//   of filing the same problem again.
// Without JavaScript the same form posts as it is and the server shrinks the
// photos itself.
(() => {
  if (window.xasoReportForm) return; // once, however many times the page is opened
  window.xasoReportForm = true;

  const MAX_SIDE = 1600;
  const FIELDS = ["category", "description", "village", "latitude", "longitude", "hide_name", "urgent"];

  // /outbox.js comes with the page (see the app's `OutboxList`) and says when it is there.
  const outbox = () =>
    window.xasoOutbox
      ? Promise.resolve(window.xasoOutbox)
      : new Promise((resolve, reject) => {
          window.addEventListener("xaso-outbox", () => resolve(window.xasoOutbox), { once: true });
          setTimeout(() => reject(new Error("no outbox")), 5000);
        });

  async function shrink(file) {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.85));
      return blob && blob.size < file.size ? blob : file;
    } catch {
      // Not something the browser can draw: the server says what is wrong with it.
      return file;
    }
  }

  const texts = (form) => {
    try {
      return JSON.parse(form.dataset.texts || "{}");
    } catch {
      return {};
    }
  };
  const typingId = (form) => `${form.elements.commune.value}:${form.dataset.owner || ""}`;
  const editing = () => (location.hash.match(/^#draft=([A-Za-z0-9_-]{16,64})$/) || [])[1] || null;

  function fieldsOf(form) {
    const data = new FormData(form);
    const fields = {};
    for (const name of FIELDS) fields[name] = String(data.get(`report[${name}]`) || "");
    return fields;
  }

  function photoFiles(form) {
    const input = form.elements.photos;
    return input ? Array.from(input.files || []).filter((f) => f.size > 0) : [];
  }

  // Puts saved fields back, telling the place part (below) of each change.
  function fill(form, fields, photos, voice) {
    for (const name of FIELDS) {
      const element = form.elements[`report[${name}]`];
      if (!element) continue;
      if (element.type === "checkbox") element.checked = fields[name] === element.value;
      else element.value = fields[name] || "";
      element.dispatchEvent(new Event(element.type === "hidden" ? "input" : "change", { bubbles: true }));
    }
    const input = form.elements.photos;
    if (input && photos && photos.length && window.DataTransfer) {
      const files = new DataTransfer();
      photos.forEach((blob, i) =>
        files.items.add(new File([blob], blob.name || `photo-${i + 1}.jpg`, { type: blob.type || "image/jpeg" })),
      );
      input.files = files.files;
    }
    if (window.xasoVoice) window.xasoVoice.set(form, voice instanceof Blob ? voice : null);
  }

  function say(form, text, kind) {
    const notice = form.querySelector("[data-report-error]");
    notice.textContent = text;
    notice.classList.toggle("error", kind !== "info");
    notice.hidden = !text;
    if (text) notice.scrollIntoView({ block: "center" });
  }

  async function restore(form) {
    form.dataset.restored = "1";
    const t = texts(form);
    const box = await outbox().catch(() => null);
    if (!box) return;
    const key = editing();
    if (key) {
      const draft = await box.get(key);
      if (!draft || box.problem(draft) === "corrupt") {
        say(form, t.gone || "", "error");
        return;
      }
      form.dataset.draftKey = key;
      form.dataset.editing = "1";
      fill(form, draft.fields, draft.photos, draft.voice);
      say(form, t.editing || "", "info");
      return;
    }
    const saved = await box.typing(typingId(form));
    if (saved && saved.fields) {
      fill(form, saved.fields, saved.photos, saved.voice);
      say(form, (t.restored || "").replace("{t}", box.formatTime(saved.saved_at)), "info");
      const discard = form.querySelector("[data-discard-draft]");
      if (discard) discard.hidden = false;
    }
  }

  let saving = null;
  let unsaved = null; // the form whose latest change waits for its save
  async function saveTyping(form) {
    const box = await outbox().catch(() => null);
    if (!box) return;
    await box.saveTyping({
      id: typingId(form),
      fields: fieldsOf(form),
      photos: photoFiles(form),
      voice: form.xasoVoice || null,
      saved_at: Date.now(),
    });
  }
  // Sent or thrown away: a save still waiting must not bring the draft back.
  const dropPendingSave = () => {
    clearTimeout(saving);
    unsaved = null;
  };
  function keepTyping(form) {
    if (form.dataset.editing) return; // a queued report: saved when sent again
    clearTimeout(saving);
    unsaved = form;
    saving = setTimeout(() => {
      unsaved = null;
      saveTyping(form);
    }, 300);
  }
  // Leaving the page (or the phone hiding the app) right after a change:
  // save now rather than after the pause, which would never come.
  const saveNow = () => {
    if (!unsaved) return;
    clearTimeout(saving);
    const form = unsaved;
    unsaved = null;
    saveTyping(form);
  };
  window.addEventListener("pagehide", saveNow);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && saveNow());

  // The place: the phone's position, and the open reports nearby.
  function place(form) {
    const part = form.querySelector("[data-report-place]");
    if (!part) return;
    const button = part.querySelector("[data-locate]");
    const status = part.querySelector("[data-locate-status]");
    const nearby = part.querySelector("[data-nearby]");
    const field = (name) => form.elements[`report[${name}]`];
    if (navigator.geolocation) button.hidden = false;
    button.addEventListener("click", () => {
      status.textContent = part.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          field("latitude").value = position.coords.latitude.toFixed(6);
          field("longitude").value = position.coords.longitude.toFixed(6);
          status.textContent = part.dataset.found
            .replace("{lat}", field("latitude").value)
            .replace("{lon}", field("longitude").value);
          field("latitude").dispatchEvent(new Event("input", { bubbles: true }));
        },
        () => (status.textContent = part.dataset.failed),
      );
    });
    // Only the latest answer is shown, whatever order the answers come in.
    let asked = 0;
    const lookUp = async () => {
      const mine = ++asked;
      if (!field("category").value) return (nearby.innerHTML = "");
      const query = new URLSearchParams({ commune: form.elements.commune.value });
      for (const name of ["category", "village", "latitude", "longitude"]) query.set(name, field(name).value);
      try {
        const answer = await fetch(`${part.dataset.nearbyPath}?${query}`);
        const html = answer.ok ? await answer.text() : "";
        if (mine === asked) nearby.innerHTML = html;
      } catch {
        // No signal: nothing to offer, the form works anyway.
        if (mine === asked) nearby.innerHTML = "";
      }
    };
    form.addEventListener("change", (event) => {
      if (event.target === field("category") || event.target === field("village")) lookUp();
    });
    form.addEventListener("input", (event) => {
      if (event.target === field("latitude") || event.target === field("longitude")) lookUp();
    });
  }

  function scan() {
    document.querySelectorAll("form[data-report-form]:not([data-restored])").forEach((form) => {
      place(form);
      restore(form);
    });
  }
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form[data-report-form]");
    if (form && event.isTrusted) keepTyping(form);
  });
  document.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest("form[data-report-form]");
    if (form && event.isTrusted) keepTyping(form);
  });
  // A voice note recorded or removed (/voice.js).
  document.addEventListener("xaso-voice", (event) => {
    const form = event.target.closest && event.target.closest("form[data-report-form]");
    if (form) keepTyping(form);
  });
  document.addEventListener("click", async (event) => {
    const button = event.target.closest && event.target.closest("[data-discard-draft]");
    if (!button) return;
    const form = button.closest("form[data-report-form]");
    dropPendingSave();
    const box = await outbox();
    await box.forgetTyping(typingId(form));
    form.reset();
    fill(form, Object.fromEntries(FIELDS.map((n) => [n, ""])), [], null);
    button.hidden = true;
    say(form, "", "info");
  });

  const voiceName = (voice) => (voice.type.includes("ogg") ? "voice.ogg" : "voice.webm");

  // Without an outbox: the form as it is, photos shrunk, with its key.
  async function sendDirect(form, photos, key, t) {
    const data = new FormData(form);
    data.delete("photos");
    for (const photo of photos) data.append("photos", photo, "photo.jpg");
    if (form.xasoVoice) data.set("voice", form.xasoVoice, voiceName(form.xasoVoice));
    if (key) data.append("idempotency_key", key);
    const response = await fetch(form.action, {
      method: "POST",
      body: data,
      headers: { accept: "application/json" },
    });
    const body = await response.json();
    if (response.ok) {
      window.location.assign(`/reports/${encodeURIComponent(body.code)}?done=report-filed`);
      return;
    }
    if (key) form.dataset.draftKey = key;
    say(form, body.message || t.refused || "", "error");
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-report-form]");
    if (!form || event.defaultPrevented) return;
    event.preventDefault();
    const t = texts(form);
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    button.disabled = true;
    button.textContent = form.dataset.sending || label;
    say(form, "", "info");
    try {
      const box = await outbox().catch(() => null);
      const files = photoFiles(form);
      if (!box) return await sendDirect(form, files, "", t);
      if (files.length > box.MAX_PHOTOS) return say(form, t.too_many || "", "error");
      const photos = [];
      for (const file of files) photos.push(await shrink(file));
      if (photos.some((p) => p.size > box.MAX_PHOTO_BYTES)) return say(form, t.too_large || "", "error");
      const category = form.elements["report[category]"];
      const key = form.dataset.draftKey || box.newKey();
      const fields = fieldsOf(form);
      // On the phone first: from here on nothing typed can be lost. A browser
      // that keeps nothing (no IndexedDB) sends it straight away instead.
      const queued = await box
        .queue({
          key,
          owner: form.dataset.owner || "",
          commune: form.elements.commune.value,
          fields,
          photos,
          voice: form.xasoVoice || null,
          summary: {
            category: category.selectedIndex > 0 ? category.options[category.selectedIndex].text : "",
            excerpt: fields.description.slice(0, 120),
          },
          created_at: Date.now(),
        })
        .then(() => true, () => false);
      if (!queued) return await sendDirect(form, photos, key, t);
      dropPendingSave();
      await box.forgetTyping(typingId(form));
      const result = await box.sendNow(key);
      if (result.outcome === "sent") {
        window.location.assign(`/reports/${encodeURIComponent(result.code)}?done=report-filed`);
        return;
      }
      if (result.outcome === "waiting") {
        // No network: the report waits in "My reports" and goes by itself.
        const reg = navigator.serviceWorker && (await navigator.serviceWorker.getRegistration().catch(() => null));
        if (reg && reg.sync) await reg.sync.register("xaso-outbox").catch(() => {});
        sessionStorage.setItem("xaso-queued", key);
        window.location.assign("/reports?mine=1");
        return;
      }
      if (result.outcome === "refused") {
        // The server said what is wrong: fix it here and send again (same key).
        await box.remove(key);
        form.dataset.draftKey = key;
        keepTyping(form);
        return say(form, result.message || t.refused || "", "error");
      }
      // Kept, but it needs the person to sign in (again, or as its writer).
      return say(form, t[`state_${result.outcome.replace("-", "_")}`] || result.message || "", "error");
    } catch (error) {
      console.warn("report not queued", error);
      say(form, form.dataset.offline || "", "error");
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
})();
