"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import { APP_MODE_INFO } from "../apps/app-modes";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input, Select } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { useWorkspace } from "../workspace/workspace-context";
import { initialMapping, mappingsFor, ReferenceMapping, unmappedRequired, type ImportReport, type MappingState } from "./reference-mapping";

/** The server refuses more than this; checking here saves uploading a wrong file. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Import an app DSL file: choose or paste it, review what it needs and map it, then create or overwrite. */
export function ImportDslDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t("dsl.import.title")} description={t("dsl.import.description")} size="lg" closeLabel={t("common.close")}>
      {open && <ImportDslForm onClose={onClose} />}
    </Dialog>
  );
}

function ImportDslForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [mapping, setMapping] = useState<MappingState>({});
  const [target, setTarget] = useState<"new" | "overwrite">("new");
  const [name, setName] = useState("");
  const [overwriteId, setOverwriteId] = useState("");

  const analyze = useMutation(
    trpc.dsl.analyzeImport.mutationOptions({
      onSuccess: (result) => {
        setReport(result);
        setMapping(initialMapping(result.references));
        setName(result.app.name);
      },
    }),
  );
  const commit = useMutation(
    trpc.dsl.import.mutationOptions({
      onSuccess: async (app) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apps.pathKey() });
        onClose();
        router.push(`/w/${workspace.id}/apps/${app.id}`);
      },
    }),
  );
  const sameMode = useQuery(
    trpc.apps.list.queryOptions(
      { workspaceId: workspace.id, search: "", mode: (report?.app.mode ?? "workflow") as (typeof APP_MODE_INFO)[number]["mode"] },
      { enabled: report !== null && target === "overwrite" },
    ),
  );

  const readFile = async (file: File | undefined) => {
    setFileError(null);
    analyze.reset();
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(t("dsl.import.tooLarge", { size: Math.ceil(file.size / 1024) }));
      return;
    }
    const content = await file.text();
    setFileName(file.name);
    setText(content);
    analyze.mutate({ workspaceId: workspace.id, dsl: content });
  };

  if (!report) {
    return (
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          analyze.mutate({ workspaceId: workspace.id, dsl: text });
        }}
      >
        <Field label={t("dsl.import.file")} hint={fileName ?? t("dsl.import.fileHint")}>
          {(control) => (
            <label className="border-border-strong hover:bg-accent flex cursor-pointer items-center gap-2 rounded-lg border border-dashed px-3 py-3 text-sm">
              <FileUp className="text-muted-foreground size-4" aria-hidden />
              <span>{t("dsl.import.choose")}</span>
              <input {...control} type="file" accept=".yaml,.yml,.json,application/yaml,text/yaml" className="sr-only" onChange={(event) => void readFile(event.target.files?.[0])} />
            </label>
          )}
        </Field>
        <Field label={t("dsl.import.paste")}>
          {(control) => <Textarea {...control} rows={8} className="font-mono text-xs" value={text} onChange={(event) => setText(event.target.value)} placeholder="dslVersion: 1" />}
        </Field>
        {fileError && <Alert>{fileError}</Alert>}
        {analyze.error && <Alert>{errorMessage(analyze.error, t)}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={analyze.isPending} disabled={text.trim() === ""}>
            {t("dsl.import.check")}
          </Button>
        </DialogFooter>
      </form>
    );
  }

  const blocking = unmappedRequired(report.references, mapping);
  const modeLabel = APP_MODE_INFO.find((m) => m.mode === report.app.mode)?.label;
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        commit.mutate({
          workspaceId: workspace.id,
          dsl: text,
          target: target === "new" ? { type: "new", name: name.trim() || undefined } : { type: "overwrite", appId: overwriteId },
          mappings: mappingsFor(report.references, mapping),
        });
      }}
    >
      <section className="bg-muted/40 border-border rounded-lg border p-3 text-[13px]" aria-label={t("dsl.import.summary")}>
        <p className="font-semibold">{report.app.name}</p>
        <p className="text-muted-foreground">
          {modeLabel ? t(modeLabel) : report.app.mode} · {t("dsl.import.nodes", { count: report.nodeCount })}
          {report.fromVersion !== undefined && report.fromVersion < 1 ? ` · ${t("dsl.import.upgraded", { version: report.fromVersion })}` : ""}
        </p>
        {report.missing > 0 && <p className="text-warning mt-1">{t("dsl.import.missing", { count: report.missing })}</p>}
      </section>
      <section className="space-y-2">
        <h3 className="text-[13px] font-semibold">{t("dsl.mapping.title")}</h3>
        <ReferenceMapping references={report.references} value={mapping} onChange={setMapping} />
      </section>
      <section className="space-y-2">
        <h3 className="text-[13px] font-semibold">{t("dsl.import.target")}</h3>
        <div role="radiogroup" aria-label={t("dsl.import.target")} className="flex gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="target" checked={target === "new"} onChange={() => setTarget("new")} />
            {t("dsl.import.asNew")}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="target" checked={target === "overwrite"} onChange={() => setTarget("overwrite")} />
            {t("dsl.import.overwrite")}
          </label>
        </div>
        {target === "new" ? (
          <Field label={t("apps.form.name")}>{(control) => <Input {...control} value={name} maxLength={80} onChange={(event) => setName(event.target.value)} />}</Field>
        ) : (
          <Field label={t("dsl.import.overwriteApp")} hint={t("dsl.import.overwriteHint")}>
            {(control) => (
              <Select {...control} value={overwriteId} onChange={(event) => setOverwriteId(event.target.value)}>
                <option value="">{t("dsl.mapping.choose")}</option>
                {(sameMode.data ?? []).map((app) => (
                  <option key={app.id} value={app.id}>
                    {app.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
      </section>
      {blocking.length > 0 && <Alert tone="info">{t("dsl.import.needsMapping", { names: blocking.map((r) => r.name).join(", ") })}</Alert>}
      {commit.error && <Alert>{errorMessage(commit.error, t)}</Alert>}
      <DialogFooter>
        <Button
          variant="secondary"
          onClick={() => {
            setReport(null);
            commit.reset();
          }}
        >
          {t("dsl.import.back")}
        </Button>
        <Button type="submit" loading={commit.isPending} disabled={blocking.length > 0 || (target === "overwrite" && overwriteId === "")}>
          {target === "new" ? t("dsl.import.create") : t("dsl.import.overwriteSubmit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
