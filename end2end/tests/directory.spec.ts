import { expect } from "@playwright/test";
import { hydrated, serviceWorkerControls, test, watchErrors } from "./helpers";

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
});

test("the health station's phone is three taps from the home page", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Danh bạ" }).click();
  await page.getByRole("link", { name: /Y tế/ }).click();
  await page.getByRole("link", { name: /Trạm Y tế xã Tiên Lữ/ }).click();
  const call = page.getByRole("link", { name: "0221 3874 115" });
  await expect(call).toBeVisible();
  await expect(call).toHaveAttribute("href", "tel:+842213874115");
  await expect(page.getByRole("heading", { level: 1, name: "Trạm Y tế xã Tiên Lữ" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("searching without diacritics finds the health station", async ({ page }) => {
  await page.goto("/directory");
  await hydrated(page);
  await page.getByLabel("Tìm dịch vụ").fill("tram y te");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Kết quả cho “tram y te”" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Trạm Y tế xã Tiên Lữ/ })).toBeVisible();
});

test("the directory still shows after the network is cut", async ({ page, context }) => {
  await page.goto("/directory");
  await hydrated(page);
  await serviceWorkerControls(page);
  // Seen once with the worker in control, so it is kept.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("link", { name: /Y tế/ })).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Danh bạ" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Y tế/ })).toBeVisible();
  // It says the data is saved, and from when (dd/mm/yyyy hh:mm).
  await expect(page.getByText(/^Bạn đang ngoại tuyến\. Đây là dữ liệu đã lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/)).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText(/Bạn đang ngoại tuyến/)).toBeHidden();
});
