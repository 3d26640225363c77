/**
 * Knowledge bases end to end on real Postgres + pgvector: real files generated here through the
 * real parsers, embeddings and rerank from the OpenAI-compatible test server, retrieval in every
 * mode, bad input, idempotent retries, workspace isolation, the API-key retrieval route and a
 * chatflow that cites a knowledge base.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { POST as retrieveRoute } from "@/app/api/v1/knowledge/[knowledgeBaseId]/retrieve/route";
import { callerFor, createUser, testDb } from "../testing/fixtures";
import { createProvider, updateProvider } from "../inference/providers.service";
import { createModel, deleteModel, setModelDefaults } from "../inference/models.service";
import { flushUsage, inference } from "../inference";
import { resetEnvCache } from "../env";
import { createGuardedFetch, guardedFetch } from "../security/http";
import { NodeError } from "../engine/node-context";
import { edge, end, graph, node, start } from "../engine/testing/graph-builder";
import { startRun, waitForRun } from "../runs/runs.service";
import { closeQueues } from "../queue/jobs";
import { closeRedis } from "../queue/redis";
import { addChunk, listChunks, setChunkEnabled, updateChunk } from "./chunks.service";
import { chunkSettingsSchema } from "./chunk-settings";
import { addFileDocuments, addTextDocument, addUrlDocument, getDocument, reindexDocument, retryDocument, updateDocument } from "./documents.service";
import { createEngineKnowledge } from "./engine-knowledge";
import type { IngestDeps } from "./ingest";
import { ingestDeps, runIngestAttempt, sweepStuckDocuments } from "./knowledge.jobs";
import { createKnowledgeBase } from "./knowledge-bases.service";
import { retrieve } from "./retrieval";
import { lexemeFrequencies, selectiveLexemes } from "./keyword-selectivity";
import { retrievalOptionsSchema, type RetrievalOptionsInput } from "./retrieval-settings";
import { docxFile, encryptedPdfFile, pdfFile, textFile, xlsxFile } from "./testing/sample-files";

process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
process.env.LOG_LEVEL = "warn";
process.env.RUN_EXECUTION = "inline";
// Nothing consumes this namespace: ingestion runs through runIngestAttempt below, one attempt at a time.
process.env.REDIS_PREFIX = `${process.env.TEST_REDIS_PREFIX ?? "agentloom-test"}:${randomUUID().slice(0, 8)}`;
resetEnvCache();

const db = testDb();
let fake: FakeOpenAIServer;
let user: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;
let providerId: string;
let embedModelId: string;
let rerankModelId: string;
let pages: Server;
let pagesUrl: string;

const settings = chunkSettingsSchema.parse({ chunkSize: 200, chunkOverlap: 0 });
const loopbackFetch = createGuardedFetch();
let deps: IngestDeps;
const ws = () => user.personalWorkspaceId;

async function ingest(documentId: string, overrides: Partial<IngestDeps> = {}) {
  const { version } = await db.knowledgeDocument.findUniqueOrThrow({ where: { id: documentId }, select: { version: true } });
  await runIngestAttempt({ ...deps, ...overrides }, { documentId, version }, 1, 1, 60_000);
  return getDocument(db, ws(), documentId);
}

async function newKb(name: string, embedding: boolean, workspaceId = ws()) {
  return createKnowledgeBase(db, workspaceId, user.id, { name: `${name}-${randomUUID().slice(0, 6)}`, description: "", embeddingModelId: embedding ? embedModelId : null, retrievalDefaults: retrievalOptionsSchema.pick({ mode: true, topK: true, scoreThreshold: true, rerank: true, rerankModelId: true }).parse({}) });
}

async function addText(kbId: string, name: string, text: string, extra: { metadata?: Record<string, string> } = {}) {
  const doc = await addTextDocument(db, ws(), kbId, user.id, { name, text }, { chunkSettings: settings, metadata: extra.metadata ?? {} });
  return ingest(doc.id);
}

function search(kbIds: string[], query: string, options: RetrievalOptionsInput = {}, workspaceId = ws()) {
  return retrieve({ db, models: inference() }, { workspaceId }, kbIds, query, retrievalOptionsSchema.parse(options));
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 64 });
  user = await createUser(db, "knowledge");
  other = await createUser(db, "knowledge-other");
  const provider = await createProvider(db, ws(), { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  providerId = provider.id;
  const endpoints = [{ providerId, weight: 1 }];
  embedModelId = (await createModel(db, ws(), { kind: "embedding", name: "fake-embed", displayName: "Fake embed", endpoints, maxBatchSize: 16 })).id;
  rerankModelId = (await createModel(db, ws(), { kind: "rerank", name: "fake-rerank", displayName: "Fake rerank", endpoints })).id;
  const chat = await createModel(db, ws(), { kind: "chat", name: "fake-chat", displayName: "Fake chat", endpoints });
  await setModelDefaults(db, ws(), { chat: chat.id, rerank: rerankModelId });
  deps = { ...ingestDeps(), http: guardedFetch, embedBatchSize: 4, backoffMs: () => 20 };

  const article = `<p>${"The lighthouse keeper logs every passing ship in a leather journal. ".repeat(6)}</p>`;
  pages = createServer((req, res) => {
    if (req.url === "/article") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<html><head><title>Lighthouse</title></head><body><nav>Menu Shop Cart</nav><main><article><h1>Keeper</h1>${article}</article></main></body></html>`);
    } else {
      res.writeHead(404).end("missing");
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await flushUsage();
  await closeQueues();
  await closeRedis();
  await new Promise((resolve) => pages.close(resolve));
  await fake.close();
  await db.$disconnect();
});

describe("ingestion of real files", () => {
  it("indexes PDF, DOCX, XLSX, CSV, HTML and Markdown and finds each by its own words", async () => {
    const kb = await newKb("files", true);
    const files = [
      { name: "manual.pdf", bytes: await pdfFile(["The turbine manual explains blade inspection."]), query: "turbine blade inspection" },
      { name: "policy.docx", bytes: await docxFile(["Vacation policy", "Employees receive thirty vacation days."]), query: "vacation days" },
      { name: "prices.xlsx", bytes: await xlsxFile({ Plans: [["Plan", "Price"], ["Enterprise", "900 euros"]] }), query: "enterprise plan price" },
      { name: "cities.csv", bytes: textFile("city,landmark\nParis,Eiffel tower\n"), query: "eiffel landmark" },
      { name: "page.html", bytes: textFile(`<html><body><article><p>${"Volcanoes erupt molten basalt rock. ".repeat(5)}</p></article></body></html>`), query: "volcanoes basalt" },
      { name: "notes.md", bytes: textFile("# Gardening\n\nTomatoes need full sun and deep watering."), query: "tomatoes watering" },
    ];
    const docs = await addFileDocuments(db, ws(), kb.id, user.id, files.map(({ name, bytes }) => ({ name, bytes })), { chunkSettings: settings, metadata: {} });
    expect(docs.map((d) => d.status)).toEqual(files.map(() => "queued"));
    for (const doc of docs) {
      const indexed = await ingest(doc.id);
      expect(indexed, doc.name).toMatchObject({ status: "indexed", error: null });
      expect(indexed.totalChunks).toBeGreaterThan(0);
      expect(indexed.embeddedChunks).toBe(indexed.totalChunks);
    }
    for (const file of files) {
      for (const mode of ["vector", "keyword", "hybrid"] as const) {
        const { hits } = await search([kb.id], file.query, { mode, topK: 1 });
        expect(hits[0]?.documentName, `${mode}: ${file.query}`).toBe(file.name);
      }
    }
  });

  it("refuses empty, unsupported and oversized uploads before storing anything", async () => {
    const kb = await newKb("rejects", true);
    const upload = (files: { name: string; bytes: Uint8Array }[]) => addFileDocuments(db, ws(), kb.id, user.id, files, { chunkSettings: settings, metadata: {} });
    await expect(upload([{ name: "ok.md", bytes: textFile("fine") }, { name: "empty.txt", bytes: new Uint8Array() }])).rejects.toMatchObject({ code: "BAD_REQUEST", message: "“empty.txt” is empty" });
    await expect(upload([{ name: "photo.png", bytes: textFile("x") }])).rejects.toMatchObject({ message: expect.stringContaining("not a supported file type") });
    process.env.KNOWLEDGE_MAX_FILE_MB = "0.001";
    resetEnvCache();
    try {
      await expect(upload([{ name: "big.txt", bytes: textFile("x".repeat(2000)) }])).rejects.toMatchObject({ message: expect.stringMatching(/big\.txt.*at most/) });
    } finally {
      delete process.env.KNOWLEDGE_MAX_FILE_MB;
      resetEnvCache();
    }
    expect(await db.knowledgeDocument.count({ where: { knowledgeBaseId: kb.id } })).toBe(0);
  });

  it("fails encrypted and corrupt files, private and unreachable URLs with a clear reason, and retries", async () => {
    const kb = await newKb("bad", true);
    const [encrypted, corrupt] = await addFileDocuments(db, ws(), kb.id, user.id, [
      { name: "secret.pdf", bytes: encryptedPdfFile() },
      { name: "broken.pdf", bytes: textFile("%PDF-1.7 garbage") },
    ], { chunkSettings: settings, metadata: {} });
    expect(await ingest(encrypted!.id)).toMatchObject({ status: "failed", errorCode: "encrypted_pdf", error: expect.stringContaining("password") });
    expect(await ingest(corrupt!.id)).toMatchObject({ status: "failed", errorCode: "corrupt_file" });

    const internal = await addUrlDocument(db, ws(), kb.id, user.id, `${pagesUrl}/article`, { chunkSettings: settings, metadata: {} });
    expect(await ingest(internal.id)).toMatchObject({ status: "failed", errorCode: "url_blocked", error: expect.stringContaining("127.0.0.1") });
    const metadata = await addUrlDocument(db, ws(), kb.id, user.id, "http://169.254.169.254/latest/meta-data", { chunkSettings: settings, metadata: {} });
    expect(await ingest(metadata.id)).toMatchObject({ status: "failed", errorCode: "url_blocked" });
    const closed = await addUrlDocument(db, ws(), kb.id, user.id, "http://127.0.0.1:9/nothing", { chunkSettings: settings, metadata: {} });
    expect(await ingest(closed.id, { http: (url, init) => loopbackFetch(url, { ...init, allowedHosts: ["127.0.0.1"] }) })).toMatchObject({ status: "failed", errorCode: "url_unreachable" });

    // Retry starts a new version; with the guard allowing the test server it now succeeds.
    const retried = await retryDocument(db, ws(), internal.id);
    expect(retried).toMatchObject({ status: "queued", version: 2, error: null });
    expect(await ingest(internal.id, { http: (url, init) => loopbackFetch(url, { ...init, allowedHosts: ["127.0.0.1"] }) })).toMatchObject({ status: "indexed", version: 2 });
    const { hits } = await search([kb.id], "lighthouse keeper journal", { mode: "keyword" });
    expect(hits[0]?.content).toContain("lighthouse keeper");
    expect(hits[0]?.content).not.toContain("Shop Cart");
    await expect(retryDocument(db, ws(), internal.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("fails with a clear reason when the embedding model is removed or changes dimension", async () => {
    const provider2 = await createProvider(db, ws(), { name: `gone-${randomUUID().slice(0, 6)}`, preset: "custom", baseUrl: `${fake.url}/v1` });
    const doomed = await createModel(db, ws(), { kind: "embedding", name: "fake-embed", displayName: `Doomed ${randomUUID().slice(0, 6)}`, endpoints: [{ providerId: provider2.id, weight: 1 }] });
    const kb = await createKnowledgeBase(db, ws(), user.id, { name: `doomed-${randomUUID().slice(0, 6)}`, description: "", embeddingModelId: doomed.id, retrievalDefaults: { mode: "hybrid", topK: 5, scoreThreshold: null, rerank: false, rerankModelId: null } });
    expect(await addText(kb.id, "first.txt", "Dimension is fixed by the first vectors.")).toMatchObject({ status: "indexed" });
    expect(await db.knowledgeBase.findUniqueOrThrow({ where: { id: kb.id } })).toMatchObject({ embeddingDimension: 64 });

    const wider = await startFakeOpenAI({ embeddingDimensions: 32 });
    try {
      await updateProvider(db, ws(), provider2.id, { name: provider2.name, preset: "custom", baseUrl: `${wider.url}/v1` });
      const changed = await addText(kb.id, "second.txt", "Now the model answers with other vectors.");
      expect(changed).toMatchObject({ status: "failed", errorCode: "dimension_mismatch", error: expect.stringContaining("32-dimensional") });
    } finally {
      await wider.close();
    }
    await deleteModel(db, ws(), doomed.id);
    expect(await addText(kb.id, "third.txt", "No model left to embed this.")).toMatchObject({ status: "failed", errorCode: "embedding_model_missing" });
  });

  it("retries 429 answers with backoff and still indexes", async () => {
    const kb = await newKb("busy", true);
    fake.set({ failNext: { status: 429, count: 4 } });
    expect(await addText(kb.id, "busy.txt", "Rate limits are retried with backoff.")).toMatchObject({ status: "indexed" });
  });
});

describe("idempotent, resumable ingestion", () => {
  it("never duplicates chunks when a job runs again, and resumes embedding after the last finished batch", async () => {
    const kb = await newKb("idempotent", true);
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} describes machine number ${i} in the factory hall.`).join("\n\n");
    const doc = await addText(kb.id, "factory.txt", text);
    const chunkIds = async () => (await db.knowledgeChunk.findMany({ where: { documentId: doc.id }, orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
    const before = await chunkIds();
    expect(before.length).toBeGreaterThan(8);

    // A redelivered job for the same version changes nothing.
    await ingest(doc.id);
    expect(await chunkIds()).toEqual(before);

    // A crash in the middle of embedding: half the chunks are not embedded yet.
    const pending = before.slice(Math.floor(before.length / 2));
    await db.knowledgeChunk.updateMany({ where: { id: { in: pending } }, data: { embedded: false } });
    await db.knowledgeDocument.update({ where: { id: doc.id }, data: { status: "embedding" } });
    fake.reset();
    const resumed = await ingest(doc.id);
    expect(resumed).toMatchObject({ status: "indexed", embeddedChunks: before.length, totalChunks: before.length });
    const embedCalls = fake.requests.filter((r) => r.path === "/v1/embeddings");
    expect(embedCalls).toHaveLength(Math.ceil(pending.length / deps.embedBatchSize));
    expect(await chunkIds()).toEqual(before);
    const vectors = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "knowledge_vectors"."kb_${kb.id}"`);
    expect(Number(vectors[0]!.n)).toBe(before.length);
  });

  it("re-indexes with new settings as a new version and drops the old chunks", async () => {
    const kb = await newKb("reindex", true);
    const doc = await addText(kb.id, "long.txt", Array.from({ length: 20 }, (_, i) => `Sentence ${i} about rivers.`).join(" "));
    const oldCount = doc.totalChunks;
    await reindexDocument(db, ws(), doc.id, chunkSettingsSchema.parse({ chunkSize: 80, chunkOverlap: 0 }));
    const reindexed = await ingest(doc.id);
    expect(reindexed).toMatchObject({ status: "indexed", version: 2 });
    expect(reindexed.totalChunks).toBeGreaterThan(oldCount);
    expect(await db.knowledgeChunk.count({ where: { documentId: doc.id, version: 1 } })).toBe(0);
    // A late job for version 1 stops without touching version 2.
    await runIngestAttempt(deps, { documentId: doc.id, version: 1 }, 1, 1, 60_000);
    expect(await db.knowledgeChunk.count({ where: { documentId: doc.id } })).toBe(reindexed.totalChunks);
  });

  it("marks documents whose job went silent as failed", async () => {
    const kb = await newKb("stuck", false);
    const doc = await addTextDocument(db, ws(), kb.id, user.id, { name: "stuck.txt", text: "never processed" }, { chunkSettings: settings, metadata: {} });
    await db.knowledgeDocument.update({ where: { id: doc.id }, data: { status: "embedding", heartbeatAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await sweepStuckDocuments(db, 60_000)).toBeGreaterThanOrEqual(1);
    expect(await getDocument(db, ws(), doc.id)).toMatchObject({ status: "failed", errorCode: "timeout", error: expect.stringContaining("stopped responding") });
  });
});

describe("retrieval", () => {
  it("finds Chinese chunks for Chinese queries and English chunks for inflected English queries", async () => {
    const kb = await newKb("cjk", false);
    await addText(kb.id, "售后.txt", "退货政策：商品签收后三十天内可以申请免费退货，退款会在五个工作日内原路返回。");
    await addText(kb.id, "发票.txt", "发票说明：下单时填写公司抬头和税号，电子发票在发货后自动发送到邮箱。");
    await addText(kb.id, "配送.txt", "配送范围：我们支持全国配送，偏远地区需要额外三到五天。");
    await addText(kb.id, "returns.txt", "Customers may request refunds within thirty days; shipping labels are prepaid.");
    const top = async (query: string) => (await search([kb.id], query, { mode: "keyword", topK: 3 })).hits.map((h) => h.documentName);
    expect((await top("怎么退货"))[0]).toBe("售后.txt");
    expect((await top("电子发票什么时候发"))[0]).toBe("发票.txt");
    expect((await top("偏远地区配送要几天"))[0]).toBe("配送.txt");
    expect((await top("refunding"))[0]).toBe("returns.txt");
    // The keyword-only knowledge base answers hybrid queries by keyword.
    expect((await search([kb.id], "退货", { mode: "hybrid" })).mode).toBe("keyword");
  });

  it("reads word frequencies from Postgres' statistics, so the commonest words of a large knowledge base can be left out of keyword queries", async () => {
    const kb = await newKb("common-words", false);
    await addText(kb.id, "common.txt", Array.from({ length: 40 }, (_, i) => `Zanzibarian harbour note ${i}.`).join("\n\n"));
    await db.$executeRawUnsafe(`ANALYZE "KnowledgeChunk"`);
    const frequencies = await lexemeFrequencies(db, Date.now() + 3_600_000);
    expect(frequencies.share.get("zanzibarian")).toBeGreaterThan(0);
    expect(selectiveLexemes(["zanzibarian", "lighthous"], frequencies, 10_000_000)).toEqual(["lighthous"]);
    // A small knowledge base is queried with every word.
    expect((await search([kb.id], "zanzibarian harbour", { mode: "keyword", topK: 3 })).hits).toHaveLength(3);
  });

  it("hybrid beats vector and keyword alone on a labelled set", async () => {
    const kb = await newKb("labelled", true);
    // Distractors (a page list, a glossary that repeats words) trip each mode on different queries.
    const corpus: Record<string, string> = {
      "refund.txt": "The refund process: request a return online and the money is credited back within five days.",
      "password.txt": "Resetting a forgotten password: open the sign-in page and follow the reset email link.",
      "invoice.txt": "Invoices are generated monthly and can be downloaded as PDF from the billing page.",
      "shipping.txt": "Orders ship from the central warehouse; delivery usually takes two business days.",
      "api.txt": "The API is rate limited to one hundred requests per minute for each key.",
      "sitemap.txt": "Site pages: home page, pricing page, blog page, careers page, contact page, status page, billing page overview, page about pages.",
      "glossary.txt": "Glossary: a return is a return; a refund is a refund; money is money; delivery is delivery; email is email.",
      "退款.txt": "退款流程：在线申请退货后，款项在五天内退回原支付账户。",
      "密码.txt": "忘记密码时，请在登录页面点击重置，并按照邮件中的链接操作。",
      "发票.txt": "每月自动生成发票，可在账单页面下载电子版。",
      "配送.txt": "订单从中心仓库发出，通常两个工作日内送达。",
      "接口.txt": "接口调用频率限制为每个密钥每分钟一百次请求。",
      "页面.txt": "页面列表：首页页面、价格页面、博客页面、招聘页面、联系页面、状态页面。",
    };
    for (const [name, text] of Object.entries(corpus)) await addText(kb.id, name, text);
    const labelled: [string, string][] = [
      ["how is my money credited back after a return", "refund.txt"],
      ["forgotten password reset email", "password.txt"],
      ["download monthly invoices", "invoice.txt"],
      ["how many business days for delivery", "shipping.txt"],
      ["requests per minute rate limit", "api.txt"],
      ["refunds", "refund.txt"],
      ["invoicing", "invoice.txt"],
      ["billing page", "invoice.txt"],
      ["money back for a return", "refund.txt"],
      ["reset email link", "password.txt"],
      ["退款多久到账", "退款.txt"],
      ["重置密码", "密码.txt"],
      ["下载发票", "发票.txt"],
      ["账单页面", "发票.txt"],
      ["送达需要几个工作日", "配送.txt"],
      ["接口限流", "接口.txt"],
      ["款项退回", "退款.txt"],
      ["登录页面重置", "密码.txt"],
      ["每分钟请求次数", "接口.txt"],
      ["仓库发货", "配送.txt"],
    ];
    const hitRate = async (mode: "vector" | "keyword" | "hybrid") => {
      let found = 0;
      for (const [query, expected] of labelled) {
        const { hits } = await search([kb.id], query, { mode, topK: 1 });
        if (hits[0]?.documentName === expected) found++;
      }
      return found / labelled.length;
    };
    const scores = { vector: await hitRate("vector"), keyword: await hitRate("keyword"), hybrid: await hitRate("hybrid") };
    expect(scores.hybrid, JSON.stringify(scores)).toBeGreaterThan(scores.vector);
    expect(scores.hybrid, JSON.stringify(scores)).toBeGreaterThan(scores.keyword);
  });

  it("reports each mode's score, applies threshold, metadata filter, disabled chunks and documents, rerank and the token budget", async () => {
    const kb = await newKb("options", true);
    const a = await addText(kb.id, "alpha.txt", "Alpha team handles billing questions.", { metadata: { team: "billing", lang: "en" } });
    const b = await addText(kb.id, "beta.txt", "Beta team handles billing disputes and refunds.", { metadata: { team: "support", lang: "en" } });
    const hybrid = await search([kb.id], "billing team", { mode: "hybrid", topK: 5 });
    expect(hybrid.hits).toHaveLength(2);
    for (const hit of hybrid.hits) {
      expect(hit.scores).toEqual({ vector: expect.any(Number), keyword: expect.any(Number), hybrid: expect.any(Number) });
      expect(hit.score).toBe(hit.scores.hybrid);
    }
    expect((await search([kb.id], "billing team", { metadataFilter: { team: "support" } })).hits.map((h) => h.documentName)).toEqual(["beta.txt"]);
    expect((await search([kb.id], "billing team", { mode: "keyword", scoreThreshold: 0.99 })).hits).toEqual([]);
    expect((await search([kb.id], "billing team", { maxTokens: 1 })).hits).toHaveLength(1);

    const reranked = await search([kb.id], "disputes refunds", { mode: "hybrid", rerank: true, rerankModelId });
    expect(reranked.hits[0]).toMatchObject({ documentName: "beta.txt", score: 1, scores: { rerank: 1 } });

    await updateDocument(db, ws(), a.id, { enabled: false });
    expect((await search([kb.id], "billing team")).hits.map((h) => h.documentName)).toEqual(["beta.txt"]);
    const [chunk] = (await listChunks(db, ws(), b.id, { page: 0 })).chunks;
    await setChunkEnabled(db, ws(), chunk!.id, false);
    expect((await search([kb.id], "billing team")).hits).toEqual([]);
  });

  it("edits a chunk (re-embedded and re-indexed) and adds one by hand", async () => {
    const kb = await newKb("edit", true);
    const doc = await addText(kb.id, "edit.txt", "Original words about apples.");
    const [chunk] = (await listChunks(db, ws(), doc.id, { page: 0 })).chunks;
    await updateChunk({ db, models: inference() }, ws(), chunk!.id, "Rewritten text about submarines.");
    for (const mode of ["vector", "keyword"] as const) {
      expect((await search([kb.id], "submarines", { mode, topK: 1 })).hits[0]).toMatchObject({ chunkId: chunk!.id, content: "Rewritten text about submarines." });
    }
    expect((await search([kb.id], "apples", { mode: "keyword" })).hits).toEqual([]);
    const added = await addChunk({ db, models: inference() }, ws(), doc.id, "A hand-written note on volcanoes.");
    expect((await search([kb.id], "volcanoes", { mode: "vector", topK: 1 })).hits[0]?.chunkId).toBe(added.id);
    const listed = await listChunks(db, ws(), doc.id, { page: 0, search: "volcano" });
    expect(listed).toMatchObject({ total: 1, chunks: [{ id: added.id, manual: true, embedded: true }] });
  });

  it("returns the parent paragraph for parent-child chunks, once per paragraph", async () => {
    const kb = await newKb("parents", false);
    const paragraph = "Glaciers move slowly. Glaciers carve valleys. Glaciers store fresh water. Glaciers reflect sunlight back into space and cool the planet.";
    const doc = await addTextDocument(db, ws(), kb.id, user.id, { name: "ice.txt", text: `${paragraph}\n\nDeserts are dry and hot during the day.` }, {
      chunkSettings: chunkSettingsSchema.parse({ mode: "parentChild", chunkSize: 60, chunkOverlap: 0, parentSize: 400 }),
      metadata: {},
    });
    await ingest(doc.id);
    const { hits } = await search([kb.id], "glaciers", { mode: "keyword", topK: 5 });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.content).toBe(paragraph);
    expect(hits[0]?.matchedContent.length).toBeLessThan(paragraph.length);
  });
});

describe("isolation and access", () => {
  it("answers NOT_FOUND for another workspace's knowledge base, documents and chunks", async () => {
    const kb = await newKb("private", true);
    const doc = await addText(kb.id, "private.txt", "Confidential roadmap for next year.");
    const [chunk] = (await listChunks(db, ws(), doc.id, { page: 0 })).chunks;
    const stranger = callerFor(db, other);
    const foreign = { workspaceId: other.personalWorkspaceId };
    const notFound = { code: "NOT_FOUND" };
    await expect(stranger.knowledge.get({ ...foreign, knowledgeBaseId: kb.id })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.listDocuments({ ...foreign, knowledgeBaseId: kb.id })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.getDocument({ ...foreign, documentId: doc.id })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.listChunks({ ...foreign, documentId: doc.id })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.updateChunk({ ...foreign, chunkId: chunk!.id, content: "hijacked" })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.setChunkEnabled({ ...foreign, chunkId: chunk!.id, enabled: false })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.deleteDocument({ ...foreign, documentId: doc.id })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.reindexDocument({ ...foreign, documentId: doc.id, chunkSettings: settings })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.delete({ ...foreign, knowledgeBaseId: kb.id })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.retrieve({ ...foreign, knowledgeBaseId: kb.id, query: "roadmap" })).rejects.toMatchObject(notFound);
    await expect(stranger.knowledge.previewChunks({ ...foreign, source: { kind: "document", documentId: doc.id }, chunkSettings: settings })).rejects.toMatchObject(notFound);
    // Their own workspace id with our knowledge base's id: still not found.
    await expect(stranger.knowledge.get({ workspaceId: ws(), knowledgeBaseId: kb.id })).rejects.toMatchObject(notFound);
    const engine = createEngineKnowledge({ db: () => db, models: inference() }, { workspaceId: other.personalWorkspaceId, appId: null, runId: "r" });
    await expect(engine.retrieve({ knowledgeBaseIds: [kb.id], query: "roadmap", topK: 3 })).rejects.toBeInstanceOf(NodeError);
    expect((await db.knowledgeChunk.findUniqueOrThrow({ where: { id: chunk!.id } })).content).toBe("Confidential roadmap for next year.");
  });

  it("lets viewers search but not change, and rejects bad input with clear messages", async () => {
    const kb = await newKb("roles", false);
    const viewer = await createUser(db, "viewer");
    await db.membership.create({ data: { workspaceId: ws(), userId: viewer.id, role: "viewer" } });
    const asViewer = callerFor(db, viewer);
    await expect(asViewer.knowledge.list({ workspaceId: ws() })).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: kb.id })]));
    await expect(asViewer.knowledge.addTextDocument({ workspaceId: ws(), knowledgeBaseId: kb.id, name: "x", text: "y" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const owner = callerFor(db, user);
    await expect(owner.knowledge.addTextDocument({ workspaceId: ws(), knowledgeBaseId: kb.id, name: "x", text: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The text is empty" });
    await expect(owner.knowledge.addUrlDocument({ workspaceId: ws(), knowledgeBaseId: kb.id, url: "ftp://example.com/file" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.knowledge.create({ workspaceId: ws(), name: kb.name, embeddingModelId: null })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(owner.knowledge.create({ workspaceId: ws(), name: "wrong kind", embeddingModelId: rerankModelId })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not a embedding model") });
    await expect(owner.knowledge.reindexDocument({ workspaceId: ws(), documentId: "nope", chunkSettings: { ...settings, chunkOverlap: 150 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.knowledge.retrieve({ workspaceId: ws(), knowledgeBaseId: kb.id, query: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("serves retrieval over HTTP to API keys of the workspace only", async () => {
    const kb = await newKb("api", true);
    await addText(kb.id, "api.txt", "The orchard grows pears and plums.");
    const otherKb = await newKb("api-other", false);
    const owner = callerFor(db, user);
    const { key, apiKey } = await owner.apiKeys.create({ workspaceId: ws(), name: "retrieval", scopes: ["knowledge:retrieve"], resourceIds: [kb.id] });
    expect(key).toMatch(/^al-/);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).not.toHaveProperty("key");
    const call = (kbId: string, body: unknown, auth: string | null = `Bearer ${key}`) =>
      retrieveRoute(
        new Request(`http://local/api/v1/knowledge/${kbId}/retrieve`, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: typeof body === "string" ? body : JSON.stringify(body) }),
        { params: Promise.resolve({ knowledgeBaseId: kbId }) },
      );
    const ok = await call(kb.id, { query: "pears", mode: "keyword", topK: 2 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ mode: "keyword", records: [{ documentName: "api.txt", content: "The orchard grows pears and plums.", scores: { keyword: expect.any(Number) } }] });
    expect((await call(kb.id, { query: "pears" }, null)).status).toBe(401);
    expect((await call(kb.id, { query: "pears" }, "Bearer al-wrong")).status).toBe(401);
    expect((await call(otherKb.id, { query: "pears" })).status).toBe(403);
    const bad = await call(kb.id, { query: "pears", topK: 500 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringContaining("Top K is at most 50") } });
    expect((await call(kb.id, "{not json")).status).toBe(400);

    // A key of another workspace cannot reach this knowledge base, even unrestricted.
    const { key: foreignKey } = await callerFor(db, other).apiKeys.create({ workspaceId: other.personalWorkspaceId, name: "theirs", scopes: ["knowledge:retrieve"] });
    expect((await call(kb.id, { query: "pears" }, `Bearer ${foreignKey}`)).status).toBe(404);
    await expect(callerFor(db, other).apiKeys.revoke({ workspaceId: other.personalWorkspaceId, apiKeyId: apiKey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await owner.apiKeys.revoke({ workspaceId: ws(), apiKeyId: apiKey.id });
    expect((await call(kb.id, { query: "pears" })).status).toBe(401);
  });
});

describe("knowledge in a chatflow", () => {
  it("retrieves in a knowledge-retrieval node and the LLM cites the chunk", async () => {
    const kb = await newKb("chatflow", true);
    await addText(kb.id, "hours.md", "Support is open from 9:00 to 17:00 on weekdays.");
    const started = await startRun(
      db,
      { workspaceId: ws(), userId: user.id, source: "test" },
      {
        graph: graph(
          [
            start("question"),
            node("kr", "knowledge-retrieval", { knowledgeBaseIds: [kb.id], query: "{{start.question}}", topK: 2 }),
            node("llm", "llm", { messages: [{ role: "user", text: "{{start.question}}" }], context: { selector: ["kr", "result"] } }),
            end({ text: ["llm", "text"], citations: ["llm", "citations"] }),
          ],
          [edge("start", "kr"), edge("kr", "llm"), edge("llm", "end")],
        ),
        inputs: { question: "When is support open?" },
      },
    );
    const result = await waitForRun(db, started, 30_000);
    expect(result).toMatchObject({ status: "succeeded", outputs: { text: "Echo: When is support open? [1]", citations: [{ position: 1, documentName: "hours.md", knowledgeBaseId: kb.id }] } });
    const prompt = fake.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)?.body as { messages: { content: string }[] };
    expect(JSON.stringify(prompt.messages)).toContain("[1] (hours.md) Support is open from 9:00 to 17:00 on weekdays.");
  });
});
