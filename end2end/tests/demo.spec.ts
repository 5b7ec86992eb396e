import { expect, Page } from "@playwright/test";
import { DEMO_URL } from "../playwright.config";
import { DEMO_ADMIN, hydrated, offlineTiles, signIn, test, watchErrors } from "./helpers";

// The demo commune with its year of history, on the demo server (see
// playwright.config.ts): what a visitor and the commune admin find after `./run`.
test.skip(!!process.env.BASE_URL, "the demo server runs only beside the test server");
test.use({ baseURL: DEMO_URL });

test.beforeEach(async ({ context }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: DEMO_URL }]);
  await offlineTiles(context);
});

/** The number at the start of the record line that says `label`. */
async function figure(page: Page, label: string): Promise<number> {
  const text = await page.locator(".record li", { hasText: label }).locator("strong").textContent();
  return Number((text ?? "").replace(/[^\d,]/g, "").replace(",", "."));
}

test("a visitor sees the demo commune's year: record, reports, map and survey results", async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchErrors(page);
  await page.goto("/c/12364/record");
  await expect(page.getByRole("heading", { level: 1, name: /Xã Tiên Lữ/ })).toBeVisible();
  expect(await figure(page, "phản ánh đã nhận")).toBeGreaterThan(150);
  await expect(page.locator(".record")).not.toContainText("Chưa có");

  await page.goto("/reports");
  await hydrated(page);
  await expect(page.getByRole("link", { name: /HY-20\d\d-\d{6}/ }).first()).toBeVisible();
  await page.getByRole("link", { name: "Bản đồ" }).click();
  await expect(page.locator(".leaflet-marker-icon, .leaflet-interactive").first()).toBeVisible();

  await page.goto("/surveys");
  // A closed survey opens on its results.
  await page.getByRole("link", { name: /giữa năm/ }).first().click();
  await expect(page.getByRole("heading", { name: "Chỉ số hài lòng theo tiêu chí" })).toBeVisible();
  await expect(page.locator(".facts.figures dd").first()).toHaveText("280");
  await expect(page.locator("#no-responses")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the demo commune admin's dashboard has figures, open reports and overdue ones", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await page.goto("/staff/dashboard");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Bảng điều khiển của xã" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Đang xử lý: [1-9]\d* phản ánh/ })).toBeVisible();
  await expect(page.getByText("Không có phản ánh nào đang chờ xử lý.")).toHaveCount(0);
  // The staff queue has reports past their deadline.
  await page.goto("/staff/reports");
  await expect(page.locator(".overdue").first()).toBeVisible();
});

test("the commune admin enters a village's adults and sees its participation", async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchErrors(page);
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await page.goto("/staff/surveys");
  await hydrated(page);
  const villages = page.getByRole("group", { name: /Theo thôn, tổ dân phố/ });
  const village = (await villages.locator("label").first().textContent())!.trim();
  await villages.getByLabel(village, { exact: true }).fill("120");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(villages.getByLabel(village, { exact: true })).toHaveValue("120");

  await page.goto("/surveys");
  await page.getByRole("link", { name: /giữa năm/ }).first().click();
  const row = page.getByRole("row", { name: new RegExp(`^${village} `) });
  // Its responses of 120 adults, as a share.
  const responses = Number(await row.locator("td").nth(0).textContent());
  const share = ((responses * 100) / 120).toFixed(1).replace(".", ",");
  await expect(row.locator("td").nth(1)).toHaveText(`${share} %`);
  expect(errors).toEqual([]);
});
