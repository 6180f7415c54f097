import type { Clock } from '../domain/clock.js';
import type { NormalizedMessage } from '../domain/message.js';
import type { EventBus, RealtimeEvent } from '../jobs/bus.js';
import { moduleLogger } from '../logger.js';
import type { ChannelRegistry } from '../channels/registry.js';
import type { Database } from '../store/db.js';
import type { ChannelAccount, Conversation, Message } from '../store/schema/index.js';
import {
  logHandledInboundEvents,
  markInboundFailed,
  markInboundProcessedMany,
  pendingInboundEvents,
  recordInboundEvents,
  type HandledInboundEvent,
} from '../store/inbound-events.js';
import { getChannelAccount } from '../store/workspaces.js';
import { conversationMarks, markAnalyticsDirty } from '../store/analytics.js';
import { assessConversation } from './assess.js';
import { allocateIds } from '../store/ids.js';
import { insertMessages } from '../store/messages.js';
import {
  addRefsMany,
  conversationsByIds,
  foldMessages,
  insertConversations,
  refreshConversationStats,
  updateConversationsMany,
  type FoldedMessage,
} from '../store/threads.js';
import type { ResolvedIdentity } from '../store/contacts.js';
import { conversationEvent, messageEvent, notifyAfterCommit } from './notify.js';
import { createRouter } from './route.js';
import { saveSlaOutcomes, slaColumns, slaContexts, type SlaOutcome } from './sla.js';
import { emptyConversation, planThreads, type NewThread, type Target, type ThreadEntry } from './thread.js';
import { findSurveyAnswers, recordSurveyAnswers } from './csat.js';
import { understandAll, type MessageUnderstanding, type Understander } from './understand.js';

const log = moduleLogger('pipeline');

export interface PipelineDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
  channels: ChannelRegistry;
  understander: Understander;
}

export interface InboundItem {
  /** Its row in the inbound log; null when it has none (yet, or an earlier delivery's row holds it). */
  eventId: number | null;
  account: ChannelAccount;
  /** The raw payload as stored in the inbound log. */
  payload: unknown;
  /** Not in the inbound log yet: the batch logs it in its own transaction, together with its outcome. */
  unlogged?: { dedupeKey: string; payload: string };
}

export interface IngestOutcome {
  eventId: number | null;
  duplicate: boolean;
  messageId: number | null;
  conversationId: number | null;
  error?: string;
}

export interface ProcessOptions {
  /** Assign new conversations to agents; off for historical imports. */
  route: boolean;
}

/**
 * Normalize → thread → understand → assess → route → notify for a batch, in one transaction (one
 * commit for the batch is what makes ingestion fast; a batch larger than TRANSACTION_ITEMS takes a
 * few), which also logs the batch's unlogged events with their outcome: nothing is acknowledged
 * before that commit, so an event is durable before its sender hears back, and a crash before it
 * leaves nothing half done (the sender, never answered, delivers again). If a transaction fails,
 * its events are logged on their own, then each is processed alone so one bad event cannot hold up
 * the others; a failure is recorded on its event.
 */
