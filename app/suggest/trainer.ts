/**
 * Training the suggester off the calling thread: `trainInWorker` starts `worker.ts` in a
 * worker thread with the documents and resolves with the model. Run from TypeScript sources
 * (tsx, vitest), the worker loads through tsx's loader; from a bundle (Electron's dist/main/main.cjs,
 * scripts/build.mjs), the compiled `worker.cjs` beside it.
 */

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArticleDoc } from '../../annotations/index.js';
import type { SuggestModel } from '../../annotations/suggest/model.js';

/**
 * The worker: the compiled `worker.cjs` next to this file when there is one (a bundle), else
 * `worker.ts` through tsx's loader, registered inside the worker (a loader given to the parent
 * with --import does not reach a worker thread in Node 20).
 */
function startWorker(workerData: unknown): Worker {
  const js = fileURLToPath(new URL('./worker.cjs', import.meta.url));
  if (existsSync(js)) return new Worker(js, { workerData });
  const ts = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts)}); }).catch((e) => { throw e; });`;
  return new Worker(boot, { eval: true, workerData });
}

/** No worker thread could be started here (not a failure of training). */
export class WorkerUnavailable extends Error {
  override name = 'WorkerUnavailable';
}

/** Trains on `docs` in a worker thread. `onProgress` gets training steps done of total. */
export function trainInWorker(docs: readonly ArticleDoc[], now: string, onProgress?: (done: number, total: number) => void): Promise<SuggestModel> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startWorker({ docs, now });
    } catch (e) {
      // No worker could be started (a bundle without its worker.cjs): the caller decides.
      reject(new WorkerUnavailable(e instanceof Error ? e.message : String(e)));
      return;
    }
    let settled = false;
    worker.on('message', (m: { model?: SuggestModel; error?: string; progress?: { done: number; total: number } }) => {
      if (m.progress) onProgress?.(m.progress.done, m.progress.total);
      if (m.model) {
        settled = true;
        resolve(m.model);
        void worker.terminate();
      }
      if (m.error) {
        settled = true;
        reject(new Error(m.error));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the training thread stopped (exit code ${code})`));
      settled = true;
    });
  });
}
