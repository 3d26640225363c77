"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Workflow } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Switch } from "../ui/switch";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { ToolParameters } from "./tool-parameters";

/** The Workflows tab: published Workflow apps, each offered (or not) as a tool to tool and agent nodes. */
export function WorkflowTools() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const canEdit = roleAtLeast(workspace.role, "editor");
  const workflows = useQuery(trpc.tools.workflows.queryOptions({ workspaceId: workspace.id }));
  const offer = useMutation(trpc.tools.setWorkflowOffered.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tools.pathKey() }) }));
  if (workflows.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (workflows.isError) return <ErrorState title={t("tools.loadError")} message={errorMessage(workflows.error, t)} />;
  return (
    <div className="space-y-4">
      <p className="text-muted-foreground text-sm">{t("tools.workflows.intro")}</p>
      {offer.error && <Alert>{errorMessage(offer.error, t)}</Alert>}
      {workflows.data.length === 0 ? (
        <EmptyState icon={Workflow} title={t("tools.workflows.empty")} />
      ) : (
        <ul className="space-y-3">
          {workflows.data.map((workflow) => (
            <li key={workflow.appId} className="bg-card border-border space-y-2 rounded-2xl border p-4 shadow-xs">
              <div className="flex items-center gap-3">
                <span className="font-medium">{workflow.name}</span>
                <Badge>{t("tools.workflows.version", { version: workflow.version })}</Badge>
                <code className="text-subtle text-[11px]">{`workflow:${workflow.appId}`}</code>
                <label className="ml-auto flex items-center gap-2 text-sm">
                  {t("tools.workflows.offer")}
                  <Switch
                    checked={workflow.offeredAsTool}
                    disabled={!canEdit || offer.isPending}
                    aria-label={t("tools.workflows.offerNamed", { name: workflow.name })}
                    onCheckedChange={(offered) => offer.mutate({ workspaceId: workspace.id, appId: workflow.appId, offered })}
                  />
                </label>
              </div>
              {workflow.description && <p className="text-muted-foreground text-sm">{workflow.description}</p>}
              {workflow.tool && <ToolParameters parameters={workflow.tool.parameters} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
