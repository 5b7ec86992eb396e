// The report form, once JavaScript runs: photos are shrunk on the phone (longest
// side at most 1,600 px, JPEG) so that a report costs little data on 3G, and the
// form is sent without leaving the page, so a refused report keeps what was
// typed and shows why. Without JavaScript the same form posts as it is and the
// server shrinks the photos itself.
(() => {
  if (window.xasoReportForm) return; // once, however many times the page is opened
  window.xasoReportForm = true;

  const MAX_SIDE = 1600;

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

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-report-form]");
    if (!form || event.defaultPrevented) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const notice = form.querySelector("[data-report-error]");
    const label = button.textContent;
    button.disabled = true;
    button.textContent = form.dataset.sending || label;
    notice.hidden = true;
    try {
      const data = new FormData(form);
      const files = data.getAll("photos").filter((f) => f && f.size > 0);
      data.delete("photos");
      for (const file of files) data.append("photos", await shrink(file), "photo.jpg");
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
      notice.textContent = body.message;
      notice.hidden = false;
      notice.scrollIntoView({ block: "center" });
    } catch {
      notice.textContent = form.dataset.offline || "";
      notice.hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
})();
