import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "./config";
import { formatMessage } from "./format";
import { en, type MessageKey, type Messages } from "./messages/en";
import { zhCN } from "./messages/zh-CN";

const dictionaries: Record<Locale, Messages> = { en, "zh-CN": zhCN };

/** The request's locale: the language-switch cookie, else Accept-Language, else English. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return resolveLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
});

export function messagesFor(locale: Locale): Messages {
  return dictionaries[locale];
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Translator for server components: `const t = await getT(); t("nav.apps")`. */
export const getT = cache(async (): Promise<Translate> => {
  const messages = messagesFor(await getLocale());
  return (key, values) => formatMessage(messages[key], values);
});
