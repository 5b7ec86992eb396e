import AxeBuilder from "@axe-core/playwright";
import { expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, offlineTiles, signIn, test, watchErrors } from "./helpers";

const PASSWORD = "lua-chin-vang-2026";
const DEMO_OFFICER = { phone: "0900000002", password: "xaso-demo-2026" };

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await offlineTiles(context);
});

/** A resident files a report with a position in the demo commune; its category's name. */
async function fileReport(page: Page): Promise<string> {
  const phone = "03" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const request = page.context().request;
  const signUp = await request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone, name: "Phạm Thị Lan", password: PASSWORD, commune: "12364" },
  });
  expect(signUp.status()).toBe(200);
  const form = await request.get("/api/reports/form?commune=12364", { headers: { accept: "application/json" } });
  expect(form.status()).toBe(200);
  const category = (await form.json()).categories[0];
  const filed = await request.post("/api/reports/file", {
    headers: { accept: "application/json" },
    form: {
      commune: "12364",
      "report[category]": String(category.id),
      "report[description]": "Đèn đường trước nhà văn hóa thôn bị hỏng ba hôm nay",
      "report[latitude]": "20.6600",
      "report[longitude]": "106.0500",
    },
  });
  expect(filed.status()).toBe(200);
  await page.context().clearCookies({ name: "xaso_session" });
  return category.name;
}

/** The figure shown next to `term` in a list of facts. */
function fact(page: Page, term: string) {
  return page.locator("dt", { hasText: term }).first().locator("xpath=following-sibling::dd[1]");
}

