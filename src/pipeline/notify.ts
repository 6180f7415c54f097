import type { EventBus, RealtimeEvent } from '../jobs/bus.js';
import type { Database } from '../store/db.js';
import type { Conversation, Message, Note } from '../store/schema/index.js';

/** Realtime events leave only after the data they describe has committed. */
export function notifyAfterCommit(database: Database, bus: EventBus, events: RealtimeEvent[]): void {
  if (events.length === 0) return;
  database.onCommit(() => {
    for (const e of events) bus.publish(e);
  });
}

export function conversationEvent(
  type: 'conversation.created' | 'conversation.updated',
  conversation: Conversation,
  at: number,
): RealtimeEvent {
  return { type, workspaceId: conversation.workspace_id, conversation: scopeOf(conversation), data: { conversation }, at };
}

export function messageEvent(
  type: 'message.created' | 'message.updated',
  conversation: Conversation,
  message: Message,
  at: number,
): RealtimeEvent {
  return { type, workspaceId: conversation.workspace_id, conversation: scopeOf(conversation), data: { message }, at };
}

export function noteEvent(conversation: Conversation, note: Note, at: number): RealtimeEvent {
  return { type: 'note.created', workspaceId: conversation.workspace_id, conversation: scopeOf(conversation), data: { note }, at };
}

function scopeOf(c: Conversation): RealtimeEvent['conversation'] {
  return { id: c.id, assigneeId: c.assignee_id, teamId: c.team_id, status: c.status };
}
