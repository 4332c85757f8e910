/**
 * The child of the server crash test: the browser-mode server on a project, as `npm run serve`
 * runs it, printing `READY <origin> <token>` once it listens. Usage: server-child <project>.
 */
import { writeSync } from 'node:fs';
import { createApi } from '../../app/api/handlers.js';
import { startServer } from '../../app/shells/server.js';
import { ProjectStore } from '../../app/store/project-store.js';

const store = await ProjectStore.open(process.argv[2]!);
const server = await startServer({ api: createApi(store, 'browser'), staticDir: process.argv[3] ?? '.' });
writeSync(1, `READY ${server.origin} ${server.token}\n`);
