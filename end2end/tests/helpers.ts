import { test as base, BrowserContext, expect, Page } from "@playwright/test";

/**
 * Playwright's `test`, with each test on a phone of its own: its requests
 * carry an address of their own in `X-Forwarded-For` (the test server trusts
 * it, as behind the deployment's proxy), so that per-address limits (sign-up,
 * sign-in) apply to each test as to one person, not to the whole suite.
 */
export const test = base.extend({
  extraHTTPHeaders: async ({}, use, testInfo) => {
    const n = testInfo.testId.split("").reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, testInfo.repeatEachIndex);
    await use({ "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` });
  },
});

/** The demo data's system administrator (DEMO_ADMIN_PHONE and DEMO_PASSWORD in app/src/accounts/db.rs). */
export const DEMO_ADMIN = { phone: "0900000001", password: "xaso-demo-2026" };

/** Collects console errors and uncaught exceptions (CSP violations, hydration panics). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

/**
 * Waits until the page is loaded and each of its islands (its interactive
 * parts, which mark themselves `data-island-ready` once their WebAssembly
 * runs) is live. A page without islands loads no WebAssembly: it is ready
 * when loaded.
 */
export async function hydrated(page: Page) {
  await page.waitForLoadState("load");
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("leptos-island")).every((island) =>
      island.querySelector("[data-island-ready]"),
    ),
  );
}

/** Waits until the service worker controls the page. */
export async function serviceWorkerControls(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }),
      );
    }
  });
}

/** A 1×1 PNG served in place of OpenStreetMap's tiles, so that maps work offline in tests. */
const TILE_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** Answers the map's tile requests locally (the test machine has no internet). */
export async function offlineTiles(context: BrowserContext) {
  await context.route("https://tile.openstreetmap.org/**", (route) =>
    route.fulfill({ contentType: "image/png", body: TILE_PNG }),
  );
}

/** Signs in on the account page and waits until the page shows it. */
export async function signIn(page: Page, phone: string, password: string) {
  await page.goto("/account");
  await hydrated(page);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất", exact: true })).toBeVisible();
}

/** A new resident of the demo commune (Xã Tiên Lữ), signed up and signed in in `page`'s browser. */
export async function newResident(page: Page, baseURL: string, name: string) {
  await page.context().addCookies([{ name: "commune", value: "12364", url: baseURL }]);
  const phone = "03" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const response = await page.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone, name, password: "lua-chin-vang-2026", commune: "12364" },
  });
  expect(response.status()).toBe(200);
  return phone;
}
