"use client";

import { useQuery } from "@tanstack/react-query";
import { Wrench } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";
import { ToolParameters } from "./tool-parameters";

/** The Built-in tab: the tools every workspace has, as the model sees them. */
export function BuiltinTools() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const tools = useQuery(trpc.tools.list.queryOptions({ workspaceId: workspace.id }));
  if (tools.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (tools.isError) return <ErrorState title={t("tools.loadError")} message={errorMessage(tools.error, t)} />;
  const builtin = tools.data.find((group) => group.source === "builtin")?.tools ?? [];
  if (builtin.length === 0) return <EmptyState icon={Wrench} title={t("tools.builtin.empty")} />;
  return (
    <ul className="grid gap-3 md:grid-cols-2">
      {builtin.map((tool) => (
        <li key={tool.ref} className="bg-card border-border space-y-2 rounded-2xl border p-4 shadow-xs" data-testid={`builtin-${tool.name}`}>
          <div className="flex items-center gap-2">
            <Wrench className="text-primary size-4" aria-hidden />
            <code className="font-mono text-sm font-semibold">{tool.name}</code>
          </div>
          <p className="text-muted-foreground text-sm">{tool.description}</p>
          <ToolParameters parameters={tool.parameters} />
        </li>
      ))}
    </ul>
  );
}
