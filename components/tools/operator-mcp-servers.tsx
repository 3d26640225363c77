"use client";

import { useQuery } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { Badge } from "../ui/badge";
import { useWorkspace } from "../workspace/workspace-context";
import { ToolParameters } from "./tool-parameters";

/** Local MCP servers from the operator's config file: shown read-only under the MCP tab (nothing when there are none). */
export function OperatorMcpServers() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const tools = useQuery(trpc.tools.list.queryOptions({ workspaceId: workspace.id }));
  const servers = (tools.data ?? []).filter((group) => group.operator);
  if (servers.length === 0) return null;
  return (
    <section className="space-y-3">
      <h2 className="text-sm font-semibold">{t("tools.mcp.operatorTitle")}</h2>
      <p className="text-muted-foreground text-xs">{t("tools.mcp.operatorHint")}</p>
      <ul className="space-y-3">
        {servers.map((server) => (
          <li key={server.provider} className="bg-card border-border space-y-2 rounded-2xl border p-4 shadow-xs">
            <div className="flex items-center gap-2">
              <span className="font-mono text-sm font-semibold">{server.provider}</span>
              <span className="text-muted-foreground text-sm">{server.description}</span>
              <Badge>{t("tools.count", { count: server.tools.length })}</Badge>
              <Badge tone="primary">{t("tools.mcp.operatorBadge")}</Badge>
            </div>
            <ul className="divide-border divide-y">
              {server.tools.map((tool) => (
                <li key={tool.ref} className="space-y-1 py-2">
                  <code className="font-mono text-sm">{tool.label}</code>
                  <p className="text-muted-foreground text-xs">{tool.description}</p>
                  <ToolParameters parameters={tool.parameters} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
