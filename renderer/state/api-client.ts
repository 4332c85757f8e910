/**
 * The Api as the renderer sees it: the desktop shell's bridge (`window.sourcemark`, exposed by
 * the preload) when present, else the browser-mode server over HTTP. The renderer never asks
 * which one it has.
 */
import type { Api, ApiErrorPayload, ChangeEvent } from '../../app/api/contract.js';

/** An Api failure, with the message written for the user. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Where the page keeps the server's token: this origin's localStorage. Origins include the
 * port, so no other server on 127.0.0.1 can read it (a cookie would be sent to all of them),
 * and every tab of this server shares it.
 */
const TOKEN_KEY = 'sourcemark:token';

/**
 * Team mode (issue 19): the session's token from signing in, in this tab's sessionStorage
 * (origin-scoped like the token, and gone with the tab), sent the same way as the token.
 */
const SESSION_KEY = 'sourcemark:session';

/** The revision of each article in the latest copy this page received (team mode), sent as `base` with its edits. */
const revisions = new Map<string, number>();

/**
 * Team mode: the article part of each article as this page last received it, with the desk's
 * version of it. An edit names the version (`have`) and the desk's answer then leaves the
 * article out (a long article's text would come back with every edit); it is put back here, so
 * the rest of the page sees whole documents.
 */
const heldArticles = new Map<string, { version: string; article: unknown }>();
const HELD_ARTICLES = 8;

type Doc = { article?: { id?: unknown } | undefined };

/** Keeps the articles of a team answer (`articles`: their versions) and puts back the one an edit's answer left out (`held`: what the edit named). */
function keepArticles(result: unknown, versions: Record<string, string> | undefined, held: { id: string; version: string; article: unknown } | undefined): void {
  if (!versions || typeof result !== 'object' || result === null) return;
  const docs = (Array.isArray((result as { docs?: unknown }).docs) ? (result as { docs: Doc[] }).docs : [result as Doc]).filter((d) => typeof d === 'object' && d !== null);
  for (const doc of docs) {
    if (doc.article === undefined && held && versions[held.id] === held.version) doc.article = held.article as Doc['article'];
    const id = doc.article?.id;
    if (typeof id !== 'string' || !versions[id]) continue;
    heldArticles.delete(id);
    heldArticles.set(id, { version: versions[id], article: doc.article });
    // The last few articles only (a long one's text is large): the others come whole again.
    for (const old of heldArticles.keys()) if (heldArticles.size > HELD_ARTICLES) heldArticles.delete(old);
  }
}

/** True when this tab has signed in to a team desk. */
export const hasSession = (): boolean => !!sessionStorage.getItem(SESSION_KEY);

/** Whether the server is a team desk (`serve --team`): it answers `GET /api/mode` without a session. */
export async function isTeamDesk(): Promise<boolean> {
  try {
    const res = await fetch('/api/mode', { credentials: 'omit' });
    const body = (await res.json().catch(() => null)) as { result?: { mode?: string } } | null;
    return res.ok && body?.result?.mode === 'team';
  } catch {
    return false;
  }
}

/** Signs in to a team desk; resolves to who is signed in, or throws an {@link ApiError} with the server's words. */
export async function signIn(name: string, password: string): Promise<{ name: string; role: string }> {
  const body = await post('login', { name, password }, false);
  const r = body as { token: string; name: string; role: string };
  sessionStorage.setItem(SESSION_KEY, r.token);
  return { name: r.name, role: r.role };
}

/** Ends this tab's session on the server and forgets it. */
export async function signOut(): Promise<void> {
  await post('logout', {}).catch(() => undefined);
  sessionStorage.removeItem(SESSION_KEY);
  revisions.clear();
  heldArticles.clear();
}

/** Calls one of the team desk's own methods (`whoami`, `listUsers`, `addUser` …) with the session. */
export const teamCall = (method: string, params: unknown): Promise<unknown> => post(method, params);

/** The article an operation payload edits, when it edits exactly one. */
function articleOfOp(op: unknown): string | undefined {
  const ids = new Set<string>();
  const walk = (o: unknown): void => {
    if (typeof o !== 'object' || o === null) return;
    const x = o as { op?: unknown; ops?: unknown[]; articleId?: unknown };
    if (x.op === 'batch' && Array.isArray(x.ops)) x.ops.forEach(walk);
    else if (typeof x.articleId === 'string') ids.add(x.articleId);
  };
  walk(op);
  return ids.size === 1 ? [...ids][0] : undefined;
}

