import { describe, expect, it } from "vitest";
import type { GuardedFetch } from "../../security/http";
import { currentTimeTool } from "./current-time";

const noNetwork: GuardedFetch = () => Promise.reject(new Error("current_time must not use the network"));
const at = (iso: string) => ({ http: noNetwork, signal: new AbortController().signal, now: () => new Date(iso) });
const run = (args: Record<string, unknown>, iso = "2026-01-15T12:34:56.789Z") => currentTimeTool.run(currentTimeTool.parameters.parse(args), at(iso));

describe("current_time", () => {
  it("answers in UTC by default, as ISO 8601 with the offset", async () => {
    expect(await run({})).toEqual({ time: "2026-01-15T12:34:56+00:00", timezone: "UTC", iso: "2026-01-15T12:34:56+00:00", weekday: "Thursday", unix: 1768480496 });
  });

  it("uses the zone's offset, including daylight saving time", async () => {
    expect((await run({ timezone: "Asia/Shanghai" })).iso).toBe("2026-01-15T20:34:56+08:00");
    expect((await run({ timezone: "America/New_York" })).iso).toBe("2026-01-15T07:34:56-05:00");
    expect((await run({ timezone: "America/New_York" }, "2026-07-15T12:00:00Z")).iso).toBe("2026-07-15T08:00:00-04:00");
    expect((await run({ timezone: "Asia/Kolkata" })).iso).toBe("2026-01-15T18:04:56+05:30");
  });

  it("crosses the date line with the weekday", async () => {
    expect(await run({ timezone: "Pacific/Kiritimati" }, "2026-01-15T23:00:00Z")).toMatchObject({ iso: "2026-01-16T13:00:00+14:00", weekday: "Friday" });
  });

  it("formats for people on request and canonicalizes the zone name", async () => {
    expect(await run({ timezone: "asia/shanghai", format: "human" })).toMatchObject({
      timezone: "Asia/Shanghai",
      time: expect.stringMatching(/^Thursday, January 15, 2026 at 8:34:56\sPM GMT\+8$/),
    });
  });

  it("refuses names that are not IANA time zones", () => {
    const parsed = currentTimeTool.parameters.safeParse({ timezone: "Mars/Olympus" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('"Mars/Olympus" is not an IANA time zone name (examples: UTC, Asia/Shanghai, America/New_York)');
    expect(currentTimeTool.parameters.safeParse({ format: "unix" }).success).toBe(false);
  });
});
