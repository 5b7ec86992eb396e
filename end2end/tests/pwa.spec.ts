import { chromium, expect } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hydrated, serviceWorkerControls, test } from "./helpers";

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
