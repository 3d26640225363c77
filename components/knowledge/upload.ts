import type { ChunkPreview, ChunkSettings, KnowledgeDocument } from "./types";

/** The server's `{ error: { message } }`, or a generic line when the answer is not JSON. */
async function failure(response: Response, fallback: string): Promise<Error> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return new Error(body.error?.message ?? fallback);
  } catch {
    return new Error(fallback);
  }
}

/**
 * Uploads files as multipart (tRPC carries no files), one request per file so no request holds
 * more than one file's bytes; `onUploaded` reports each file as soon as its document exists, so
 * a failure part-way leaves the caller knowing which files are still to send.
 */
export async function uploadDocuments(
  workspaceId: string,
  knowledgeBaseId: string,
  files: File[],
  options: { chunkSettings: ChunkSettings; metadata: Record<string, string> },
  fallbackError: string,
  onUploaded: (file: File) => void,
): Promise<KnowledgeDocument[]> {
  const created: KnowledgeDocument[] = [];
  for (const file of files) {
    const form = new FormData();
    form.append("files", file, file.name);
    form.append("options", JSON.stringify(options));
    const response = await fetch(`/api/knowledge/${encodeURIComponent(knowledgeBaseId)}/documents?workspaceId=${encodeURIComponent(workspaceId)}`, { method: "POST", body: form });
    if (!response.ok) throw await failure(response, fallbackError);
    created.push(...((await response.json()) as { documents: KnowledgeDocument[] }).documents);
    onUploaded(file);
  }
  return created;
}

export async function previewFile(workspaceId: string, knowledgeBaseId: string, file: File, chunkSettings: ChunkSettings, fallbackError: string, signal?: AbortSignal): Promise<ChunkPreview> {
  const form = new FormData();
  form.append("file", file, file.name);
  form.append("chunkSettings", JSON.stringify(chunkSettings));
  const response = await fetch(`/api/knowledge/${encodeURIComponent(knowledgeBaseId)}/preview?workspaceId=${encodeURIComponent(workspaceId)}`, { method: "POST", body: form, signal });
  if (!response.ok) throw await failure(response, fallbackError);
  return (await response.json()) as ChunkPreview;
}
