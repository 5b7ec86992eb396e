import AxeBuilder from "@axe-core/playwright";
import { APIRequestContext, BrowserContext, expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, test, watchErrors } from "./helpers";

const PASSWORD = "lua-chin-vang-2026";

/** A mobile number nobody has used yet (03x… is a valid Vietnamese prefix). */
function newPhone(): string {
  return "03" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
}

async function chooseDemoCommune(context: BrowserContext, baseURL: string) {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL }]);
}

/** Signs a resident up through the API, as a form would, and signs them in. */
async function signUpByApi(request: APIRequestContext, phone: string, name: string) {
  const response = await request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone, name, password: PASSWORD, commune: "12364" },
  });
  expect(response.status()).toBe(200);
}

async function signIn(page: Page, phone: string, password: string) {
  await page.goto("/account");
  await hydrated(page);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("a resident signs up, signs out, and signs in again", async ({ page, context, baseURL }) => {
  const errors = watchErrors(page);
  await chooseDemoCommune(context, baseURL!);
  const phone = newPhone();
  await page.goto("/account");
  await hydrated(page);
  await page.getByRole("link", { name: "Đăng ký" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Đăng ký tài khoản" })).toBeVisible();
  await expect(page.locator("form").getByText("Xã Tiên Lữ")).toBeVisible();
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Họ và tên").fill("Nguyễn Thị Lụa");
  await page.getByLabel("Mật khẩu mới").fill(PASSWORD);
  await page.getByLabel("Thôn, tổ dân phố").selectOption({ label: "Thôn An Tảo" });
  await page.getByRole("button", { name: "Đăng ký" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Nguyễn Thị Lụa" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Đăng ký thành công. Chào mừng bạn!");
  await expect(page.getByLabel("Thôn, tổ dân phố")).toHaveValue(/\d+/);

  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Đăng nhập" })).toBeVisible();

  await signIn(page, phone, "mat-khau-sai-roi");
  await expect(page.getByRole("alert")).toHaveText("Số điện thoại hoặc mật khẩu không đúng.");

  await signIn(page, phone, PASSWORD);
  await expect(page.getByRole("heading", { level: 1, name: "Nguyễn Thị Lụa" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("repeated wrong passwords lock the number and say for how long", async ({ page }) => {
  const phone = newPhone();
  await signUpByApi(page.request, phone, "Trần Văn Khóa");
  await page.context().clearCookies();
  for (let attempt = 0; attempt < 5; attempt++) {
    await signIn(page, phone, `sai-mat-khau-${attempt}`);
    await expect(page.getByRole("alert")).toHaveText("Số điện thoại hoặc mật khẩu không đúng.");
  }
  await signIn(page, phone, PASSWORD);
  await expect(page.getByRole("alert")).toHaveText(
    "Bạn đã nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút.",
  );
  await expect(page.getByRole("heading", { level: 1, name: "Đăng nhập" })).toBeVisible();
});

test("sign-up refuses bad input with translated messages", async ({ page, context, baseURL }) => {
  await chooseDemoCommune(context, baseURL!);
  await page.goto("/account/signup");
  await hydrated(page);
  await page.getByLabel("Số điện thoại").fill("0212345678");
  await page.getByLabel("Họ và tên").fill("An");
  await page.getByLabel("Mật khẩu mới").fill("12345678");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByRole("alert")).toContainText("Số điện thoại không hợp lệ");
  await page.getByLabel("Số điện thoại").fill(newPhone());
  await page.getByLabel("Họ và tên").fill("An");
  await page.getByLabel("Mật khẩu mới").fill("12345678");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByRole("alert")).toContainText("Mật khẩu này quá phổ biến");
});

test.describe("before the WebAssembly loads", () => {
  test.use({ javaScriptEnabled: false });

  test("signing up and in works with plain forms", async ({ page, context, baseURL }) => {
    await chooseDemoCommune(context, baseURL!);
    const phone = newPhone();
    await page.goto("/account/signup");
    await page.getByLabel("Số điện thoại").fill(phone);
    await page.getByLabel("Họ và tên").fill("Lê Văn Chậm");
    await page.getByLabel("Mật khẩu mới").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Lê Văn Chậm" })).toBeVisible();
    await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
    await page.getByLabel("Số điện thoại").fill(phone);
    await page.getByLabel("Mật khẩu", { exact: true }).fill("sai-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("alert")).toHaveText("Số điện thoại hoặc mật khẩu không đúng.");
  });
});

test("a commune admin appoints a staff member, who then sees the staff menu", async ({
  browser,
  baseURL,
}) => {
  const staffPhone = newPhone();
  const otherPhone = newPhone();
  // Unique: both device projects appoint in the same demo commune at once.
  const staffName = `Phạm Thị Cán Bộ ${staffPhone.slice(-4)}`;

  // Two residents, each in their own browser.
  const staffContext = await browser.newContext({ baseURL });
  const staffPage = await staffContext.newPage();
  await signUpByApi(staffPage.request, staffPhone, staffName);
  await staffPage.goto("/");
  await hydrated(staffPage);
  await expect(staffPage.getByRole("link", { name: "Cán bộ" })).toHaveCount(0);

  const otherContext = await browser.newContext({ baseURL });
  const otherPage = await otherContext.newPage();
  await signUpByApi(otherPage.request, otherPhone, "Vũ Văn Dân");

  // The demo commune admin appoints the first one.
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await admin.getByRole("link", { name: "Cán bộ", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Khu vực cán bộ" })).toBeVisible();
  await admin.getByRole("link", { name: /Cán bộ của xã/ }).click();
  await admin.getByLabel("Số điện thoại").fill(staffPhone);
  await admin.getByRole("button", { name: "Bổ nhiệm" }).click();
  await expect(admin.getByRole("status")).toHaveText("Đã bổ nhiệm cán bộ.");
  await expect(admin.locator("strong", { hasText: staffName })).toBeVisible();

  // The appointed person now has the staff menu.
  await staffPage.reload();
  await hydrated(staffPage);
  await staffPage.getByRole("link", { name: "Cán bộ", exact: true }).click();
  await expect(staffPage.getByRole("heading", { level: 1, name: "Khu vực cán bộ" })).toBeVisible();
  await expect(staffPage.getByText("Cán bộ xã", { exact: true })).toBeVisible();
  await expect(staffPage.getByRole("link", { name: /Cấp mã đặt lại mật khẩu/ })).toBeVisible();

  // The other resident has no menu, and the staff area turns them away.
  await otherPage.goto("/");
  await hydrated(otherPage);
  await expect(otherPage.getByRole("link", { name: "Cán bộ", exact: true })).toHaveCount(0);
  const response = await otherPage.goto("/staff");
  expect(response?.status()).toBe(403);
  await expect(otherPage.getByRole("alert")).toHaveText("Bạn không có quyền xem hoặc làm việc này.");

  // The admin's audit log records the appointment.
  await admin.goto("/staff/audit");
  await expect(admin.getByText("bổ nhiệm cán bộ").first()).toBeVisible();

  for (const context of [staffContext, otherContext, adminContext]) await context.close();
});

test("account and staff pages have no accessibility violations", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  for (const path of ["/account", "/staff", "/staff/people", "/staff/villages", "/staff/reset", "/staff/audit", "/account/reset"]) {
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  }
});
