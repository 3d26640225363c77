"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input, Select } from "@/components/ui/field";
import { SkeletonRows } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { errorMessage, fieldErrors } from "@/components/trpc/errors";
import { useTRPC } from "@/components/trpc/react";
import type { RouterOutputs } from "@/components/trpc/types";

type WidgetSettings = NonNullable<RouterOutputs["shareLinks"]["get"]>["widget"];

/** The bubble icons embed.js draws (the server's schema checks the same list). */
const WIDGET_ICONS = ["chat", "bot", "sparkles", "help"] as const satisfies readonly WidgetSettings["icon"][];

/** The snippet a site owner pastes into their page. */
export function widgetSnippet(origin: string, token: string): string {
  return `<script src="${origin}/embed.js" data-token="${token}" defer></script>`;
}

/** Publish → Widget: the chat bubble for other sites, its look, and who may embed it. */
export function WidgetPanel({ workspaceId, appId, canEdit }: { workspaceId: string; appId: string; canEdit: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.shareLinks.get.queryOptions({ workspaceId, appId }));
  const [widget, setWidget] = useState<WidgetSettings | null>(null);
  const [origins, setOrigins] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!query.data) return;
    setWidget(query.data.widget);
    setOrigins(query.data.allowedOrigins.join("\n"));
  }, [query.data]);

  const update = useMutation(
    trpc.shareLinks.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.shareLinks.get.queryKey({ workspaceId, appId }) }),
      onError: (err) => {
        const byField = fieldErrors(err);
        setErrors(byField);
        if (Object.keys(byField).length === 0) setFormError(errorMessage(err, t));
      },
    }),
  );

  if (query.isPending) return <SkeletonRows rows={4} label={t("publish.loading")} />;
  if (query.isError) return <Alert>{errorMessage(query.error, t)}</Alert>;
  if (!query.data || !widget) return <p className="text-muted-foreground text-[13px]">{t("publish.widget.needsLink")}</p>;

  const link = query.data;
  const origin = window.location.origin;
  const set = (patch: Partial<WidgetSettings>) => setWidget({ ...widget, ...patch });
  const starters = widget.starters.join("\n");

  return (
    <section aria-label={t("publish.widget.title")} className="space-y-4">
      <div className="space-y-2">
        <p className="text-[13px] font-medium">{t("publish.widget.snippet")}</p>
        <pre data-testid="widget-snippet" className="border-border bg-muted overflow-x-auto rounded-lg border p-3 text-[12px]">
          {widgetSnippet(origin, link.token)}
        </pre>
        <CopyButton text={widgetSnippet(origin, link.token)} label={t("common.copy")} copiedLabel={t("common.copied")} />
      </div>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          setErrors({});
          setFormError(null);
          update.mutate({
            workspaceId,
            appId,
            widget,
            allowedOrigins: origins
              .split("\n")
              .map((o) => o.trim())
              .filter(Boolean),
          });
        }}
      >
        <Field label={t("publish.widget.position")}>
          {(c) => (
            <Select {...c} value={widget.position} disabled={!canEdit} onChange={(e) => set({ position: e.target.value as WidgetSettings["position"] })}>
              <option value="bottom-right">{t("publish.widget.bottomRight")}</option>
              <option value="bottom-left">{t("publish.widget.bottomLeft")}</option>
            </Select>
          )}
        </Field>
        <Field label={t("publish.widget.icon")}>
          {(c) => (
            <Select {...c} value={widget.icon} disabled={!canEdit} onChange={(e) => set({ icon: e.target.value as WidgetSettings["icon"] })}>
              {WIDGET_ICONS.map((icon) => (
                <option key={icon} value={icon}>
                  {icon}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("publish.widget.color")} error={errors["widget.color"]}>
          {(c) => <Input {...c} type="color" value={widget.color} disabled={!canEdit} onChange={(e) => set({ color: e.target.value })} className="h-9 p-1" />}
        </Field>
        <Field label={t("publish.widget.welcome")} error={errors["widget.welcome"]}>
          {(c) => <Input {...c} value={widget.welcome} maxLength={300} disabled={!canEdit} onChange={(e) => set({ welcome: e.target.value })} />}
        </Field>
        <Field label={t("publish.widget.width")}>
          {(c) => <Input {...c} type="number" min={280} max={800} value={widget.width} disabled={!canEdit} onChange={(e) => set({ width: Number(e.target.value) })} />}
        </Field>
        <Field label={t("publish.widget.height")}>
          {(c) => <Input {...c} type="number" min={360} max={1000} value={widget.height} disabled={!canEdit} onChange={(e) => set({ height: Number(e.target.value) })} />}
        </Field>
        <Field label={t("publish.widget.starters")} hint={t("publish.widget.startersHint")} className="sm:col-span-2">
          {(c) => (
            <textarea
              {...c}
              rows={3}
              value={starters}
              disabled={!canEdit}
              onChange={(e) => set({ starters: e.target.value.split("\n").slice(0, 4) })}
              className="border-border-strong bg-card w-full rounded-lg border px-3 py-2 text-sm"
            />
          )}
        </Field>
        <Field label={t("publish.widget.origins")} hint={t("publish.widget.originsHint")} error={errors.allowedOrigins} className="sm:col-span-2">
          {(c) => (
            <textarea
              {...c}
              rows={3}
              value={origins}
              disabled={!canEdit}
              placeholder="https://www.example.com"
              onChange={(e) => setOrigins(e.target.value)}
              className="border-border-strong bg-card w-full rounded-lg border px-3 py-2 font-mono text-sm"
            />
          )}
        </Field>
        <label className="flex items-center gap-2 text-[13px]">
          <Switch checked={widget.openByDefault} disabled={!canEdit} onCheckedChange={(openByDefault) => set({ openByDefault })} aria-label={t("publish.widget.openByDefault")} />
          {t("publish.widget.openByDefault")}
        </label>
        <label className="flex items-center gap-2 text-[13px]">
          <Switch checked={widget.draggable} disabled={!canEdit} onCheckedChange={(draggable) => set({ draggable })} aria-label={t("publish.widget.draggable")} />
          {t("publish.widget.draggable")}
        </label>
        {formError && <Alert className="sm:col-span-2">{formError}</Alert>}
        {canEdit && (
          <div className="sm:col-span-2">
            <Button type="submit" loading={update.isPending}>
              {t("common.save")}
            </Button>
          </div>
        )}
      </form>
      <div className="space-y-2">
        <p className="text-[13px] font-medium">{t("publish.widget.preview")}</p>
        <iframe
          title={t("publish.widget.preview")}
          src={`/s/${link.token}?embed=1`}
          style={{ width: Math.min(widget.width, 420), height: Math.min(widget.height, 560) }}
          className="border-border rounded-2xl border shadow-sm"
        />
      </div>
    </section>
  );
}
