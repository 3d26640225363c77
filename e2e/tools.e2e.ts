import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signUp } from "./fixtures/users";

/**
 * The Tools page: built-ins listed with their parameters, and a custom OpenAPI tool added by
 * pasting a document that points at a small API this test starts on loopback (reachable because
 * the e2e server allows 127.0.0.1 through WORKFLOW_ALLOWED_HOSTS), with an API key, then an
 * operation tested from the UI — a success and an error named by its status.
 */

let api: Server;
let origin: string;

test.beforeAll(async () => {
  api = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers["x-api-key"] !== "e2e-k3y") return void res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "bad key" }));
    const match = /^\/pets\/(\d+)$/.exec(url.pathname);
    if (!match) return void res.writeHead(404).end();
    if (match[1] === "404") return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "no such pet" }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: Number(match[1]), name: "Rex", species: url.searchParams.get("species") }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

const document = () =>
  JSON.stringify(
    {
      openapi: "3.0.3",
      info: { title: "Pet store", version: "1.0" },
      servers: [{ url: origin }],
      paths: {
        "/pets/{petId}": {
          get: {
            operationId: "getPet",
            summary: "Find a pet by id",
            parameters: [
              { name: "petId", in: "path", required: true, schema: { type: "integer" } },
              { name: "species", in: "query", schema: { type: "string" } },
            ],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    },
    null,
    2,
  );

test("adds an OpenAPI tool by pasting a document and tests an operation from the UI", async ({ page }) => {
  const owner = await signUp(page);
  await page.goto(`/w/${owner.workspaceId}/tools`);
  await expect(page.getByTestId("builtin-calculator")).toContainText("expression");

  await page.getByRole("tab", { name: "Custom (OpenAPI)" }).click();
  await expect(page.getByText("No OpenAPI tools yet")).toBeVisible();
  await page.getByRole("button", { name: "Add OpenAPI tool" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an OpenAPI tool" });
  await dialog.getByLabel("Name", { exact: true }).fill("petstore");
  await dialog.getByLabel("OpenAPI document").fill(document());
  await dialog.getByLabel("Authentication").selectOption("header");
  await dialog.getByLabel("Header name").fill("X-API-Key");
  await dialog.getByLabel("API key").fill("e2e-k3y");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();

  const provider = page.getByTestId("provider-petstore");
  await expect(provider).toContainText("1 tools");
  await expect(provider).toContainText("Credential");
  await expect(provider).not.toContainText("e2e-k3y");
  await provider.getByRole("button", { name: /^petstore/ }).click();
  await expect(provider).toContainText("openapi:petstore/getPet");
  await provider.getByRole("button", { name: "Test" }).click();
  const form = provider.getByTestId("tool-test-getPet");
  await form.getByLabel("petId *").fill("7");
  await form.getByLabel("species").fill("dog");
  await form.getByRole("button", { name: "Send request" }).click();
  const result = form.getByTestId("tool-test-result");
  await expect(result).toContainText("Succeeded");
  await expect(result).toContainText('"name": "Rex"');
  await expect(result).toContainText('"species": "dog"');

  await form.getByLabel("petId *").fill("404");
  await form.getByRole("button", { name: "Send request" }).click();
  await expect(result).toContainText("Failed");
  await expect(result).toContainText("GET /pets/{petId} answered HTTP 404");

  // A document that is not OpenAPI 3 is refused with a reason and adds nothing.
  await page.getByRole("button", { name: "Add OpenAPI tool" }).click();
  await dialog.getByLabel("Name", { exact: true }).fill("broken");
  await dialog.getByLabel("OpenAPI document").fill('{"swagger": "2.0"}');
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Swagger 2.0 is not supported");
});
