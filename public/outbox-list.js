// "Waiting to be sent": the reports in this phone's outbox (see /outbox.js),
// listed where the app puts an element `[data-outbox-list]` (My reports, the
// report form, the offline page). Each one can be sent now, edited or deleted
// before it goes; the list follows what the service worker sends meanwhile.
// Its texts come translated from the page (`data-texts`).
(() => {
  if (window.xasoOutboxList) return;
  window.xasoOutboxList = true;

  // Reports this page saw go (their codes), shown until it is left.
  const sent = [];

  // /outbox.js comes with the page (see the app's `OutboxList`) and says when it is there.
  const outbox = () =>
    window.xasoOutbox
      ? Promise.resolve(window.xasoOutbox)
      : new Promise((resolve, reject) => {
          window.addEventListener("xaso-outbox", () => resolve(window.xasoOutbox), { once: true });
          setTimeout(() => reject(new Error("no outbox")), 5000);
        });

  const element = (tag, attributes = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  };

  async function draw(list) {
    let t = {};
    try {
      t = JSON.parse(list.dataset.texts || "{}");
    } catch {
      t = {};
    }
    const box = await outbox().catch(() => null);
    if (!box) return;
    const owner = list.dataset.owner;
    const drafts = (await box.list())
      .filter((d) => !owner || !d.owner || d.owner === owner)
      .sort((a, b) => (a.created_at || 0) - (b.created_at || 0));
    list.replaceChildren();
    list.hidden = drafts.length === 0 && sent.length === 0;
    for (const code of sent) {
      const notice = element("p", { class: "notice done", role: "status" }, (t.sent || "{code}").replace("{code}", ""));
      notice.append(element("a", { href: `/reports/${encodeURIComponent(code)}` }, code));
      list.append(notice);
    }
    if (!drafts.length) return;
    list.append(element("h2", {}, `${t.title || ""} (${drafts.length})`));
    const queued = sessionStorage.getItem("xaso-queued");
    if (queued && drafts.some((d) => d.key === queued)) {
      list.append(element("p", { class: "notice", role: "status" }, t.queued || ""));
    }
    list.append(element("p", { class: "hint" }, t.hint || ""));
    const items = element("ul", { class: "results" });
    for (const draft of drafts) {
      const wrong = box.problem(draft);
      const state = wrong || draft.state || "waiting";
      const item = element("li", { class: "result outbox-item", "data-key": String(draft.key || "") });
      const name = element("span", { class: "name" });
      const summary = draft.summary || {};
      name.append(element("strong", {}, summary.category || t.untitled || ""));
      if (summary.excerpt) name.append(element("span", { class: "excerpt" }, summary.excerpt));
      if (draft.created_at) name.append(element("small", {}, (t.written || "{t}").replace("{t}", box.formatTime(draft.created_at))));
      const stateText = state === "refused" && draft.message ? draft.message : t[`state_${state.replace("-", "_")}`];
      name.append(element("small", { class: `state ${state}` }, stateText || ""));
      const actions = element("span", { class: "actions" });
      if (state === "sign-in") actions.append(element("a", { href: "/account", class: "button secondary" }, t.sign_in || ""));
      if (!wrong) {
        actions.append(element("a", { href: `/reports/new#draft=${draft.key}`, class: "button secondary" }, t.edit || ""));
      }
      const remove = element("button", { type: "button", class: "button secondary", "data-outbox-delete": "" }, t.delete || "");
      actions.append(remove);
      item.append(name, actions);
      items.append(item);
    }
    list.append(items);
    if (drafts.some((d) => !box.problem(d) && (d.state || "waiting") === "waiting")) {
      list.append(element("button", { type: "button", class: "button", "data-outbox-send": "" }, t.send_now || ""));
    }
  }

  const redraw = () => document.querySelectorAll("[data-outbox-list]").forEach((list) => draw(list));

  function scan() {
    document.querySelectorAll("[data-outbox-list]:not([data-drawn])").forEach((list) => {
      list.dataset.drawn = "1";
      draw(list);
    });
  }

  document.addEventListener("click", async (event) => {
    const target = event.target.closest && event.target.closest("[data-outbox-delete], [data-outbox-send]");
    if (!target) return;
    const list = target.closest("[data-outbox-list]");
    const box = await outbox();
    if (target.hasAttribute("data-outbox-send")) {
      target.disabled = true;
      await box.flush().catch(() => 0);
    } else {
      let t = {};
      try {
        t = JSON.parse(list.dataset.texts || "{}");
      } catch {
        t = {};
      }
      if (!window.confirm(t.confirm_delete || "")) return;
      await box.remove(target.closest("[data-key]").dataset.key);
    }
    redraw();
  });

  // What the service worker sent (or another tab changed) shows at once; a
  // report sent from here opens on its page's next visit, in "My reports".
  try {
    const channel = new BroadcastChannel("xaso-outbox");
    channel.onmessage = (event) => {
      if (event.data && event.data.type === "sent") {
        if (event.data.key === sessionStorage.getItem("xaso-queued")) sessionStorage.removeItem("xaso-queued");
        if (typeof event.data.code === "string" && !sent.includes(event.data.code)) sent.push(event.data.code);
      }
      redraw();
    };
  } catch {
    // Without BroadcastChannel the list is drawn again on the next page.
  }
  window.addEventListener("online", () => outbox().then((box) => box.flush()).catch(() => 0).then(redraw));

  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
})();
