import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollOnce, startEmailPollers } from '../src/channels/email/poll.js';
import { sendJobHandler } from '../src/pipeline/reply.js';
import type { ChannelAccount } from '../src/store/schema/index.js';
import { getEmailCursor, saveEmailCursor } from '../src/store/email-state.js';
import { createChannelAccount, firstWorkspace, getChannelAccount, updateChannelAccountSettings } from '../src/store/workspaces.js';
import { client } from './helpers/http.js';
import { MAIL, inboxState, mailServerUp, portOpen, sendMail, submitLocally, supportAccountSettings, waitForMail, waitUntil } from './helpers/mail-server.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const up = await mailServerUp();
if (!up) {
  console.warn(
    `email tests skipped: no IMAP on 127.0.0.1:${MAIL.imapPort} or SMTP on :25. Start them with \`sudo scripts/mail-server.sh\` (.ci/run does).`,
  );
}

describe.skipIf(!up)('email channel on Postfix + Dovecot', () => {
  let srv: TestServer;
  let account: ChannelAccount;
  const tag = randomBytes(4).toString('hex');
  const mid = (n: string) => `<${tag}-${n}@${MAIL.domain}>`;

  const conversationOf = (externalId: string) =>
    srv.rt.database.db.selectFrom('message').select(['conversation_id', 'id']).where('channel_account_id', '=', account.id).where('external_id', '=', externalId).executeTakeFirst();
  const settingsOf = async () => JSON.parse((await getChannelAccount(srv.rt.database, account.id))!.settings);
  /** The connector's cursor and the account's health (columns beside the encrypted settings). */
  const stateOf = async () => {
    const a = (await getChannelAccount(srv.rt.database, account.id))!;
    return {
      cursor: (await getEmailCursor(srv.rt.database, account.id))!,
      health: { lastError: a.last_error, lastErrorAt: a.last_error_at ?? 0, lastSuccessAt: a.last_success_at ?? 0 },
    };
  };
  /** Poll until a Message-ID has been fetched (Postfix delivers in the background). */
  const pollUntilStored = (externalId: string) =>
    waitUntil(async () => {
      await pollOnce(srv.rt, account);
      return conversationOf(externalId);
    }, `${externalId} to be ingested`);

  beforeAll(async () => {
    // No worker timers: this test runs the poll cycles itself; only the outbound queue runs.
    srv = await startTestServer({ worker: false, web: false });
    srv.rt.queue.start([sendJobHandler(srv.rt)]);
    const ws = (await firstWorkspace(srv.rt.database))!;
    account = await createChannelAccount(
      srv.rt.database,
      { workspaceId: ws.id, channel: 'email', name: `support-${tag}`, displayName: 'Support email', settings: supportAccountSettings() },
      Date.now(),
    );
    // The shared mailbox keeps earlier runs' mail: start this account's cursor at its end.
    await saveEmailCursor(srv.rt.database, account.id, await inboxState(MAIL.support), Date.now());
  });

  afterAll(async () => {
    await srv?.rt.queue.stop();
    await srv?.close();
  });

  it('a customer email becomes a conversation; the agent reply arrives threaded, and the answer to it joins the thread', async () => {
    const subject = `Order ${tag} arrived broken`;
    await sendMail({
      from: `Customer <${MAIL.customer.address}>`,
      to: MAIL.support.address,
      subject,
      messageId: mid('first'),
      text: 'The box was crushed and the mug inside is broken. What can you do?',
    });
    const stored = await pollUntilStored(mid('first'));

    const agent = client(srv.url, srv.adminToken);
    const conv = await agent.get(`/api/v1/conversations/${stored.conversation_id}`);
    expect(conv.status).toBe(200);
    expect(conv.body.conversation.channel).toBe('email');
    expect(conv.body.conversation.subject).toBe(subject);
    expect(conv.body.messages.map((m: any) => m.text)).toEqual(['The box was crushed and the mug inside is broken. What can you do?']);

    const replyText = `Sorry about the mug (${tag}); a new one is on its way today.`;
    const reply = await agent.post(`/api/v1/conversations/${stored.conversation_id}/replies`, { text: replyText });
    expect(reply.status).toBe(202);
    const sent = await waitUntil(async () => {
      const m = await srv.rt.database.db.selectFrom('message').selectAll().where('id', '=', reply.body.message.id).executeTakeFirst();
      if (m?.delivery_status === 'failed') throw new Error(`send failed: ${m.delivery_error}`);
      return m?.delivery_status === 'sent' ? m : null;
    }, 'the reply to be sent');
    expect(sent.external_id).toMatch(new RegExp(`^<[0-9a-f-]+@${MAIL.domain.replace('.', '\\.')}>$`));

    const received = await waitForMail(MAIL.customer, (m) => m.messageId === sent.external_id);
    expect(received.subject).toBe(`Re: ${subject}`);
    expect(received.inReplyTo).toBe(mid('first'));
    expect([received.references].flat()).toContain(mid('first'));
    expect(received.from?.value[0]?.address).toBe(MAIL.support.address);
    expect(received.text?.trim()).toBe(replyText);

    // The customer answers the reply: same conversation.
    await sendMail({
      from: MAIL.customer.address,
      to: MAIL.support.address,
      subject: `Re: ${subject}`,
      messageId: mid('second'),
      inReplyTo: sent.external_id!,
      references: [mid('first'), sent.external_id!],
      text: `Thanks, got it.\n\nOn Fri, Support wrote:\n> ${replyText}\n`,
    });
    const second = await pollUntilStored(mid('second'));
    expect(second.conversation_id).toBe(stored.conversation_id);
    const after = await agent.get(`/api/v1/conversations/${stored.conversation_id}`);
    // (Date headers have one-second precision, so within a second the order of the last two may vary.)
    expect(after.body.messages.map((m: any) => [m.direction, m.text])).toEqual(
      expect.arrayContaining([
        ['inbound', 'The box was crushed and the mug inside is broken. What can you do?'],
        ['outbound', replyText],
        ['inbound', 'Thanks, got it.'],
      ]),
    );
    expect(after.body.messages).toHaveLength(3);
  });

  it('auto-replies, list mail and a real Postfix bounce do not become conversations', async () => {
    const before = await srv.rt.database.db.selectFrom('conversation').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await sendMail({
      from: `Out of office <ooo-${tag}@${MAIL.domain}>`,
      to: MAIL.support.address,
      subject: 'Automatic reply: away',
      messageId: mid('ooo'),
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      text: 'I am away until Monday.',
    });
    await sendMail({
      from: `news-${tag}@${MAIL.domain}`,
      to: MAIL.support.address,
      subject: 'Digest',
      messageId: mid('list'),
      headers: { 'List-Id': `<digest-${tag}.${MAIL.domain}>`, 'List-Unsubscribe': '<mailto:unsub@example.test>', Precedence: 'bulk' },
      text: 'This week.',
    });
    // Mail to a user that does not exist, sent as support: Postfix bounces it back to support.
    submitLocally(
      MAIL.support.address,
      `nobody-${tag}@${MAIL.domain}`,
      `From: ${MAIL.support.address}\nTo: nobody-${tag}@${MAIL.domain}\nSubject: to nobody ${tag}\nMessage-ID: ${mid('lost')}\n\nhello?\n`,
    );
    const skipped: { uid: number; reason: string }[] = [];
    await waitUntil(async () => {
      skipped.push(...(await pollOnce(srv.rt, account)).skipped);
      return skipped.length >= 3;
    }, 'the auto-reply, the list mail and the bounce');
    expect(skipped.map((s) => s.reason)).toEqual(expect.arrayContaining(['auto-submitted: auto-replied', 'precedence: bulk']));
    expect(skipped).toHaveLength(3);
    // The third is Postfix's own bounce, from MAILER-DAEMON.
    const bounce = await waitForMail(MAIL.support, (m) => m.text?.includes(`nobody-${tag}@`) === true && m.from?.value[0]?.address?.toLowerCase().startsWith('mailer-daemon') === true);
    expect(bounce.messageId).toBeTruthy();
    expect(await conversationOf(bounce.messageId!)).toBeUndefined();
    for (const id of [mid('ooo'), mid('list')]) expect(await conversationOf(id)).toBeUndefined();
    const afterCount = await srv.rt.database.db.selectFrom('conversation').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(afterCount.n)).toBe(Number(before.n));
  });

  it('polling again, even from a cursor lost in a crash, stores nothing twice', async () => {
    await sendMail({ from: MAIL.customer.address, to: MAIL.support.address, subject: `Twice ${tag}`, messageId: mid('twice'), text: 'Is the store open on Sunday?' });
    const stored = await pollUntilStored(mid('twice'));
    const count = async () =>
      Number((await srv.rt.database.db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).where('channel_account_id', '=', account.id).executeTakeFirstOrThrow()).n);
    const n = await count();
    const again = await pollOnce(srv.rt, account);
    expect(again.fetched).toBe(0);
    // A crash after ingesting but before the cursor was saved: the same mail is fetched again and dropped.
    const { cursor } = await stateOf();
    await saveEmailCursor(srv.rt.database, account.id, { uidValidity: cursor.uidValidity, lastUid: cursor.lastUid - 1 }, Date.now());
    const replay = await pollOnce(srv.rt, account);
    expect(replay.fetched).toBe(1);
    expect(replay.ingested).toBe(0);
    expect(await count()).toBe(n);
    expect((await conversationOf(mid('twice')))!.id).toBe(stored.id);
    expect((await stateOf()).cursor.lastUid).toBe(cursor.lastUid);
  });

  it('an unreachable IMAP server marks the account unhealthy; when it is back, the mail sent meanwhile is ingested', async () => {
    const closedPort = 1;
    expect(await portOpen(closedPort)).toBe(false);
    const good = await settingsOf();
    const before = await stateOf();
    await updateChannelAccountSettings(srv.rt.database, account.id, { ...good, imap: { ...good.imap, port: closedPort } });
    account = (await getChannelAccount(srv.rt.database, account.id))!;
    await sendMail({ from: MAIL.customer.address, to: MAIL.support.address, subject: `While down ${tag}`, messageId: mid('down'), text: 'Hello, anyone there?' });
    await expect(pollOnce(srv.rt, account)).rejects.toThrow(/IMAP 127\.0\.0\.1:1/);
    const down = await stateOf();
    expect(down.health.lastError).toMatch(/IMAP 127\.0\.0\.1:1/);
    expect(down.health.lastErrorAt).toBeGreaterThan(0);
    expect(down.cursor).toEqual(before.cursor);

    const fixed = await settingsOf();
    await updateChannelAccountSettings(srv.rt.database, account.id, { ...fixed, imap: good.imap });
    account = (await getChannelAccount(srv.rt.database, account.id))!;
    await pollUntilStored(mid('down'));
    const healthy = await stateOf();
    expect(healthy.health.lastError).toBeNull();
    expect(healthy.health.lastSuccessAt).toBeGreaterThanOrEqual(down.health.lastErrorAt);
  });

  it('the worker’s connector picks up new mail by itself (IDLE on Dovecot)', async () => {
    const pollers = startEmailPollers(srv.rt, { refreshMs: 200 });
    try {
      // Let it connect and idle, then mail arrives.
      await waitUntil(async () => (await stateOf()).health.lastSuccessAt > Date.now() - 2000 || null, 'the connector to connect');
      await sendMail({ from: MAIL.customer.address, to: MAIL.support.address, subject: `Idle ${tag}`, messageId: mid('idle'), text: 'Do you ship to Portugal?' });
      const stored = await waitUntil(() => conversationOf(mid('idle')), 'the connector to ingest the mail');
      expect(stored.conversation_id).toBeGreaterThan(0);
      // The connector holds the account's poll lease: another worker's poll is refused, not run beside it.
      await expect(pollOnce(srv.rt, account)).rejects.toThrow(/Another worker .* is polling the email account/);
      const second = startEmailPollers(srv.rt, { refreshMs: 200 });
      await new Promise((r) => setTimeout(r, 600));
      const holder = (await srv.rt.database.db.selectFrom('channel_account').select('poll_lease_owner').where('id', '=', account.id).executeTakeFirstOrThrow()).poll_lease_owner;
      await second.stop();
      expect(holder).toMatch(/:email-\d+:/);
      expect((await srv.rt.database.db.selectFrom('channel_account').select('poll_lease_owner').where('id', '=', account.id).executeTakeFirstOrThrow()).poll_lease_owner).toBe(holder);
    } finally {
      await pollers.stop();
    }
  });
});
