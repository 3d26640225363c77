/**
 * The chat widget's settings (ShareLink.widget) and the origin allow-list. `embed.js` reads the
 * settings from `/api/share/{token}/widget`; the allow-list becomes the share page's
 * `Content-Security-Policy: frame-ancestors` and the page's postMessage origin check.
 */
import { z } from "zod";

export const WIDGET_ICONS = ["chat", "bot", "sparkles", "help"] as const;

export const widgetSettingsSchema = z.object({
  position: z.enum(["bottom-right", "bottom-left"]).default("bottom-right"),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "The bubble colour is a hex colour like #155eef")
    .default("#155eef"),
  icon: z.enum(WIDGET_ICONS).default("chat"),
  welcome: z.string().trim().max(300, "The welcome message has at most 300 characters").default(""),
  starters: z.array(z.string().trim().min(1).max(100, "A starter prompt has at most 100 characters")).max(4, "At most 4 starter prompts").default([]),
  openByDefault: z.boolean().default(false),
  width: z.number().int().min(280, "The widget is at least 280 px wide").max(800, "The widget is at most 800 px wide").default(380),
  height: z.number().int().min(360, "The widget is at least 360 px high").max(1000, "The widget is at most 1000 px high").default(600),
  draggable: z.boolean().default(false),
});
export type WidgetSettings = z.output<typeof widgetSettingsSchema>;

/** Stored settings with defaults for whatever is missing (or was stored by an older version). */
export function widgetSettingsOf(stored: unknown): WidgetSettings {
  const parsed = widgetSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : widgetSettingsSchema.parse({});
}

/** An origin exactly as browsers send it: scheme, host and port, nothing else. */
export const originSchema = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value.trim());
    if ((url.protocol === "http:" || url.protocol === "https:") && url.origin === value.trim().replace(/\/$/, "")) return url.origin;
  } catch {
    // Reported below.
  }
  ctx.addIssue({ code: "custom", message: `“${value}” is not an origin like https://example.com` });
  return z.NEVER;
});

export const allowedOriginsSchema = z.array(originSchema).max(50, "At most 50 allowed origins");

/** The `frame-ancestors` directive for a link: its own site plus the allowed origins (any when none are listed). */
export function frameAncestors(allowedOrigins: readonly string[]): string {
  return allowedOrigins.length === 0 ? "frame-ancestors *" : `frame-ancestors 'self' ${allowedOrigins.join(" ")}`;
}
