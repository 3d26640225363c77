"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { NewKeyForm } from "../ui/new-key-form";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";

/** API keys for the retrieval API of this knowledge base (admins): create (shown once), list, revoke. */
export function ApiAccessSection({ knowledgeBaseId }: { knowledgeBaseId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const input = { workspaceId: workspace.id, scope: "knowledge:retrieve" as const, resourceId: knowledgeBaseId };
  const keys = useQuery(trpc.apiKeys.list.queryOptions(input));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey(input) });
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: async () => (setRevoking(null), await refresh()) }));
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const curl = `curl -X POST ${origin}/api/v1/knowledge/${knowledgeBaseId}/retrieve \\\n  -H "Authorization: Bearer <API key>" -H "Content-Type: application/json" \\\n  -d '{"query": "…", "mode": "hybrid", "topK": 5}'`;

  return (
    <section className="bg-card border-border space-y-4 rounded-2xl border p-5 shadow-xs">
      <div>
        <h2 className="text-sm font-semibold">{t("knowledge.api.title")}</h2>
        <p className="text-muted-foreground mt-1 text-xs">{t("knowledge.api.description")}</p>
      </div>
      <pre className="bg-muted overflow-x-auto rounded-lg p-3 font-mono text-xs">{curl}</pre>
      <NewKeyForm
        labels={{ name: t("knowledge.api.keyName"), create: t("knowledge.api.create"), shownOnce: t("knowledge.api.shownOnce") }}
        onCreate={(name) => create.mutateAsync({ workspaceId: workspace.id, name, scopes: ["knowledge:retrieve"], resourceIds: [knowledgeBaseId] })}
        pending={create.isPending}
        error={create.error ? errorMessage(create.error, t) : null}
        createdKey={create.data?.key}
        keyTestId="new-api-key"
      />
      {keys.isPending ? (
        <SkeletonRows rows={2} label={t("common.loading")} />
      ) : keys.isError ? (
        <ErrorState title={t("knowledge.api.loadError")} message={errorMessage(keys.error, t)} />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={KeyRound} title={t("knowledge.api.empty")} />
      ) : (
        <ul className="divide-border divide-y text-sm">
          {keys.data.map((key) => (
            <li key={key.id} className="flex items-center gap-3 py-2">
              <span className="font-medium">{key.name}</span>
              <code className="text-muted-foreground font-mono text-xs">{key.prefix}…</code>
              {key.revokedAt && <Badge tone="warning">{t("knowledge.api.revoked")}</Badge>}
              <span className="text-muted-foreground ml-auto text-xs">
                {key.lastUsedAt ? t("knowledge.api.lastUsed", { when: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(key.lastUsedAt) }) : t("knowledge.api.neverUsed")}
              </span>
              {!key.revokedAt && (
                <Button variant="danger-ghost" size="sm" onClick={() => setRevoking({ id: key.id, name: key.name })}>
                  {t("knowledge.api.revoke")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        title={t("knowledge.api.revokeTitle", { name: revoking?.name ?? "" })}
        description={t("knowledge.api.revokeDescription")}
        confirmLabel={t("knowledge.api.revoke")}
        onConfirm={() => revoking && revoke.mutate({ workspaceId: workspace.id, apiKeyId: revoking.id })}
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error, t) : null}
      />
    </section>
  );
}
