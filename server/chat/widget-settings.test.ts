import { describe, expect, it } from "vitest";
import { allowedOriginsSchema, frameAncestors, widgetSettingsOf, widgetSettingsSchema } from "./widget-settings";

describe("widget settings", () => {
  it("fills defaults and refuses out-of-range values with a reason", () => {
    expect(widgetSettingsOf({})).toMatchObject({ position: "bottom-right", width: 380, height: 600, starters: [], openByDefault: false });
    expect(widgetSettingsOf({ width: 5 })).toMatchObject({ width: 380 });
    const tooMany = widgetSettingsSchema.safeParse({ starters: ["a", "b", "c", "d", "e"] });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toBe("At most 4 starter prompts");
  });

  it("takes exact origins only", () => {
    expect(allowedOriginsSchema.parse(["https://shop.example.com", "http://127.0.0.1:8080/"])).toEqual(["https://shop.example.com", "http://127.0.0.1:8080"]);
    for (const bad of ["https://shop.example.com/page", "javascript:alert(1)", "shop.example.com", "https://a.com'; script-src *"]) {
      expect(allowedOriginsSchema.safeParse([bad]).success, bad).toBe(false);
    }
  });

  it("builds the frame-ancestors directive", () => {
    expect(frameAncestors([])).toBe("frame-ancestors *");
    expect(frameAncestors(["https://a.example", "https://b.example"])).toBe("frame-ancestors 'self' https://a.example https://b.example");
  });
});
