"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field } from "../ui/field";
import { useWorkspace } from "../workspace/workspace-context";
import { useEditor } from "./store/editor-store";

/**
 * Publishes the saved draft as the next version. `flush` saves pending edits first, so the
 * version is exactly what is on the canvas.
 */
export function PublishDialog({ open, onClose, flush, onPublished }: { open: boolean; onClose: () => void; flush: () => Promise<boolean>; onPublished: (version: number) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const appId = useEditor((s) => s.appId);
  const [note, setNote] = useState("");
  const [flushing, setFlushing] = useState(false);
  const publish = useMutation(
    trpc.apps.publish.mutationOptions({
      onSuccess: async (version) => {
        await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.apps.listVersions.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.apps.list.pathKey() })]);
        setNote("");
        onPublished(version.version);
        onClose();
      },
    }),
  );
  return (
    <Dialog open={open} onClose={onClose} title={t("canvas.publish.title")} description={t("canvas.publish.description")} closeLabel={t("common.close")}>
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setFlushing(true);
          const saved = await flush().finally(() => setFlushing(false));
          if (saved) publish.mutate({ workspaceId: workspace.id, appId, note });
        }}
      >
        <Field label={t("canvas.publish.note")} hint={t("canvas.publish.noteHint")}>
          {(control) => <textarea {...control} rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} className="border-border-strong bg-card w-full rounded-lg border px-3 py-2 text-sm" />}
        </Field>
        {publish.error && <Alert>{errorMessage(publish.error, t)}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={flushing || publish.isPending}>
            {t("canvas.publish.submit")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
