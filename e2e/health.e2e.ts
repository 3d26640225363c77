import { expect, test } from "@playwright/test";

// Smoke tests: the production server is up and can reach its database, and Debian's
// Chromium starts with the configured flags and can load a page from it.

test("GET /api/health reports ok", async ({ request }) => {
  const response = await request.get("/api/health");
  const body = await response.json();
  expect(response.status(), JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({ status: "ok", database: { ok: true } });
});

test("Chromium opens /api/health", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  await expect(page.locator("body")).toContainText('"status":"ok"');
});
