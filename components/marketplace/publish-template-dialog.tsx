"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input, Select } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { useWorkspace } from "../workspace/workspace-context";
import { TEMPLATE_CATEGORIES, TEMPLATE_CATEGORY_LABELS, type TemplateCategory } from "./template-categories";

interface PublishedApp {
  id: string;
  name: string;
  description: string;
}

/** Publishes an app's draft as a marketplace template, to this workspace or (instance admins) to everyone. */
export function PublishTemplateDialog({ app, onClose }: { app: PublishedApp | null; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={app !== null} onClose={onClose} title={t("marketplace.publish.title")} description={t("marketplace.publish.description")} size="lg" closeLabel={t("common.close")}>
      {app && <PublishForm app={app} onClose={onClose} />}
    </Dialog>
  );
}

function PublishForm({ app, onClose }: { app: PublishedApp; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const permissions = useQuery(trpc.templates.permissions.queryOptions({ workspaceId: workspace.id }));
  const [name, setName] = useState(app.name);
  const [description, setDescription] = useState(app.description);
  const [category, setCategory] = useState<TemplateCategory>("productivity");
  const [tags, setTags] = useState("");
  const [scope, setScope] = useState<"workspace" | "instance">("workspace");
  const [done, setDone] = useState(false);
  const publish = useMutation(
    trpc.templates.publish.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
        setDone(true);
      },
    }),
  );
  const errors = fieldErrors(publish.error);
  if (done) {
    return (
      <div className="space-y-4">
        <Alert tone="info">{t("marketplace.publish.done", { name })}</Alert>
        <DialogFooter>
          <Button onClick={onClose}>{t("common.close")}</Button>
        </DialogFooter>
      </div>
    );
  }
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const tagList = tags.split(",").map((tag) => tag.trim()).filter(Boolean);
        publish.mutate({ workspaceId: workspace.id, appId: app.id, scope, name, description, category, tags: tagList });
      }}
    >
      <Field label={t("marketplace.publish.name")} error={errors.name}>
        {(control) => <Input {...control} value={name} maxLength={80} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field label={t("apps.form.description")} error={errors.description}>
        {(control) => <Textarea {...control} rows={3} value={description} maxLength={500} onChange={(event) => setDescription(event.target.value)} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("marketplace.publish.category")}>
          {(control) => (
            <Select {...control} value={category} onChange={(event) => setCategory(event.target.value as TemplateCategory)}>
              {TEMPLATE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(TEMPLATE_CATEGORY_LABELS[c])}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("marketplace.publish.tags")} hint={t("marketplace.publish.tagsHint")} error={errors.tags}>
          {(control) => <Input {...control} value={tags} onChange={(event) => setTags(event.target.value)} />}
        </Field>
      </div>
      <Field label={t("marketplace.publish.scope")} hint={permissions.data?.instance ? undefined : t("marketplace.publish.instanceOnlyAdmins")}>
        {(control) => (
          <Select {...control} value={scope} onChange={(event) => setScope(event.target.value as "workspace" | "instance")}>
            <option value="workspace">{t("marketplace.scope.workspace")}</option>
            {permissions.data?.instance && <option value="instance">{t("marketplace.scope.instance")}</option>}
          </Select>
        )}
      </Field>
      <p className="text-muted-foreground text-xs">{t("marketplace.publish.secretsNote")}</p>
      {publish.error && <Alert>{errorMessage(publish.error, t)}</Alert>}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" loading={publish.isPending}>
          {t("marketplace.publish.submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
