import { ChildProcess, spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "@playwright/test";
import { hydrated, serviceWorkerControls, test } from "./helpers";

// A real release swap: the app is served from a copy of the built site by a
// server of its own, which is then replaced by a server of a next release
// (the same site with one shell file changed, hence a new service worker).
const ROOT = resolve(__dirname, "../..");
const BINARY = join(ROOT, "target/release/server");

async function serve(site: string, database: string, port: number): Promise<ChildProcess> {
  const server = spawn(BINARY, [], {
    cwd: ROOT,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${database}`,
      XASO_DEMO: "false",
      LEPTOS_SITE_ROOT: site,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_OUTPUT_NAME: "xaso",
      LEPTOS_SITE_PKG_DIR: "pkg",
      LEPTOS_HASH_FILES: "true",
      LEPTOS_ENV: "PROD",
    },
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error("the release server did not start");
}

async function stop(server: ChildProcess) {
  const ended = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await ended;
}

test("a new release's service worker is offered with 'Cập nhật' and takes over when tapped", async ({
  browser,
}, testInfo) => {
  const dir = mkdtempSync(join(tmpdir(), "xaso-release-"));
  const port = 3900 + testInfo.parallelIndex;
  const [current, next] = [join(dir, "current"), join(dir, "next")];
  cpSync(join(ROOT, "target/site"), current, { recursive: true });
  cpSync(join(ROOT, "target/site"), next, { recursive: true });
  appendFileSync(join(next, "pwa.js"), "\n// the next release\n");
  let server = await serve(current, join(dir, "xaso.db"), port);
  const context = await browser.newContext({ ...testInfo.project.use, baseURL: `http://127.0.0.1:${port}` });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await hydrated(page);
    await serviceWorkerControls(page);
    const version = () =>
      page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            navigator.serviceWorker.addEventListener("message", (e) => resolve(String(e.data)), { once: true });
            navigator.serviceWorker.controller!.postMessage("version");
          }),
      );
    const before = await version();
    const update = page.getByRole("button", { name: "Cập nhật" });
    await expect(update).toBeHidden();

    // The next release is deployed; the phone looks for it (as it does when
    // the app comes back to the front).
    await stop(server);
    server = await serve(next, join(dir, "xaso.db"), port);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(update).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("Đã có phiên bản mới của Xã Số.")).toBeVisible();
    // Until tapped, the page stays on its release.
    expect(await version()).toBe(before);

    // Listening before the tap: the reload it starts can finish before a
    // listener added after the click would exist (seen once on desktop).
    const reloaded = page.waitForEvent("load");
    await update.click();
    await reloaded;
    await hydrated(page);
    await expect(update).toBeHidden();
    const after = await version();
    expect(after).toMatch(/^version:[0-9a-f]{12}$/);
    expect(after).not.toBe(before);
  } finally {
    await context.close();
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
