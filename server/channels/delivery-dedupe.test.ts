import { describe, expect, it } from "vitest";
import { createDeliveryDedupe } from "./delivery-dedupe";

// The in-process fallback; the Redis variant is covered by channels.integration.test.ts.
describe("createDeliveryDedupe without Redis", () => {
  it("accepts a key once within the TTL and again after it", async () => {
    let clock = 0;
    const dedupe = createDeliveryDedupe({ redis: null, prefix: "unit", ttlSeconds: 60, now: () => clock });
    expect(await dedupe.firstDelivery("msg:1")).toBe(true);
    expect(await dedupe.firstDelivery("msg:1")).toBe(false);
    expect(await dedupe.firstDelivery("msg:2")).toBe(true);
    clock += 59_000;
    expect(await dedupe.firstDelivery("msg:1")).toBe(false);
    clock += 2_000;
    expect(await dedupe.firstDelivery("msg:1")).toBe(true);
  });

  it("is atomic for concurrent deliveries of the same key", async () => {
    const dedupe = createDeliveryDedupe({ redis: null, prefix: "unit", ttlSeconds: 60 });
    const results = await Promise.all(Array.from({ length: 5 }, () => dedupe.firstDelivery("event:o1:123:subscribe")));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
