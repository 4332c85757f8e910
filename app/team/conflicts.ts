/**
 * Team mode's order of changes per article (issue 19): each article has a revision that grows
 * by one with every change made through the team server, and the log remembers, for each
 * span, link and event, the revision that last changed it and who made it. An edit sent with
 * `base` (the revision of the copy its page had) is refused as a conflict when it changes or
 * removes an item someone else changed after `base`; an edit of other items is applied on top
 * (merged). {@link ArticleLocks} runs the check and the change of one article one at a time.
 *
 * Must not: refuse an edit because of the person's own changes (a page's queued edits build on
 * each other), nor hold anything but ids, names and numbers.
 */

import type { ArticleDoc } from '../../annotations/model/types.js';
import type { Operation } from '../../annotations/edit/operation-types.js';
import { changedRun } from '../../annotations/model/changed.js';

type Touch = { rev: number; by: string };

/** The keys of the items `op` changes or removes in `articleId` (what a stale copy may conflict on). */
export function itemsChangedBy(op: Operation, articleId: string): string[] {
  const out: string[] = [];
  const walk = (o: Operation): void => {
    if (o.op === 'batch') return o.ops.forEach(walk);
    if (!('articleId' in o) || o.articleId !== articleId) return;
    if (o.op === 'updateSpan' || o.op === 'removeSpan') out.push(`span:${o.spanId}`);
    else if (o.op === 'removeLink') out.push(`link:${o.linkId}`);
    else if (o.op === 'updateEvent' || o.op === 'removeEvent') out.push(`event:${o.eventId}`);
    else if (o.op === 'addLink') out.push(`span:${o.link.from}`, `span:${o.link.to}`);
    else if (o.op === 'setStatus' || o.op === 'updateArticle' || o.op === 'replaceArticle') out.push('article');
  };
  walk(op);
  return out;
}

/** The keys of the items that differ between two copies of an article (added, changed or removed). */
export function changedItems(before: ArticleDoc | undefined, after: ArticleDoc | undefined): string[] {
  const out: string[] = [];
  const diff = (kind: string, all: readonly { id: string }[], now: readonly { id: string }[]) => {
    // Items kept as they were (the same objects at the start and the end) cannot differ.
    const { before: a, after: b } = changedRun(all, now);
    const old = new Map(a.map((x) => [x.id, x]));
    for (const x of b) {
      const was = old.get(x.id);
      if (was !== x && (was === undefined || JSON.stringify(was) !== JSON.stringify(x))) out.push(`${kind}:${x.id}`);
      old.delete(x.id);
    }
    for (const id of old.keys()) out.push(`${kind}:${id}`);
  };
  diff('span', before?.spans ?? [], after?.spans ?? []);
  diff('link', before?.links ?? [], after?.links ?? []);
  diff('event', before?.events ?? [], after?.events ?? []);
  if (before?.article !== after?.article && JSON.stringify(before?.article) !== JSON.stringify(after?.article)) out.push('article');
  return out;
}

export class ChangeLog {
  private readonly revs = new Map<string, number>();
  private readonly touches = new Map<string, Map<string, Touch>>();

  /**
   * `start` is every article's revision until it changes. The log lives in memory, so by default
   * it is the time of the server's start in microseconds: a revision a page kept from before a
   * restart is lower than any revision after it, and an edit based on it is checked against
   * every change made since the restart.
   */
  constructor(private readonly start = Date.now() * 1000) {}

  /** The article's revision: {@link start} until a change is made through the team server. */
  revision(articleId: string): number {
    return this.revs.get(articleId) ?? this.start;
  }

  /** The first of `items` someone other than `by` changed after `base`, with who and when. */
  conflict(articleId: string, items: readonly string[], base: number, by: string): { item: string; by: string; rev: number } | undefined {
    const t = this.touches.get(articleId);
    if (!t) return undefined;
    for (const item of items) {
      const last = t.get(item);
      if (last && last.rev > base && last.by !== by) return { item, ...last };
    }
    return undefined;
  }

  /** Records a change of `items` by `by`; returns the article's new revision. */
  record(articleId: string, items: readonly string[], by: string): number {
    const rev = this.revision(articleId) + 1;
    this.revs.set(articleId, rev);
    let t = this.touches.get(articleId);
    if (!t) this.touches.set(articleId, (t = new Map()));
    for (const item of items) t.set(item, { rev, by });
    return rev;
  }
}

/** One holder at a time per article; several articles are taken in sorted order (no deadlock). */
export class ArticleLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for `ids`, then resolves to the function that lets them go. */
  async take(ids: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const id of [...new Set(ids)].sort()) {
      const before = this.tails.get(id) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const tail = before.then(() => mine);
      this.tails.set(id, tail);
      await before;
      releases.push(() => {
        release();
        if (this.tails.get(id) === tail) this.tails.delete(id);
      });
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      releases.forEach((r) => r());
    };
  }
}
