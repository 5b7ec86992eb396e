import { chromium, expect } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hydrated, newResident, serviceWorkerControls, test } from "./helpers";

test("the manifest describes an installable app", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.ok()).toBeTruthy();
  const manifest = await response.json();
  expect(manifest.lang).toBe("vi");
  expect(manifest.display).toBe("standalone");
  expect(manifest.short_name).toBe("Xã Số");
  for (const icon of manifest.icons) {
    expect((await request.get(icon.src)).ok()).toBeTruthy();
  }
});

test("Chromium finds the app installable", async ({ baseURL }, testInfo) => {
  // Installing is never offered in incognito, which is what test contexts are:
  // this test uses a real profile.
  const profile = mkdtempSync(join(tmpdir(), "xaso-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL,
  });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await hydrated(page);
    await serviceWorkerControls(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("with the network cut, seen pages still open and others show the offline page", async ({
  page,
  context,
}) => {
  await page.goto("/");
  await hydrated(page);
  await serviceWorkerControls(page);
  await page.goto("/directory");
  await expect(page.getByRole("heading", { level: 1, name: "Danh bạ" })).toBeVisible();

  await context.setOffline(true);
  await page.goto("/surveys");
  await expect(page.getByRole("heading", { level: 1, name: "Bạn đang ngoại tuyến" })).toBeVisible();
  await page.goto("/directory");
  await expect(page.getByRole("heading", { level: 1, name: "Danh bạ" })).toBeVisible();
  await context.setOffline(false);
});

test("the offline page follows the chosen language", async ({ page, context }) => {
  await page.goto("/");
  await hydrated(page);
  await serviceWorkerControls(page);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  // The worker stores the language it is told; wait until it has.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const saved = await (await caches.open("xaso-meta")).match("/__lang");
        return saved ? saved.text() : null;
      }),
    )
    .toBe("en");
  await context.setOffline(true);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await context.setOffline(false);
});

test("after signing out, the person's saved pages are gone from the phone, even offline", async ({
  page,
  context,
  baseURL,
}) => {
  const name = "Đỗ Thị Riêng Tư";
  await newResident(page, baseURL!, name);
  await page.goto("/account");
  await hydrated(page);
  await serviceWorkerControls(page);
  const text = `Ống nước sạch nhà văn hoá bị rò ${Date.now()}`;
  const category = (
    await (await page.request.get("/api/reports/form?commune=12364", { headers: { accept: "application/json" } })).json()
  ).categories[0].id;
  const filed = await page.request.post("/api/reports/file", {
    headers: { accept: "application/json" },
    form: { commune: "12364", "report[category]": String(category), "report[description]": text },
  });
  expect(filed.status()).toBe(200);
  const code: string = await filed.json();
  // Each of the person's own pages seen with signal, so the worker keeps a copy.
  const own = ["/account", "/reports?mine=1", `/reports/${code}`, "/reports/notifications"];
  for (const path of own) {
    await page.goto(path);
    await expect(page.locator("body")).toContainText(path === "/reports/notifications" ? "Thông báo" : path === "/account" ? name : text.slice(0, 30));
  }

  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("button", { name: "Đăng nhập" })).toBeVisible();

  await context.setOffline(true);
  for (const path of own) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    const shown = await page.locator("body").innerText();
    expect(shown, path).not.toContain(name);
    expect(shown, path).not.toContain(text.slice(0, 30));
  }
  await context.setOffline(false);
});
