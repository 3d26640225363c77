import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
}

// One registry per process, shared through globalThis: the custom HTTP server records requests
// and the bundled /api/metrics route serves them, and each has its own copy of this module.
const globalForMetrics = globalThis as unknown as { agentloomMetrics?: Metrics };

export function metrics(): Metrics {
  if (!globalForMetrics.agentloomMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "agentloom_" });
    globalForMetrics.agentloomMetrics = {
      registry,
      httpRequests: new Counter({
        name: "agentloom_http_requests_total",
        help: "HTTP requests served, by method, route group and status",
        labelNames: ["method", "route", "status"],
        registers: [registry],
      }),
      httpDuration: new Histogram({
        name: "agentloom_http_request_duration_seconds",
        help: "HTTP request duration in seconds",
        labelNames: ["method", "route", "status"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
    };
  }
  return globalForMetrics.agentloomMetrics;
}

/**
 * Collapses a path into a low-cardinality route label: ids and tokens would otherwise create a
 * time series per resource.
 */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/_next/")) return "/_next";
  if (pathname.startsWith("/api/trpc/")) return `/api/trpc/${pathname.slice("/api/trpc/".length).split(",")[0] ?? ""}`;
  return (
    pathname
      .split("/")
      .map((segment) => (/^[a-z0-9_-]{20,}$/i.test(segment) || /^\d+$/.test(segment) ? ":id" : segment))
      .slice(0, 5)
      .join("/") || "/"
  );
}
