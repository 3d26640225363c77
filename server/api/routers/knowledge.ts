import { z } from "zod";
import { createTRPCRouter, roleProcedure, workspaceInput, workspaceProcedure } from "../trpc";
import { inference } from "../../inference";
import { workflowFetch } from "../../runs/run-services";
import { chunkSettingsSchema } from "../../knowledge/chunk-settings";
import { addChunk, chunkContent, listChunks, setChunkEnabled, updateChunk } from "../../knowledge/chunks.service";
import {
  addDocumentsOptions,
  addTextDocument,
  addUrlDocument,
  deleteDocument,
  getDocument,
  listDocuments,
  metadataSchema,
  previewChunks,
  reindexDocument,
  retryDocument,
  textDocumentInput,
  updateDocument,
  urlInput,
} from "../../knowledge/documents.service";
import { createKnowledgeBase, deleteKnowledgeBase, getKnowledgeBase, knowledgeBaseInput, listKnowledgeBases, updateKnowledgeBase } from "../../knowledge/knowledge-bases.service";
import { retrieve } from "../../knowledge/retrieval";
import { retrievalOptionsSchema } from "../../knowledge/retrieval-settings";
import { knowledgeLimits } from "../../knowledge/limits";

const id = z.string().min(1);
const kbInput = workspaceInput.extend({ knowledgeBaseId: id });
const documentInput = workspaceInput.extend({ documentId: id });
const chunkInput = workspaceInput.extend({ chunkId: id });

export const knowledgeRouter = createTRPCRouter({
  limits: workspaceProcedure.input(workspaceInput).query(() => knowledgeLimits()),
  list: workspaceProcedure.input(workspaceInput).query(({ ctx, input }) => listKnowledgeBases(ctx.db, input.workspaceId)),
  get: workspaceProcedure.input(kbInput).query(({ ctx, input }) => getKnowledgeBase(ctx.db, input.workspaceId, input.knowledgeBaseId)),
  create: roleProcedure("editor")
    .input(workspaceInput.extend(knowledgeBaseInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, ...kb } = input;
      return createKnowledgeBase(ctx.db, workspaceId, ctx.user.id, kb);
    }),
  update: roleProcedure("editor")
    .input(kbInput.extend(knowledgeBaseInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, knowledgeBaseId, ...kb } = input;
      return updateKnowledgeBase(ctx.db, workspaceId, knowledgeBaseId, kb);
    }),
  delete: roleProcedure("editor")
    .input(kbInput)
    .mutation(({ ctx, input }) => deleteKnowledgeBase(ctx.db, input.workspaceId, input.knowledgeBaseId)),

  listDocuments: workspaceProcedure
    .input(kbInput.extend({ search: z.string().trim().max(200).optional() }))
    .query(({ ctx, input }) => listDocuments(ctx.db, input.workspaceId, input.knowledgeBaseId, input.search || undefined)),
  getDocument: workspaceProcedure.input(documentInput).query(({ ctx, input }) => getDocument(ctx.db, input.workspaceId, input.documentId)),
  addTextDocument: roleProcedure("editor")
    .input(kbInput.extend(textDocumentInput.shape).extend(addDocumentsOptions.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, knowledgeBaseId, name, text, ...options } = input;
      return addTextDocument(ctx.db, workspaceId, knowledgeBaseId, ctx.user.id, { name, text }, addDocumentsOptions.parse(options));
    }),
  addUrlDocument: roleProcedure("editor")
    .input(kbInput.extend({ url: urlInput }).extend(addDocumentsOptions.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceId, knowledgeBaseId, url, ...options } = input;
      return addUrlDocument(ctx.db, workspaceId, knowledgeBaseId, ctx.user.id, url, addDocumentsOptions.parse(options));
    }),
  retryDocument: roleProcedure("editor")
    .input(documentInput)
    .mutation(({ ctx, input }) => retryDocument(ctx.db, input.workspaceId, input.documentId)),
  reindexDocument: roleProcedure("editor")
    .input(documentInput.extend({ chunkSettings: chunkSettingsSchema }))
    .mutation(({ ctx, input }) => reindexDocument(ctx.db, input.workspaceId, input.documentId, input.chunkSettings)),
  updateDocument: roleProcedure("editor")
    .input(documentInput.extend({ name: z.string().trim().min(1, "Give the document a name").max(255).optional(), enabled: z.boolean().optional(), metadata: metadataSchema.optional() }))
    .mutation(({ ctx, input }) => {
      const { workspaceId, documentId, ...changes } = input;
      return updateDocument(ctx.db, workspaceId, documentId, changes);
    }),
  deleteDocument: roleProcedure("editor")
    .input(documentInput)
    .mutation(({ ctx, input }) => deleteDocument(ctx.db, input.workspaceId, input.documentId)),
  previewChunks: roleProcedure("editor")
    .input(
      workspaceInput.extend({
        source: z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("text"), text: textDocumentInput.shape.text }),
          z.object({ kind: z.literal("url"), url: urlInput }),
          z.object({ kind: z.literal("document"), documentId: id }),
        ]),
        chunkSettings: chunkSettingsSchema,
      }),
    )
    .mutation(({ ctx, input }) => previewChunks(ctx.db, workflowFetch, input.workspaceId, input.source, input.chunkSettings)),

  listChunks: workspaceProcedure
    .input(documentInput.extend({ search: z.string().trim().max(200).optional(), page: z.number().int().min(0).default(0) }))
    .query(({ ctx, input }) => listChunks(ctx.db, input.workspaceId, input.documentId, { search: input.search || undefined, page: input.page })),
  updateChunk: roleProcedure("editor")
    .input(chunkInput.extend({ content: chunkContent }))
    .mutation(({ ctx, input }) => updateChunk({ db: ctx.db, models: inference() }, input.workspaceId, input.chunkId, input.content)),
  setChunkEnabled: roleProcedure("editor")
    .input(chunkInput.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setChunkEnabled(ctx.db, input.workspaceId, input.chunkId, input.enabled)),
  addChunk: roleProcedure("editor")
    .input(documentInput.extend({ content: chunkContent }))
    .mutation(({ ctx, input }) => addChunk({ db: ctx.db, models: inference() }, input.workspaceId, input.documentId, input.content)),

  /** The retrieval test: ranked chunks with each mode's score. */
  retrieve: workspaceProcedure
    .input(kbInput.extend({ query: z.string().trim().min(1, "Type a query").max(2000, "Queries are at most 2000 characters"), options: retrievalOptionsSchema.default(retrievalOptionsSchema.parse({})) }))
    .mutation(({ ctx, input }) => retrieve({ db: ctx.db, models: inference() }, { workspaceId: input.workspaceId }, [input.knowledgeBaseId], input.query, input.options)),
});
