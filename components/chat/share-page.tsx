"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { Lock } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { ChatView } from "./chat-view";
import { loadShareSettings, shareTransport, unlockShare, type SharePageSettings } from "./share-transport";

/**
 * The public chat page of a share link: a password gate when the link has one, then the chat.
 * `embed`: inside the widget's iframe — compact, with a close button, and the host page may
 * pass declared inputs by postMessage (accepted only from an allowed origin).
 */
export function SharePage({ token, embed = false, starters = [] }: { token: string; embed?: boolean; starters?: string[] }) {
  const t = useT();
  const [settings, setSettings] = useState<SharePageSettings | null>(null);
  const hostInputs = useHostInputs(embed, settings?.allowedOrigins ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const transport = useMemo(() => shareTransport(token), [token]);

  const load = useCallback(() => {
    loadShareSettings(token)
      .then(setSettings)
      .catch((cause: unknown) => setLoadError(cause instanceof Error ? cause.message : String(cause)));
  }, [token]);
  useEffect(load, [load]);

  if (loadError) {
    return (
      <main className="flex min-h-dvh items-center justify-center p-6">
        <Alert>{loadError}</Alert>
      </main>
    );
  }
  if (!settings) {
    return (
      <main className="flex min-h-dvh items-center justify-center">
        <Spinner label={t("share.loading")} />
      </main>
    );
  }
  if (settings.locked) return <PasswordGate token={token} title={settings.title} onUnlocked={load} />;
  return (
    <main className="h-dvh">
      <ChatView
        transport={transport}
        title={settings.title || t("chat.title")}
        welcome={settings.opening?.statement || (embed ? undefined : settings.description || undefined)}
        suggestions={starters.length > 0 ? starters : (settings.opening?.questions ?? [])}
        inputs={hostInputs}
        accentColor={settings.themeColor}
        showConversations={!embed}
        onClose={embed ? () => window.parent.postMessage({ type: "agentloom:close" }, "*") : undefined}
      />
    </main>
  );
}

/**
 * Inputs the host page sends to the widget frame. The frame announces itself to its parent,
 * and takes `agentloom:init` only from the parent window at an allowed origin (any origin when
 * the link lists none — the same rule as its frame-ancestors header).
 */
function useHostInputs(embed: boolean, allowedOrigins: string[] | null): Record<string, unknown> {
  const [inputs, setInputs] = useState<Record<string, unknown>>({});
  useEffect(() => {
    if (!embed || allowedOrigins === null || window.parent === window) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      if (allowedOrigins.length > 0 && !allowedOrigins.includes(event.origin)) return;
      const data = event.data as { type?: unknown; inputs?: unknown } | null;
      if (data?.type !== "agentloom:init" || typeof data.inputs !== "object" || data.inputs === null || Array.isArray(data.inputs)) return;
      setInputs(data.inputs as Record<string, unknown>);
    };
    window.addEventListener("message", onMessage);
    // The ready signal carries nothing; any parent may hear it.
    window.parent.postMessage({ type: "agentloom:ready" }, "*");
    return () => window.removeEventListener("message", onMessage);
  }, [embed, allowedOrigins]);
  return inputs;
}

function PasswordGate({ token, title, onUnlocked }: { token: string; title: string; onUnlocked: () => void }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <form
        className="border-border bg-card w-full max-w-sm space-y-4 rounded-2xl border p-6 shadow-sm"
        onSubmit={(event) => {
          event.preventDefault();
          setPending(true);
          setError(null);
          unlockShare(token, password)
            .then(onUnlocked)
            .catch((cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)))
            .finally(() => setPending(false));
        }}
      >
        <div className="flex items-center gap-2">
          <Lock className="size-4" aria-hidden />
          <h1 className="text-[15px] font-semibold">{title || t("share.lockedTitle")}</h1>
        </div>
        <p className="text-muted-foreground text-[13px]">{t("share.lockedDescription")}</p>
        <Field label={t("share.password")}>
          {(control) => <Input {...control} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus required />}
        </Field>
        {error && <Alert>{error}</Alert>}
        <Button type="submit" loading={pending} className="w-full">
          {t("share.unlock")}
        </Button>
      </form>
    </main>
  );
}
