import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { moduleLogger } from '../logger.js';
import { LocalEventBus, type EventBus, type PresenceSignal, type RealtimeEvent } from './bus.js';
import { openRedis } from './redis.js';

const log = moduleLogger('redis-bus');

/** What travels on the channel: the sending process, and one event or presence signal. */
type Envelope = { o: string; e: RealtimeEvent } | { o: string; p: PresenceSignal };

/**
 * The scale-out bus: Redis pub/sub, one channel per deployment prefix, so every web process hears
 * what any process publishes. Listeners in this process hear it at once (not after a round trip
 * through Redis, and even while Redis reconnects); the copy coming back from Redis is skipped.
 * Pub/sub keeps nothing: a web process that was disconnected misses what was said meanwhile, as a
 * browser tab does, and the inbox reloads its lists when its socket reconnects.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly origin = randomUUID();
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    readonly channel: string,
  ) {
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(text) as Envelope;
      } catch {
        log.warn({ channel }, 'ignored a message that is not JSON');
        return;
      }
      if (envelope.o === this.origin) return;
      try {
        if ('e' in envelope) this.local.publish(envelope.e);
        else if ('p' in envelope) this.local.publishPresence(envelope.p);
      } catch (err) {
        log.error({ err }, 'a realtime listener failed');
      }
    });
  }

  /** Connects both clients and subscribes before returning, so nothing published after start is missed. */
  static async connect(url: string, prefix: string): Promise<RedisEventBus> {
    const publisher = await openRedis(url, 'bus-publisher');
    let subscriber: Redis;
    try {
      subscriber = await openRedis(url, 'bus-subscriber');
    } catch (err) {
      publisher.disconnect();
      throw err;
    }
    const channel = `${prefix}:realtime`;
    // ioredis subscribes again by itself after a reconnect.
    await subscriber.subscribe(channel);
    return new RedisEventBus(publisher, subscriber, channel);
  }

  publish(event: RealtimeEvent): void {
    this.local.publish(event);
    this.send({ o: this.origin, e: event });
  }

  subscribe(listener: (event: RealtimeEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  publishPresence(signal: PresenceSignal): void {
    this.local.publishPresence(signal);
    this.send({ o: this.origin, p: signal });
  }

  subscribePresence(listener: (signal: PresenceSignal) => void): () => void {
    return this.local.subscribePresence(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.local.close();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }

  private send(envelope: Envelope): void {
    if (this.closed) return;
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch((err: Error) => {
      log.warn({ err: err.message }, 'publishing a realtime event to Redis failed');
    });
  }
}
