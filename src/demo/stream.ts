/**
 * The demo source: an endless, seeded stream of customer messages for the demo workspace, and a
 * backlog of the two days before it so the inbox is full on first open.
 */
import type {
  MessageAuthor,
  MessageMetrics,
  NormalizedMessage,
  Visibility,
} from '../domain/message.js';
import { DEMO_BRAND, type DemoLanguage } from './accounts.js';
import {
  EMAIL_CLOSINGS,
  EMAIL_GREETINGS,
  EMAIL_SIGNATURES,
  MESSAGE_TEMPLATES,
  demoAuthors,
  demoSlots,
  emailSubjects,
  fillTemplate,
  networkNumericId,
  type DemoAuthor,
  type DemoFollowUp,
  type DemoIntent,
  type DemoSlots,
  type DemoTone,
  type DemoTopic,
  type MessageTemplate,
} from './content.js';
import { Random, WeightedTable, hashString } from './random.js';

export interface DemoStreamOptions {
  seed?: number;
  /** When the live stream starts (default now). The backlog ends at this moment. */
  start?: Date;
  accounts: readonly { channel: string; name: string }[];
}

export interface DemoBacklogOptions extends DemoStreamOptions {
  /** How many messages (default 120). */
  count?: number;
  /** How far back the backlog reaches, in hours (default 48). */
  hours?: number;
}

/** What the demo meant each message to be: ground truth to compare the analysis stages against. */
export interface DemoLabel {
  intent: DemoIntent;
  language: DemoLanguage;
  topic: DemoTopic;
  tone: DemoTone;
  sentiment: 'negative' | 'neutral' | 'positive';
  threat: boolean;
  followUp?: DemoFollowUp;
}

export interface DemoEvent {
  /** Wait this long after the previous message before delivering this one. */
  delayMs: number;
  message: NormalizedMessage;
  label: DemoLabel;
}

const DEFAULT_SEED = 0xc0ffee;

interface ChannelProfile {
  weight: number;
  /** The network has public posts and replies; otherwise everything is private. */
  publicPosts: boolean;
  /** Share of messages on a public network that arrive as direct messages. */
  dmShare: number;
  maxLength: number;
  /** The network reports the thread root (Bluesky, email References). */
  reportsRoot: boolean;
  /** Chance that a public post names the brand's handle. */
  mentionChance: number;
}

const CHANNEL_PROFILES: Record<string, ChannelProfile> = {
  x: { weight: 26, publicPosts: true, dmShare: 0.25, maxLength: 280, reportsRoot: false, mentionChance: 0.75 },
  bluesky: { weight: 8, publicPosts: true, dmShare: 0, maxLength: 300, reportsRoot: true, mentionChance: 0.55 },
  facebook: { weight: 13, publicPosts: true, dmShare: 0.25, maxLength: 8000, reportsRoot: false, mentionChance: 0 },
  instagram: { weight: 14, publicPosts: true, dmShare: 0.25, maxLength: 2200, reportsRoot: false, mentionChance: 0 },
  mastodon: { weight: 4, publicPosts: true, dmShare: 0, maxLength: 500, reportsRoot: false, mentionChance: 0.8 },
  whatsapp: { weight: 15, publicPosts: false, dmShare: 0, maxLength: 4096, reportsRoot: false, mentionChance: 0 },
  email: { weight: 10, publicPosts: false, dmShare: 0, maxLength: 20000, reportsRoot: true, mentionChance: 0 },
  webchat: { weight: 9, publicPosts: false, dmShare: 0, maxLength: 2000, reportsRoot: false, mentionChance: 0 },
  telegram: { weight: 5, publicPosts: false, dmShare: 0, maxLength: 4096, reportsRoot: false, mentionChance: 0 },
  phone: { weight: 2, publicPosts: false, dmShare: 0, maxLength: 4000, reportsRoot: false, mentionChance: 0 },
  api: { weight: 2, publicPosts: false, dmShare: 0, maxLength: 4000, reportsRoot: false, mentionChance: 0 },
};

const UNKNOWN_CHANNEL: ChannelProfile = {
  weight: 2,
  publicPosts: false,
  dmShare: 0,
  maxLength: 4000,
  reportsRoot: false,
  mentionChance: 0,
};

