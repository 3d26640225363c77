"use client";

import { useT } from "../i18n/i18n-provider";
import { Badge } from "../ui/badge";

type Schema = Record<string, unknown>;

function typeLabel(schema: Schema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(" | ");
  if (typeof schema.type === "string") return schema.type === "array" && typeof (schema.items as Schema | undefined)?.type === "string" ? `${String((schema.items as Schema).type)}[]` : schema.type;
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return "any of";
  return "any";
}

/** The properties of a tool's JSON-Schema parameters as a list, with the raw schema one click away. */
export function ToolParameters({ parameters }: { parameters: Record<string, unknown> }) {
  const t = useT();
  const properties = (parameters.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(parameters.required) ? parameters.required.map(String) : []);
  const entries = Object.entries(properties);
  return (
    <div className="space-y-2">
      {entries.length === 0 ? (
        <p className="text-muted-foreground text-xs">{t("tools.params.none")}</p>
      ) : (
        <ul className="space-y-1 text-xs">
          {entries.map(([name, schema]) => (
            <li key={name} className="flex flex-wrap items-baseline gap-2">
              <code className="font-mono font-medium">{name}</code>
              <span className="text-muted-foreground font-mono">{typeLabel(schema)}</span>
              {required.has(name) && <Badge tone="warning">{t("tools.params.required")}</Badge>}
              {typeof schema.description === "string" && <span className="text-muted-foreground">{schema.description}</span>}
            </li>
          ))}
        </ul>
      )}
      <details className="text-xs">
        <summary className="text-muted-foreground cursor-pointer">{t("tools.params.schema")}</summary>
        <pre className="bg-muted mt-1 max-h-64 overflow-auto rounded-lg p-2 font-mono text-[11px]">{JSON.stringify(parameters, null, 2)}</pre>
      </details>
    </div>
  );
}
