"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Server } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { Input } from "../ui/field";
import { Switch } from "../ui/switch";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";

/** One app's MCP endpoint: on/off, its URL, and (admins) keys for MCP clients. */
function EndpointPanel({ appId }: { appId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const input = { workspaceId: workspace.id, appId };
  const endpoint = useQuery(trpc.tools.mcpEndpoint.queryOptions(input));
  const [keyName, setKeyName] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tools.mcpEndpoint.queryKey(input) });
  const toggle = useMutation(trpc.tools.setMcpEndpoint.mutationOptions({ onSuccess: refresh }));
  const createKey = useMutation(trpc.tools.createMcpKey.mutationOptions({ onSuccess: async () => (setKeyName(""), await refresh()) }));
  const isAdmin = roleAtLeast(workspace.role, "admin");
  if (endpoint.isPending) return <SkeletonRows rows={1} label={t("common.loading")} />;
  if (endpoint.isError) return <ErrorState title={t("tools.loadError")} message={errorMessage(endpoint.error, t)} />;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const url = endpoint.data.path ? `${origin}${endpoint.data.path}` : null;
  const config = url ? JSON.stringify({ mcpServers: { agentloom: { url, headers: { Authorization: "Bearer <API key>" } } } }, null, 2) : "";
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <Switch checked={endpoint.data.enabled} disabled={toggle.isPending} onCheckedChange={(enabled) => toggle.mutate({ ...input, enabled })} aria-label={t("tools.serve.enable")} />
        {t("tools.serve.enable")}
      </label>
      {toggle.error && <Alert>{errorMessage(toggle.error, t)}</Alert>}
      {endpoint.data.enabled && url && (
        <>
          <div className="flex items-center gap-2">
            <code className="bg-muted min-w-0 flex-1 truncate rounded px-2 py-1 font-mono text-xs">{url}</code>
            <CopyButton text={url} label={t("common.copy")} copiedLabel={t("common.copied")} />
          </div>
          <details className="text-xs">
            <summary className="text-muted-foreground cursor-pointer">{t("tools.serve.clientConfig")}</summary>
            <pre className="bg-muted mt-1 overflow-x-auto rounded-lg p-2 font-mono">{config}</pre>
          </details>
          <p className="text-muted-foreground text-xs">{t("tools.serve.keys", { count: endpoint.data.keys.length })}</p>
          {isAdmin ? (
            <form
              className="flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (keyName.trim()) createKey.mutate({ ...input, name: keyName });
              }}
            >
              <Input aria-label={t("tools.serve.keyName")} placeholder={t("tools.serve.keyName")} value={keyName} maxLength={100} onChange={(e) => setKeyName(e.target.value)} />
              <Button type="submit" disabled={!keyName.trim()} loading={createKey.isPending}>
                {t("tools.serve.createKey")}
              </Button>
            </form>
          ) : (
            <p className="text-muted-foreground text-xs">{t("tools.serve.adminsCreateKeys")}</p>
          )}
          {createKey.error && <Alert>{errorMessage(createKey.error, t)}</Alert>}
          {createKey.data && (
            <Alert tone="info">
              <p className="mb-2 font-medium">{t("knowledge.api.shownOnce")}</p>
              <div className="flex items-center gap-2">
                <code className="bg-card min-w-0 flex-1 truncate rounded px-2 py-1 font-mono text-xs">{createKey.data.key}</code>
                <CopyButton text={createKey.data.key} label={t("common.copy")} copiedLabel={t("common.copied")} />
              </div>
            </Alert>
          )}
        </>
      )}
    </div>
  );
}

/** The "Serve over MCP" tab: published apps offered to MCP clients (Claude Desktop, Cursor…). */
export function McpEndpoints() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const apps = useQuery(trpc.apps.list.queryOptions({ workspaceId: workspace.id }));
  const [open, setOpen] = useState<string | null>(null);
  if (apps.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (apps.isError) return <ErrorState title={t("tools.loadError")} message={errorMessage(apps.error, t)} />;
  const published = apps.data.filter((app) => app.latestVersion && (app.mode === "workflow" || app.mode === "chatflow"));
  return (
    <div className="space-y-4">
      <p className="text-muted-foreground text-sm">{t("tools.serve.intro")}</p>
      {published.length === 0 ? (
        <EmptyState icon={Server} title={t("tools.serve.empty")} />
      ) : (
        <ul className="space-y-3">
          {published.map((app) => (
            <li key={app.id} className="bg-card border-border space-y-3 rounded-2xl border p-4 shadow-xs">
              <div className="flex items-center gap-3">
                <span className="font-medium">{app.name}</span>
                <Badge>{app.mode === "workflow" ? t("tools.serve.workflow") : t("tools.serve.chat")}</Badge>
                <Button variant="secondary" size="sm" className="ml-auto" aria-expanded={open === app.id} onClick={() => setOpen(open === app.id ? null : app.id)}>
                  {t("tools.serve.configure")}
                </Button>
              </div>
              {open === app.id && <EndpointPanel appId={app.id} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
