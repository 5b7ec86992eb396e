import { expect } from "@playwright/test";
import { hydrated, test } from "./helpers";

test("a visitor finds a commune without diacritics and it is remembered", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByLabel("Tìm tỉnh, thành phố hoặc xã, phường").fill("pho hien");
  await page.getByLabel("Tìm tỉnh, thành phố hoặc xã, phường").press("Enter");
  await page.getByRole("link", { name: /Phường Phố Hiến/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Phường Phố Hiến" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Phường Phố Hiến");

  await page.reload();
  await expect(page.getByRole("banner")).toContainText("Phường Phố Hiến");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Phường Phố Hiến" })).toBeVisible();
  await page.goto("/surveys");
  await expect(page.getByText("Phường Phố Hiến").first()).toBeVisible();
});

test("a visitor browses a province and opens the demo commune", async ({ page }) => {
  await page.goto("/commune");
  await hydrated(page);
  await page.getByLabel("Tìm tỉnh, thành phố hoặc xã, phường").fill("hung yen");
  await page.getByRole("link", { name: /^Hưng Yên/ }).click();
  await expect(page.getByRole("heading", { name: "Các xã, phường thuộc Hưng Yên" })).toBeVisible();
  const demo = page.getByRole("link", { name: /Xã Tiên Lữ/ });
  await expect(demo).toContainText("Đã tham gia");
  await demo.click();
  await expect(page.getByRole("heading", { level: 1, name: "Xã Tiên Lữ" })).toBeVisible();
  // Exactly: an announcement for some villages names them too.
  await expect(page.getByText("Thôn Đông Kết", { exact: true })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search and the choice work before the WebAssembly loads", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Tìm tỉnh, thành phố hoặc xã, phường").fill("tien lu");
    await page.getByRole("button", { name: "Tìm" }).click();
    await page.getByRole("link", { name: /Xã Tiên Lữ Hưng Yên/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Xã Tiên Lữ" })).toBeVisible();
    await page.goto("/directory");
    await expect(page.getByText("Xã Tiên Lữ").first()).toBeVisible();
  });

  test("the language switch works before the WebAssembly loads", async ({ page }) => {
    await page.goto("/directory");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect(page).toHaveURL(/\/directory\??$/);
    await expect(page.getByRole("heading", { level: 1, name: "Directory" })).toBeVisible();
  });
});

test("a malformed commune code gets a translated 400", async ({ page }) => {
  const response = await page.goto("/c/abc");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("Mã xã, phường không hợp lệ");
});