/** How the brand is named in a public post on each network. */
const PUBLIC_BRAND_MENTION: Record<string, string> = {
  x: `@${DEMO_BRAND.handles.x}`,
  bluesky: `@${DEMO_BRAND.handles.bluesky}`,
  instagram: `@${DEMO_BRAND.handles.instagram}`,
  mastodon: `@${DEMO_BRAND.handles.mastodon}`,
};

const PUBLIC_INTENTS: Record<Exclude<DemoIntent, 'follow-up'>, number> = {
  complaint: 44,
  question: 16,
  request: 5,
  praise: 15,
  suggestion: 7,
  spam: 9,
};
const PRIVATE_INTENTS: Record<Exclude<DemoIntent, 'follow-up'>, number> = {
  complaint: 38,
  question: 26,
  request: 19,
  praise: 6,
  suggestion: 5,
  spam: 4,
};
const FOLLOW_UP_CHANCE = 0.24;
const SPANISH_SHARE = 0.56;
const MAX_PUBLIC_THREADS = 60;
const MAX_PRIVATE_THREADS = 150;
const MAX_FOLLOW_UPS = 6;

type Regime = 'steady' | 'burst' | 'lull';
// Steady most of the time, with bursts and lulls; the mix averages a little over 3 s.
const MEAN_DELAY_MS: Record<Regime, number> = { steady: 3000, burst: 900, lull: 7500 };
const MIN_DELAY_MS = 150;
const MAX_DELAY_MS = 45_000;

interface Thread {
  rootId: string;
  author: DemoAuthor;
  language: DemoLanguage;
  topic: DemoTopic;
  intent: DemoIntent;
  slots: DemoSlots;
  subject: string | null;
  visibility: Visibility;
  /** The root author's latest message in the thread: their next follow-up answers it. */
  lastByAuthor: string;
  pileOns: string[];
  /** Who already piled on, so the same person does not say "same here" twice. */
  pileOnAuthors: Set<string>;
  followUps: number;
  thanked: boolean;
}

interface AccountState {
  channel: string;
  name: string;
  profile: ChannelProfile;
  publicThreads: Thread[];
  privateThreads: Thread[];
}

interface ViralWave {
  account: AccountState;
  thread: Thread;
  remaining: number;
}

interface Composed {
  message: NormalizedMessage;
  label: DemoLabel;
}

function sentimentOf(tone: DemoTone): DemoLabel['sentiment'] {
  if (tone === 'positive') return 'positive';
  if (tone === 'neutral') return 'neutral';
  return 'negative';
}

function fitsScope(template: MessageTemplate, visibility: Visibility): boolean {
  return template.scope === undefined || template.scope === visibility;
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength - 1).trimEnd()}…`;
}

function didFor(author: DemoAuthor): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let did = '';
  for (let round = 0; did.length < 24; round++) {
    let hash = hashString(`bluesky:${author.key}`, round);
    for (let i = 0; i < 8 && did.length < 24; i++) {
      did += alphabet[hash % 32];
      hash = Math.floor(hash / 32);
    }
  }
  return `did:plc:${did}`;
}

function blueskyHandle(author: DemoAuthor): string {
  const label = author.handle
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${label || author.key}.bsky.social`;
}

/** The author as each network would describe them: ids, handles and contact fields differ. */
function authorOn(channel: string, author: DemoAuthor): MessageAuthor {
  const numericId = networkNumericId(channel, author);
  switch (channel) {
    case 'x':
    case 'instagram':
      return { id: numericId, handle: author.handle, name: author.name, followers: author.followers };
    case 'bluesky':
      return { id: didFor(author), handle: blueskyHandle(author), name: author.name, followers: author.followers };
    case 'mastodon':
      return {
        id: numericId,
        handle: `${author.handle.replace(/\./g, '_')}@mastodon.example`,
        name: author.name,
        followers: author.followers,
      };
    case 'facebook':
      return { id: numericId, name: author.fullName, followers: author.followers };
    case 'whatsapp':
      return { id: author.phone.replace(/\D/g, ''), name: author.name, phone: author.phone };
    case 'phone':
      return { id: author.phone.replace(/\D/g, ''), name: author.fullName, phone: author.phone };
    case 'email':
      return { id: author.email, name: author.fullName, email: author.email };
    case 'telegram':
      return { id: numericId, handle: author.handle, name: author.name };
    case 'webchat': {
      const hash = hashString(`webchat:${author.key}`);
      // Most visitors fill in the pre-chat form; some only give a name.
      const gaveEmail = hash % 10 < 6;
      return {
        id: `visitor-${hash.toString(16).slice(0, 10)}`,
        name: author.fullName,
        email: gaveEmail ? author.email : null,
      };
    }
    default:
      return { id: `app-user-${numericId}`, name: author.fullName, email: author.email };
  }
}

