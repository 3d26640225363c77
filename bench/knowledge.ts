/**
 * `npm run bench:knowledge`: knowledge-base ingestion and retrieval, in one run.
 *
 *  1. Ingestion: 1,000 text documents (~5 MB) through the real pipeline (inline jobs: split,
 *     full-text index, embeddings from the OpenAI-compatible test server, pgvector) → docs/s.
 *  2. Retrieval on 100,000 chunks of dimension 768 (BENCH_CHUNKS to change): vectors are
 *     synthesised in clusters (the shape real embeddings have) and written straight to the
 *     knowledge base's table, texts mix English and Chinese words. Reports the HNSW build time,
 *     vector / keyword / hybrid query latency p50/p95 through retrieve() (query embedding
 *     included), and HNSW recall@10 against exact search.
 *
 * Uses DATABASE_URL when set (recommended: a Postgres with pgvector), otherwise embedded PGlite.
 * Targets on the 2-core machine: hybrid p95 ≤ 50 ms, recall@10 ≥ 0.95.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { seededRandom as rng } from "../scripts/fake-openai/text";

const DOCS = Number(process.env.BENCH_DOCS ?? 1000);
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 100_000);
const DIM = 768;
const CLUSTERS = 200;
const QUERIES = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const fmt = (n: number, digits = 1) => n.toFixed(digits);

// A Zipf-distributed vocabulary of made-up English-like words and Chinese two-character words,
// so a query word matches a realistic share of chunks (a few frequent words, a long tail).
const SYLLABLES = "ka lo mi re tu san vel dor pin gra shu ber tol nex qua fin zor lim pat ros".split(" ");
// Real words, so Intl.Segmenter keeps them whole as it would in real Chinese text.
const CHINESE = "知识 检索 向量 关键词 混合 索引 文档 模型 服务 部署 备份 恢复 发票 退款 配送 仓库 密码 账户 账单 政策 客服 工单 延迟 集群 副本 回答 引用 排序 过滤 上传 解析 表格 页面 章节 用户 订单 商品 价格 支付 物流 地址 电话 邮箱 会员 积分 优惠 活动 售后 维修 保修 安装 说明 手册 版本 更新 升级 下载 登录 注册 权限 角色 团队 项目 任务 日程 会议 报告 分析 图表 数据 接口 文件 图片 视频 音频 消息 通知 设置 主题 语言 时区 安全 加密 认证 审计 日志 监控 告警 性能 容量 存储 网络 带宽 缓存 队列 调度 容器 镜像 节点 负载 均衡 证书 域名".split(" ");
const VOCABULARY = Array.from({ length: 30_000 }, (_, i) => {
  if (i % 20 === 3) return CHINESE[Math.floor(i / 20) % CHINESE.length]!;
  let word = "";
  for (let n = i + 7; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});
// Cumulative Zipf weights (s = 1) for sampling by rank.
const ZIPF = (() => {
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 1; rank <= VOCABULARY.length; rank++) cumulative.push((sum += 1 / rank));
  return cumulative.map((c) => c / sum);
})();

function word(random: () => number): string {
  const x = random();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => word(random)).join(" ");
}

/**
 * A query of content words: ranks 50–5,000. The most frequent ranks play the part of stop words,
 * which real queries lose to the text-search configuration (English) or the stop list (Chinese).
 */
function query(random: () => number): string {
  return Array.from({ length: 3 }, () => VOCABULARY[50 + Math.floor(random() * 4950)]!).join(" ");
}

function normalize(v: Float64Array): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => x / norm);
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

