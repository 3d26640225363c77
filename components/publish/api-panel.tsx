"use client";

import type { AppModeName } from "@/server/apps/apps.schema";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, KeyRound } from "lucide-react";
import { useLocale, useT, type MessageKey } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { NewKeyForm } from "@/components/ui/new-key-form";
import { EmptyState, ErrorState, SkeletonRows } from "@/components/ui/states";
import { errorMessage } from "@/components/trpc/errors";
import { useTRPC } from "@/components/trpc/react";


interface Endpoint {
  method: "GET" | "POST" | "DELETE";
  path: string;
  text: MessageKey;
}

const CHAT_ENDPOINTS: Endpoint[] = [
  { method: "POST", path: "/chat/completions", text: "publish.api.ep.chat" },
  { method: "POST", path: "/chat/completions/{message_id}/stop", text: "publish.api.ep.stop" },
  { method: "GET", path: "/conversations?user=", text: "publish.api.ep.conversations" },
  { method: "DELETE", path: "/conversations/{chat_id}?user=", text: "publish.api.ep.deleteConversation" },
  { method: "GET", path: "/conversations/{chat_id}/messages?user=", text: "publish.api.ep.messages" },
  { method: "POST", path: "/messages/{message_id}/feedback", text: "publish.api.ep.feedback" },
];

const WORKFLOW_ENDPOINTS: Endpoint[] = [
  { method: "POST", path: "/workflows/run", text: "publish.api.ep.run" },
  { method: "GET", path: "/workflows/runs/{run_id}", text: "publish.api.ep.getRun" },
  { method: "GET", path: "/workflows/runs/{run_id}/events", text: "publish.api.ep.events" },
  { method: "POST", path: "/workflows/runs/{run_id}/stop", text: "publish.api.ep.stopRun" },
];

function examples(mode: AppModeName, baseUrl: string): { id: string; label: string; code: string }[] {
  if (mode === "workflow") {
    return [
      {
        id: "curl",
        label: "curl",
        code: `curl -X POST ${baseUrl}/workflows/run \\\n  -H "Authorization: Bearer $AGENTLOOM_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"inputs": {}, "user": "user-123"}'`,
      },
      {
        id: "stream",
        label: "curl (SSE)",
        code: `curl -N -X POST ${baseUrl}/workflows/run \\\n  -H "Authorization: Bearer $AGENTLOOM_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"inputs": {}, "stream": true}'\n\n# resume a dropped stream:\ncurl -N ${baseUrl}/workflows/runs/$RUN_ID/events \\\n  -H "Authorization: Bearer $AGENTLOOM_API_KEY" -H "Last-Event-ID: 12"`,
      },
    ];
  }
  return [
    {
      id: "curl",
      label: "curl",
      code: `curl ${baseUrl}/chat/completions \\\n  -H "Authorization: Bearer $AGENTLOOM_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"messages": [{"role": "user", "content": "Hello"}], "user": "user-123"}'`,
    },
    {
      id: "node",
      label: "openai (Node)",
      code: `import OpenAI from "openai";\n\nconst client = new OpenAI({ baseURL: "${baseUrl}", apiKey: process.env.AGENTLOOM_API_KEY });\n\nconst stream = await client.chat.completions.create({\n  model: "agentloom", // ignored: the key decides the app\n  messages: [{ role: "user", content: "Hello" }],\n  stream: true,\n  user: "user-123",\n});\nfor await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? "");\n// Continue server-side: pass { chat_id: chunk.chat_id } with the next message.`,
    },
    {
      id: "python",
      label: "openai (Python)",
      code: `import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="${baseUrl}", api_key=os.environ["AGENTLOOM_API_KEY"])\n\nanswer = client.chat.completions.create(\n    model="agentloom",\n    messages=[{"role": "user", "content": "Hello"}],\n    user="user-123",\n    extra_body={"variables": {}},\n)\nprint(answer.choices[0].message.content, answer.model_extra["chat_id"])`,
    },
  ];
}

