import { Browser, expect, Page } from "@playwright/test";
import { DEMO_ADMIN, hydrated, newResident, serviceWorkerControls, signIn, test, watchErrors } from "./helpers";

// Chromium's fake microphone (a beeping tone) and no permission prompt.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
    ],
  },
  permissions: ["microphone"],
});

/** Records about two seconds in the form's voice part and checks it can be heard before sending. */
async function recordVoice(page: Page, scope = page.locator("form")) {
  const part = scope.locator("[data-voice]");
  await expect(part.getByText("Ghi âm (không bắt buộc)")).toBeVisible();
  await part.getByRole("button", { name: "Bắt đầu ghi âm" }).click();
  await expect(part.getByRole("status")).toContainText("Đang ghi âm");
  await page.waitForTimeout(2200);
  await part.getByRole("button", { name: "Dừng ghi âm" }).click();
  await expect(part.getByRole("status")).toContainText("Đã ghi âm 0:0");
  await expect(part.locator("audio")).toBeVisible();
  await expect(part.getByRole("button", { name: "Xóa bản ghi âm" })).toBeVisible();
}

/** The voice note at `audio`'s address, as the server sends it. */
async function heard(page: Page, audio: ReturnType<Page["locator"]>) {
  const src = await audio.getAttribute("src");
  expect(src).toMatch(/^\/voice\/\d+$/);
  const response = await page.request.get(src!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("audio/webm");
  expect((await response.body()).length).toBeGreaterThan(1000);
}

async function fillShort(page: Page, text: string) {
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Điện và chiếu sáng" });
  await page.getByLabel("Nội dung phản ánh").fill(text);
  await page.waitForLoadState("networkidle");
}

async function staffPage(browser: Browser, baseURL: string, code: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL }]);
  const staff = await context.newPage();
  await signIn(staff, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  await staff.goto(`/staff/reports/${code}`);
  await expect(staff.getByText(code).first()).toBeVisible();
  return staff;
}

test("a villager says the problem aloud, types two words, and staff hear it and answer aloud", async ({
  page,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  await newResident(page, baseURL!, "Lò Văn Nói");
  await page.goto("/reports/new");
  await hydrated(page);
  await expect(page.getByText("Có ghi âm thì phần mô tả chỉ cần từ 3 ký tự.")).toBeVisible();
  await fillShort(page, "Đèn hỏng");
  await recordVoice(page);
  // The app is closed and opened again: the recording is still there.
  await page.waitForTimeout(500);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Nội dung phản ánh")).toHaveValue("Đèn hỏng");
  await expect(page.locator("[data-voice] audio")).toBeVisible();
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã gửi phản ánh" })).toBeVisible();
  const lead = await page.locator("p.lead").first().textContent();
  const code = lead!.match(/[A-Z]+-\d{4}-\d{6}/)![0];
  await expect(page.getByText(/Ghi âm · 0:0[1-3]/)).toBeVisible();
  await heard(page, page.locator(".voice-note audio"));

  // Staff hear it on the report's staff page and answer with a voice note.
  const staff = await staffPage(browser, baseURL!, code);
  await expect(staff.locator(".voice-note audio")).toHaveCount(1);
  const reply = staff.locator("form", { has: staff.locator("#reply-body") });
  await reply.locator("#reply-body").fill("Xã đã nghe, chiều nay thợ điện sẽ đến thay bóng.");
  await recordVoice(staff, reply);
  await reply.getByRole("button", { name: "Gửi", exact: true }).click();
  await expect(staff.locator(".timeline .voice-note audio")).toHaveCount(1);
  await staff.context().close();

  // The villager hears the answer on the report's page.
  await page.reload();
  await expect(page.locator(".timeline .voice-note audio")).toHaveCount(1);
  await heard(page, page.locator(".timeline .voice-note audio"));
  expect(errors).toEqual([]);
});

test("a voice note recorded without signal waits on the phone with its report and goes with it", async ({
  page,
  context,
  baseURL,
}) => {
  await newResident(page, baseURL!, "Lò Thị Chờ");
  await page.goto("/reports?mine=1");
  await hydrated(page);
  await serviceWorkerControls(page);
  await page.reload();
  await page.goto("/reports/new");
  await hydrated(page);

  await context.setOffline(true);
  const text = `Mất điện ${Date.now()}`;
  await fillShort(page, text);
  await recordVoice(page);
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page).toHaveURL(/\/reports\?mine=1$/);
  const waiting = page.locator("[data-outbox-list]");
  await expect(waiting.getByRole("heading", { name: "Đang chờ gửi (1)" })).toBeVisible();

  await context.setOffline(false);
  await expect(waiting).toContainText("Đã gửi phản ánh", { timeout: 20_000 });
  await waiting.getByRole("link", { name: /\d/ }).first().click();
  await expect(page.getByText(text)).toBeVisible();
  await heard(page, page.locator(".voice-note audio"));
});
