/**
 * Indexes one version of a document: parse → split → embed → indexed. Idempotent per version:
 * chunks are keyed (document, version, position) and written with ON CONFLICT DO NOTHING, vectors
 * are upserted, and embedding picks up the chunks not yet embedded — so a retried or redelivered
 * job resumes from the last finished batch and never duplicates anything. A job whose version
 * is no longer the document's (re-indexed or deleted meanwhile) stops at the next step.
 */
import type { Db } from "../db";
import { InferenceError } from "../inference";
import type { GuardedFetch } from "../security/http";
import { readChunkSettings } from "./chunk-settings";
import { insertSplitChunks } from "./chunk-store";
import { IngestError } from "./errors";
import { fetchUrlText } from "./parsers/fetch-url";
import { parseFile } from "./parsers/parse-file";
import type { EmbeddingPort } from "./retrieval";
import { splitText } from "./splitter";
import { ensureVectorTable, MAX_DIMENSION, upsertVectors } from "./vector-store";

export interface IngestDeps {
  db: Db;
  models: Pick<EmbeddingPort, "embed">;
  http: GuardedFetch;
  /** Chunks per embedding request; progress is saved after each. */
  embedBatchSize: number;
  /** Waits after a passing embedding failure (429, 5xx, timeout) before trying the batch again. */
  backoffMs: (attempt: number) => number;
  /** Tries per batch before the job gives up (and the queue's retry takes over). */
  embedAttempts: number;
  maxUrlBytes: number;
}

/** The document changed version or disappeared: this job's work is obsolete. */
class Superseded extends Error {}

const MODEL_GONE = new Set(["MODEL_NOT_FOUND", "WRONG_MODEL_KIND", "PROVIDER_DISABLED", "NO_DEFAULT_MODEL", "MISSING_API_KEY"]);

