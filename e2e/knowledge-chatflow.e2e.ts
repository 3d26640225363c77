import { expect, test, type Page } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../scripts/fake-openai/server";
import { createApp, registerFakeModel, trpcMutation } from "./fixtures/canvas";
import { newUser, signUp } from "./fixtures/users";

/**
 * Issue 6's last acceptance step: a knowledge base used by a Chatflow gives a cited answer. The
 * knowledge base and the chat are made through the UI; the graph (knowledge retrieval wired into
 * the LLM node's context) is saved through the API, since dragging and wiring are canvas.e2e.ts's
 * subject. The test model server cites the first passage it is given ("… [1]").
 */

test.use({ locale: "en-US" });

const API_KEY = "sk-e2e-knowledge-chat";
let fake: FakeOpenAIServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 32, apiKey: API_KEY });
});

test.afterAll(async () => {
  await fake?.close();
});

const HANDBOOK = "Refund policy: customers can return any product within thirty days and get their money back.";

async function trpcQuery<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error ?? body)}`);
  return body.result.data.json;
}

function ragGraph(knowledgeBaseId: string) {
  const node = (id: string, type: string, x: number, config: Record<string, unknown>) => ({ id, type, position: { x, y: 100 }, data: { title: id, config } });
  return {
    schemaVersion: 1,
    nodes: [
      node("start", "start", 0, { inputs: [] }),
      node("knowledge_1", "knowledge-retrieval", 280, { knowledgeBaseIds: [knowledgeBaseId], query: "{{sys.query}}", topK: 3, rerank: false, mode: "hybrid", metadataFilter: [] }),
      node("llm_1", "llm", 560, {
        messages: [
          { role: "system", text: "Answer from the handbook and cite it:\n{{#context#}}" },
          { role: "user", text: "{{sys.query}}" },
        ],
        context: { selector: ["knowledge_1", "result"] },
      }),
      node("answer_1", "answer", 840, { answer: "{{llm_1.text}}" }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "knowledge_1", targetHandle: "in" },
      { id: "e2", source: "knowledge_1", sourceHandle: "out", target: "llm_1", targetHandle: "in" },
      { id: "e3", source: "llm_1", sourceHandle: "out", target: "answer_1", targetHandle: "in" },
    ],
  };
}

test("use a knowledge base in a Chatflow and see a cited answer", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { workspaceId } = await signUp(page, newUser("rag"));
  await registerFakeModel(page, workspaceId, `${fake.url}/v1`, API_KEY);
  const provider = await trpcMutation<{ id: string }>(page, "providers.create", { workspaceId, name: "Fake embeddings", preset: "custom", baseUrl: `${fake.url}/v1`, apiKey: API_KEY });
  await trpcMutation(page, "models.create", { workspaceId, kind: "embedding", name: "fake-embed", displayName: "Fake embed", endpoints: [{ providerId: provider.id, weight: 1 }] });

  // A knowledge base with one small text file, indexed.
  await page.reload();
  await page.getByRole("link", { name: "Knowledge" }).click();
  await page.getByRole("button", { name: "New knowledge base" }).click();
  const create = page.getByRole("dialog", { name: "New knowledge base" });
  await create.getByLabel("Name").fill("Handbook");
  await create.getByLabel("Embedding model").selectOption({ label: "Fake embed" });
  await create.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { name: "Handbook" })).toBeVisible();
  const knowledgeBaseId = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Add documents" }).click();
  const add = page.getByRole("dialog", { name: "Add documents" });
  const selected = add.getByRole("list", { name: "Selected files" });
  // On a busy machine the first pick can land before the dialog listens: pick again until it shows.
  await expect(async () => {
    if ((await selected.getByText("handbook.txt").count()) === 0) await add.getByLabel("choose files").setInputFiles({ name: "handbook.txt", mimeType: "text/plain", buffer: Buffer.from(HANDBOOK) });
    await expect(selected).toContainText("handbook.txt", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await add.getByRole("button", { name: "Save and index" }).click();
  await expect(add).toBeHidden();
  await expect(page.locator('[data-testid=document-row][data-name="handbook.txt"] [data-testid=document-status]')).toHaveAttribute("data-status", "indexed", { timeout: 30_000 });

  // A Chatflow whose LLM node takes the retrieved chunks as its context.
  await page.getByRole("link", { name: "Apps" }).click();
  await createApp(page, "Handbook bot", "Chatflow");
  const appId = new URL(page.url()).pathname.split("/").pop()!;
  const app = await trpcQuery<{ draftRevision: number }>(page, "apps.get", { workspaceId, appId });
  await trpcMutation(page, "apps.saveDraft", { workspaceId, appId, graph: ragGraph(knowledgeBaseId), baseRevision: app.draftRevision });
  await page.reload();
  await expect(page.locator('.react-flow__node[data-id="knowledge_1"]')).toBeVisible();

  // Chat in the debug chat: the answer cites [1], and the source opens on the chunk.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const debug = page.getByRole("region", { name: "Debug run" });
  await debug.getByLabel("Message").fill("Can I get a refund?");
  await debug.getByLabel("Message").press("Enter");
  const answer = debug.getByTestId("chat-answer").last();
  await expect(answer).toContainText("Echo: Can I get a refund? [1]", { timeout: 30_000 });
  const source = answer.getByRole("button", { name: "Source 1: handbook.txt" });
  await expect(source).toBeVisible();
  await source.click();
  const chunk = page.getByRole("dialog", { name: "Source 1: handbook.txt" });
  await expect(chunk.getByTestId("citation-chunk")).toHaveText(HANDBOOK);
  await expect(chunk).toContainText(/Relevance \d/);
  await chunk.getByRole("button", { name: "Close" }).click();
  await expect(chunk).toBeHidden();

  // Published on a share link with "show citations": the answer's [1] marker opens the chunk.
  await trpcMutation(page, "apps.publish", { workspaceId, appId, note: "with knowledge" });
  const link = await trpcMutation<{ token: string }>(page, "shareLinks.update", { workspaceId, appId, showCitations: true });
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(`/s/${link.token}`);
  await visitorPage.getByRole("textbox", { name: "Message" }).fill("Refund?");
  await visitorPage.getByRole("button", { name: "Send" }).click();
  const shared = visitorPage.getByTestId("chat-answer").last();
  await expect(shared.getByTestId("citation-marker")).toHaveText("[1]", { timeout: 30_000 });
  await shared.getByTestId("citation-marker").click();
  await expect(visitorPage.getByRole("dialog", { name: "Source 1: handbook.txt" }).getByTestId("citation-chunk")).toHaveText(HANDBOOK);
  await visitorPage.keyboard.press("Escape");

  // Switched off: answers come without sources, and the chunk text never reaches the visitor.
  await trpcMutation(page, "shareLinks.update", { workspaceId, appId, showCitations: false });
  await visitorPage.reload();
  await visitorPage.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Refund\?/ }).click();
  await expect(visitorPage.getByTestId("chat-answer").last()).toContainText("Echo: Refund? [1]");
  await visitorPage.getByRole("textbox", { name: "Message" }).fill("And exchanges?");
  await visitorPage.getByRole("button", { name: "Send" }).click();
  await expect(visitorPage.getByTestId("chat-answer").last()).toContainText("Echo: And exchanges? [1]", { timeout: 30_000 });
  await expect(visitorPage.getByTestId("chat-citations")).toHaveCount(0);
  await expect(visitorPage.getByTestId("citation-marker")).toHaveCount(0);
  expect(await visitorPage.content()).not.toContain("thirty days");
  await visitor.close();
});