function publicMetrics(
  rng: Random,
  author: DemoAuthor,
  tone: DemoTone,
  intent: DemoIntent,
  isReply: boolean,
  viral: boolean,
): MessageMetrics {
  if (intent === 'spam') return { likes: rng.int(0, 2), shares: 0, replies: 0 };
  // Anger and sarcasm travel further than calm questions; that is what makes a complaint go viral.
  const toneBoost: Record<DemoTone, number> = {
    angry: 2.2,
    sarcastic: 2.8,
    frustrated: 1,
    neutral: 0.35,
    positive: 1.3,
  };
  const rate = 0.004 * Math.exp(0.7 * rng.normal());
  const reach = author.followers * rate * toneBoost[tone] * (isReply ? 0.3 : 1) * (viral ? 4 : 1);
  const likes = Math.round(reach + rng.int(0, 3));
  const negative = sentimentOf(tone) === 'negative';
  const shares = Math.round(likes * (0.08 + 0.25 * rng.float()) * (negative ? 1.5 : 1));
  const replies = Math.round(likes * (0.02 + 0.08 * rng.float()) * (negative ? 1.5 : 1));
  return { likes, shares, replies };
}

class DemoComposer {
  private sequence = 0;
  private readonly accounts: AccountState[];
  private readonly accountTable: WeightedTable<AccountState>;
  private readonly authorTables: Record<DemoLanguage, WeightedTable<DemoAuthor>>;
  private readonly spammers: Record<DemoLanguage, DemoAuthor[]>;
  private readonly viralWaves: ViralWave[] = [];

  constructor(
    private readonly rng: Random,
    accounts: DemoStreamOptions['accounts'],
    private readonly idTag: string,
  ) {
    if (accounts.length === 0) {
      throw new Error('The demo stream needs at least one channel account to write to');
    }
    this.accounts = accounts.map((account) => ({
      channel: account.channel,
      name: account.name,
      profile: CHANNEL_PROFILES[account.channel] ?? UNKNOWN_CHANNEL,
      publicThreads: [],
      privateThreads: [],
    }));
    this.accountTable = new WeightedTable(this.accounts, (account) => {
      const sameChannel = this.accounts.filter((other) => other.channel === account.channel).length;
      return account.profile.weight / sameChannel;
    });
    const authors = demoAuthors();
    const customers = (language: DemoLanguage): DemoAuthor[] =>
      authors.filter((author) => !author.spam && author.language === language);
    this.authorTables = {
      es: new WeightedTable(customers('es'), (author) => author.weight),
      en: new WeightedTable(customers('en'), (author) => author.weight),
    };
    this.spammers = {
      es: authors.filter((author) => author.spam && author.language === 'es'),
      en: authors.filter((author) => author.spam && author.language === 'en'),
    };
  }

  /** A viral complaint is drawing replies: the clock should speed up. */
  get inViralWave(): boolean {
    return this.viralWaves.length > 0;
  }

  compose(at: Date): Composed {
    const wave = this.viralWaves[0];
    if (wave && this.rng.chance(0.5)) {
      wave.remaining -= 1;
      if (wave.remaining <= 0) this.viralWaves.shift();
      return this.pileOn(wave.account, wave.thread, at);
    }

    const account = this.accountTable.pick(this.rng);
    const { profile } = account;
    const visibility: Visibility =
      profile.publicPosts && !this.rng.chance(profile.dmShare) ? 'public' : 'private';

    if (this.rng.chance(FOLLOW_UP_CHANCE)) {
      const followUp = this.followUp(account, visibility, at);
      if (followUp) return followUp;
    }
    return this.newMessage(account, visibility, at);
  }

  private nextId(account: AccountState): string {
    this.sequence += 1;
    return `${account.channel}-demo-${this.idTag}-${this.sequence.toString(36).padStart(4, '0')}`;
  }

