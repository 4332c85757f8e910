/**
 * The workbench's context: what every command receives. It puts together the store (state),
 * the write path (the one way to the server), live updates, the Api, the page's environment
 * (where the annotator's name is kept, how to go to another article) and the article view,
 * which the article pane attaches through {@link Workbench.attachView} (the one call between
 * the view and the state; no component writes into this object).
 *
 * The domain rules live in the commands (renderer/commands/) and the model (annotations/);
 * this module only wires.
 */
import { randomId } from '../../annotations/index.js';
import type { Api, ChangeEvent } from '../../app/api/contract.js';
import { LiveUpdates } from './live-updates.js';
import { Store } from './store.js';
import type { ViewPort } from '../editor/view-port.js';
import { bindView } from './view-binding.js';
import { Writer, message } from './write-path.js';

/** What the page offers of its browser: a seam, so commands run in Node with fakes. */
export type PageEnv = {
  /** Where the annotator's name is kept between visits (localStorage in the page). */
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  /** Goes to an address inside the page (`#/articles/<id>`). */
  navigate(hash: string): void;
};

export type Workbench = {
  readonly store: Store;
  readonly writer: Writer;
  readonly api: Api;
  readonly env: PageEnv;
  readonly live: LiveUpdates;
  /** The article view while one is attached. */
  readonly view: ViewPort | null;
  /** Shows the state in `view` (see view-binding.ts) and lets commands drive it; returns the detach. */
  attachView(view: ViewPort): () => void;
  /** Starts listening to changes made elsewhere (once; later calls do nothing). */
  watch(): void;
  /** Reads the article list again for `query` (the page's own when omitted); a failure is the notice. */
  refreshList(query?: WorkbenchQuery): Promise<void>;
};

type WorkbenchQuery = ReturnType<Store['get']>['query'];

export type WorkbenchOptions = {
  env: PageEnv;
  /** Where changes made elsewhere come from (live updates; api-client.ts's `watchChanges` in the page). */
  watch?: (listener: (e: ChangeEvent | null) => void) => () => void;
  /** The clock of local changes (ISO 8601). */
  now?: () => string;
  client?: string;
};

export function createWorkbench(api: Api, o: WorkbenchOptions): Workbench {
  const store = new Store();
  const writer = new Writer({ store, api, client: o.client ?? randomId('c'), ...(o.now ? { now: o.now } : {}) });
  let view: ViewPort | null = null;
  let stopWatching: (() => void) | undefined;
  // The query is the page's at once (the search box shows what was typed, and a key typed
  // before the answer comes is not undone by it); the list is the answer to the latest read,
  // whatever order the answers arrive in.
  let reads = 0;
  const refreshList = async (query: WorkbenchQuery = store.get().query): Promise<void> => {
    const read = ++reads;
    if (query !== store.get().query) store.set({ query });
    try {
      const list = await api.listArticles(query);
      if (read === reads) store.set({ list });
    } catch (e) {
      if (read === reads) store.set({ notice: message(e) });
    }
  };
  const live = new LiveUpdates({ store, writer, api, refreshList });
  return {
    store, writer, api, env: o.env, live, refreshList,
    get view() {
      return view;
    },
    attachView(v) {
      view = v;
      const unbind = bindView(store, v);
      return () => {
        unbind();
        if (view === v) view = null;
      };
    },
    watch() {
      if (o.watch) stopWatching ??= o.watch((e) => live.onChange(e));
    },
  };
}
