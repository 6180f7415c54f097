import { Worker } from 'node:worker_threads';
import type { NormalizedMessage } from '../domain/message.js';
import { moduleLogger } from '../logger.js';
import { analysisUnderstander, classifierInput, type MessageUnderstanding, type Understander } from './understand.js';

const log = moduleLogger('understand');

/**
 * The classifiers on their own thread: CPU spent understanding one batch overlaps with the
 * database work of the previous one, and the web role's event loop stays free. If the thread
 * cannot start or dies, the classifiers run on the calling thread instead; nothing is lost.
 */
export class WorkerUnderstander implements Understander {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, { resolve(r: MessageUnderstanding[]): void; reject(e: Error): void }>();

  constructor() {
    try {
      // From the sources (tests, `npm run dev`) the worker is TypeScript: it registers tsx first.
      const fromSource = import.meta.url.endsWith('.ts');
      const url = new URL(`./understand-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
      this.worker = fromSource
        ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`, { eval: true })
        : new Worker(url);
      this.worker.unref();
      this.worker.on('message', (m: { id: number; results?: MessageUnderstanding[]; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.results) p.resolve(m.results);
        else p.reject(new Error(m.error ?? 'classifier thread failed'));
      });
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
    if (!worker) return messages.map((m) => analysisUnderstander.understand(m));
    const id = this.nextId++;
    try {
      return await new Promise<MessageUnderstanding[]>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        // Only what the classifiers read is copied to their thread.
        worker.postMessage({ id, messages: messages.map(classifierInput) });
      });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'classifying on the calling thread');
      return messages.map((m) => analysisUnderstander.understand(m));
    }
  }

  /** False once the thread could not start or died (the classifiers then run on the caller's thread). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private abandon(err: Error): void {
    if (this.worker) log.error({ err: err.message }, 'classifier thread unavailable');
    this.worker = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