export async function processInbound(deps: PipelineDeps, items: InboundItem[], options: ProcessOptions): Promise<IngestOutcome[]> {
  if (items.length === 0) return [];
  // Understanding a part (CPU, on the classifiers' thread when there is one) overlaps with writing
  // the parts before it (the database, on this thread): every part goes to the classifiers at once,
  // so they run ahead as far as they can, and a caller that hands over its next batch before this
  // one commits has it understood by the time it may write (oneAtATime). When this thread would
  // still wait for a part, it does a share of the understanding itself (`understood`).
  const parts: InboundItem[][] = [];
  for (let i = 0; i < items.length; i += PART) {
    // A remainder smaller than half a part joins the last part.
    const end = items.length - (i + PART) < PART / 2 ? items.length : i + PART;
    parts.push(items.slice(i, end));
    if (end === items.length) break;
  }
  const ready = parts.map(() => false);
  const preparing = parts.map((part, k) => {
    const p = prepare(deps, part);
    // Awaited in turn (or in the fallback); a rejection meanwhile is not unhandled.
    p.then(
      () => (ready[k] = true),
      () => (ready[k] = true),
    );
    return p;
  });
  // A part this thread needs before the classifiers have finished it: rather than wait, this
  // thread understands the newest work nobody has started (see WorkerUnderstander.helpOne).
  const understood = async (k: number): Promise<Prepared> => {
    // One turn of the event loop after each share: what it finished reaches `ready` before the next.
    while (!ready[k] && deps.understander.helpOne?.()) await new Promise((resolve) => setImmediate(resolve));
    return preparing[k]!;
  };
  // Consecutive parts share a transaction up to TRANSACTION_ITEMS: a huge batch does not hold the
  // database (one connection, for SQLite) for long, and the classifiers stay ahead across commits.
  const groups: number[][] = [];
  let size = Infinity;
  for (const [k, part] of parts.entries()) {
    if (size + part.length > TRANSACTION_ITEMS) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1]!.push(k);
    size += part.length;
  }
  const out: IngestOutcome[] = [];
  for (const ks of groups) {
    out.push(
      ...(await oneAtATime(deps.database, async () => {
        await understood(ks[0]!);
        try {
          return await deps.database.transaction(async (tx) => {
            const batch = newBatch();
            for (const k of ks) await processAll(deps, tx, batch, parts[k]!, await understood(k), options);
            return closeBatch(deps, tx, batch, options);
          });
        } catch (err) {
          return processAlone(deps, ks.flatMap((k) => parts[k]!), ks.map((k) => preparing[k]!), options, err);
        }
      })),
    );
  }
  return out;
}

const writing = new WeakMap<Database, Promise<void>>();

/**
 * Batches write one at a time, in the order they came, each on the store as the one before left it
 * (on PostgreSQL two could otherwise run side by side and each miss the other's new threads); what
 * runs meanwhile is the understanding of the batches waiting, so a caller with the next batch ready
 * hands it over before the current one commits, and the classifiers never wait for the database.
 */
async function oneAtATime<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  const before = writing.get(database) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  writing.set(
    database,
    before.then(() => mine),
  );
  await before;
  try {
    return await fn();
  } finally {
    release();
  }
}

const PART = 256;
const TRANSACTION_ITEMS = 1000;

/** What a batch's parts leave for its end: their outcomes and the inbound log's bookkeeping. */
interface Batch {
  items: InboundItem[];
  out: IngestOutcome[];
  /** Per item of `items`: its failure, when it failed alone (it stays pending in the log). */
  failures: (string | null)[];
  /**
   * Messages the batch stored in conversations that were stored before their part: those
   * conversations are counted, assessed, routed and written once, at the batch's end, however many
   * of its parts wrote to them.
   */
  joined: Map<number, Joined[]>;
  /** Stored conversations that absorbed another (a merge): recounted from their messages. */
  recount: Set<number>;
}

type Entry = ThreadEntry & { index: number; understanding: MessageUnderstanding | null };

interface Joined {
  entry: Entry;
  identity: ResolvedIdentity | null;
  message: Message;
}

function newBatch(): Batch {
  return { items: [], out: [], failures: [], joined: new Map(), recount: new Set() };
}

/** The batch's inbound log: events already logged are marked processed, the others logged with their outcome. */
async function closeBatch(deps: PipelineDeps, tx: Database, batch: Batch, options: ProcessOptions): Promise<IngestOutcome[]> {
  await finishStored(deps, tx, batch, options);
  const now = deps.clock.now();
  const processed: number[] = [];
  const handled: HandledInboundEvent[] = [];
  batch.items.forEach((item, i) => {
    const error = batch.failures[i] ?? null;
    if (item.unlogged) {
      handled.push({
        workspaceId: item.account.workspace_id,
        channelAccountId: item.account.id,
        dedupeKey: item.unlogged.dedupeKey,
        payload: item.unlogged.payload,
        messageId: batch.out[i]!.messageId,
        error,
      });
    } else if (item.eventId !== null && error === null) {
      processed.push(item.eventId);
    }
  });
  await markInboundProcessedMany(tx, processed, now);
  const ids = await logHandledInboundEvents(tx, handled, now);
  batch.items.forEach((item, i) => {
    if (item.unlogged) batch.out[i]!.eventId = ids.get(`${item.account.id}\u0000${item.unlogged.dedupeKey}`) ?? null;
  });
  return batch.out;
}

/**
 * The batch failed as a whole: its events are logged first, in their own transaction, so none is
 * lost; then each runs alone, and one that fails again has its failure recorded on its event.
 */
