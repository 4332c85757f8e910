/**
 * Live updates: changes made by another page, window or person arrive as events (see
 * api-client.ts); those arriving together are handled together, after this page's own pending
 * saves. The open article is read again and reconciled by span like the answer to one of this
 * page's changes (write-path.ts), so only what the other person changed is redrawn; the list
 * is read again, since its other rows changed without this page knowing how.
 */
import type { Api, ChangeEvent } from '../../app/api/contract.js';
import type { Store } from './store.js';
import { message, type Writer } from './write-path.js';

type Queued = { articles: Set<string>; project: boolean; who: Set<string>; all: boolean };

export class LiveUpdates {
  private work: Promise<void> | null = null;
  private queued: Queued | null = null;

  /** `refreshList`: reads the list again, for the query the page shows. */
  constructor(private readonly host: { store: Store; writer: Writer; api: Api; refreshList: () => Promise<void> }) {}

  /**
   * A change made by another page, window or person (or `null`: the connection was lost, so
   * anything may have changed). Changes arriving together are handled together, after this
   * page's own pending saves, so the copy fetched includes them.
   */
  onChange(e: ChangeEvent | null): void {
    const { store, writer } = this.host;
    if (e && e.client === writer.client) return;
    const q = (this.queued ??= { articles: new Set(), project: false, who: new Set(), all: false });
    if (!e) q.all = true;
    else {
      e.articles.forEach((a) => q.articles.add(a));
      if (e.sources || e.schema || e.project) q.project = true;
      q.who.add(e.annotator && e.annotator !== store.get().user ? e.annotator : '');
    }
    this.schedule();
  }

  /** Resolves once the changes heard so far are shown. */
  settled(): Promise<void> {
    return this.work ?? Promise.resolve();
  }

  private schedule(): void {
    this.work ??= Promise.resolve().then(() => this.apply()).catch(() => undefined).finally(() => {
      this.work = null;
      if (this.queued) this.schedule();
    });
  }

  private async apply(): Promise<void> {
    const { store, writer, api } = this.host;
    const q = this.queued;
    this.queued = null;
    if (!q) return;
    await writer.idle();
    const open = store.get().doc?.article.id;
    if (q.all || q.project) {
      const project = await api.getProject({}).catch(() => null);
      if (project && store.get().project) store.set({ project: { ...project } });
    }
    if (open && (q.all || q.articles.has(open))) {
      try {
        const doc = await writer.enqueue(() => api.getArticle({ id: open }));
        // Only when nothing of this page's is still on its way: its answer carries the newer copy.
        if (writer.pending === 0 && store.get().doc?.article.id === open) {
          const selected = store.get().selected;
          const keep = doc.spans.some((x) => x.id === selected) ? selected : null;
          const people = [...q.who].filter(Boolean);
          const remote = people.length ? `${people.join(', ')} changed this article; it shows their changes.` : 'This article was changed in another tab or window; it shows those changes.';
          store.set({ selected: keep, remote, ...(keep ? {} : { link: null }), ...writer.showServerDoc(doc) });
        }
      } catch (e) {
        store.set({ remote: `This article was changed elsewhere and could not be read again: ${message(e)}` });
      }
    }
    // Other articles' changes show in the list (counts, status) without a word.
    await this.host.refreshList();
  }
}
