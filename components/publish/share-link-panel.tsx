"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, RefreshCw } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input } from "@/components/ui/field";
import { SkeletonRows } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { errorMessage, fieldErrors } from "@/components/trpc/errors";
import { useTRPC } from "@/components/trpc/react";

interface Form {
  title: string;
  description: string;
  themeColor: string;
  showCitations: boolean;
  expiresAt: string;
  ratePerMinute: string;
  dailyQuota: string;
}

/** Publish → Share link: the public chat page of a chat app, and its options. */
export function ShareLinkPanel({ workspaceId, appId, canEdit }: { workspaceId: string; appId: string; canEdit: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.shareLinks.get.queryOptions({ workspaceId, appId }));
  const link = query.data ?? null;
  const [form, setForm] = useState<Form | null>(null);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);

  useEffect(() => {
    if (query.data === undefined) return;
    const l = query.data;
    setForm({
      title: l?.title ?? "",
      description: l?.description ?? "",
      themeColor: l?.themeColor ?? "#155eef",
      showCitations: l?.showCitations ?? true,
      expiresAt: l?.expiresAt ? new Date(l.expiresAt).toISOString().slice(0, 10) : "",
      ratePerMinute: String(l?.ratePerMinute ?? 20),
      dailyQuota: String(l?.dailyQuota ?? 0),
    });
  }, [query.data]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.shareLinks.get.queryKey({ workspaceId, appId }) });
  const onError = (err: unknown) => {
    const byField = fieldErrors(err);
    setErrors(byField);
    if (Object.keys(byField).length === 0) setFormError(errorMessage(err, t));
  };
  const update = useMutation(trpc.shareLinks.update.mutationOptions({ onSuccess: refresh, onError }));
  const regenerate = useMutation(trpc.shareLinks.regenerate.mutationOptions({ onSuccess: () => (setConfirmRegenerate(false), refresh()), onError }));

  if (query.isPending || !form) return <SkeletonRows rows={4} label={t("publish.loading")} />;
  if (query.isError) return <Alert>{errorMessage(query.error, t)}</Alert>;

  const url = link ? `${window.location.origin}/s/${link.token}` : null;
  const save = (extra: Record<string, unknown> = {}) => {
    setErrors({});
    setFormError(null);
    update.mutate({
      workspaceId,
      appId,
      title: form.title,
      description: form.description,
      themeColor: form.themeColor,
      showCitations: form.showCitations,
      expiresAt: form.expiresAt ? new Date(`${form.expiresAt}T23:59:59`) : null,
      ratePerMinute: Number(form.ratePerMinute),
      dailyQuota: Number(form.dailyQuota),
      ...(password ? { password } : {}),
      ...extra,
    });
    setPassword("");
  };
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });

  return (
    <section aria-label={t("publish.share.title")} className="space-y-4">
      {link && url ? (
        <div className="border-border bg-card flex flex-wrap items-center gap-2 rounded-lg border p-3">
          <code data-testid="share-url" className="flex-1 truncate text-[13px]">
            {url}
          </code>
          <CopyButton text={url} label={t("common.copy")} copiedLabel={t("common.copied")} />
          <a href={url} target="_blank" rel="noreferrer" className="text-primary inline-flex items-center gap-1 text-[13px]">
            <ExternalLink className="size-3.5" aria-hidden />
            {t("publish.share.open")}
          </a>
          <label className="flex items-center gap-2 text-[13px]">
            <Switch checked={link.enabled} disabled={!canEdit || update.isPending} onCheckedChange={(enabled) => save({ enabled })} aria-label={t("publish.share.enabled")} />
            {link.enabled ? t("publish.share.on") : t("publish.share.off")}
          </label>
        </div>
      ) : (
        <p className="text-muted-foreground text-[13px]">{t("publish.share.none")}</p>
      )}
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Field label={t("publish.share.pageTitle")} error={errors.title}>
          {(c) => <Input {...c} value={form.title} maxLength={100} disabled={!canEdit} onChange={(e) => set({ title: e.target.value })} />}
        </Field>
        <Field label={t("publish.share.color")} error={errors.themeColor}>
          {(c) => <Input {...c} type="color" value={form.themeColor} disabled={!canEdit} onChange={(e) => set({ themeColor: e.target.value })} className="h-9 p-1" />}
        </Field>
        <Field label={t("publish.share.description")} error={errors.description} className="sm:col-span-2">
          {(c) => <Input {...c} value={form.description} maxLength={500} disabled={!canEdit} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
        <Field label={t("publish.share.password")} error={errors.password} hint={link?.hasPassword ? t("publish.share.passwordSet") : t("publish.share.passwordNone")}>
          {(c) => <Input {...c} type="password" value={password} autoComplete="new-password" disabled={!canEdit} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label={t("publish.share.expires")} error={errors.expiresAt} hint={t("publish.share.expiresHint")}>
          {(c) => <Input {...c} type="date" value={form.expiresAt} disabled={!canEdit} onChange={(e) => set({ expiresAt: e.target.value })} />}
        </Field>
        <Field label={t("publish.share.rate")} error={errors.ratePerMinute}>
          {(c) => <Input {...c} type="number" min={1} max={1000} value={form.ratePerMinute} disabled={!canEdit} onChange={(e) => set({ ratePerMinute: e.target.value })} />}
        </Field>
        <Field label={t("publish.share.quota")} error={errors.dailyQuota} hint={t("publish.share.quotaHint")}>
          {(c) => <Input {...c} type="number" min={0} value={form.dailyQuota} disabled={!canEdit} onChange={(e) => set({ dailyQuota: e.target.value })} />}
        </Field>
        <label className="flex items-center gap-2 text-[13px] sm:col-span-2">
          <Switch checked={form.showCitations} disabled={!canEdit} onCheckedChange={(showCitations) => set({ showCitations })} aria-label={t("publish.share.citations")} />
          {t("publish.share.citations")}
        </label>
        {formError && <Alert className="sm:col-span-2">{formError}</Alert>}
        {canEdit && (
          <div className="flex flex-wrap gap-2 sm:col-span-2">
            <Button type="submit" loading={update.isPending}>
              {link ? t("common.save") : t("publish.share.create")}
            </Button>
            {link?.hasPassword && (
              <Button variant="secondary" onClick={() => save({ password: null })}>
                {t("publish.share.removePassword")}
              </Button>
            )}
            {link && (
              <Button variant="danger-ghost" onClick={() => setConfirmRegenerate(true)}>
                <RefreshCw className="size-4" aria-hidden />
                {t("publish.share.regenerate")}
              </Button>
            )}
          </div>
        )}
      </form>
      <ConfirmDialog
        open={confirmRegenerate}
        onClose={() => setConfirmRegenerate(false)}
        title={t("publish.share.regenerateTitle")}
        description={t("publish.share.regenerateDescription")}
        confirmLabel={t("publish.share.regenerate")}
        pending={regenerate.isPending}
        onConfirm={() => regenerate.mutate({ workspaceId, appId })}
      />
    </section>
  );
}
