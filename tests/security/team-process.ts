/**
 * A team desk (`serve <folder> --team`) as a separate process, as a deployment runs it, for the
 * team security tests and the team bench: a copy of the sample project with accounts made by
 * the command line (`user add`), the server spawned through tsx, calls over HTTP, and a hash of
 * every file of the project to show a refused request changed nothing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/gold.js';
import { sampleCopy } from '../helpers/server-process.js';

export type Desk = {
  child: ChildProcess;
  origin: string;
  dir: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

const cli = (args: string[]): string => execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'app/cli/cli.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });

/** A copy of the sample project with one account per `users` entry; returns the folder and each password. */
export function deskProject(users: Record<string, 'annotator' | 'curator' | 'manager'>, dir = sampleCopy()): { dir: string; passwords: Record<string, string> } {
  const passwords: Record<string, string> = {};
  for (const [name, role] of Object.entries(users)) passwords[name] = cli(['user', 'add', dir, name, '--role', role]).trim().split('\n').at(-1)!;
  return { dir, passwords };
}

/** `serve <dir> --team --port 0`; resolves once it printed where it listens. */
export function startDesk(dir: string, env: Record<string, string> = {}): Promise<Desk> {
  const child = spawn(process.execPath, [...(process.env.SOURCEMARK_DESK_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOURCEMARK_DESK_PROFILE}`] : []), '--import', 'tsx', path.join(repoRoot, 'app/cli/cli.ts'), 'serve', dir, '--team', '--port', '0'], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOURCEMARK_DATA_DIR: path.join(path.dirname(dir), 'data'), ...env },
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Team desk: open (http:\/\/127\.0\.0\.1:\d+) /.exec(out);
      if (m) resolve({
        child, origin: m[1]!, dir, output: () => out,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    child.once('exit', (code, signal) => reject(new Error(`the desk exited (${code ?? signal}) before it was ready:\n${out}`)));
  });
}

export type Answer = { status: number; headers: Headers; json: { result?: unknown; error?: { code: string; message: string }; revisions?: Record<string, number> } };

/** `POST /api/<method>` with `token` (when given) and extra headers. */
export async function call(origin: string, method: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${origin}/api/${method}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => ({}))) as Answer['json'] };
}

/** Signs in; the session's token. */
export async function login(origin: string, name: string, password: string): Promise<string> {
  const r = await call(origin, 'login', { name, password });
  if (r.status !== 200) throw new Error(`login of ${name} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return (r.json.result as { token: string }).token;
}

/** A hash of every file under `dir`, by its path, to compare before and after. */
export function hashFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** {@link hashFolder} once two readings `ms` apart agree (what the server had queued is written). */
export async function settledHash(dir: string, ms = 400): Promise<Record<string, string>> {
  let last = JSON.stringify(hashFolder(dir));
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, ms));
    const now = JSON.stringify(hashFolder(dir));
    if (now === last) return JSON.parse(now) as Record<string, string>;
    last = now;
  }
  throw new Error(`the files of ${dir} never settled`);
}
