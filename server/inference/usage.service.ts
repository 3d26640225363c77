import { z } from "zod";
import type { Db } from "../db";

export const usageQuery = z.object({
  days: z.number().int().min(1).max(366).default(30),
});

export interface UsageRow {
  day: string;
  key: string | null;
  label: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

export interface UsageReport {
  from: string;
  totals: Omit<UsageRow, "day" | "key" | "label">;
  byModel: UsageRow[];
  byApp: UsageRow[];
  /** Per channel (debug, share, widget, api, wecom, wechat…); key null: calls outside a run. */
  byChannel: UsageRow[];
}

interface RawRow {
  day: Date;
  key: string | null;
  label: string | null;
  calls: bigint;
  errors: bigint;
  input_tokens: bigint | null;
  output_tokens: bigint | null;
  cost: string | null;
}

function toRow(r: RawRow): UsageRow {
  return {
    day: r.day.toISOString().slice(0, 10),
    key: r.key,
    label: r.label ?? "",
    calls: Number(r.calls),
    errors: Number(r.errors),
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    cost: Number(r.cost ?? 0),
  };
}

/** Tokens, calls, errors and cost per UTC day, by model and by app, for one workspace. */
export async function usageReport(db: Db, workspaceId: string, input: z.input<typeof usageQuery>): Promise<UsageReport> {
  const { days } = usageQuery.parse(input);
  const from = new Date(Date.now() - days * 86_400_000);
  from.setUTCHours(0, 0, 0, 0);
  const [byModel, byApp, byChannel] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      SELECT date_trunc('day', "createdAt" AT TIME ZONE 'UTC') AS day, "modelId" AS key, max("modelName") AS label,
             count(*) AS calls, count(*) FILTER (WHERE status <> 'ok') AS errors,
             sum("inputTokens") AS input_tokens, sum("outputTokens") AS output_tokens, sum(cost)::text AS cost
      FROM "ModelUsage" WHERE "workspaceId" = ${workspaceId} AND "createdAt" >= ${from}
      GROUP BY 1, 2 ORDER BY 1 DESC, 3`,
    db.$queryRaw<RawRow[]>`
      SELECT date_trunc('day', "createdAt" AT TIME ZONE 'UTC') AS day, "appId" AS key, NULL AS label,
             count(*) AS calls, count(*) FILTER (WHERE status <> 'ok') AS errors,
             sum("inputTokens") AS input_tokens, sum("outputTokens") AS output_tokens, sum(cost)::text AS cost
      FROM "ModelUsage" WHERE "workspaceId" = ${workspaceId} AND "createdAt" >= ${from}
      GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
    db.$queryRaw<RawRow[]>`
      SELECT date_trunc('day', "createdAt" AT TIME ZONE 'UTC') AS day, channel AS key, NULL AS label,
             count(*) AS calls, count(*) FILTER (WHERE status <> 'ok') AS errors,
             sum("inputTokens") AS input_tokens, sum("outputTokens") AS output_tokens, sum(cost)::text AS cost
      FROM "ModelUsage" WHERE "workspaceId" = ${workspaceId} AND "createdAt" >= ${from}
      GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
  ]);
  const modelRows = byModel.map(toRow);
  const totals = modelRows.reduce(
    (t, r) => ({ calls: t.calls + r.calls, errors: t.errors + r.errors, inputTokens: t.inputTokens + r.inputTokens, outputTokens: t.outputTokens + r.outputTokens, cost: t.cost + r.cost }),
    { calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, cost: 0 },
  );
  return { from: from.toISOString().slice(0, 10), totals, byModel: modelRows, byApp: byApp.map((r) => ({ ...toRow(r), label: r.key ?? "" })),
    byChannel: byChannel.map((r) => ({ ...toRow(r), label: r.key ?? "" })),
  };
}
