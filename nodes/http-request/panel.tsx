"use client";

import { ListEditor, NumberField, PanelSection, problemAt, SelectField, SwitchField, TemplateField, TextField } from "@/components/node-panel/fields";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import type { ConfigProblem } from "../node-definition";
import type { NodePanelProps, UpstreamVariable } from "../panel-props";
import {
  HTTP_METHODS,
  MAX_RESPONSE_BYTES,
  MAX_RETRIES,
  MAX_TIMEOUT_MS,
  type HttpAuth,
  type HttpAuthType,
  type HttpBody,
  type HttpBodyType,
  type HttpRequestConfig,
  type KeyValue,
} from "./definition";
import { httpRequestMessages } from "./messages";

type Translate = (key: keyof (typeof httpRequestMessages)["en"]) => string;

/** Switching body type keeps typed content where the new type has a content box too. */
function bodyOfType(type: HttpBodyType, previous: HttpBody): HttpBody {
  const content = "content" in previous ? previous.content : "";
  switch (type) {
    case "none":
      return { type };
    case "json":
      return { type, content };
    case "form":
      return { type, fields: previous.type === "form" ? previous.fields : [] };
    case "raw":
      return { type, content, contentType: previous.type === "raw" ? previous.contentType : "text/plain" };
  }
}

function authOfType(type: HttpAuthType): HttpAuth {
  switch (type) {
    case "none":
      return { type };
    case "bearer":
      return { type, token: "" };
    case "basic":
      return { type, username: "", password: "" };
    case "api_key":
      return { type, header: "X-API-Key", value: "" };
  }
}

function KeyValueRows({
  rows,
  onChange,
  field,
  addLabel,
  t,
  upstream,
  problems,
  disabled,
}: {
  rows: readonly KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  field: string;
  addLabel: string;
  t: Translate;
  upstream: readonly UpstreamVariable[];
  problems: readonly ConfigProblem[];
  disabled?: boolean;
}) {
  return (
    <ListEditor
      items={rows}
      onChange={onChange}
      create={() => ({ key: "", value: "" })}
      addLabel={addLabel}
      disabled={disabled}
      render={(row, update, index) => (
        <>
          <TextField label={t("name")} value={row.key} onChange={(key) => update({ ...row, key })} error={problemAt(problems, `${field}.${index}.key`)} disabled={disabled} />
          <TemplateField
            label={t("value")}
            rows={1}
            value={row.value}
            onChange={(value) => update({ ...row, value })}
            upstream={upstream}
            error={problemAt(problems, `${field}.${index}.value`)}
            disabled={disabled}
          />
        </>
      )}
    />
  );
}

