"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Pencil, Trash2 } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { useTRPC } from "../trpc/react";
import { errorCode, errorMessage } from "../trpc/errors";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CopyButton } from "../ui/copy-button";
import { ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { ApiAccessSection } from "./api-access-section";
import { DocumentsPanel } from "./documents-panel";
import { KnowledgeBaseDialog } from "./knowledge-base-dialog";
import { RetrievalTestPanel } from "./retrieval-test-panel";

type Tab = "documents" | "test" | "api";

/** One knowledge base: its documents, the retrieval test and API access. */
export function KnowledgeBaseView({ knowledgeBaseId }: { knowledgeBaseId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [tab, setTab] = useState<Tab>("documents");
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const kb = useQuery(trpc.knowledge.get.queryOptions({ workspaceId: workspace.id, knowledgeBaseId }));
  const remove = useMutation(
    trpc.knowledge.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
        router.push(`/w/${workspace.id}/knowledge`);
      },
    }),
  );
  const canEdit = roleAtLeast(workspace.role, "editor");
  const isAdmin = roleAtLeast(workspace.role, "admin");
  const back = (
    <Link href={`/w/${workspace.id}/knowledge`} className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm">
      <ArrowLeft className="size-4" aria-hidden />
      {t("knowledge.back")}
    </Link>
  );

  if (kb.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (kb.isError) {
    return (
      <div className="space-y-4">
        {back}
        <ErrorState
          title={errorCode(kb.error) === "NOT_FOUND" ? t("knowledge.notFound") : t("knowledge.loadError")}
          message={errorMessage(kb.error, t)}
          action={<Button variant="secondary" onClick={() => kb.refetch()}>{t("common.retry")}</Button>}
        />
      </div>
    );
  }
  const base = kb.data;
  return (
    <div className="space-y-5">
      {back}
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h1 className="truncate text-xl font-semibold">{base.name}</h1>
          {base.description && <p className="text-muted-foreground text-sm">{base.description}</p>}
          <div className="flex flex-wrap items-center gap-2 text-xs">
            {base.embeddingModelId ? (
              <Badge tone={base.embeddingModelName ? "primary" : "warning"}>{base.embeddingModelName ?? t("knowledge.modelMissing")}</Badge>
            ) : (
              <Badge>{t("knowledge.keywordOnlyBadge")}</Badge>
            )}
            {base.embeddingDimension && <Badge>{t("knowledge.dimension", { n: base.embeddingDimension })}</Badge>}
            <span className="text-muted-foreground flex items-center gap-1">
              {t("knowledge.id")} <code className="font-mono">{base.id}</code>
              <CopyButton text={base.id} label={t("common.copy")} copiedLabel={t("common.copied")} />
            </span>
          </div>
        </div>
        {canEdit && (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setDialog("edit")}>
              <Pencil className="size-4" aria-hidden />
              {t("knowledge.settings")}
            </Button>
            <Button variant="danger-ghost" onClick={() => setDialog("delete")}>
              <Trash2 className="size-4" aria-hidden />
              {t("knowledge.delete")}
            </Button>
          </div>
        )}
      </header>
      <SegmentedControl
        label={t("knowledge.tabs")}
        value={tab}
        options={[
          { value: "documents" as const, label: t("knowledge.tab.documents") },
          { value: "test" as const, label: t("knowledge.tab.test") },
          ...(isAdmin ? [{ value: "api" as const, label: t("knowledge.tab.api") }] : []),
        ]}
        onChange={setTab}
      />
      {tab === "documents" && <DocumentsPanel kb={base} canEdit={canEdit} />}
      {tab === "test" && <RetrievalTestPanel kb={base} />}
      {tab === "api" && isAdmin && <ApiAccessSection knowledgeBaseId={base.id} />}
      {dialog === "edit" && <KnowledgeBaseDialog open onClose={() => setDialog(null)} existing={base} />}
      <ConfirmDialog
        open={dialog === "delete"}
        onClose={() => {
          setDialog(null);
          remove.reset();
        }}
        title={t("knowledge.deleteTitle", { name: base.name })}
        description={t("knowledge.deleteDescription")}
        confirmLabel={t("knowledge.delete")}
        typeToConfirm={{ text: base.name, label: t("knowledge.deleteTypeName") }}
        onConfirm={() => remove.mutate({ workspaceId: workspace.id, knowledgeBaseId: base.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </div>
  );
}
