// Takes 412×915 screenshots of pages, to look at them: node end2end/shots.mjs OUT_DIR [paths...]
import { chromium } from "@playwright/test";

const [out = "bench/out/shots", ...paths] = process.argv.slice(2);
const base = process.env.BASE_URL || "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});
const context = await browser.newContext({
  viewport: { width: 412, height: 915 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  locale: "vi-VN",
});
if (process.env.LANG_COOKIE) {
  await context.addCookies([{ name: "lang", value: process.env.LANG_COOKIE, url: base }]);
}
if (process.env.COMMUNE_COOKIE) {
  await context.addCookies([{ name: "commune", value: process.env.COMMUNE_COOKIE, url: base }]);
}
if (process.env.SESSION_COOKIE) {
  await context.addCookies([{ name: "xaso_session", value: process.env.SESSION_COOKIE, url: base }]);
}
const page = await context.newPage();
for (const path of paths.length ? paths : ["/"]) {
  await page.goto(base + path);
  // Each island (a page's interactive part) marks itself once it runs.
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("leptos-island")).every((i) => i.querySelector("[data-island-ready]")),
  );
  const name = path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home";
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: process.env.FULL === "1" });
  console.log(`${out}/${name}.png`);
}
await browser.close();
