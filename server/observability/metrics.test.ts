import { describe, expect, it } from "vitest";
import { metrics, routeLabel } from "./metrics";

describe("routeLabel", () => {
  it("keeps labels low-cardinality", () => {
    expect(routeLabel("/w/cmwqwpnu80000027dlgc4bzdy/apps")).toBe("/w/:id/apps");
    expect(routeLabel("/invite/inv_abcdefghijklmnopqrstuvwxyz")).toBe("/invite/:id");
    expect(routeLabel("/_next/static/chunks/a.js")).toBe("/_next");
    expect(routeLabel("/api/trpc/workspaces.list,members.list")).toBe("/api/trpc/workspaces.list");
    expect(routeLabel("/")).toBe("/");
  });
});

describe("metrics", () => {
  it("exposes HTTP counters and histograms in Prometheus format", async () => {
    const m = metrics();
    m.httpRequests.inc({ method: "GET", route: "/api/health", status: "200" });
    m.httpDuration.observe({ method: "GET", route: "/api/health", status: "200" }, 0.01);
    const text = await m.registry.metrics();
    expect(text).toContain('agentloom_http_requests_total{method="GET",route="/api/health",status="200"}');
    expect(text).toContain("agentloom_http_request_duration_seconds_bucket");
    expect(metrics()).toBe(m);
  });
});
