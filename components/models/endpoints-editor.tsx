"use client";

import { Plus, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { Button } from "../ui/button";
import { Input, Select } from "../ui/field";
import type { Provider } from "./types";

export interface EndpointRow {
  key: string;
  providerId: string;
  weight: string;
}

let nextKey = 0;
export function endpointRow(providerId = "", weight = "1"): EndpointRow {
  nextKey += 1;
  return { key: `endpoint-${nextKey}`, providerId, weight };
}

/** The providers serving a model (replicas) and each one's share of the traffic. */
export function EndpointsEditor({
  rows,
  onChange,
  providers,
  invalid,
}: {
  rows: EndpointRow[];
  onChange: (rows: EndpointRow[]) => void;
  providers: Provider[];
  invalid?: boolean;
}) {
  const t = useT();
  const set = (key: string, patch: Partial<EndpointRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-2">
      {rows.length > 0 && (
        <div className="text-muted-foreground grid grid-cols-[1fr_5.5rem_2rem] gap-2 text-xs" aria-hidden>
          <span>{t("models.form.endpointProvider")}</span>
          <span>{t("models.form.endpointWeight")}</span>
        </div>
      )}
      <ul className="space-y-2" aria-label={t("models.form.endpoints")}>
        {rows.map((row, index) => (
          <li key={row.key} className="grid grid-cols-[1fr_5.5rem_2rem] items-center gap-2">
            <Select
              aria-label={t("models.form.endpointProviderFor", { n: index + 1 })}
              invalid={invalid && !row.providerId}
              value={row.providerId}
              onChange={(e) => set(row.key, { providerId: e.target.value })}
            >
              <option value="">{t("models.form.chooseProvider")}</option>
              {providers.map((provider) => (
                <option key={provider.id} value={provider.id}>
                  {provider.name}
                  {provider.managed ? ` · ${t("providers.managed")}` : ""}
                  {provider.enabled ? "" : ` · ${t("providers.disabled")}`}
                </option>
              ))}
            </Select>
            <Input
              aria-label={t("models.form.endpointWeightFor", { n: index + 1 })}
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              value={row.weight}
              onChange={(e) => set(row.key, { weight: e.target.value })}
            />
            <Button
              variant="ghost"
              size="icon"
              disabled={rows.length === 1}
              aria-label={t("models.form.removeEndpoint", { n: index + 1 })}
              title={t("models.form.removeEndpoint", { n: index + 1 })}
              onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
            >
              <X className="size-4" aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <Button variant="ghost" size="sm" className="-ml-2" onClick={() => onChange([...rows, endpointRow()])} disabled={rows.length >= 32}>
        <Plus className="size-4" aria-hidden />
        {t("models.form.addEndpoint")}
      </Button>
    </div>
  );
}