async function processAlone(
  deps: PipelineDeps,
  items: InboundItem[],
  preparing: Promise<Prepared>[],
  options: ProcessOptions,
  err: unknown,
): Promise<IngestOutcome[]> {
  const now = deps.clock.now();
  const unlogged = items.filter((i) => i.unlogged);
  const ids = unlogged.length
    ? await deps.database.transaction((tx) =>
        recordInboundEvents(
          tx,
          unlogged.map((i) => ({ workspaceId: i.account.workspace_id, channelAccountId: i.account.id, dedupeKey: i.unlogged!.dedupeKey, payload: i.unlogged!.payload })),
          now,
        ),
      )
    : new Map<string, number>();
  const logged = items.map((i) => (i.unlogged ? { ...i, eventId: ids.get(`${i.account.id}\u0000${i.unlogged.dedupeKey}`) ?? null, unlogged: undefined } : i));
  // The events are in the log; if the classifiers themselves failed, the recovery sweep tries again.
  const prepared = (await Promise.all(preparing)).flat();
  if (logged.length === 1) return [await recordFailure(deps, deps.database, logged[0]!, err)];
  log.warn({ err: (err as Error).message, size: items.length }, 'batch failed; processing its events one by one');
  const out: IngestOutcome[] = [];
  for (const [i, item] of logged.entries()) {
    try {
      out.push(
        ...(await deps.database.transaction(async (tx) => {
          const batch = newBatch();
          await processAll(deps, tx, batch, [item], [prepared[i]!], options);
          return closeBatch(deps, tx, batch, options);
        })),
      );
    } catch (e) {
      out.push(await recordFailure(deps, deps.database, item, e));
    }
  }
  return out;
}

type Prepared = ({ ok: true; entry: PreparedEntry } | { ok: false; error: unknown })[];
type PreparedEntry = { account: ChannelAccount; message: NormalizedMessage; createdAt: number; understanding: MessageUnderstanding | null };

