import type { RouterInputs, RouterOutputs } from "../trpc/types";

export type KnowledgeBaseSummary = RouterOutputs["knowledge"]["list"][number];
export type KnowledgeBase = RouterOutputs["knowledge"]["get"];
export type KnowledgeDocument = RouterOutputs["knowledge"]["listDocuments"][number];
export type DocumentStatus = KnowledgeDocument["status"];
export type ChunkSettings = KnowledgeBase["chunkDefaults"];
export type RetrievalDefaults = KnowledgeBase["retrievalDefaults"];
export type RetrievalMode = RetrievalDefaults["mode"];
export type RetrievalResult = RouterOutputs["knowledge"]["retrieve"];
export type ChunkPreview = RouterOutputs["knowledge"]["previewChunks"];
export type ChunkPage = RouterOutputs["knowledge"]["listChunks"];
export type Chunk = ChunkPage["chunks"][number];
export type KnowledgeBaseForm = Omit<RouterInputs["knowledge"]["create"], "workspaceId">;
export type Limits = RouterOutputs["knowledge"]["limits"];

export const RETRIEVAL_MODES: readonly RetrievalMode[] = ["hybrid", "vector", "keyword"];

/** Statuses during which the document list keeps polling for progress. */
export const WORKING_STATUSES: readonly DocumentStatus[] = ["queued", "parsing", "splitting", "embedding"];
