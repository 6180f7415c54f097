import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollOnce, runEmailAccount } from '../src/channels/email/poll.js';
import { ATTACHMENT_MAX_BYTES } from '../src/store/attachments.js';
import { getEmailCursor, saveEmailCursor } from '../src/store/email-state.js';
import type { ChannelAccount } from '../src/store/schema/index.js';
import { createChannelAccount, firstWorkspace } from '../src/store/workspaces.js';
import { client } from './helpers/http.js';
import { MAIL, imapFor, inboxState, mailServerUp, sendMail, startPrivateDovecot, supportAccountSettings, waitUntil, type PrivateDovecot } from './helpers/mail-server.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const up = await mailServerUp();
if (!up) console.warn(`email thread tests skipped: no IMAP on 127.0.0.1:${MAIL.imapPort} or SMTP on :25. Start them with \`sudo scripts/mail-server.sh\`.`);
// The outage test stops and restarts a Dovecot of its own over the same mailboxes.
const dovecot: PrivateDovecot | string = up ? await startPrivateDovecot() : 'no mail server';
if (up && typeof dovecot === 'string') console.warn(`email outage test skipped: ${dovecot}.`);

describe.skipIf(!up)('email threads, attachments and outages on Postfix + Dovecot', () => {
  let srv: TestServer;
  const tag = randomBytes(4).toString('hex');
  const mid = (n: string) => `<${tag}-${n}@${MAIL.domain}>`;
  const accounts: ChannelAccount[] = [];

  async function emailAccount(name: string, imapPort = MAIL.imapPort): Promise<ChannelAccount> {
    const ws = (await firstWorkspace(srv.rt.database))!;
    const account = await createChannelAccount(
      srv.rt.database,
      { workspaceId: ws.id, channel: 'email', name: `${name}-${tag}`, displayName: name, settings: supportAccountSettings({ imapPort }) },
      Date.now(),
    );
    // The shared mailbox keeps earlier runs' mail: start at its end.
    await saveEmailCursor(srv.rt.database, account.id, await inboxState(MAIL.support), Date.now());
    accounts.push(account);
    return account;
  }
  const messageOf = (account: ChannelAccount, externalId: string) =>
    srv.rt.database.db
      .selectFrom('message')
      .select(['id', 'conversation_id'])
      .where('channel_account_id', '=', account.id)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
  const pollUntilStored = (account: ChannelAccount, externalId: string) =>
    waitUntil(async () => {
      await pollOnce(srv.rt, account);
      return messageOf(account, externalId);
    }, `${externalId} to be ingested`);

  beforeAll(async () => {
    srv = await startTestServer({ worker: false, web: false });
  });

  afterAll(async () => {
    if (typeof dovecot !== 'string') await dovecot.close();
    await srv?.close();
  });

  it('two unrelated emails from one customer are two conversations; the answer to each joins its own; one contact', async () => {
    const account = await emailAccount('threads');
    const customer = `ana-${tag}@${MAIL.domain}`;
    const subjects = { order: `Order ${tag} arrived broken`, invoice: `Invoice ${tag} has the wrong address` };
    await sendMail({ from: `Ana Lima <${customer}>`, to: MAIL.support.address, subject: subjects.order, messageId: mid('order'), text: 'The mug in my order arrived broken.' });
    await sendMail({ from: `Ana Lima <${customer}>`, to: MAIL.support.address, subject: subjects.invoice, messageId: mid('invoice'), text: 'My invoice shows my old address.' });
    const order = await pollUntilStored(account, mid('order'));
    const invoice = await pollUntilStored(account, mid('invoice'));
    expect(invoice.conversation_id).not.toBe(order.conversation_id);

    // Her mail client answers each thread: one with References, one with only In-Reply-To.
    await sendMail({
      from: customer,
      to: MAIL.support.address,
      subject: `Re: ${subjects.order}`,
      messageId: mid('order-2'),
      inReplyTo: mid('order'),
      references: [mid('order')],
      text: 'Any news about the mug?',
    });
    await sendMail({ from: customer, to: MAIL.support.address, subject: `Re: ${subjects.invoice}`, messageId: mid('invoice-2'), inReplyTo: mid('invoice'), text: 'Still the old address.' });
    expect((await pollUntilStored(account, mid('order-2'))).conversation_id).toBe(order.conversation_id);
    expect((await pollUntilStored(account, mid('invoice-2'))).conversation_id).toBe(invoice.conversation_id);

    const agent = client(srv.url, srv.adminToken);
    const [a, b] = await Promise.all([agent.get(`/api/v1/conversations/${order.conversation_id}`), agent.get(`/api/v1/conversations/${invoice.conversation_id}`)]);
    expect(a.body.conversation.subject).toBe(subjects.order);
    expect(a.body.messages.map((m: any) => m.text)).toEqual(['The mug in my order arrived broken.', 'Any news about the mug?']);
    expect(b.body.conversation.subject).toBe(subjects.invoice);
    expect(b.body.messages.map((m: any) => m.text)).toEqual(['My invoice shows my old address.', 'Still the old address.']);
    // Two conversations, one customer.
    expect(a.body.conversation.contactId).toBeGreaterThan(0);
    expect(b.body.conversation.contactId).toBe(a.body.conversation.contactId);
    const history = await agent.get(`/api/v1/conversations?contact=${a.body.conversation.contactId}`);
    expect(history.body.items.map((c: any) => c.id).sort()).toEqual([order.conversation_id, invoice.conversation_id].sort());
  });

  it('attachments and cid: images are kept and downloadable as files, only by those who may see the conversation', async () => {
    const account = await emailAccount('files');
    const pdf = Buffer.from(`%PDF-1.4\n% invoice ${tag}\n`);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const page = `<script>alert("${tag}")</script>`;
    const huge = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x61);
    await sendMail({
      from: `Carla <carla-${tag}@${MAIL.domain}>`,
      to: MAIL.support.address,
      subject: `Damaged parcel ${tag}`,
      messageId: mid('files'),
      text: 'Photo, invoice and video of the damaged parcel attached.',
      html: `<p>Photo:</p><img src="cid:photo-${tag}@${MAIL.domain}"><p>Invoice and video attached.</p>`,
      attachments: [
        { filename: 'factura año 2026.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'photo.png', content: png, contentType: 'image/png', cid: `photo-${tag}@${MAIL.domain}` },
        { filename: 'page.html', content: page, contentType: 'text/html' },
        { filename: 'video.mov', content: huge, contentType: 'video/quicktime' },
      ],
    });
    try {
      const stored = await waitUntil(
        async () => {
          await pollOnce(srv.rt, account);
          return messageOf(account, mid('files'));
        },
        'the mail with attachments',
        30_000,
      );
      const admin = client(srv.url, srv.adminToken);
      const conv = await admin.get(`/api/v1/conversations/${stored.conversation_id}`);
      expect(conv.status).toBe(200);
      const files: any[] = conv.body.messages[0].attachments;
      const byName = new Map(files.map((f) => [f.filename, f]));
      expect(files.map((f) => [f.filename, f.contentType, f.size, f.tooLarge]).sort()).toEqual(
        [
          ['factura año 2026.pdf', 'application/pdf', pdf.length, false],
          ['photo.png', 'image/png', png.length, false],
          ['page.html', 'text/html', Buffer.byteLength(page), false],
          ['video.mov', 'video/quicktime', huge.length, true],
        ].sort(),
      );
      expect(byName.get('photo.png').contentId).toBe(`photo-${tag}@${MAIL.domain}`);
      expect(byName.get('video.mov').url).toBeNull();

      const download = (url: string, token = srv.adminToken) => fetch(srv.url + url, { headers: { authorization: `Bearer ${token}` } });
      for (const [name, bytes, type] of [
        ['factura año 2026.pdf', pdf, 'application/pdf'],
        ['photo.png', png, 'image/png'],
        ['page.html', Buffer.from(page), 'text/html'],
      ] as const) {
        const res = await download(byName.get(name).url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
        expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      }
      // Too large to keep: described, and the download says why there is nothing.
      const gone = await download(`/api/v1/attachments/${byName.get('video.mov').id}`);
      expect(gone.status).toBe(410);
      expect((await gone.json()).error).toMatchObject({ code: 'attachment_not_kept', message: expect.stringMatching(/over the 10 MiB limit.*mailbox/) });

      // Read again after a lost cursor: nothing is stored twice.
      const cursor = (await getEmailCursor(srv.rt.database, account.id))!;
      await saveEmailCursor(srv.rt.database, account.id, { ...cursor, lastUid: cursor.lastUid - 1 }, Date.now());
      expect((await pollOnce(srv.rt, account)).fetched).toBe(1);
      expect((await admin.get(`/api/v1/conversations/${stored.conversation_id}`)).body.messages[0].attachments).toEqual(files);

      // An agent who may not see the conversation gets neither it nor its files; its assignee gets both.
      const users = (await admin.get('/api/v1/users')).body.items as any[];
      const priya = users.find((u) => u.email === 'priya@conversa.test');
      expect((await admin.post(`/api/v1/conversations/${stored.conversation_id}/assign`, { assigneeId: priya.id, teamId: null })).status).toBe(200);
      const samToken = await srv.tokenFor('sam@conversa.test');
      const pdfUrl = byName.get('factura año 2026.pdf').url;
      expect((await client(srv.url, samToken).get(`/api/v1/conversations/${stored.conversation_id}`)).status).toBe(404);
      const denied = await download(pdfUrl, samToken);
      expect(denied.status).toBe(404);
      expect(await denied.text()).not.toContain('invoice');
      expect((await download(pdfUrl, await srv.tokenFor('priya@conversa.test'))).status).toBe(200);
      expect((await fetch(srv.url + pdfUrl)).status).toBe(401);
    } finally {
      // The 14 MB message would slow every later reader of the shared mailbox.
      await deleteFromSupportInbox(mid('files'));
    }
  }, 90_000);

  it.skipIf(typeof dovecot === 'string')(
    'Dovecot stopped mid-stream: the account shows failing, and after the restart every email arrives exactly once',
    async () => {
      const imap = dovecot as PrivateDovecot;
      const account = await emailAccount('outage', imap.port);
      const admin = client(srv.url, srv.adminToken);
      const health = async () => (await admin.get(`/api/v1/channel-accounts/${account.id}`)).body.account.health;
      const ids = Array.from({ length: 12 }, (_, i) => mid(`stream-${i}`));
      const send = (i: number) =>
        sendMail({ from: `Dan <dan-${tag}@${MAIL.domain}>`, to: MAIL.support.address, subject: `Question ${i} ${tag}`, messageId: ids[i], text: `Question number ${i}.` });
      const stored = async () =>
        srv.rt.database.db
          .selectFrom('message')
          .select(['external_id', 'conversation_id'])
          .where('channel_account_id', '=', account.id)
          .where('external_id', 'in', ids)
          .execute();

      // The worker's connector for this account (IDLE), as in production.
      const abort = new AbortController();
      const connector = runEmailAccount(srv.rt, account.id, abort.signal);
      try {
        await waitUntil(async () => (await health()).status === 'ok', 'the connector to connect');
        for (let i = 0; i < 4; i++) await send(i);
        await waitUntil(async () => (await stored()).length >= 2 || null, 'the first emails to arrive');
        // Mid-stream: the IMAP server goes away while customers keep writing (Postfix keeps delivering).
        await imap.stop();
        for (let i = 4; i < ids.length; i++) await send(i);
        const down = await waitUntil(async () => {
          const h = await health();
          return h.status === 'failing' ? h : null;
        }, 'the account to show failing');
        expect(down.lastError).toMatch(new RegExp(`IMAP|connection|${imap.port}`, 'i'));

        await imap.start();
        const all = await waitUntil(async () => {
          const rows = await stored();
          return rows.length >= ids.length ? rows : null;
        }, 'every email to arrive after the restart', 60_000);
        // None lost, none twice: each email is one message, each a new conversation.
        expect(all.map((r) => r.external_id).sort()).toEqual([...ids].sort());
        expect(new Set(all.map((r) => r.conversation_id)).size).toBe(ids.length);
        const events = await srv.rt.database.db
          .selectFrom('inbound_event')
          .select('dedupe_key')
          .where('channel_account_id', '=', account.id)
          .where('dedupe_key', 'in', ids)
          .execute();
        expect(events).toHaveLength(ids.length);
        await waitUntil(async () => (await health()).status === 'ok', 'the account to be healthy again');
      } finally {
        abort.abort();
        await connector;
      }
    },
    120_000,
  );

  /** Remove one message (by Message-ID) from the shared support INBOX. */
  async function deleteFromSupportInbox(messageId: string): Promise<void> {
    const c = imapFor(MAIL.support);
    await c.connect();
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const uids = (await c.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        if (uids.length) await c.messageDelete(uids.join(','), { uid: true });
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  }
});
