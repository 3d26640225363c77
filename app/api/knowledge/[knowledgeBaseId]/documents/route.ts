import { z } from "zod";
import { db } from "@/server/db";
import { AppError, appErrorResponse } from "@/server/errors";
import { addDocumentsOptions, addFileDocuments, maxFileBytes } from "@/server/knowledge/documents.service";
import { jsonField, readMultipart, requireMember } from "@/server/knowledge/http-boundary";
import { MAX_FILES_PER_UPLOAD } from "@/server/knowledge/limits";

export const dynamic = "force-dynamic";

/** Several small files may share a request up to this size; a single file may always reach the per-file limit. */
const MAX_UPLOAD_REQUEST_BYTES = 100 * 1024 * 1024;

/**
 * POST /api/knowledge/{knowledgeBaseId}/documents?workspaceId=… (multipart): `files` (one or
 * more) and `options` (JSON: chunkSettings, metadata). Editors only. Every file is checked
 * (type, empty, size) before anything is stored: one bad file rejects the upload, with a
 * message naming each bad file.
 */
export async function POST(req: Request, { params }: { params: Promise<{ knowledgeBaseId: string }> }): Promise<Response> {
  try {
    const { knowledgeBaseId } = await params;
    const workspaceId = new URL(req.url).searchParams.get("workspaceId");
    const { userId } = await requireMember(workspaceId, "editor");
    // The whole request is buffered, so it is capped; the UI sends one file per request. Multipart
    // framing adds a little; the per-file limit is checked again below.
    const form = await readMultipart(req, Math.max(maxFileBytes(), MAX_UPLOAD_REQUEST_BYTES) + 1024 * 1024);
    const files = form.getAll("files").filter((f): f is File => typeof f !== "string");
    if (files.length > MAX_FILES_PER_UPLOAD) throw new AppError("BAD_REQUEST", `Upload at most ${MAX_FILES_PER_UPLOAD} files at once`);
    const options = addDocumentsOptions.safeParse(jsonField(form, "options") ?? {});
    if (!options.success) throw new AppError("BAD_REQUEST", z.prettifyError(options.error));
    const documents = await addFileDocuments(
      db(),
      workspaceId!,
      knowledgeBaseId,
      userId,
      await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))),
      options.data,
    );
    return Response.json({ documents }, { status: 201 });
  } catch (error) {
    return appErrorResponse(error);
  }
}
