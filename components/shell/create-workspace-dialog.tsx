"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input } from "../ui/field";

/** Asks for a name, creates the workspace (the creator becomes its owner) and opens it. */
export function CreateWorkspaceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t("workspace.create.title")} description={t("workspace.create.description")} closeLabel={t("common.close")}>
      <CreateWorkspaceForm onCancel={onClose} />
    </Dialog>
  );
}

export function CreateWorkspaceForm({ onCancel }: { onCancel?: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: async (workspace) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        router.push(`/w/${workspace.id}/apps`);
        onCancel?.();
      },
      onError: (err) => setError(fieldErrors(err).name ?? errorMessage(err, t)),
    }),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        create.mutate({ name });
      }}
      noValidate
    >
      <Field label={t("workspace.create.nameLabel")} error={error ?? undefined}>
        {({ invalid, ...control }) => (
          <Input
            {...control}
            invalid={invalid}
            autoFocus
            maxLength={60}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            placeholder={t("workspace.create.namePlaceholder")}
          />
        )}
      </Field>
      <DialogFooter>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
        <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
          {t("workspace.create.submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
