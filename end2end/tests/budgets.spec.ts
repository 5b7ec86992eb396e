import { BrowserContext, expect, Page } from "@playwright/test";
import { DEMO_ADMIN, newResident, test } from "./helpers";

// What a cold first visit transfers, counted by Chromium's network stack
// (compressed bytes, headers included), against the budgets of
// shared/GUIDE.md §4. Byte counts, never timings: this fails in the change
// that makes a page too heavy. Pixel 5 only (the phones these budgets are for).

const KB = 1024;

type Visit = { total: number; code: number; wasm: boolean };

/** Opens `path` in `page` with a cold cache and counts what it transferred. */
async function firstVisit(page: Page, path: string): Promise<Visit> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const urls = new Map<string, string>();
  let total = 0;
  let code = 0;
  let wasm = false;
  cdp.on("Network.responseReceived", (e: any) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e: any) => {
    const url = urls.get(e.requestId) || "";
    total += e.encodedDataLength;
    if (/\.(js|wasm)(\?|$)/.test(url)) code += e.encodedDataLength;
    if (/\.wasm(\?|$)/.test(url)) wasm = true;
  });
  await page.goto(path, { waitUntil: "networkidle" });
  // Islands load on idle: wait until each is live, then for the network.
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("leptos-island")).every((i) => i.querySelector("[data-island-ready]")),
  );
  await page.waitForLoadState("networkidle");
  await cdp.detach();
  return { total, code, wasm };
}

/** A new context of the phone, with the demo commune chosen. */
async function phone(browser: any, baseURL: string): Promise<BrowserContext> {
  const context: BrowserContext = await browser.newContext({
    ...test.info().project.use,
    serviceWorkers: "block",
    extraHTTPHeaders: { "x-forwarded-for": `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL }]);
  return context;
}

test.beforeEach(({}, info) => {
  test.skip(info.project.name !== "pixel5", "budgets are for phones");
});

test("a first visit to / stays under 100 KB and loads no WebAssembly", async ({ browser, baseURL }) => {
  const context = await phone(browser, baseURL!);
  const visit = await firstVisit(await context.newPage(), "/");
  console.log(`/: ${visit.total} bytes, code ${visit.code}`);
  expect(visit.total).toBeLessThanOrEqual(100 * KB);
  expect(visit.wasm).toBe(false);
  await context.close();
});

test("every resident page stays under 150 KB, its code under 100 KB", async ({ browser, baseURL }) => {
  const context = await phone(browser, baseURL!);
  const page = await context.newPage();
  await newResident(page, baseURL!, "Người Đo Lường");
  // A report of this person, the directory's first entry and the demo survey.
  const category = (await (await page.request.get("/api/reports/form?commune=12364", { headers: { accept: "application/json" } })).json()).categories[0].id;
  const filed = await page.request.post("/api/reports/file", {
    headers: { accept: "application/json" },
    form: { commune: "12364", "report[category]": String(category), "report[description]": "Đèn đường đầu thôn không sáng đã ba hôm" },
  });
  expect(filed.status()).toBe(200);
  const report: string = await filed.json();
  const services = await (await page.request.get("/api/hsds/services?commune=12364&per_page=1")).json();
  const entry = services.contents[0].id;
  const surveys = await (await page.request.get("/api/surveys/list?commune=12364", { headers: { accept: "application/json" } })).json();
  const survey = (surveys.open[0] || surveys.results[0]).id;
  const paths = [
    "/directory",
    "/directory?area=health",
    `/directory/${entry}`,
    "/reports",
    `/reports/${report}`,
    "/reports/new",
    "/surveys",
    `/surveys/${survey}`,
    "/announcements",
    "/account",
  ];
  for (const path of paths) {
    const visit = await firstVisit(await context.newPage(), path);
    console.log(`${path}: ${visit.total} bytes, code ${visit.code}`);
    expect(visit.total, path).toBeLessThanOrEqual(150 * KB);
    expect(visit.code, path).toBeLessThanOrEqual(100 * KB);
  }
  await context.close();
});

test("staff pages load at most 200 KB of code", async ({ browser, baseURL }) => {
  const context = await phone(browser, baseURL!);
  const page = await context.newPage();
  const signIn = await page.request.post("/api/account/sign-in", {
    headers: { accept: "application/json" },
    form: { phone: DEMO_ADMIN.phone, password: DEMO_ADMIN.password },
  });
  expect(signIn.status()).toBe(200);
  for (const path of ["/staff", "/staff/reports", "/staff/directory/new", "/staff/dashboard", "/staff/settings"]) {
    const visit = await firstVisit(await context.newPage(), path);
    console.log(`${path}: ${visit.total} bytes, code ${visit.code}`);
    expect(visit.code, path).toBeLessThanOrEqual(200 * KB);
  }
  await context.close();
});
