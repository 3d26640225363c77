"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { Lock } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import type { StartInput } from "@/nodes/start/definition";
import { requiredInputsFilled, StartInputsForm, startValuesFrom, toRunInputs, type StartValues } from "@/components/canvas/start-inputs-form";
import { ChatView, type ChatViewProps } from "./chat-view";
import { loadShareSettings, shareTransport, unlockShare, type SharePageSettings } from "./share-transport";

/**
 * The public chat page of a share link: a password gate when the link has one, then the chat.
 * `embed`: inside the widget's iframe — compact, with a close button, and the host page may
 * pass declared inputs by postMessage (accepted only from an allowed origin).
 */
export function SharePage({ token, embed = false, starters = [] }: { token: string; embed?: boolean; starters?: string[] }) {
  const t = useT();
  const [settings, setSettings] = useState<SharePageSettings | null>(null);
  const host = useHost(embed, settings?.allowedOrigins ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const userId = host.userId;
  const transport = useMemo(() => shareTransport(token, embed ? { channel: "widget", userId } : {}), [token, embed, userId]);

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
  // The widget waits a moment for its host page's user and inputs, so a first message is not sent as an anonymous visitor.
  if (!host.ready) {
    return (
      <main className="flex min-h-dvh items-center justify-center">
        <Spinner label={t("share.loading")} />
      </main>
    );
  }
  return (
    <main className="h-dvh">
      <StartInputsChat
        key={userId ?? ""}
        transport={transport}
        declared={settings.inputs}
        hostInputs={host.inputs}
        title={settings.title || t("chat.title")}
        welcome={settings.opening?.statement || (embed ? undefined : settings.description || undefined)}
        suggestions={starters.length > 0 ? starters : (settings.opening?.questions ?? [])}
        accentColor={settings.themeColor}
        showConversations={!embed}
        onClose={embed ? () => window.parent.postMessage({ type: "agentloom:close" }, "*") : undefined}
      />
    </main>
  );
}

type StartInputsChatProps = Omit<ChatViewProps, "inputs" | "inputsForm" | "inputsReady"> & { declared: StartInput[]; hostInputs: Record<string, unknown> };

/**
 * The chat with the app's start-input form before a conversation's first message. Values a
 * widget's host page gave fill their fields and are not asked again; only declared inputs are
 * sent (the server refuses others).
 */
function StartInputsChat({ declared, hostInputs, ...chat }: StartInputsChatProps) {
  const t = useT();
  const given = useMemo(() => startValuesFrom(declared, hostInputs), [declared, hostInputs]);
  const asked = useMemo(() => declared.filter((input) => !(input.name in given)), [declared, given]);
  const [values, setValues] = useState<StartValues>({});
  const all = { ...given, ...values };
  const form =
    asked.length > 0 ? (
      <section aria-label={t("chat.inputs.title")} className="border-border bg-card space-y-3 rounded-2xl border px-4 py-3">
        <h2 className="text-[14px] font-semibold">{t("chat.inputs.title")}</h2>
        <StartInputsForm inputs={asked} values={values} onChange={setValues} />
      </section>
    ) : undefined;
  return <ChatView {...chat} inputs={toRunInputs(declared, all)} inputsForm={form} inputsReady={requiredInputsFilled(declared, all)} />;
}

interface HostState {
  /** False while the widget still waits for its host page (at most HOST_WAIT_MS). */
  ready: boolean;
  inputs: Record<string, unknown>;
  userId: string | null;
}

const HOST_WAIT_MS = 1500;

/**
 * The user and inputs the host page gives the widget frame (embed.js: `data-user-id`,
 * `data-inputs`, `AgentloomWidget.setInputs/setUserId`). The frame announces itself to its
 * parent, and takes `agentloom:init` only from the parent window at an allowed origin (any
 * origin when the link lists none — the same rule as its frame-ancestors header).
 */
function useHost(embed: boolean, allowedOrigins: string[] | null): HostState {
  const framed = embed && typeof window !== "undefined" && window.parent !== window;
  const [state, setState] = useState<HostState>({ ready: !framed, inputs: {}, userId: null });
  useEffect(() => {
    if (!framed || allowedOrigins === null) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      if (allowedOrigins.length > 0 && !allowedOrigins.includes(event.origin)) return;
      const data = event.data as { type?: unknown; inputs?: unknown; userId?: unknown } | null;
      if (data?.type !== "agentloom:init") return;
      const inputs = typeof data.inputs === "object" && data.inputs !== null && !Array.isArray(data.inputs) ? (data.inputs as Record<string, unknown>) : {};
      const userId = typeof data.userId === "string" && data.userId.trim() !== "" ? data.userId.trim().slice(0, 128) : null;
      setState({ ready: true, inputs, userId });
    };
    window.addEventListener("message", onMessage);
    // The ready signal carries nothing; any parent may hear it.
    window.parent.postMessage({ type: "agentloom:ready" }, "*");
    const timer = setTimeout(() => setState((s) => (s.ready ? s : { ...s, ready: true })), HOST_WAIT_MS);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("message", onMessage);
    };
  }, [framed, allowedOrigins]);
  return state;
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
