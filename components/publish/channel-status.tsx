"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw, Send } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { errorMessage, fieldErrors } from "@/components/trpc/errors";
import { useTRPC } from "@/components/trpc/react";
import type { ChannelPlatform } from "./channel-panel";

interface EventRow {
  id: string;
  type: string;
  ok: boolean;
  userId: string | null;
  errcode: number | null;
  detail: string;
  createdAt: Date;
}

/** Refreshes while open, so a message sent from WeCom shows up without a reload. */
const STATUS_REFRESH_MS = 5000;

/** A channel's recent activity (messages received, errors with errcode/errmsg) and the "send test message" tool. */
export function ChannelStatusPanel({ workspaceId, channelId, platform, canEdit }: { workspaceId: string; channelId: string; platform: ChannelPlatform; canEdit: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusOptions = trpc.channels.status.queryOptions({ workspaceId, channelId });
  const status = useQuery({ ...statusOptions, refetchInterval: STATUS_REFRESH_MS });
  const [toUser, setToUser] = useState("");
  const [text, setText] = useState("");
  const [testErrors, setTestErrors] = useState<Record<string, string>>({});
  const send = useMutation(
    trpc.channels.sendTest.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: statusOptions.queryKey }),
      onError: (err) => setTestErrors(fieldErrors(err)),
    }),
  );
  const result = send.data;

  return (
    <section aria-label={t("publish.channel.status")} className="border-border space-y-4 border-t pt-4">
      <div className="flex items-center justify-between">
        <h3 className="text-[14px] font-semibold">{t("publish.channel.status")}</h3>
        <Button variant="ghost" size="sm" onClick={() => void status.refetch()} loading={status.isFetching}>
          <RefreshCw className="size-3.5" aria-hidden />
          {t("publish.channel.refresh")}
        </Button>
      </div>
      {status.isError && <Alert>{errorMessage(status.error, t)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <EventList testId="channel-messages" title={t("publish.channel.lastMessages")} empty={t("publish.channel.noMessages")} rows={status.data?.messages ?? []} />
        <EventList testId="channel-errors" title={t("publish.channel.lastErrors")} empty={t("publish.channel.noErrors")} rows={status.data?.errors ?? []} />
      </div>
      {canEdit && (
        <form
          className="border-border bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
          aria-label={t("publish.channel.test")}
          onSubmit={(event) => {
            event.preventDefault();
            setTestErrors({});
            send.mutate({ workspaceId, channelId, toUser, text });
          }}
        >
          <Field label={platform === "wecom" ? t("publish.channel.testUserWecom") : t("publish.channel.testUserWechat")} error={testErrors.toUser}>
            {(c) => <Input {...c} value={toUser} maxLength={128} autoComplete="off" onChange={(e) => setToUser(e.target.value)} />}
          </Field>
          <Field label={t("publish.channel.testText")} error={testErrors.text}>
            {(c) => <Input {...c} value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <Button type="submit" loading={send.isPending}>
            <Send className="size-4" aria-hidden />
            {t("publish.channel.testSend")}
          </Button>
          <div role="status" data-testid="channel-test-result" className="text-[13px] sm:col-span-3">
            {result?.ok === true && <span className="text-success">{t("publish.channel.testSent")}</span>}
            {result?.ok === false && (
              <span className="text-danger">
                {t("publish.channel.testFailed")} {result.errcode !== null && `errcode ${result.errcode}: `}
                {result.errmsg}
              </span>
            )}
            {send.isError && Object.keys(testErrors).length === 0 && <span className="text-danger">{errorMessage(send.error, t)}</span>}
          </div>
        </form>
      )}
    </section>
  );
}

function EventList({ title, empty, rows, testId }: { title: string; empty: string; rows: EventRow[]; testId: string }) {
  const t = useT();
  return (
    <div className="space-y-2">
      <h4 className="text-muted-foreground text-[12px] font-medium tracking-wide uppercase">{title}</h4>
      {rows.length === 0 ? (
        <p className="text-muted-foreground text-[13px]">{empty}</p>
      ) : (
        <ul data-testid={testId} className="divide-border border-border max-h-56 divide-y overflow-auto rounded-lg border">
          {rows.map((row) => (
            <li key={row.id} className="space-y-0.5 px-3 py-2 text-[12px]">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={row.ok ? "success" : "warning"}>{eventLabel(row.type, t)}</Badge>
                {row.userId && <code className="truncate">{row.userId}</code>}
                {row.errcode !== null && <span className="text-danger">errcode {row.errcode}</span>}
                <time className="text-muted-foreground ml-auto" dateTime={new Date(row.createdAt).toISOString()}>
                  {new Date(row.createdAt).toLocaleString()}
                </time>
              </div>
              {row.detail && <div className="text-muted-foreground break-words">{row.detail}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function eventLabel(type: string, t: ReturnType<typeof useT>): string {
  switch (type) {
    case "message-received":
      return t("publish.channel.event.received");
    case "reply-sent":
      return t("publish.channel.event.replied");
    case "reply-failed":
      return t("publish.channel.event.replyFailed");
    case "callback-refused":
      return t("publish.channel.event.refused");
    case "url-verified":
      return t("publish.channel.event.verified");
    case "test-sent":
      return t("publish.channel.event.testSent");
    case "test-failed":
      return t("publish.channel.event.testFailed");
    default:
      return type;
  }
}