export function HttpRequestPanel({ config, onChange, upstream, problems, readOnly }: NodePanelProps<HttpRequestConfig>) {
  const t = useNodeMessages(httpRequestMessages);
  const set = <K extends keyof HttpRequestConfig>(key: K, value: HttpRequestConfig[K]) => onChange({ ...config, [key]: value });
  const { body, auth } = config;
  const setBody = (next: HttpBody) => set("body", next);
  const setAuth = (next: HttpAuth) => set("auth", next);
  // A cleared number box is left alone until it holds a number again; the config always has one.
  const setNumber = (key: "timeoutMs" | "retries" | "maxResponseBytes") => (value: number | undefined) => {
    if (value !== undefined) set(key, value);
  };
  const disabled = readOnly;

  return (
    <div className="nodrag">
      <PanelSection title={t("request")}>
        <SelectField
          label={t("method")}
          value={config.method}
          onChange={(method) => set("method", method)}
          options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
          error={problemAt(problems, "method")}
          disabled={disabled}
        />
        <TemplateField
          label={t("url")}
          rows={2}
          value={config.url}
          onChange={(url) => set("url", url)}
          upstream={upstream}
          placeholder="https://api.example.com/v1/items?q={{start.query}}"
          hint={t("urlHint")}
          error={problemAt(problems, "url")}
          disabled={disabled}
        />
      </PanelSection>

      <PanelSection title={t("query")}>
        <KeyValueRows rows={config.query} onChange={(rows) => set("query", rows)} field="query" addLabel={t("addQuery")} t={t} upstream={upstream} problems={problems} disabled={disabled} />
      </PanelSection>

      <PanelSection title={t("headers")}>
        <KeyValueRows rows={config.headers} onChange={(rows) => set("headers", rows)} field="headers" addLabel={t("addHeader")} t={t} upstream={upstream} problems={problems} disabled={disabled} />
      </PanelSection>

      <PanelSection title={t("body")}>
        <SelectField<HttpBodyType>
          label={t("bodyType")}
          value={body.type}
          onChange={(type) => setBody(bodyOfType(type, body))}
          options={[
            { value: "none", label: t("bodyNone") },
            { value: "json", label: t("bodyJson") },
            { value: "form", label: t("bodyForm") },
            { value: "raw", label: t("bodyRaw") },
          ]}
          error={problemAt(problems, "body.type")}
          disabled={disabled}
        />
        {body.type === "json" && (
          <TemplateField
            label={t("jsonContent")}
            rows={8}
            value={body.content}
            onChange={(content) => setBody({ ...body, content })}
            upstream={upstream}
            placeholder={'{\n  "query": "{{start.query}}",\n  "limit": {{start.limit}}\n}'}
            hint={t("jsonHint")}
            error={problemAt(problems, "body.content")}
            disabled={disabled}
          />
        )}
        {body.type === "form" && (
          <KeyValueRows
            rows={body.fields}
            onChange={(fields) => setBody({ ...body, fields })}
            field="body.fields"
            addLabel={t("addFormField")}
            t={t}
            upstream={upstream}
            problems={problems}
            disabled={disabled}
          />
        )}
        {body.type === "raw" && (
          <>
            <TextField
              label={t("contentType")}
              value={body.contentType}
              onChange={(contentType) => setBody({ ...body, contentType })}
              placeholder="text/plain"
              error={problemAt(problems, "body.contentType")}
              disabled={disabled}
            />
            <TemplateField
              label={t("rawContent")}
              rows={6}
              value={body.content}
              onChange={(content) => setBody({ ...body, content })}
              upstream={upstream}
              error={problemAt(problems, "body.content")}
              disabled={disabled}
            />
          </>
        )}
      </PanelSection>

      <PanelSection title={t("auth")}>
        <SelectField<HttpAuthType>
          label={t("authType")}
          value={auth.type}
          onChange={(type) => setAuth(authOfType(type))}
          options={[
            { value: "none", label: t("authNone") },
            { value: "bearer", label: t("authBearer") },
            { value: "basic", label: t("authBasic") },
            { value: "api_key", label: t("authApiKey") },
          ]}
          disabled={disabled}
        />
        {auth.type === "bearer" && (
          <TemplateField
            label={t("token")}
            rows={1}
            value={auth.token}
            onChange={(token) => setAuth({ ...auth, token })}
            upstream={upstream}
            placeholder="{{env.API_TOKEN}}"
            hint={t("secretHint")}
            error={problemAt(problems, "auth.token")}
            disabled={disabled}
          />
        )}
        {auth.type === "basic" && (
          <>
            <TemplateField
              label={t("username")}
              rows={1}
              value={auth.username}
              onChange={(username) => setAuth({ ...auth, username })}
              upstream={upstream}
              error={problemAt(problems, "auth.username")}
              disabled={disabled}
            />
            <TemplateField
              label={t("password")}
              rows={1}
              value={auth.password}
              onChange={(password) => setAuth({ ...auth, password })}
              upstream={upstream}
              placeholder="{{env.API_PASSWORD}}"
              hint={t("secretHint")}
              error={problemAt(problems, "auth.password")}
              disabled={disabled}
            />
          </>
        )}
        {auth.type === "api_key" && (
          <>
            <TextField
              label={t("apiKeyHeader")}
              value={auth.header}
              onChange={(header) => setAuth({ ...auth, header })}
              placeholder="X-API-Key"
              error={problemAt(problems, "auth.header")}
              disabled={disabled}
            />
            <TemplateField
              label={t("apiKeyValue")}
              rows={1}
              value={auth.value}
              onChange={(value) => setAuth({ ...auth, value })}
              upstream={upstream}
              placeholder="{{env.API_KEY}}"
              hint={t("secretHint")}
              error={problemAt(problems, "auth.value")}
              disabled={disabled}
            />
          </>
        )}
      </PanelSection>

      <PanelSection title={t("advanced")}>
        <NumberField
          label={t("timeoutMs")}
          value={config.timeoutMs}
          onChange={setNumber("timeoutMs")}
          min={100}
          max={MAX_TIMEOUT_MS}
          step={1000}
          hint={t("timeoutHint")}
          error={problemAt(problems, "timeoutMs")}
          disabled={disabled}
        />
        <NumberField
          label={t("retries")}
          value={config.retries}
          onChange={setNumber("retries")}
          min={0}
          max={MAX_RETRIES}
          step={1}
          hint={t("retriesHint")}
          error={problemAt(problems, "retries")}
          disabled={disabled}
        />
        <NumberField
          label={t("maxResponseBytes")}
          value={config.maxResponseBytes}
          onChange={setNumber("maxResponseBytes")}
          min={1}
          max={MAX_RESPONSE_BYTES}
          step={1024}
          error={problemAt(problems, "maxResponseBytes")}
          disabled={disabled}
        />
        <SwitchField
          label={t("failOnErrorStatus")}
          hint={t("failOnErrorStatusHint")}
          checked={config.failOnErrorStatus}
          onChange={(on) => set("failOnErrorStatus", on)}
          disabled={disabled}
        />
      </PanelSection>
    </div>
  );
}