function embeddingError(error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  if (error instanceof InferenceError) {
    if (MODEL_GONE.has(error.inferenceCode)) {
      return new IngestError("embedding_model_missing", `The knowledge base's embedding model cannot be used: ${error.message} Pick another model in the knowledge base settings.`, false, { cause: error });
    }
    const passing = error.inferenceCode !== "UPSTREAM_REJECTED" && error.inferenceCode !== "NOT_OPENAI_COMPATIBLE";
    return new IngestError("embedding_failed", `Embedding failed: ${error.message}`, passing, { cause: error });
  }
  return new IngestError("embedding_failed", `Embedding failed: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
}

export async function ingestDocument(deps: IngestDeps, documentId: string, version: number, signal: AbortSignal): Promise<void> {
  const { db } = deps;
  /** Moves the document forward only while it is still this version; throws Superseded otherwise. */
  const advance = async (data: Parameters<Db["knowledgeDocument"]["updateMany"]>[0]["data"], client: Pick<Db, "knowledgeDocument"> = db) => {
    signal.throwIfAborted();
    const { count } = await client.knowledgeDocument.updateMany({ where: { id: documentId, version }, data: { ...data, heartbeatAt: new Date() } });
    if (count === 0) throw new Superseded();
  };

  try {
    const document = await db.knowledgeDocument.findUnique({
      where: { id: documentId },
      select: { version: true, name: true, sourceKind: true, sourceUrl: true, text: true, chunkSettings: true, knowledgeBase: { select: { id: true, workspaceId: true, embeddingModelId: true } } },
    });
    if (!document || document.version !== version) return;
    const kb = document.knowledgeBase;

    // 1. Parse (skipped on re-index: the text is kept).
    let text = document.text;
    if (text === null) {
      await advance({ status: "parsing", error: null, errorCode: null });
      if (document.sourceKind === "file") {
        const file = await db.knowledgeDocumentFile.findUnique({ where: { documentId }, select: { bytes: true } });
        if (!file) throw new IngestError("empty_file", `The uploaded file of “${document.name}” is missing; upload it again.`);
        text = (await parseFile(document.name, file.bytes)).text;
      } else if (document.sourceKind === "url") {
        text = (await fetchUrlText(deps.http, document.sourceUrl ?? "", deps.maxUrlBytes, signal)).text;
      } else {
        throw new IngestError("empty_file", "The pasted text is empty.");
      }
      await advance({ text });
    }

    // 2. Split.
    await advance({ status: "splitting" });
    const chunks = await splitText(text, readChunkSettings(document.chunkSettings));
    if (chunks.length === 0) throw new IngestError("no_text", `Nothing is left of “${document.name}” after cleanup; check the cleanup rules.`);
    await db.$transaction(async (tx) => {
      await insertSplitChunks(tx, { knowledgeBaseId: kb.id, documentId, version }, chunks);
      await advance({ totalChunks: chunks.length }, tx);
    });

    // 3. Embed (keyword-only knowledge bases skip this), resuming after the last finished batch.
    if (kb.embeddingModelId) {
      const embedded = await db.knowledgeChunk.count({ where: { documentId, version, embedded: true } });
      await advance({ status: "embedding", embeddedChunks: embedded });
      let dimension: number | null = null;
      for (;;) {
        const batch = await db.knowledgeChunk.findMany({
          where: { documentId, version, embedded: false },
          orderBy: { position: "asc" },
          take: deps.embedBatchSize,
          select: { id: true, content: true },
        });
        if (batch.length === 0) break;
        const vectors = await embedWithBackoff(deps, { workspaceId: kb.workspaceId }, kb.embeddingModelId, batch.map((c) => c.content), signal);
        // Checked against the knowledge base once per job; later batches must match the first.
        dimension ??= await fixDimension(db, kb.id, vectors[0]!.length);
        if (vectors[0]!.length !== dimension) throw new IngestError("dimension_mismatch", `The embedding model changed its vector size from ${dimension} to ${vectors[0]!.length} while indexing; retry the document.`, true);
        const size = dimension;
        await db.$transaction(async (tx) => {
          await upsertVectors(tx, kb.id, size, batch.map((c, i) => ({ chunkId: c.id, vector: vectors[i]! })));
          await tx.knowledgeChunk.updateMany({ where: { id: { in: batch.map((c) => c.id) } }, data: { embedded: true } });
        });
        await advance({ embeddedChunks: { increment: batch.length } });
      }
    }

    // 4. Done: the previous versions' chunks (and their vectors, by cascade) go.
    await db.$transaction(async (tx) => {
      await advance({ status: "indexed", indexedAt: new Date(), error: null, errorCode: null, embeddedChunks: kb.embeddingModelId ? chunks.length : 0 }, tx);
      await tx.knowledgeChunk.deleteMany({ where: { documentId, version: { not: version } } });
    });
  } catch (error) {
    if (error instanceof Superseded) return;
    throw error;
  }
}

async function embedWithBackoff(deps: IngestDeps, scope: { workspaceId: string }, model: string, input: string[], signal: AbortSignal): Promise<number[][]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { vectors } = await deps.models.embed(scope, { model, input, signal });
      if (vectors.length !== input.length || vectors.some((v) => v.length === 0 || v.length !== vectors[0]!.length)) {
        throw new IngestError("embedding_failed", "The embedding model returned vectors of different lengths");
      }
      if (vectors[0]!.length > MAX_DIMENSION) {
        throw new IngestError("embedding_failed", `The embedding model returns ${vectors[0]!.length}-dimensional vectors; at most ${MAX_DIMENSION} are supported.`);
      }
      return vectors;
    } catch (error) {
      const failure = embeddingError(error);
      if (!failure.retryable || attempt >= deps.embedAttempts || signal.aborted) throw failure;
      await new Promise((resolve) => setTimeout(resolve, deps.backoffMs(attempt)));
    }
  }
}

/**
 * The knowledge base's dimension is fixed by its first vectors (and its table created then);
 * a model that later answers with another dimension is an error, not a silent mix.
 */
async function fixDimension(db: Db, knowledgeBaseId: string, dimension: number): Promise<number> {
  await db.knowledgeBase.updateMany({ where: { id: knowledgeBaseId, embeddingDimension: null }, data: { embeddingDimension: dimension } });
  const kb = await db.knowledgeBase.findUniqueOrThrow({ where: { id: knowledgeBaseId }, select: { embeddingDimension: true } });
  if (kb.embeddingDimension !== dimension) {
    throw new IngestError(
      "dimension_mismatch",
      `The embedding model now returns ${dimension}-dimensional vectors, but this knowledge base stores ${kb.embeddingDimension}-dimensional ones (the model or its settings changed). Create a new knowledge base for the new model.`,
    );
  }
  await ensureVectorTable(db, knowledgeBaseId, dimension);
  return dimension;
}
