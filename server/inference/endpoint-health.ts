/**
 * Per-endpoint runtime state kept in this process: requests in flight (for least-outstanding
 * balancing) and a circuit breaker. The breaker is a few lines of state read on every pick, which
 * general-purpose breaker libraries (that wrap a function call) do not expose cheaply.
 */
export interface BreakerSettings {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses traffic before letting one trial request through. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 5, cooldownMs: 30_000 };

type BreakerState = "closed" | "open" | "half-open";

interface EndpointState {
  outstanding: number;
  consecutiveFailures: number;
  openedAt: number | null;
  trialInFlight: boolean;
}

export class EndpointHealth {
  private readonly states = new Map<string, EndpointState>();

  constructor(
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  private state(id: string): EndpointState {
    let s = this.states.get(id);
    if (!s) {
      s = { outstanding: 0, consecutiveFailures: 0, openedAt: null, trialInFlight: false };
      this.states.set(id, s);
    }
    return s;
  }

  breaker(id: string): BreakerState {
    const s = this.state(id);
    if (s.openedAt === null) return "closed";
    return this.now() - s.openedAt >= this.settings.cooldownMs ? "half-open" : "open";
  }

  /** Whether a request may be sent now: closed, or half-open with no trial already running. */
  available(id: string): boolean {
    const breaker = this.breaker(id);
    return breaker === "closed" || (breaker === "half-open" && !this.state(id).trialInFlight);
  }

  outstanding(id: string): number {
    return this.state(id).outstanding;
  }

  /** Marks a request as started; call exactly one of succeeded/failed/released after it. */
  acquire(id: string): void {
    const s = this.state(id);
    s.outstanding++;
    if (this.breaker(id) === "half-open") s.trialInFlight = true;
  }

  succeeded(id: string): void {
    const s = this.state(id);
    s.outstanding = Math.max(0, s.outstanding - 1);
    s.consecutiveFailures = 0;
    s.openedAt = null;
    s.trialInFlight = false;
  }

  /** An endpoint fault (connection error, 5xx, 429, timeout): counts toward opening the breaker. */
  failed(id: string): void {
    const s = this.state(id);
    s.outstanding = Math.max(0, s.outstanding - 1);
    s.consecutiveFailures++;
    if (s.trialInFlight || s.consecutiveFailures >= this.settings.failureThreshold) s.openedAt = this.now();
    s.trialInFlight = false;
  }

  /** The request ended for a reason that says nothing about the endpoint (client abort, 4xx). */
  released(id: string): void {
    const s = this.state(id);
    s.outstanding = Math.max(0, s.outstanding - 1);
    s.trialInFlight = false;
  }
}

export interface WeightedEndpoint {
  id: string;
  weight: number;
}

/**
 * Least outstanding requests, weighted: the endpoint with the lowest (in flight + 1) / weight
 * wins, so a weight-3 replica carries three times the load of a weight-1 replica. Ties are broken
 * at random so equal replicas share traffic. Endpoints in `exclude` (already tried) and those
 * whose breaker refuses traffic are skipped.
 */
export function pickEndpoint<E extends WeightedEndpoint>(endpoints: readonly E[], health: EndpointHealth, exclude: ReadonlySet<string> = new Set()): E | null {
  let best: E | null = null;
  let bestScore = Infinity;
  let ties = 0;
  for (const endpoint of endpoints) {
    if (endpoint.weight <= 0 || exclude.has(endpoint.id) || !health.available(endpoint.id)) continue;
    const score = (health.outstanding(endpoint.id) + 1) / endpoint.weight;
    if (score < bestScore) {
      best = endpoint;
      bestScore = score;
      ties = 1;
    } else if (score === bestScore && Math.random() * ++ties < 1) {
      best = endpoint;
    }
  }
  return best;
}
