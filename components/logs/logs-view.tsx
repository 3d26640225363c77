"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ArrowLeft, MessagesSquare, ThumbsDown, ThumbsUp, Workflow, X, type LucideIcon } from "lucide-react";
import { ChatMarkdown } from "../chat/chat-markdown";
import { Citations } from "../chat/citations";
import { NodeRunList } from "../canvas/trace-details";
import { useLocale, useT, type MessageKey } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Field, Input, Select } from "../ui/field";
import { QueryErrorState } from "../ui/query-error";
import { EmptyState, SkeletonRows } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";
import type { RouterInputs } from "../trpc/types";
import { channelLabel } from "./channel-label";

type ConversationFilter = Omit<RouterInputs["logs"]["conversations"], "workspaceId" | "appId" | "cursor" | "limit">;
type RunFilter = Omit<RouterInputs["logs"]["runs"], "workspaceId" | "appId" | "cursor" | "limit">;
type Tab = "conversations" | "runs";
type Selection = { kind: "conversation"; id: string } | { kind: "run"; id: string; from?: string } | null;

const CHAT_CHANNELS = ["debug", "share", "widget", "api", "wecom", "wechat"] as const;
const RUN_CHANNELS = [...CHAT_CHANNELS, "debug-node"] as const;
const STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
const PAGE = 25;

const STATUS_TONE = { succeeded: "success", failed: "warning", cancelled: "neutral", queued: "neutral", running: "primary" } as const;

function useFormats() {
  const { locale } = useLocale();
  return {
    date: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
    number: new Intl.NumberFormat(locale),
  };
}

/** Who a row belongs to, as people read it: a member's name, a host page's user, or an anonymous visitor. */
function UserCell({ endUserId, userName }: { endUserId: string | null; userName?: string | null }) {
  const t = useT();
  if (userName) return <span>{userName}</span>;
  if (!endUserId) return <span className="text-muted-foreground">—</span>;
  if (endUserId.startsWith("user:")) return <span title={endUserId}>{t("logs.hostUser", { id: endUserId.slice(5) })}</span>;
  return (
    <span className="text-muted-foreground" title={endUserId}>
      {t("logs.anonymous")} <span className="font-mono text-[11px]">{endUserId.slice(0, 8)}</span>
    </span>
  );
}

function FilterBar({ children, onClear }: { children: ReactNode; onClear: () => void }) {
  const t = useT();
  return (
    <div role="search" className="bg-card border-border flex flex-wrap items-end gap-3 rounded-xl border p-3">
      {children}
      <Button variant="ghost" size="sm" onClick={onClear}>
        {t("logs.filter.clear")}
      </Button>
    </div>
  );
}

