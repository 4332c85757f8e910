/**
 * `npm run serve` / `npm run cli -- serve [folder] [--port N] [--host ADDRESS]`: opens a project
 * and serves it to a browser until interrupted; on Ctrl+C every pending change is written
 * before the process exits.
 *
 * `--team` (issue 19): a desk for several people, who sign in with the accounts of the project's
 * users.json (`user add`); no token in the URL. `--origin https://desk.example.org` names the
 * address people use behind a reverse proxy, `--trust-proxy` takes their address from the
 * proxy's X-Forwarded-For (docs/deploy/README.md).
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../api/handlers.js';
import { openingProgress, type Io } from './io.js';
import { UserError } from '../errors.js';
import { ensureSampleCopy, rendererDir } from '../shells/paths.js';
import { startServer } from '../shells/server.js';
import { ProjectStore } from '../store/project-store.js';
import { Accounts } from '../team/accounts.js';
import { Sessions } from '../team/sessions.js';
import { AssignmentStore, assignedTo, type AssignmentMap } from '../team/assignments.js';
import { TeamGate, type TeamOptions } from '../shells/team-gate.js';

/**
 * Which articles an annotator may read: those assignments.json (app/team/assignments.ts) gives
 * them, or every article while nothing is assigned to anyone. Read again at most twice a second.
 */
function assignmentHook(dir: string): Pick<TeamOptions, 'assignedTo'> {
  const assignments = new AssignmentStore(dir);
  let cached: { at: number; map: Promise<AssignmentMap> } | undefined;
  return {
    assignedTo: async (name) => {
      if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), map: assignments.read() };
      const map = await cached.map;
      return Object.keys(map).length ? assignedTo(map, name) : undefined;
    },
  };
}

export async function serveCommand(folder: string | undefined, opts: { port?: string; host?: string; team?: boolean; origin?: string; trustProxy?: boolean }, io: Io): Promise<number> {
  const port = opts.port === undefined ? 4477 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('bad-request', `--port must be a number from 0 to 65535, not "${opts.port}".`);
  const host = opts.host ?? '127.0.0.1';
  if (opts.origin !== undefined && !/^https?:\/\/[^/\s]+$/.test(opts.origin)) throw new UserError('bad-request', `--origin must be an address such as https://desk.example.org (scheme and host, no path), not "${opts.origin}".`);
  if (!opts.team && (opts.origin !== undefined || opts.trustProxy)) throw new UserError('bad-request', '--origin and --trust-proxy are for a team desk: add --team.');
  if (opts.team && ['0.0.0.0', '::'].includes(host) && opts.origin === undefined) throw new UserError('bad-request', `--host ${host} listens on every address, so the server cannot tell which one people open: add --origin (e.g. --origin https://desk.example.org), or give --host the address itself.`);
  if (opts.team && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.err(`Warning: serving a team desk on ${host} directly: passwords and sessions cross the network in plain text unless a proxy with TLS is in front (docs/deploy/README.md).`);
  }
  if (!opts.team && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.err(`Warning: serving on ${host}: anyone who can reach this address and has the URL's token can read and change this project.`);
  }
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new UserError('not-found', `The user interface is not built (${rendererDir} is missing). Run "npm run build" first; "npm run serve" does it for you.`);
  let dir = folder;
  if (!dir) {
    const sample = ensureSampleCopy();
    dir = sample.dir;
    io.out(sample.copied ? `Copied the sample project to ${dir}` : `Opening the sample project in ${dir}`);
  }
  // The list shows at once; a large index is checked against the files in the background.
  // A desk acknowledges an edit once it is in the journal (app/store/journal.ts): many people's edits share one disk.
  const store = await ProjectStore.open(dir, { onProgress: openingProgress(io), onMessage: (m) => io.out(m), checkIndexLater: true, ...(opts.team ? { journal: true } : {}) });
  const api = createApi(store, 'browser');
  let team: TeamGate | undefined;
  if (opts.team) {
    const accounts = Accounts.open(store.dir);
    if (!accounts.list().some((u) => u.role === 'manager')) io.err(`Warning: no manager account yet: add one with "npm run cli -- user add ${store.dir} <name> --role manager".`);
    // SOURCEMARK_SESSION_IDLE_MS: how long an idle session lives (default 8 hours; the security tests make it short).
    const idleMs = Number(process.env.SOURCEMARK_SESSION_IDLE_MS) || undefined;
    team = new TeamGate(api, { accounts, ...assignmentHook(store.dir), ...(idleMs ? { sessions: new Sessions({ idleMs }) } : {}) });
  }
  const server = await startServer({ api, staticDir: rendererDir, host, port, ...(team ? { team } : {}), ...(opts.origin ? { publicOrigins: [opts.origin] } : {}), ...(opts.trustProxy ? { trustProxy: true } : {}) }).catch(async (e: unknown) => {
    await store.close();
    const code = (e as { code?: string }).code;
    throw new UserError('bad-request', code === 'EADDRINUSE' ? `Port ${port} is in use. Choose another with --port, or --port 0 for any free port.` : `Could not start the server: ${(e as Error).message}`);
  });
  io.out(`Sourcemark is serving "${store.info.name}" (${store.dir})`);
  io.out(team ? `Team desk: open ${opts.origin ?? server.origin} and sign in (accounts: npm run cli -- user list ${store.dir})` : `Open ${server.url}`);
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