/** Normalize and understand, outside any transaction; an event that cannot be read fails alone. */
async function prepare(deps: PipelineDeps, items: InboundItem[]): Promise<Prepared> {
  const prepared: Prepared = items.map((item) => {
    try {
      const channel = deps.channels.forAccount(item.account) ?? deps.channels.get('api')!;
      const message: NormalizedMessage = channel.normalize(item.payload, item.account);
      const createdAt = Date.parse(message.createdAt);
      if (!Number.isFinite(createdAt)) throw new Error(`createdAt "${message.createdAt}" is not a date.`);
      return { ok: true as const, entry: { account: item.account, message, createdAt, understanding: null } };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  const inbound = prepared.flatMap((p) => (p.ok && p.entry.message.direction !== 'outbound' ? [p.entry] : []));
  const understood = await understandAll(deps.understander, inbound.map((e) => e.message));
  inbound.forEach((e, i) => (e.understanding = understood[i]!));
  return prepared;
}

async function recordFailure(deps: PipelineDeps, database: Database, item: InboundItem, err: unknown): Promise<IngestOutcome> {
  const outcome = failedOutcome(item, err);
  if (item.eventId !== null) {
    await markInboundFailed(database, item.eventId, outcome.error!);
  }
  return outcome;
}

function failedOutcome(item: InboundItem, err: unknown): IngestOutcome {
  const message = err instanceof Error ? err.message : String(err);
  log.error({ eventId: item.eventId, err: message }, 'inbound event failed');
  return { eventId: item.eventId, duplicate: false, messageId: null, conversationId: null, error: message };
}

/** One part of a batch, inside the batch's transaction; its outcomes and log bookkeeping go to `batch`. */
async function processAll(deps: PipelineDeps, tx: Database, batch: Batch, items: InboundItem[], prepared: Prepared, options: ProcessOptions): Promise<void> {
  const now = deps.clock.now();
  const out: IngestOutcome[] = new Array(items.length);
  const failures: (string | null)[] = items.map(() => null);
  const entries: Entry[] = [];
  for (const [index, p] of prepared.entries()) {
    if (p.ok) entries.push({ index, ...p.entry, analysis: p.entry.understanding?.serialized ?? p.entry.understanding });
    else if (items[index]!.unlogged) {
      // Logged at the batch's end, pending, with this first failure.
      out[index] = failedOutcome(items[index]!, p.error);
      failures[index] = out[index].error!;
    } else {
      out[index] = await recordFailure(deps, tx, items[index]!, p.error);
      failures[index] = out[index].error!;
    }
  }

  const plan = await planThreads(tx, entries, now);
  if (plan.recount.size) {
    // Stored conversations merged into another by this part: what earlier parts brought them follows.
    for (const [id, list] of [...batch.joined]) {
      const r = plan.resolve({ existing: id });
      if (!('existing' in r) || r.existing === id) continue;
      batch.joined.delete(id);
      batch.joined.set(r.existing, [...(batch.joined.get(r.existing) ?? []), ...list]);
      batch.recount.add(r.existing);
    }
    for (const id of plan.recount) batch.recount.add(id);
  }
  const byFresh = new Map<NewThread, number[]>();
  const byStored = new Map<number, number[]>();
  plan.targets.forEach((t, j) => {
    if ('duplicateOf' in t || 'sameAs' in t) return;
    const r = plan.resolve(t);
    if ('fresh' in r) {
      const js = byFresh.get(r.fresh);
      if (js) js.push(j);
      else byFresh.set(r.fresh, [j]);
    } else {
      const js = byStored.get(r.existing);
      if (js) js.push(j);
      else byStored.set(r.existing, [j]);
    }
  });
  const inTimeOrder = (js: number[]) => [...js].sort((a, b) => entries[a]!.createdAt - entries[b]!.createdAt || a - b);
  const stages = conversationStages(tx, now, options);

  // Conversations this part starts are written once, already counted, assessed and routed.
  const ids = await allocateIds(tx, 'conversation', byFresh.size);
  const idOf = new Map<NewThread, number>();
  const created: Conversation[] = [];
  for (const [thread, js] of byFresh) {
    const ordered = inTimeOrder(js).map((j) => entries[j]!);
    const contactId = inTimeOrder(js).map((j) => plan.identities[j]?.contactId).find((c) => c != null) ?? null;
    const base = emptyConversation(ids[idOf.size]!, thread, contactId, ordered[0]!.createdAt, now);
    idOf.set(thread, base.id);
    let conv: Conversation = { ...base, ...foldMessages(base, ordered.map(folded))! };
    conv = { ...conv, ...assessConversation(conv, ordered, true) };
    const agent = await stages.route(conv, ordered);
    if (agent !== null) conv.assignee_id = agent;
    const slaOutcome = await stages.sla(conv, ordered);
    if (slaOutcome) conv = { ...conv, ...slaOutcome.columns };
    created.push(conv);
  }
  await insertConversations(tx, created);
  const conversationOf = (t: Target) => {
    const r = plan.resolve(t);
    return 'fresh' in r ? idOf.get(r.fresh)! : r.existing;
  };
  await addRefsMany(tx, plan.newRefs.map((r) => ({ channelAccountId: r.channelAccountId, ref: r.ref, conversationId: conversationOf(r.target) })));

  const newIdx = plan.targets.flatMap((t, j) => ('duplicateOf' in t || 'sameAs' in t ? [] : [j]));
  const rows = await insertMessages(
    tx,
    newIdx.map((j) => {
      const e = entries[j]!;
      const outbound = e.message.direction === 'outbound';
      return {
        workspaceId: e.account.workspace_id,
        conversationId: conversationOf(plan.targets[j] as Target),
        channelAccountId: e.account.id,
        direction: outbound ? ('outbound' as const) : ('inbound' as const),
        visibility: e.message.visibility,
        externalId: e.message.externalId,
        inReplyTo: e.message.inReplyTo ?? null,
        contactIdentityId: plan.identities[j]?.identityId ?? null,
        authorUserId: null,
        text: e.message.text,
        metrics: e.message.metrics ?? null,
        analysis: e.analysis,
        deliveryStatus: outbound ? ('sent' as const) : ('received' as const),
        createdAt: e.createdAt,
        receivedAt: now,
      };
    }),
  );
  const stored = new Map(newIdx.map((j, k) => [j, rows[k]!]));

  // Messages joining conversations stored before this part: the conversations are written at the batch's end.
  for (const [id, js] of byStored) {
    let list = batch.joined.get(id);
    if (!list) batch.joined.set(id, (list = []));
    for (const j of js) list.push({ entry: entries[j]!, identity: plan.identities[j] ?? null, message: stored.get(j)! });
  }

  const events: RealtimeEvent[] = created.map((conv) => conversationEvent('conversation.created', conv, now));
  const createdById = new Map(created.map((c) => [c.id, c]));
  for (const m of rows) {
    const conv = createdById.get(m.conversation_id);
    if (conv) events.push(messageEvent('message.created', conv, m, now));
  }

  plan.targets.forEach((t, j) => {
    const index = entries[j]!.index;
    const eventId = items[index]!.eventId;
    if ('duplicateOf' in t) out[index] = { eventId, duplicate: true, messageId: t.duplicateOf.id, conversationId: t.duplicateOf.conversationId };
    else if ('sameAs' in t) {
      const first = stored.get(t.sameAs)!;
      out[index] = { eventId, duplicate: true, messageId: first.id, conversationId: first.conversation_id };
    } else {
      const m = stored.get(j)!;
      out[index] = { eventId, duplicate: false, messageId: m.id, conversationId: m.conversation_id };
    }
  });
  await stages.router.markAssigned();
  // The analytics days the part changed, in one insert: its messages' days, and its new conversations'.
  await markAnalyticsDirty(tx, [...rows.map((m) => ({ workspaceId: m.workspace_id, at: m.created_at })), ...conversationMarks(created)]);
  await saveSlaOutcomes(tx, stages.slaOutcomes, now);
  notifyAfterCommit(tx, deps.bus, events);
  batch.items.push(...items);
  batch.out.push(...out);
  batch.failures.push(...failures);
}

const folded = (e: Entry): FoldedMessage => ({ direction: e.message.direction === 'outbound' ? 'outbound' : 'inbound', createdAt: e.createdAt, text: e.message.text });

/**
 * Routing and SLA clocks for conversations written together. Routing reads each workspace's
 * agents, loads and settings once, and counts as it goes; SLA policies are read once per workspace.
 */
function conversationStages(tx: Database, now: number, options: ProcessOptions) {
  const router = createRouter(tx, now);
  const slaContextOf = slaContexts(tx);
  const slaOutcomes: SlaOutcome[] = [];
  return {
    router,
    slaOutcomes,
    /** SLA clocks start at routing: imports (route off) keep none. */
    async sla(conv: Conversation, messages: readonly Entry[]): Promise<SlaOutcome | null> {
      if (!options.route) return null;
      const events = messages.map((e) => ({ type: e.message.direction === 'outbound' ? ('outbound' as const) : ('inbound' as const), at: e.createdAt }));
      const outcome = slaColumns(conv, events, await slaContextOf(conv.workspace_id), now);
      slaOutcomes.push(outcome);
      return outcome;
    },
    async route(conv: Conversation, messages: readonly Entry[]): Promise<number | null> {
      if (!options.route || conv.assignee_id !== null || conv.status !== 'open' || !messages.some((e) => e.understanding)) return null;
      return router.choose(conv);
    },
  };
}

/**
 * The batch's stored conversations, each once: counters folded in (or recounted after a merge or
 * a late arrival), assessed, routed, SLA clocks, written in a few statements; then their events.
 */
async function finishStored(deps: PipelineDeps, tx: Database, batch: Batch, options: ProcessOptions): Promise<void> {
  if (batch.joined.size === 0) return;
  const now = deps.clock.now();
  const all: Joined[] = [];
  const byStored = new Map<number, number[]>();
  for (const [id, list] of batch.joined) byStored.set(id, list.map((j) => all.push(j) - 1));
  const inTimeOrder = (js: number[]) => [...js].sort((a, b) => all[a]!.entry.createdAt - all[b]!.entry.createdAt || a - b);
  const stages = conversationStages(tx, now, options);
  const router = stages.router;

  const current = await conversationsByIds(tx, [...byStored.keys()]);
  router.consider(current.values());
  // Scores answering a satisfaction survey (one query for the batch): recorded, and the conversation stays resolved.
  const answers = await findSurveyAnswers(tx, byStored, (j) => ({
    direction: all[j]!.entry.message.direction === 'outbound' ? 'outbound' : 'inbound',
    text: all[j]!.entry.message.text,
    createdAt: all[j]!.entry.createdAt,
  }));
  const updated = new Map<number, Conversation>();
  const changes: { row: Conversation; changed: (keyof Conversation)[] }[] = [];
  for (const [id, js] of byStored) {
    const order = inTimeOrder(js);
    const ordered = order.map((j) => all[j]!.entry);
    const before = current.get(id)!;
    let row = before;
    const answer = answers.get(id);
    let stats: Partial<Conversation> | null = batch.recount.has(id) ? null : foldMessages(row, ordered.map(folded));
    if (!stats) {
      await refreshConversationStats(tx, id, now);
      row = (await conversationsByIds(tx, [id])).get(id)!;
      // A customer writing again reopens the conversation.
      const reopen = !answer && ordered.some((e) => e.message.direction !== 'outbound') && row.status !== 'open';
      stats = reopen ? { status: 'open', snoozed_until: null } : {};
    }
    if (answer) {
      // A survey answer is one more message and nothing else: not reopened, nothing waiting on the
      // brand. The status stays out of the patch, which would otherwise restamp resolved_at.
      delete stats.status;
      delete stats.snoozed_until;
      stats.waiting_since = before.waiting_since;
    }
    const patch: Partial<Conversation> = { ...stats };
    if (row.contact_id === null) {
      const contactId = order.map((j) => all[j]!.identity?.contactId).find((c) => c != null);
      if (contactId != null) patch.contact_id = contactId;
    }
    Object.assign(patch, assessConversation(row, ordered, false));
    const agent = await stages.route({ ...row, ...patch }, ordered);
    if (agent !== null) patch.assignee_id = agent;
    // Nor does it start a response clock.
    const slaOutcome = answer ? null : await stages.sla({ ...row, ...patch }, ordered);
    if (slaOutcome) Object.assign(patch, slaOutcome.columns);
    // As updateConversation: a status that changes sets resolved_at (a repeated one keeps it). Days are marked below, for the batch.
    if (patch.status !== undefined && patch.status !== row.status) patch.resolved_at = patch.status === 'resolved' ? now : null;
    patch.updated_at = now;
    const next = { ...row, ...patch };
    // Only columns whose value changed are written: an index whose columns are not written is not touched.
    changes.push({ row: next, changed: (Object.keys(patch) as (keyof Conversation)[]).filter((k) => k === 'updated_at' || patch[k] !== row[k]) });
    updated.set(id, next);
  }
  await updateConversationsMany(tx, changes);

  await recordSurveyAnswers(
    tx,
    [...answers].map(([id, answer]) => ({ answer, conversation: updated.get(id)!, message: all[answer.entry]!.message })),
    now,
  );

  const events: RealtimeEvent[] = [...updated.values()].map((conv) => conversationEvent('conversation.updated', conv, now));
  for (const [id, js] of byStored) {
    const conv = updated.get(id)!;
    // A message whose conversation was merged into another by a later part is in the survivor.
    for (const j of js) {
      const m = all[j]!.message;
      events.push(messageEvent('message.created', conv, m.conversation_id === id ? m : { ...m, conversation_id: id }, now));
    }
  }
  await router.markAssigned();
  // The analytics days the batch changed: each stored conversation's before and after.
  await markAnalyticsDirty(tx, conversationMarks([...current.values(), ...updated.values()]));
  await saveSlaOutcomes(tx, stages.slaOutcomes, now);
  notifyAfterCommit(tx, deps.bus, events);
}

/** Replay inbound events that were stored but never processed (a crash between the two). */
export async function recoverPendingInbound(deps: PipelineDeps, options: { olderThanMs: number; batch?: number }): Promise<number> {
  let total = 0;
  const accounts = new Map<number, ChannelAccount | undefined>();
  for (;;) {
    const events = await pendingInboundEvents(deps.database, {
      receivedBefore: deps.clock.now() - options.olderThanMs,
      limit: options.batch ?? 200,
    });
    if (events.length === 0) return total;
    const items: InboundItem[] = [];
    for (const e of events) {
      if (!accounts.has(e.channel_account_id)) accounts.set(e.channel_account_id, await getChannelAccount(deps.database, e.channel_account_id));
      const account = accounts.get(e.channel_account_id);
      if (!account) {
        await markInboundFailed(deps.database, e.id, 'channel account no longer exists', true);
        continue;
      }
      items.push({ eventId: e.id, account, payload: JSON.parse(e.payload) });
    }
    const outcomes = await processInbound(deps, items, { route: true });
    total += outcomes.filter((o) => !o.error).length;
    if (outcomes.every((o) => o.error)) return total;
  }
}
