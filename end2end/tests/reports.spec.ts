import { Browser, expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, signIn, test, watchErrors } from "./helpers";

const PASSWORD = "lua-chin-vang-2026";
/** A 64×48 PNG photo (two colours). */
const PHOTO_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAR0lEQVR4nO3PMQ0AAAzDsCEZfyiFNQp7+lnKHcmT3WrlfQYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA4NsBkK8wtb0057sAAAAASUVORK5CYII=";

test.use({
  geolocation: { latitude: 20.6731, longitude: 106.1295 },
  permissions: ["geolocation"],
});

function newPhone(): string {
  return "03" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
}

/** The demo commune's admin, in a browser of their own, on the report's staff page. */
async function staffOpens(browser: Browser, baseURL: string, code: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL }]);
  const staff = await context.newPage();
  await signIn(staff, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await staff.goto("/staff");
  await staff.getByRole("link", { name: /Phản ánh cần xử lý/ }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Phản ánh cần xử lý" })).toBeVisible();
  await staff.getByRole("link", { name: new RegExp(code) }).click();
  await expect(staff.getByText(code).first()).toBeVisible();
  return staff;
}

test("a resident reports a pothole, staff resolve it twice, the resident confirms and rates", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const phone = newPhone();
  const signUp = await page.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone, name: "Đỗ Văn Báo", password: PASSWORD, commune: "12364" },
  });
  expect(signUp.status()).toBe(200);

  // File the report with the phone's position.
  await page.goto("/reports");
  await hydrated(page);
  await page.getByRole("link", { name: "+ Gửi phản ánh" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Gửi phản ánh" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Giao thông" });
  await page.getByLabel("Nội dung phản ánh").fill("Ổ gà lớn giữa đường trục thôn An Tảo, xe máy dễ ngã");
  await page.getByLabel("Thôn, tổ dân phố").selectOption({ label: "Thôn An Tảo" });
  await page.getByLabel("Ảnh (tối đa 4)").setInputFiles({
    name: "o-ga.png",
    mimeType: "image/png",
    buffer: Buffer.from(PHOTO_PNG, "base64"),
  });
  await page.getByRole("button", { name: "Dùng vị trí hiện tại" }).click();
  await expect(page.getByText("Đã lấy vị trí: 20.673100, 106.129500")).toBeVisible();
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã gửi phản ánh" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Giao thông" })).toBeVisible();
  const lead = await page.locator("p.lead").first().textContent();
  const code = lead!.match(/[A-Z]+-\d{4}-\d{6}/)![0];
  await expect(page.getByRole("link", { name: "Xem trên OpenStreetMap" })).toHaveAttribute("href", /mlat=20\.673100/);
  await expect(page.getByText("Mới gửi", { exact: true })).toBeVisible();
  // The photo was shrunk in the browser, cleaned on the server, and is shown.
  const photo = page.getByRole("img", { name: "Ảnh 1" });
  await expect(photo).toBeVisible();
  // Visible as soon as its box is laid out: decoded once it has a width.
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Staff acknowledge and resolve it with a reply.
  const staff = await staffOpens(browser, baseURL!, code);
  await staff.getByRole("button", { name: "Tiếp nhận" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Đã cập nhật phản ánh." })).toBeVisible();
  // Given to the admin herself.
  await staff.getByLabel("Người xử lý").selectOption({ label: "Nguyễn Thị Hoa" });
  await staff.getByRole("button", { name: "Giao việc" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Đã cập nhật phản ánh." })).toBeVisible();
  await expect(staff.getByLabel("Người xử lý")).toHaveValue(/\d+/);
  await staff.getByLabel("Trả lời người dân: đã làm gì").fill("Đội giao thông đã vá ổ gà sáng nay.");
  // With a photo of the repaired road.
  await staff.locator("#step-resolve-photos").setInputFiles({
    name: "da-va.png",
    mimeType: "image/png",
    buffer: Buffer.from(PHOTO_PNG, "base64"),
  });
  await staff.getByRole("button", { name: "Đã xử lý xong" }).click();
  await expect(staff.getByText("Đội giao thông đã vá ổ gà sáng nay.")).toBeVisible();

  // The resident is notified, opens the notification, sees the timeline and
  // says "not yet": back in the queue.
  await page.goto("/reports");
  // Two about the report (other tests' announcements to the whole commune may add more).
  await expect(page.locator(".nav-badge")).toContainText(/\d+ thông báo chưa đọc/);
  await page.getByRole("link", { name: /Thông báo của tôi \(\d+ mới\)/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thông báo của tôi" })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(code) })).toHaveCount(2);
  await page.getByRole("link", { name: /Đã xử lý xong/ }).first().click();
  await expect(page.getByText("Đội giao thông đã vá ổ gà sáng nay.")).toBeVisible();
  await expect(page.locator(".timeline img")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Vấn đề đã được khắc phục chưa?" })).toBeVisible();
  await page.getByRole("button", { name: "Chưa, vẫn còn" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã mở lại phản ánh" })).toBeVisible();
  await expect(page.getByText("Đang xử lý", { exact: true }).first()).toBeVisible();
  // The reopening sets a new deadline from today, shown in the timeline.
  await expect(page.locator(".timeline .deadline")).toHaveText(/^Hạn xử lý mới: \d{2}\/\d{2}\/\d{4}/);

  await staff.goto("/staff/reports");
  await staff.getByLabel("Người xử lý").selectOption({ label: "Giao cho tôi" });
  await staff.getByRole("button", { name: "Lọc" }).click();
  await expect(staff.getByRole("link", { name: new RegExp(code) })).toBeVisible();
  await staff.getByRole("link", { name: new RegExp(code) }).click();
  await expect(staff.locator(".timeline .deadline")).toHaveText(/^Hạn xử lý mới: /);
  await staff.getByLabel("Trả lời người dân: đã làm gì").fill("Đã trải nhựa lại toàn bộ đoạn đường.");
  await staff.getByRole("button", { name: "Đã xử lý xong" }).click();
  await expect(staff.getByText("Đã trải nhựa lại toàn bộ đoạn đường.")).toBeVisible();
  await staff.context().close();

  // Fixed this time: the resident confirms and rates.
  await page.reload();
  await page.getByRole("button", { name: "Đã khắc phục" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Phản ánh đã đóng" })).toBeVisible();
  await page.getByLabel("5 – Rất hài lòng").check();
  await page.getByLabel("Góp ý thêm (không bắt buộc)").fill("Cảm ơn xã đã xử lý nhanh.");
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByText("Bạn đã đánh giá 5/5.")).toBeVisible();

  // It is in "Mine", closed.
  await page.goto("/reports?mine=1");
  await expect(page.getByRole("link", { name: new RegExp(code) })).toContainText("Đã đóng");
  expect(errors).toEqual([]);
});

test("a report that is too short is refused with the reason, and what was typed stays", async ({
  page,
  context,
  baseURL,
}) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const signUp = await page.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone: newPhone(), name: "Vũ Thị Ngắn", password: PASSWORD, commune: "12364" },
  });
  expect(signUp.status()).toBe(200);
  await page.goto("/reports/new");
  await hydrated(page);
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Môi trường và rác thải" });
  // Past the browser's own minlength check: only spaces around a short word.
  await page.getByLabel("Nội dung phản ánh").fill("rác            ");
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page.getByRole("alert")).toHaveText("Nội dung quá ngắn: hãy viết ít nhất 10 ký tự (3 ký tự nếu có ghi âm).");
  await expect(page.getByLabel("Lĩnh vực")).not.toHaveValue("");
});

test("without an account, the report form asks to sign in", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await page.goto("/reports/new");
  await expect(page.getByText("Hãy đăng nhập để gửi phản ánh.", { exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: "Đăng nhập" }).last()).toHaveAttribute("href", "/account");
});

test("before sending, open reports of the same kind in the same village are offered", async ({
  page,
  context,
  baseURL,
}) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  // Someone else already reported a blocked drain in Thôn Nhật Tân.
  const other = await page.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone: newPhone(), name: "Lý Văn Trước", password: PASSWORD, commune: "12364" },
  });
  expect(other.status()).toBe(200);
  const form = await page.request.get("/api/reports/form?commune=12364", {
    headers: { accept: "application/json" },
  });
  const { categories, villages } = await form.json();
  const drains = categories.find((c: { name: string }) => c.name === "Thủy lợi và ngập úng");
  const village = villages.find((v: [number, string]) => v[1] === "Thôn Nhật Tân");
  const filed = await page.request.post("/api/reports/file", {
    headers: { accept: "application/json" },
    form: {
      commune: "12364",
      "report[category]": String(drains.id),
      "report[description]": "Mương thoát nước thôn Nhật Tân bị tắc, nước tràn vào nhà",
      "report[village]": String(village[0]),
    },
  });
  expect(filed.status()).toBe(200);
  const code: string = await filed.json();

  // A second person (here the same browser, signed in again as someone new).
  const second = await page.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone: newPhone(), name: "Mai Thị Sau", password: PASSWORD, commune: "12364" },
  });
  expect(second.status()).toBe(200);
  await page.goto("/reports/new");
  await hydrated(page);
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Thủy lợi và ngập úng" });
  await page.getByLabel("Thôn, tổ dân phố").selectOption({ label: "Thôn Nhật Tân" });
  await expect(page.getByRole("heading", { name: "Có thể đã có người phản ánh vấn đề này" })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(code) }).click();
  await expect(page.getByRole("button", { name: "Tôi cũng gặp vấn đề này" })).toBeVisible();
});
