// The classifiers' thread: analyses batches of messages sent by the pipeline (see understand-pool.ts).
import { parentPort } from 'node:worker_threads';
import { understandInput, type ClassifierInput } from './understand.js';

parentPort?.on('message', ({ id, messages }: { id: number; messages: ClassifierInput[] }) => {
  try {
    // The full analysis travels as one JSON string (cheap to pass between threads, stored as is);
    // only what the later stages read travels as an object.
    const results = messages.map((m) => {
      const u = understandInput(m);
      return { ...u, detail: undefined, serialized: JSON.stringify(u) };
    });
    parentPort!.postMessage({ id, results });
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
