import type { NormalizedMessage } from '../domain/message.js';
import type { ChannelAccount } from '../store/schema/index.js';
import { processInbound, type IngestOutcome, type PipelineDeps, type ProcessOptions } from './runner.js';

/** A message to ingest and the channel account it arrived on. */
export interface IngestItem {
  account: ChannelAccount;
  message: NormalizedMessage;
}

interface Pending {
  account: ChannelAccount;
  message: NormalizedMessage;
  dedupeKey: string;
  resolve(outcome: IngestOutcome): void;
  reject(err: unknown): void;
}

/**
 * The receive stage with group commit: messages arriving together (concurrent API calls, a
 * connector's page) are written to the inbound log and run through the pipeline in one
 * transaction. Each caller gets its own outcome once its message is durable and threaded.
 */
export class Ingestor {
  private queue: Pending[] = [];
  /** Batches handed to the pipeline and not finished: the next is understood while the one before writes. */
  private running = new Set<Promise<void>>();
  private scheduled = false;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly options: ProcessOptions & { maxBatch?: number } = { route: true },
  ) {}

  submit(account: ChannelAccount, message: NormalizedMessage, dedupeKey = message.externalId): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ account, message, dedupeKey, resolve, reject });
      this.schedule();
    });
  }

  /** Ingest many at once (imports, connector pages); resolves when all are processed. */
  async ingestMany(items: IngestItem[]): Promise<IngestOutcome[]> {
    // Logged by the pipeline's own transaction, with each event's outcome (see processInbound).
    return processInbound(
      this.deps,
      items.map((i) => ({
        eventId: null,
        account: i.account,
        payload: i.message,
        unlogged: { dedupeKey: i.message.externalId, payload: JSON.stringify(i.message) },
      })),
      this.options,
    );
  }

  /**
   * Ingest batch after batch (an import, a backlog): the next batch is handed over while the one
   * before writes, so it is understood meanwhile; the pipeline writes them in order. `each` gets
   * every batch's outcomes, in order, as it finishes.
   */
  async ingestBatches(
    batches: Iterable<IngestItem[]> | AsyncIterable<IngestItem[]>,
    each: (outcomes: IngestOutcome[], items: IngestItem[]) => void = () => {},
  ): Promise<void> {
    let writing: Promise<void> = Promise.resolve();
    for await (const items of batches) {
      const outcomes = this.ingestMany(items);
      await writing;
      writing = outcomes.then((list) => each(list, items));
      // A failure surfaces at the next batch (or the end); meanwhile it is not an unhandled rejection.
      writing.catch(() => {});
    }
    await writing;
  }

  async flush(): Promise<void> {
    while (this.queue.length || this.running.size) {
      if (this.running.size) await Promise.race(this.running);
      else this.runBatch();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.running.size >= IN_FLIGHT) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.runBatch();
    });
  }

  private runBatch(): void {
    if (this.running.size >= IN_FLIGHT || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
    const run: Promise<void> = this.ingestMany(batch.map((p) => ({ account: p.account, message: p.message })))
      .then(
        (outcomes) => batch.forEach((p, i) => p.resolve(outcomes[i]!)),
        (err) => batch.forEach((p) => p.reject(err)),
      )
      .finally(() => {
        this.running.delete(run);
        if (this.queue.length) this.schedule();
      });
    this.running.add(run);
    // What arrived meanwhile forms the next batch, understood while this one writes.
    if (this.queue.length) this.schedule();
  }
}

/** Batches of submitted messages in the pipeline at once: one writing, one being understood. */
const IN_FLIGHT = 2;
