/**
 * The demo workspace: a fictional airline-and-travel brand, its channel accounts, teams and users.
 * Every address lives under reserved names (`.test`, `.example`, drama phone ranges) so the demo
 * can never reach a real person or company.
 */

export type DemoLanguage = 'es' | 'en';

export const DEMO_BRAND = {
  name: 'Nubaria',
  fullName: 'Nubaria Air & Travel',
  description:
    'Fictional airline and travel company flying between Spain, the UK, Europe and the Americas, ' +
    'selling flights, flight + hotel packages and a loyalty programme.',
  website: 'https://nubaria.test',
  /** Prefix of the brand's flight numbers (NB 2417). */
  flightPrefix: 'NB',
  loyaltyProgram: { es: 'Nubaria Millas', en: 'Nubaria Miles' },
  /** The brand's own identity on each network, without a leading @. */
  handles: {
    x: 'nubaria',
    bluesky: 'nubaria.bsky.social',
    facebook: 'NubariaAir',
    instagram: 'nubaria.travel',
    mastodon: 'nubaria@mastodon.example',
    telegram: 'nubaria_care_bot',
    // Ofcom's range reserved for fiction: never a real subscriber.
    whatsapp: '+44 7700 900100',
    email: 'care@nubaria.test',
    webchat: 'nubaria.test',
    phone: '+44 7700 900101',
  },
} as const;

export interface DemoChannelAccount {
  channel: string;
  /** Unique in the workspace, so it works whether the core scopes names per channel or not. */
  name: string;
  displayName: string;
  /** The brand's address on that network (handle, email, phone, site). */
  address?: string;
}

export const DEMO_CHANNEL_ACCOUNTS: readonly DemoChannelAccount[] = [
  { channel: 'x', name: 'nubaria-x', displayName: 'Nubaria on X', address: '@nubaria' },
  {
    channel: 'bluesky',
    name: 'nubaria-bluesky',
    displayName: 'Nubaria on Bluesky',
    address: '@nubaria.bsky.social',
  },
  {
    channel: 'facebook',
    name: 'nubaria-facebook',
    displayName: 'Nubaria Facebook page',
    address: 'NubariaAir',
  },
  {
    channel: 'instagram',
    name: 'nubaria-instagram',
    displayName: 'Nubaria on Instagram',
    address: '@nubaria.travel',
  },
  {
    channel: 'whatsapp',
    name: 'nubaria-whatsapp',
    displayName: 'Nubaria WhatsApp care line',
    address: DEMO_BRAND.handles.whatsapp,
  },
  {
    channel: 'email',
    name: 'nubaria-email',
    displayName: 'Customer care mailbox',
    address: DEMO_BRAND.handles.email,
  },
  {
    channel: 'webchat',
    name: 'nubaria-webchat',
    displayName: 'Chat on nubaria.test',
    address: DEMO_BRAND.handles.webchat,
  },
  { channel: 'api', name: 'default', displayName: 'API' },
];

export interface DemoTeam {
  name: string;
  description: string;
  /** Languages the team answers in; routing can match a message's language to it. */
  languages: DemoLanguage[];
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    name: 'Atención al cliente',
    description: 'Consultas y reclamaciones en español por mensaje privado, correo y chat.',
    languages: ['es'],
  },
  {
    name: 'Customer care',
    description: 'English-language questions and complaints in private messages, email and chat.',
    languages: ['en'],
  },
  {
    name: 'Social media',
    description: 'Public posts and comments in both languages: the brand speaking in public.',
    languages: ['es', 'en'],
  },
];

export type DemoRole = 'admin' | 'supervisor' | 'agent' | 'analyst';

