/**
 * The browser-mode server: serves the built renderer and the Api at `POST /api/<method>` on
 * 127.0.0.1, so the same UI runs in a browser (and in browser tests).
 *
 * Security: every Api request needs the per-launch token as an `Authorization: Bearer` header,
 * and nothing else carries it: no cookie (cookies are not isolated by port, so any other server
 * on 127.0.0.1 would receive it). The printed URL carries the token in its fragment
 * (`/#token=…`), which browsers never send to a server; the page moves it to its own origin's
 * storage (origins include the port), strips it from the address bar and sends it as the header
 * (renderer/state/api-client.ts). The HTML shell and the static files hold no data and no secret, and
 * are served without the token. A Host or Origin header naming another site is refused (DNS
 * rebinding, CSRF); POST bodies must be JSON and under the size limit; a malformed path is a
 * 400; static files never resolve outside the renderer folder; ids are checked by the Api's
 * schemas (app/api/contract.ts, `idProblem`).
 *
 * Team mode (issue 19, `serve --team`): no per-launch token; people sign in with a name and a
 * password (`POST /api/login`) and send their session's token the same way, as `Authorization:
 * Bearer`; every Api call then goes through the team gate (team-gate.ts: roles, the signed-in
 * name on every change, blind layers, conflicts). `GET /api/mode` says which mode, unsigned.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Api, ApiEvents, ChangeEvent } from '../api/contract.js';
import { dispatch } from '../api/handlers.js';
import { HTTP_STATUS, toErrorPayload } from '../api/error-mapping.js';
import { UserError, type ErrorCode } from '../errors.js';
import { completeMinimalSpans } from '../api/minimal-span.js';
import { systemUser } from '../api/handlers.js';
import type { TeamGate } from './team-gate.js';

export type ServerOptions = {
  /** The Api, with `onChange` when live updates are offered (`GET /api/events`). */
  api: Api & ApiEvents;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** Team mode: sign-in and roles instead of the per-launch token (see team-gate.ts). */
  team?: TeamGate;
  /** Origins the server is reached at besides its own address (behind a reverse proxy: `https://desk.example.org`). */
  publicOrigins?: string[];
  /** Behind a reverse proxy: the client's address is the last one of `X-Forwarded-For` (for the sign-in brake). */
  trustProxy?: boolean;
};

export type RunningServer = { url: string; origin: string; port: number; token: string; close: () => Promise<void> };

/** The cookie older versions kept the token in; the shell clears it (on every port of the host). */
const OLD_COOKIE = 'sourcemark_token';
const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.map': 'application/json', '.woff2': 'font/woff2',
};

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CSP, 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Resource-Policy': 'same-origin', ...headers,
  });
  res.end(body);
}

const sendError = (res: ServerResponse, status: number, code: ErrorCode, message: string): void =>
  send(res, status, JSON.stringify({ error: { code, message } }));

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `decodeURIComponent`, with a malformed `%` escape as a 400 that names it. */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new UserError('bad-request', `The path ${JSON.stringify(raw.slice(0, 200))} has a malformed "%" escape (a "%" must be followed by two hexadecimal digits of UTF-8).`);
  }
}

/**
 * Reads and drops what is left of a request's body (up to `limit` bytes), so that an answer sent
 * before the body was read reaches the client: closing a socket with unread data resets it,
 * and the client sees no answer at all.
 */
function discardBody(req: IncomingMessage, limit: number): Promise<void> {
  if (req.complete || req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let size = 0;
    const done = () => {
      req.off('data', onData);
      resolve();
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) done(); // over the limit: answer now, the connection closes
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
    req.resume();
  });
}

