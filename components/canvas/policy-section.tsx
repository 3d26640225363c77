"use client";

import { nodePolicySchema, type NodePolicy } from "@/nodes/graph";
import { JsonObjectField, NumberField, PanelSection, SelectField } from "../node-panel/fields";
import { useT } from "../i18n/i18n-provider";

const DEFAULT_POLICY: NodePolicy = nodePolicySchema.parse({});

/** Per-node error handling: retries with backoff, time limit, and what a failure does. */
export function PolicySection({ policy, onChange, readOnly }: { policy: NodePolicy | undefined; onChange: (policy: NodePolicy | undefined) => void; readOnly: boolean }) {
  const t = useT();
  const current = policy ?? DEFAULT_POLICY;
  const set = (patch: Partial<NodePolicy>) => {
    const next = { ...current, ...patch };
    // The default policy is not stored: nodes without one stay small in the saved graph.
    const isDefault = next.retries === 0 && next.backoffMs === DEFAULT_POLICY.backoffMs && next.timeoutMs === undefined && next.onError === "fail";
    onChange(isDefault ? undefined : next);
  };
  return (
    <PanelSection title={t("canvas.policy.title")}>
      <div className="grid grid-cols-2 gap-2">
        <NumberField label={t("canvas.policy.retries")} value={current.retries} min={0} max={10} disabled={readOnly} onChange={(v) => set({ retries: Math.max(0, Math.min(10, Math.round(v ?? 0))) })} />
        <NumberField label={t("canvas.policy.backoff")} value={current.backoffMs} min={0} max={60_000} step={100} disabled={readOnly} onChange={(v) => set({ backoffMs: Math.max(0, Math.min(60_000, Math.round(v ?? 0))) })} />
      </div>
      <NumberField
        label={t("canvas.policy.timeout")}
        hint={t("canvas.policy.timeoutHint")}
        value={current.timeoutMs}
        min={1}
        max={3_600_000}
        step={1000}
        disabled={readOnly}
        onChange={(v) => set({ timeoutMs: v === undefined ? undefined : Math.max(1, Math.min(3_600_000, Math.round(v))) })}
      />
      <SelectField<NodePolicy["onError"]>
        label={t("canvas.policy.onError")}
        value={current.onError}
        disabled={readOnly}
        onChange={(onError) => set({ onError })}
        options={[
          { value: "fail", label: t("canvas.policy.onError.fail") },
          { value: "branch", label: t("canvas.policy.onError.branch") },
          { value: "default", label: t("canvas.policy.onError.default") },
        ]}
      />
      {current.onError === "default" && (
        <JsonObjectField
          label={t("canvas.policy.defaultOutputs")}
          hint={t("canvas.policy.defaultOutputsHint")}
          rows={4}
          value={current.defaultOutputs}
          disabled={readOnly}
          parseError={(message) => t("canvas.policy.invalidJson", { message })}
          onChange={(defaultOutputs) => set({ defaultOutputs })}
        />
      )}
    </PanelSection>
  );
}