/** `POST /api/<method>` with the page's credentials; the result, or an {@link ApiError}. */
async function post(method: string, params: unknown, withAuth = true): Promise<unknown> {
  let res: Response;
  let payload = params ?? {};
  let held: { id: string; version: string; article: unknown } | undefined;
  // Team mode: an edit says which copy of the article it was made on, so the desk can refuse
  // (409) a change of a span someone else changed since, rather than overwrite it; and which
  // version of the article it holds, which the answer then leaves out.
  if (method === 'apply' && hasSession()) {
    const id = articleOfOp((payload as { op?: unknown }).op);
    const base = id === undefined ? undefined : revisions.get(id);
    if (base !== undefined) payload = { ...(payload as object), base };
    const have = id === undefined ? undefined : heldArticles.get(id);
    if (have && id !== undefined) {
      held = { id, ...have };
      payload = { ...(payload as object), have: { [id]: have.version } };
    }
  }
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST', credentials: 'omit',
      headers: { 'Content-Type': 'application/json', ...(withAuth ? authHeaders() : {}) },
      body: JSON.stringify(payload),
    });
  } catch {
    throw new ApiError('network', 'Sourcemark’s server cannot be reached, so this change is not saved. Start it again (npm run serve) and retry.');
  }
  // An old or wrong token is dropped: the next load says how to open Sourcemark (or, on a
  // team desk, asks to sign in again).
  const hadSession = hasSession();
  if (res.status === 401 && withAuth) {
    if (hadSession) sessionStorage.removeItem(SESSION_KEY);
    else localStorage.removeItem(TOKEN_KEY);
  }
  const body = (await res.json().catch(() => null)) as { result?: unknown; error?: ApiErrorPayload; revisions?: Record<string, number>; articles?: Record<string, string> } | null;
  if (!res.ok || !body) {
    const code = body?.error?.code ?? 'network';
    const again = res.status === 401 && hadSession && method !== 'logout' ? ' Reload the page to sign in again.' : '';
    throw new ApiError(code, `${body?.error?.message ?? `The server answered ${res.status}.`}${again}`);
  }
  for (const [id, rev] of Object.entries(body.revisions ?? {})) if (rev > (revisions.get(id) ?? -1)) revisions.set(id, rev);
  keepArticles(body.result, body.articles, held);
  return body.result;
}

/**
 * Takes the token from the address's fragment (`#token=…`, as `npm run serve` prints it; the
 * fragment never reaches a server), keeps it in {@link TOKEN_KEY} and removes it from the
 * address bar and the history entry. Returns the token the page now has, if any. Call it
 * before anything reads `location.hash`.
 */
export function adoptToken(): string | undefined {
  const m = /^#token=([^&]+)(?:&(.*))?$/.exec(location.hash);
  if (m) {
    try {
      localStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    } catch {
      // A malformed escape: the token is then missing, and the page says how to open it.
    }
    history.replaceState(history.state, '', `${location.pathname}${location.search}${m[2] ? `#${m[2]}` : ''}`);
  }
  return localStorage.getItem(TOKEN_KEY) ?? undefined;
}

/**
 * The header that authorises a request to this page's server in browser mode (empty without a
 * token): for the Api and any other fetch to it, such as the live-updates stream.
 */
export function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(SESSION_KEY) ?? localStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The Api over `POST /api/<method>`, with the token as `Authorization: Bearer` (never a cookie). */
export function httpApi(): Api {
  return new Proxy({} as Api, { get: (_t, method) => (params: unknown) => post(String(method), params) });
}

type Bridge = { invoke: (method: string, params: unknown) => Promise<{ ok: true; result: unknown } | { ok: false; error: ApiErrorPayload }> };

/** The Api over the desktop bridge, which reports errors as data (IPC would lose their code). */
function bridgeApi(bridge: Bridge): Api {
  return new Proxy({} as Api, {
    get: (_t, method) => async (params: unknown) => {
      const r = await bridge.invoke(String(method), params ?? {});
      if (!r.ok) throw new ApiError(r.error.code, r.error.message);
      return r.result;
    },
  });
}

/** True in the desktop window (the Api over IPC, no token). */
export const hasBridge = (): boolean => !!(window as unknown as { sourcemark?: Bridge }).sourcemark;

export function getApi(): Api {
  const bridge = (window as unknown as { sourcemark?: Bridge }).sourcemark;
  return bridge ? bridgeApi(bridge) : httpApi();
}

/** Menu commands from the desktop shell (undo, redo, guidelines); nothing in a browser. */
export function onMenuCommand(listener: (command: string) => void): void {
  const bridge = (window as unknown as { sourcemark?: { onMenuCommand?: (l: (c: string) => void) => void } }).sourcemark;
  bridge?.onMenuCommand?.(listener);
}

/**
 * Live updates (STORE, issue 14): calls `listener` with every change made to the project by any
 * page, window or script. In browser mode it reads `GET /api/events` with `fetch()` and the
 * bearer header (EventSource cannot send one), and reconnects after a dropped connection (then
 * calls `listener(null)`: something may have been missed, re-read everything). In the desktop
 * window it listens to the bridge's `onChange`, when the preload offers one. Returns the
 * function that stops.
 */
export function watchChanges(listener: (e: ChangeEvent | null) => void): () => void {
  const bridge = (window as unknown as { sourcemark?: { onChange?: (l: (e: ChangeEvent) => void) => (() => void) | void } }).sourcemark;
  if (bridge) return bridge.onChange?.(listener) ?? (() => undefined);
  const controller = new AbortController();
  let retries = 0;
  const connect = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch('/api/events', { credentials: 'omit', headers: authHeaders(), signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`live updates answered ${res.status}`);
        if (retries > 0) listener(null);
        retries = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (data) listener(JSON.parse(data) as ChangeEvent);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      retries++;
      // A server restarting (or gone): try again, less often the longer it lasts.
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** Math.min(retries, 6))));
    }
  };
  void connect();
  return () => controller.abort();
}
