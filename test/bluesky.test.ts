import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtpAgent, RichText } from '@atproto/api';
import { pollOnce, refreshMetrics } from '../src/channels/bluesky/index.js';
import { LeaseHeldError } from '../src/channels/poll-lease.js';
import { getBlueskyCursor, saveBlueskyCursor } from '../src/store/bluesky-state.js';
import type { ChannelAccount } from '../src/store/schema/index.js';
import { getChannelAccount } from '../src/store/workspaces.js';
import { startWorker } from '../src/worker.js';
import { client } from './helpers/http.js';
import { portOpen, waitUntil } from './helpers/mail-server.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// The local AT Protocol network (PLC, PDS, AppView) keeps its AppView in PostgreSQL and needs Redis.
process.env.DB_POSTGRES_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
process.env.REDIS_HOST ??= '127.0.0.1:6379';

// @atproto/dev-env has an install of its own (test/atproto-network) so that the root `npm install`
// stays small; these are the parts of its TestNetwork this file uses.
interface TestNetwork {
  pds: { url: string };
  processAll(): Promise<void>;
  close(): Promise<void>;
}
interface DevEnv {
  TestNetwork: { create(params: { dbPostgresSchema: string }): Promise<TestNetwork> };
}
const requireNetwork = createRequire(new URL('./atproto-network/package.json', import.meta.url));
function networkInstalled(): boolean {
  try {
    requireNetwork.resolve('@atproto/dev-env');
    return true;
  } catch {
    return false;
  }
}
const installed = networkInstalled();

const up = installed && (await portOpen(5432)) && (await portOpen(6379));
if (!up) {
  const why = installed
    ? 'the local AT Protocol network needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'
    : 'the local AT Protocol network (@atproto/dev-env) is not installed; install it once with `npm run setup:test-network`';
  // .ci/run installs the network and starts both servers; in CI their absence is a broken setup,
  // not a reason to skip.
  if (process.env.CI) throw new Error(`Cannot run the Bluesky tests: ${why}.`);
  console.warn(`bluesky tests skipped: ${why}.`);
}

/** Letters only: dev-env refuses digits in its schema names. */
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');
const DEAD_SERVICE = 'http://127.0.0.1:1';
const KEYWORD = 'Nubariaflights';

