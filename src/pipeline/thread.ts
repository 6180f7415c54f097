import type { NormalizedMessage } from '../domain/message.js';
import { threadsPrivately } from '../channels/manifests.js';
import type { Database } from '../store/db.js';
import type { ChannelAccount, Conversation } from '../store/schema/index.js';
import { resolveIdentities, type ResolvedIdentity } from '../store/contacts.js';
import { findMessagesByExternalIds } from '../store/messages.js';
import { conversationsByIds, mergeConversations, refsToConversations } from '../store/threads.js';
import { markConversationsDirty } from '../store/analytics.js';

export interface ThreadEntry {
  account: ChannelAccount;
  message: NormalizedMessage;
  createdAt: number;
  analysis: unknown;
}

/** A conversation this batch starts: written once, with its counters, after the other stages ran. */
export interface NewThread {
  account: ChannelAccount;
  visibility: 'public' | 'private';
  subject: string | null;
  /** Set when it turned out to be part of another thread in the same batch or the store. */
  mergedInto?: Target;
}

export type Target = { existing: number } | { fresh: NewThread };

export interface ThreadPlan {
  /** Per entry: where it goes, or which stored message (or earlier entry) it repeats. */
  targets: (Target | { duplicateOf: { id: number; conversationId: number } } | { sameAs: number })[];
  identities: (ResolvedIdentity | null)[];
  /** Thread keys first seen in this batch, to record once conversations have ids. */
  newRefs: { channelAccountId: number; ref: string; target: Target }[];
  /** Stored conversations that absorbed another: their counters must be recounted. */
  recount: Set<number>;
  /** Follow merges to the surviving target. */
  resolve(target: Target): Target;
}

/** The keys that tie a message to its thread. */
export function threadRefs(message: NormalizedMessage): string[] {
  if (message.visibility === 'private' && !threadsPrivately(message.channel)) {
    // A private thread is one conversation per customer and account, whatever the replies point at.
    return [message.externalId, `dm:${message.author.id}`];
  }
  // Public threads, and private ones that carry their own (email): a reply joins its parent's or its
  // root's conversation; a new email, answering nothing known, starts one.
  return [message.externalId, message.inReplyTo, message.rootId].filter((r): r is string => !!r);
}

const key = (accountId: number, id: string) => `${accountId}\u0000${id}`;

/**
 * Decide, for a whole batch, which conversation each message belongs to, with a handful of
 * queries. Public replies join their root's conversation even when they arrive before it; threads
 * found to be one are merged (stored ones at once, new ones in memory); a message already stored,
 * or twice in the batch, is a duplicate. Nothing of the messages themselves is written here.
 */
