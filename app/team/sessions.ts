/**
 * Team mode's sessions (issue 19): a random token per sign-in (32 bytes from `node:crypto`),
 * kept in memory only (a restarted server asks everyone to sign in again), expiring after a
 * time of inactivity and at the latest after a fixed lifetime. The clock is injected, so tests
 * expire a session without waiting.
 *
 * Must not: keep a token anywhere but this map, nor compare one with `===` on secrets read from
 * a request (tokens are looked up by their SHA-256, so the lookup time says nothing of the token).
 */

import { createHash, randomBytes } from 'node:crypto';

export type Session = { name: string; created: number; lastSeen: number };

export type SessionOptions = {
  /** Idle time after which a session ends, in ms (default 8 hours). */
  idleMs?: number;
  /** Longest life of a session, in ms (default 7 days). */
  maxMs?: number;
  now?: () => number;
};

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class Sessions {
  private readonly byDigest = new Map<string, Session>();
  readonly idleMs: number;
  readonly maxMs: number;
  private readonly now: () => number;

  constructor(opts: SessionOptions = {}) {
    this.idleMs = opts.idleMs ?? 8 * 3600_000;
    this.maxMs = opts.maxMs ?? 7 * 24 * 3600_000;
    this.now = opts.now ?? Date.now;
  }

  /** A new session for `name`; returns its token (the only copy of it). */
  create(name: string): string {
    const token = randomBytes(32).toString('base64url');
    const t = this.now();
    this.byDigest.set(digest(token), { name, created: t, lastSeen: t });
    this.sweep();
    return token;
  }

  /** The session of `token` when it is live (and, with `touch`, marks it used), else undefined. */
  check(token: string | undefined, touch = true): Session | undefined {
    if (!token) return undefined;
    const key = digest(token);
    const s = this.byDigest.get(key);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.lastSeen > this.idleMs || t - s.created > this.maxMs) {
      this.byDigest.delete(key);
      return undefined;
    }
    if (touch) s.lastSeen = t;
    return s;
  }

  /** Ends the session of `token`. */
  end(token: string): void {
    this.byDigest.delete(digest(token));
  }

  /** Ends every session of `name` (their password was reset, or the account removed). */
  endAll(name: string): void {
    for (const [k, s] of this.byDigest) if (s.name === name) this.byDigest.delete(k);
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.byDigest) if (t - s.lastSeen > this.idleMs || t - s.created > this.maxMs) this.byDigest.delete(k);
  }
}
