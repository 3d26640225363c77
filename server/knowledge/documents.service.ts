import { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { env } from "../env";
import type { KnowledgeSourceKind } from "../generated/prisma/enums";
import { enqueue } from "../queue/jobs";
import type { GuardedFetch } from "../security/http";
import { chunkSettingsSchema, readChunkSettings, type ChunkSettings } from "./chunk-settings";
import { IngestError } from "./errors";
import { ingestDocumentJob } from "./knowledge.jobs";
import { fetchUrlText } from "./parsers/fetch-url";
import { fileTypeOf, ACCEPTED_EXTENSIONS, FILE_TYPES } from "./parsers/file-types";
import { parseFile } from "./parsers/parse-file";
import { metadataFilterSchema } from "./retrieval-settings";
import { findDocument, findKnowledgeBase } from "./scope";
import { splitText } from "./splitter";

export const metadataSchema = metadataFilterSchema;

const documentName = z.string().trim().min(1, "Give the document a name").max(255, "Document names are at most 255 characters");

export const textDocumentInput = z.strictObject({
  name: documentName,
  text: z.string().refine((t) => t.trim() !== "", "The text is empty").refine((t) => t.length <= 5_000_000, "Paste at most 5,000,000 characters; upload larger texts as a file"),
});

export const urlInput = z
  .string()
  .trim()
  .url({ protocol: /^https?$/, error: "Give an http:// or https:// URL" })
  .max(2000, "URLs are at most 2000 characters");

export function maxFileBytes(): number {
  return Math.round(env().KNOWLEDGE_MAX_FILE_MB * 1024 * 1024);
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** Checks an upload before anything is stored: supported type, not empty, within the size limit. */
export function checkUpload(name: string, size: number): void {
  if (!fileTypeOf(name)) throw new IngestError("unsupported_type", `“${name}” is not a supported file type; upload ${ACCEPTED_EXTENSIONS.join(", ")}`);
  if (size === 0) throw new IngestError("empty_file", `“${name}” is empty`);
  if (size > maxFileBytes()) throw new IngestError("file_too_large", `“${name}” is ${formatMb(size)}; files can be at most ${formatMb(maxFileBytes())}`);
}

const DOCUMENT_FIELDS = {
  id: true,
  knowledgeBaseId: true,
  name: true,
  sourceKind: true,
  sourceUrl: true,
  mimeType: true,
  sizeBytes: true,
  metadata: true,
  enabled: true,
  version: true,
  status: true,
  totalChunks: true,
  embeddedChunks: true,
  errorCode: true,
  error: true,
  chunkSettings: true,
  indexedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

type DocumentRow = Awaited<ReturnType<typeof loadDocuments>>[number];

function loadDocuments(db: Db, where: NonNullable<Parameters<Db["knowledgeDocument"]["findMany"]>[0]>["where"]) {
  return db.knowledgeDocument.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: DOCUMENT_FIELDS });
}

function present(row: DocumentRow) {
  return { ...row, metadata: (row.metadata ?? {}) as Record<string, string>, chunkSettings: readChunkSettings(row.chunkSettings) };
}

export async function listDocuments(db: Db, workspaceId: string, knowledgeBaseId: string, search?: string) {
  await findKnowledgeBase(db, workspaceId, knowledgeBaseId);
  const rows = await loadDocuments(db, { knowledgeBaseId, ...(search ? { name: { contains: search, mode: "insensitive" } } : {}) });
  return rows.map(present);
}

export async function getDocument(db: Db, workspaceId: string, documentId: string) {
  await findDocument(db, workspaceId, documentId);
  const [row] = await loadDocuments(db, { id: documentId });
  return present(row!);
}

/** Queues indexing of the document's current version (the job id makes a double click harmless). */
async function enqueueIngest(documentId: string, version: number): Promise<void> {
  await enqueue(ingestDocumentJob, { documentId, version }, { jobId: `ingest-${documentId}-v${version}` });
}

interface NewDocument {
  name: string;
  sourceKind: KnowledgeSourceKind;
  sourceUrl?: string;
  mimeType: string;
  sizeBytes: number;
  text?: string;
  bytes?: Uint8Array;
}

/** Creates documents (all or none) and queues their indexing. */
async function createDocuments(db: Db, workspaceId: string, knowledgeBaseId: string, userId: string | null, documents: NewDocument[], settings: ChunkSettings, metadata: Record<string, string>) {
  await findKnowledgeBase(db, workspaceId, knowledgeBaseId);
  const ids = await db.$transaction(async (tx) => {
    const created: string[] = [];
    for (const doc of documents) {
      const row = await tx.knowledgeDocument.create({
        data: {
          knowledgeBaseId,
          name: doc.name,
          sourceKind: doc.sourceKind,
          sourceUrl: doc.sourceUrl ?? null,
          mimeType: doc.mimeType,
          sizeBytes: doc.sizeBytes,
          text: doc.text ?? null,
          chunkSettings: settings,
          metadata,
          createdById: userId,
          heartbeatAt: new Date(),
          ...(doc.bytes ? { file: { create: { bytes: Buffer.from(doc.bytes) } } } : {}),
        },
        select: { id: true },
      });
      created.push(row.id);
    }
    return created;
  });
  for (const id of ids) await enqueueIngest(id, 1);
  const rows = await loadDocuments(db, { id: { in: ids } });
  // In upload order, so a caller can pair results with what it sent.
  return ids.map((id) => present(rows.find((r) => r.id === id)!));
}

export const addDocumentsOptions = z.strictObject({
  chunkSettings: chunkSettingsSchema.default(chunkSettingsSchema.parse({})),
  metadata: metadataSchema.default({}),
});

export async function addFileDocuments(db: Db, workspaceId: string, knowledgeBaseId: string, userId: string | null, files: { name: string; bytes: Uint8Array }[], options: z.output<typeof addDocumentsOptions>) {
  if (files.length === 0) throw new AppError("BAD_REQUEST", "Choose at least one file");
  const problems: string[] = [];
  for (const file of files) {
    try {
      checkUpload(file.name, file.bytes.length);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new AppError("BAD_REQUEST", problems.join(". "));
  const documents = files.map((f) => ({ name: f.name, sourceKind: "file" as const, mimeType: FILE_TYPES[fileTypeOf(f.name)!].mimeType, sizeBytes: f.bytes.length, bytes: f.bytes }));
  return createDocuments(db, workspaceId, knowledgeBaseId, userId, documents, options.chunkSettings, options.metadata);
}

export async function addTextDocument(db: Db, workspaceId: string, knowledgeBaseId: string, userId: string | null, input: z.output<typeof textDocumentInput>, options: z.output<typeof addDocumentsOptions>) {
  const [doc] = await createDocuments(
    db,
    workspaceId,
    knowledgeBaseId,
    userId,
    [{ name: input.name, sourceKind: "text", mimeType: "text/plain", sizeBytes: Buffer.byteLength(input.text), text: input.text }],
    options.chunkSettings,
    options.metadata,
  );
  return doc!;
}

export async function addUrlDocument(db: Db, workspaceId: string, knowledgeBaseId: string, userId: string | null, url: string, options: z.output<typeof addDocumentsOptions>) {
  const parsed = new URL(url);
  const name = `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`.slice(0, 255);
  const [doc] = await createDocuments(db, workspaceId, knowledgeBaseId, userId, [{ name, sourceKind: "url", sourceUrl: url, mimeType: "text/html", sizeBytes: 0 }], options.chunkSettings, options.metadata);
  return doc!;
}

/**
 * Starts a new version: new settings (re-index) or the same ones (retry). Chunks of the old
 * version stay until the new one is indexed, and a job still working on the old version stops.
 */
async function startNewVersion(db: Db, workspaceId: string, documentId: string, chunkSettings?: ChunkSettings) {
  const doc = await findDocument(db, workspaceId, documentId);
  const next = doc.version + 1;
  await db.knowledgeDocument.update({
    where: { id: documentId },
    data: {
      version: next,
      status: "queued",
      error: null,
      errorCode: null,
      totalChunks: 0,
      embeddedChunks: 0,
      heartbeatAt: new Date(),
      ...(chunkSettings ? { chunkSettings } : {}),
    },
  });
  await enqueueIngest(documentId, next);
  return getDocument(db, workspaceId, documentId);
}

export async function retryDocument(db: Db, workspaceId: string, documentId: string) {
  const doc = await findDocument(db, workspaceId, documentId);
  if (doc.status !== "failed") throw new AppError("CONFLICT", "Only a failed document can be retried");
  return startNewVersion(db, workspaceId, documentId);
}

export async function reindexDocument(db: Db, workspaceId: string, documentId: string, chunkSettings: ChunkSettings) {
  return startNewVersion(db, workspaceId, documentId, chunkSettings);
}

export async function updateDocument(db: Db, workspaceId: string, documentId: string, changes: { name?: string; enabled?: boolean; metadata?: Record<string, string> }) {
  await findDocument(db, workspaceId, documentId);
  await db.knowledgeDocument.update({ where: { id: documentId }, data: changes });
  return getDocument(db, workspaceId, documentId);
}

/** Deletes the document; its chunks and their vectors go with it (foreign keys cascade). */
export async function deleteDocument(db: Db, workspaceId: string, documentId: string) {
  await findDocument(db, workspaceId, documentId);
  await db.knowledgeDocument.delete({ where: { id: documentId } });
  return { id: documentId };
}

const PREVIEW_CHUNKS = 20;

/** Where a preview's text comes from: pasted text, a URL (fetched like ingestion would), a stored document or a file. */
export type PreviewSource = { kind: "text"; text: string } | { kind: "url"; url: string } | { kind: "document"; documentId: string } | { kind: "file"; name: string; bytes: Uint8Array };

/** The first chunks the settings would produce, without storing anything. */
export async function previewChunks(db: Db, http: GuardedFetch, workspaceId: string, source: PreviewSource, settings: ChunkSettings) {
  let text: string;
  try {
    if (source.kind === "text") text = source.text;
    else if (source.kind === "url") text = (await fetchUrlText(http, source.url, maxFileBytes())).text;
    else if (source.kind === "file") {
      checkUpload(source.name, source.bytes.length);
      text = (await parseFile(source.name, source.bytes)).text;
    } else {
      const doc = await findDocument(db, workspaceId, source.documentId);
      if (doc.text === null) throw new AppError("CONFLICT", "This document has not been parsed yet; wait until it is indexed or retry it");
      text = doc.text;
    }
  } catch (error) {
    if (error instanceof IngestError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
  const chunks = await splitText(text, settings);
  return { total: chunks.length, characters: text.length, chunks: chunks.slice(0, PREVIEW_CHUNKS) };
}