export async function planThreads(database: Database, entries: ThreadEntry[], now: number): Promise<ThreadPlan> {
  database.assertTransaction();

  // Contacts, one look-up per workspace and channel.
  const resolvedBy = new Map<string, ResolvedIdentity>();
  const groups = new Map<string, { workspaceId: number; channel: string; authors: NormalizedMessage['author'][] }>();
  const groupOf = (e: ThreadEntry) => `${e.account.workspace_id}\u0000${e.account.channel}`;
  for (const e of entries) {
    if (e.message.direction === 'outbound') continue;
    const g = groupOf(e);
    if (!groups.has(g)) groups.set(g, { workspaceId: e.account.workspace_id, channel: e.account.channel, authors: [] });
    groups.get(g)!.authors.push(e.message.author);
  }
  for (const [g, { workspaceId, channel, authors }] of groups) {
    for (const [authorId, r] of await resolveIdentities(database, workspaceId, channel, authors, now)) resolvedBy.set(`${g}\u0000${authorId}`, r);
  }
  const identities = entries.map((e) => (e.message.direction === 'outbound' ? null : resolvedBy.get(`${groupOf(e)}\u0000${e.message.author.id}`) ?? null));

  // Thread keys, two look-ups per account: stored messages by external id (which also finds the
  // batch's duplicates), then the recorded keys of what is not a stored message.
  const refsByAccount = new Map<number, string[]>();
  for (const e of entries) {
    let refs = refsByAccount.get(e.account.id);
    if (!refs) refsByAccount.set(e.account.id, (refs = []));
    refs.push(...threadRefs(e.message));
  }
  const existing = new Map<string, { id: number; conversation_id: number }>();
  const refMaps = new Map<number, Map<string, Target>>();
  for (const [accountId, refs] of refsByAccount) {
    const refMap = new Map<string, Target>();
    const messages = await findMessagesByExternalIds(database, accountId, refs);
    for (const [ref, m] of messages) {
      existing.set(key(accountId, ref), m);
      refMap.set(ref, { existing: m.conversation_id });
    }
    for (const [ref, id] of await refsToConversations(database, accountId, refs.filter((r) => !messages.has(r)))) refMap.set(ref, { existing: id });
    refMaps.set(accountId, refMap);
  }

  const alias = new Map<number, number>();
  const resolve = (t: Target): Target => {
    for (;;) {
      if ('fresh' in t) {
        if (!t.fresh.mergedInto) return t;
        t = t.fresh.mergedInto;
      } else {
        let id = t.existing;
        while (alias.has(id)) id = alias.get(id)!;
        return id === t.existing ? t : { existing: id };
      }
    }
  };
  const recount = new Set<number>();
  const newRefs: ThreadPlan['newRefs'] = [];
  const firstInBatch = new Map<string, number>();
  const targets: ThreadPlan['targets'] = [];

  for (const [i, e] of entries.entries()) {
    const k = key(e.account.id, e.message.externalId);
    const prior = existing.get(k);
    if (prior) {
      targets.push({ duplicateOf: { id: prior.id, conversationId: prior.conversation_id } });
      continue;
    }
    if (firstInBatch.has(k)) {
      targets.push({ sameAs: firstInBatch.get(k)! });
      continue;
    }
    firstInBatch.set(k, i);
    const refMap = refMaps.get(e.account.id)!;
    const refs = threadRefs(e.message);
    const found = refs.map((r) => refMap.get(r)).filter((t): t is Target => t !== undefined).map(resolve);
    const stored = [...new Set(found.flatMap((t) => ('existing' in t ? [t.existing] : [])))].sort((a, b) => a - b);
    const fresh = [...new Set(found.flatMap((t) => ('fresh' in t ? [t.fresh] : [])))];
    let target: Target;
    if (stored.length) {
      target = { existing: stored[0]! };
      if (stored.length > 1) {
        // Every part's analytics days change (the merged ones disappear): marked before they go.
        await markConversationsDirty(database, (await conversationsByIds(database, stored)).values());
        await mergeConversations(database, stored[0]!, stored.slice(1), now);
        for (const other of stored.slice(1)) alias.set(other, stored[0]!);
        recount.add(stored[0]!);
      }
      for (const f of fresh) f.mergedInto = target;
    } else if (fresh.length) {
      target = { fresh: fresh[0]! };
      for (const f of fresh.slice(1)) f.mergedInto = target;
    } else {
      target = { fresh: { account: e.account, visibility: e.message.visibility, subject: e.message.subject ?? null } };
    }
    for (const r of refs) {
      // The message's own id is recorded by its row; other keys (awaited parents, roots, private
      // thread keys) that no stored message or recorded key holds yet are recorded here.
      if (!refMap.has(r) && r !== e.message.externalId) newRefs.push({ channelAccountId: e.account.id, ref: r, target });
      refMap.set(r, target);
    }
    targets.push(target);
  }
  return { targets, identities, newRefs, recount, resolve };
}

/** A conversation row for a thread this batch starts, before its messages are counted. */
export function emptyConversation(id: number, thread: NewThread, contactId: number | null, firstAt: number, now: number): Conversation {
  return {
    id,
    workspace_id: thread.account.workspace_id,
    channel_account_id: thread.account.id,
    channel: thread.account.channel,
    contact_id: contactId,
    visibility: thread.visibility,
    status: 'open',
    snoozed_until: null,
    assignee_id: null,
    team_id: null,
    priority: 0,
    subject: thread.subject,
    preview: null,
    language: null,
    sentiment: null,
    intent: null,
    message_count: 0,
    last_message_at: firstAt,
    first_inbound_at: null,
    first_response_at: null,
    waiting_since: null,
    resolved_at: null,
    sla_policy_id: null,
    sla_state: null,
    sla_target: null,
    sla_due_at: null,
    sla_warning_at: null,
    sla_next_at: null,
    sla_events: null,
    created_at: now,
    updated_at: now,
  };
}
