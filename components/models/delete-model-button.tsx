"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { useWorkspace } from "../workspace/workspace-context";
import type { Model } from "./types";
import { useInvalidateInference } from "./use-invalidate-inference";

export function DeleteModelButton({ model }: { model: Model }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const invalidate = useInvalidateInference();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.models.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        setConfirming(false);
      },
    }),
  );
  return (
    <>
      <Button variant="danger-ghost" size="icon" onClick={() => setConfirming(true)} aria-label={t("models.delete", { name: model.displayName })} title={t("models.delete", { name: model.displayName })}>
        <Trash2 className="size-4" aria-hidden />
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        title={t("models.deleteConfirmTitle", { name: model.displayName })}
        description={t("models.deleteConfirmDescription")}
        confirmLabel={t("models.deleteConfirm")}
        onConfirm={() => remove.mutate({ workspaceId: workspace.id, modelId: model.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t) : null}
      />
    </>
  );
}
