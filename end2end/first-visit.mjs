// Prints the bytes a first visit transfers (compressed, headers included), by
// resource type, as Chromium's network stack counts them (service worker included).
import { chromium, devices } from "@playwright/test";

const url = process.argv[2] || "http://127.0.0.1:3000/";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});
const context = await browser.newContext({ ...devices["Pixel 5"] });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
const types = new Map();
const byType = {};
cdp.on("Network.responseReceived", (e) => types.set(e.requestId, `${e.type} ${e.response.url}`));
cdp.on("Network.loadingFinished", (e) => {
  const [type, address] = (types.get(e.requestId) || "Other ?").split(" ");
  byType[type] = (byType[type] || 0) + e.encodedDataLength;
  if (process.env.VERBOSE) console.log(e.encodedDataLength, address);
});
await page.goto(url, { waitUntil: "networkidle" });
await page.waitForFunction(() =>
  Array.from(document.querySelectorAll("leptos-island")).every((i) => i.querySelector("[data-island-ready]")),
);
let total = 0;
for (const [type, bytes] of Object.entries(byType).sort()) {
  console.log(`  ${type.padEnd(12)} ${String(bytes).padStart(8)} bytes`);
  total += bytes;
}
console.log(`  ${"total".padEnd(12)} ${String(total).padStart(8)} bytes (${(total / 1024).toFixed(1)} KiB)`);
await browser.close();
