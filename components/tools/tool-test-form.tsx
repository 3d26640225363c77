"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";
import { Textarea } from "../ui/textarea";

type Schema = Record<string, unknown>;

/** Reads what was typed for one argument as the type its schema asks for; undefined when left empty. */
function valueFor(schema: Schema, raw: string): { value?: unknown; error?: string } {
  if (raw.trim() === "") return {};
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") {
    const n = Number(raw);
    return Number.isFinite(n) ? { value: n } : { error: "number" };
  }
  if (type === "boolean") return { value: raw === "true" };
  if (type === "object" || type === "array") {
    try {
      return { value: JSON.parse(raw) as unknown };
    } catch {
      return { error: "json" };
    }
  }
  return { value: raw };
}

/** "Test" for a provider's tool: a field per parameter, the call made on the server, the answer shown. */
export function ToolTestForm({ workspaceId, toolProviderId, tool, parameters }: { workspaceId: string; toolProviderId: string; tool: string; parameters: Record<string, unknown> }) {
  const t = useT();
  const trpc = useTRPC();
  const properties = (parameters.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(parameters.required) ? parameters.required.map(String) : []);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const test = useMutation(trpc.tools.testTool.mutationOptions());

  const submit = () => {
    const args: Record<string, unknown> = {};
    const found: Record<string, string> = {};
    for (const [name, schema] of Object.entries(properties)) {
      const { value, error } = valueFor(schema, values[name] ?? "");
      if (error) found[name] = error === "json" ? t("tools.test.invalidJson") : t("tools.test.invalidNumber");
      else if (value !== undefined) args[name] = value;
    }
    setProblems(found);
    if (Object.keys(found).length === 0) test.mutate({ workspaceId, toolProviderId, tool, arguments: args });
  };

  return (
    <form
      className="bg-muted/40 space-y-3 rounded-xl p-3"
      data-testid={`tool-test-${tool}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {Object.entries(properties).map(([name, schema]) => {
        const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
        const label = `${name}${required.has(name) ? " *" : ""}`;
        const hint = typeof schema.description === "string" ? schema.description : undefined;
        const set = (value: string) => setValues((current) => ({ ...current, [name]: value }));
        return (
          <Field key={name} label={label} hint={hint} error={problems[name]}>
            {(control) =>
              type === "boolean" ? (
                <Select {...control} value={values[name] ?? ""} onChange={(e) => set(e.target.value)}>
                  <option value="">—</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </Select>
              ) : type === "object" || type === "array" ? (
                <Textarea {...control} rows={3} className="font-mono text-xs" placeholder={type === "array" ? "[]" : "{}"} value={values[name] ?? ""} onChange={(e) => set(e.target.value)} />
              ) : (
                <Input {...control} inputMode={type === "integer" || type === "number" ? "decimal" : undefined} value={values[name] ?? ""} onChange={(e) => set(e.target.value)} />
              )
            }
          </Field>
        );
      })}
      <Button type="submit" size="sm" loading={test.isPending}>
        {t("tools.test.run")}
      </Button>
      {test.error && <Alert>{errorMessage(test.error, t)}</Alert>}
      {test.data && (
        <div className="space-y-1" data-testid="tool-test-result">
          <div className="flex items-center gap-2 text-xs">
            <Badge tone={test.data.ok ? "success" : "warning"}>{test.data.ok ? t("tools.test.ok") : t("tools.test.failed")}</Badge>
            <span className="text-muted-foreground">{t("tools.test.duration", { ms: test.data.durationMs })}</span>
          </div>
          <pre className="bg-card border-border max-h-72 overflow-auto rounded-lg border p-2 font-mono text-[11px] whitespace-pre-wrap">
            {test.data.ok ? JSON.stringify(test.data.response, null, 2) : test.data.error}
          </pre>
        </div>
      )}
    </form>
  );
}
