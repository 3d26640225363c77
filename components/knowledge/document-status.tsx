"use client";

import { useT } from "../i18n/i18n-provider";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import type { KnowledgeDocument } from "./types";

/** Share of the work done, for the progress bar: stages first, then embedded chunks. */
function progressOf(doc: KnowledgeDocument): number {
  switch (doc.status) {
    case "queued":
      return 0.02;
    case "parsing":
      return 0.1;
    case "splitting":
      return 0.2;
    case "embedding":
      return doc.totalChunks > 0 ? 0.25 + 0.75 * (doc.embeddedChunks / doc.totalChunks) : 0.25;
    default:
      return 1;
  }
}

/** The document's stage as a badge with a progress bar that fills while it is being indexed. */
export function DocumentStatus({ doc }: { doc: KnowledgeDocument }) {
  const t = useT();
  const label =
    doc.status === "embedding" && doc.totalChunks > 0
      ? t("knowledge.status.embeddingProgress", { done: doc.embeddedChunks, total: doc.totalChunks })
      : t(`knowledge.status.${doc.status}`);
  const tone = doc.status === "indexed" ? "success" : doc.status === "failed" ? "warning" : "primary";
  const working = doc.status !== "indexed" && doc.status !== "failed";
  const percent = Math.round(progressOf(doc) * 100);
  return (
    <div className="min-w-32 space-y-1" data-testid="document-status" data-status={doc.status}>
      <Badge tone={tone}>{label}</Badge>
      {working && (
        <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="bg-muted h-1.5 w-32 overflow-hidden rounded-full">
          <div className={cn("bg-primary h-full rounded-full transition-[width] duration-500")} style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}
