/**
 * The browser-mode server as a separate process, for the security suite: either `serve` exactly
 * as users start it (the command line, through tsx; its printed URL is what a user opens), or
 * the server child of the crash test (bundled, starts fast). Loopback only; `stop` kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { bundle } from './bundle.js';
import { repoRoot } from './gold.js';
import { tempDir } from './project.js';

export type ServerProcess = {
  child: ChildProcess;
  origin: string;
  port: number;
  token: string;
  /** The URL the command printed (serve only; the child prints none). */
  url?: string;
  /** Everything the process wrote, for failure messages. */
  output: () => string;
  /** SIGTERM (or the given signal), then waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** A temporary copy of the sample project. */
export function sampleCopy(): string {
  const dir = path.join(tempDir('sourcemark-sec-'), 'project');
  cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
  return dir;
}

function started(child: ChildProcess, ready: RegExp, parse: (m: RegExpExecArray) => Omit<ServerProcess, 'child' | 'output' | 'stop'>): Promise<ServerProcess> {
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (x: Buffer) => (out += x.toString()));
        resolve({
          child, ...parse(m), output: () => out,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${out}`)));
  });
}

/** `sourcemark serve <dir> --port 0`, as a user runs it; resolves once it printed its URL. */
export function serveCommand(dir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'app/cli/cli.ts'), 'serve', dir, '--port', '0'], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOURCEMARK_DATA_DIR: path.join(path.dirname(dir), 'data') },
  });
  // Either form of the URL (older versions printed `/?token=`), so a test can show what changed.
  return started(child, /Open ((http:\/\/127\.0\.0\.1:(\d+))\/[?#]token=([A-Za-z0-9_-]+))\s/, (m) => ({ url: m[1]!, origin: m[2]!, port: Number(m[3]), token: m[4]! }));
}

let childBundle: Promise<string> | undefined;

/** The bundled server child, made once and made again when `cleanTemp` removed it (its folder
 * is a {@link tempDir}, and a test file's clean-up may run before another test, or another file
 * in the same worker, starts a server). */
async function childBundleFile(): Promise<string> {
  const made = childBundle && (await childBundle.catch(() => undefined));
  if (!made || !existsSync(made)) childBundle = bundle(path.join(repoRoot, 'tests/helpers/server-child.ts'), tempDir('server-bundle-'));
  return childBundle!;
}

/** The bundled server child on `dir` with the built renderer; resolves once it listens. */
export async function serverChild(dir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [await childBundleFile(), dir, path.join(repoRoot, 'dist/renderer')], { stdio: ['ignore', 'pipe', 'pipe'] });
  return started(child, /READY (http:\/\/127\.0\.0\.1:(\d+)) (\S+)\n/, (m) => ({ origin: m[1]!, port: Number(m[2]), token: m[3]! }));
}

/** An Api call with the bearer token. */
export async function apiCall(s: { origin: string; token: string }, method: string, body: unknown): Promise<{ status: number; json: { result?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${s.origin}/api/${method}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}` }, body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}
