import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import type { NormalizedMessage } from '../src/domain/message.js';
import type { Runtime } from '../src/runtime.js';
import type { ChannelAccount, Conversation } from '../src/store/schema/index.js';
import type { RealtimeEvent } from '../src/jobs/bus.js';
import { recoverPendingInbound } from '../src/pipeline/runner.js';
import { apiMessage, startTestPipeline, type TestPipeline } from './helpers/pipeline.js';

let rt: Runtime;
let account: ChannelAccount;
const clock = new ManualClock();

/** Private messages by customers named after their id's letters (a1 and a2 are one customer's). */
function msg(id: string, extra: Partial<NormalizedMessage> = {}): NormalizedMessage {
  return apiMessage(id, { author: { id: `author-${id.replace(/\d+$/, '')}` }, visibility: 'private', ...extra });
}

const ingest = (...messages: NormalizedMessage[]) => pipeline.ingest(...messages);

const events = () =>
  rt.database.db.selectFrom('inbound_event').select(['id', 'dedupe_key', 'status', 'attempts', 'message_id', 'error']).orderBy('dedupe_key').execute();

let pipeline: TestPipeline;
beforeEach(async () => {
  pipeline = await startTestPipeline(clock);
  ({ rt, account } = pipeline);
});
afterEach(async () => {
  await pipeline.close();
});

