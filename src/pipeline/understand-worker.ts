// The classifiers' thread: understands batches sent by the pipeline, chunk by chunk, skipping the
// chunks the pipeline's own thread claimed first (see understand-pool.ts).
import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { understandInput, type ClassifierInput, type MessageUnderstanding } from './understand.js';

/** A chunk's slot in `claims`: nobody has it yet, or which thread took it. */
export const CHUNK_FREE = 0;
export const CHUNK_CLAIMED_BY_WORKER = 1;
export const CHUNK_CLAIMED_BY_CALLER = 2;

export interface ClassifyRequest {
  id: number;
  /** One slot a chunk, shared with the pipeline's thread. */
  claims: Int32Array;
  chunk: number;
  messages: ClassifierInput[];
}

export type ChunkResult = { id: number; chunk: number; results?: MessageUnderstanding[]; error?: string };

/** The key of `workerData` that holds the results port: only a classifier thread has it. */
export const CLASSIFIER_PORT = 'conversaClassifierPort';

if (!isMainThread && workerData?.[CLASSIFIER_PORT]) {
  const port = workerData[CLASSIFIER_PORT] as MessagePort;
  // Requests arrive on the worker's own channel; results go back on the dedicated port, which the
  // pipeline can read synchronously while its transaction is open.
  const { parentPort } = await import('node:worker_threads');
  parentPort?.on('message', ({ id, claims, chunk, messages }: ClassifyRequest) => {
    for (let c = 0; c < claims.length; c++) {
      if (Atomics.compareExchange(claims, c, CHUNK_FREE, CHUNK_CLAIMED_BY_WORKER) !== CHUNK_FREE) continue;
      try {
        // The full analysis travels as one JSON string (cheap to pass between threads, stored as
        // is); only what the later stages read travels as an object.
        const results = messages.slice(c * chunk, (c + 1) * chunk).map((m) => {
          const u = understandInput(m);
          return { ...u, detail: undefined, serialized: JSON.stringify(u) };
        });
        port.postMessage({ id, chunk: c, results } satisfies ChunkResult);
      } catch (err) {
        port.postMessage({ id, chunk: c, error: err instanceof Error ? err.message : String(err) } satisfies ChunkResult);
      }
    }
  });
}