  private brandText(account: AccountState, visibility: Visibility): string {
    return visibility === 'public'
      ? (PUBLIC_BRAND_MENTION[account.channel] ?? DEMO_BRAND.name)
      : DEMO_BRAND.name;
  }

  private pickAuthor(language: DemoLanguage, intent: DemoIntent, avoid?: Set<string>): DemoAuthor {
    if (intent === 'spam') return this.rng.pick(this.spammers[language]);
    let author = this.authorTables[language].pick(this.rng);
    for (let tries = 0; avoid?.has(author.key) && tries < 20; tries++) {
      author = this.authorTables[language].pick(this.rng);
    }
    return author;
  }

  private pickTemplate(
    candidates: readonly MessageTemplate[],
    account: AccountState,
    preferTopic?: DemoTopic,
  ): MessageTemplate {
    // Leave room for the mention X adds in front, so posts stay inside the network's limit.
    const limit = account.profile.maxLength - 45;
    const fitting = candidates.filter((template) => template.text.length <= limit);
    const pool = fitting.length > 0 ? fitting : candidates;
    return this.rng.weighted(pool, (template) =>
      preferTopic && template.topic === preferTopic ? 3 : 1,
    );
  }

  private newMessage(account: AccountState, visibility: Visibility, at: Date): Composed {
    const rng = this.rng;
    const language: DemoLanguage = rng.chance(SPANISH_SHARE) ? 'es' : 'en';
    const weights = visibility === 'public' ? PUBLIC_INTENTS : PRIVATE_INTENTS;
    const spamBoost = account.channel === 'x' || account.channel === 'instagram' ? 1.5 : 1;
    const intent = rng.weighted(Object.keys(weights) as (keyof typeof weights)[], (key) =>
      key === 'spam' ? weights[key] * spamBoost : weights[key],
    );
    const template = this.pickTemplate(
      MESSAGE_TEMPLATES.filter(
        (candidate) =>
          candidate.language === language &&
          candidate.intent === intent &&
          fitsScope(candidate, visibility),
      ),
      account,
    );
    const author = this.pickAuthor(language, intent);
    const slots: DemoSlots = {
      ...demoSlots(rng, language),
      brand: this.brandText(account, visibility),
      name: author.firstName,
    };
    let text = fillTemplate(template.text, slots);
    const mention = PUBLIC_BRAND_MENTION[account.channel];
    if (
      visibility === 'public' &&
      mention &&
      !text.includes(mention) &&
      intent !== 'spam' &&
      rng.chance(account.profile.mentionChance)
    ) {
      text = `${mention} ${text}`;
    }

    let subject: string | null = null;
    if (account.channel === 'email') {
      subject = fillTemplate(rng.pick(emailSubjects(language, intent, template.topic)), slots);
      text = this.asEmail(text, template, slots, author, false);
    }

    const viral =
      visibility === 'public' &&
      intent === 'complaint' &&
      (author.followers >= 20_000 ||
        ((template.tone === 'angry' || template.tone === 'sarcastic') && rng.chance(0.06)));

    const externalId = this.nextId(account);
    const message: NormalizedMessage = {
      channel: account.channel,
      account: account.name,
      externalId,
      author: authorOn(account.channel, author),
      text: truncate(text, account.profile.maxLength),
      visibility,
      createdAt: at.toISOString(),
    };
    if (subject !== null) message.subject = subject;
    if (visibility === 'public') {
      message.metrics = publicMetrics(rng, author, template.tone, intent, false, viral);
    }

    if (intent === 'complaint' || intent === 'question' || intent === 'request') {
      const thread: Thread = {
        rootId: externalId,
        author,
        language,
        topic: template.topic,
        intent,
        slots,
        subject,
        visibility,
        lastByAuthor: externalId,
        pileOns: [],
        pileOnAuthors: new Set([author.key]),
        followUps: 0,
        thanked: false,
      };
      const threads = visibility === 'public' ? account.publicThreads : account.privateThreads;
      threads.push(thread);
      if (threads.length > (visibility === 'public' ? MAX_PUBLIC_THREADS : MAX_PRIVATE_THREADS)) {
        threads.shift();
      }
      if (viral) {
        const big = author.followers >= 20_000;
        this.viralWaves.push({ account, thread, remaining: big ? rng.int(6, 14) : rng.int(3, 7) });
      }
    }
    return { message, label: this.label(template, language) };
  }

