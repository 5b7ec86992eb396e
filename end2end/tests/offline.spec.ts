import { APIRequestContext, expect, Page } from "@playwright/test";
import { hydrated, newResident, serviceWorkerControls, test, watchErrors } from "./helpers";

/** A 64×48 PNG photo (two colours). */
const PHOTO_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAR0lEQVR4nO3PMQ0AAAzDsCEZfyiFNQp7+lnKHcmT3WrlfQYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA4NsBkK8wtb0057sAAAAASUVORK5CYII=";

const resident = (page: Page, baseURL: string) => newResident(page, baseURL, "Trương Thị Sóng");

/** The person's reports as the server has them (asked from outside the browser). */
async function reportsOnServer(page: Page, request: APIRequestContext, text: string) {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "xaso_session")!.value;
  const response = await request.get("/api/reports/list?commune=12364&mine=1", {
    headers: { accept: "application/json", cookie: `xaso_session=${session}` },
  });
  expect(response.ok()).toBeTruthy();
  const list = await response.json();
  return list.reports.filter((r: any) => r.excerpt.startsWith(text.slice(0, 20)));
}

/** Opens "My reports" and the form once with signal, so both are saved for offline use. */
async function openWithSignal(page: Page) {
  await page.goto("/reports?mine=1");
  await hydrated(page);
  await serviceWorkerControls(page);
  // Seen once more now that the worker controls the page: it keeps a copy.
  await page.reload();
  await hydrated(page);
  await page.goto("/reports/new");
  await expect(page.getByRole("heading", { level: 1, name: "Gửi phản ánh" })).toBeVisible();
  await hydrated(page);
}

async function fillReport(page: Page, text: string) {
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Môi trường và rác thải" });
  await page.getByLabel("Nội dung phản ánh").fill(text);
  await page.getByLabel("Thôn, tổ dân phố").selectOption({ label: "Thôn An Tảo" });
  await page.getByLabel("Ảnh (tối đa 4)").setInputFiles({
    name: "rac.png",
    mimeType: "image/png",
    buffer: Buffer.from(PHOTO_PNG, "base64"),
  });
  // Open reports nearby are looked up as the place is chosen; their card moves
  // the button down, so the tap waits until it is there.
  await page.waitForLoadState("networkidle");
}

test("a report filed without signal waits on the phone and reaches the server once", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const errors = watchErrors(page);
  await resident(page, baseURL!);
  await openWithSignal(page);
  const text = `Bãi rác tự phát cạnh kênh thôn An Tảo ${Date.now()}`;

  await context.setOffline(true);
  await fillReport(page, text);
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  // "My reports", from the phone's copy, with the report waiting.
  await expect(page).toHaveURL(/\/reports\?mine=1$/);
  const waiting = page.locator("[data-outbox-list]");
  await expect(waiting.getByRole("heading", { name: "Đang chờ gửi (1)" })).toBeVisible();
  await expect(waiting).toContainText("Môi trường và rác thải");
  await expect(waiting).toContainText("Chờ có mạng để gửi");

  // The app is opened again, still without signal: the report still waits.
  await page.reload();
  await expect(page.locator("[data-outbox-list]").getByRole("heading", { name: "Đang chờ gửi (1)" })).toBeVisible();
  expect(await reportsOnServer(page, request, text)).toHaveLength(0);

  // Edited before it goes: the new words are what the server gets.
  await page.locator("[data-outbox-list]").getByRole("link", { name: "Sửa" }).click();
  await expect(page.getByText("Bạn đang sửa một phản ánh đang chờ gửi.")).toBeVisible();
  await expect(page.getByLabel("Nội dung phản ánh")).toHaveValue(text);
  const edited = `${text} (rác đã tràn xuống kênh)`;
  await page.getByLabel("Nội dung phản ánh").fill(edited);
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page).toHaveURL(/\/reports\?mine=1$/);
  await expect(page.locator("[data-outbox-list]")).toContainText("(rác đã tràn xuống kênh)");

  // The signal returns: the report goes by itself, once, with its photo.
  await context.setOffline(false);
  await expect(page.locator("[data-outbox-list]")).toContainText("Đã gửi phản ánh", { timeout: 20_000 });
  await expect(page.locator("[data-outbox-list] h2")).toHaveCount(0);
  const filed = await reportsOnServer(page, request, text);
  expect(filed).toHaveLength(1);
  expect(filed[0].excerpt).toContain("tràn xuống kênh");
  await page.locator("[data-outbox-list]").getByRole("link", { name: filed[0].code }).click();
  await expect(page.getByRole("img", { name: "Ảnh 1" })).toBeVisible();
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
});

