/**
 * Team mode's brake on guessing passwords (issue 19): wrong passwords are counted per name and
 * per address; after {@link ThrottleOptions.free} failures each further attempt must wait, twice
 * as long each time (1 s, 2 s, 4 s … up to 15 minutes). While a key waits, every attempt is
 * refused with 429 and a Retry-After, right or wrong, without checking the password. A right
 * password clears its name's count (not the address's: one address guessing many names stays
 * slowed). Counts fade after a quiet hour. The clock is injected.
 */

export type ThrottleOptions = { free?: number; baseMs?: number; maxMs?: number; forgetMs?: number; now?: () => number };

type Count = { failures: number; until: number; last: number };

export class Throttle {
  private readonly counts = new Map<string, Count>();
  private readonly free: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly forgetMs: number;
  private readonly now: () => number;

  constructor(opts: ThrottleOptions = {}) {
    this.free = opts.free ?? 5;
    this.baseMs = opts.baseMs ?? 1000;
    this.maxMs = opts.maxMs ?? 15 * 60_000;
    this.forgetMs = opts.forgetMs ?? 3600_000;
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds the keys must still wait (the longest of them), or 0. */
  wait(keys: readonly string[]): number {
    const t = this.now();
    let most = 0;
    for (const k of keys) {
      const c = this.current(k, t);
      if (c) most = Math.max(most, c.until - t);
    }
    return Math.max(0, most);
  }

  /** Counts a wrong password against every key. */
  fail(keys: readonly string[]): void {
    const t = this.now();
    for (const k of keys) {
      const c = this.current(k, t) ?? { failures: 0, until: 0, last: t };
      c.failures++;
      c.last = t;
      const over = c.failures - this.free;
      if (over >= 0) c.until = t + Math.min(this.maxMs, this.baseMs * 2 ** Math.min(over, 30));
      this.counts.set(k, c);
    }
    if (this.counts.size > 10_000) for (const [k, c] of this.counts) if (t - c.last > this.forgetMs) this.counts.delete(k);
  }

  /** Clears a key's count (a right password for that name). */
  clear(key: string): void {
    this.counts.delete(key);
  }

  private current(key: string, t: number): Count | undefined {
    const c = this.counts.get(key);
    if (c && t - c.last > this.forgetMs && t >= c.until) {
      this.counts.delete(key);
      return undefined;
    }
    return c;
  }
}