test("the commune admin reads the dashboard, changes the period and the village, and downloads the figures", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  const category = await fileReport(page);

  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await page.goto("/staff");
  await page.getByRole("link", { name: /Bảng điều khiển của xã/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bảng điều khiển của xã" })).toBeVisible();
  await hydrated(page);
  // The report filed this month is counted and open.
  expect(Number(await fact(page, "Đã nhận").textContent())).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole("heading", { name: /Đang xử lý: \d+ phản ánh/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Phản ánh đang xử lý theo loại" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Nhận và giải quyết theo tuần (12 tuần)" })).toBeVisible();
  // The table behind a chart.
  await page
    .locator("details", { has: page.locator("caption", { hasText: "Phản ánh đang xử lý theo loại" }) })
    .locator("summary")
    .click();
  const byCategory = page.getByRole("table", { name: "Phản ánh đang xử lý theo loại" });
  await expect(byCategory.getByRole("rowheader", { name: category })).toBeVisible();
  // The open report is on the map.
  await expect(page.locator(".report-map .leaflet-interactive").first()).toBeAttached();

  // This year, then one village (none of the reports is in it).
  await page.getByLabel("Kỳ báo cáo").selectOption("year");
  await page.getByRole("button", { name: "Xem số liệu" }).click();
  await expect(page).toHaveURL(/period=year/);
  await expect(page.getByText(/^Từ 01\/01\/\d{4} đến/)).toBeVisible();
  const village = page.getByLabel("Thôn, tổ dân phố");
  const villageName = (await village.locator("option").nth(1).textContent())!.trim();
  await village.selectOption({ label: villageName });
  await page.getByRole("button", { name: "Xem số liệu" }).click();
  await expect(page).toHaveURL(/village=\d+/);
  await expect(page.locator(".chosen")).toContainText(villageName);

  // Every figure as CSV, with a BOM for Excel.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải số liệu (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^bang-dieu-khien-xa-12364-.*\.csv$/);
  const text = await (await import("node:fs/promises")).readFile((await file.path())!, "utf8");
  expect(text.startsWith("\uFEFFfigure,item,value")).toBe(true);
  expect(text).toContain("received,,");

  // A period that ends before it starts: said in Vietnamese, with the selector to fix it.
  await page.getByLabel("Kỳ báo cáo").selectOption("custom");
  await page.getByLabel("Từ ngày").fill("2026-03-01");
  await page.getByLabel("Đến ngày").fill("2026-01-01");
  await page.getByRole("button", { name: "Xem số liệu" }).click();
  await expect(page.getByText("Ngày kết thúc phải sau ngày bắt đầu.")).toBeVisible();
  await expect(page.getByLabel("Kỳ báo cáo")).toBeVisible();
  // That page is answered with 400, which Chromium logs; nothing else may be.
  const refused = errors.findIndex((e) => e.includes("status of 400"));
  expect(refused).toBeGreaterThanOrEqual(0);
  errors.splice(refused, 1);

  await page.goto("/staff/dashboard");
  await hydrated(page);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test("the province officer compares the communes against the targets, sorts them, marks a pilot and opens a commune", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  // Each browser project marks its own commune, so that they do not race.
  const pilot = testInfo.project.name === "pixel5" ? "Xã Quang Hưng" : "Xã Đoàn Đào";

  await signIn(page, DEMO_OFFICER.phone, DEMO_OFFICER.password);
  await page.goto("/staff");
  await page.getByRole("link", { name: /Bảng điều khiển của tỉnh/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bảng điều khiển của tỉnh" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Chỉ tiêu của kế hoạch" })).toBeVisible();
  await expect(page.getByText(/^\d+\/\d+ xã \(/).first()).toBeVisible();
  const table = page.getByRole("table", { name: "Các xã trong tỉnh" });
  await expect(table.getByRole("rowheader", { name: "Xã Tiên Lữ" })).toBeVisible();
  await expect(table.locator("tfoot")).toContainText("Toàn tỉnh");

  // Sorted by reports received, most first.
  await table.getByRole("link", { name: "Đã nhận" }).click();
  await expect(page).toHaveURL(/sort=received&dir=asc/);
  await page.getByRole("table", { name: "Các xã trong tỉnh" }).getByRole("link", { name: /Đã nhận/ }).click();
  await expect(page).toHaveURL(/sort=received&dir=desc/);
  await expect(page.locator("th[aria-sort=descending]")).toContainText("Đã nhận");

  // Mark a smart-village pilot; the dashboard shows it; unmark it again.
  await page.getByRole("link", { name: "Quản lý xã" }).click();
  await hydrated(page);
  const row = page.locator("li.result").filter({ has: page.getByText(pilot, { exact: true }) });
  await row.getByRole("button", { name: "Đánh dấu thí điểm" }).click();
  await expect(page.getByText("Đã đánh dấu xã thí điểm làng thông minh.")).toBeVisible();
  await page.goto("/staff/province");
  const pilotRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(pilot) }) });
  await expect(pilotRow.getByText("Thí điểm")).toBeVisible();
  await page.goto("/staff/communes");
  await page
    .locator("li.result")
    .filter({ has: page.getByText(pilot, { exact: true }) })
    .getByRole("button", { name: "Bỏ thí điểm" })
    .click();
  await expect(page.getByText("Đã bỏ đánh dấu thí điểm.")).toBeVisible();

  // From the province to one commune's dashboard.
  await page.goto("/staff/province");
  await page.getByRole("table", { name: "Các xã trong tỉnh" }).getByRole("link", { name: "Xã Tiên Lữ" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bảng điều khiển của xã" })).toBeVisible();
  await expect(page.locator(".lead")).toHaveText("Xã Tiên Lữ");

  await page.goto("/staff/province");
  await hydrated(page);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test("anyone sees how the commune handles reports", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/c/12364");
  await hydrated(page);
  await page.getByRole("link", { name: "Xem kết quả giải quyết phản ánh của xã" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Xã Tiên Lữ: kết quả giải quyết phản ánh" }),
  ).toBeVisible();
  await expect(page.getByText("phản ánh đã nhận")).toBeVisible();
  await expect(page.getByText("thời gian giải quyết (trung vị)")).toBeVisible();
  await hydrated(page);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  expect(errors).toEqual([]);
});
