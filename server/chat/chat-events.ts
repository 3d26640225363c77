/**
 * What a chat client hears about a turn: `message.delta` chunks of the answer, then
 * `message.finished` or `message.failed`. They are derived from the turn's run events and keep
 * their ids, so Last-Event-ID resumes a chat stream exactly like a run stream. Node-level events
 * never reach chat clients (a public visitor must not see the app's inner workings); only the
 * citations of LLM nodes are taken from them, when the client may see citations.
 */
import { citationsFromNodeOutputs, mergeCitations, type Citation } from "@/nodes/llm/citations";
import type { EventError, RunEvent } from "../engine/events";
import type { TokenUsage } from "../engine/node-context";
import { GENERIC_FAILURE, suggestionsOf } from "./conversations.service";

export type ChatEventBody =
  | { type: "message.delta"; messageId: string; conversationId: string; chunk: string }
  | { type: "message.finished"; messageId: string; conversationId: string; answer: string; suggestions: string[]; usage: TokenUsage; elapsedMs: number; citations: Citation[] }
  | { type: "message.failed"; messageId: string; conversationId: string; error: EventError; stopped: boolean }
  | { type: "ping" };

export type ChatEvent = ChatEventBody & { id: number };

export interface ChatEventTarget {
  messageId: string;
  conversationId: string;
  /** Node ids whose `answer` deltas are the reply: top-level answer nodes and end nodes. */
  answerNodeIds: ReadonlySet<string>;
  /** Public channels get an error code and a generic sentence; members debugging get the detail. */
  detailedErrors: boolean;
  /** Whether `message.finished` carries the answer's citations (off or unset: none, not even their text). */
  citations?: boolean;
}

/** Answer nodes' texts are joined with a blank line, as in the run's final `answer` output. */
const ANSWER_SEPARATOR = "\n\n";


export async function* toChatEvents(events: AsyncIterable<RunEvent>, target: ChatEventTarget): AsyncIterable<ChatEvent> {
  const { messageId, conversationId } = target;
  let lastNode: string | null = null;
  let answer = "";
  const cited: Citation[][] = [];
  for await (const event of events) {
    switch (event.type) {
      case "node.delta": {
        if (event.scope !== "" || event.field !== "answer" || !target.answerNodeIds.has(event.nodeId)) break;
        const chunk = lastNode !== null && lastNode !== event.nodeId ? ANSWER_SEPARATOR + event.chunk : event.chunk;
        lastNode = event.nodeId;
        answer += chunk;
        yield { id: event.id, type: "message.delta", messageId, conversationId, chunk };
        break;
      }
      case "node.finished": {
        if (target.citations && event.scope === "") cited.push(citationsFromNodeOutputs(event.nodeType, event.outputs));
        break;
      }
      case "run.finished": {
        const final = event.outputs.answer;
        yield {
          id: event.id,
          type: "message.finished",
          messageId,
          conversationId,
          answer: typeof final === "string" ? final : answer,
          suggestions: suggestionsOf(event.outputs),
          usage: event.usage,
          elapsedMs: event.elapsedMs,
          citations: mergeCitations(cited),
        };
        return;
      }
      case "run.failed": {
        const error = target.detailedErrors ? event.error : { code: event.error.code, message: event.cancelled ? "Stopped" : GENERIC_FAILURE };
        yield { id: event.id, type: "message.failed", messageId, conversationId, error, stopped: event.cancelled };
        return;
      }
      case "ping":
        yield event;
        break;
      default:
        break;
    }
  }
}
