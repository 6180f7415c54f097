import type { Clock } from '../domain/clock.js';
import { hashPassword, generatePassword } from '../api/password.js';
import type { Database } from '../store/db.js';
import { createUser } from '../store/users.js';
import { addTeamMember, createTeam, teamsWithMembers } from '../store/teams.js';
import { createChannelAccount, createWorkspace, listChannelAccounts } from '../store/workspaces.js';
import type { ChannelAccount } from '../store/schema/index.js';
import type { Ingestor } from '../pipeline/ingest.js';
import { DEMO_BRAND, DEMO_BUSINESS_HOURS, DEMO_CHANNEL_ACCOUNTS, DEMO_SLA_POLICIES, DEMO_TEAMS, DEMO_USERS } from './accounts.js';
import { demoBacklog, demoMessages } from './stream.js';
import { DEMO_CANNED_RESPONSES } from './canned.js';
import { createCannedResponse } from '../store/canned-responses.js';
import { createSlaPolicy, listSlaPolicies, putTeamBusinessHours } from '../store/sla.js';
import { parseSchedule } from '../domain/business-hours.js';
import { parseEscalations } from '../domain/sla-tracking.js';

export interface DemoCredentials {
  workspaceId: number;
  users: { email: string; role: string; password: string }[];
}

/**
 * Create the demo workspace: the fictional brand, its channel accounts (simulated: replies never
 * leave the machine), teams, one user per role. Passwords are random and returned once.
 */
export async function seedDemoWorkspace(database: Database, clock: Clock): Promise<DemoCredentials> {
  const now = clock.now();
  const users: DemoCredentials['users'] = [];
  const workspace = await database.transaction(async (tx) => {
    const ws = await createWorkspace(tx, DEMO_BRAND.fullName, now);
    for (const a of DEMO_CHANNEL_ACCOUNTS) {
      if (a.channel === 'api') continue;
      await createChannelAccount(tx, { workspaceId: ws.id, channel: a.channel, name: a.name, displayName: a.displayName, settings: { simulated: true, address: a.address ?? null } }, now);
    }
    const teams = new Map<string, number>();
    for (const t of DEMO_TEAMS) {
      teams.set(t.name, await createTeam(tx, ws.id, t.name, now));
    }
    for (const u of DEMO_USERS) {
      const password = generatePassword();
      const user = await createUser(tx, { workspaceId: ws.id, email: u.email, name: u.name, passwordHash: await hashPassword(password), role: u.role, locale: u.locale }, now);
      for (const t of u.teams) {
        const teamId = teams.get(t);
        if (teamId) await addTeamMember(tx, teamId, user.id);
      }
      users.push({ email: u.email, role: u.role, password });
    }
    for (const c of DEMO_CANNED_RESPONSES) {
      await createCannedResponse(tx, ws.id, { shortcut: c.shortcut, title: c.title, text: c.text, language: c.language, teamId: null }, null, now);
    }
    return ws;
  });
  return { workspaceId: workspace.id, users };
}

export function demoAccounts(accounts: ChannelAccount[]): ChannelAccount[] {
  return accounts.filter((a) => {
    try {
      return JSON.parse(a.settings).simulated === true;
    } catch {
      return false;
    }
  });
}

/**
 * The demo's SLA policies and the Spanish desk's office hours, so the inbox shows deadlines from the
 * first look. Kept apart from seedDemoWorkspace: tests start from that workspace with no SLA.
 */
export async function seedDemoSlaPolicies(database: Database, workspaceId: number, clock: Clock): Promise<void> {
  const now = clock.now();
  await database.transaction(async (tx) => {
    const teams = new Map((await teamsWithMembers(tx, workspaceId)).map((t) => [t.name, t.id]));
    const hoursOf = new Map<string, number>();
    for (const h of DEMO_BUSINESS_HOURS) {
      const teamId = teams.get(h.team);
      if (teamId === undefined) continue;
      const row = await putTeamBusinessHours(tx, workspaceId, teamId, parseSchedule({ timeZone: h.timeZone, week: h.week, holidays: h.holidays }), now);
      hoursOf.set(h.team, row.id);
    }
    for (const p of DEMO_SLA_POLICIES) {
      await createSlaPolicy(
        tx,
        workspaceId,
        {
          name: p.name,
          enabled: true,
          channels: p.channels ?? null,
          priorityMin: null,
          priorityMax: null,
          intents: p.intents ?? null,
          teamIds: null,
          firstResponseSeconds: p.firstResponseSeconds,
          nextResponseSeconds: p.nextResponseSeconds,
          resolutionSeconds: p.resolutionSeconds,
          businessHoursId: p.hoursOf ? hoursOf.get(p.hoursOf) ?? null : null,
          escalations: parseEscalations(p.escalations),
        },
        undefined,
        now,
      );
    }
  });
}

/** Fill the inbox with the last two days, so a first look shows a working inbox (with its SLA deadlines). */
export async function loadDemoBacklog(database: Database, ingestor: Ingestor, workspaceId: number, clock: Clock): Promise<number> {
  if ((await listSlaPolicies(database, workspaceId)).length === 0) await seedDemoSlaPolicies(database, workspaceId, clock);
  const accounts = demoAccounts(await listChannelAccounts(database, workspaceId));
  const byKey = new Map(accounts.map((a) => [`${a.channel}/${a.name}`, a]));
  const messages = demoBacklog({ accounts, start: new Date(clock.now()) });
  const items = messages.flatMap((m) => {
    const account = byKey.get(`${m.channel}/${m.account}`);
    return account ? [{ account, message: m }] : [];
  });
  await ingestor.ingestMany(items);
  return items.length;
}

/** The live demo source: realistic messages at a steady pace until stopped. */
export function startDemoStream(database: Database, ingestor: Ingestor, workspaceId: number, clock: Clock): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  void (async () => {
    const accounts = demoAccounts(await listChannelAccounts(database, workspaceId));
    if (accounts.length === 0 || stopped) return;
    const byKey = new Map(accounts.map((a) => [`${a.channel}/${a.name}`, a]));
    const stream = demoMessages({ accounts, seed: clock.now() % 2 ** 31, start: new Date(clock.now()) });
    const next = () => {
      if (stopped) return;
      const { value } = stream.next();
      if (!value) return;
      timer = setTimeout(async () => {
        const account = byKey.get(`${value.message.channel}/${value.message.account}`);
        // Live messages carry the time they arrive.
        if (account) await ingestor.submit(account, { ...value.message, createdAt: new Date(clock.now()).toISOString() }).catch(() => {});
        next();
      }, value.delayMs);
    };
    next();
  })();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
