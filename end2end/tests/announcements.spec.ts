import AxeBuilder from "@axe-core/playwright";
import { expect } from "@playwright/test";
import { DEMO_ADMIN, hydrated, signIn, test, watchErrors } from "./helpers";

test("staff post an urgent alert and a notice; residents see the alert first, also on the home page", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  const stamp = Date.now();
  const alert = `Cảnh báo lũ sông Luộc ${stamp}`;
  const notice = `Lịch tiêm chủng tháng 12 ${stamp}`;

  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await page.goto("/staff");
  await page.getByRole("link", { name: /Thông báo cho người dân/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thông báo cho người dân" })).toBeVisible();
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);

  // A notice for one village, shown until the end of a day far ahead.
  await page.getByLabel("Thông báo", { exact: true }).check();
  await page.getByLabel("Tiêu đề").fill(notice);
  await page.getByLabel("Nội dung").fill("Trạm y tế xã tiêm chủng mở rộng sáng thứ Bảy, bà con mang sổ tiêm.");
  await page.getByLabel("Thôn An Tảo").check();
  await page.getByLabel(/Hiển thị đến ngày/).fill("2099-12-31");
  await page.getByRole("button", { name: "Đăng và gửi thông báo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã đăng thông báo" })).toBeVisible();
  await expect(page.locator("article").filter({ hasText: notice })).toContainText("Gửi: Thôn An Tảo");
  await expect(page.locator("article").filter({ hasText: notice })).toContainText("hiển thị đến 31/12/2099 23:59");

  // An urgent alert for the whole commune; a title left empty is refused first.
  await page.getByLabel("Cảnh báo khẩn").check();
  await page.getByLabel("Tiêu đề").fill("   ");
  await page.getByLabel("Nội dung").fill("Nước sông Luộc lên nhanh, bà con vùng bãi di chuyển tài sản lên cao.");
  await page.getByRole("button", { name: "Đăng và gửi thông báo" }).click();
  await expect(page.getByRole("alert")).toContainText("Hãy nhập tiêu đề thông báo.");
  await page.getByLabel("Cảnh báo khẩn").check();
  await page.getByLabel("Tiêu đề").fill(alert);
  await page.getByLabel("Nội dung").fill("Nước sông Luộc lên nhanh, bà con vùng bãi di chuyển tài sản lên cao.");
  await page.getByRole("button", { name: "Đăng và gửi thông báo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã đăng thông báo" })).toBeVisible();

  // A resident, anonymous: the commune's home page shows the alert first.
  const resident = await browser.newContext({ baseURL });
  await resident.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const home = await resident.newPage();
  await home.goto("/");
  await hydrated(home);
  const section = home.getByRole("region", { name: "Thông báo mới" });
  await expect(section.locator("article").first()).toContainText(alert);
  await expect(section.locator("article").first()).toContainText("Cảnh báo khẩn");
  await section.getByRole("link", { name: "Xem tất cả thông báo" }).click();
  await expect(home.getByRole("heading", { level: 1, name: "Thông báo của xã" })).toBeVisible();
  await expect(home.getByRole("link", { name: alert })).toBeVisible();
  const titles = await home.locator("article h2").allTextContents();
  expect(titles.indexOf(alert)).toBeLessThan(titles.indexOf(notice));
  expect(titles.indexOf(notice)).toBeGreaterThan(-1);
  await hydrated(home);
  const axe = await new AxeBuilder({ page: home }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await home.getByRole("link", { name: alert }).click();
  await expect(home).toHaveURL(/\/announcements\/\d+$/);
  await expect(home.locator("article")).toContainText("bà con vùng bãi");

  // Withdrawn by staff: gone for residents.
  await page.locator("article").filter({ hasText: alert }).locator("xpath=following-sibling::div[1]")
    .getByRole("button", { name: "Gỡ thông báo này" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã gỡ thông báo." })).toBeVisible();
  await home.goto("/announcements");
  await expect(home.getByText(notice)).toBeVisible();
  await expect(home.getByText(alert)).toHaveCount(0);
  await resident.close();
  expect(errors).toEqual([]);
});

test("staff edit an announcement, a refused edit keeps its form, and residents read the new text", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  const stamp = Date.now();
  const title = `Họp thôn An Tảo ${stamp}`;
  const edited = `Họp hai thôn dời sang thứ Bảy ${stamp}`;
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await page.goto("/staff/announcements");
  await hydrated(page);
  await page.getByLabel("Sự kiện").check();
  await page.getByLabel("Tiêu đề").fill(title);
  await page.getByLabel("Nội dung").fill("Họp tối thứ Sáu tại nhà văn hóa thôn, 19 giờ.");
  await page.getByLabel("Thôn An Tảo").check();
  await page.getByRole("button", { name: "Đăng và gửi thông báo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã đăng thông báo" })).toBeVisible();

  // The edit form comes filled in with what it says now.
  await page.locator("article").filter({ hasText: title }).locator("xpath=following-sibling::div[1]")
    .getByRole("link", { name: "Sửa thông báo này" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Sửa thông báo" })).toBeVisible();
  await expect(page.getByLabel("Tiêu đề")).toHaveValue(title);
  await expect(page.getByLabel("Thôn An Tảo")).toBeChecked();
  await expect(page.getByLabel("Sự kiện")).toBeChecked();
  await hydrated(page);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // A title left empty is refused, and the edit form stays.
  await page.getByLabel("Tiêu đề").fill("   ");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByRole("alert")).toContainText("Hãy nhập tiêu đề thông báo.");
  await expect(page.getByRole("heading", { level: 2, name: "Sửa thông báo" })).toBeVisible();

  await page.getByLabel("Tiêu đề").fill(edited);
  await page.getByLabel("Nội dung").fill(`Dời sang tối thứ Bảy, 19 giờ 30, tại nhà văn hóa thôn An Tảo (${stamp}).`);
  await page.getByLabel("Thôn Lệ Chi").check();
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu thông báo đã sửa." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Đăng thông báo mới" })).toBeVisible();
  await expect(page.locator("article").filter({ hasText: edited })).toContainText("Thôn An Tảo");
  await expect(page.locator("article").filter({ hasText: edited })).toContainText("Thôn Lệ Chi");
  await page.goto("/staff/audit");
  await expect(page.getByText(`«${title}» → «${edited}»`)).toBeVisible();

  // Residents read the new text only.
  const resident = await browser.newContext({ baseURL });
  await resident.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const reader = await resident.newPage();
  await reader.goto("/announcements");
  await expect(reader.getByRole("link", { name: edited })).toBeVisible();
  await expect(reader.getByText(`nhà văn hóa thôn An Tảo (${stamp})`)).toBeVisible();
  await expect(reader.getByText(title)).toHaveCount(0);
  await resident.close();
  expect(errors).toEqual([]);
});
