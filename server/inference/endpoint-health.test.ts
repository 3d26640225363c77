import { describe, expect, it } from "vitest";
import { EndpointHealth, pickEndpoint } from "./endpoint-health";

describe("pickEndpoint", () => {
  it("spreads concurrent load in proportion to weight", () => {
    const health = new EndpointHealth();
    const endpoints = [
      { id: "a", weight: 3 },
      { id: "b", weight: 1 },
    ];
    for (let i = 0; i < 40; i++) health.acquire(pickEndpoint(endpoints, health)!.id);
    expect(health.outstanding("a")).toBe(30);
    expect(health.outstanding("b")).toBe(10);
  });

  it("prefers the replica with fewer requests in flight", () => {
    const health = new EndpointHealth();
    const endpoints = [
      { id: "a", weight: 1 },
      { id: "b", weight: 1 },
    ];
    health.acquire("a");
    health.acquire("a");
    expect(pickEndpoint(endpoints, health)!.id).toBe("b");
  });

  it("breaks ties at random", () => {
    const health = new EndpointHealth();
    const endpoints = [
      { id: "a", weight: 1 },
      { id: "b", weight: 1 },
    ];
    const picks = new Set(Array.from({ length: 50 }, () => pickEndpoint(endpoints, health)!.id));
    expect(picks).toEqual(new Set(["a", "b"]));
  });

  it("skips excluded, zero-weight and open endpoints; null when none is left", () => {
    let now = 0;
    const health = new EndpointHealth({ failureThreshold: 2, cooldownMs: 1000 }, () => now);
    const endpoints = [
      { id: "a", weight: 1 },
      { id: "b", weight: 0 },
      { id: "c", weight: 1 },
    ];
    health.acquire("a");
    health.failed("a");
    health.acquire("a");
    health.failed("a");
    expect(health.breaker("a")).toBe("open");
    expect(pickEndpoint(endpoints, health)!.id).toBe("c");
    expect(pickEndpoint(endpoints, health, new Set(["c"]))).toBeNull();
    now = 1000;
    expect(health.breaker("a")).toBe("half-open");
  });
});

describe("circuit breaker", () => {
  it("opens after N consecutive failures, lets one trial through after the cool-down, and closes on success", () => {
    let now = 0;
    const health = new EndpointHealth({ failureThreshold: 3, cooldownMs: 500 }, () => now);
    for (let i = 0; i < 2; i++) {
      health.acquire("x");
      health.failed("x");
    }
    health.acquire("x");
    health.succeeded("x");
    for (let i = 0; i < 2; i++) {
      health.acquire("x");
      health.failed("x");
    }
    expect(health.breaker("x")).toBe("closed");
    health.acquire("x");
    health.failed("x");
    expect(health.available("x")).toBe(false);
    now = 500;
    expect(health.available("x")).toBe(true);
    health.acquire("x");
    expect(health.available("x")).toBe(false);
    health.succeeded("x");
    expect(health.breaker("x")).toBe("closed");
  });

  it("re-opens immediately when the half-open trial fails", () => {
    let now = 0;
    const health = new EndpointHealth({ failureThreshold: 1, cooldownMs: 100 }, () => now);
    health.acquire("x");
    health.failed("x");
    now = 100;
    health.acquire("x");
    health.failed("x");
    expect(health.breaker("x")).toBe("open");
    now = 199;
    expect(health.available("x")).toBe(false);
  });

  it("does not count client-side aborts against the endpoint", () => {
    const health = new EndpointHealth({ failureThreshold: 1, cooldownMs: 100 });
    health.acquire("x");
    health.released("x");
    expect(health.breaker("x")).toBe("closed");
    expect(health.outstanding("x")).toBe(0);
  });
});
