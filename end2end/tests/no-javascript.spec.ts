import { expect } from "@playwright/test";
import { DEMO_ADMIN, newResident, test } from "./helpers";

// A phone whose browser runs no script (or has not loaded it yet): every page
// is server-rendered HTML and every form posts, so a signed-in resident can
// still read the directory, file a report and answer a survey.
test.use({ javaScriptEnabled: false });

test("with JavaScript off, a resident reads the directory, files a report and answers a survey", async ({
  page,
  baseURL,
  playwright,
}) => {
  // A survey of one question, published through the API by the demo admin (in
  // a request context of its own: the resident's browser stays the resident's).
  const staff = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": "10.250.1.1" } });
  const signedIn = await staff.post("/api/account/sign-in", {
    headers: { accept: "application/json" },
    form: { phone: DEMO_ADMIN.phone, password: DEMO_ADMIN.password },
  });
  expect(signedIn.status()).toBe(200);
  const title = `Ý kiến về điện chiếu sáng ${Date.now()}`;
  const survey = String(
    await (await staff.post("/api/staff/surveys/create", { headers: { accept: "application/json" }, form: { title } })).json(),
  );
  const question = await staff.post("/api/staff/surveys/question", {
    headers: { accept: "application/json" },
    form: {
      survey,
      "question[kind]": "scale",
      "question[prompt]": "Ông/bà hài lòng với đèn đường thế nào?",
      "question[options]": "",
      "question[required]": "on",
    },
  });
  expect(question.status()).toBe(200);
  expect((await staff.post("/api/staff/surveys/publish", { headers: { accept: "application/json" }, form: { survey } })).status()).toBe(200);
  await staff.dispose();

  await newResident(page, baseURL!, "Lò Văn Không Mạng");

  // The directory: an area, then an entry's phone number.
  await page.goto("/directory");
  await page.getByRole("link", { name: /Y tế/ }).click();
  await page.getByRole("link", { name: /Trạm Y tế xã Tiên Lữ/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Trạm Y tế xã Tiên Lữ" })).toBeVisible();
  await expect(page.getByRole("link", { name: "0221 3874 115" })).toHaveAttribute("href", "tel:+842213874115");

  // A report, with the plain form.
  await page.goto("/reports/new");
  await expect(page.getByRole("heading", { level: 1, name: "Gửi phản ánh" })).toBeVisible();
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Giao thông" });
  const text = `Cột đèn nghiêng sát đường liên thôn ${Date.now()}`;
  await page.getByLabel("Nội dung phản ánh").fill(text);
  await page.getByLabel("Thôn, tổ dân phố").selectOption({ label: "Thôn Đông Kết" });
  await page.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã gửi phản ánh" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Giao thông" })).toBeVisible();
  await expect(page.getByText(text)).toBeVisible();
  await page.goto("/reports?mine=1");
  await expect(page.getByText(text.slice(0, 30))).toBeVisible();

  // The survey, answered and sent.
  await page.goto("/surveys");
  await page.getByRole("link", { name: title }).click();
  await page.getByLabel("Hài lòng", { exact: true }).check();
  await page.getByRole("button", { name: "Gửi ý kiến" }).click();
  await expect(page.getByText("Cảm ơn ông/bà đã gửi ý kiến!")).toBeVisible();
});
