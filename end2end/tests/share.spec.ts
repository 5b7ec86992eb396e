import { expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, newResident, signIn, test, watchErrors } from "./helpers";

/** Stands in for the phone's share sheet: keeps what it was given. */
async function fakeShareSheet(page: Page) {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "share", {
      configurable: true,
      value: async (data: ShareData) => {
        (window as unknown as { shared: ShareData[] }).shared.push(data);
      },
    });
    (window as unknown as { shared: ShareData[] }).shared = [];
  });
}

const shared = (page: Page) => page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);

test("a directory entry goes to the share sheet, and its link opens the commune for someone who never visited", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await fakeShareSheet(page);
  await page.goto("/directory");
  await page.getByRole("link", { name: /Y tế/ }).click();
  await page.getByRole("link", { name: /Trạm Y tế xã Tiên Lữ/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Trạm Y tế xã Tiên Lữ" })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "Chia sẻ" }).click();
  await expect.poll(() => shared(page)).toHaveLength(1);
  const [data] = await shared(page);
  expect(data.title).toBe("Trạm Y tế xã Tiên Lữ");
  expect(data.url).toBe(page.url());
  expect(new URL(data.url!).pathname).toMatch(/^\/directory\/\d+$/);

  // A neighbour who has never opened the app follows the link: the entry,
  // and then the rest of the app, is about Xã Tiên Lữ.
  const neighbour = await browser.newContext({ baseURL });
  const other = await neighbour.newPage();
  await other.goto(data.url!);
  await expect(other.getByRole("heading", { level: 1, name: "Trạm Y tế xã Tiên Lữ" })).toBeVisible();
  await other.goto("/announcements");
  await expect(other.getByText("Hãy chọn xã, phường để xem thông báo.")).toHaveCount(0);
  await expect(other.locator("p.lead")).toContainText("Tiên Lữ");
  await neighbour.close();
  expect(errors).toEqual([]);
});

test("without a share sheet, a report's link is copied and the page says so", async ({ page, context, baseURL }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.addInitScript(() => {
    // Chromium on a desktop may have a share sheet: this phone has none.
    Object.defineProperty(navigator, "share", { configurable: true, value: undefined });
  });
  await newResident(page, baseURL!, "Người Chia Sẻ");
  const form = await page.request.get("/api/reports/form?commune=12364", { headers: { accept: "application/json" } });
  const category = (await form.json()).categories[0].id;
  const filed = await page.request.post("/api/reports/file", {
    headers: { accept: "application/json" },
    form: {
      commune: "12364",
      "report[category]": String(category),
      "report[description]": `Cống thoát nước tắc ở ngõ ${Date.now()}, nước tràn ra đường`,
    },
  });
  expect(filed.status()).toBe(200);
  const code: string = await filed.json();
  await page.goto(`/reports/${code}`);
  await hydrated(page);
  await page.getByRole("button", { name: "Chia sẻ" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã chép liên kết" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/reports/${code}`);
  expect(errors).toEqual([]);
});

test("an announcement goes to the share sheet with its title", async ({ page, context, baseURL }) => {
  const errors = watchErrors(page);
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const title = `Lịch cắt điện sáng Chủ nhật ${Date.now()}`;
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  const posted = await page.request.post("/api/staff/announcements/post", {
    headers: { accept: "application/json" },
    form: {
      "announcement[kind]": "notice",
      "announcement[title]": title,
      "announcement[body]": "Cắt điện từ 8 giờ đến 11 giờ sáng Chủ nhật để sửa đường dây.",
    },
  });
  expect(posted.status()).toBe(200);
  const id = await posted.json();
  await fakeShareSheet(page);
  await page.goto(`/announcements/${id}`);
  await hydrated(page);
  await page.getByRole("button", { name: "Chia sẻ" }).click();
  await expect.poll(() => shared(page)).toHaveLength(1);
  const [data] = await shared(page);
  expect(data.title).toBe(title);
  expect(data.url).toBe(`${baseURL}/announcements/${id}`);
  expect(errors).toEqual([]);
});
