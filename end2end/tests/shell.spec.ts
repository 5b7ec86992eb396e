import { expect } from "@playwright/test";
import { hydrated, test, watchErrors } from "./helpers";

test("the home page loads in Vietnamese and hydrates without errors", async ({ page }) => {
  const errors = watchErrors(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1, name: "Chào mừng bạn đến với Xã Số" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
  for (const label of ["Trang chủ", "Danh bạ", "Phản ánh", "Khảo sát", "Tài khoản"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test("the bottom navigation reaches every section", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
  for (const [label, path] of [
    ["Danh bạ", "/directory"],
    ["Phản ánh", "/reports"],
    ["Khảo sát", "/surveys"],
    ["Tài khoản", "/account"],
    ["Trang chủ", "/"],
  ]) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page).toHaveURL(path);
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
  }
});

test("the language switch changes the page at once and is remembered", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome to Xã Số" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Directory" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome to Xã Số" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chào mừng bạn đến với Xã Số" })).toBeVisible();
});

test("unknown pages get a translated 404", async ({ page }) => {
  const response = await page.goto("/khong-co-trang-nay");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Không tìm thấy trang" })).toBeVisible();
});
