/**
 * Training the suggester off the calling thread: `trainInWorker` starts `worker.ts` in a
 * worker thread with the documents and resolves with the model. Run from TypeScript sources
 * (tsx, vitest), the worker loads through tsx's loader; from a bundle (Electron's dist/main/main.cjs,
 * scripts/build.mjs), the compiled `worker.cjs` beside it.
 */

import type { Worker } from 'node:worker_threads';
import { WorkerUnavailable, startWorker } from '../worker-start.js';
import type { ArticleDoc } from '../../annotations/index.js';
import type { SuggestModel } from '../../annotations/suggest/model.js';

export { WorkerUnavailable } from '../worker-start.js';

/** The training thread (worker.ts, or worker.cjs beside a bundle). */
const startTrainer = (workerData: unknown): Worker => startWorker(new URL('./worker.cjs', import.meta.url), new URL('./worker.ts', import.meta.url), workerData);

/** Trains on `docs` in a worker thread. `onProgress` gets training steps done of total. */
export function trainInWorker(docs: readonly ArticleDoc[], now: string, onProgress?: (done: number, total: number) => void): Promise<SuggestModel> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startTrainer({ docs, now });
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