  private followUp(account: AccountState, visibility: Visibility, at: Date): Composed | null {
    const rng = this.rng;
    const threads = (visibility === 'public' ? account.publicThreads : account.privateThreads).filter(
      (thread) => !thread.thanked && thread.followUps < MAX_FOLLOW_UPS,
    );
    if (threads.length === 0) return null;
    // Recent threads get the follow-ups, as conversations cool down within hours.
    const thread = threads[threads.length - 1 - Math.min(threads.length - 1, Math.floor(rng.exponential(6)))];

    const kinds: Array<[DemoFollowUp, number]> =
      visibility === 'public'
        ? [
            ['pile-on', thread.intent === 'complaint' ? 35 : 0],
            ['details', 25],
            ['chaser', 15],
            ['thanks', thread.followUps > 0 || rng.chance(0.5) ? 25 : 0],
          ]
        : [
            ['details', 40],
            ['chaser', 25],
            ['thanks', 35],
          ];
    const [kind] = rng.weighted(kinds, ([, weight]) => weight);
    if (kind === 'pile-on') return this.pileOn(account, thread, at);

    const template = this.followUpTemplate(account, thread, kind);
    const slots: DemoSlots = { ...demoSlots(rng, thread.language), ...thread.slots };
    let text = fillTemplate(template.text, slots);
    let subject: string | null = null;
    if (account.channel === 'email') {
      subject = `${rng.chance(0.8) ? 'Re' : 'RE'}: ${thread.subject ?? emailSubjects(thread.language, thread.intent, thread.topic)[0]}`;
      text = this.asEmail(text, template, slots, thread.author, true);
    }

    const externalId = this.nextId(account);
    const message: NormalizedMessage = {
      channel: account.channel,
      account: account.name,
      externalId,
      author: authorOn(account.channel, thread.author),
      text: truncate(text, account.profile.maxLength),
      visibility,
      inReplyTo: thread.lastByAuthor,
      createdAt: at.toISOString(),
    };
    if (account.profile.reportsRoot) message.rootId = thread.rootId;
    if (subject !== null) message.subject = subject;
    if (visibility === 'public') {
      message.metrics = publicMetrics(rng, thread.author, template.tone, 'follow-up', true, false);
    }

    thread.lastByAuthor = externalId;
    thread.followUps += 1;
    if (kind === 'thanks') thread.thanked = true;
    return { message, label: this.label(template, thread.language) };
  }

  private pileOn(account: AccountState, thread: Thread, at: Date): Composed {
    const rng = this.rng;
    const template = this.followUpTemplate(account, thread, 'pile-on');
    const author = this.pickAuthor(thread.language, 'follow-up', thread.pileOnAuthors);
    thread.pileOnAuthors.add(author.key);
    const fresh = demoSlots(rng, thread.language);
    // Same flight, same city, but their own booking and their own wait.
    const slots: DemoSlots = {
      ...fresh,
      flight: thread.slots.flight,
      city: thread.slots.city,
      city2: thread.slots.city2,
      hours: thread.slots.hours,
      brand: thread.slots.brand,
      name: author.firstName,
    };
    let text = fillTemplate(template.text, slots);
    if (account.channel === 'x') text = `@${thread.author.handle} ${text}`;

    const answering =
      thread.pileOns.length > 0 && rng.chance(0.3) ? rng.pick(thread.pileOns) : thread.rootId;
    const externalId = this.nextId(account);
    const message: NormalizedMessage = {
      channel: account.channel,
      account: account.name,
      externalId,
      author: authorOn(account.channel, author),
      text: truncate(text, account.profile.maxLength),
      visibility: 'public',
      inReplyTo: answering,
      createdAt: at.toISOString(),
      metrics: publicMetrics(rng, author, template.tone, 'follow-up', true, false),
    };
    if (account.profile.reportsRoot) message.rootId = thread.rootId;
    thread.pileOns.push(externalId);
    if (thread.pileOns.length > 40) thread.pileOns.shift();
    return { message, label: this.label(template, thread.language) };
  }

  private followUpTemplate(account: AccountState, thread: Thread, kind: DemoFollowUp): MessageTemplate {
    return this.pickTemplate(
      MESSAGE_TEMPLATES.filter(
        (template) =>
          template.followUp === kind &&
          template.language === thread.language &&
          (template.topic === 'general' || template.topic === thread.topic),
      ),
      account,
      thread.topic,
    );
  }

