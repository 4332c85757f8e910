/**
 * Live updates: changes made by another page, window or person arrive as events (see
 * api-client.ts); those arriving together are handled together, after this page's own pending
 * saves, and the open article and the list are read again.
 */
import type { ArticleDoc } from '../../annotations/index.js';
import type { Api, ChangeEvent } from '../../app/api/contract.js';
import type { WorkbenchState } from './workbench-state.js';

/** What live updates need of the Workbench. */
export interface LiveHost {
  readonly client: string;
  readonly api: Api;
  get(): WorkbenchState;
  set(patch: Partial<WorkbenchState>): void;
  /** Waits for every queued save. */
  idle(): Promise<unknown>;
  /** How many of this page's changes are on their way to the Api. */
  pending(): number;
  enqueue<T>(f: () => Promise<T>): Promise<T>;
  replaceDoc(doc: ArticleDoc, patch: Partial<WorkbenchState>): void;
  refreshOverlay(): void;
  refreshList(): Promise<void>;
  message(e: unknown): string;
}

type Queued = { articles: Set<string>; project: boolean; who: Set<string>; all: boolean };

export class LiveUpdates {
  private work: Promise<void> | null = null;
  private queued: Queued | null = null;

  constructor(private readonly host: LiveHost) {}

  /**
   * A change made by another page, window or person (or `null`: the connection was lost, so
   * anything may have changed). Changes arriving together are handled together, after this
   * page's own pending saves, so the copy fetched includes them.
   */
  onChange(e: ChangeEvent | null): void {
    const host = this.host;
    if (e && e.client === host.client) return;
    const q = (this.queued ??= { articles: new Set(), project: false, who: new Set(), all: false });
    if (!e) q.all = true;
    else {
      e.articles.forEach((a) => q.articles.add(a));
      if (e.sources || e.schema || e.project) q.project = true;
      q.who.add(e.annotator && e.annotator !== host.get().user ? e.annotator : '');
    }
    this.schedule();
  }

  private schedule(): void {
    this.work ??= Promise.resolve().then(() => this.apply()).catch(() => undefined).finally(() => {
      this.work = null;
      if (this.queued) this.schedule();
    });
  }

  private async apply(): Promise<void> {
    const host = this.host;
    const q = this.queued;
    this.queued = null;
    if (!q) return;
    await host.idle();
    const open = host.get().doc?.article.id;
    if (q.all || q.project) {
      const project = await host.api.getProject({}).catch(() => null);
      if (project && host.get().project) host.set({ project: { ...project } });
    }
    if (open && (q.all || q.articles.has(open))) {
      try {
        const doc = await host.enqueue(() => host.api.getArticle({ id: open }));
        // Only when nothing of this page's is still on its way: its answer carries the newer copy.
        if (host.pending() === 0 && host.get().doc?.article.id === open) {
          const selected = host.get().selected;
          const keep = doc.spans.some((x) => x.id === selected) ? selected : null;
          const people = [...q.who].filter(Boolean);
          const remote = people.length ? `${people.join(', ')} changed this article; it shows their changes.` : 'This article was changed in another tab or window; it shows those changes.';
          host.replaceDoc(doc, { selected: keep, remote, ...(keep ? {} : { link: null }) });
          host.refreshOverlay();
        }
      } catch (e) {
        host.set({ remote: `This article was changed elsewhere and could not be read again: ${host.message(e)}` });
      }
    }
    // Other articles' changes show in the list (counts, status) without a word.
    await host.refreshList();
  }
}
