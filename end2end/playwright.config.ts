import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium: Playwright never downloads a browser here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

/**
 * A second server for the demo journey (tests/demo.spec.ts): the release
 * build on a database of its own, with the demo commune's year of history.
 * The main server's demo commune starts empty, so that every other test
 * controls what it finds there.
 */
export const DEMO_URL = "http://127.0.0.1:3001";
const demoServer = {
  command: "../target/release/server",
  url: `${DEMO_URL}/healthz`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: "ignore" as const,
  env: {
    DATABASE_URL: "sqlite://../target/e2e/history/xaso.db",
    XASO_DATA_DIR: "../target/e2e/history",
    XASO_DEMO: "true",
    XASO_DEMO_HISTORY: "true",
    LEPTOS_SITE_ADDR: "127.0.0.1:3001",
    LEPTOS_SITE_ROOT: "../target/site",
    LEPTOS_SITE_PKG_DIR: "pkg",
    LEPTOS_OUTPUT_NAME: "xaso",
    LEPTOS_HASH_FILES: "true",
    LEPTOS_ENV: "PROD",
  },
};

export default defineConfig({
  // Against a deployment (BASE_URL), there is no demo server to start.
  webServer: process.env.BASE_URL ? undefined : demoServer,
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: process.env.BASE_URL || "http://127.0.0.1:3000",
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
  },
  projects: [
    { name: "pixel5", use: { ...devices["Pixel 5"], launchOptions } },
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
});
