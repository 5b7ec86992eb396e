// The "Chia sẻ" buttons (`[data-share]`, see app/src/share.rs): the phone's
// share sheet where the browser has one (Zalo, Messenger, SMS), otherwise the
// link is copied and the page says so; where even that fails, the link is
// shown to copy by hand. Its words come translated from the page.
(() => {
  if (window.xasoShare) return;
  window.xasoShare = true;

  async function share(box) {
    const status = box.querySelector("[data-share-status]");
    const url = new URL(box.dataset.share, location.origin).href;
    const title = box.dataset.title || document.title;
    status.textContent = "";
    if (navigator.share) {
      try {
        await navigator.share({ title, text: title, url });
        return;
      } catch (error) {
        // The person closed the share sheet: nothing to say.
        if (error && error.name === "AbortError") return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = box.dataset.copied;
    } catch {
      status.textContent = `${box.dataset.failed} ${url}`;
    }
  }

  function setup() {
    for (const box of document.querySelectorAll("[data-share]")) {
      if (box.dataset.ready) continue;
      box.dataset.ready = "1";
      const button = box.querySelector("[data-share-button]");
      button.hidden = false;
      button.addEventListener("click", () => share(box));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
