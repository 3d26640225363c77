"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input, Select } from "../ui/field";
import { useWorkspace } from "../workspace/workspace-context";

type Transport = "auto" | "streamable-http" | "sse";

/** Registers a remote MCP server: its URL, transport and optional headers (sealed on the server). */
export function AddMcpServerDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void | Promise<unknown> }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [url, setUrl] = useState("");
  const [transport, setTransport] = useState<Transport>("auto");
  const [headers, setHeaders] = useState<{ name: string; value: string }[]>([]);
  const create = useMutation(
    trpc.tools.createMcp.mutationOptions({
      onSuccess: async () => {
        setName("");
        setDescription("");
        setUrl("");
        setHeaders([]);
        onClose();
        await onCreated();
      },
    }),
  );
  const errors = create.error ? fieldErrors(create.error) : {};
  const close = () => {
    create.reset();
    onClose();
  };
  const setHeader = (index: number, next: { name: string; value: string }) => setHeaders((rows) => rows.map((row, i) => (i === index ? next : row)));

  return (
    <Dialog open={open} onClose={close} title={t("tools.mcp.addTitle")} description={t("tools.mcp.addDescription")} closeLabel={t("common.close")} size="lg">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workspaceId: workspace.id, name: name.trim(), description, url: url.trim(), transport, headers: headers.filter((h) => h.name.trim()) });
        }}
      >
        <Field label={t("tools.form.name")} hint={t("tools.form.nameHint")} error={errors.name}>
          {(control) => <Input {...control} value={name} maxLength={40} placeholder="github" onChange={(e) => setName(e.target.value.toLowerCase())} />}
        </Field>
        <Field label={t("tools.form.description")}>
          {(control) => <Input {...control} value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <Field label={t("tools.mcp.url")} hint={t("tools.mcp.urlHint")} error={errors.url}>
          {(control) => <Input {...control} type="url" value={url} placeholder="https://mcp.example.com/mcp" onChange={(e) => setUrl(e.target.value)} />}
        </Field>
        <Field label={t("tools.mcp.transport")}>
          {(control) => (
            <Select {...control} value={transport} onChange={(e) => setTransport(e.target.value as Transport)}>
              <option value="auto">{t("tools.mcp.transportAuto")}</option>
              <option value="streamable-http">Streamable HTTP</option>
              <option value="sse">HTTP + SSE</option>
            </Select>
          )}
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-[13px] font-medium">{t("tools.mcp.headers")}</legend>
          <p className="text-muted-foreground text-xs">{t("tools.mcp.headersHint")}</p>
          {headers.map((header, index) => (
            <div key={index} className="flex gap-2">
              <Input aria-label={t("tools.mcp.headerName")} placeholder="Authorization" value={header.name} onChange={(e) => setHeader(index, { ...header, name: e.target.value })} />
              <Input aria-label={t("tools.mcp.headerValue")} type="password" autoComplete="off" value={header.value} onChange={(e) => setHeader(index, { ...header, value: e.target.value })} />
              <Button variant="ghost" size="icon" aria-label={t("tools.mcp.removeHeader")} onClick={() => setHeaders((rows) => rows.filter((_, i) => i !== index))}>
                <X className="size-4" aria-hidden />
              </Button>
            </div>
          ))}
          <Button variant="secondary" size="sm" onClick={() => setHeaders((rows) => [...rows, { name: "", value: "" }])}>
            <Plus className="size-4" aria-hidden />
            {t("tools.mcp.addHeader")}
          </Button>
        </fieldset>
        {create.error && <Alert>{errorMessage(create.error, t)}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || !url.trim()}>
            {t("tools.mcp.connect")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
