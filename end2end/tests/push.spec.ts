import { devices, expect } from "@playwright/test";
import { DEMO_ADMIN, hydrated, newResident, serviceWorkerControls, signIn, test, watchErrors } from "./helpers";
import { fakePushManager, PushService } from "./push-service";

test.use({ permissions: ["notifications"] });

test("a resident turns notifications on, and a staff reply reaches the phone encrypted", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const errors = watchErrors(page);
  const service = await PushService.start();
  try {
    await context.addInitScript(fakePushManager, service.subscription());
    await newResident(page, baseURL!, "Mai Thị Chuông");

    // The account page: off, then on with "all announcements".
    await page.goto("/account");
    await hydrated(page);
    await serviceWorkerControls(page);
    const section = page.locator("[data-push-settings]");
    await expect(section.getByText("Thông báo đang tắt trên điện thoại này.")).toBeVisible();
    await section.getByLabel("Tất cả thông báo và sự kiện").check();
    await section.getByRole("button", { name: "Bật thông báo" }).click();
    await expect(section.getByText("Thông báo đang bật trên điện thoại này.")).toBeVisible();
    await expect(section.getByRole("button", { name: "Tắt thông báo trên máy này" })).toBeVisible();
    // It subscribed with the server's 65-byte VAPID public key.
    expect(await page.evaluate(() => localStorage.getItem("xaso-test-server-key"))).toBe("65");
    // Opened again, the page shows this phone's choices.
    await page.reload();
    await expect(section.getByText("Thông báo đang bật trên điện thoại này.")).toBeVisible();
    await expect(section.getByLabel("Tất cả thông báo và sự kiện")).toBeChecked();

    // A report, and a reply from the commune.
    const categories = await (
      await page.request.get("/api/reports/form?commune=12364", { headers: { accept: "application/json" } })
    ).json();
    const filed = await page.request.post("/api/reports/file", {
      headers: { accept: "application/json" },
      form: {
        commune: "12364",
        "report[category]": String(categories.categories[0].id),
        "report[description]": "Cột điện nghiêng ở ngõ 3 thôn An Tảo",
      },
    });
    const code: string = await filed.json();
    const staff = await browser.newContext({ baseURL });
    const staffPage = await staff.newPage();
    await signIn(staffPage, DEMO_ADMIN.phone, DEMO_ADMIN.password);
    const replied = await staffPage.request.post("/api/staff/reports/reply", {
      headers: { accept: "application/json" },
      form: { code, body: "Điện lực sẽ dựng lại cột trong tuần." },
    });
    expect(replied.status()).toBe(200);

    // The test push service receives it, encrypted for this phone and signed.
    await expect.poll(() => service.received.length, { timeout: 20_000 }).toBe(1);
    const message = service.received[0];
    expect(message.path).toBe(new URL(service.endpoint).pathname);
    expect(message.headers["content-encoding"]).toBe("aes128gcm");
    const settings = await (
      await page.request.get("/api/push/settings", { headers: { accept: "application/json" } })
    ).json();
    const claims = service.checkVapid(message, settings.public_key);
    expect(claims.aud).toBe("http://127.0.0.1");
    const content = service.decrypt(message);
    expect(content).toMatchObject({
      body: "Cán bộ xã đã trả lời phản ánh.",
      url: `/reports/${code}`,
      lang: "vi",
    });
    expect(content.title).toContain(code);

    // An announcement of the commune reaches it too (the phone takes all of them).
    const posted = await staffPage.request.post("/api/staff/announcements/post", {
      headers: { accept: "application/json" },
      form: {
        "announcement[kind]": "event",
        "announcement[title]": "Ngày hội văn hóa thôn",
        "announcement[body]": "Mời bà con dự ngày hội tại nhà văn hóa sáng Chủ nhật.",
      },
    });
    expect(posted.status()).toBe(200);
    await expect.poll(() => service.received.length, { timeout: 20_000 }).toBe(2);
    expect(service.decrypt(service.received[1])).toMatchObject({ title: "Ngày hội văn hóa thôn" });
    await staff.close();

    // Everything pushed is in the notification centre too, unread.
    await page.goto("/reports/notifications");
    await expect(page.getByRole("link", { name: /Có trả lời mới/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /Ngày hội văn hóa thôn/ })).toBeVisible();
    await expect(page.locator(".nav-badge")).toContainText(/\d+ thông báo chưa đọc/);

    // Off again: the server forgets the phone.
    await page.goto("/account");
    await section.getByRole("button", { name: "Tắt thông báo trên máy này" }).click();
    await expect(section.getByText("Thông báo đang tắt trên điện thoại này.")).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    service.stop();
  }
});

test("the service worker shows a pushed message as a notification", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await page.goto("/");
  await hydrated(page);
  await serviceWorkerControls(page);
  // A real push event, delivered through the browser's DevTools protocol.
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r: any) => r.scopeURL.startsWith(baseURL!) && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  const payload = { title: "[KHẨN] Cảnh báo lũ", body: "Nước sông lên nhanh.", url: "/announcements/1", tag: "announcement-1", lang: "vi" };
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: new URL(baseURL!).origin,
    registrationId: await registration,
    data: JSON.stringify(payload),
  });
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return (await reg.getNotifications()).map((n) => [n.title, n.body, (n.data || {}).url]);
      }),
    )
    .toEqual([["[KHẨN] Cảnh báo lũ", "Nước sông lên nhanh.", "/announcements/1"]]);
});

test("on an iPhone outside the installed app, the account page shows how to add it to the home screen", async ({
  browser,
  baseURL,
}, testInfo) => {
  const iphone = devices["iPhone 13"];
  const context = await browser.newContext({
    baseURL,
    userAgent: iphone.userAgent,
    viewport: iphone.viewport,
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    await newResident(page, baseURL!, "Lý Thị Táo");
    await page.goto("/account");
    await hydrated(page);
    const section = page.locator("[data-push-settings]");
    await expect(section.getByText("Trên iPhone, hãy thêm Xã Số vào màn hình chính để nhận thông báo")).toBeVisible();
    await expect(section.getByText("Chọn “Thêm vào MH chính”, rồi nhấn “Thêm”.")).toBeVisible();
    await expect(section.getByRole("button", { name: "Bật thông báo" })).toBeHidden();
  } finally {
    await context.close();
  }
  void testInfo;
});
