/**
 * Streams answer/end outputs while upstream nodes are still producing them (DESIGN.md "Engine",
 * streaming). An owner node's template is cut into text and references; the router walks it in
 * order, forwarding a referenced node's deltas live when the walk has reached that reference
 * and buffering them otherwise, so the streamed text always comes out in template order.
 *
 * Nothing is sent for an owner until it is known to be on the taken path: its own start, or a
 * delta from a node it references (a node that is producing text is on a taken branch).
 */
import { parseTemplate } from "@/nodes/references";

type Segment =
  | { kind: "text"; text: string }
  /** `streamable`: a plain `{{node.field}}` whose deltas can be forwarded as they come. */
  | { kind: "ref"; raw: string; nodeId: string; field: string | undefined; streamable: boolean };

interface Stream {
  ownerId: string;
  field: string;
  segments: Segment[];
  cursor: number;
  active: boolean;
  done: boolean;
  /** Deltas that arrived for a reference the walk has not reached yet, by segment index. */
  buffered: Map<number, string[]>;
  /** References whose deltas were sent: their final value is not sent again. */
  streamed: Set<number>;
}

function splitTemplate(template: string): Segment[] {
  return parseTemplate(template).map((part): Segment => {
    if (part.kind === "text") return part;
    const [nodeId, field] = part.selector;
    // Only a plain `{{node.field}}` can take deltas as they come; filters need the whole value.
    const streamable = part.filters.length === 0 && part.problems.length === 0 && part.selector.length === 2;
    return { kind: "ref", raw: part.raw, nodeId: nodeId!, field, streamable };
  });
}

export interface StreamRouterDeps {
  /** Sends a chunk of an owner's streamed output. */
  send(ownerId: string, field: string, chunk: string): void;
  /** Renders one `{{…}}` tag with the values known now. */
  render(raw: string): string;
  /** Whether a node will produce nothing more (finished, failed or skipped). */
  isSettled(nodeId: string): boolean;
}

export class StreamRouter {
  private readonly byOwner = new Map<string, Stream[]>();
  private readonly byNode = new Map<string, Stream[]>();

  constructor(
    owners: readonly { ownerId: string; field: string; template: string }[],
    private readonly deps: StreamRouterDeps,
  ) {
    for (const owner of owners) {
      const stream: Stream = { ...owner, segments: splitTemplate(owner.template), cursor: 0, active: false, done: false, buffered: new Map(), streamed: new Set() };
      push(this.byOwner, owner.ownerId, stream);
      const referenced = new Set(stream.segments.flatMap((s) => (s.kind === "ref" ? [s.nodeId] : [])));
      for (const nodeId of referenced) push(this.byNode, nodeId, stream);
    }
  }

  get isEmpty(): boolean {
    return this.byOwner.size === 0;
  }

  onDelta(nodeId: string, field: string, chunk: string): void {
    for (const stream of this.byNode.get(nodeId) ?? []) {
      if (stream.done) continue;
      stream.active = true;
      this.advance(stream, false);
      stream.segments.forEach((segment, index) => {
        if (index < stream.cursor || segment.kind !== "ref" || !segment.streamable || segment.nodeId !== nodeId || segment.field !== field) return;
        if (index === stream.cursor) {
          this.deps.send(stream.ownerId, stream.field, chunk);
          stream.streamed.add(index);
        } else {
          const buffer = stream.buffered.get(index);
          if (buffer) buffer.push(chunk);
          else stream.buffered.set(index, [chunk]);
        }
      });
    }
  }

  /** A node finished, failed or was skipped: references to it can be completed. */
  onSettled(nodeId: string): void {
    for (const stream of this.byNode.get(nodeId) ?? []) if (!stream.done) this.advance(stream, false);
  }

  onOwnerStarted(ownerId: string): void {
    for (const stream of this.byOwner.get(ownerId) ?? []) {
      stream.active = true;
      this.advance(stream, false);
    }
  }

  /** The owner ran: everything it renders is known, so the rest goes out now. */
  onOwnerFinished(ownerId: string): void {
    for (const stream of this.byOwner.get(ownerId) ?? []) {
      stream.active = true;
      this.advance(stream, true);
      stream.done = true;
    }
  }

  onOwnerSkipped(ownerId: string): void {
    for (const stream of this.byOwner.get(ownerId) ?? []) stream.done = true;
  }

  /** Whether the owner's output `field` was (at least partly) sent as deltas. */
  streamedAny(ownerId: string): boolean {
    return (this.byOwner.get(ownerId) ?? []).some((s) => s.cursor > 0 || s.streamed.size > 0);
  }

  private advance(stream: Stream, final: boolean): void {
    if (!stream.active) return;
    while (stream.cursor < stream.segments.length) {
      const index = stream.cursor;
      const segment = stream.segments[index]!;
      if (segment.kind === "text") {
        if (segment.text) this.deps.send(stream.ownerId, stream.field, segment.text);
        stream.cursor++;
        continue;
      }
      const buffer = stream.buffered.get(index);
      if (buffer) {
        stream.buffered.delete(index);
        this.deps.send(stream.ownerId, stream.field, buffer.join(""));
        stream.streamed.add(index);
      }
      if (!final && !this.deps.isSettled(segment.nodeId)) return;
      if (!stream.streamed.has(index)) {
        const text = this.deps.render(segment.raw);
        if (text) this.deps.send(stream.ownerId, stream.field, text);
      }
      stream.cursor++;
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
