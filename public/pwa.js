// Registers the service worker and keeps it told of the page's language (the
// offline page it shows follows it); offers "Cập nhật" when a new release's
// worker is waiting, instead of mixing two releases in one page; asks the
// worker to send the reports that wait in the outbox when the app starts and
// when the network returns; and, offline, opens links as whole pages (which
// the worker has saved) rather than asking the server for their data.
if ("serviceWorker" in navigator) {
  const tellLanguage = (worker) => worker && worker.postMessage("lang:" + document.documentElement.lang);
  const flushOutbox = () => {
    const worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage("flush-outbox");
  };
  let updating = false;

  // The notice sits in every page (the layout), hidden until a worker waits.
  const offerUpdate = (reg) => {
    const notice = document.querySelector("[data-update-notice]");
    if (!notice || !reg.waiting || !navigator.serviceWorker.controller) return;
    notice.hidden = false;
    updating = true;
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-update-now]");
    if (!button) return;
    button.disabled = true;
    navigator.serviceWorker.getRegistration().then((reg) => {
      if (reg && reg.waiting) reg.waiting.postMessage("skip-waiting");
      else location.reload();
    });
  });
  // The new worker took over: load the page again from the new release.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (updating) location.reload();
  });

  navigator.serviceWorker
    .register("/sw.js")
    .then((reg) => {
      offerUpdate(reg);
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        if (!worker) return;
        worker.addEventListener("statechange", () => {
          if (worker.state === "installed") offerUpdate(reg);
        });
      });
      // A phone keeps the app open for days: look for a new release whenever it
      // comes back to the front.
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") reg.update().catch(() => {});
      });
      return navigator.serviceWorker.ready;
    })
    .then((reg) => {
      tellLanguage(reg.active);
      new MutationObserver(() => tellLanguage(reg.active)).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ["lang"],
      });
      flushOutbox();
    })
    .catch((error) => console.warn("service worker not registered", error));

  window.addEventListener("online", flushOutbox);
  navigator.serviceWorker.addEventListener("controllerchange", flushOutbox);

  // Offline, a link's data cannot be fetched, but the page itself may be
  // saved: open it whole (before the app's router sees the click).
  window.addEventListener(
    "click",
    (event) => {
      if (navigator.onLine || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target.closest && event.target.closest("a[href]");
      if (!link || link.target || link.hasAttribute("download")) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      location.assign(url.href);
    },
    true,
  );
}
