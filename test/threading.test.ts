import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import type { NormalizedMessage } from '../src/domain/message.js';
import type { Runtime } from '../src/runtime.js';
import type { ChannelAccount } from '../src/store/schema/index.js';
import { apiMessage, startTestPipeline, type TestPipeline } from './helpers/pipeline.js';
import { recoverPendingInbound } from '../src/pipeline/runner.js';
import { recordInboundEvents } from '../src/store/inbound-events.js';
import { getConversation, updateConversation } from '../src/store/conversations.js';

let rt: Runtime;
let account: ChannelAccount;
const clock = new ManualClock();

const msg = apiMessage;
const ingest = (...messages: NormalizedMessage[]) => pipeline.ingest(...messages);

async function conversationOf(externalId: string): Promise<number> {
  const row = await rt.database.db.selectFrom('message').select('conversation_id').where('external_id', '=', externalId).executeTakeFirstOrThrow();
  return row.conversation_id;
}

let pipeline: TestPipeline;
beforeEach(async () => {
  pipeline = await startTestPipeline(clock);
  ({ rt, account } = pipeline);
});
afterEach(async () => {
  await pipeline.close();
});

describe('threading', () => {
  it('keeps the time a conversation was resolved when the brand’s own post arrives after it', async () => {
    await ingest(msg('k1'));
    const c = await conversationOf('k1');
    await updateConversation(rt.database, c, { status: 'resolved' }, clock.now());
    const resolvedAt = (await getConversation(rt.database, account.workspace_id, c))!.resolved_at;
    expect(resolvedAt).toBe(clock.now());
    clock.advance(3_600_000);
    await ingest(msg('k2', { inReplyTo: 'k1', direction: 'outbound', author: { id: 'brand' } }));
    expect(await conversationOf('k2')).toBe(c);
    const after = (await getConversation(rt.database, account.workspace_id, c))!;
    expect(after.status).toBe('resolved');
    expect(after.resolved_at).toBe(resolvedAt);
  });

  it('joins replies and replies-to-replies to the root post', async () => {
    await ingest(msg('p1'), msg('p2', { inReplyTo: 'p1' }), msg('p3', { inReplyTo: 'p2' }));
    const c = await conversationOf('p1');
    expect(await conversationOf('p2')).toBe(c);
    expect(await conversationOf('p3')).toBe(c);
  });

  it('joins a reply that arrived before its parent once the parent arrives, and groups its siblings', async () => {
    await ingest(msg('r2', { inReplyTo: 'r1' }));
    await ingest(msg('r3', { inReplyTo: 'r1' }));
    expect(await conversationOf('r3')).toBe(await conversationOf('r2'));
    await ingest(msg('r1'));
    expect(await conversationOf('r1')).toBe(await conversationOf('r2'));
    const convs = await rt.database.db.selectFrom('conversation').selectAll().execute();
    expect(convs).toHaveLength(1);
    expect(convs[0]!.message_count).toBe(3);
  });

  it('merges two threads that turn out to be one', async () => {
    await ingest(msg('a1'), msg('b2', { inReplyTo: 'b1' }));
    expect(await conversationOf('a1')).not.toBe(await conversationOf('b2'));
    // b1 answers a1: the two threads are one.
    await ingest(msg('b1', { inReplyTo: 'a1' }));
    const convs = await rt.database.db.selectFrom('conversation').selectAll().execute();
    expect(convs).toHaveLength(1);
    expect(convs[0]!.message_count).toBe(3);
  });

  it('keeps a private thread apart from the same customer’s public posts', async () => {
    await ingest(msg('pub1', { author: { id: 'cust' } }));
    await ingest(msg('dm1', { author: { id: 'cust' }, visibility: 'private' }), msg('dm2', { author: { id: 'cust' }, visibility: 'private' }));
    expect(await conversationOf('dm1')).toBe(await conversationOf('dm2'));
    expect(await conversationOf('dm1')).not.toBe(await conversationOf('pub1'));
    const contacts = await rt.database.db.selectFrom('contact').selectAll().execute();
    expect(contacts).toHaveLength(1);
  });

  it('counts response times even when messages arrive out of order', async () => {
    await ingest(msg('o3', { inReplyTo: 'o1', direction: 'outbound', createdAt: '2026-11-20T10:05:00Z' }));
    await ingest(msg('o1', { createdAt: '2026-11-20T10:00:00Z' }));
    const conv = await rt.database.db.selectFrom('conversation').selectAll().executeTakeFirstOrThrow();
    expect(conv.first_response_at! - conv.first_inbound_at!).toBe(5 * 60_000);
    expect(conv.waiting_since).toBeNull();
  });

  it('reopens a pending, snoozed or resolved conversation when the customer writes again', async () => {
    for (const [i, status] of (['pending', 'snoozed', 'resolved'] as const).entries()) {
      await ingest(msg(`s${i}0`, { createdAt: `2026-11-20T1${i}:00:00Z` }));
      const id = await conversationOf(`s${i}0`);
      await rt.database.db.updateTable('conversation').set({ status, snoozed_until: status === 'snoozed' ? clock.now() + 3600_000 : null }).where('id', '=', id).execute();
      await ingest(msg(`s${i}1`, { inReplyTo: `s${i}0`, createdAt: `2026-11-20T1${i}:05:00Z` }));
      const conv = await rt.database.db.selectFrom('conversation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(conv).toMatchObject({ status: 'open', snoozed_until: null, message_count: 2 });
    }
  });

  it('stores the same message once however often it is delivered, even in one batch', async () => {
    const out = await ingest(msg('d1'), msg('d1'));
    expect(out.map((o) => o.duplicate)).toEqual([false, true]);
    expect((await ingest(msg('d1')))[0]!.duplicate).toBe(true);
    expect(await rt.database.db.selectFrom('message').selectAll().execute()).toHaveLength(1);
  });

  it('isolates a bad event: the rest of the batch is stored and the failure is recorded', async () => {
    const bad = msg('bad1', { createdAt: 'not a date' });
    const out = await ingest(msg('g1'), bad, msg('g2'));
    expect(out.map((o) => !!o.error)).toEqual([false, true, false]);
    const failed = await rt.database.db.selectFrom('inbound_event').selectAll().where('dedupe_key', '=', 'bad1').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.error).toContain('not a date');
    // The recovery sweep retries it; the fifth failure gives up, and it stays visible as failed.
    for (let i = 0; i < 6; i++) {
      clock.advance(60_000);
      await recoverPendingInbound(rt.pipeline, { olderThanMs: 30_000 });
    }
    expect(await rt.database.db.selectFrom('inbound_event').select(['status', 'attempts']).where('dedupe_key', '=', 'bad1').executeTakeFirstOrThrow()).toEqual({
      status: 'failed',
      attempts: 5,
    });
    expect(await rt.database.db.selectFrom('message').select('external_id').orderBy('id').execute()).toEqual([{ external_id: 'g1' }, { external_id: 'g2' }]);
  });

  it('replays inbound events stored before a crash', async () => {
    // The raw event was logged, then the process died before the pipeline ran.
    await recordInboundEvents(rt.database, [{ workspaceId: account.workspace_id, channelAccountId: account.id, dedupeKey: 'lost-1', payload: JSON.stringify(msg('lost-1')) }], clock.now());
    expect(await rt.database.db.selectFrom('message').selectAll().execute()).toHaveLength(0);
    clock.advance(60_000);
    expect(await recoverPendingInbound(rt.pipeline, { olderThanMs: 30_000 })).toBe(1);
    expect(await conversationOf('lost-1')).toBeGreaterThan(0);
    const ev = await rt.database.db.selectFrom('inbound_event').selectAll().executeTakeFirstOrThrow();
    expect(ev.status).toBe('processed');
  });
});
