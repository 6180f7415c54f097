import { EventEmitter } from 'node:events';

/** What the realtime stream carries. `conversation` lets each subscriber decide who may see it. */
export interface RealtimeEvent {
  type:
    | 'message.created'
    | 'message.updated'
    | 'conversation.created'
    | 'conversation.updated'
    | 'note.created'
    | 'sla.alert';
  workspaceId: number;
  conversation: { id: number; assigneeId: number | null; teamId: number | null; status: string };
  data: unknown;
  at: number;
  /** Only these users receive it (an SLA alert goes to supervisors), among those who may see the conversation. */
  recipients?: number[];
}

/**
 * Who is looking at what. Each web process holds its own sockets; these signals let every process
 * know the tabs and users of the others. A signal that stops being refreshed lapses at `expiresAt`
 * (its process died, or the tab went away without a word).
 */
export type PresenceSignal =
  | {
      kind: 'tab';
      /** One browser tab, unique across processes. */
      tab: string;
      conversationId: number;
      userId: number;
      name: string;
      state: 'viewing' | 'typing' | 'left';
      /** Who may see the conversation, as the sender checked it; absent on `left`. */
      visibility?: { workspaceId: number; assigneeId: number | null; teamId: number | null };
      expiresAt: number;
    }
  | {
      /** The users with a live socket on one web process (`origin`), in full each time. */
      kind: 'online';
      origin: string;
      userIds: number[];
      expiresAt: number;
    };

/** Fan-out of realtime events to every web process. Embedded: in-process; scale-out: Redis pub/sub. */
export interface EventBus {
  publish(event: RealtimeEvent): void;
  subscribe(listener: (event: RealtimeEvent) => void): () => void;
  publishPresence(signal: PresenceSignal): void;
  subscribePresence(listener: (signal: PresenceSignal) => void): () => void;
  close(): Promise<void>;
}

export class LocalEventBus implements EventBus {
  private emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(event: RealtimeEvent): void {
    this.emitter.emit('event', event);
  }
  subscribe(listener: (event: RealtimeEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
  publishPresence(signal: PresenceSignal): void {
    this.emitter.emit('presence', signal);
  }
  subscribePresence(listener: (signal: PresenceSignal) => void): () => void {
    this.emitter.on('presence', listener);
    return () => this.emitter.off('presence', listener);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
