"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Citation } from "@/nodes/llm/citations";
import type { ChatMessageRecord, ChatMessageStatus, ChatRating, ChatTransport } from "./chat-transport";

export interface ChatEntry extends ChatMessageRecord {
  /** A message not yet accepted by the server has a temporary id. */
  pending: boolean;
}

interface DeltaData {
  chunk: string;
}
interface FinishedData {
  answer: string;
  suggestions?: string[];
  citations?: Citation[];
}
interface FailedData {
  error: { message: string };
  stopped: boolean;
}

let temporaryIds = 0;

/**
 * The state of one chat: its conversation, the turns, and the answer streams. An answer streams
 * over EventSource, which resumes with Last-Event-ID by itself after a dropped connection.
 */
export function useChat(transport: ChatTransport, options: { onConversationsChanged?: () => void } = {}) {
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const streams = useRef(new Map<string, EventSource>());
  const { onConversationsChanged } = options;

  const update = useCallback((id: string, change: (entry: ChatEntry) => Partial<ChatEntry>) => {
    setEntries((all) => all.map((entry) => (entry.id === id ? { ...entry, ...change(entry) } : entry)));
  }, []);

  const closeStream = useCallback((id: string) => {
    streams.current.get(id)?.close();
    streams.current.delete(id);
  }, []);

  const follow = useCallback(
    (id: string) => {
      if (streams.current.has(id)) return;
      const source = new EventSource(transport.eventsUrl(id));
      streams.current.set(id, source);
      const finish = (status: ChatMessageStatus, change: Partial<ChatEntry>) => {
        closeStream(id);
        update(id, () => ({ status, ...change }));
        onConversationsChanged?.();
      };
      source.addEventListener("message.delta", (event) => {
        const { chunk } = JSON.parse((event as MessageEvent<string>).data) as DeltaData;
        update(id, (entry) => ({ answer: entry.answer + chunk }));
      });
      source.addEventListener("message.finished", (event) => {
        const { answer, suggestions = [], citations } = JSON.parse((event as MessageEvent<string>).data) as FinishedData;
        finish("done", { answer, suggestions, citations: citations ?? [] });
      });
      source.addEventListener("message.failed", (event) => {
        const data = JSON.parse((event as MessageEvent<string>).data) as FailedData;
        finish(data.stopped ? "stopped" : "failed", { error: data.stopped ? null : data.error.message });
      });
      source.addEventListener("error", () => {
        // CONNECTING: the browser retries on its own. CLOSED: the server refused the stream.
        if (source.readyState === EventSource.CLOSED) finish("failed", { error: "The connection to the server was lost" });
      });
    },
    [transport, update, closeStream, onConversationsChanged],
  );

  useEffect(() => {
    const open = streams.current;
    return () => {
      for (const source of open.values()) source.close();
      open.clear();
    };
  }, []);

  const openConversation = useCallback(
    async (id: string | null) => {
      for (const key of [...streams.current.keys()]) closeStream(key);
      setConversationId(id);
      setError(null);
      if (!id) return setEntries([]);
      setLoading(true);
      try {
        const messages = await transport.listMessages(id);
        setEntries(messages.map((m) => ({ ...m, pending: false })));
        for (const m of messages) if (m.status === "answering") follow(m.id);
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : String(cause));
      } finally {
        setLoading(false);
      }
    },
    [transport, follow, closeStream],
  );

  const send = useCallback(
    async (query: string, inputs: Record<string, unknown> = {}) => {
      const temporaryId = `pending-${++temporaryIds}`;
      setError(null);
      setEntries((all) => [...all, { id: temporaryId, query, answer: "", status: "answering", error: null, rating: null, feedback: "", pending: true }]);
      try {
        const sent = await transport.send({ conversationId: conversationId ?? undefined, query, inputs });
        if (!conversationId) onConversationsChanged?.();
        setConversationId(sent.conversationId);
        update(temporaryId, () => ({ id: sent.messageId, pending: false }));
        follow(sent.messageId);
      } catch (cause) {
        update(temporaryId, () => ({ status: "failed", pending: false, error: cause instanceof Error ? cause.message : String(cause) }));
      }
    },
    [transport, conversationId, update, follow, onConversationsChanged],
  );

  const stop = useCallback(
    async (id: string) => {
      try {
        await transport.stop(id);
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : String(cause));
      }
    },
    [transport],
  );

  const rate = useCallback(
    async (id: string, rating: ChatRating, feedback = "") => {
      try {
        await transport.rate(id, rating, feedback);
        update(id, () => ({ rating, feedback: rating ? feedback : "" }));
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : String(cause));
      }
    },
    [transport, update],
  );

  const answering = entries.some((entry) => entry.status === "answering");
  return { conversationId, entries, error, loading, answering, send, stop, rate, openConversation };
}
