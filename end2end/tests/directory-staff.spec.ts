import { expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, test, watchErrors } from "./helpers";

async function signInAsDemoAdmin(page: Page) {
  await page.goto("/account");
  await hydrated(page);
  await page.getByLabel("Số điện thoại").fill(DEMO_ADMIN.phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(DEMO_ADMIN.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("link", { name: "Cán bộ", exact: true })).toBeVisible();
}

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
});

test("staff add an entry, change its hours, and residents see the new hours", async ({
  page,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  // Each run (and each browser project) works on an entry of its own.
  const name = `Điểm tiêm chủng ${Math.floor(Math.random() * 1e6)}`;
  await signInAsDemoAdmin(page);
  await page.getByRole("link", { name: "Cán bộ", exact: true }).click();
  await page.getByRole("link", { name: /Danh bạ dịch vụ/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Danh bạ dịch vụ" })).toBeVisible();
  await page.getByRole("link", { name: "+ Thêm cơ sở" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thêm cơ sở vào danh bạ" })).toBeVisible();
  await hydrated(page);

  await page.getByLabel("Tên cơ sở").fill(name);
  await page.getByLabel("Loại dịch vụ").selectOption({ label: "Trạm y tế" });
  await page.getByLabel("Thôn, tổ dân phố").selectOption({ label: "Thôn Lệ Chi" });
  await page.getByLabel("Số điện thoại 1").fill("12345");
  await page.getByLabel("Thứ Hai").fill("07:30-11:30");
  await page.getByLabel("Thứ Ba").fill("11:00-07:00");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();

  // Each wrong field is named, next to it and in the summary; what was typed stays.
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Chưa lưu. Hãy sửa các ô sau:");
  await expect(alert).toContainText("Số điện thoại 1: Số điện thoại không hợp lệ");
  await expect(alert).toContainText("Thứ Ba: Giờ đóng cửa phải sau giờ mở cửa.");
  await expect(page.getByLabel("Số điện thoại 1")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Tên cơ sở")).toHaveValue(name);

  await page.getByLabel("Số điện thoại 1").fill("0912 345 678");
  await page.getByLabel("Thứ Ba").fill("");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu thông tin cơ sở.");

  // The resident (another browser, not signed in) sees it with its hours.
  const resident = await browser.newContext({ baseURL });
  await resident.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const residentPage = await resident.newPage();
  await residentPage.goto(`/directory?q=${encodeURIComponent(name)}`);
  await residentPage.getByRole("link", { name: new RegExp(name) }).click();
  await expect(residentPage.getByRole("heading", { level: 1, name })).toBeVisible();
  const monday = residentPage.getByRole("row", { name: /Thứ Hai/ });
  await expect(monday).toContainText("07:30–11:30");
  const residentUrl = residentPage.url();

  // Staff change Monday's hours.
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sửa thông tin cơ sở" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel("Thứ Hai")).toHaveValue("07:30-11:30");
  await page.getByLabel("Thứ Hai").fill("13:30-16:45");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu thông tin cơ sở.");

  await residentPage.goto(residentUrl);
  await expect(residentPage.getByRole("row", { name: /Thứ Hai/ })).toContainText("13:30–16:45");

  // Verified today, then archived: residents no longer find it.
  const row = page.getByRole("listitem").filter({ hasText: name });
  await row.getByRole("button", { name: /Đã kiểm tra hôm nay/ }).click();
  await expect(page.getByRole("status")).toHaveText("Đã ghi nhận: thông tin được kiểm tra hôm nay.");
  await page.getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: /Lưu trữ/ }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu trữ. Người dân không còn thấy cơ sở này.");
  await expect(page.getByRole("listitem").filter({ hasText: name })).toContainText("Đã lưu trữ");
  const gone = await residentPage.goto(residentUrl);
  expect(gone?.status()).toBe(404);
  await resident.close();
  // The browser logs the refused first save (400) as a failed resource; nothing else.
  expect(errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
});

test("an import with a wrong line names it and imports nothing", async ({ page }) => {
  await signInAsDemoAdmin(page);
  await page.goto("/staff/directory");
  await hydrated(page);
  const header =
    "id,name,kind,organization,description,offers,village,address,latitude,longitude," +
    "phone_1,phone_1_label,phone_2,phone_2_label,phone_3,phone_3_label," +
    "mon,tue,wed,thu,fri,sat,sun,closures,status,status_note";
  const empty = (n: number) => ",".repeat(n);
  const good = `,Thư viện thôn Đông Kết,thu_vien${empty(23)}`;
  const bad = `,Nhà thuốc Mới,bakery${empty(23)}`;
  await page.getByLabel("Tệp CSV").setInputFiles({
    name: "danh-ba.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\ufeff${header}\n${good}\n${bad}\n`, "utf8"),
  });
  await page.getByRole("button", { name: "Nhập tệp" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Chưa nhập dòng nào");
  await expect(alert).toContainText("Dòng 3 · Loại dịch vụ: ");
  await expect(page.getByRole("link", { name: "Thư viện thôn Đông Kết" })).toHaveCount(0);
});