function CommonFilters<F extends { channel?: string; from?: string; to?: string; user?: string }>({ filter, setFilter, channels }: { filter: F; setFilter: (f: F) => void; channels: readonly string[] }) {
  const t = useT();
  return (
    <>
      <Field label={t("logs.filter.channel")} className="w-40">
        {(control) => (
          <Select {...control} value={filter.channel ?? ""} onChange={(e) => setFilter({ ...filter, channel: e.target.value || undefined })}>
            <option value="">{t("logs.filter.anyChannel")}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {channelLabel(t, c)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("logs.filter.from")} className="w-40">
        {(control) => <Input {...control} type="date" value={filter.from ?? ""} onChange={(e) => setFilter({ ...filter, from: e.target.value || undefined })} />}
      </Field>
      <Field label={t("logs.filter.to")} className="w-40">
        {(control) => <Input {...control} type="date" value={filter.to ?? ""} onChange={(e) => setFilter({ ...filter, to: e.target.value || undefined })} />}
      </Field>
      <Field label={t("logs.filter.user")} className="w-48">
        {(control) => <Input {...control} value={filter.user ?? ""} placeholder={t("logs.filter.userPlaceholder")} onChange={(e) => setFilter({ ...filter, user: e.target.value || undefined })} />}
      </Field>
    </>
  );
}

function LoadMore({ hasNext, loading, onLoad }: { hasNext: boolean; loading: boolean; onLoad: () => void }) {
  const t = useT();
  if (!hasNext) return null;
  return (
    <div className="border-border border-t px-4 py-2.5 text-center">
      <Button variant="ghost" size="sm" loading={loading} onClick={onLoad}>
        {t("logs.loadMore")}
      </Button>
    </div>
  );
}

function ConversationsTab({ appId, selected, onSelect }: { appId: string; selected: string | null; onSelect: (id: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const formats = useFormats();
  const [filter, setFilter] = useState<ConversationFilter>({});
  const query = useInfiniteQuery(
    trpc.logs.conversations.infiniteQueryOptions({ workspaceId: workspace.id, appId, limit: PAGE, ...filter }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <FilterBar onClear={() => setFilter({})}>
        <CommonFilters filter={filter} setFilter={setFilter} channels={CHAT_CHANNELS} />
        <Field label={t("logs.filter.rating")} className="w-40">
          {(control) => (
            <Select {...control} value={filter.rating ?? ""} onChange={(e) => setFilter({ ...filter, rating: (e.target.value || undefined) as ConversationFilter["rating"] })}>
              <option value="">{t("logs.filter.anyRating")}</option>
              <option value="like">{t("logs.filter.liked")}</option>
              <option value="dislike">{t("logs.filter.disliked")}</option>
              <option value="any">{t("logs.filter.anyFeedback")}</option>
            </Select>
          )}
        </Field>
      </FilterBar>
      <LogTable query={query} rowCount={rows.length} empty={{ icon: MessagesSquare, title: t("logs.empty.conversations"), hint: t("logs.empty.conversationsHint") }} label={t("logs.tabs.conversations")} head={
        <>
          <th scope="col" className="px-4 py-2 font-medium">{t("logs.column.firstMessage")}</th>
          <th scope="col" className="px-3 py-2 font-medium">{t("logs.column.channel")}</th>
          <th scope="col" className="px-3 py-2 font-medium">{t("logs.column.user")}</th>
          <th scope="col" className="px-3 py-2 text-right font-medium">{t("logs.column.messages")}</th>
          <th scope="col" className="px-3 py-2 font-medium">{t("logs.column.rating")}</th>
          <th scope="col" className="px-4 py-2 font-medium whitespace-nowrap">{t("logs.column.updated")}</th>
        </>
      }>
          {rows.map((row) => (
            <tr key={row.id} data-testid="log-conversation" aria-selected={row.id === selected} className={cn("border-border hover:bg-accent/60 cursor-pointer border-t", row.id === selected && "bg-accent")} onClick={() => onSelect(row.id)}>
              <td className="max-w-72 px-4 py-2.5">
                <button type="button" className="block max-w-full truncate text-left font-medium" onClick={() => onSelect(row.id)}>
                  {row.firstMessage || row.name || "—"}
                </button>
              </td>
              <td className="px-3 py-2.5 whitespace-nowrap">
                <Badge>{channelLabel(t, row.channel)}</Badge>
              </td>
              <td className="max-w-48 truncate px-3 py-2.5">
                <UserCell endUserId={row.endUserId} userName={row.userName} />
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums">{formats.number.format(row.messageCount)}</td>
              <td className="px-3 py-2.5 whitespace-nowrap">
                <span className="flex items-center gap-2 text-xs tabular-nums">
                  {row.likes > 0 && (
                    <span className="text-success flex items-center gap-0.5" aria-label={`${t("logs.filter.liked")}: ${row.likes}`}>
                      <ThumbsUp className="size-3.5" aria-hidden />
                      {row.likes}
                    </span>
                  )}
                  {row.dislikes > 0 && (
                    <span className="text-danger flex items-center gap-0.5" aria-label={`${t("logs.filter.disliked")}: ${row.dislikes}`}>
                      <ThumbsDown className="size-3.5" aria-hidden />
                      {row.dislikes}
                    </span>
                  )}
                </span>
              </td>
              <td className="text-muted-foreground px-4 py-2.5 whitespace-nowrap">{formats.date.format(row.updatedAt)}</td>
            </tr>
          ))}
      </LogTable>
    </div>
  );
}

interface LogQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** A log list: loading, error and empty states, the table, and paging. */
function LogTable({ query, rowCount, empty, label, head, children }: { query: LogQuery; rowCount: number; empty: { icon: LucideIcon; title: string; hint: string }; label: string; head: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    <div className="bg-card border-border overflow-hidden rounded-xl border">
      {query.isPending ? (
        <SkeletonRows label={t("common.loading")} />
      ) : query.isError ? (
        <QueryErrorState title={t("logs.loadError")} error={query.error} onRetry={() => void query.refetch()} />
      ) : rowCount === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title}>
          {empty.hint}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label={label}>
            <thead className="bg-background/60">
              <tr className="text-muted-foreground text-left text-xs">{head}</tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
      <LoadMore hasNext={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </div>
  );
}

function duration(ms: number | null, format: Intl.NumberFormat): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${format.format(ms)} ms` : `${format.format(Math.round(ms / 100) / 10)} s`;
}

function RunsTab({ appId, selected, onSelect }: { appId: string; selected: string | null; onSelect: (id: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const formats = useFormats();
  const [filter, setFilter] = useState<RunFilter>({});
  const query = useInfiniteQuery(trpc.logs.runs.infiniteQueryOptions({ workspaceId: workspace.id, appId, limit: PAGE, ...filter }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <FilterBar onClear={() => setFilter({})}>
        <CommonFilters filter={filter} setFilter={setFilter} channels={RUN_CHANNELS} />
        <Field label={t("logs.filter.status")} className="w-40">
          {(control) => (
            <Select {...control} value={filter.status ?? ""} onChange={(e) => setFilter({ ...filter, status: (e.target.value || undefined) as RunFilter["status"] })}>
              <option value="">{t("logs.filter.anyStatus")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`logs.status.${s}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </FilterBar>
      <LogTable query={query} rowCount={rows.length} empty={{ icon: Workflow, title: t("logs.empty.runs"), hint: t("logs.empty.runsHint") }} label={t("logs.tabs.runs")} head={
        <>
          <th scope="col" className="px-4 py-2 font-medium">{t("logs.column.status")}</th>
          <th scope="col" className="px-3 py-2 font-medium">{t("logs.column.channel")}</th>
          <th scope="col" className="px-3 py-2 font-medium">{t("logs.column.query")}</th>
          <th scope="col" className="px-3 py-2 font-medium">{t("logs.column.user")}</th>
          <th scope="col" className="px-3 py-2 text-right font-medium">{t("logs.column.duration")}</th>
          <th scope="col" className="px-3 py-2 text-right font-medium">{t("logs.column.tokens")}</th>
          <th scope="col" className="px-4 py-2 font-medium whitespace-nowrap">{t("logs.column.started")}</th>
        </>
      }>
          {rows.map((row) => (
            <tr key={row.id} data-testid="log-run" aria-selected={row.id === selected} className={cn("border-border hover:bg-accent/60 cursor-pointer border-t", row.id === selected && "bg-accent")} onClick={() => onSelect(row.id)}>
              <td className="px-4 py-2.5">
                <button type="button" onClick={() => onSelect(row.id)}>
                  <Badge tone={STATUS_TONE[row.status]}>{t(`logs.status.${row.status}`)}</Badge>
                </button>
              </td>
              <td className="px-3 py-2.5 whitespace-nowrap">
                <Badge>{channelLabel(t, row.channel)}</Badge>
              </td>
              <td className="max-w-64 truncate px-3 py-2.5" title={row.error ?? undefined}>
                {row.query || <span className="text-muted-foreground">—</span>}
              </td>
              <td className="max-w-40 truncate px-3 py-2.5">
                <UserCell endUserId={row.userId} />
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums">{duration(row.durationMs, formats.number)}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{formats.number.format(row.inputTokens + row.outputTokens)}</td>
              <td className="text-muted-foreground px-4 py-2.5 whitespace-nowrap">{formats.date.format(row.startedAt ?? row.createdAt)}</td>
            </tr>
          ))}
      </LogTable>
    </div>
  );
}

function Transcript({ appId, conversationId, onTrace }: { appId: string; conversationId: string; onTrace: (runId: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const formats = useFormats();
  const query = useQuery(trpc.logs.conversation.queryOptions({ workspaceId: workspace.id, appId, conversationId }));
  if (query.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (query.isError) return <QueryErrorState title={t("logs.loadError")} error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const inputs = Object.entries(c.inputs);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-[13px]">
        <Badge>{channelLabel(t, c.channel)}</Badge>
        <UserCell endUserId={c.endUserId} userName={c.userName} />
        <span className="text-muted-foreground">{formats.date.format(c.createdAt)}</span>
      </div>
      {inputs.length > 0 && (
        <dl aria-label={t("logs.transcript.inputs")} className="bg-muted grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-lg p-2 text-[12px]">
          {inputs.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="font-mono">{name}</dt>
              <dd className="break-words">{value === null ? "—" : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <ol aria-label={t("logs.transcript.title")} className="space-y-4">
        {c.messages.map((m) => (
          <li key={m.id} data-testid="log-message" className="space-y-2">
            <div className="bg-primary text-primary-foreground ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-sm px-3.5 py-2 text-[14px] whitespace-pre-wrap">{m.query}</div>
            <div className={cn("border-border bg-card mr-auto max-w-[92%] rounded-2xl rounded-bl-sm border px-3.5 py-2", m.status === "failed" && "border-danger/40 bg-danger-soft")}>
              {m.answer ? <ChatMarkdown text={m.answer} /> : <p className="text-muted-foreground text-[13px]">{t("logs.transcript.noAnswer")}</p>}
              {m.error && <p className="text-danger text-[13px]">{m.error}</p>}
              <Citations citations={m.citations} />
            </div>
            <div className="flex flex-wrap items-center gap-2 text-[12px]">
              {m.rating === "like" && (
                <span className="text-success flex items-center gap-1" data-testid="log-rating">
                  <ThumbsUp className="size-3.5" aria-hidden />
                  {t("logs.filter.liked")}
                </span>
              )}
              {m.rating === "dislike" && (
                <span className="text-danger flex items-center gap-1" data-testid="log-rating">
                  <ThumbsDown className="size-3.5" aria-hidden />
                  {t("logs.filter.disliked")}
                </span>
              )}
              {m.feedback && <span className="text-muted-foreground">{t("logs.transcript.feedback", { feedback: m.feedback })}</span>}
              <span className="text-muted-foreground tabular-nums">{formats.date.format(m.createdAt)}</span>
              {m.runId && (
                <Button variant="ghost" size="sm" onClick={() => onTrace(m.runId!)}>
                  <Workflow className="size-3.5" aria-hidden />
                  {t("logs.transcript.viewTrace")}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function RunDetails({ appId, runId }: { appId: string; runId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const formats = useFormats();
  const query = useQuery(trpc.logs.run.queryOptions({ workspaceId: workspace.id, appId, runId }));
  if (query.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (query.isError) return <QueryErrorState title={t("logs.loadError")} error={query.error} onRetry={() => void query.refetch()} />;
  const { run, nodeRuns } = query.data;
  const ms = run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-[13px]">
        <Badge tone={STATUS_TONE[run.status]}>{t(`logs.status.${run.status}`)}</Badge>
        <Badge>{channelLabel(t, run.source)}</Badge>
        <span className="text-muted-foreground tabular-nums">{duration(ms, formats.number)}</span>
        <span className="text-muted-foreground tabular-nums">{t("canvas.trace.tokens", { input: run.inputTokens, output: run.outputTokens })}</span>
      </div>
      {run.error && (
        <Alert>
          {run.errorCode && <span className="font-mono font-semibold">{run.errorCode}: </span>}
          {run.error}
        </Alert>
      )}
      <NodeRunList rows={nodeRuns} />
    </div>
  );
}

function DetailPane({ title, onClose, onBack, children }: { title: string; onClose: () => void; onBack?: () => void; children: ReactNode }) {
  const t = useT();
  return (
    <aside aria-label={title} className="bg-card border-border h-fit rounded-xl border lg:sticky lg:top-4 lg:max-h-[calc(100dvh-2rem)] lg:overflow-y-auto">
      <header className="border-border flex items-center gap-2 border-b px-4 py-3">
        {onBack && (
          <Button variant="ghost" size="icon" aria-label={t("logs.transcript.title")} onClick={onBack}>
            <ArrowLeft className="size-4" aria-hidden />
          </Button>
        )}
        <h2 className="flex-1 text-[15px] font-semibold">{title}</h2>
        <Button variant="ghost" size="icon" aria-label={t("common.close")} onClick={onClose}>
          <X className="size-4" aria-hidden />
        </Button>
      </header>
      <div className="p-4">{children}</div>
    </aside>
  );
}

/** An app's logs: conversations (transcripts with feedback) and runs (traces), filtered and paged. */
export function LogsView({ app }: { app: { id: string; name: string; mode: string } }) {
  const t = useT();
  const { workspace } = useWorkspace();
  const chat = app.mode !== "workflow";
  const [tab, setTab] = useState<Tab>(chat ? "conversations" : "runs");
  const [selection, setSelection] = useState<Selection>(null);
  const tabs: Tab[] = chat ? ["conversations", "runs"] : ["runs"];
  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <Link href={`/w/${workspace.id}/apps/${app.id}`} className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-[13px]">
            <ArrowLeft className="size-3.5" aria-hidden />
            {t("logs.backToApp")}
          </Link>
          <h1 className="text-foreground text-xl font-semibold tracking-tight">{t("logs.title")}</h1>
          <p className="text-muted-foreground text-sm">{t("logs.description", { app: app.name })}</p>
        </div>
      </div>
      <div role="tablist" aria-label={t("logs.title")} className="border-border flex gap-1 border-b">
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => {
              setTab(id);
              setSelection(null);
            }}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", tab === id ? "border-primary text-foreground" : "text-muted-foreground hover:text-foreground border-transparent")}
          >
            {t(`logs.tabs.${id}` as MessageKey)}
          </button>
        ))}
      </div>
      <div className={cn("grid gap-4", selection && "lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]")}>
        <div role="tabpanel" className="min-w-0">
          {tab === "conversations" ? (
            <ConversationsTab appId={app.id} selected={selection?.kind === "conversation" ? selection.id : null} onSelect={(id) => setSelection({ kind: "conversation", id })} />
          ) : (
            <RunsTab appId={app.id} selected={selection?.kind === "run" ? selection.id : null} onSelect={(id) => setSelection({ kind: "run", id })} />
          )}
        </div>
        {selection?.kind === "conversation" && (
          <DetailPane title={t("logs.transcript.title")} onClose={() => setSelection(null)}>
            <Transcript appId={app.id} conversationId={selection.id} onTrace={(runId) => setSelection({ kind: "run", id: runId, from: selection.id })} />
          </DetailPane>
        )}
        {selection?.kind === "run" && (
          <DetailPane
            title={t("logs.trace.title")}
            onClose={() => setSelection(null)}
            onBack={selection.from ? () => setSelection({ kind: "conversation", id: selection.from! }) : undefined}
          >
            <RunDetails appId={app.id} runId={selection.id} />
          </DetailPane>
        )}
      </div>
    </div>
  );
}
