"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, FileCode2, Plug, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Switch } from "../ui/switch";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { AddMcpServerDialog } from "./add-mcp-server-dialog";
import { AddOpenApiDialog } from "./add-openapi-dialog";
import { OperatorMcpServers } from "./operator-mcp-servers";
import { ToolParameters } from "./tool-parameters";
import { ToolTestForm } from "./tool-test-form";

/** The Custom (OpenAPI) and MCP tabs: a workspace's providers of one kind, their tools, and testing them. */
export function ProviderList({ kind }: { kind: "openapi" | "mcp" }) {
  const t = useT();
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const canEdit = roleAtLeast(workspace.role, "editor");
  const input = { workspaceId: workspace.id, kind };
  const providers = useQuery(trpc.tools.providers.queryOptions(input));
  const refreshList = () => queryClient.invalidateQueries({ queryKey: trpc.tools.pathKey() });
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const update = useMutation(trpc.tools.updateProvider.mutationOptions({ onSuccess: refreshList }));
  const refresh = useMutation(trpc.tools.refreshMcp.mutationOptions({ onSuccess: refreshList }));
  const remove = useMutation(trpc.tools.deleteProvider.mutationOptions({ onSuccess: async () => (setDeleting(null), await refreshList()) }));
  const Icon = kind === "openapi" ? FileCode2 : Plug;
  const addLabel = kind === "openapi" ? t("tools.openapi.add") : t("tools.mcp.add");

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-4">
        <p className="text-muted-foreground text-sm">{kind === "openapi" ? t("tools.openapi.intro") : t("tools.mcp.intro")}</p>
        {canEdit && (
          <Button onClick={() => setAdding(true)}>
            <Plus className="size-4" aria-hidden />
            {addLabel}
          </Button>
        )}
      </div>
      {(update.error ?? refresh.error) && <Alert>{errorMessage(update.error ?? refresh.error, t)}</Alert>}
      {providers.isPending ? (
        <SkeletonRows label={t("common.loading")} />
      ) : providers.isError ? (
        <ErrorState title={t("tools.loadError")} message={errorMessage(providers.error, t)} />
      ) : providers.data.length === 0 ? (
        <EmptyState icon={Icon} title={kind === "openapi" ? t("tools.openapi.empty") : t("tools.mcp.empty")} />
      ) : (
        <ul className="space-y-3">
          {providers.data.map((provider) => {
            const expanded = open === provider.id;
            const config = provider.config;
            return (
              <li key={provider.id} className="bg-card border-border rounded-2xl border shadow-xs" data-testid={`provider-${provider.name}`}>
                <div className="flex flex-wrap items-center gap-3 p-4">
                  <button type="button" className="flex min-w-0 flex-1 items-center gap-2 text-left" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : provider.id)}>
                    {expanded ? <ChevronDown className="size-4 shrink-0" aria-hidden /> : <ChevronRight className="size-4 shrink-0" aria-hidden />}
                    <span className="font-mono text-sm font-semibold">{provider.name}</span>
                    <span className="text-muted-foreground truncate text-sm">{provider.description}</span>
                  </button>
                  <Badge>{t("tools.count", { count: provider.tools.length })}</Badge>
                  {kind === "openapi" && typeof config.baseUrl === "string" && <code className="text-muted-foreground text-xs">{config.baseUrl}</code>}
                  {kind === "mcp" && <code className="text-muted-foreground text-xs">{String(config.url)}</code>}
                  {provider.secretHint && <Badge tone="primary">{t("tools.openapi.secretSet", { hint: provider.secretHint })}</Badge>}
                  {kind === "mcp" && Array.isArray(config.headerNames) && config.headerNames.length > 0 && (
                    <Badge tone="primary">{t("tools.mcp.headersSet", { names: config.headerNames.join(", ") })}</Badge>
                  )}
                  <Switch
                    checked={provider.enabled}
                    disabled={!canEdit || update.isPending}
                    aria-label={t("tools.enabled", { name: provider.name })}
                    onCheckedChange={(enabled) => update.mutate({ workspaceId: workspace.id, toolProviderId: provider.id, enabled })}
                  />
                  {canEdit && kind === "mcp" && (
                    <Button variant="ghost" size="sm" loading={refresh.isPending && refresh.variables.toolProviderId === provider.id} onClick={() => refresh.mutate({ workspaceId: workspace.id, toolProviderId: provider.id })}>
                      <RefreshCw className="size-4" aria-hidden />
                      {t("tools.mcp.refresh")}
                    </Button>
                  )}
                  {canEdit && (
                    <Button variant="danger-ghost" size="sm" aria-label={t("tools.delete", { name: provider.name })} onClick={() => setDeleting({ id: provider.id, name: provider.name })}>
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  )}
                </div>
                {expanded && (
                  <div className="border-border space-y-3 border-t p-4">
                    {provider.toolsRefreshedAt && (
                      <p className="text-muted-foreground text-xs">{t("tools.listedAt", { when: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(provider.toolsRefreshedAt) })}</p>
                    )}
                    <ul className="divide-border divide-y">
                      {provider.tools.map((tool) => {
                        const key = `${provider.id}/${tool.name}`;
                        return (
                          <li key={tool.name} className="space-y-2 py-3">
                            <div className="flex items-start gap-3">
                              <div className="min-w-0 flex-1">
                                <code className="font-mono text-sm font-medium">{tool.name}</code>
                                <p className="text-muted-foreground text-xs">{tool.description}</p>
                                <code className="text-subtle text-[11px]">{`${kind}:${provider.name}/${tool.name}`}</code>
                              </div>
                              {canEdit && (
                                <Button variant="secondary" size="sm" onClick={() => setTesting(testing === key ? null : key)}>
                                  {t("tools.test.open", { name: tool.name })}
                                </Button>
                              )}
                            </div>
                            <ToolParameters parameters={tool.parameters} />
                            {testing === key && <ToolTestForm workspaceId={workspace.id} toolProviderId={provider.id} tool={tool.name} parameters={tool.parameters} />}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {kind === "mcp" && <OperatorMcpServers />}
      {kind === "openapi" ? (
        <AddOpenApiDialog open={adding} onClose={() => setAdding(false)} onCreated={refreshList} />
      ) : (
        <AddMcpServerDialog open={adding} onClose={() => setAdding(false)} onCreated={refreshList} />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        title={t("tools.deleteTitle", { name: deleting?.name ?? "" })}
        description={t("tools.deleteDescription")}
        confirmLabel={t("tools.deleteConfirm")}
        onConfirm={() => deleting && remove.mutate({ workspaceId: workspace.id, toolProviderId: deleting.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </div>
  );
}
