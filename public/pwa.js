// Registers the service worker and keeps it told of the page's language (the
// offline page it shows follows it); offers "Cập nhật" when a new release's
// worker is waiting, instead of mixing two releases in one page; asks the
// worker to send the reports that wait in the outbox when the app starts and
// when the network returns; and, without signal, says that a page shows what
// the phone saved, and from when; when the worker showed a saved page because
// the network was slow, offers the newer one once it has arrived.
{
  const savedNotices = () => {
    for (const notice of document.querySelectorAll("[data-saved-data]")) notice.hidden = navigator.onLine;
  };
  window.addEventListener("online", savedNotices);
  window.addEventListener("offline", savedNotices);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", savedNotices);
  else savedNotices();
}

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

  // The page was shown from the phone's copy and the network's answer has now
  // arrived (and been saved): offer it.
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data !== "fresh") return;
    const notice = document.querySelector("[data-fresh-notice]");
    if (notice) notice.hidden = false;
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-fresh-now]")) location.reload();
  });

  window.addEventListener("online", flushOutbox);
  navigator.serviceWorker.addEventListener("controllerchange", flushOutbox);
}
