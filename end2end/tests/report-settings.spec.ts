import { expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, offlineTiles, signIn, test, watchErrors } from "./helpers";

const PASSWORD = "lua-chin-vang-2026";
test.use({
  geolocation: { latitude: 20.6731, longitude: 106.1295 },
  permissions: ["geolocation"],
});

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await offlineTiles(context);
});

/** Each run (and each browser project) works on names of its own. */
const unique = () => String(Math.floor(Math.random() * 1e6));

async function openSettings(page: Page) {
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await page.goto("/staff");
  await page.getByRole("link", { name: /Cài đặt xử lý phản ánh/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cài đặt xử lý phản ánh" })).toBeVisible();
}

/** A form of the settings page, found by its heading. */
const formWith = (page: Page, heading: string) =>
  page.locator("form").filter({ has: page.getByRole("heading", { name: heading }) });

/** A resident signed up in this browser who files a report through the API; returns its code. */
async function residentFiles(page: Page, description: string): Promise<string> {
  const phone = "03" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const signUp = await page.request.post("/api/account/sign-up", {
    headers: { accept: "application/json" },
    form: { phone, name: "Phạm Thị Gửi", password: PASSWORD, commune: "12364" },
  });
  expect(signUp.status()).toBe(200);
  const form = await page.request.get("/api/reports/form?commune=12364", {
    headers: { accept: "application/json" },
  });
  const category = (await form.json()).categories[0].id;
  const filed = await page.request.post("/api/reports/file", {
    headers: { accept: "application/json" },
    form: { commune: "12364", "report[category]": String(category), "report[description]": description },
  });
  expect(filed.status()).toBe(200);
  return await filed.json();
}

test("the commune admin adds a category, a reply template and an Open311 key; staff reply from the template", async ({
  page,
}) => {
  const errors = watchErrors(page);
  const n = unique();
  await openSettings(page);

  // A new category, then one whose name is taken: refused with the reason.
  const add = formWith(page, "Thêm danh mục");
  await add.getByLabel("Tên danh mục").fill(`Cây xanh ${n}`);
  await add.getByLabel("Thời hạn giải quyết (ngày làm việc)").fill("3");
  await add.getByRole("button", { name: "Thêm danh mục" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu cài đặt." })).toBeVisible();
  await expect(page.locator(`input[value="Cây xanh ${n}"]`)).toBeVisible();
  await formWith(page, "Thêm danh mục").getByLabel("Tên danh mục").fill("giao thông");
  await formWith(page, "Thêm danh mục").getByRole("button", { name: "Thêm danh mục" }).click();
  await expect(page.getByRole("alert")).toContainText("Xã đã có danh mục tên này.");

  // A reply template for roads.
  const template = formWith(page, "Thêm mẫu trả lời");
  await template.getByLabel("Lĩnh vực").selectOption({ label: "Giao thông" });
  await template.getByLabel("Tên mẫu").fill(`Đã vá đường ${n}`);
  await template.getByLabel("Nội dung").fill(`Đội giao thông xã đã vá mặt đường (${n}). Cảm ơn bạn đã phản ánh.`);
  await template.getByRole("button", { name: "Thêm mẫu trả lời" }).click();
  await expect(page.getByText(`Đã vá đường ${n}`)).toBeVisible();

  // A key for the call centre, shown once.
  const keyForm = formWith(page, "Cấp khóa mới");
  await keyForm.getByLabel("Hệ thống dùng khóa").fill(`Tổng đài ${n}`);
  await keyForm.getByRole("button", { name: "Cấp khóa mới" }).click();
  await expect(page.getByText("Khóa mới. Hãy sao chép ngay: khóa chỉ hiện một lần.")).toBeVisible();
  const key = (await page.locator("code.secret").textContent())!.trim();
  expect(key).toMatch(/^xaso_[0-9a-f]{40}$/);

  // The call centre files a road report with it.
  const posted = await page.request.post("/open311/v2/requests.json", {
    form: {
      api_key: key,
      jurisdiction_id: "12364",
      service_code: "giao_thong",
      description: `Người dân gọi tổng đài: ổ gà trước cổng trường (${n})`,
      address_string: "Trước cổng trường tiểu học Tiên Lữ",
    },
  });
  expect(posted.status()).toBe(201);
  const code = (await posted.json())[0].service_request_id;
  const refused = await page.request.post("/open311/v2/requests.json", {
    form: { api_key: "xaso_sai", service_code: "giao_thong", description: "Không có khóa đúng thì không gửi được" },
  });
  expect(refused.status()).toBe(403);

  // Staff answer it from the template, adjusting nothing.
  await page.goto(`/staff/reports/${code}`);
  await hydrated(page);
  await expect(page.getByText("Trước cổng trường tiểu học Tiên Lữ")).toBeVisible();
  await page.getByLabel("Bắt đầu từ mẫu trả lời").selectOption({ label: `Đã vá đường ${n}` });
  await expect(page.getByLabel("Nội dung", { exact: true })).toHaveValue(/Đội giao thông xã đã vá mặt đường/);
  await page.getByRole("button", { name: "Gửi", exact: true }).click();
  await expect(page.locator(".timeline")).toContainText(`Đội giao thông xã đã vá mặt đường (${n})`);

  // The key is revoked; the unused category removed.
  await page.goto("/staff/settings");
  const keyItem = page.locator("li").filter({ hasText: `Tổng đài ${n}` });
  await expect(keyItem).toContainText("1 phản ánh đã gửi");
  await keyItem.getByRole("button", { name: "Thu hồi" }).click();
  await expect(page.locator("li").filter({ hasText: `Tổng đài ${n}` })).toContainText("Đã thu hồi");
  const category = page.locator("li").filter({ has: page.locator(`input[value="Cây xanh ${n}"]`) });
  await category.getByRole("button", { name: "Xóa" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu cài đặt." })).toBeVisible();
  await expect(page.locator(`input[value="Cây xanh ${n}"]`)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("working hours with a wrong day are refused with the day named; days off are kept", async ({ page }) => {
  await openSettings(page);
  const form = page.locator("form", { has: page.locator("#working-mon") });
  await page.locator("#working-tue").fill("13:30-07:30");
  await form.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Thứ Ba");
  // Government hours, with the national day off.
  for (const day of ["mon", "tue", "wed", "thu", "fri"]) {
    await page.locator(`#working-${day}`).fill("07:30-11:30, 13:30-17:00");
  }
  await page.locator("#working-sat").fill("");
  await page.locator("#working-sun").fill("");
  await page.locator("#working-holidays").fill("02/09/2027 Quốc khánh");
  await form.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu cài đặt." })).toBeVisible();
  await expect(page.locator("#working-holidays")).toHaveValue(/02\/09\/2027 Quốc khánh/);
  await expect(page.locator("#working-tue")).toHaveValue("07:30-11:30, 13:30-17:00");
});

test("staff hide an abusive report text, residents see that it was hidden, the admin shows it again", async ({
  page,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  const n = unique();
  const text = `Ông hàng xóm ${n} là kẻ trộm, mọi người tránh xa`;
  const excerpt = `«Ông hàng xóm ${n} là kẻ trộm, mọi…»`;
  const code = await residentFiles(page, text);
  await page.goto(`/reports/${code}`);
  await expect(page.getByText(text)).toBeVisible();

  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  const staff = await context.newPage();
  await signIn(staff, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await staff.goto(`/staff/reports/${code}`);
  await staff.getByText("Kiểm duyệt").click();
  await staff.getByLabel("Ẩn khỏi công chúng").selectOption({ label: excerpt });
  await staff.getByLabel("Lý do ẩn (ghi vào nhật ký)").fill("Xúc phạm người khác");
  await staff.getByRole("button", { name: "Ẩn khỏi công chúng" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Đã ẩn với người dân" })).toBeVisible();
  // Staff still read it, marked.
  await expect(staff.getByText(text)).toBeVisible();
  await expect(staff.getByText("Đã ẩn với người dân", { exact: true })).toBeVisible();
  // The audit log has it.
  await staff.goto("/staff/audit");
  await expect(staff.getByText(new RegExp(`${code}.*Xúc phạm người khác`))).toBeVisible();

  await page.reload();
  await expect(page.getByText("Nội dung này đã được cán bộ xã ẩn.")).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);

  // The admin shows it again, with a reason, also audited.
  await staff.goto(`/staff/reports/${code}`);
  await staff.getByText("Kiểm duyệt").click();
  await staff.getByLabel("Hiện lại cho người dân").selectOption({ label: excerpt });
  await staff.getByLabel("Lý do hiện lại (ghi vào nhật ký)").fill("Người gửi đã xin lỗi, xã cho hiện lại");
  await staff.getByRole("button", { name: "Hiện lại cho người dân" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Đã hiện lại với người dân" })).toBeVisible();
  await expect(staff.getByText("Đã ẩn với người dân", { exact: true })).toHaveCount(0);
  await staff.goto("/staff/audit");
  await expect(staff.getByText(new RegExp(`${code}.*xã cho hiện lại`))).toBeVisible();
  await context.close();

  await page.reload();
  await expect(page.getByText(text)).toBeVisible();
  await expect(page.getByText("Nội dung này đã được cán bộ xã ẩn.")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a resident pins the place on the map, and the report shows on the commune's map", async ({ page }) => {
  const errors = watchErrors(page);
  const n = unique();
  await residentFiles(page, `Đèn đường hỏng ở ngõ ${n}, tối không nhìn thấy đường`);
  await page.goto("/reports/new");
  await hydrated(page);
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Điện và chiếu sáng" });
  await page.getByLabel("Nội dung phản ánh").fill(`Cột điện nghiêng ở ngõ ${n}, có thể đổ`);
  await page.getByText("Chọn trên bản đồ").click();
  const picker = page.locator("[data-pick-map]");
  await expect(picker).toHaveAttribute("data-ready", "map");
  await picker.click({ position: { x: 120, y: 90 } });
  await expect(page.locator('input[name="report[latitude]"]')).toHaveValue(/^\d+\.\d{6}$/);
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã gửi phản ánh" })).toBeVisible();
  const lead = await page.locator("p.lead").first().textContent();
  const code = lead!.match(/[A-Z]+-\d{4}-\d{6}/)![0];
  await expect(page.getByRole("link", { name: "Xem trên OpenStreetMap" })).toBeVisible();

  await page.goto("/reports");
  await hydrated(page);
  await page.getByRole("link", { name: "Bản đồ", exact: true }).click();
  const map = page.locator("[data-report-map]");
  await expect(map).toHaveAttribute("data-ready", "map");
  const marker = map.locator(`[data-code="${code}"]`);
  await expect(marker).toHaveCount(1);
  // Other runs may have pinned the same spot: the event goes to this marker itself.
  await marker.dispatchEvent("click");
  await map.getByRole("link", { name: new RegExp(code) }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Điện và chiếu sáng" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the list of reports filters by category and village", async ({ page }) => {
  await page.goto("/reports");
  await hydrated(page);
  await expect(page.getByLabel("Lĩnh vực")).toBeHidden();
  await page.getByText("Lọc theo lĩnh vực, thôn").click();
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Nước sạch" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/category=\d+/);
  await expect(page.getByLabel("Lĩnh vực")).toHaveValue(/\d+/);
  for (const item of await page.locator(".reports .report-item strong").allTextContents()) {
    expect(item).toContain("Nước sạch");
  }
});
