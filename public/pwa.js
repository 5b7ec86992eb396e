// Registers the service worker and keeps it told of the page's language, so the
// offline page it shows is in the language the person reads.
if ("serviceWorker" in navigator) {
  const tellLanguage = (worker) => worker && worker.postMessage("lang:" + document.documentElement.lang);
  navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then((reg) => {
    tellLanguage(reg.active);
    new MutationObserver(() => tellLanguage(reg.active)).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["lang"],
    });
  }).catch((error) => console.warn("service worker not registered", error));
}
