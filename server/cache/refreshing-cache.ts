/**
 * A small in-process cache for rows read on every request (resolved models, published apps): a
 * value is served for `ttlMs`, then served stale while one background load refreshes it, so the
 * calls in flight when it expires do not all query the database at once. Edits in this process
 * invalidate at once; other replicas see them within the TTL.
 */
interface Entry<T> {
  at: number;
  value?: T;
  loading?: Promise<T>;
}

export class RefreshingCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  // Bumped by every invalidation, so a load that started before an edit cannot store its stale result.
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry?.value !== undefined && Date.now() - entry.at < this.ttlMs) return Promise.resolve(entry.value);
    const refresh = entry?.loading ?? this.startLoad(key, load, entry);
    // Serve the expired value while one refresh runs; wait only when there is nothing to serve.
    return entry?.value !== undefined ? Promise.resolve(entry.value) : refresh;
  }

  /** Drops one key, or everything when no key is given. */
  invalidate(key?: string): void {
    this.generation++;
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private startLoad(key: string, load: () => Promise<T>, previous: Entry<T> | undefined): Promise<T> {
    const startedIn = this.generation;
    const loading = load().then(
      (value) => {
        if (startedIn === this.generation) this.entries.set(key, { at: Date.now(), value });
        return value;
      },
      (error: unknown) => {
        // Something deleted or disabled must fail the next call, not keep serving stale.
        if (startedIn === this.generation) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, { at: previous?.at ?? 0, value: previous?.value, loading });
    // Nobody awaits a background refresh; its failure is handled above.
    if (previous?.value !== undefined) loading.catch(() => undefined);
    return loading;
  }
}
