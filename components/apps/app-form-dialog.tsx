"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { useWorkspace } from "../workspace/workspace-context";
import { APP_ICON_COMPONENTS } from "./app-icon";
import { APP_MODE_INFO, type AppMode } from "./app-modes";

interface EditedApp {
  id: string;
  name: string;
  description: string;
  icon: string;
}

type AppIconName = "bot" | "message-square" | "workflow" | "sparkles" | "brain" | "book-open" | "search" | "code" | "globe" | "mail" | "calendar" | "shopping-cart";

/** Creates an app (type, name, icon, description), or edits an existing app's name, icon and description. */
export function AppFormDialog({ open, app, onClose }: { open: boolean; app: EditedApp | null; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={app ? t("apps.edit.title") : t("apps.create.title")} description={app ? undefined : t("apps.create.description")} size="lg" closeLabel={t("common.close")}>
      <AppForm app={app} onClose={onClose} />
    </Dialog>
  );
}

function AppForm({ app, onClose }: { app: EditedApp | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [mode, setMode] = useState<AppMode>("chatflow");
  const [name, setName] = useState(app?.name ?? "");
  const [description, setDescription] = useState(app?.description ?? "");
  const [icon, setIcon] = useState<AppIconName>((app?.icon as AppIconName | undefined) ?? "bot");
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apps.pathKey() });
  const create = useMutation(
    trpc.apps.create.mutationOptions({
      onSuccess: async (created) => {
        await invalidate();
        router.push(`/w/${workspace.id}/apps/${created.id}`);
      },
    }),
  );
  const update = useMutation(
    trpc.apps.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
    }),
  );
  const mutation = app ? update : create;
  const errors = fieldErrors(mutation.error);
  const submit = () => {
    if (app) update.mutate({ workspaceId: workspace.id, appId: app.id, name, description, icon });
    else create.mutate({ workspaceId: workspace.id, mode, name, description, icon });
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {!app && (
        <div role="radiogroup" aria-label={t("apps.create.type")} className="grid gap-2 sm:grid-cols-3">
          {APP_MODE_INFO.map((info) => {
            const Icon = info.icon;
            const checked = info.mode === mode;
            return (
              <button
                key={info.mode}
                type="button"
                role="radio"
                aria-checked={checked}
                onClick={() => setMode(info.mode)}
                className={cn(
                  "flex items-start gap-3 rounded-xl border p-3 text-left transition-colors",
                  checked ? "border-primary bg-primary-soft/60 ring-primary/30 ring-2" : "border-border hover:bg-accent",
                )}
              >
                <Icon className="text-primary mt-0.5 size-5 shrink-0" aria-hidden />
                <span>
                  <span className="text-foreground block text-sm font-medium">{t(info.label)}</span>
                  <span className="text-muted-foreground block text-xs leading-5">{t(info.description)}</span>
                </span>
              </button>
            );
          })}
        </div>
      )}
      <Field label={t("apps.form.name")} error={errors.name}>
        {(control) => <Input {...control} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoFocus placeholder={t("apps.form.namePlaceholder")} />}
      </Field>
      <div className="space-y-1.5">
        <span className="text-foreground text-[13px] font-medium" id="app-icon-label">
          {t("apps.form.icon")}
        </span>
        <div role="radiogroup" aria-labelledby="app-icon-label" className="flex flex-wrap gap-1.5">
          {Object.entries(APP_ICON_COMPONENTS).map(([key, Icon]) => (
            <button
              key={key}
              type="button"
              role="radio"
              aria-checked={icon === key}
              aria-label={key}
              onClick={() => setIcon(key as AppIconName)}
              className={cn("flex size-9 items-center justify-center rounded-lg border", icon === key ? "border-primary bg-primary-soft text-primary" : "border-border text-muted-foreground hover:bg-accent")}
            >
              <Icon className="size-4" aria-hidden />
            </button>
          ))}
        </div>
      </div>
      <Field label={t("apps.form.description")} error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder={t("apps.form.descriptionPlaceholder")}
            className="border-border-strong bg-card text-foreground focus:border-primary focus:ring-ring w-full rounded-lg border px-3 py-2 text-sm shadow-xs focus:ring-3 focus:outline-none"
          />
        )}
      </Field>
      {mutation.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(mutation.error, t)}</Alert>}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" loading={mutation.isPending}>
          {app ? t("common.save") : t("apps.create.submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
