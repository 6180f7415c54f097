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

/** Fan-out of realtime events to every web process. Embedded: in-process; scale-out: Redis pub/sub. */
export interface EventBus {
  publish(event: RealtimeEvent): void;
  subscribe(listener: (event: RealtimeEvent) => void): () => void;
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
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
