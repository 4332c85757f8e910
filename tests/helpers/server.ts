/** A real browser-mode server on a temporary copy of the sample project, for tests. */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../../app/api-impl.js';
import { startServer, type RunningServer } from '../../app/server.js';
import { ProjectStore, type StoreOptions } from '../../app/store.js';
import { repoRoot } from './gold.js';
import { tempDir } from './project.js';

export type TestServer = RunningServer & { store: ProjectStore; dir: string; stop: () => Promise<void> };

export async function sampleServer(opts: StoreOptions & { bodyLimit?: number } = {}): Promise<TestServer> {
  const dir = path.join(tempDir('sourcemark-e2e-'), 'project');
  cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
  const store = await ProjectStore.open(dir, opts);
  const server = await startServer({
    api: createApi(store, 'browser'), staticDir: path.join(repoRoot, 'dist/renderer'),
    ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}),
  });
  return { ...server, store, dir, stop: async () => {
    await server.close();
    await store.close();
  } };
}

/** Calls an Api method over HTTP with the bearer token. */
export async function call(s: RunningServer, method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { result?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${s.origin}/api/${method}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}`, ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}
