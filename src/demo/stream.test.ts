import { describe, expect, it } from 'vitest';
import type { NormalizedMessage } from '../domain/message.js';
import { DEMO_CHANNEL_ACCOUNTS, DEMO_TEAMS, DEMO_USERS } from './accounts.js';
import {
  DEMO_INTENTS,
  MESSAGE_TEMPLATES,
  demoAuthors,
  demoSlots,
  fillTemplate,
} from './content.js';
import { Random } from './random.js';
import { demoBacklog, demoEvents, demoMessages, type DemoEvent } from './stream.js';

const START = new Date('2025-03-03T09:00:00.000Z');
const PRIVATE_CHANNELS = new Set(['whatsapp', 'email', 'webchat', 'api']);

function take<T>(generator: Generator<T>, count: number): T[] {
  const items: T[] = [];
  for (const item of generator) {
    items.push(item);
    if (items.length === count) break;
  }
  return items;
}

function events(count: number, seed = 11): DemoEvent[] {
  return take(demoEvents({ seed, start: START, accounts: DEMO_CHANNEL_ACCOUNTS }), count);
}

function accountOf(message: NormalizedMessage): string {
  return `${message.channel}/${message.account}`;
}

/** Checks the threading promises: replies answer an earlier message in the same account,
 * public replies answer public posts, private follow-ups answer the same author. */
function expectValidThreads(messages: NormalizedMessage[]): void {
  const seen = new Map<string, NormalizedMessage>();
  for (const message of messages) {
    if (message.inReplyTo) {
      const parent = seen.get(`${accountOf(message)}|${message.inReplyTo}`);
      expect(parent, `${message.externalId} answers ${message.inReplyTo}`).toBeDefined();
      expect(parent!.visibility).toBe(message.visibility);
      expect(Date.parse(parent!.createdAt)).toBeLessThanOrEqual(Date.parse(message.createdAt));
      if (message.visibility === 'private') expect(parent!.author.id).toBe(message.author.id);
    }
    seen.set(`${accountOf(message)}|${message.externalId}`, message);
  }
}

describe('demoMessages', () => {
  it('replays the same stream for the same seed and start', () => {
    const accounts = DEMO_CHANNEL_ACCOUNTS;
    const first = take(demoMessages({ seed: 5, start: START, accounts }), 300);
    const second = take(demoMessages({ seed: 5, start: START, accounts }), 300);
    const other = take(demoMessages({ seed: 6, start: START, accounts }), 300);
    expect(second).toEqual(first);
    expect(other.map((item) => item.message.text)).not.toEqual(first.map((item) => item.message.text));
  });

  it('speaks Spanish and English within the first 200 messages', () => {
    const first = events(200);
    const languages = new Set(first.map((event) => event.label.language));
    expect(languages).toEqual(new Set(['es', 'en']));
    const spanish = first.filter((event) => event.label.language === 'es').map((e) => e.message.text);
    expect(spanish.some((text) => /[¿¡ñáéíóú]/i.test(text))).toBe(true);
  });

  it('covers every intent, including threats and every kind of follow-up', () => {
    const sample = events(1500);
    const intents = new Set(sample.map((event) => event.label.intent));
    for (const intent of DEMO_INTENTS) expect(intents, intent).toContain(intent);
    const followUps = new Set(sample.map((event) => event.label.followUp).filter(Boolean));
    expect(followUps).toEqual(new Set(['details', 'pile-on', 'chaser', 'thanks']));
    expect(sample.some((event) => event.label.threat)).toBe(true);
  });

  it('gives 5,000 messages unique external ids prefixed with their channel', () => {
    const messages = events(5000).map((event) => event.message);
    const ids = new Set(messages.map((message) => message.externalId));
    expect(ids.size).toBe(messages.length);
    for (const message of messages) expect(message.externalId.startsWith(`${message.channel}-demo-`)).toBe(true);
  });

  it('threads every reply to an earlier message of the same account', () => {
    const messages = events(5000).map((event) => event.message);
    expect(messages.filter((message) => message.inReplyTo).length).toBeGreaterThan(500);
    expectValidThreads(messages);
  });

  it('gives emails a subject and an address, and WhatsApp messages a phone number', () => {
    const messages = events(3000).map((event) => event.message);
    const emails = messages.filter((message) => message.channel === 'email');
    expect(emails.length).toBeGreaterThan(50);
    for (const email of emails) {
      expect(email.subject?.trim()).toBeTruthy();
      expect(email.author.email).toMatch(/@/);
      if (email.inReplyTo) expect(email.subject).toMatch(/^re: /i);
    }
    for (const message of messages.filter((m) => m.channel === 'whatsapp')) {
      expect(message.author.phone).toMatch(/^\+\d[\d ]+$/);
    }
  });

  it('never makes private channels public, and sends about a quarter of social messages as DMs', () => {
    const messages = events(5000).map((event) => event.message);
    for (const message of messages) {
      if (PRIVATE_CHANNELS.has(message.channel)) expect(message.visibility).toBe('private');
      if (message.visibility === 'private') expect(message.metrics).toBeUndefined();
    }
    const social = messages.filter((m) => ['x', 'instagram', 'facebook'].includes(m.channel));
    const dmShare = social.filter((m) => m.visibility === 'private').length / social.length;
    expect(dmShare).toBeGreaterThan(0.15);
    expect(dmShare).toBeLessThan(0.35);
    expect(messages.filter((m) => m.channel === 'bluesky').every((m) => m.visibility === 'public')).toBe(true);
  });

  it('advances createdAt by each delay, averaging a few seconds with bursts and lulls', () => {
    const sample = events(5000);
    let at = START.getTime();
    for (const { delayMs, message } of sample) {
      at += delayMs;
      expect(Date.parse(message.createdAt)).toBe(at);
    }
    const delays = sample.map((event) => event.delayMs);
    const mean = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(mean).toBeGreaterThan(2000);
    expect(mean).toBeLessThan(4000);
    expect(delays.filter((delay) => delay < 500).length).toBeGreaterThan(100);
    expect(delays.filter((delay) => delay > 10_000).length).toBeGreaterThan(20);
  });

  it('gives influencers and angry posts more reach than calm ones', () => {
    const sample = events(5000).filter((e) => e.message.visibility === 'public' && !e.message.inReplyTo);
    const likes = (events: DemoEvent[]): number =>
      events.reduce((sum, e) => sum + (e.message.metrics?.likes ?? 0), 0) / Math.max(1, events.length);
    const big = sample.filter((e) => (e.message.author.followers ?? 0) > 50_000);
    const small = sample.filter((e) => (e.message.author.followers ?? 0) < 500);
    expect(big.length).toBeGreaterThan(0);
    expect(likes(big)).toBeGreaterThan(10 * likes(small));
    const angry = small.filter((e) => e.label.tone === 'angry' || e.label.tone === 'sarcastic');
    const calm = small.filter((e) => e.label.tone === 'neutral');
    expect(likes(angry)).toBeGreaterThan(likes(calm));
  });

  it('writes only to the accounts it is given, within each network limit', () => {
    const accounts = [
      { channel: 'x', name: 'brand-x' },
      { channel: 'email', name: 'inbox' },
    ];
    const messages = take(demoMessages({ seed: 3, start: START, accounts }), 1000).map((i) => i.message);
    expect(new Set(messages.map(accountOf))).toEqual(new Set(['x/brand-x', 'email/inbox']));
    for (const message of messages.filter((m) => m.channel === 'x')) {
      expect(message.text.length).toBeLessThanOrEqual(280);
    }
    expect(() => take(demoMessages({ accounts: [] }), 1)).toThrow(/at least one channel account/);
  });

  it('fills every slot of every message', () => {
    for (const { message } of events(3000)) {
      expect(message.text).not.toMatch(/[{}]/);
      expect(message.subject ?? '').not.toMatch(/[{}]/);
    }
  });
});

