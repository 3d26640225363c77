/** Replaces `{name}` placeholders with values; unknown placeholders stay visible so gaps are easy to spot. */
export function formatMessage(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
