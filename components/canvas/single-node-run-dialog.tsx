"use client";

import { useMemo, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { RESERVED_ROOTS } from "@/nodes/graph";
import { configReferences } from "@/nodes/validate-graph";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field } from "../ui/field";
import { useWorkspace } from "../workspace/workspace-context";
import { isWorkflowNode, toGraph } from "./graph-convert";
import { useEditorStore } from "./store/editor-store";
import { useRunFollower } from "./use-run-follower";

const RESERVED: ReadonlySet<string> = new Set(RESERVED_ROOTS);

/** Typed text is JSON when it parses as JSON (numbers, objects, lists), otherwise the text itself. */
function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** Runs the edited node alone: one box per upstream value it reads, plus the chat query when it uses it. */
export function SingleNodeRunDialog({ nodeId, onClose, onStarted }: { nodeId: string; onClose: () => void; onStarted: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const store = useEditorStore();
  const { workspace } = useWorkspace();
  const follow = useRunFollower();
  const { reads, usesQuery } = useMemo(() => {
    const { nodes } = store.getState();
    const node = nodes.find((n) => n.id === nodeId);
    if (!node || !isWorkflowNode(node)) return { reads: [] as string[], usesQuery: false };
    const found = configReferences(node.data.config, new Set(nodes.map((n) => n.id)));
    const keys = new Set<string>();
    let query = false;
    for (const { selector } of found) {
      const [root, field] = selector;
      if (!root || !field) continue;
      if (root === "sys" && field === "query") query = true;
      if (!RESERVED.has(root) && root !== nodeId) keys.add(`${root}.${field}`);
    }
    return { reads: [...keys], usesQuery: query };
  }, [store, nodeId]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [query, setQuery] = useState("");
  const run = useMutation(
    trpc.apps.runNode.mutationOptions({
      onSuccess: ({ runId }) => {
        store.getState().beginRun(runId);
        follow(runId);
        onStarted();
        onClose();
      },
    }),
  );
  const submit = () => {
    const { nodes, edges, appId } = store.getState();
    run.mutate({
      workspaceId: workspace.id,
      appId,
      graph: toGraph(nodes, edges),
      nodeId,
      query,
      values: Object.fromEntries(reads.map((key) => [key, parseValue(values[key] ?? "")])),
    });
  };
  return (
    <Dialog open onClose={onClose} title={t("canvas.singleRun.title")} description={t("canvas.singleRun.description")} closeLabel={t("common.close")} size="lg">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {reads.length === 0 && !usesQuery && <p className="text-muted-foreground text-sm">{t("canvas.singleRun.noInputs")}</p>}
        {usesQuery && (
          <Field label="sys.query">
            {(control) => <textarea {...control} rows={2} value={query} onChange={(e) => setQuery(e.target.value)} className="border-border-strong bg-card w-full rounded-lg border px-3 py-2 text-sm" />}
          </Field>
        )}
        {reads.map((key) => (
          <Field key={key} label={<span className="font-mono">{key}</span>} hint={t("canvas.singleRun.valueHint")}>
            {(control) => (
              <textarea
                {...control}
                rows={2}
                value={values[key] ?? ""}
                onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
                className="border-border-strong bg-card w-full rounded-lg border px-3 py-2 font-mono text-[13px]"
              />
            )}
          </Field>
        ))}
        {run.error && <Alert>{errorMessage(run.error, t)}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={run.isPending}>
            {t("canvas.singleRun.submit")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
