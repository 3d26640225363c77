/**
 * The zero-setup default (`npm start` without DATABASE_URL) runs on embedded PGlite: the
 * migrations (pgvector, the vectors schema), ingestion, HNSW search and segmented full-text
 * work there exactly as on Postgres.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { openEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { applyMigrations } from "../../scripts/db/schema-engine";
import { createDb, type Db } from "../db";
import { createUser } from "../testing/fixtures";
import { InferenceClient } from "../inference/client";
import { EndpointHealth } from "../inference/endpoint-health";
import { createProvider } from "../inference/providers.service";
import { createModel } from "../inference/models.service";
import { UsageRecorder } from "../inference/usage-recorder";
import { createGuardedFetch } from "../security/http";
import { addDocumentsOptions, addTextDocument, getDocument } from "./documents.service";
import { runIngestAttempt } from "./knowledge.jobs";
import { createKnowledgeBase } from "./knowledge-bases.service";
import { retrieve } from "./retrieval";
import { retrievalOptionsSchema } from "./retrieval-settings";

process.env.LOG_LEVEL = "warn";
// Inline mode: the documents service must not reach for Redis; ingestion is driven below.
delete process.env.REDIS_URL;

const dataDir = mkdtempSync(path.join(tmpdir(), "agentloom-knowledge-pglite-"));
let embedded: EmbeddedPostgres;
let db: Db;
let fake: FakeOpenAIServer;
let client: InferenceClient;

beforeAll(async () => {
  embedded = await openEmbeddedPostgres({ dataDir });
  await applyMigrations(embedded.url);
  db = createDb(embedded.url, 2);
  fake = await startFakeOpenAI({ embeddingDimensions: 32 });
  const settings = { allowedHosts: ["127.0.0.1"], connectTimeoutMs: 2_000, firstTokenTimeoutMs: 5_000, totalTimeoutMs: 20_000, maxAttempts: 2, breakerFailures: 5, breakerCooldownMs: 1_000 };
  client = new InferenceClient({ db: () => db, settings: () => settings, usage: new UsageRecorder(() => db), health: new EndpointHealth({ failureThreshold: 5, cooldownMs: 1_000 }) });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await fake?.close();
  await embedded?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("knowledge on embedded PGlite", () => {
  it("indexes and retrieves by vector, keyword (Chinese) and hybrid", async () => {
    const user = await createUser(db, "pglite");
    const ws = user.personalWorkspaceId;
    const provider = await createProvider(db, ws, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
    const model = await createModel(db, ws, { kind: "embedding", name: "fake-embed", displayName: "Embed", endpoints: [{ providerId: provider.id, weight: 1 }] });
    const kb = await createKnowledgeBase(db, ws, user.id, { name: "embedded", description: "", embeddingModelId: model.id, retrievalDefaults: { mode: "hybrid", topK: 5, scoreThreshold: null, rerank: false, rerankModelId: null } });
    const deps = { db, models: client, http: createGuardedFetch(), embedBatchSize: 8, backoffMs: () => 10, embedAttempts: 2, maxUrlBytes: 1024 };
    const texts = { "zh.txt": "退货政策：签收后三十天内可以免费退货。", "en.txt": "Lighthouses guide ships along rocky coasts at night." };
    for (const [name, text] of Object.entries(texts)) {
      const doc = await addTextDocument(db, ws, kb.id, user.id, { name, text }, addDocumentsOptions.parse({}));
      await runIngestAttempt(deps, { documentId: doc.id, version: 1 }, 1, 1, 60_000);
      expect(await getDocument(db, ws, doc.id)).toMatchObject({ status: "indexed", embeddedChunks: 1 });
    }
    const top = async (query: string, mode: "vector" | "keyword" | "hybrid") =>
      (await retrieve({ db, models: client }, { workspaceId: ws }, [kb.id], query, retrievalOptionsSchema.parse({ mode, topK: 1 }))).hits[0]?.documentName;
    expect(await top("怎么退货", "keyword")).toBe("zh.txt");
    expect(await top("lighthouses guide ships", "vector")).toBe("en.txt");
    expect(await top("rocky coasts", "hybrid")).toBe("en.txt");
  }, 60_000);
});