test("a report whose answer is lost on the way is still filed once", async ({ page, baseURL, request }) => {
  await resident(page, baseURL!);
  await openWithSignal(page);
  const text = `Cống ngầm đầu xóm bị vỡ ${Date.now()}`;
  // The server gets the first upload, but its answer never reaches the phone.
  let uploads = 0;
  await page.route("**/reports/upload", async (route) => {
    uploads += 1;
    if (uploads === 1) {
      await route.fetch();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  await fillReport(page, text);
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page).toHaveURL(/\/reports\?mine=1$/);
  expect(uploads).toBe(1);
  expect(await reportsOnServer(page, request, text)).toHaveLength(1);
  // It waited on the phone and is sent again (by the service worker as the app
  // starts, or by the person): the outbox empties only once an answer arrives,
  // and the server knew the report already.
  const list = page.locator("[data-outbox-list]");
  const send = list.getByRole("button", { name: "Gửi ngay" });
  // The service worker may send it between seeing the button and tapping it,
  // and the button goes with the sent report: a tap that finds no button has
  // nothing left to do, but a button still there must take the tap.
  if (await send.isVisible()) {
    await send.click({ timeout: 5_000 }).catch(async (error) => {
      if ((await send.count()) > 0) throw error;
    });
  }
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const open = indexedDB.open("xaso", 1);
              open.onsuccess = () => {
                const count = open.result.transaction("outbox").objectStore("outbox").count();
                count.onsuccess = () => resolve(count.result);
              };
            }),
        ),
      { timeout: 20_000 },
    )
    .toBe(0);
  await expect(list.locator("h2")).toHaveCount(0);
  expect(await reportsOnServer(page, request, text)).toHaveLength(1);
});

test("the form keeps what was typed when the app is closed", async ({ page, baseURL }) => {
  await resident(page, baseURL!);
  await page.goto("/reports/new");
  await hydrated(page);
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Giao thông" });
  await page.getByLabel("Nội dung phản ánh").fill("Cầu tre qua mương bị gãy một nhịp");
  await page.getByLabel("Ảnh (tối đa 4)").setInputFiles({
    name: "cau.png",
    mimeType: "image/png",
    buffer: Buffer.from(PHOTO_PNG, "base64"),
  });
  // Saved a moment after the last change: wait until the phone holds the
  // draft with its photo (a fixed pause lost the race on a busy machine).
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            new Promise<number[]>((resolve) => {
              const open = indexedDB.open("xaso", 1);
              open.onsuccess = () => {
                const all = open.result.transaction("drafts").objectStore("drafts").getAll();
                all.onsuccess = () => resolve(all.result.map((draft) => draft.photos.length));
              };
            }),
        ),
      { timeout: 10_000 },
    )
    .toEqual([1]);
  await page.goto("/");
  await page.goto("/reports/new");
  await hydrated(page);
  await expect(page.getByText(/Đã mở lại bản nháp lưu lúc/)).toBeVisible();
  await expect(page.getByLabel("Nội dung phản ánh")).toHaveValue("Cầu tre qua mương bị gãy một nhịp");
  await expect(page.getByLabel("Lĩnh vực")).toHaveValue(/\d+/);
  expect(await page.getByLabel("Ảnh (tối đa 4)").evaluate((input: HTMLInputElement) => input.files!.length)).toBe(1);
  await page.getByRole("button", { name: "Bỏ bản nháp" }).click();
  await expect(page.getByLabel("Nội dung phản ánh")).toHaveValue("");
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Nội dung phản ánh")).toHaveValue("");
});

test("a damaged draft on the phone is never sent and can be deleted", async ({ page, baseURL }) => {
  await resident(page, baseURL!);
  await page.goto("/reports?mine=1");
  await hydrated(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("xaso", 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore("outbox", { keyPath: "key" });
          open.result.createObjectStore("drafts", { keyPath: "id" });
        };
        open.onsuccess = () => {
          const tx = open.result.transaction("outbox", "readwrite");
          tx.objectStore("outbox").put({ key: "broken", commune: 12364, fields: "?", photos: "no" });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  let uploads = 0;
  await page.route("**/reports/upload", (route) => {
    uploads += 1;
    return route.continue();
  });
  await page.reload();
  const list = page.locator("[data-outbox-list]");
  await expect(list).toContainText("Bản lưu bị hỏng nên không gửi được");
  await expect(list.getByRole("link", { name: "Sửa" })).toHaveCount(0);
  page.once("dialog", (dialog) => dialog.accept());
  await list.getByRole("button", { name: "Xóa" }).click();
  await expect(list).toBeHidden();
  expect(uploads).toBe(0);
});
