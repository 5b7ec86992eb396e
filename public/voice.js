// Voice notes, for villagers who find typing on a phone hard: records Opus
// (WebM in Chromium, Ogg in Firefox) with MediaRecorder, at most 60 seconds,
// plays it back before sending, and sends it with its form as `voice`.
// - In the report form, /report-form.js sends it (through the outbox, so a
//   recording made without signal waits on the phone like photos do) and
//   keeps it with the draft being typed; it asks `xasoVoice.get(form)`.
// - In any other form (a staff reply) this script sends the form itself when a
//   recording is attached, and follows the server's answer as the browser
//   would have.
// The part stays hidden where the browser cannot record Opus; the form is
// typed as before.
(() => {
  if (window.xasoVoice) return;
  const MAX_MS = 60 * 1000;
  const TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus"];
  const supported =
    window.MediaRecorder &&
    navigator.mediaDevices &&
    navigator.mediaDevices.getUserMedia &&
    TYPES.find((t) => MediaRecorder.isTypeSupported(t));

  const clock = (ms) => {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const partOf = (form) => form && form.querySelector("[data-voice]");

  // Shows `blob` (or nothing) as the form's recording, and tells the form.
  function set(form, blob, quiet) {
    const part = partOf(form);
    if (!part) return;
    form.xasoVoice = blob || null;
    const preview = part.querySelector("[data-voice-preview]");
    if (preview.src) URL.revokeObjectURL(preview.src);
    if (blob) preview.src = URL.createObjectURL(blob);
    else preview.removeAttribute("src");
    preview.hidden = !blob;
    part.querySelector("[data-voice-remove]").hidden = !blob;
    part.querySelector("[data-voice-record]").hidden = false;
    part.querySelector("[data-voice-stop]").hidden = true;
    if (!blob) part.querySelector("[data-voice-status]").textContent = "";
    // Said aloud, the description may be a few words.
    const text = form.querySelector("[data-voice-minlength]");
    if (text) {
      text.dataset.minlength ||= String(text.minLength);
      text.minLength = Number(blob ? text.dataset.voiceMinlength : text.dataset.minlength);
    }
    if (!quiet) form.dispatchEvent(new CustomEvent("xaso-voice", { bubbles: true }));
  }

  async function record(part) {
    const form = part.closest("form");
    const status = part.querySelector("[data-voice-status]");
    const start = part.querySelector("[data-voice-record]");
    const stop = part.querySelector("[data-voice-stop]");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      status.textContent = part.dataset.denied;
      return;
    }
    // Speech needs little: 24 kbit/s is about 180 KB a minute.
    const recorder = new MediaRecorder(stream, { mimeType: supported, audioBitsPerSecond: 24000 });
    const chunks = [];
    const began = Date.now();
    recorder.ondataavailable = (event) => event.data.size && chunks.push(event.data);
    const tick = setInterval(() => {
      status.textContent = part.dataset.recording.replace("{s}", clock(Date.now() - began));
    }, 250);
    // The server takes 60 s at most: the recorder stops itself just before.
    const limit = setTimeout(() => recorder.state === "recording" && recorder.stop(), MAX_MS - 300);
    recorder.onstop = () => {
      clearInterval(tick);
      clearTimeout(limit);
      stream.getTracks().forEach((track) => track.stop());
      const blob = new Blob(chunks, { type: supported.split(";")[0] });
      status.textContent = part.dataset.recorded.replace("{s}", clock(Date.now() - began));
      set(form, blob.size ? blob : null);
    };
    stop.onclick = () => recorder.state === "recording" && recorder.stop();
    recorder.start(1000);
    start.hidden = true;
    stop.hidden = false;
    status.textContent = part.dataset.recording.replace("{s}", "0:00");
  }

  function scan() {
    if (!supported) return;
    document.querySelectorAll("[data-voice]:not([data-voice-ready])").forEach((part) => {
      part.dataset.voiceReady = "1";
      part.hidden = false;
      part.querySelector("[data-voice-record]").addEventListener("click", () => record(part));
      part.querySelector("[data-voice-remove]").addEventListener("click", () => set(part.closest("form"), null));
    });
  }
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });

  // A form other than the report form, with a recording: sent here, the
  // recording added; the server's answer (a page, or the form again with what
  // was wrong) is followed as the browser would have.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.xasoVoice || form.matches("[data-report-form]") || event.defaultPrevented) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    const data = new FormData(form);
    data.set("voice", form.xasoVoice, form.xasoVoice.type.includes("ogg") ? "voice.ogg" : "voice.webm");
    try {
      const response = await fetch(form.action, { method: "POST", body: data, headers: { accept: "text/html" } });
      window.location.assign(response.url);
    } catch {
      // No network: nothing was sent; the recording stays for another try.
      if (button) button.disabled = false;
      const status = partOf(form).querySelector("[data-voice-status]");
      status.textContent = form.dataset.offline || status.textContent;
    }
  });

  window.xasoVoice = { get: (form) => form.xasoVoice || null, set: (form, blob) => set(form, blob, true) };
  window.dispatchEvent(new Event("xaso-voice-ready"));
})();
