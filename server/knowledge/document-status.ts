import type { Db } from "../db";
import type { IngestErrorCode } from "./errors";

/**
 * Marks a document version failed with a reason the UI shows next to its retry button. Only the
 * given version and only while not indexed: a newer version or a finished one is left alone.
 * `staleBefore` (the sweeper) also requires the heartbeat to still be that old, so a job that
 * came back to life in the meantime wins.
 */
export async function markDocumentFailed(db: Db, documentId: string, version: number, code: IngestErrorCode, message: string, staleBefore?: Date): Promise<void> {
  await db.knowledgeDocument.updateMany({
    where: { id: documentId, version, status: { not: "indexed" }, ...(staleBefore ? { heartbeatAt: { lt: staleBefore } } : {}) },
    data: { status: "failed", errorCode: code, error: message, heartbeatAt: null },
  });
}
