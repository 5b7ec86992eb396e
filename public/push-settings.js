// Push notifications on this phone (the account page's `[data-push-settings]`):
// asks the browser for permission, subscribes with the server's VAPID key, and
// sends the chosen topics to the server; or turns them off. On an iPhone
// outside the installed app, where Safari cannot push, it shows how to add the
// app to the home screen. Its words come translated from the page.
(() => {
  if (window.xasoPushSettings) return;
  window.xasoPushSettings = true;

  // base64url → bytes, for `applicationServerKey`.
  function bytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  const isIos = () =>
    /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const installed = () => matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;

  async function post(url, fields) {
    const response = await fetch(url, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
    if (!response.ok) throw new Error("the server answered " + response.status);
  }

  async function setup(section) {
    section.dataset.ready = "1";
    let t = {};
    try {
      t = JSON.parse(section.dataset.texts || "{}");
    } catch {
      t = {};
    }
    const status = section.querySelector("[data-push-status]");
    const form = section.querySelector("[data-push-form]");
    const save = section.querySelector("[data-push-save]");
    const off = section.querySelector("[data-push-off]");
    const show = (text) => (status.textContent = text || "");

    if (isIos() && !installed()) {
      section.querySelector("[data-push-ios]").hidden = false;
      status.hidden = true;
      return;
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      return show(t.unsupported);
    }
    const reg = await navigator.serviceWorker.ready;
    let subscription = await reg.pushManager.getSubscription();
    let settings;
    try {
      const query = new URLSearchParams({ endpoint: subscription ? subscription.endpoint : "" });
      const response = await fetch(`${section.dataset.settingsUrl}?${query}`, { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error("settings " + response.status);
      settings = await response.json();
    } catch {
      return show(t.failed);
    }
    const on = (topics) => {
      form.elements.reports.checked = topics.reports;
      const choice = { None: "none", Urgent: "urgent", All: "all" }[topics.announcements] || "urgent";
      form.querySelector(`input[name=announcements][value=${choice}]`).checked = true;
      save.textContent = t.save || save.textContent;
      off.hidden = false;
    };
    form.hidden = false;
    if (subscription && settings.topics) {
      on(settings.topics);
      show(t.on);
    } else {
      show(Notification.permission === "denied" ? t.denied : t.off);
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        const permission = await Notification.requestPermission();
        if (permission !== "granted") return show(t.denied);
        subscription =
          (await reg.pushManager.getSubscription()) ||
          (await reg.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: bytes(settings.public_key),
          }));
        const json = subscription.toJSON();
        await post(section.dataset.subscribeUrl, {
          endpoint: json.endpoint,
          p256dh: (json.keys && json.keys.p256dh) || "",
          auth: (json.keys && json.keys.auth) || "",
          reports: form.elements.reports.checked ? "1" : "",
          announcements: new FormData(form).get("announcements") || "urgent",
        });
        const wasOn = !off.hidden;
        on({
          reports: form.elements.reports.checked,
          announcements: { none: "None", urgent: "Urgent", all: "All" }[new FormData(form).get("announcements")],
        });
        show(wasOn ? t.saved : t.on);
      } catch (error) {
        console.warn("push not turned on", error);
        show(t.failed);
      } finally {
        save.disabled = false;
      }
    });

    off.addEventListener("click", async () => {
      off.disabled = true;
      try {
        const current = await reg.pushManager.getSubscription();
        if (current) {
          await post(section.dataset.unsubscribeUrl, { endpoint: current.endpoint });
          await current.unsubscribe();
        }
        off.hidden = true;
        save.textContent = t.turn_on || save.textContent;
        show(t.off);
      } catch {
        show(t.failed);
      } finally {
        off.disabled = false;
      }
    });
  }

  const scan = () =>
    document.querySelectorAll("[data-push-settings]:not([data-ready])").forEach((section) => setup(section));
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
})();
