import { z } from "zod";
import { defineBuiltinTool } from "../builtin-tool";

/** The canonical IANA name for `name`, or null when Intl does not know the zone. */
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const parameters = z.strictObject({
  timezone: z
    .string()
    .trim()
    .default("UTC")
    .refine((name) => canonicalTimeZone(name) !== null, {
      error: (issue) => `"${String(issue.input)}" is not an IANA time zone name (examples: UTC, Asia/Shanghai, America/New_York)`,
    })
    .describe("IANA time zone name, e.g. Asia/Shanghai or America/New_York. Defaults to UTC."),
  format: z
    .enum(["iso", "human"], { error: 'Use "iso" or "human"' })
    .default("iso")
    .describe('"iso" for ISO 8601 with the zone\'s UTC offset, "human" for a readable English date and time.'),
});

/** ISO 8601 in the zone's local time with its offset, e.g. 2026-11-21T20:15:00+08:00. */
function isoInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  // longOffset is "GMT+08:00", or plain "GMT" at offset zero.
  const offset = (parts.timeZoneName ?? "GMT").replace(/^GMT/, "") || "+00:00";
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export const currentTimeTool = defineBuiltinTool({
  name: "current_time",
  description: "Returns the current date and time in a given time zone. Use it whenever the answer depends on today's date or the time now.",
  parameters,
  run: async (args, deps) => {
    const now = deps.now?.() ?? new Date();
    const timezone = canonicalTimeZone(args.timezone) ?? "UTC";
    const iso = isoInZone(now, timezone);
    const human = new Intl.DateTimeFormat("en-US", { timeZone: timezone, dateStyle: "full", timeStyle: "long" }).format(now);
    const weekday = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "long" }).format(now);
    return { time: args.format === "iso" ? iso : human, timezone, iso, weekday, unix: Math.floor(now.getTime() / 1000) };
  },
});