/** Publish → API: the app's developer-API keys (created once-shown, listed, revoked) and its docs. */
export function ApiPanel({ workspaceId, appId, mode, canEdit }: { workspaceId: string; appId: string; mode: AppModeName; canEdit: boolean }) {
  const t = useT();
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const baseUrl = `${origin}/api/v1`;
  const samples = examples(mode, baseUrl);
  const [sample, setSample] = useState(samples[0]!.id);
  const shown = samples.find((s) => s.id === sample) ?? samples[0]!;
  const endpoints = mode === "workflow" ? WORKFLOW_ENDPOINTS : CHAT_ENDPOINTS;

  return (
    <div className="space-y-5">
      <section className="space-y-2">
        <p className="text-muted-foreground text-xs">{t(mode === "workflow" ? "publish.api.introWorkflow" : "publish.api.introChat")}</p>
        <div className="flex items-center gap-2">
          <span className="text-xs font-medium">{t("publish.api.baseUrl")}</span>
          <code className="bg-muted min-w-0 flex-1 truncate rounded px-2 py-1 font-mono text-xs" data-testid="api-base-url">
            {baseUrl}
          </code>
          <CopyButton text={baseUrl} label={t("common.copy")} copiedLabel={t("common.copied")} />
          <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer" className="text-primary inline-flex items-center gap-1 text-xs hover:underline">
            OpenAPI
            <ExternalLink className="size-3" aria-hidden />
          </a>
        </div>
      </section>
      {canEdit ? <AppKeys workspaceId={workspaceId} appId={appId} /> : <Alert tone="info">{t("publish.api.editorsOnly")}</Alert>}
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">{t("publish.api.endpoints")}</h3>
        <ul className="border-border divide-border divide-y rounded-lg border text-xs">
          {endpoints.map((e) => (
            <li key={`${e.method} ${e.path}`} className="flex items-baseline gap-2 px-3 py-1.5">
              <Badge tone={e.method === "GET" ? "neutral" : e.method === "DELETE" ? "warning" : "primary"}>{e.method}</Badge>
              <code className="font-mono">{e.path}</code>
              <span className="text-muted-foreground ml-auto text-right">{t(e.text)}</span>
            </li>
          ))}
        </ul>
        <p className="text-muted-foreground text-xs">{t(mode === "workflow" ? "publish.api.notesWorkflow" : "publish.api.notesChat")}</p>
      </section>
      <section className="space-y-2">
        <div role="tablist" aria-label={t("publish.api.examples")} className="flex items-center gap-1">
          <h3 className="mr-2 text-sm font-semibold">{t("publish.api.examples")}</h3>
          {samples.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={s.id === shown.id}
              onClick={() => setSample(s.id)}
              className={cn("rounded-md px-2 py-1 text-xs", s.id === shown.id ? "bg-muted text-foreground font-medium" : "text-muted-foreground")}
            >
              {s.label}
            </button>
          ))}
          <span className="ml-auto">
            <CopyButton text={shown.code} label={t("common.copy")} copiedLabel={t("common.copied")} />
          </span>
        </div>
        <pre className="bg-muted overflow-x-auto rounded-lg p-3 font-mono text-xs" role="tabpanel">
          {shown.code}
        </pre>
      </section>
    </div>
  );
}

function AppKeys({ workspaceId, appId }: { workspaceId: string; appId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const input = { workspaceId, appId };
  const keys = useQuery(trpc.apiKeys.appList.queryOptions(input));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.appList.queryKey(input) });
  const create = useMutation(trpc.apiKeys.appCreate.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKeys.appRevoke.mutationOptions({ onSuccess: async () => (setRevoking(null), await refresh()) }));
  const formatDate = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);

  return (
    <section className="space-y-3">
      <h3 className="text-sm font-semibold">{t("publish.api.keys")}</h3>
      <NewKeyForm
        labels={{ name: t("publish.api.keyName"), create: t("publish.api.create"), shownOnce: t("publish.api.shownOnce") }}
        onCreate={(name) => create.mutateAsync({ ...input, name })}
        pending={create.isPending}
        error={create.error ? errorMessage(create.error, t) : null}
        createdKey={create.data?.key}
        keyTestId="new-app-api-key"
      />
      {keys.isPending ? (
        <SkeletonRows rows={2} label={t("common.loading")} />
      ) : keys.isError ? (
        <ErrorState title={t("publish.api.loadError")} message={errorMessage(keys.error, t)} />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={KeyRound} title={t("publish.api.empty")} />
      ) : (
        <ul className="divide-border divide-y text-sm" aria-label={t("publish.api.keys")}>
          {keys.data.map((key) => (
            <li key={key.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2" data-testid="app-api-key-row">
              <span className="font-medium">{key.name}</span>
              <code className="text-muted-foreground font-mono text-xs">{key.prefix}…</code>
              {key.revokedAt && <Badge tone="warning">{t("publish.api.revoked")}</Badge>}
              <span className="text-muted-foreground ml-auto text-xs">{t("publish.api.created", { when: formatDate(key.createdAt) })}</span>
              <span className="text-muted-foreground text-xs" data-testid="app-api-key-last-used">
                {key.lastUsedAt ? t("publish.api.lastUsed", { when: formatDate(key.lastUsedAt) }) : t("publish.api.neverUsed")}
              </span>
              {!key.revokedAt && (
                <Button variant="danger-ghost" size="sm" onClick={() => setRevoking({ id: key.id, name: key.name })}>
                  {t("publish.api.revoke")}
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
        title={t("publish.api.revokeTitle", { name: revoking?.name ?? "" })}
        description={t("publish.api.revokeDescription")}
        confirmLabel={t("publish.api.revoke")}
        onConfirm={() => revoking && revoke.mutate({ ...input, apiKeyId: revoking.id })}
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error, t) : null}
      />
    </section>
  );
}
