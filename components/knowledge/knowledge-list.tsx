"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { BookOpen, FileText, Plus, Search } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { KnowledgeBaseDialog } from "./knowledge-base-dialog";

/** The knowledge page: every knowledge base of the workspace, and creating one. */
export function KnowledgeList() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const { workspace } = useWorkspace();
  const [creating, setCreating] = useState(false);
  const bases = useQuery(trpc.knowledge.list.queryOptions({ workspaceId: workspace.id }));
  const canEdit = roleAtLeast(workspace.role, "editor");
  const createButton = canEdit && (
    <Button onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden />
      {t("knowledge.create")}
    </Button>
  );

  return (
    <div className="space-y-4">
      <div className="flex justify-end">{bases.data && bases.data.length > 0 && createButton}</div>
      <div className="bg-card border-border rounded-2xl border shadow-xs">
        {bases.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : bases.isError ? (
          <ErrorState title={t("knowledge.loadError")} message={errorMessage(bases.error, t)} action={<Button variant="secondary" onClick={() => bases.refetch()}>{t("common.retry")}</Button>} />
        ) : bases.data.length === 0 ? (
          <EmptyState icon={BookOpen} title={t("knowledge.empty.title")} action={createButton || undefined}>
            {t("knowledge.empty.description")}
          </EmptyState>
        ) : (
          <ul className="divide-border divide-y" aria-label={t("knowledge.title")}>
            {bases.data.map((kb) => (
              <li key={kb.id}>
                <Link href={`/w/${workspace.id}/knowledge/${kb.id}`} className="hover:bg-accent flex items-center gap-4 px-5 py-4 transition-colors">
                  <div className="bg-primary-soft text-primary flex size-9 shrink-0 items-center justify-center rounded-lg">
                    <BookOpen className="size-4.5" aria-hidden />
                  </div>
                  <div className="min-w-0 flex-1">
                    <div className="flex items-center gap-2">
                      <span className="truncate text-sm font-medium">{kb.name}</span>
                      {kb.embeddingModelId ? (
                        <Badge tone="primary">{kb.embeddingModelName ?? t("knowledge.modelMissing")}</Badge>
                      ) : (
                        <Badge>{t("knowledge.keywordOnlyBadge")}</Badge>
                      )}
                    </div>
                    {kb.description && <p className="text-muted-foreground mt-0.5 truncate text-xs">{kb.description}</p>}
                  </div>
                  <div className="text-muted-foreground hidden items-center gap-4 text-xs sm:flex">
                    <span className="flex items-center gap-1">
                      <FileText className="size-3.5" aria-hidden />
                      {t("knowledge.documentCount", { count: kb.documentCount })}
                    </span>
                    <span className="flex items-center gap-1">
                      <Search className="size-3.5" aria-hidden />
                      {t("knowledge.chunkCount", { count: kb.chunkCount })}
                    </span>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <KnowledgeBaseDialog open={creating} onClose={() => setCreating(false)} onSaved={(id) => router.push(`/w/${workspace.id}/knowledge/${id}`)} />
    </div>
  );
}
