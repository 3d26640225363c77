import { z } from "zod";
import { db } from "@/server/db";
import { AppError, appErrorResponse } from "@/server/errors";
import { chunkSettingsSchema } from "@/server/knowledge/chunk-settings";
import { maxFileBytes, previewChunks } from "@/server/knowledge/documents.service";
import { jsonField, readMultipart, requireMember } from "@/server/knowledge/http-boundary";
import { findKnowledgeBase } from "@/server/knowledge/scope";
import { workflowFetch } from "@/server/runs/run-services";

export const dynamic = "force-dynamic";

/**
 * POST /api/knowledge/{knowledgeBaseId}/preview?workspaceId=… (multipart): one `file` and
 * `chunkSettings` (JSON). Answers the first chunks those settings produce; stores nothing.
 */
export async function POST(req: Request, { params }: { params: Promise<{ knowledgeBaseId: string }> }): Promise<Response> {
  try {
    const { knowledgeBaseId } = await params;
    const workspaceId = new URL(req.url).searchParams.get("workspaceId");
    await requireMember(workspaceId, "editor");
    await findKnowledgeBase(db(), workspaceId!, knowledgeBaseId);
    const form = await readMultipart(req, maxFileBytes() + 1024 * 1024);
    const file = form.get("file");
    if (!file || typeof file === "string") throw new AppError("BAD_REQUEST", "Attach the file to preview as `file`");
    const settings = chunkSettingsSchema.safeParse(jsonField(form, "chunkSettings") ?? {});
    if (!settings.success) throw new AppError("BAD_REQUEST", z.prettifyError(settings.error));
    const preview = await previewChunks(db(), workflowFetch, workspaceId!, { kind: "file", name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, settings.data);
    return Response.json(preview);
  } catch (error) {
    return appErrorResponse(error);
  }
}
