// For bench/run: for each page a resident (and staff) opens, the bytes of a
// cold first visit (all transferred, and of them WebAssembly + JS) as
// Chromium's network stack counts them on a Pixel 5, and on DevTools' "Fast
// 3G" profile the time from tap to content (the page's heading shown) of the
// page not seen before and of the same page seen before (the service worker
// running). Usage: node visits.mjs http://127.0.0.1:3000
//
// The 3G link is a proxy in front of the server with that profile's latency
// and bandwidth: DevTools' throttling of a page does not reach the requests
// its service worker makes, which are the ones that matter here.
import { createConnection, createServer } from "node:net";
import { chromium, devices } from "@playwright/test";

const base = (process.argv[2] || "http://127.0.0.1:3000").replace(/\/$/, "");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});
// DevTools' "Fast 3G": 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up.
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9,
  uploadThroughput: ((750 * 1024) / 8) * 0.9,
};

/** A TCP proxy to `target` that delays and paces what it forwards as `profile` says. */
function slowLink(target, profile) {
  const oneWay = profile.latency / 2;
  const pace = (from, to, bytesPerMs) => {
    let free = 0; // when the link is next free, in ms
    from.on("data", (chunk) => {
      const now = Date.now();
      free = Math.max(free, now) + chunk.length / bytesPerMs;
      setTimeout(() => to.destroyed || to.write(chunk), free + oneWay - now);
    });
    from.on("close", () => setTimeout(() => to.destroy(), Math.max(free, Date.now()) + oneWay - Date.now()));
    from.on("error", () => to.destroy());
  };
  const url = new URL(target);
  const server = createServer((client) => {
    const upstream = createConnection({ host: url.hostname, port: Number(url.port) });
    pace(client, upstream, profile.uploadThroughput / 1000);
    pace(upstream, client, profile.downloadThroughput / 1000);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
const link = await slowLink(base, FAST_3G);
const slow = `http://127.0.0.1:${link.address().port}`;

let n = 0;
/** A new phone (its own address for the server's per-address limits) with the demo commune chosen. */
async function phone() {
  n += 1;
  const context = await browser.newContext({
    ...devices["Pixel 5"],
    baseURL: base,
    extraHTTPHeaders: { "x-forwarded-for": `10.99.${n}.${Math.floor(Math.random() * 250) + 1}` },
  });
  await context.addCookies([{ name: "commune", value: "12364", url: base }]);
  return context;
}

const ready = () =>
  Array.from(document.querySelectorAll("leptos-island")).every((i) => i.querySelector("[data-island-ready]"));

/** Bytes of a cold first visit to `path`, all and code (no service worker, the cookies of `context`). */
async function firstVisit(context, path) {
  const cold = await browser.newContext({
    ...devices["Pixel 5"],
    baseURL: base,
    serviceWorkers: "block",
    storageState: await context.storageState(),
    extraHTTPHeaders: { "x-forwarded-for": `10.98.${n}.${Math.floor(Math.random() * 250) + 1}` },
  });
  const page = await cold.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const urls = new Map();
  let total = 0;
  let code = 0;
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    total += e.encodedDataLength;
    if (/\.(js|wasm)(\?|$)/.test(urls.get(e.requestId) || "")) code += e.encodedDataLength;
  });
  await page.goto(path, { waitUntil: "networkidle" });
  await page.waitForFunction(ready);
  await page.waitForLoadState("networkidle");
  await cold.close();
  return { total, code };
}

/** Milliseconds from following a link to `path` until its heading shows (`page` is on the 3G link). */
async function tapToContent(page, path) {
  const start = Date.now();
  await page.evaluate((to) => {
    const link = document.createElement("a");
    link.href = to;
    document.body.append(link);
    link.click();
  }, path);
  await page.waitForURL((url) => url.pathname + url.search === path, { waitUntil: "commit" });
  await page.locator("main h1").first().waitFor();
  return Date.now() - start;
}

/** The page not seen before, then seen before (after the worker has kept it). */
async function timings(context, path) {
  const page = await context.newPage();
  await page.goto(`${slow}/account`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const unseen = await tapToContent(page, path);
  await page.waitForFunction(ready);
  await page.waitForLoadState("networkidle");
  await page.goto(`${slow}/account`);
  await page.waitForLoadState("networkidle");
  const seen = await tapToContent(page, path);
  await page.close();
  return { unseen, seen };
}

async function signUp(context) {
  const phoneNumber = "03" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const answer = await context.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone: phoneNumber, name: "Người Đo Lường", password: "lua-chin-vang-2026", commune: "12364" },
  });
  if (answer.status() !== 200) throw new Error(`sign-up answered ${answer.status()}`);
}

const json = async (context, path) =>
  (await context.request.get(path, { headers: { accept: "application/json" } })).json();

const resident = await phone();
await signUp(resident);
const category = (await json(resident, "/api/reports/form?commune=12364")).categories[0].id;
const filed = await resident.request.post("/api/reports/file", {
  headers: { accept: "application/json" },
  form: { commune: "12364", "report[category]": String(category), "report[description]": "Đèn đường đầu thôn không sáng đã ba hôm" },
});
const report = await filed.json();
const entry = (await json(resident, "/api/hsds/services?commune=12364&per_page=1")).contents[0].id;
const surveys = await json(resident, "/api/surveys/list?commune=12364");
const survey = (surveys.open[0] || surveys.results[0]).id;

const staff = await phone();
const signedIn = await staff.request.post("/api/account/sign-in", {
  headers: { accept: "application/json" },
  form: { phone: "0900000001", password: "xaso-demo-2026" },
});
if (signedIn.status() !== 200) throw new Error(`the demo admin's sign-in answered ${signedIn.status()}`);

const pages = [
  [resident, "/"],
  [resident, "/directory"],
  [resident, "/directory?area=health"],
  [resident, `/directory/${entry}`],
  [resident, "/announcements"],
  [resident, "/account"],
  [resident, "/reports"],
  [resident, `/reports/${report}`],
  [resident, "/reports/new"],
  [resident, "/surveys"],
  [resident, `/surveys/${survey}`],
  [staff, "/staff"],
  [staff, "/staff/reports"],
  [staff, "/staff/directory/new"],
];
// The app opened once on each phone, so that its service worker runs (the
// first visit installs it).
for (const context of [resident, staff]) {
  const page = await context.newPage();
  await page.goto(`${slow}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.close();
}
console.log(`  ${"page".padEnd(28)} ${"first visit".padStart(11)} ${"of it code".padStart(11)}   Fast 3G: new    seen`);
for (const [context, path] of pages) {
  const { total, code } = await firstVisit(context, path);
  const { unseen, seen } = await timings(context, path);
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`.padStart(11);
  console.log(`  ${path.slice(0, 28).padEnd(28)} ${kb(total)} ${kb(code)}   ${String(unseen).padStart(8)} ms ${String(seen).padStart(5)} ms`);
}
await browser.close();
link.close();
process.exit(0);