async function main(): Promise<void> {
  const cleanups: (() => Promise<void> | void)[] = [];
  if (!process.env.DATABASE_URL) {
    const { openEmbeddedPostgres } = await import("../scripts/lib/embedded-postgres");
    const dataDir = mkdtempSync(path.join(tmpdir(), "agentloom-bench-knowledge-"));
    const embedded = await openEmbeddedPostgres({ dataDir });
    process.env.DATABASE_URL = embedded.url;
    cleanups.push(async () => {
      await embedded.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    console.log("DATABASE_URL is not set: measuring on embedded PGlite (slower than Postgres).");
  }
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.LOG_LEVEL ??= "warn";
  process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";
  process.env.KNOWLEDGE_WORKER_CONCURRENCY ??= "4";
  // Inline mode: ingestion jobs run in this process, as with `npm start` without Redis.
  delete process.env.REDIS_URL;

  const { applyMigrations } = await import("../scripts/db/schema-engine");
  await applyMigrations(process.env.DATABASE_URL);
  const { startFakeOpenAI } = await import("../scripts/fake-openai/server");
  const fake = await startFakeOpenAI({ embeddingDimensions: DIM });
  cleanups.push(() => fake.close());

  const { db } = await import("../server/db");
  const { createUser } = await import("../server/testing/fixtures");
  const { createProvider } = await import("../server/inference/providers.service");
  const { createModel } = await import("../server/inference/models.service");
  const { inference, flushUsage } = await import("../server/inference");
  const { createKnowledgeBase } = await import("../server/knowledge/knowledge-bases.service");
  const { addDocumentsOptions, addTextDocument } = await import("../server/knowledge/documents.service");
  const { insertSplitChunks } = await import("../server/knowledge/chunk-store");
  const { ensureVectorTable, upsertVectors, searchVectors } = await import("../server/knowledge/vector-store");
  const { retrieve } = await import("../server/knowledge/retrieval");
  const { retrievalOptionsSchema } = await import("../server/knowledge/retrieval-settings");
  const { Prisma } = await import("../server/generated/prisma/client");
  cleanups.push(() => flushUsage());

  const user = await createUser(db(), "bench-knowledge");
  const ws = user.personalWorkspaceId;
  const provider = await createProvider(db(), ws, { name: "fake", preset: "custom", baseUrl: `${fake.url}/v1` });
  const model = await createModel(db(), ws, { kind: "embedding", name: "fake-embed", displayName: "Fake embed 768", endpoints: [{ providerId: provider.id, weight: 1 }], maxBatchSize: 64 });
  const defaults = { mode: "hybrid" as const, topK: 10, scoreThreshold: null, rerank: false, rerankModelId: null };
  const rows: [string, string, string][] = [];

  // 1. Ingestion through the real pipeline (BENCH_DOCS=0 skips it).
  const random = rng(42);
  if (DOCS > 0) {
    const ingestKb = await createKnowledgeBase(db(), ws, user.id, { name: "bench-ingest", description: "", embeddingModelId: model.id, retrievalDefaults: defaults });
    const texts = Array.from({ length: DOCS }, () => Array.from({ length: 12 }, () => `${sentence(random, 65)}.`).join("\n\n"));
    const totalMb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1024 / 1024;
    const options = addDocumentsOptions.parse({});
    const started = performance.now();
    for (let i = 0; i < DOCS; i++) await addTextDocument(db(), ws, ingestKb.id, user.id, { name: `doc-${i}.txt`, text: texts[i]! }, options);
    for (;;) {
      const pending = await db().knowledgeDocument.count({ where: { knowledgeBaseId: ingestKb.id, status: { notIn: ["indexed", "failed"] } } });
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ingestSeconds = (performance.now() - started) / 1000;
  const failed = await db().knowledgeDocument.count({ where: { knowledgeBaseId: ingestKb.id, status: "failed" } });
  const ingestedChunks = await db().knowledgeChunk.count({ where: { knowledgeBaseId: ingestKb.id } });
  rows.push([`ingest ${DOCS} docs (${fmt(totalMb)} MB, ${ingestedChunks} chunks, dim ${DIM})`, `${fmt(DOCS / ingestSeconds)} docs/s`, `${fmt(ingestSeconds)} s total, ${fmt(ingestedChunks / ingestSeconds, 0)} chunks/s, ${failed} failed`]);
  }

  // 2. A large knowledge base, loaded directly.
  const kb = await createKnowledgeBase(db(), ws, user.id, { name: "bench-search", description: "", embeddingModelId: model.id, retrievalDefaults: defaults });
  await db().knowledgeBase.update({ where: { id: kb.id }, data: { embeddingDimension: DIM } });
  await ensureVectorTable(db(), kb.id, DIM);
  await db().$executeRawUnsafe(`DROP INDEX IF EXISTS "knowledge_vectors"."kb_${kb.id}_hnsw"`);
  const centers = Array.from({ length: CLUSTERS }, () => Float64Array.from({ length: DIM }, () => gaussian(random)));
  const clustered = (noise: number) => {
    const center = centers[Math.floor(random() * CLUSTERS)]!;
    return normalize(Float64Array.from(center, (x) => x + noise * gaussian(random)));
  };
  const PER_DOC = 1000;
  const loadStarted = performance.now();
  for (let d = 0; d * PER_DOC < CHUNKS; d++) {
    const count = Math.min(PER_DOC, CHUNKS - d * PER_DOC);
    const doc = await db().knowledgeDocument.create({
      data: { knowledgeBaseId: kb.id, name: `bulk-${d}.txt`, sourceKind: "text", text: "", chunkSettings: {}, status: "indexed", totalChunks: count, embeddedChunks: count },
      select: { id: true },
    });
    const chunks = Array.from({ length: count }, () => {
      const content = sentence(random, 40);
      return { content, parentContent: null, tokens: 60 };
    });
    await insertSplitChunks(db(), { knowledgeBaseId: kb.id, documentId: doc.id, version: 1 }, chunks);
    const ids = await db().knowledgeChunk.findMany({ where: { documentId: doc.id }, orderBy: { position: "asc" }, select: { id: true } });
    for (let start = 0; start < ids.length; start += 250) {
      await upsertVectors(db(), kb.id, DIM, ids.slice(start, start + 250).map(({ id }) => ({ chunkId: id, vector: clustered(0.6) })));
    }
    await db().knowledgeChunk.updateMany({ where: { documentId: doc.id }, data: { embedded: true } });
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const buildStarted = performance.now();
  await db().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '2GB'`);
      await tx.$executeRawUnsafe(`SET LOCAL max_parallel_maintenance_workers = 1`);
      await tx.$executeRawUnsafe(`CREATE INDEX "kb_${kb.id}_hnsw" ON "knowledge_vectors"."kb_${kb.id}" USING hnsw (embedding vector_cosine_ops)`);
    },
    { timeout: 3_600_000, maxWait: 10_000 },
  );
  await db().$executeRawUnsafe(`ANALYZE "knowledge_vectors"."kb_${kb.id}"`);
  await db().$executeRawUnsafe(`ANALYZE "KnowledgeChunk"`);
  await db().$executeRawUnsafe(`ANALYZE "KnowledgeDocument"`);
  rows.push([`load ${CHUNKS} chunks + vectors`, `${fmt(loadSeconds)} s`, `HNSW build ${fmt((performance.now() - buildStarted) / 1000)} s (m=16, ef_construction=64)`]);

  // Recall@10 of the HNSW search against exact search, on in-distribution query vectors.
  const filter = Prisma.sql`c."knowledgeBaseId" = ${kb.id} AND c.enabled AND d.enabled AND d.status = 'indexed' AND c.version = d.version`;
  let overlap = 0;
  const RECALL_QUERIES = 100;
  for (let q = 0; q < RECALL_QUERIES; q++) {
    const vector = clustered(0.6);
    const approximate = await searchVectors(db(), kb.id, DIM, vector, 10, filter);
    const exact = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_indexscan = off");
      return tx.$queryRawUnsafe<{ chunk_id: string }[]>(
        `SELECT chunk_id FROM "knowledge_vectors"."kb_${kb.id}" ORDER BY embedding <=> $1::vector(${DIM}) LIMIT 10`,
        `[${vector.join(",")}]`,
      );
    });
    const truth = new Set(exact.map((r) => r.chunk_id));
    overlap += approximate.filter((hit) => truth.has(hit.chunkId)).length;
  }
  const recall = overlap / (RECALL_QUERIES * 10);

  // Query latency through retrieve() (query embedding by the test server included).
  const latency = async (mode: "vector" | "keyword" | "hybrid") => {
    const options = retrievalOptionsSchema.parse({ mode, topK: 10 });
    const samples: number[] = [];
    for (let i = 0; i < QUERIES + 20; i++) {
      const text = query(random);
      const t = performance.now();
      await retrieve({ db: db(), models: inference() }, { workspaceId: ws }, [kb.id], text, options);
      if (i >= 20) samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
  };
  const vector = await latency("vector");
  const keyword = await latency("keyword");
  const hybrid = await latency("hybrid");
  rows.push([`vector query, ${CHUNKS} chunks`, `p50 ${fmt(vector.p50)} ms / p95 ${fmt(vector.p95)} ms`, ""]);
  rows.push([`keyword query, ${CHUNKS} chunks`, `p50 ${fmt(keyword.p50)} ms / p95 ${fmt(keyword.p95)} ms`, ""]);
  rows.push([`hybrid query, ${CHUNKS} chunks`, `p50 ${fmt(hybrid.p50)} ms / p95 ${fmt(hybrid.p95)} ms`, `target p95 ≤ 50 ms: ${hybrid.p95 <= 50 ? "met" : "NOT met"}`]);
  rows.push([`HNSW recall@10 vs exact (${RECALL_QUERIES} queries)`, fmt(recall, 3), `target ≥ 0.95: ${recall >= 0.95 ? "met" : "NOT met"}`]);

  const width = Math.max(...rows.map((r) => r[0].length));
  console.log("\nKnowledge benchmark\n");
  for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(28)}  ${note}`);

  for (const cleanup of cleanups.reverse()) await cleanup();
  await db().$disconnect();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
