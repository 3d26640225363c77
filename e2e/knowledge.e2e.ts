import { expect, test, type Page } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../scripts/fake-openai/server";
import { createDb, type Db } from "../server/db";
import { createModel } from "../server/inference/models.service";
import { createProvider } from "../server/inference/providers.service";
import { signUp, newUser } from "./fixtures/users";

test.use({ locale: "en-US" });

// The embedding model is the OpenAI-compatible test server on loopback (the app server may
// reach it: INFERENCE_ALLOWED_HOSTS=127.0.0.1 in playwright.config.ts). Registering a model
// through the UI is covered by models.e2e.ts; here it is written straight to the app database.
let fake: FakeOpenAIServer;
let db: Db;

test.beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 32 });
  const url = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("knowledge.e2e.ts needs E2E_DATABASE_URL (the app server's database)");
  db = createDb(url, 2);
});

test.afterAll(async () => {
  await db?.$disconnect();
  await fake?.close();
});

async function registerEmbeddingModel(workspaceId: string): Promise<void> {
  const provider = await createProvider(db, workspaceId, { name: "Fake inference", preset: "custom", baseUrl: `${fake.url}/v1` });
  await createModel(db, workspaceId, { kind: "embedding", name: "fake-embed", displayName: "Fake embed", endpoints: [{ providerId: provider.id, weight: 1 }] });
}

/** Drops files on the drop zone the way a browser does (a real DataTransfer with File objects). */
async function dropFiles(page: Page, files: { name: string; text: string }[]) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const { name, text } of list) transfer.items.add(new File([text], name, { type: "text/plain" }));
    return transfer;
  }, files);
  await page.getByTestId("file-drop-zone").dispatchEvent("drop", { dataTransfer });
}

const ENGLISH = "Refund policy: customers can return any product within thirty days and get their money back.\n\nShipping takes two business days from our warehouse.";
const CHINESE = "退货政策：商品签收后三十天内可以申请免费退货。\n\n发票说明：电子发票在发货后自动发送到邮箱。";

test("create a knowledge base, upload files, watch indexing and test retrieval (English and Chinese)", async ({ page, playwright, baseURL }) => {
  const { workspaceId } = await signUp(page, newUser("knowledge"));
  await registerEmbeddingModel(workspaceId);

  await page.getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("heading", { name: "No knowledge bases yet" })).toBeVisible();
  await page.getByRole("button", { name: "New knowledge base" }).click();
  const create = page.getByRole("dialog", { name: "New knowledge base" });
  await create.getByLabel("Name").fill("Support handbook");
  await create.getByLabel("Embedding model").selectOption({ label: "Fake embed" });
  await create.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { name: "Support handbook" })).toBeVisible();
  await expect(page.getByText("No documents yet")).toBeVisible();

  // The upload endpoint checks files and the session itself, not only the UI.
  const knowledgeBaseId = new URL(page.url()).pathname.split("/").pop()!;
  const uploadUrl = `/api/knowledge/${knowledgeBaseId}/documents?workspaceId=${workspaceId}`;
  const refused = await page.request.post(uploadUrl, { multipart: { files: { name: "photo.png", mimeType: "image/png", buffer: Buffer.from("png") } } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toContain("not a supported file type");
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.post(uploadUrl, { multipart: { files: { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("hi") } } })).status()).toBe(401);
  await anonymous.dispose();

  // Slow embeddings, so the progress is visible before the documents are indexed.
  fake.set({ latencyMs: 1500 });
  await page.getByRole("button", { name: "Add documents" }).click();
  const add = page.getByRole("dialog", { name: "Add documents" });
  await dropFiles(page, [{ name: "refunds.txt", text: ENGLISH }]);
  await add.getByLabel("choose files").setInputFiles({ name: "售后政策.md", mimeType: "text/markdown", buffer: Buffer.from(CHINESE) });
  // An unsupported file is flagged before upload and blocks saving until removed.
  await dropFiles(page, [{ name: "photo.png", text: "not an image" }]);
  const selected = add.getByRole("list", { name: "Selected files" });
  await expect(selected.getByRole("listitem")).toHaveCount(3);
  await expect(selected).toContainText("Unsupported type");
  await expect(add.getByRole("button", { name: "Save and index" })).toBeDisabled();
  await add.getByRole("button", { name: "Remove photo.png" }).click();
  // The live preview splits the first file with the chosen settings, and follows changes.
  await expect(add.getByText(/^Chunks: 1 · characters: \d+/)).toBeVisible();
  await add.getByLabel("Chunk size (characters)").fill("100");
  await add.getByLabel("Overlap").fill("0");
  await expect(add.getByText(/^Chunks: 2 · characters: \d+/)).toBeVisible();
  await add.getByRole("button", { name: "Save and index" }).click();
  await expect(add).toBeHidden();

  const rows = page.getByTestId("document-row");
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("progressbar").first()).toBeVisible();
  for (const name of ["refunds.txt", "售后政策.md"]) {
    await expect(page.locator(`[data-testid=document-row][data-name="${name}"] [data-testid=document-status]`)).toHaveAttribute("data-status", "indexed", { timeout: 30_000 });
  }
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  fake.set({ latencyMs: 0 });

  // Retrieval test: ranked chunks with each mode's score and their source.
  await page.getByRole("radio", { name: "Retrieval test" }).click();
  await page.getByLabel("Query").fill("refund money back");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const hits = page.getByTestId("retrieval-hit");
  await expect(hits.first()).toContainText("Refund policy");
  await expect(hits.first().getByTestId("hit-source")).toHaveText("refunds.txt");
  await expect(hits.first()).toContainText(/Vector \d\.\d{3}/);
  await expect(hits.first()).toContainText(/Keyword \d\.\d{3}/);
  await expect(hits.first()).toContainText(/Hybrid \d\.\d{3}/);

  // Chinese keyword recall: the segmented full-text index finds the Chinese chunk.
  await page.getByRole("radiogroup", { name: "Retrieval mode" }).getByRole("radio", { name: "Keyword" }).click();
  await page.getByLabel("Query").fill("怎么退货");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(hits.first().getByTestId("hit-source")).toHaveText("售后政策.md");
  await expect(hits.first()).toContainText("退货政策");
});
