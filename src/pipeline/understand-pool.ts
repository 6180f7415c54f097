import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { NormalizedMessage } from '../domain/message.js';
import { moduleLogger } from '../logger.js';
import { analysisUnderstander, classifierInput, type MessageUnderstanding, type Understander } from './understand.js';
import { CHUNK_CLAIMED_BY_CALLER, CHUNK_FREE, CLASSIFIER_PORT, type ChunkResult, type ClassifyRequest } from './understand-worker.js';

const log = moduleLogger('understand');

/** Messages per chunk: the unit either thread claims. Small enough that helping never holds the caller long (~1–2 ms). */
export const CHUNK = 48;

/** A batch handed to the classifier thread, chunk by chunk. */
interface Job {
  messages: NormalizedMessage[];
  /** One slot a chunk: free, or claimed by the classifier thread or by the caller (Atomics on shared memory). */
  claims: Int32Array;
  results: (MessageUnderstanding[] | undefined)[];
  remaining: number;
  resolve(r: MessageUnderstanding[]): void;
  reject(e: Error): void;
}

/**
 * The classifiers on a thread of their own, sharing the work with the caller: a batch is cut into
 * chunks that the classifier thread takes from the front, and the pipeline, when it would otherwise
 * wait for a chunk (its transaction is open and the part it needs next is not understood yet), takes
 * the last chunk nobody has started and understands it on its own thread (`helpOne`). Each chunk is
 * claimed once, with a compare-and-swap on shared memory, so the two threads never do the same one.
 * On two cores this keeps both busy: the classifier thread alone falls behind the database work
 * whenever the machine has anything else to do. If the thread cannot start or dies, the classifiers
 * run on the calling thread; nothing is lost.
 */
export class WorkerUnderstander implements Understander {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private nextId = 1;
  private jobs = new Map<number, Job>();

  constructor() {
    try {
      const { port1, port2 } = new MessageChannel();
      // From the sources (tests, `npm run dev`) the worker is TypeScript: it registers tsx first.
      const fromSource = import.meta.url.endsWith('.ts');
      const url = new URL(`./understand-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
      const options = { workerData: { [CLASSIFIER_PORT]: port2 }, transferList: [port2] };
      this.worker = fromSource
        ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, ...options })
        : new Worker(url, options);
      this.worker.unref();
      this.port = port1;
      port1.on('message', (m: ChunkResult) => this.settle(m));
      port1.unref();
      this.worker.on('error', (err) => this.abandon(err));
      this.worker.on('exit', (code) => code !== 0 && this.abandon(new Error(`classifier thread exited with code ${code}`)));
    } catch (err) {
      this.abandon(err as Error);
    }
  }

  understand(message: NormalizedMessage): MessageUnderstanding {
    return analysisUnderstander.understand(message);
  }

  async understandBatch(messages: NormalizedMessage[]): Promise<MessageUnderstanding[]> {
    const worker = this.worker;
    if (!worker || messages.length === 0) return messages.map((m) => analysisUnderstander.understand(m));
    const id = this.nextId++;
    const chunks = Math.ceil(messages.length / CHUNK);
    const claims = new Int32Array(new SharedArrayBuffer(chunks * Int32Array.BYTES_PER_ELEMENT));
    try {
      return await new Promise<MessageUnderstanding[]>((resolve, reject) => {
        // The port keeps the process alive only while a batch is out (see settle).
        if (this.jobs.size === 0) this.port?.ref();
        this.jobs.set(id, { messages, claims, results: new Array(chunks), remaining: chunks, resolve, reject });
        // Only what the classifiers read is copied to their thread.
        const request: ClassifyRequest = { id, claims, chunk: CHUNK, messages: messages.map(classifierInput) };
        worker.postMessage(request);
      });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'classifying on the calling thread');
      return messages.map((m) => analysisUnderstander.understand(m));
    }
  }

  /**
   * Called by a caller that would otherwise wait: takes in what the classifier thread has finished
   * or, when nothing has, understands on this thread the newest chunk nobody has started. False
   * when there was neither.
   */
  helpOne(): boolean {
    // Finished chunks first: they may be what the caller waits for (it looks again after a turn).
    if (this.drain() > 0) return true;
    for (const [id, job] of [...this.jobs].reverse()) {
      for (let c = job.claims.length - 1; c >= 0; c--) {
        if (Atomics.compareExchange(job.claims, c, CHUNK_FREE, CHUNK_CLAIMED_BY_CALLER) !== CHUNK_FREE) continue;
        let result: ChunkResult;
        try {
          result = { id, chunk: c, results: job.messages.slice(c * CHUNK, (c + 1) * CHUNK).map((m) => analysisUnderstander.understand(m)) };
        } catch (err) {
          result = { id, chunk: c, error: err instanceof Error ? err.message : String(err) };
        }
        this.settle(result);
        return true;
      }
    }
    return false;
  }

  /** False once the thread could not start or died (the classifiers then run on the caller's thread). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.port?.close();
    this.port = null;
    if (w) await w.terminate();
  }

  /** Results the classifier thread posted, taken now rather than when the event loop gets to them. */
  private drain(): number {
    const port = this.port;
    let n = 0;
    if (!port) return n;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port), n++) this.settle(m.message as ChunkResult);
    return n;
  }

  private settle(m: ChunkResult): void {
    const job = this.jobs.get(m.id);
    if (!job || job.results[m.chunk]) return;
    if (m.error !== undefined || !m.results) {
      this.finish(m.id);
      job.reject(new Error(m.error ?? 'classifier thread failed'));
      return;
    }
    job.results[m.chunk] = m.results;
    if (--job.remaining > 0) return;
    this.finish(m.id);
    job.resolve(job.results.flat() as MessageUnderstanding[]);
  }

  private finish(id: number): void {
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.port?.unref();
  }

  private abandon(err: Error): void {
    if (this.worker) log.error({ err: err.message }, 'classifier thread unavailable');
    this.worker = null;
    this.port?.close();
    this.port = null;
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
  }
}
