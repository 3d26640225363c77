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
import { useWorkspace } from "../workspace/workspace-context";
import { RetrievalOptionsFields } from "./retrieval-options-fields";
import type { KnowledgeBase, KnowledgeBaseForm, RetrievalDefaults } from "./types";

const EMPTY: KnowledgeBaseForm = {
  name: "",
  description: "",
  embeddingModelId: null,
  retrievalDefaults: { mode: "hybrid", topK: 5, scoreThreshold: null, rerank: false, rerankModelId: null },
};

/** Create a knowledge base, or edit one (`existing`): name, description, embedding model and retrieval defaults. */
export function KnowledgeBaseDialog({ open, onClose, existing, onSaved }: { open: boolean; onClose: () => void; existing?: KnowledgeBase; onSaved?: (id: string) => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={existing ? t("knowledge.form.editTitle") : t("knowledge.form.createTitle")} description={t("knowledge.form.description")} size="lg" closeLabel={t("common.close")}>
      <KnowledgeBaseFormBody existing={existing} onClose={onClose} onSaved={onSaved} />
    </Dialog>
  );
}

function KnowledgeBaseFormBody({ existing, onClose, onSaved }: { existing?: KnowledgeBase; onClose: () => void; onSaved?: (id: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [form, setForm] = useState<KnowledgeBaseForm>(
    existing ? { name: existing.name, description: existing.description, embeddingModelId: existing.embeddingModelId, retrievalDefaults: existing.retrievalDefaults } : EMPTY,
  );
  const embeddingModels = useQuery(trpc.models.list.queryOptions({ workspaceId: workspace.id, kind: "embedding" }));
  const onSuccess = async (kb: KnowledgeBase) => {
    await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
    onSaved?.(kb.id);
    onClose();
  };
  const create = useMutation(trpc.knowledge.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.knowledge.update.mutationOptions({ onSuccess }));
  const mutation = existing ? update : create;
  const errors = mutation.error ? fieldErrors(mutation.error) : {};
  const defaults: RetrievalDefaults = { mode: "hybrid", topK: 5, scoreThreshold: null, rerank: false, rerankModelId: null, ...form.retrievalDefaults };
  const modelLocked = existing !== undefined && existing.documentCount > 0;

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (existing) update.mutate({ workspaceId: workspace.id, knowledgeBaseId: existing.id, ...form });
        else create.mutate({ workspaceId: workspace.id, ...form });
      }}
    >
      <Field label={t("knowledge.form.name")} error={errors.name}>
        {(control) => <Input {...control} value={form.name} maxLength={100} autoFocus required onChange={(e) => setForm({ ...form, name: e.target.value })} />}
      </Field>
      <Field label={t("knowledge.form.descriptionLabel")} error={errors.description}>
        {(control) => <Input {...control} value={form.description ?? ""} maxLength={1000} onChange={(e) => setForm({ ...form, description: e.target.value })} />}
      </Field>
      <Field label={t("knowledge.form.embeddingModel")} hint={modelLocked ? t("knowledge.form.embeddingLocked") : t("knowledge.form.embeddingHint")}>
        {({ invalid, ...control }) => (
          <Select
            {...control}
            invalid={invalid}
            disabled={modelLocked}
            value={form.embeddingModelId ?? ""}
            onChange={(e) => setForm({ ...form, embeddingModelId: e.target.value === "" ? null : e.target.value })}
          >
            <option value="">{t("knowledge.form.keywordOnly")}</option>
            {(embeddingModels.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <fieldset className="border-border space-y-3 rounded-xl border p-4">
        <legend className="px-1 text-[13px] font-medium">{t("knowledge.form.defaults")}</legend>
        <RetrievalOptionsFields value={defaults} onChange={(retrievalDefaults) => setForm({ ...form, retrievalDefaults })} />
      </fieldset>
      {mutation.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(mutation.error, t)}</Alert>}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" loading={mutation.isPending}>
          {existing ? t("common.save") : t("knowledge.form.create")}
        </Button>
      </DialogFooter>
    </form>
  );
}