describe.skipIf(!up)('bluesky channel on a local AT Protocol network', () => {
  let network: TestNetwork;
  const schema = `conversa_bsky_${letters(10)}`;
  let srv: TestServer;
  let worker: { stop(): Promise<void> } | null = null;
  let brandPassword: string;
  let brand: AtpAgent;
  let carla: AtpAgent;
  let fan: AtpAgent;
  let account: ChannelAccount;
  let admin: ReturnType<typeof client>;
  let complaint: { uri: string; cid: string };
  let conversationId: number;

  async function user(handle: string, displayName: string): Promise<AtpAgent> {
    const agent = new AtpAgent({ service: network.pds.url });
    await agent.createAccount({ handle, email: `${handle}@example.test`, password: `${handle}-pass` });
    await agent.upsertProfile((p) => ({ ...p, displayName }));
    return agent;
  }

  /** A post as the Bluesky app makes it: @handles and links as facets. */
  async function post(agent: AtpAgent, text: string, reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }) {
    const rt = new RichText({ text });
    await rt.detectFacets(agent);
    const res = await agent.post({ text: rt.text, facets: rt.facets, ...(reply ? { reply } : {}) });
    await network.processAll();
    return { uri: res.uri, cid: res.cid };
  }

  const messagesOfAccount = () =>
    srv.rt.database.db.selectFrom('message').select(['id', 'conversation_id', 'external_id', 'text']).where('channel_account_id', '=', account.id).orderBy('id').execute();
  const byText = async (text: string) => (await messagesOfAccount()).filter((m) => m.text === text);
  const health = async () => (await admin.get(`/api/v1/channel-accounts/${account.id}`)).body.account.health;
  const setSettings = async (settings: Record<string, unknown>) => {
    const res = await admin.patch(`/api/v1/channel-accounts/${account.id}`, { settings });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    const { TestNetwork } = requireNetwork('@atproto/dev-env') as DevEnv;
    network = await TestNetwork.create({ dbPostgresSchema: schema });
    brand = await user('brand.test', 'Nubaria');
    carla = await user('carla.test', 'Carla Customer');
    fan = await user('fan.test', 'A Fan');
    await fan.follow(carla.assertDid);
    brandPassword = (await brand.com.atproto.server.createAppPassword({ name: 'conversa' })).data.password;
    await network.processAll();

    srv = await startTestServer({ worker: false, web: false });
    admin = client(srv.url, srv.adminToken);
    const created = await admin.post('/api/v1/channel-accounts', {
      channel: 'bluesky',
      name: 'brand-bluesky',
      displayName: 'Nubaria on Bluesky',
      settings: { service: network.pds.url, identifier: 'brand.test', appPassword: brandPassword, keywords: [KEYWORD], pollSeconds: 2 },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(brandPassword);
    account = (await getChannelAccount(srv.rt.database, created.body.account.id))!;
  });

  afterAll(async () => {
    await worker?.stop();
    await srv?.close();
    await network?.close();
    // The AppView and Ozone keep their tables in schemas of their own.
    const c = new pg.Client({ connectionString: process.env.DB_POSTGRES_URL });
    await c.connect();
    for (const s of [`appview_${schema}`, `ozone_${schema}`]) await c.query(`drop schema if exists ${s} cascade`);
    await c.end();
  });

  it('a mention becomes a conversation; the reply is posted in the thread by the brand; the answer joins the conversation', async () => {
    const text = '@brand.test my suitcase never arrived on flight NB 2417 and nobody answers the phone';
    complaint = await post(carla, text);
    worker = startWorker(srv.rt);

    const listed = await waitUntil(async () => {
      const res = await admin.get('/api/v1/conversations?channel=bluesky');
      return res.body.items.find((c: any) => c.channelAccountId === account.id);
    }, 'the mention to become a conversation');
    conversationId = listed.id;
    expect(listed.preview).toContain('my suitcase never arrived');
    expect(listed.visibility).toBe('public');
    expect(listed.contact).toMatchObject({ channel: 'bluesky', externalId: carla.assertDid, handle: 'carla.test', name: 'Carla Customer', followers: 1 });
    const conv = (await admin.get(`/api/v1/conversations/${conversationId}`)).body;
    expect(conv.messages.map((m: any) => [m.direction, m.externalId, m.text])).toEqual([['inbound', complaint.uri, text]]);

    const replyText = 'Sorry @carla.test, we have found your suitcase and it will be delivered to you today.';
    const reply = await admin.post(`/api/v1/conversations/${conversationId}/replies`, { text: replyText });
    expect(reply.status).toBe(202);
    const sent = await waitUntil(async () => {
      const m = (await admin.get(`/api/v1/conversations/${conversationId}`)).body.messages.find((x: any) => x.id === reply.body.message.id);
      if (m?.delivery.status === 'failed') throw new Error(`send failed: ${m.delivery.error}`);
      return m?.delivery.status === 'sent' ? m : null;
    }, 'the reply to be posted');
    expect(sent.externalId).toMatch(new RegExp(`^at://${brand.assertDid}/app\\.bsky\\.feed\\.post/`));

    // Read back from the network: a child of the customer's post, written by the brand, mentioning her.
    await network.processAll();
    const { data } = await carla.getPostThread({ uri: complaint.uri });
    const replies = (data.thread as any).replies as any[];
    const mine = replies.find((r) => r.post.uri === sent.externalId);
    expect(mine.post.author.handle).toBe('brand.test');
    expect(mine.post.record.text).toBe(replyText);
    expect(mine.post.record.reply.parent.uri).toBe(complaint.uri);
    expect(mine.post.record.reply.root.uri).toBe(complaint.uri);
    expect(mine.post.record.facets.flatMap((f: any) => f.features.map((x: any) => x.did)).filter(Boolean)).toEqual([carla.assertDid]);

    // Carla answers the brand's reply: the same conversation.
    const answer = await post(carla, 'Thank you, that is great news!', {
      root: complaint,
      parent: { uri: mine.post.uri, cid: mine.post.cid },
    });
    const joined = await waitUntil(async () => (await byText('Thank you, that is great news!'))[0], 'the answer to be ingested');
    expect(joined.conversation_id).toBe(conversationId);
    expect(joined.external_id).toBe(answer.uri);
    const after = (await admin.get(`/api/v1/conversations/${conversationId}`)).body;
    expect(after.messages.map((m: any) => m.direction)).toEqual(['inbound', 'outbound', 'inbound']);
    expect((await health()).status).toBe('ok');
  });

  it('a post matching a keyword becomes a conversation without mentioning the brand', async () => {
    const text = `Has anyone flown ${KEYWORD} to Lisbon lately? Worth it?`;
    const p = await post(fan, text);
    const found = await waitUntil(async () => (await byText(text))[0], 'the keyword search to find the post');
    expect(found.external_id).toBe(p.uri);
    expect(found.conversation_id).not.toBe(conversationId);
  });

  it('likes, reposts and replies of an open conversation’s opening post are refreshed', async () => {
    await fan.like(complaint.uri, complaint.cid);
    await fan.repost(complaint.uri, complaint.cid);
    await network.processAll();
    const result = await refreshMetrics(srv.rt, account);
    expect(result.updated).toBeGreaterThanOrEqual(1);
    const conv = (await admin.get(`/api/v1/conversations/${conversationId}`)).body;
    // One direct reply: the brand's (Carla's answer replies to the brand, not to her own post).
    expect(conv.messages[0].metrics).toEqual({ likes: 1, shares: 1, replies: 1 });
    expect((await refreshMetrics(srv.rt, account)).updated).toBe(0);
  });

  it('a restart of the worker loses nothing and stores nothing twice, even past a page of notifications', async () => {
    await worker!.stop();
    worker = null;
    const before = await messagesOfAccount();
    // More than one page (50) of mentions while the worker is down: the stored position, not the
    // newest page, decides what is read.
    const texts = Array.from({ length: 55 }, (_, i) => `@brand.test complaint ${i + 1}: where is my refund for booking NBX${4400 + i}?`);
    for (const t of texts) {
      const rt = new RichText({ text: t });
      await rt.detectFacets(carla);
      await carla.post({ text: rt.text, facets: rt.facets });
    }
    await network.processAll();
    // Stopped: nothing is read.
    expect(await messagesOfAccount()).toHaveLength(before.length);

    worker = startWorker(srv.rt);
    await waitUntil(async () => (await messagesOfAccount()).length >= before.length + texts.length || null, 'the posts written while stopped');
    await worker.stop();
    worker = null;
    const after = await messagesOfAccount();
    expect(after).toHaveLength(before.length + texts.length);
    expect(after.slice(before.length).map((m) => m.text).sort()).toEqual([...texts].sort());
    // Each became a conversation of its own.
    expect(new Set(after.slice(before.length).map((m) => m.conversation_id)).size).toBe(texts.length);

    // A crash after ingesting but before the position was saved: read again, nothing stored twice.
    const stored = await getBlueskyCursor(srv.rt.database, account.id);
    expect(stored.notifications).not.toBeNull();
    await saveBlueskyCursor(srv.rt.database, account.id, { notifications: null, searches: {} }, Date.now());
    const again = await pollOnce(srv.rt, account);
    expect(again.ingested).toBe(0);
    expect(again.duplicates).toBeGreaterThanOrEqual(25);
    expect(await messagesOfAccount()).toHaveLength(after.length);
  });

  it('a network that goes away marks the account unhealthy; pointed back, the post written meanwhile arrives once', async () => {
    worker = startWorker(srv.rt);
    expect(await portOpen(1)).toBe(false);
    await setSettings({ service: DEAD_SERVICE });
    const down = await waitUntil(async () => {
      const h = await health();
      return h.status === 'failing' ? h : null;
    }, 'the account to be marked unhealthy');
    expect(down.lastError).toMatch(/Bluesky http:\/\/127\.0\.0\.1:1 is unreachable/);

    const text = '@brand.test hello? is anyone there? my flight was cancelled';
    await post(carla, text);
    const count = (await messagesOfAccount()).length;
    await setSettings({ service: network.pds.url });
    const arrived = await waitUntil(async () => (await byText(text))[0], 'the post written while the network was away');
    expect(arrived.text).toBe(text);
    await waitUntil(async () => ((await health()).status === 'ok' ? true : null), 'the account to be healthy again');
    expect(await messagesOfAccount()).toHaveLength(count + 1);
  });

  it('a refused app password marks the account unhealthy and fails a reply at once, saying what to fix', async () => {
    await setSettings({ appPassword: 'not-the-app-password' });
    const down = await waitUntil(async () => {
      const h = await health();
      return h.status === 'failing' && /could not sign in/.test(h.lastError ?? '') ? h : null;
    }, 'the refused password to show on the account');
    expect(down.lastError).toMatch(/brand\.test could not sign in .*check the identifier and the app password/);

    const reply = await admin.post(`/api/v1/conversations/${conversationId}/replies`, { text: 'We are looking into it.' });
    expect(reply.status).toBe(202);
    const failed = await waitUntil(async () => {
      const m = (await admin.get(`/api/v1/conversations/${conversationId}`)).body.messages.find((x: any) => x.id === reply.body.message.id);
      return m?.delivery.status === 'failed' ? m : null;
    }, 'the reply to fail');
    expect(failed.delivery.error).toMatch(/could not sign in/);
    expect(failed.delivery.attempts).toBe(1);

    await setSettings({ appPassword: brandPassword });
    await waitUntil(async () => ((await health()).status === 'ok' ? true : null), 'the account to be healthy again');
  });

  it('a poll of its own is refused while the worker’s connector holds the account', async () => {
    await waitUntil(async () => {
      try {
        await pollOnce(srv.rt, account);
        return null;
      } catch (err) {
        return err instanceof LeaseHeldError ? err : null;
      }
    }, 'the connector to hold the lease');
  });
});