export interface DemoUser {
  email: string;
  name: string;
  role: DemoRole;
  locale: DemoLanguage;
  /** Names from DEMO_TEAMS. */
  teams: string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@conversa.test', name: 'Inés Robledo', role: 'admin', locale: 'es', teams: [] },
  {
    email: 'supervisor@conversa.test',
    name: 'Daniel Whitmore',
    role: 'supervisor',
    locale: 'en',
    teams: ['Atención al cliente', 'Customer care', 'Social media'],
  },
  {
    email: 'lucas@conversa.test',
    name: 'Lucas Ferrer',
    role: 'agent',
    locale: 'es',
    teams: ['Atención al cliente'],
  },
  {
    email: 'aitana@conversa.test',
    name: 'Aitana Soler',
    role: 'agent',
    locale: 'es',
    teams: ['Atención al cliente', 'Social media'],
  },
  {
    email: 'sam@conversa.test',
    name: 'Sam Okafor',
    role: 'agent',
    locale: 'en',
    teams: ['Customer care'],
  },
  {
    email: 'priya@conversa.test',
    name: 'Priya Nair',
    role: 'agent',
    locale: 'en',
    teams: ['Customer care', 'Social media'],
  },
  { email: 'analyst@conversa.test', name: 'Owen Blake', role: 'analyst', locale: 'en', teams: [] },
];

export interface DemoBusinessHours {
  /** A name from DEMO_TEAMS. */
  team: string;
  timeZone: string;
  week: Record<string, { start: string; end: string }[]>;
  holidays: string[];
}

const WEEKDAYS_9_TO_18 = { 1: [{ start: '09:00', end: '18:00' }], 2: [{ start: '09:00', end: '18:00' }], 3: [{ start: '09:00', end: '18:00' }], 4: [{ start: '09:00', end: '18:00' }], 5: [{ start: '09:00', end: '18:00' }] };

/** The Spanish desk keeps office hours in Madrid; the other teams answer around the clock. */
export const DEMO_BUSINESS_HOURS: readonly DemoBusinessHours[] = [
  { team: 'Atención al cliente', timeZone: 'Europe/Madrid', week: WEEKDAYS_9_TO_18, holidays: ['2026-12-08', '2026-12-25', '2027-01-01', '2027-01-06'] },
];

const SOCIAL = ['x', 'bluesky', 'facebook', 'instagram', 'mastodon', 'whatsapp', 'telegram'];

export interface DemoSlaPolicy {
  name: string;
  channels?: string[];
  intents?: string[];
  firstResponseSeconds: number | null;
  nextResponseSeconds: number | null;
  resolutionSeconds: number | null;
  /** A team whose DEMO_BUSINESS_HOURS the clocks count in; absent: 24/7. */
  hoursOf?: string;
  escalations: ({ at: 'warning' | 'breach'; action: 'notify' } | { at: 'warning' | 'breach'; action: 'raisePriority'; priority: number })[];
}

const HOUR = 3600;

/** Tried in this order; the first that matches applies. */
export const DEMO_SLA_POLICIES: readonly DemoSlaPolicy[] = [
  {
    name: 'Complaints on social',
    channels: SOCIAL,
    intents: ['complaint'],
    firstResponseSeconds: 1 * HOUR,
    nextResponseSeconds: 2 * HOUR,
    resolutionSeconds: 24 * HOUR,
    escalations: [
      { at: 'warning', action: 'notify' },
      { at: 'breach', action: 'raisePriority', priority: 90 },
    ],
  },
  {
    name: 'Email',
    channels: ['email'],
    firstResponseSeconds: 24 * HOUR,
    nextResponseSeconds: 24 * HOUR,
    resolutionSeconds: null,
    hoursOf: 'Atención al cliente',
    escalations: [{ at: 'breach', action: 'notify' }],
  },
  {
    name: 'Questions',
    intents: ['question'],
    firstResponseSeconds: 4 * HOUR,
    nextResponseSeconds: 4 * HOUR,
    resolutionSeconds: null,
    escalations: [],
  },
  {
    name: 'Everything else',
    firstResponseSeconds: 8 * HOUR,
    nextResponseSeconds: 8 * HOUR,
    resolutionSeconds: null,
    escalations: [],
  },
];
