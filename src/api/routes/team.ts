import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize, scopeFor } from '../policy.js';
import { labelCounts, teamWorkload } from '../../store/team-overview.js';
import { listUsers, teamIdsOf } from '../../store/users.js';
import { workspaceSkills } from '../../store/routing.js';
import { NO_SKILLS } from '../../domain/routing.js';

/** Midnight today on the wall clock of `timeZone` (an unknown zone counts as UTC). */
export function startOfDay(now: number, timeZone: string): number {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  }
  const wall = (t: number) => {
    const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, Number(x.value)]));
    return { y: p.year!, m: p.month!, d: p.day!, ms: ((p.hour! * 60 + p.minute!) * 60 + p.second!) * 1000 };
  };
  const today = wall(now);
  // Walk back the time elapsed since midnight; a DST change earlier today shifts it by the offset change.
  let guess = now - today.ms - (now % 1000);
  for (let i = 0; i < 2; i++) {
    const w = wall(guess);
    const sameDay = w.y === today.y && w.m === today.m && w.d === today.d;
    if (sameDay && w.ms === 0) break;
    guess -= sameDay ? w.ms : w.ms - 24 * 3600_000;
  }
  return guess;
}

export function teamRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get('/team/overview', { schema: { tags: ['team'], summary: 'Per agent: online, presence, available, open conversations and capacity, skills, oldest waiting customer, resolved today' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'stats.read');
    const now = clock.now();
    // "Today" as the person looking at the screen lives it.
    const since = startOfDay(now, user.time_zone);
    const online = app.realtime.onlineUserIds();
    const rows = await teamWorkload(database, user.workspace_id, since);
    // Routing's view of each agent: presence, capacity, skills.
    const [profiles, skills] = await Promise.all([listUsers(database, user.workspace_id), workspaceSkills(database, user.workspace_id)]);
    const profileOf = new Map(profiles.map((u) => [u.id, u]));
    return {
      generatedAt: new Date(now).toISOString(),
      todayStartsAt: new Date(since).toISOString(),
      items: rows.map((r) => ({
        userId: r.userId,
        name: r.name,
        email: r.email,
        role: r.role,
        online: online.has(r.userId),
        available: r.available,
        openAssigned: r.open,
        presence: profileOf.get(r.userId)?.presence ?? 'offline',
        capacity: profileOf.get(r.userId)?.capacity ?? null,
        skills: skills.get(r.userId) ?? NO_SKILLS,
        oldestWaiting: r.oldestWaiting && {
          conversationId: r.oldestWaiting.conversationId,
          waitingSince: new Date(r.oldestWaiting.waitingSince).toISOString(),
          waitingSeconds: Math.max(0, Math.round((now - r.oldestWaiting.waitingSince) / 1000)),
        },
        resolvedToday: r.resolvedSince,
      })),
    };
  });

  app.get('/labels', { schema: { tags: ['conversations'], summary: 'Labels of the workspace, with open conversations you may see for each' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const scope = scopeFor(user, await teamIdsOf(database, user.id));
    return { items: await labelCounts(database, scope) };
  });
}
