import type { Clock } from '../../domain/clock.js';
import type { Ingestor } from '../../pipeline/ingest.js';
import { getContact, resolveIdentities, updateContactProfile } from '../../store/contacts.js';
import type { Database } from '../../store/db.js';
import { findMessageByExternalId, getMessage } from '../../store/messages.js';
import type { ChannelAccount, Message } from '../../store/schema/index.js';
import { refsToConversations } from '../../store/threads.js';
import { getUser } from '../../store/users.js';
import { recentInbound, visitorMessages } from '../../store/webchat.js';
import { FrameError, visitorHandle, visitorMessage } from './receive.js';

export interface WebchatDeps {
  database: Database;
  clock: Clock;
  ingestor: Ingestor;
}

/** Messages a visitor may send per window: enough for anyone typing, not for a script. */
export const VISITOR_RATE = { max: 20, windowMs: 60_000 };
/** Messages a widget gets when it (re)connects. */
export const HISTORY_LIMIT = 100;

/** A message as the visitor's widget shows it: no analysis, no internal ids beyond the message's own. */
export interface VisitorMessageView {
  id: number;
  /** The widget's own id for a visitor's message, so it can match the message it sent. */
  clientId: string | null;
  from: 'visitor' | 'agent';
  text: string;
  /** The agent's first name. */
  author: string | null;
  createdAt: string;
  /** The satisfaction question (src/pipeline/csat.ts): the widget offers 1–5 buttons under it. */
  survey?: true;
}

function isSurvey(m: Message): boolean {
  if (m.direction !== 'outbound' || !m.analysis?.includes('"csat"')) return false;
  try {
    return (JSON.parse(m.analysis) as { csat?: { survey?: boolean } }).csat?.survey === true;
  } catch {
    return false;
  }
}

export function presentVisitorMessage(m: Message, visitorId: string, agentName: string | null): VisitorMessageView {
  const prefix = `${visitorId}:`;
  const inbound = m.direction === 'inbound';
  return {
    id: m.id,
    clientId: inbound && m.external_id?.startsWith(prefix) ? m.external_id.slice(prefix.length) : null,
    from: inbound ? 'visitor' : 'agent',
    text: m.text,
    author: inbound ? null : agentName,
    createdAt: new Date(m.created_at).toISOString(),
    ...(isSurvey(m) ? { survey: true as const } : {}),
  };
}

/** Agents are shown to visitors by first name only. */
export async function agentFirstName(database: Database, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  const user = await getUser(database, userId);
  return user?.name.trim().split(/\s+/)[0] ?? null;
}

async function present(database: Database, visitorId: string, rows: Message[]): Promise<VisitorMessageView[]> {
  const names = new Map<number, string | null>();
  for (const id of new Set(rows.map((m) => m.author_user_id).filter((u): u is number => u !== null))) names.set(id, await agentFirstName(database, id));
  return rows.map((m) => presentVisitorMessage(m, visitorId, m.author_user_id === null ? null : (names.get(m.author_user_id) ?? null)));
}

/** The visitor's conversation: private threads are keyed by their author (see pipeline/thread.ts). */
export async function visitorConversationId(database: Database, account: ChannelAccount, visitorId: string): Promise<number | null> {
  const ref = `dm:${visitorId}`;
  return (await refsToConversations(database, account.id, [ref])).get(ref) ?? null;
}

/** What a (re)connecting widget needs: the visitor's conversation since the last message it saw. */
export async function visitorHistory(
  deps: WebchatDeps,
  account: ChannelAccount,
  visitorId: string,
  sinceId: number,
): Promise<{ conversationId: number | null; messages: VisitorMessageView[] }> {
  const conversationId = await visitorConversationId(deps.database, account, visitorId);
  if (conversationId === null) return { conversationId, messages: [] };
  const rows = await visitorMessages(deps.database, conversationId, sinceId, HISTORY_LIMIT);
  return { conversationId, messages: await present(deps.database, visitorId, rows) };
}

/**
 * A visitor's message: a retry with the same client id answers the stored message; otherwise the
 * visitor's rate is checked and the message goes through the pipeline like any other channel's.
 */
export async function postVisitorMessage(
  deps: WebchatDeps,
  account: ChannelAccount,
  visitor: { id: string; name: string | null },
  clientId: string,
  text: string,
): Promise<{ message: VisitorMessageView; conversationId: number; duplicate: boolean }> {
  const { database, clock } = deps;
  const existing = await findMessageByExternalId(database, account.id, `${visitor.id}:${clientId}`);
  if (existing) {
    const row = (await getMessage(database, existing.id))!;
    return { message: presentVisitorMessage(row, visitor.id, null), conversationId: row.conversation_id, duplicate: true };
  }
  const now = clock.now();
  const conversationId = await visitorConversationId(database, account, visitor.id);
  if (conversationId !== null) {
    const recent = await recentInbound(database, conversationId, now - VISITOR_RATE.windowMs);
    if (recent.count >= VISITOR_RATE.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((recent.oldest ?? now) + VISITOR_RATE.windowMs - now) / 1000));
      throw Object.assign(
        new FrameError('rate_limited', `You are sending messages too quickly (at most ${VISITOR_RATE.max} a minute). Wait ${retryAfterSeconds} s and send it again.`, clientId),
        { retryAfterSeconds },
      );
    }
  }
  const outcome = await deps.ingestor.submit(account, visitorMessage(account, { id: visitor.id, name: visitor.name, email: null }, clientId, text, now));
  if (outcome.error || outcome.messageId === null || outcome.conversationId === null) {
    throw new FrameError('processing_failed', 'Your message was received but is not in the conversation yet. Sending it again is safe.', clientId);
  }
  const row = (await getMessage(database, outcome.messageId))!;
  return { message: presentVisitorMessage(row, visitor.id, null), conversationId: outcome.conversationId, duplicate: outcome.duplicate };
}

/**
 * A visitor's name and email join their contact's profile. The address is the visitor's word, not
 * verified: it is never used to merge contacts or to route mail, since anyone can type anyone's
 * address. Agents see other contacts with the same address (GET /contacts/:id `sameEmail`) and
 * merge them when the conversation shows it is one person.
 */
export async function saveVisitorProfile(
  deps: WebchatDeps,
  account: ChannelAccount,
  visitorId: string,
  profile: { name: string | null; email: string | null },
): Promise<{ contactId: number }> {
  const now = deps.clock.now();
  const workspaceId = account.workspace_id;
  const handle = visitorHandle(visitorId);
  return deps.database.transaction(async (tx) => {
    const resolved = await resolveIdentities(tx, workspaceId, 'webchat', [{ id: visitorId, handle, name: profile.name }], now);
    const contactId = resolved.get(visitorId)!.contactId;
    const contact = (await getContact(tx, workspaceId, contactId))!;
    if (profile.name && (!contact.name || contact.name === handle)) await updateContactProfile(tx, contactId, { name: profile.name }, now);
    if (profile.email && contact.email !== profile.email) await updateContactProfile(tx, contactId, { email: profile.email }, now);
    return { contactId };
  });
}
