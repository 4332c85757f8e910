/**
 * The training thread (node:worker_threads): receives the annotated documents, trains the model
 * (annotations/suggest/model.ts) and posts it back, so training never blocks the store or the
 * server. Started by `trainer.ts`.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { ArticleDoc } from '../../annotations/index.js';
import { trainModel } from '../../annotations/suggest/model.js';

const { docs, now } = workerData as { docs: ArticleDoc[]; now: string };
try {
  const model = trainModel(docs, { now, onProgress: (done, total) => parentPort?.postMessage({ progress: { done, total } }) });
  parentPort?.postMessage({ model });
} catch (e) {
  parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
