"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Activity, ArrowDownToLine, ArrowUpFromLine, ChartColumn, CircleAlert, Coins, RotateCw, type LucideIcon } from "lucide-react";
import { useLocale, useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Spinner } from "../ui/spinner";
import { EmptyState, ErrorState, SkeletonRows } from "../ui/states";
import { useWorkspace } from "../workspace/workspace-context";
import { formatCost, formatCount } from "./format";
import { SegmentedControl } from "./segmented-control";
import type { UsageReport, UsageRow } from "./types";
import { channelLabel } from "../logs/channel-label";

const PERIODS = [7, 30, 90] as const;
type Period = (typeof PERIODS)[number];

function StatCard({ icon: Icon, label, value, detail, tone = "default" }: { icon: LucideIcon; label: string; value: string; detail?: string; tone?: "default" | "danger" }) {
  return (
    <div className="bg-card border-border rounded-xl border p-4">
      <div className="text-muted-foreground flex items-center gap-1.5 text-xs font-medium">
        <Icon className={cn("size-3.5", tone === "danger" ? "text-danger" : "text-subtle")} aria-hidden />
        {label}
      </div>
      <div className={cn("mt-2 text-xl font-semibold tracking-tight tabular-nums", tone === "danger" ? "text-danger" : "text-foreground")}>{value}</div>
      {detail && <div className="text-muted-foreground mt-0.5 text-xs">{detail}</div>}
    </div>
  );
}

/** Input and output tokens per day as stacked bars, with every day of the period present. */
function DailyChart({ report, days }: { report: UsageReport; days: number }) {
  const t = useT();
  const { locale } = useLocale();
  const perDay = new Map<string, { input: number; output: number; calls: number }>();
  for (const row of report.byModel) {
    const day = perDay.get(row.day) ?? { input: 0, output: 0, calls: 0 };
    day.input += row.inputTokens;
    day.output += row.outputTokens;
    day.calls += row.calls;
    perDay.set(row.day, day);
  }
  const start = Date.parse(`${report.from}T00:00:00Z`);
  const series = Array.from({ length: days + 1 }, (_, i) => {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return { day, ...(perDay.get(day) ?? { input: 0, output: 0, calls: 0 }) };
  });
  const max = Math.max(1, ...series.map((d) => d.input + d.output));
  const dateFormat = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const first = series[0];
  const last = series.at(-1);

  return (
    <section aria-label={t("usage.chart.title")} className="bg-card border-border rounded-xl border p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-foreground text-[15px] font-semibold">{t("usage.chart.title")}</h2>
        <div className="text-muted-foreground flex items-center gap-3 text-xs" aria-hidden>
          <span className="flex items-center gap-1.5">
            <span className="bg-primary size-2.5 rounded-sm" />
            {t("usage.inputTokens")}
          </span>
          <span className="flex items-center gap-1.5">
            <span className="bg-primary/40 size-2.5 rounded-sm" />
            {t("usage.outputTokens")}
          </span>
        </div>
      </div>
      <div className="mt-4 flex h-32 items-end gap-px" role="img" aria-label={t("usage.chart.description", { days })}>
        {series.map((d) => {
          const total = d.input + d.output;
          const title = `${dateFormat.format(Date.parse(`${d.day}T00:00:00Z`))}: ${t("usage.chart.tooltip", {
            calls: formatCount(d.calls, locale),
            input: formatCount(d.input, locale),
            output: formatCount(d.output, locale),
          })}`;
          return (
            <div key={d.day} title={title} className="group flex h-full min-w-0 flex-1 flex-col justify-end">
              {total > 0 ? (
                <div className="flex flex-col overflow-hidden rounded-t-sm group-hover:opacity-80" style={{ height: `${Math.max(2, (total / max) * 100)}%` }}>
                  <div className="bg-primary/40" style={{ flexGrow: d.output }} />
                  <div className="bg-primary" style={{ flexGrow: d.input }} />
                </div>
              ) : (
                <div className="bg-muted h-0.5 rounded-full" />
              )}
            </div>
          );
        })}
      </div>
      {first && last && (
        <div className="text-subtle mt-2 flex justify-between text-[11px] tabular-nums">
          <span>{dateFormat.format(Date.parse(`${first.day}T00:00:00Z`))}</span>
          <span>{dateFormat.format(Date.parse(`${last.day}T00:00:00Z`))}</span>
        </div>
      )}
    </section>
  );
}

const INITIAL_ROWS = 15;

