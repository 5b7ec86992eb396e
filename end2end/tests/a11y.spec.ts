import AxeBuilder from "@axe-core/playwright";
import { expect } from "@playwright/test";
import { DEMO_ADMIN, hydrated, signIn, test } from "./helpers";

const pages = [
  "/",
  "/commune",
  "/commune?q=hung+yen",
  "/commune?province=33",
  "/c/12364",
  "/directory",
  "/directory?area=health",
  "/directory/1",
  "/reports",
  "/reports/new",
  "/surveys",
  // The demo commune's survey (seeded first, so its id is 1).
  "/surveys/1",
  "/account",
  "/account/signup",
  "/account/reset",
  "/offline",
  "/khong-co-trang-nay",
  "/c/abc",
];

for (const path of pages) {
  test(`axe finds no violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  });
}

test("axe finds no violations in English", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "lang", value: "en", url: baseURL! }]);
  await page.goto("/commune?q=pho+hien");
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test("axe finds no violations on the survey pages of staff", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "commune", value: "12364", url: baseURL! }]);
  await signIn(page, DEMO_ADMIN.phone, DEMO_ADMIN.password);
  for (const path of ["/staff/surveys", "/staff/surveys/1", "/surveys/1/results"]) {
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  }
});
