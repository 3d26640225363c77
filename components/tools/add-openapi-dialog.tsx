"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input, Select } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { useWorkspace } from "../workspace/workspace-context";

type AuthChoice = "none" | "header" | "query" | "bearer";

/** Adds an OpenAPI provider from a pasted document or its URL, with its auth. */
export function AddOpenApiDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void | Promise<unknown> }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const [name, setName] = useState("");
  const [sourceKind, setSourceKind] = useState<"text" | "url">("text");
  const [text, setText] = useState("");
  const [url, setUrl] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [auth, setAuth] = useState<AuthChoice>("none");
  const [keyName, setKeyName] = useState("");
  const [secret, setSecret] = useState("");
  const reset = () => {
    setName("");
    setText("");
    setUrl("");
    setBaseUrl("");
    setAuth("none");
    setKeyName("");
    setSecret("");
  };
  const create = useMutation(
    trpc.tools.createOpenApi.mutationOptions({
      onSuccess: async () => {
        reset();
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
  const submit = () =>
    create.mutate({
      workspaceId: workspace.id,
      name: name.trim(),
      document: sourceKind === "text" ? { kind: "text", text } : { kind: "url", url: url.trim() },
      baseUrl: baseUrl.trim() || null,
      auth: auth === "none" ? { type: "none" } : auth === "bearer" ? { type: "bearer" } : { type: "apiKey", in: auth, name: keyName.trim() },
      secret: auth === "none" ? null : secret,
    });

  return (
    <Dialog open={open} onClose={close} title={t("tools.openapi.addTitle")} description={t("tools.openapi.addDescription")} closeLabel={t("common.close")} size="lg">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Field label={t("tools.form.name")} hint={t("tools.form.nameHint")} error={errors.name}>
          {(control) => <Input {...control} value={name} maxLength={40} placeholder="petstore" onChange={(e) => setName(e.target.value.toLowerCase())} />}
        </Field>
        <div role="radiogroup" aria-label={t("tools.openapi.source")} className="flex gap-4 text-sm">
          {(["text", "url"] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="radio" name="openapi-source" checked={sourceKind === kind} onChange={() => setSourceKind(kind)} />
              {kind === "text" ? t("tools.openapi.paste") : t("tools.openapi.fromUrl")}
            </label>
          ))}
        </div>
        {sourceKind === "text" ? (
          <Field label={t("tools.openapi.document")} hint={t("tools.openapi.documentHint")}>
            {(control) => <Textarea {...control} rows={10} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
        ) : (
          <Field label={t("tools.openapi.documentUrl")}>
            {(control) => <Input {...control} type="url" value={url} placeholder="https://api.example.com/openapi.json" onChange={(e) => setUrl(e.target.value)} />}
          </Field>
        )}
        <Field label={t("tools.openapi.baseUrl")} hint={t("tools.openapi.baseUrlHint")}>
          {(control) => <Input {...control} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />}
        </Field>
        <Field label={t("tools.openapi.auth")}>
          {(control) => (
            <Select {...control} value={auth} onChange={(e) => setAuth(e.target.value as AuthChoice)}>
              <option value="none">{t("tools.openapi.authNone")}</option>
              <option value="header">{t("tools.openapi.authHeader")}</option>
              <option value="query">{t("tools.openapi.authQuery")}</option>
              <option value="bearer">{t("tools.openapi.authBearer")}</option>
            </Select>
          )}
        </Field>
        {(auth === "header" || auth === "query") && (
          <Field label={auth === "header" ? t("tools.openapi.headerName") : t("tools.openapi.queryName")}>
            {(control) => <Input {...control} value={keyName} placeholder={auth === "header" ? "X-API-Key" : "api_key"} onChange={(e) => setKeyName(e.target.value)} />}
          </Field>
        )}
        {auth !== "none" && (
          <Field label={auth === "bearer" ? t("tools.openapi.token") : t("tools.openapi.apiKey")} hint={t("tools.openapi.secretHint")}>
            {(control) => <Input {...control} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />}
          </Field>
        )}
        {create.error && <Alert>{errorMessage(create.error, t)}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || (sourceKind === "text" ? !text.trim() : !url.trim())}>
            {t("tools.openapi.import")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
