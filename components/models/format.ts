import type { Locale } from "../i18n/i18n-provider";

/** 8192 → "8K", 131072 → "128K", 1000000 → "1M" (token counts as people say them). */
export function formatTokensShort(value: number, locale: Locale): string {
  if (value >= 1024 && value % 1024 === 0 && value < 1_000_000) return `${value / 1024}K`;
  return new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** Prices and costs are in whatever unit the workspace enters prices in: no currency sign. */
export function formatCost(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: value !== 0 && Math.abs(value) < 0.01 ? 6 : 4 }).format(value);
}

export function formatPrice(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);
}
