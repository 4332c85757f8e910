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
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The Api over `POST /api/<method>`, with the token as `Authorization: Bearer` (never a cookie). */
export function httpApi(): Api {
  return new Proxy({} as Api, {
    get: (_t, method) => async (params: unknown) => {
      let res: Response;
      try {
        res = await fetch(`/api/${String(method)}`, {
          method: 'POST', credentials: 'omit',
          headers: { 'Content-Type': 'application/json', ...authHeaders() },
          body: JSON.stringify(params ?? {}),
        });
      } catch {
        throw new ApiError('network', 'Sourcemark’s server cannot be reached, so this change is not saved. Start it again (npm run serve) and retry.');
      }
      // An old or wrong token is dropped: the next load says how to open Sourcemark.
      if (res.status === 401) localStorage.removeItem(TOKEN_KEY);
      const body = (await res.json().catch(() => null)) as { result?: unknown; error?: ApiErrorPayload } | null;
      if (!res.ok || !body) throw new ApiError(body?.error?.code ?? 'network', body?.error?.message ?? `The server answered ${res.status}.`);
      return body.result;
    },
  });
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
        const token = localStorage.getItem(TOKEN_KEY);
        const res = await fetch('/api/events', { credentials: 'omit', headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: controller.signal });
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