/** Why a request may not call the Api, or undefined when its bearer token is right. */
function tokenProblem(req: IncomingMessage, token: string): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return 'Open Sourcemark with the URL it printed when it started (it carries a token), or send the token as "Authorization: Bearer <token>".';
  const bearer = /^Bearer ([^\s]+)$/i.exec(header)?.[1]; // the scheme's name is case-insensitive (RFC 9110)
  if (!sameToken(bearer, token)) return 'This page or request has an old or wrong token. Use the URL Sourcemark printed when it started, or send that token as "Authorization: Bearer <token>".';
  return undefined;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new UserError('bad-request', `The request body is ${declared} bytes; the limit is ${limit}.`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new UserError('bad-request', `The request body is over the limit of ${limit} bytes.`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Live updates (STORE, issue 14): `GET /api/events`, behind the token check like every Api
 * route, answers a `text/event-stream` that stays open and carries one `data: <ChangeEvent
 * JSON>` per change made through the store, from any page, window or script. A comment line
 * every 20 s keeps idle connections open through proxies. Pages read it with `fetch()` (see
 * renderer/live.ts) because EventSource cannot send the `Authorization` header.
 */
function streamEvents(req: IncomingMessage, res: ServerResponse, api: ApiEvents, shown: (e: ChangeEvent) => Promise<ChangeEvent | undefined> = async (e) => e): void {
  if (!api.onChange) return sendError(res, 404, 'not-found', 'This server does not offer live updates.');
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': CSP, 'Cross-Origin-Resource-Policy': 'same-origin', Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  // In order, even when deciding what a person may hear of an event waits (team mode).
  let queue = Promise.resolve();
  const stop = api.onChange((e) => {
    queue = queue.then(async () => {
      const shownEvent = await shown(e);
      if (shownEvent && !res.writableEnded) res.write(`data: ${JSON.stringify(shownEvent)}\n\n`);
    }).catch(() => undefined);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
  keepAlive.unref();
  const end = () => {
    clearInterval(keepAlive);
    stop();
  };
  req.on('close', end);
  res.on('close', end);
}

/** An `apply` payload with its minimal spans completed (app/api/minimal-span.ts); anything else as it is. */
async function withMinimalSpans(payload: unknown, api: Api): Promise<unknown> {
  const p = payload as { op?: unknown; annotator?: unknown } | null;
  if (typeof p !== 'object' || p === null || !('op' in p)) return payload;
  const annotator = typeof p.annotator === 'string' && p.annotator ? p.annotator : systemUser();
  return { ...p, op: await completeMinimalSpans(p.op, { article: (id) => api.getArticle({ id }), annotator }) };
}

/** Starts the server; resolves once it listens. */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const limit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const staticRoot = path.resolve(opts.staticDir);
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (e instanceof UserError) return void refuse(req, res, HTTP_STATUS[e.code] ?? 400, e.code, e.message);
      void refuse(req, res, 500, 'internal', `The server failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  });

  /** An error answer, once the request's body (if any) has been read. */
  async function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string): Promise<void> {
    await discardBody(req, limit);
    sendError(res, status, code, message);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) return refuse(req, res, 403, 'forbidden', `Requests for host "${hostHeader}" are refused: Sourcemark answers only to ${[...allowedHosts][0]}.`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^https?:\/\//, '').toLowerCase())) {
      return refuse(req, res, 403, 'forbidden', `Requests from ${origin} are refused.`);
    }
    // Only an origin-form target ("/path?query"): "//evil/x" or "http://evil/x" would otherwise
    // parse as another host's URL.
    const target = req.url ?? '/';
    if (!target.startsWith('/') || target.startsWith('//')) return refuse(req, res, 400, 'bad-request', `The request target ${JSON.stringify(target.slice(0, 200))} is not a path.`);
    let url: URL;
    try {
      url = new URL(target, `http://${hostHeader}`);
    } catch {
      return refuse(req, res, 400, 'bad-request', `The request target ${JSON.stringify(target.slice(0, 200))} is not a valid path.`);
    }

    // Links in the form of older versions (`/?token=…`): checked, then moved to the fragment,
    // which the page reads; no cookie is set.
    if (req.method === 'GET' && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return refuse(req, res, 401, 'unauthorized', 'This link has an old or wrong token. Use the URL Sourcemark printed when it started.');
      url.searchParams.delete('token');
      return send(res, 303, '', 'text/plain', { Location: `${url.pathname}${url.search}#token=${token}` });
    }

    // Every route that reads or changes the project goes below this check (the Api and, with it,
    // live updates). Live updates (server-sent events) must not take the token in the query
    // string or a cookie: `EventSource` cannot send headers, so the page reads the event stream
    // with `fetch()` and the same `Authorization: Bearer` header (renderer/state/api-client.ts,
    // `authHeaders()`; a `text/event-stream` body read through `response.body.getReader()`),
    // or, if EventSource is wanted, trades the header for a short-lived, single-use ticket from
    // an authenticated POST first.
    if (url.pathname.startsWith('/api/') && opts.team) return teamRoute(req, res, url, opts.team);
    if (url.pathname.startsWith('/api/')) {
      const problem = tokenProblem(req, token);
      if (problem) return refuse(req, res, 401, 'unauthorized', problem);
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res, opts.api);
      if (req.method !== 'POST') return refuse(req, res, 405, 'bad-request', 'Api methods are called with POST and a JSON body.');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(req, res, 415, 'bad-request', 'Api requests need "Content-Type: application/json".');
      let payload: unknown;
      try {
        const body = await readBody(req, limit);
        payload = body.trim() ? JSON.parse(body) : {};
      } catch (e) {
        if (e instanceof UserError) return refuse(req, res, 413, e.code, e.message);
        return refuse(req, res, 400, 'bad-request', `The request body is not valid JSON: ${(e as Error).message}.`);
      }
      try {
        const method = decodePath(url.pathname.slice(5));
        if (method === 'apply') payload = await withMinimalSpans(payload, opts.api);
        const result = await dispatch(opts.api, method, payload);
        return send(res, 200, JSON.stringify({ result: result ?? null }));
      } catch (e) {
        const err = toErrorPayload(e);
        return refuse(req, res, HTTP_STATUS[err.code] ?? 500, err.code, err.message);
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'bad-request', 'Only GET is allowed here.');
    // The shell and its assets: public, with no data and no secret in them.
    const rel = url.pathname === '/' ? 'index.html' : decodePath(url.pathname).replace(/^\/+/, '');
    if (rel.includes('\0')) return refuse(req, res, 400, 'bad-request', 'A path may not contain a NUL character.');
    const file = path.resolve(staticRoot, rel);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) return refuse(req, res, 404, 'not-found', 'No such file.');
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (!existsSync(path.join(staticRoot, 'index.html'))) return refuse(req, res, 503, 'not-built', 'The user interface is not built: run "npm run build" (npm run serve does it for you).');
      return refuse(req, res, 404, 'not-found', `No such file: ${url.pathname}`);
    }
    await discardBody(req, limit); // a GET with a body: read first, so the answer arrives
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer',
      ...(path.extname(file) === '.html' ? { 'Set-Cookie': `${OLD_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    // A file removed between the check and the read ends the answer, never the process.
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  /** The JSON body of an Api request (POST, JSON, under the limit), or undefined once refused. */
  async function apiPayload(req: IncomingMessage, res: ServerResponse): Promise<{ payload: unknown } | undefined> {
    if (req.method !== 'POST') return void (await refuse(req, res, 405, 'bad-request', 'Api methods are called with POST and a JSON body.'));
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return void (await refuse(req, res, 415, 'bad-request', 'Api requests need "Content-Type: application/json".'));
    try {
      const body = await readBody(req, limit);
      return { payload: body.trim() ? JSON.parse(body) : {} };
    } catch (e) {
      if (e instanceof UserError) return void (await refuse(req, res, 413, e.code, e.message));
      return void (await refuse(req, res, 400, 'bad-request', `The request body is not valid JSON: ${(e as Error).message}.`));
    }
  }

  /** Team mode's Api: sign-in, then every call through the gate (team-gate.ts). */
  async function teamRoute(req: IncomingMessage, res: ServerResponse, url: URL, team: TeamGate): Promise<void> {
    const bearer = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (url.pathname === '/api/mode' && req.method === 'GET') return send(res, 200, JSON.stringify({ result: { mode: 'team' } }));
    if (url.pathname === '/api/events' && req.method === 'GET') {
      const who = team.who(bearer);
      if (!who) return refuse(req, res, 401, 'unauthorized', 'Sign in first: live updates need a session.');
      // The stream ends with the session (expired, signed out, password reset): the page then signs in again.
      return streamEvents(req, res, opts.api, async (e) => {
        const now = team.who(bearer, false);
        if (!now) return void res.end();
        return team.eventFor(now, e);
      });
    }
    const read = await apiPayload(req, res);
    if (!read) return;
    const method = decodePath(url.pathname.slice(5));
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((x) => x.trim()).filter(Boolean).at(-1);
    const address = (opts.trustProxy && forwarded) || req.socket.remoteAddress || 'unknown';
    const answer = method === 'login' ? await team.login(read.payload, address) : await team.call(method, read.payload, bearer);
    const body = JSON.stringify(answer.body);
    if (answer.status >= 400) {
      await discardBody(req, limit);
      return send(res, answer.status, body, undefined, answer.headers);
    }
    return send(res, answer.status, body, undefined, answer.headers);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      allowedHosts = new Set([`${shown}:${port}`, ...(opts.publicOrigins ?? []).map((o) => new URL(o).host.toLowerCase())]);
      if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
        for (const h of ['127.0.0.1', 'localhost', '[::1]']) allowedHosts.add(`${h}:${port}`);
      }
      const origin = `http://${shown}:${port}`;
      resolve({
        url: `${origin}/#token=${token}`, origin, port, token,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
