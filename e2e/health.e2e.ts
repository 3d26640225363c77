import { expect, test } from "@playwright/test";

// Smoke test: the production server is up and can reach its database.
test("GET /api/health reports ok", async ({ request }) => {
  const response = await request.get("/api/health");
  const body = await response.json();
  expect(response.status(), JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({ status: "ok", database: { ok: true } });
});
