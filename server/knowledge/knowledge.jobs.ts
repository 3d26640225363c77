/**
 * Queue jobs of knowledge bases: `ingest` indexes one document version (payload = ids only; the
 * rows hold the rest), `ingest-sweep` fails documents whose job went silent, so nothing stays
 * "processing" forever.
 */
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import { inference } from "../inference";
import { defineJob, enqueue } from "../queue/jobs";
import { workflowFetch } from "../runs/run-services";
import { IngestError } from "./errors";
import { ingestDocument, type IngestDeps } from "./ingest";
import { markDocumentFailed } from "./document-status";

const INGEST_ATTEMPTS = 3;

/**
 * At most KNOWLEDGE_WORKER_CONCURRENCY ingestions at once in this process. Queue mode gets the
 * same bound from BullMQ; inline mode would otherwise start every uploaded file at once.
 */
let running = 0;
const waiting: (() => void)[] = [];
async function withIngestSlot<T>(work: () => Promise<T>): Promise<T> {
  while (running >= env().KNOWLEDGE_WORKER_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function ingestDeps(): IngestDeps {
  return {
    db: db(),
    models: inference(),
    http: workflowFetch,
    embedBatchSize: 32,
    backoffMs: (attempt) => Math.min(30_000, 1_000 * 2 ** attempt),
    embedAttempts: 4,
    maxUrlBytes: Math.round(env().KNOWLEDGE_MAX_FILE_MB * 1024 * 1024),
  };
}

/** Runs one ingestion attempt; records the outcome on the document unless the queue should retry. */
export async function runIngestAttempt(deps: IngestDeps, payload: { documentId: string; version: number }, attempt: number, attempts: number, timeoutMs: number): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await ingestDocument(deps, payload.documentId, payload.version, signal);
  } catch (error) {
    const failure =
      error instanceof IngestError
        ? error
        : signal.aborted
          ? new IngestError("timeout", `Indexing took longer than ${Math.round(timeoutMs / 60_000)} minutes and was stopped; retry, or split the file.`)
          : new IngestError("internal", `Indexing failed: ${error instanceof Error ? error.message : String(error)}`, true);
    if (failure.retryable && attempt < attempts) throw failure;
    await markDocumentFailed(deps.db, payload.documentId, payload.version, failure.code, failure.message);
  }
}

export const ingestDocumentJob = defineJob({
  name: "ingest",
  payload: z.object({ documentId: z.string().min(1), version: z.number().int().min(1) }),
  attempts: INGEST_ATTEMPTS,
  get concurrency() {
    return env().KNOWLEDGE_WORKER_CONCURRENCY;
  },
  // Parsing a large PDF can block the event loop for a while; a lock that outlives that avoids redelivering a live job.
  lockDurationMs: 120_000,
  handle: (payload, ctx) => withIngestSlot(() => runIngestAttempt(ingestDeps(), payload, ctx.attempt, INGEST_ATTEMPTS, env().KNOWLEDGE_JOB_TIMEOUT_MS)),
});

/** Fails documents in a working state whose heartbeat is older than the job timeout. */
export async function sweepStuckDocuments(database = db(), timeoutMs = env().KNOWLEDGE_JOB_TIMEOUT_MS): Promise<number> {
  const staleBefore = new Date(Date.now() - timeoutMs);
  const stuck = await database.knowledgeDocument.findMany({
    where: { status: { in: ["queued", "parsing", "splitting", "embedding"] }, heartbeatAt: { lt: staleBefore } },
    select: { id: true, version: true, status: true },
  });
  for (const doc of stuck) {
    const message =
      doc.status === "queued"
        ? `No worker picked this document up within ${Math.round(timeoutMs / 60_000)} minutes (is \`npm run worker\` running?); retry it.`
        : `Indexing stopped responding while ${doc.status} (the worker crashed or restarted); retry it.`;
    await markDocumentFailed(database, doc.id, doc.version, "timeout", message, staleBefore);
  }
  return stuck.length;
}

export const sweepStuckDocumentsJob = defineJob({
  name: "ingest-sweep",
  payload: z.object({}),
  attempts: 1,
  schedule: { everyMs: 60_000, payload: {} },
  async handle(_payload, { log }) {
    const count = await sweepStuckDocuments();
    if (count > 0) log.warn({ count }, "stuck documents marked failed");
  },
});

/**
 * Inline mode keeps its jobs in memory, so a restart loses the documents being indexed: this
 * queues them again at startup (each job resumes where the last one stopped).
 */
export async function resumeInterruptedIngestion(database = db()): Promise<number> {
  const interrupted = await database.knowledgeDocument.findMany({
    where: { status: { in: ["queued", "parsing", "splitting", "embedding"] } },
    select: { id: true, version: true },
  });
  for (const doc of interrupted) {
    await database.knowledgeDocument.updateMany({ where: { id: doc.id, version: doc.version }, data: { heartbeatAt: new Date() } });
    await enqueue(ingestDocumentJob, { documentId: doc.id, version: doc.version });
  }
  return interrupted.length;
}
