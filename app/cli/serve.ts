/**
 * `npm run serve` / `npm run cli -- serve [folder] [--port N] [--host ADDRESS]`: opens a project
 * and serves it to a browser until interrupted; on Ctrl+C every pending change is written
 * before the process exits.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../api/handlers.js';
import type { Io } from './io.js';
import { UserError } from '../errors.js';
import { ensureSampleCopy, rendererDir } from '../shells/paths.js';
import { startServer } from '../shells/server.js';
import { ProjectStore } from '../store/project-store.js';

export async function serveCommand(folder: string | undefined, opts: { port?: string; host?: string }, io: Io): Promise<number> {
  const port = opts.port === undefined ? 4477 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('bad-request', `--port must be a number from 0 to 65535, not "${opts.port}".`);
  const host = opts.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.err(`Warning: serving on ${host}: anyone who can reach this address and has the URL's token can read and change this project.`);
  }
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new UserError('not-found', `The user interface is not built (${rendererDir} is missing). Run "npm run build" first; "npm run serve" does it for you.`);
  let dir = folder;
  if (!dir) {
    const sample = ensureSampleCopy();
    dir = sample.dir;
    io.out(sample.copied ? `Copied the sample project to ${dir}` : `Opening the sample project in ${dir}`);
  }
  const store = await ProjectStore.open(dir, { onMessage: (m) => io.out(m) });
  const api = createApi(store, 'browser');
  const server = await startServer({ api, staticDir: rendererDir, host, port }).catch(async (e: unknown) => {
    await store.close();
    const code = (e as { code?: string }).code;
    throw new UserError('bad-request', code === 'EADDRINUSE' ? `Port ${port} is in use. Choose another with --port, or --port 0 for any free port.` : `Could not start the server: ${(e as Error).message}`);
  });
  io.out(`Sourcemark is serving "${store.info.name}" (${store.dir})`);
  io.out(`Open ${server.url}`);
  io.out('Press Ctrl+C to stop; pending changes are saved first.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // A change that could not be saved (a full disk) is never dropped in silence: it is retried
  // until it is on disk; a second Ctrl+C stops at once and says what is lost (STORE, issue 14).
  await store.flush();
  if (store.unsaved.length) {
    io.err(`Not saved yet: ${store.unsaved.join(', ')}. ${store.saveError ?? ''}`);
    io.err('Free some space: Sourcemark retries every 2 seconds and stops once everything is saved. Press Ctrl+C again to stop now and lose these changes.');
    let giveUp = false;
    const onSignal = () => void (giveUp = true);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    while (!giveUp && store.unsaved.length) {
      await new Promise((r) => setTimeout(r, 2000));
      await store.retrySaves();
    }
  }
  await server.close();
  await store.close();
  if (store.unsaved.length) {
    io.err(`Stopped; these changes were NOT saved: ${store.unsaved.join(', ')}.`);
    return 1;
  }
  io.out('Stopped; every change is saved.');
  return 0;
}