function UsageTable({ title, keyHeader, rows, labelFor }: { title: string; keyHeader: string; rows: UsageRow[]; labelFor: (row: UsageRow) => { text: string; mono?: boolean; muted?: boolean } }) {
  const t = useT();
  const { locale } = useLocale();
  const [showAll, setShowAll] = useState(false);
  const visible = showAll ? rows : rows.slice(0, INITIAL_ROWS);
  const dateFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  return (
    <section aria-label={title} className="bg-card border-border overflow-hidden rounded-xl border">
      <h2 className="text-foreground px-5 py-3.5 text-[15px] font-semibold">{title}</h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="bg-background/60">
            <tr className="text-muted-foreground border-border border-t text-left text-xs">
              <th scope="col" className="py-2 pr-3 pl-5 font-medium whitespace-nowrap">{t("usage.column.day")}</th>
              <th scope="col" className="px-3 py-2 font-medium">{keyHeader}</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">{t("usage.calls")}</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">{t("usage.errors")}</th>
              <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">{t("usage.inputTokens")}</th>
              <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">{t("usage.outputTokens")}</th>
              <th scope="col" className="py-2 pr-5 pl-3 text-right font-medium">{t("usage.cost")}</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {visible.map((row) => {
              const label = labelFor(row);
              return (
                <tr key={`${row.day}:${row.key ?? ""}`} className="border-border border-t">
                  <td className="text-muted-foreground py-2.5 pr-3 pl-5 whitespace-nowrap">{dateFormat.format(Date.parse(`${row.day}T00:00:00Z`))}</td>
                  <td className={cn("max-w-64 truncate px-3 py-2.5", label.mono && "font-mono text-xs", label.muted ? "text-muted-foreground" : "text-foreground")} title={label.text}>
                    {label.text}
                  </td>
                  <td className="text-foreground px-3 py-2.5 text-right">{formatCount(row.calls, locale)}</td>
                  <td className={cn("px-3 py-2.5 text-right", row.errors > 0 ? "text-danger" : "text-muted-foreground")}>{formatCount(row.errors, locale)}</td>
                  <td className="text-muted-foreground hidden px-3 py-2.5 text-right sm:table-cell">{formatCount(row.inputTokens, locale)}</td>
                  <td className="text-muted-foreground hidden px-3 py-2.5 text-right sm:table-cell">{formatCount(row.outputTokens, locale)}</td>
                  <td className="text-foreground py-2.5 pr-5 pl-3 text-right">{formatCost(row.cost, locale)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > INITIAL_ROWS && (
        <div className="border-border border-t px-5 py-2.5 text-center">
          <Button variant="ghost" size="sm" onClick={() => setShowAll((v) => !v)} aria-expanded={showAll}>
            {showAll ? t("usage.showFewer") : t("usage.showAll", { count: rows.length })}
          </Button>
        </div>
      )}
    </section>
  );
}

/** Calls, errors, tokens and cost over 7/30/90 days, per model and per app per day. */
export function UsagePanel() {
  const t = useT();
  const trpc = useTRPC();
  const { locale } = useLocale();
  const { workspace } = useWorkspace();
  const [days, setDays] = useState<Period>(30);
  const report = useQuery({ ...trpc.usage.report.queryOptions({ workspaceId: workspace.id, days }), placeholderData: keepPreviousData });
  const data = report.data;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-muted-foreground text-sm">
          {data ? t("usage.descriptionSince", { date: dateFormat.format(Date.parse(`${data.from}T00:00:00Z`)) }) : t("usage.description")}
        </p>
        <div className="flex items-center gap-2">
          {report.isFetching && data && <Spinner className="text-muted-foreground" label={t("common.refreshing")} />}
          <SegmentedControl label={t("usage.period")} value={days} onChange={setDays} options={PERIODS.map((p) => ({ value: p, label: t("usage.periodDays", { days: p }) }))} />
        </div>
      </div>

      {report.isPending ? (
        <div className="bg-card border-border rounded-xl border">
          <SkeletonRows label={t("common.loading")} />
        </div>
      ) : report.isError ? (
        <div className="bg-card border-border rounded-xl border">
          <ErrorState
            title={t("usage.loadError")}
            message={errorMessage(report.error, t)}
            action={
              <Button variant="secondary" size="sm" onClick={() => void report.refetch()}>
                <RotateCw className="size-4" aria-hidden />
                {t("common.retry")}
              </Button>
            }
          />
        </div>
      ) : (
        <>
          <section aria-label={t("usage.totals")} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
            <StatCard icon={Activity} label={t("usage.calls")} value={formatCount(report.data.totals.calls, locale)} />
            <StatCard
              icon={CircleAlert}
              label={t("usage.errors")}
              value={formatCount(report.data.totals.errors, locale)}
              tone={report.data.totals.errors > 0 ? "danger" : "default"}
              detail={
                report.data.totals.calls > 0
                  ? t("usage.errorRate", { rate: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(report.data.totals.errors / report.data.totals.calls) })
                  : undefined
              }
            />
            <StatCard icon={ArrowDownToLine} label={t("usage.inputTokens")} value={formatCount(report.data.totals.inputTokens, locale)} />
            <StatCard icon={ArrowUpFromLine} label={t("usage.outputTokens")} value={formatCount(report.data.totals.outputTokens, locale)} />
            <StatCard icon={Coins} label={t("usage.cost")} value={formatCost(report.data.totals.cost, locale)} detail={t("usage.costHint")} />
          </section>

          {report.data.totals.calls === 0 ? (
            <div className="bg-card border-border rounded-xl border">
              <EmptyState icon={ChartColumn} title={t("usage.empty.title", { days })}>
                {t("usage.empty.description")}
              </EmptyState>
            </div>
          ) : (
            <>
              <DailyChart report={report.data} days={days} />
              <UsageTable title={t("usage.byModel")} keyHeader={t("usage.column.model")} rows={report.data.byModel} labelFor={(row) => ({ text: row.label || row.key || "" })} />
              <UsageTable
                title={t("usage.byApp")}
                keyHeader={t("usage.column.app")}
                rows={report.data.byApp}
                labelFor={(row) => (row.key ? { text: row.key, mono: true } : { text: t("usage.noApp"), muted: true })}
              />
              <UsageTable
                title={t("usage.byChannel")}
                keyHeader={t("usage.column.channel")}
                rows={report.data.byChannel}
                labelFor={(row) => (row.key ? { text: channelLabel(t, row.key) } : { text: t("usage.noChannel"), muted: true })}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
