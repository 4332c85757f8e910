/**
 * The Api as the renderer sees it: the desktop shell's bridge (`window.sourcemark`, exposed by
 * the preload) when present, else the browser-mode server over HTTP. The renderer never asks
 * which one it has.
 */
import type { Api, ApiErrorPayload } from '../app/api.js';

/** An Api failure, with the message written for the user. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The Api over `POST /api/<method>`; the token travels in the cookie the server set. */
export function httpApi(): Api {
  return new Proxy({} as Api, {
    get: (_t, method) => async (params: unknown) => {
      let res: Response;
      try {
        res = await fetch(`/api/${String(method)}`, {
          method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params ?? {}),
        });
      } catch {
        throw new ApiError('network', 'Sourcemark’s server cannot be reached, so this change is not saved. Start it again (npm run serve) and retry.');
      }
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

export function getApi(): Api {
  const bridge = (window as unknown as { sourcemark?: Bridge }).sourcemark;
  return bridge ? bridgeApi(bridge) : httpApi();
}

/** Menu commands from the desktop shell (undo, redo, guidelines); nothing in a browser. */
export function onMenuCommand(listener: (command: string) => void): void {
  const bridge = (window as unknown as { sourcemark?: { onMenuCommand?: (l: (c: string) => void) => void } }).sourcemark;
  bridge?.onMenuCommand?.(listener);
}