describe('demoBacklog', () => {
  it('returns about 120 messages from the last two days, oldest first', () => {
    const before = Date.now();
    const backlog = demoBacklog({ seed: 2, accounts: DEMO_CHANNEL_ACCOUNTS });
    expect(backlog.length).toBeGreaterThanOrEqual(100);
    expect(backlog.length).toBeLessThanOrEqual(150);
    const times = backlog.map((message) => Date.parse(message.createdAt));
    for (const time of times) {
      expect(time).toBeLessThan(before);
      expect(time).toBeGreaterThan(before - 48 * 3_600_000 - 1000);
    }
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expectValidThreads(backlog);
  });

  it('never reuses an id of the live stream that follows it', () => {
    const options = { seed: 2, start: START, accounts: DEMO_CHANNEL_ACCOUNTS };
    const backlog = demoBacklog(options);
    const live = take(demoMessages(options), 2000).map((item) => item.message.externalId);
    const ids = new Set(backlog.map((message) => message.externalId));
    expect(ids.size).toBe(backlog.length);
    for (const id of live) expect(ids.has(id)).toBe(false);
    expect(Date.parse(backlog[backlog.length - 1].createdAt)).toBeLessThan(START.getTime());
  });
});

describe('demo content', () => {
  it('has templates that fill without unknown slots in both languages', () => {
    const rng = new Random(1);
    for (const template of MESSAGE_TEMPLATES) {
      const text = fillTemplate(template.text, demoSlots(rng, template.language));
      expect(text, template.text).not.toMatch(/[{}]/);
    }
    const spanish = MESSAGE_TEMPLATES.filter((t) => t.language === 'es').length;
    expect(spanish / MESSAGE_TEMPLATES.length).toBeGreaterThan(0.45);
    expect(spanish / MESSAGE_TEMPLATES.length).toBeLessThan(0.65);
  });

  it('casts a few hundred authors with a long-tailed following', () => {
    const customers = demoAuthors().filter((author) => !author.spam);
    expect(customers.length).toBeGreaterThanOrEqual(200);
    const followers = customers.map((author) => author.followers);
    expect(followers.filter((count) => count < 500).length / followers.length).toBeGreaterThan(0.8);
    expect(followers.filter((count) => count > 50_000).length).toBeGreaterThanOrEqual(3);
    expect(followers.filter((count) => count > 500_000).length).toBeGreaterThanOrEqual(1);
    expect(new Set(customers.map((author) => author.handle)).size).toBe(customers.length);
  });

  it('staffs the demo workspace with every role and known teams', () => {
    const roles = new Set(DEMO_USERS.map((user) => user.role));
    expect(roles).toEqual(new Set(['admin', 'supervisor', 'agent', 'analyst']));
    const teamNames = new Set(DEMO_TEAMS.map((team) => team.name));
    for (const user of DEMO_USERS) {
      expect(user.email).toMatch(/@conversa\.test$/);
      for (const team of user.teams) expect(teamNames).toContain(team);
    }
    expect(DEMO_CHANNEL_ACCOUNTS).toContainEqual(expect.objectContaining({ channel: 'api', name: 'default' }));
  });
});