describe('ingest batches', () => {
  it('logs each event once, with the message it became, by the time its sender hears back', async () => {
    const out = await ingest(msg('a1'), msg('b1'), msg('a2'));
    const rows = await events();
    expect(rows.map((r) => [r.dedupe_key, r.status, r.attempts])).toEqual([
      ['a1', 'processed', 0],
      ['a2', 'processed', 0],
      ['b1', 'processed', 0],
    ]);
    for (const o of out) expect(rows.find((r) => r.id === o.eventId)?.message_id).toBe(o.messageId);
    // Delivered again: a duplicate, and still one event in the log.
    const again = await ingest(msg('a1'));
    expect(again[0]).toMatchObject({ duplicate: true, messageId: out[0]!.messageId });
    expect(await events()).toHaveLength(3);
  });

  it('writes batches handed over together in order: a public thread spread over them is one conversation, each message once', async () => {
    // A connector (or the importer) hands over its next page before the current one has committed.
    const page = (from: number) =>
      Array.from({ length: 300 }, (_, i) => {
        const n = from + i;
        // A public thread: every post answers the one before, across the pages.
        return msg(`t${n}`, { visibility: 'public', inReplyTo: n === 0 ? null : `t${n - 1}`, author: { id: `author-${n % 7}` } });
      });
    const [first, second, third] = await Promise.all([ingest(...page(0)), ingest(...page(300)), ingest(...page(600))]);
    const all = [...first, ...second, ...third];
    expect(all.filter((o) => o.error || o.duplicate)).toEqual([]);
    expect(new Set(all.map((o) => o.conversationId)).size).toBe(1);
    const conv = await rt.database.db.selectFrom('conversation').select(['id', 'message_count']).executeTakeFirstOrThrow();
    expect(conv.message_count).toBe(900);
    expect(await rt.database.db.selectFrom('conversation').select('id').execute()).toHaveLength(1);
  });

  it('takes messages submitted one by one (the API) in batches that overlap: each answered with its own outcome, a thread across batches one conversation', async () => {
    // More than one batch's worth arrives at once: the next batch is understood while the one before writes.
    const messages = Array.from({ length: 1_200 }, (_, n) =>
      msg(`s${n}`, { visibility: 'public', inReplyTo: n === 0 ? null : `s${n - 1}`, author: { id: `author-${n % 5}` } }),
    );
    const outcomes = await Promise.all(messages.map((m) => rt.ingestor.submit(account, m)));
    expect(outcomes.filter((o) => o.error || o.duplicate)).toEqual([]);
    const stored = await rt.database.db.selectFrom('message').select(['id', 'external_id', 'conversation_id']).execute();
    expect(stored).toHaveLength(1_200);
    // Each caller got its own message back.
    const byExternal = new Map(stored.map((m) => [m.external_id, m.id]));
    expect(outcomes.every((o, i) => o.messageId === byExternal.get(`s${i}`))).toBe(true);
    expect(new Set(stored.map((m) => m.conversation_id)).size).toBe(1);
    expect((await rt.database.db.selectFrom('conversation').select('message_count').executeTakeFirstOrThrow()).message_count).toBe(1_200);
  });

  it('keeps a batch spread over several parts and transactions in one conversation per customer, counted once per message', async () => {
    // Several parts of the pipeline, and more than one transaction's worth: the same customers write in each.
    const batch = Array.from({ length: 1500 }, (_, i) => msg(`${['a', 'b', 'c'][i % 3]}${i}`));
    const out = await ingest(...batch);
    expect(out.map((o) => o.messageId !== null && !o.error && !o.duplicate)).toEqual(batch.map(() => true));
    const convs = await rt.database.db.selectFrom('conversation').select(['id', 'message_count', 'last_message_at']).orderBy('id').execute();
    expect(convs.map((c) => c.message_count)).toEqual([500, 500, 500]);
    expect(Math.max(...convs.map((c) => c.last_message_at))).toBe(Date.parse(batch[1499]!.createdAt));
    expect(new Set(out.map((o) => o.conversationId)).size).toBe(3);
    expect((await events()).filter((e) => e.status === 'processed')).toHaveLength(1500);
  });

  it('merges two threads a later part of the batch finds to be one, with every message counted once', async () => {
    const filler = (n: number, from: number) => Array.from({ length: n }, (_, i) => msg(`f${from + i}`, { visibility: 'public', author: { id: `fan-${from + i}` } }));
    const pub = (id: string, extra: Partial<NormalizedMessage> = {}) => msg(id, { visibility: 'public', ...extra });
    const seen: RealtimeEvent[] = [];
    const stop = rt.bus.subscribe((e) => seen.push(e));
    // The pipeline's first part is 64 events, later ones at most 256: two threads start in the
    // first, grow in the second, and a reply in a later part belongs to both.
    const out = await ingest(
      pub('a1'),
      pub('b1'),
      ...filler(62, 100),
      pub('a2', { inReplyTo: 'a1' }),
      pub('b2', { inReplyTo: 'b1' }),
      ...filler(254, 200),
      pub('m3', { inReplyTo: 'a2', rootId: 'b1' }),
      ...filler(63, 500),
    );
    expect(out.filter((o) => o.error)).toEqual([]);
    const ids = ['a1', 'b1', 'a2', 'b2', 'm3'];
    const rows = await rt.database.db.selectFrom('message').select(['external_id', 'conversation_id']).where('external_id', 'in', ids).execute();
    const convs = new Set(rows.map((r) => r.conversation_id));
    expect(rows).toHaveLength(5);
    expect(convs.size).toBe(1);
    const conv = await rt.database.db.selectFrom('conversation').selectAll().where('id', '=', [...convs][0]!).executeTakeFirstOrThrow();
    expect(conv.message_count).toBe(5);
    expect(conv.last_message_at).toBe(Date.parse(msg('m3').createdAt));
    expect(await rt.database.db.selectFrom('conversation').select('id').execute()).toHaveLength(1 + 62 + 254 + 63);
    // The inbox hears of each message once, and of the merged conversation once, as it ends up.
    stop();
    expect(seen.filter((e) => e.type === 'message.created')).toHaveLength(out.length);
    const updates = seen.filter((e) => e.type === 'conversation.updated');
    expect(updates.map((e) => [e.conversation.id, (e.data as { conversation: Conversation }).conversation.message_count])).toEqual([[conv.id, 5]]);
  });

  it('when the batch fails as a whole, logs its events first, then stores the others and records the failure', async () => {
    // A message the database refuses (no text) fails the batch's transaction, not its preparation.
    const bad = msg('x5', { text: null as unknown as string });
    const out = await ingest(msg('a1'), bad, msg('b2'));
    expect(out.map((o) => !!o.error)).toEqual([false, true, false]);
    expect((await events()).map((r) => [r.dedupe_key, r.status, r.attempts])).toEqual([
      ['a1', 'processed', 0],
      ['b2', 'processed', 0],
      ['x5', 'pending', 1],
    ]);
    expect(await rt.database.db.selectFrom('message').select('external_id').orderBy('external_id').execute()).toEqual([
      { external_id: 'a1' },
      { external_id: 'b2' },
    ]);
    // The recovery sweep retries it from the log.
    clock.advance(60_000);
    await recoverPendingInbound(rt.pipeline, { olderThanMs: 30_000 });
    expect((await events()).find((r) => r.dedupe_key === 'x5')).toMatchObject({ status: 'pending', attempts: 2 });
  });
});
