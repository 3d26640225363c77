import type { MessageKey, Translate } from "../i18n/i18n-provider";

const KNOWN = new Set(["debug", "debug-node", "share", "widget", "api", "wecom", "wechat"]);

/** A channel's name in the UI; an unknown one (added by a newer server) shows as it is. */
export function channelLabel(t: Translate, channel: string): string {
  return KNOWN.has(channel) ? t(`logs.channel.${channel}` as MessageKey) : channel;
}
