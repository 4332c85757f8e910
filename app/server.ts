/**
 * The browser-mode server: serves the built renderer and the Api at `POST /api/<method>` on
 * 127.0.0.1, so the same UI runs in a browser (and in browser tests).
 *
 * Security: every request needs the per-launch token (from the printed URL, then a cookie, or an
 * `Authorization: Bearer` header for scripts); a Host or Origin header naming another site is
 * refused (DNS rebinding, CSRF); POST bodies must be JSON and under the size limit; static files
 * never resolve outside the renderer folder; ids are checked by the store.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Api } from './api.js';
import { dispatch } from './api-impl.js';
import { UserError, type ErrorCode } from './errors.js';

export type ServerOptions = {
  api: Api;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
};

export type RunningServer = { url: string; origin: string; port: number; token: string; close: () => Promise<void> };

const COOKIE = 'sourcemark_token';
const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400, 'bad-input': 400, 'not-found': 404, 'invalid-operation': 422, 'project-locked': 409,
  'project-missing': 404, 'newer-version': 409, damaged: 409, 'write-failed': 507, exists: 409, internal: 500,
};

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

const sendError = (res: ServerResponse, status: number, code: string, message: string): void =>
  send(res, status, JSON.stringify({ error: { code, message } }));

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
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

/** Starts the server; resolves once it listens. */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const limit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const staticRoot = path.resolve(opts.staticDir);
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'internal', `The server failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) return sendError(res, 403, 'forbidden', `Requests for host "${hostHeader}" are refused: Sourcemark answers only to ${[...allowedHosts][0]}.`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^https?:\/\//, '').toLowerCase())) {
      return sendError(res, 403, 'forbidden', `Requests from ${origin} are refused.`);
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    if (req.method === 'GET' && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return sendError(res, 401, 'unauthorized', 'This link has an old or wrong token. Use the URL Sourcemark printed when it started.');
      url.searchParams.delete('token');
      return send(res, 303, '', 'text/plain', {
        Location: url.pathname + (url.search || '') + url.hash,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    if (!sameToken(cookieToken(req) ?? bearer, token)) {
      return sendError(res, 401, 'unauthorized', 'Open Sourcemark with the URL it printed when it started (it carries a token), or send the token as "Authorization: Bearer <token>".');
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, 'bad-request', 'Api methods are called with POST and a JSON body.');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendError(res, 415, 'bad-request', 'Api requests need "Content-Type: application/json".');
      let payload: unknown;
      try {
        const body = await readBody(req, limit);
        payload = body.trim() ? JSON.parse(body) : {};
      } catch (e) {
        if (e instanceof UserError) return sendError(res, 413, e.code, e.message);
        return sendError(res, 400, 'bad-request', `The request body is not valid JSON: ${(e as Error).message}.`);
      }
      try {
        const result = await dispatch(opts.api, decodeURIComponent(url.pathname.slice(5)), payload);
        return send(res, 200, JSON.stringify({ result: result ?? null }));
      } catch (e) {
        const err = e instanceof UserError ? e : new UserError('internal', String(e));
        return sendError(res, STATUS[err.code] ?? 500, err.code, err.message);
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'bad-request', 'Only GET is allowed here.');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) return sendError(res, 404, 'not-found', 'No such file.');
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (!existsSync(path.join(staticRoot, 'index.html'))) return sendError(res, 503, 'not-built', 'The user interface is not built: run "npm run build" (npm run serve does it for you).');
      return sendError(res, 404, 'not-found', `No such file: ${url.pathname}`);
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      allowedHosts = new Set([`${shown}:${port}`]);
      if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
        for (const h of ['127.0.0.1', 'localhost', '[::1]']) allowedHosts.add(`${h}:${port}`);
      }
      const origin = `http://${shown}:${port}`;
      resolve({
        url: `${origin}/?token=${token}`, origin, port, token,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
