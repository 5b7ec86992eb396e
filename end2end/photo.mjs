// For bench/stress: writes a camera-like JPEG (4000×3000, a gradient with
// noise, so it compresses like a photo) drawn by Chromium's canvas.
// Usage: node photo.mjs OUT.jpg [seed]
import { writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";

const [out, seed = "1"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage();
const base64 = await page.evaluate(async (seed) => {
  const canvas = new OffscreenCanvas(4000, 3000);
  const context = canvas.getContext("2d");
  const gradient = context.createLinearGradient(0, 0, 4000, 3000);
  gradient.addColorStop(0, "#2a7a4b");
  gradient.addColorStop(1, "#f0d040");
  context.fillStyle = gradient;
  context.fillRect(0, 0, 4000, 3000);
  const image = context.getImageData(0, 0, 4000, 3000);
  let x = Number(seed) * 2654435761;
  for (let i = 0; i < image.data.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    const noise = (x >>> 24) % 48 - 24;
    image.data[i] += noise;
    image.data[i + 1] += noise;
    image.data[i + 2] += noise;
  }
  context.putImageData(image, 0, 0);
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.88 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}, seed);
writeFileSync(out, Buffer.from(base64, "base64"));
await browser.close();
