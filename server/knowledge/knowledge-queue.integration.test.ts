/**
 * Ingestion through the real job plumbing: BullMQ on Redis with a worker consuming `ingest`
 * (queue mode), and in the web process when no Redis is configured (inline mode).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { createUser, testDb } from "../testing/fixtures";
import { createProvider } from "../inference/providers.service";
import { createModel } from "../inference/models.service";
import { flushUsage } from "../inference";
import { resetEnvCache } from "../env";
import { closeQueues, startWorkers, type AnyJobDefinition } from "../queue/jobs";
import { closeRedis } from "../queue/redis";
import { addDocumentsOptions, addTextDocument, getDocument } from "./documents.service";
import { ingestDocumentJob, resumeInterruptedIngestion } from "./knowledge.jobs";
import { createKnowledgeBase } from "./knowledge-bases.service";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.REDIS_PREFIX = `${process.env.TEST_REDIS_PREFIX ?? "agentloom-test"}:${randomUUID().slice(0, 8)}`;
const redisUrl = process.env.REDIS_URL;
resetEnvCache();

const db = testDb();
let fake: FakeOpenAIServer;
let user: Awaited<ReturnType<typeof createUser>>;
let kbId: string;

async function waitUntilSettled(documentId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const doc = await getDocument(db, user.personalWorkspaceId, documentId);
    if (doc.status === "indexed" || doc.status === "failed" || Date.now() > deadline) return doc;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 16 });
  user = await createUser(db, "knowledge-queue");
  const provider = await createProvider(db, user.personalWorkspaceId, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db, user.personalWorkspaceId, { kind: "embedding", name: "fake-embed", displayName: "Embed", endpoints: [{ providerId: provider.id, weight: 1 }] });
  const kb = await createKnowledgeBase(db, user.personalWorkspaceId, user.id, { name: "queued", description: "", embeddingModelId: model.id, retrievalDefaults: { mode: "hybrid", topK: 5, scoreThreshold: null, rerank: false, rerankModelId: null } });
  kbId = kb.id;
});

afterAll(async () => {
  await flushUsage();
  await closeQueues();
  await closeRedis();
  await fake.close();
  await db.$disconnect();
});

describe("ingestion jobs", () => {
  it.skipIf(!redisUrl)("are consumed from Redis by a worker in queue mode", async () => {
    const stop = await startWorkers([ingestDocumentJob as AnyJobDefinition]);
    try {
      const doc = await addTextDocument(db, user.personalWorkspaceId, kbId, user.id, { name: "queued.txt", text: "Queued through BullMQ and embedded by a worker." }, addDocumentsOptions.parse({}));
      expect(await waitUntilSettled(doc.id)).toMatchObject({ status: "indexed", totalChunks: 1, embeddedChunks: 1 });
    } finally {
      await stop();
    }
  });

  it("run in the web process without Redis (inline mode)", async () => {
    delete process.env.REDIS_URL;
    resetEnvCache();
    try {
      const doc = await addTextDocument(db, user.personalWorkspaceId, kbId, user.id, { name: "inline.txt", text: "Indexed right here, no queue needed." }, addDocumentsOptions.parse({}));
      expect(await waitUntilSettled(doc.id)).toMatchObject({ status: "indexed", embeddedChunks: 1 });

      // A restart in the middle of indexing: the document is picked up again at startup.
      await db.knowledgeDocument.update({ where: { id: doc.id }, data: { status: "embedding" } });
      await db.knowledgeChunk.updateMany({ where: { documentId: doc.id }, data: { embedded: false } });
      expect(await resumeInterruptedIngestion(db)).toBeGreaterThanOrEqual(1);
      expect(await waitUntilSettled(doc.id)).toMatchObject({ status: "indexed", embeddedChunks: 1 });
    } finally {
      if (redisUrl) process.env.REDIS_URL = redisUrl;
      resetEnvCache();
    }
  });
});