  private asEmail(
    body: string,
    template: MessageTemplate,
    slots: DemoSlots,
    author: DemoAuthor,
    reply: boolean,
  ): string {
    const rng = this.rng;
    const language = template.language;
    if (template.intent === 'spam') return `${body}\n\n${author.name}`;
    if (reply) return `${body}\n\n${author.firstName}`;
    let text = body;
    // Emails carry the details a post leaves out.
    if (template.intent === 'complaint' && rng.chance(0.6)) {
      const details = MESSAGE_TEMPLATES.filter(
        (candidate) =>
          candidate.followUp === 'details' &&
          candidate.language === language &&
          (candidate.topic === template.topic || candidate.topic === 'general'),
      );
      text += `\n\n${fillTemplate(rng.pick(details).text, slots)}`;
    }
    const signature = rng.chance(0.15) ? `\n\n${rng.pick(EMAIL_SIGNATURES[language])}` : '';
    return `${rng.pick(EMAIL_GREETINGS[language])}\n\n${text}\n\n${rng.pick(EMAIL_CLOSINGS[language])}\n${author.fullName}${signature}`;
  }

  private label(template: MessageTemplate, language: DemoLanguage): DemoLabel {
    const label: DemoLabel = {
      intent: template.intent,
      language,
      topic: template.topic,
      tone: template.tone,
      sentiment: template.intent === 'spam' ? 'neutral' : sentimentOf(template.tone),
      threat: template.threat === true,
    };
    if (template.followUp) label.followUp = template.followUp;
    return label;
  }
}

function nextRegime(rng: Random, regime: Regime): Regime {
  const roll = rng.float();
  if (regime === 'steady') {
    if (roll < 0.03) return 'burst';
    if (roll < 0.06) return 'lull';
    return 'steady';
  }
  return roll < 0.15 ? 'steady' : regime;
}

/** The stream with what each message was meant to be; the analysis stages can be scored on it. */
export function* demoEvents(options: DemoStreamOptions): Generator<DemoEvent> {
  const seed = options.seed ?? DEFAULT_SEED;
  const start = (options.start ?? new Date()).getTime();
  const rng = new Random(seed);
  // Seed and start in every id, so a restarted demo never collides with what it sent before.
  const composer = new DemoComposer(rng, options.accounts, `${(seed >>> 0).toString(36)}-${start.toString(36)}`);
  let regime: Regime = 'steady';
  let at = start;
  for (;;) {
    regime = nextRegime(rng, regime);
    const mean = composer.inViralWave ? MEAN_DELAY_MS.burst : MEAN_DELAY_MS[regime];
    const delayMs = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, Math.round(rng.exponential(mean))));
    at += delayMs;
    const { message, label } = composer.compose(new Date(at));
    yield { delayMs, message, label };
  }
}

/** Endless demo messages at a live pace; the same seed and start give the same stream. */
export function* demoMessages(
  options: DemoStreamOptions,
): Generator<{ delayMs: number; message: NormalizedMessage }> {
  for (const { delayMs, message } of demoEvents(options)) yield { delayMs, message };
}

/** People write less at night; the backlog should look like two real days. */
function activityAt(time: number): number {
  const hour = new Date(time).getUTCHours();
  if (hour < 7) return 0.2;
  if (hour < 10) return 0.7;
  if (hour < 22) return 1;
  return 0.6;
}

/** Messages from the hours before `start` (default: the last 48 h), oldest first. */
export function demoBacklog(options: DemoBacklogOptions): NormalizedMessage[] {
  const seed = ((options.seed ?? DEFAULT_SEED) ^ 0x5bd1e995) >>> 0;
  const end = (options.start ?? new Date()).getTime();
  const count = options.count ?? 120;
  const span = (options.hours ?? 48) * 3_600_000;
  const rng = new Random(seed);
  const times: number[] = [];
  while (times.length < count) {
    // Nothing in the last minute: the backlog is history, the live stream takes over from there.
    const time = Math.floor(end - span + rng.float() * (span - 60_000));
    if (rng.chance(activityAt(time))) times.push(time);
  }
  times.sort((a, b) => a - b);
  const composer = new DemoComposer(rng, options.accounts, `b${seed.toString(36)}-${end.toString(36)}`);
  return times.map((time) => composer.compose(new Date(time)).message);
}
