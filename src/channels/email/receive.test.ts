import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToSafeText, parseEmail } from './receive.js';
import { replySubject } from './send.js';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const account = { name: 'support' };
const opts = { brandAddress: 'support@example.test' };

describe('email receive', () => {
  it('turns a reply into a message threaded by its headers, without the quoted text', async () => {
    const { message, skip } = await parseEmail(fixture('plain-reply.eml'), account, opts);
    expect(skip).toBeUndefined();
    expect(message).toMatchObject({
      channel: 'email',
      account: 'support',
      externalId: '<reply-2@mail.example.test>',
      inReplyTo: '<brand-1@example.test>',
      rootId: '<root-0@mail.example.test>',
      subject: 'Re: My order A12345 never arrived',
      visibility: 'private',
      createdAt: '2026-11-20T10:00:00.000Z',
      author: { id: 'ana.lima@example.test', email: 'ana.lima@example.test', name: 'Ana Lima' },
    });
    expect(message!.text).toBe('Still nothing, and the tracking page says "delivered".');
  });

  it('turns HTML-only mail into safe text whose links keep their targets', async () => {
    const { message } = await parseEmail(fixture('html-only.eml'), account, opts);
    expect(message!.text).toContain('I want a refund & an apology.');
    expect(message!.text).toContain('my order [https://shop.example.test/orders/77?x=1&y=2]');
    expect(message!.text).not.toMatch(/<|alert|color:red|javascript:/);
    // A first message is its own thread root.
    expect(message!.rootId).toBe('<html-1@mail.example.test>');
    expect(message!.inReplyTo).toBeNull();
  });

  it('the fallback HTML stripper keeps link targets and drops markup', () => {
    const text = htmlToSafeText('<p>Hi&nbsp;<a href="https://ex.test/a?b=1&amp;c=2">here</a></p><script>x()</script><a href="javascript:evil()">bad</a>');
    expect(text).toBe('Hi here [https://ex.test/a?b=1&c=2]\nbad');
  });

  it('recognises auto-replies, mailing-list mail and bounces, and says why', async () => {
    expect((await parseEmail(fixture('auto-reply.eml'), account, opts)).skip).toBe('auto-submitted: auto-replied');
    expect((await parseEmail(fixture('list.eml'), account, opts)).skip).toBe('precedence: list');
    expect((await parseEmail(fixture('bounce.eml'), account, opts)).skip).toMatch(/auto-submitted/);
    const bareBounce = fixture('bounce.eml').toString().replace('Auto-Submitted: auto-replied\r\n', '');
    expect((await parseEmail(bareBounce, account, opts)).skip).toBe('delivery or read report');
    const fromDaemon = bareBounce.replace(/Content-Type: multipart\/report[^\r]*/, 'Content-Type: text/plain');
    expect((await parseEmail(fromDaemon, account, opts)).skip).toBe('bounce from mailer-daemon@mail.example.test');
    const listOnly = fixture('list.eml').toString().replace('Precedence: list\r\n', '');
    expect((await parseEmail(listOnly, account, opts)).skip).toBe('mailing-list mail');
    // "Auto-Submitted: no" is a person.
    const person = fixture('auto-reply.eml').toString().replace('Auto-Submitted: auto-replied', 'Auto-Submitted: no').replace('X-Autoreply: yes\r\n', '');
    expect((await parseEmail(person, account, opts)).message?.author.id).toBe('carla@example.test');
  });

  it('mail from the brand address itself is not a customer', async () => {
    const own = fixture('plain-reply.eml').toString().replace('"Ana Lima" <Ana.Lima@Example.TEST>', 'support@example.test');
    expect((await parseEmail(own, account, opts)).skip).toBe('sent by the brand address');
  });

  it('keeps attachments and cid: inline images, with safe names and types', async () => {
    const { message, attachments } = await parseEmail(fixture('with-attachments.eml'), account, opts);
    expect(message!.text).toBe('The photo shows the damage; the invoice is attached.');
    expect(attachments!.map((a) => ({ name: a.filename, type: a.contentType, cid: a.contentId, size: a.content.length }))).toEqual([
      { name: 'attachment-1.png', type: 'image/png', cid: 'photo-1@mail.example.test', size: 70 },
      { name: 'factura año 2026.pdf', type: 'application/pdf', cid: null, size: 24 },
      // A path in the name is dropped; the type is kept without its parameters.
      { name: 'evil.html', type: 'text/html', cid: null, size: 25 },
    ]);
    expect(attachments![1]!.content.toString()).toBe('%PDF-1.4\n% fake invoice\n');
    expect((await parseEmail(fixture('plain-reply.eml'), account, opts)).attachments).toEqual([]);
  });

  it('replies say "Re:" once', () => {
    expect(replySubject('Refund')).toBe('Re: Refund');
    expect(replySubject('RE: Refund')).toBe('RE: Refund');
    expect(replySubject(null)).toBe('Re: your message');
  });
});
