"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2, Wand2 } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input, Select } from "@/components/ui/field";
import { SkeletonRows } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors } from "@/components/trpc/errors";
import { useTRPC } from "@/components/trpc/react";
import { ChannelStatusPanel } from "./channel-status";

export type ChannelPlatform = "wecom" | "wechat_mp";
type MessageMode = "plaintext" | "compatible" | "safe";

interface Form {
  accountId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
  messageMode: MessageMode;
  welcomeMessage: string;
}

const EMPTY: Form = { accountId: "", agentId: "", secret: "", token: "", encodingAesKey: "", messageMode: "safe", welcomeMessage: "" };
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random value of letters and digits, like the consoles' "random" buttons make (Token: 32, EncodingAESKey: 43). */
function randomAlphanumeric(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = "";
  // Rejection sampling keeps every character equally likely.
  for (const byte of bytes) {
    if (byte < 248) out += ALPHANUMERIC[byte % 62];
    if (out.length === length) break;
  }
  return out.length === length ? out : randomAlphanumeric(length);
}

/** Publish → WeCom / WeChat Official Account: the callback URL, credentials (write-only secrets), status and test send. */
export function ChannelPanel({ workspaceId, appId, canEdit, platform }: { workspaceId: string; appId: string; canEdit: boolean; platform: ChannelPlatform }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.channels.list.queryOptions({ workspaceId, appId }));
  const channel = list.data?.find((c) => c.platform === platform) ?? null;
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const wecom = platform === "wecom";
  const prefix = wecom ? "publish.wecom" : "publish.wechat";

  useEffect(() => {
    if (list.data === undefined) return;
    const c = list.data.find((item) => item.platform === platform);
    setForm(c ? { ...EMPTY, accountId: c.accountId, agentId: c.agentId === null ? "" : String(c.agentId), messageMode: c.messageMode, welcomeMessage: c.welcomeMessage } : EMPTY);
  }, [list.data, platform]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey({ workspaceId, appId }) });
  const onError = (err: unknown) => {
    const byField = fieldErrors(err);
    setErrors(byField);
    setFormError(Object.keys(byField).length === 0 ? errorMessage(err, t) : null);
  };
  const onSaved = () => {
    setSaved(true);
    setForm((f) => ({ ...f, secret: "", token: "", encodingAesKey: "" }));
    void refresh();
  };
  const create = useMutation(trpc.channels.create.mutationOptions({ onSuccess: onSaved, onError }));
  const update = useMutation(trpc.channels.update.mutationOptions({ onSuccess: onSaved, onError }));
  const toggle = useMutation(trpc.channels.setEnabled.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.channels.delete.mutationOptions({ onSuccess: () => (setConfirmDelete(false), refresh()), onError }));

  if (list.isPending) return <SkeletonRows rows={4} label={t("publish.loading")} />;
  if (list.isError) return <Alert>{errorMessage(list.error, t)}</Alert>;

  const set = (patch: Partial<Form>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const agentId = form.agentId.trim() === "" ? null : Number(form.agentId);
  const save = () => {
    setErrors({});
    setFormError(null);
    if (wecom && agentId !== null && !Number.isInteger(agentId)) {
      setErrors({ agentId: t("publish.channel.agentIdInvalid") });
      return;
    }
    const settings = {
      accountId: form.accountId,
      ...(wecom ? { agentId } : { messageMode: form.messageMode }),
      secret: form.secret,
      token: form.token,
      encodingAesKey: form.encodingAesKey,
      welcomeMessage: form.welcomeMessage,
    };
    if (channel) update.mutate({ workspaceId, channelId: channel.id, ...settings });
    else create.mutate({ workspaceId, appId, platform, ...settings });
  };
  const callbackUrl = channel ? `${channel.publicBaseUrl ?? window.location.origin}${channel.callbackPath}` : null;
  const secretHint = (isSet: boolean | undefined) => (isSet ? t("publish.channel.secretSet") : undefined);
  const pending = create.isPending || update.isPending;

  return (
    <section aria-label={t(`${prefix}.title`)} className="space-y-4">
      <p className="text-muted-foreground text-[13px]">{t(`${prefix}.intro`)}</p>
      {channel && callbackUrl ? (
        <div className="border-border bg-card space-y-2 rounded-lg border p-3">
          <div className="text-[13px] font-medium">{t("publish.channel.callbackUrl")}</div>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="channel-callback-url" className="flex-1 truncate text-[13px]">
              {callbackUrl}
            </code>
            <CopyButton text={callbackUrl} label={t("common.copy")} copiedLabel={t("common.copied")} />
            <label className="flex items-center gap-2 text-[13px]">
              <Switch
                checked={channel.enabled}
                disabled={!canEdit || toggle.isPending}
                onCheckedChange={(enabled) => toggle.mutate({ workspaceId, channelId: channel.id, enabled })}
                aria-label={t("publish.channel.enabled")}
              />
              {channel.enabled ? t("publish.channel.on") : t("publish.channel.off")}
            </label>
          </div>
          <p className="text-muted-foreground text-[12px]">{t(`${prefix}.callbackHint`)}</p>
        </div>
      ) : (
        <p className="text-muted-foreground text-[13px]">{t("publish.channel.none")}</p>
      )}
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Field label={wecom ? "CorpID" : "AppID"} error={errors.accountId}>
          {(c) => <Input {...c} value={form.accountId} maxLength={64} disabled={!canEdit} autoComplete="off" onChange={(e) => set({ accountId: e.target.value })} />}
        </Field>
        {wecom ? (
          <Field label="AgentID" error={errors.agentId}>
            {(c) => <Input {...c} value={form.agentId} inputMode="numeric" disabled={!canEdit} autoComplete="off" onChange={(e) => set({ agentId: e.target.value })} />}
          </Field>
        ) : (
          <Field label={t("publish.wechat.messageMode")} error={errors.messageMode} hint={t("publish.wechat.messageModeHint")}>
            {(c) => (
              <Select {...c} value={form.messageMode} disabled={!canEdit} onChange={(e) => set({ messageMode: e.target.value as MessageMode })}>
                <option value="plaintext">{t("publish.wechat.mode.plaintext")}</option>
                <option value="compatible">{t("publish.wechat.mode.compatible")}</option>
                <option value="safe">{t("publish.wechat.mode.safe")}</option>
              </Select>
            )}
          </Field>
        )}
        <Field label={wecom ? "Secret" : "AppSecret"} error={errors.secret} hint={secretHint(channel?.secretSet)}>
          {(c) => <Input {...c} type="password" value={form.secret} autoComplete="new-password" disabled={!canEdit} onChange={(e) => set({ secret: e.target.value })} />}
        </Field>
        <Field
          label="Token"
          error={errors.token}
          hint={secretHint(channel?.tokenSet)}
          labelAside={canEdit && <GenerateButton label={t("publish.channel.generate")} onClick={() => set({ token: randomAlphanumeric(32) })} />}
        >
          {(c) => <Input {...c} value={form.token} autoComplete="off" maxLength={32} disabled={!canEdit} onChange={(e) => set({ token: e.target.value })} />}
        </Field>
        <Field
          label="EncodingAESKey"
          error={errors.encodingAesKey}
          hint={secretHint(channel?.encodingAesKeySet) ?? (wecom ? undefined : t("publish.wechat.aesKeyHint"))}
          className="sm:col-span-2"
          labelAside={canEdit && <GenerateButton label={t("publish.channel.generate")} onClick={() => set({ encodingAesKey: randomAlphanumeric(43) })} />}
        >
          {(c) => <Input {...c} value={form.encodingAesKey} autoComplete="off" maxLength={43} disabled={!canEdit} onChange={(e) => set({ encodingAesKey: e.target.value })} />}
        </Field>
        <Field label={t("publish.channel.welcome")} error={errors.welcomeMessage} hint={t(`${prefix}.welcomeHint`)} className="sm:col-span-2">
          {(c) => <Textarea {...c} rows={2} maxLength={2000} value={form.welcomeMessage} disabled={!canEdit} onChange={(e) => set({ welcomeMessage: e.target.value })} />}
        </Field>
        {formError && <Alert className="sm:col-span-2">{formError}</Alert>}
        {saved && !formError && (
          <p role="status" className="text-success text-[13px] sm:col-span-2">
            {t("publish.channel.saved")}
          </p>
        )}
        {canEdit && (
          <div className="flex flex-wrap gap-2 sm:col-span-2">
            <Button type="submit" loading={pending}>
              {channel ? t("common.save") : t("publish.channel.create")}
            </Button>
            {channel && (
              <Button variant="danger-ghost" onClick={() => setConfirmDelete(true)}>
                <Trash2 className="size-4" aria-hidden />
                {t("publish.channel.delete")}
              </Button>
            )}
          </div>
        )}
      </form>
      {channel && <ChannelStatusPanel workspaceId={workspaceId} channelId={channel.id} platform={platform} canEdit={canEdit} />}
      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t("publish.channel.deleteTitle")}
        description={t("publish.channel.deleteDescription")}
        confirmLabel={t("publish.channel.delete")}
        pending={remove.isPending}
        onConfirm={() => channel && remove.mutate({ workspaceId, channelId: channel.id })}
      />
    </section>
  );
}

function GenerateButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className="text-primary inline-flex items-center gap-1 text-[12px]">
      <Wand2 className="size-3.5" aria-hidden />
      {label}
    </button>
  );
}
